"""Benchmarks for wagtail_review: ledger cost on publish, verify_ledger throughput, serve-time check, adoption.

Usage: ``make bench`` (``make bench BENCH_ARGS=--quick`` for a smoke run), or
``.venv/bin/python benchmarks/run.py [--quick]``. See benchmarks/README.md.

Runs against a throwaway database, migrated and loaded with the demo here, and
dropped at the end: a temporary SQLite file by default, or, when DATABASE_URL is
set (e.g. to PostgreSQL), a separate ``<name>_bench_<pid>`` database on that
server, so the caller's own data is never touched.
"""

import argparse
import io
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # portal_site is not an installed package

from timing import say, table  # noqa: E402  (benchmarks/ is on sys.path as the script's directory)

SIZES = {
    # (pages per ledger mode, requests per serve-check mode, ledger entries to verify, pages to adopt)
    "full": (60, 300, 100_000, 10_000),
    "quick": (8, 30, 10_000, 500),
}
# Releases per run of the several-processes benchmark (PostgreSQL only).
APPENDER_RELEASES = {
    "full": 48,
    "quick": 16,
}


def configure(tmp):
    """Environment for settings that are read at import time; the caller's values win."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal_site.settings.dev")
    os.environ.setdefault("DEBUG", "0")  # DEBUG logs every query: not what production pays
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # keep "Released page ..." lines out of the table
    os.environ.setdefault("MEDIA_ROOT", str(tmp / "media"))  # demo images and renditions


def throwaway_database_name(tmp):
    """Point Django's test-database settings at a database of our own; return its name."""
    from django.conf import settings
    from django.db import connection

    test = settings.DATABASES["default"].setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test["NAME"] = str(tmp / "bench.sqlite3")
    else:  # a name no test run or other benchmark run uses
        test["NAME"] = f"{connection.settings_dict['NAME']}_bench_{os.getpid()}"
    return test["NAME"]


def run_all(label, pages, requests, entries, adopted_pages):
    import bench_adopt
    import bench_appenders
    import bench_publish
    import bench_scanner
    import bench_serve
    import django
    from django.db import connection

    say(
        f"wagtail_review benchmarks ({label}) on {connection.vendor} {connection.settings_dict['NAME']}; "
        f"Python {platform.python_version()}, Django {django.get_version()}, {os.cpu_count()} CPUs"
    )
    say("Speeds are compared only as ratios within this run; absolute times depend on the machine.")
    say()
    say("== 1. Publish latency, ledger on vs off ==")
    publish = bench_publish.run(pages)
    verify = run_verify(entries)
    # After 2, so the page is served with a long ledger behind it, as on a site in use for years.
    say("== 3. Serve-time check cost ==")
    serve = bench_serve.run(requests)
    say(f"== 4. adopt_live_pages on {adopted_pages:,} pages live before the app was installed ==")
    adopt = bench_adopt.run(adopted_pages)
    say()
    say("== 5. Scanner ==")
    scanner = bench_scanner.run(articles=200 if label == "full" else 40)
    say("== 6. Releases from several publishing processes at once ==")
    appenders = bench_appenders.run(APPENDER_RELEASES[label])
    say("== Summary (ratios measured within this run) ==")
    table(
        ["Headline", "ratio"],
        [
            ["publish latency, ledger on / off (medians)", f"{publish:.3f}"],
            *verify_summary(verify),
            *(
                [f"request with serve check {mode} / off (+{added * 1000:.2f} ms)", f"{ratio:.3f}"]
                for mode, (added, ratio) in serve.items()
                if mode != "off"
            ),
            [
                f"adopt_live_pages / reading the same pages ({adopt['seconds']:.1f} s)",
                f"{adopt['ratio']:.2f}",
            ],
            *(
                [f"scanner: re alternation / ahocorasick-rs, {count:,} patterns", f"{ratio:.1f}"]
                for count, ratio in scanner["re_over_shipped"].items()
            ),
            ["submit + scan / submit (medians)", f"{scanner['submit_ratio']:.3f}"],
            *(
                [
                    [f"releases/s, {n} publishing processes / 1", f"{rate / appenders[1]:.2f}"]
                    for n, rate in appenders.items()
                    if n != 1
                ]
                if appenders
                else []
            ),
        ],
    )


def run_verify(entries):
    import bench_verify

    say(f"== 2. verify_ledger throughput, {entries:,} synthetic entries added to the demo's ==")
    # A million entries: one timed run after the warm-up, or the legacy walk alone takes many minutes.
    verify = bench_verify.run(entries, repeats=1 if entries >= 500_000 else 3)
    say(f"(inserting the synthetic entries took {verify['insert_seconds']:.1f} s, untimed above)")
    say()
    return verify


def run_scale(pages, entries, units):
    import bench_scale
    from django.db import connection

    say(
        f"== 7. The daily screens on the demo and at {pages:,} pages, {entries:,} ledger entries, "
        f"{units:,} units ({connection.vendor}, {os.cpu_count()} CPUs) =="
    )
    bench_scale.run(pages, entries, units)


def verify_summary(verify):
    return [
        [
            f"verify_chain entries/s / raw SHA-256 entries/s ({verify['processes']} processes)",
            f"{verify['ratio']:.3f}",
        ],
        ["verify_chain in 1 process / raw SHA-256", f"{verify['ratio_one_process']:.3f}"],
        [
            f"verify_chain + verify_columns / raw SHA-256 ({verify['processes']} processes)",
            f"{verify['full_ratio']:.3f}",
        ],
        ["verify_chain + verify_columns / the rebuilt-JSON walk before", f"{verify['full_vs_before']:.2f}"],
        ["ledger head from stored block roots / from every leaf", f"{verify['head_ratio']:.4f}"],
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run of every benchmark")
    parser.add_argument(
        "--appenders-only",
        type=int,
        metavar="RELEASES",
        help="only the several-processes benchmark (PostgreSQL), with this many releases per run",
    )
    parser.add_argument(
        "--verify-only",
        type=int,
        metavar="ENTRIES",
        help="only the verify_ledger benchmark, with this many synthetic entries (e.g. 1000000)",
    )
    parser.add_argument(
        "--scale-only",
        action="store_true",
        help="only the daily screens on the demo and at scale (sizes: the three --scale-* options)",
    )
    parser.add_argument("--scale-pages", type=int, default=10_000, metavar="N", help="pages in all (10,000)")
    parser.add_argument(
        "--scale-entries", type=int, default=1_000_000, metavar="N", help="ledger entries in all (1,000,000)"
    )
    parser.add_argument("--scale-units", type=int, default=100, metavar="N", help="units in all (100)")
    args = parser.parse_args()
    label = "quick" if args.quick else "full"

    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="wagtail-review-bench-"))
    configure(tmp)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    old_name, test_name = connection.settings_dict["NAME"], throwaway_database_name(tmp)
    try:
        # Django's test-database machinery: creates the database and runs every migration.
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        # The demo's and the routes' notification e-mails go nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            call_command("load_demo", stdout=io.StringIO())
            if args.appenders_only:
                import bench_appenders

                bench_appenders.run(args.appenders_only)
            elif args.verify_only:
                table(["Headline", "ratio"], verify_summary(run_verify(args.verify_only)))
            elif args.scale_only:
                run_scale(args.scale_pages, args.scale_entries, args.scale_units)
            else:
                run_all(label, *SIZES[label])
    finally:
        # Drop only a database made here: if creating it failed early, Django still points at the caller's.
        if connection.settings_dict["NAME"] == test_name:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(tmp, ignore_errors=True)
    say(f"Done in {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()

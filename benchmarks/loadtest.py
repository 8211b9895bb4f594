"""make loadtest: the demo portal under load through gunicorn on PostgreSQL, serve-time check on vs off.

Creates a database of its own on the PostgreSQL server of ``DATABASE_URL``
(default ``postgres://postgres@127.0.0.1:5432/test``; the role needs
CREATEDB), migrates it and loads the demo, then starts two gunicorn servers
on the same database that differ only in ``WAGTAIL_REVIEW_SERVE_CHECK``
("off" and the default "content"). A third server runs a plain Wagtail
project (``plain_wagtail/``: Wagtail's own apps and one article page type, no
wagtail_review, no portal) serving a copy of the same article from a database
of its own. Load comes from separate client processes (standard library
only), each requesting the article over and over for a fixed time; the
servers take turns, the order rotating every round, so drift in the machine
weighs on all. Printed: requests/s, p50 and p99 latency per server, the
ratios of "content" to "off" (what the serve check costs) and of each to the
plain project (what the portal and the plugin cost together). Everything it
started is stopped and the databases dropped, also on failure or Ctrl-C.
"""

import argparse
import http.client
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median, say, table  # noqa: E402

MODES = ("off", "content", "plain")
SERVE_CHECKS = ("off", "content")
ARTICLE_SLUG = "daylily-picking-season"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6, help="turns per mode (default 6)")
    parser.add_argument("--seconds", type=float, default=10, help="length of one turn (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes per server")
    parser.add_argument("--clients", type=int, default=4, help="client processes sending requests")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    if not base_url.startswith("postgres"):
        sys.exit("make loadtest runs on PostgreSQL: set DATABASE_URL=postgres://...")
    name = f"wagtail_review_loadtest_{os.getpid()}"
    database_url = urlunsplit(urlsplit(base_url)._replace(path=f"/{name}"))
    plain_url = urlunsplit(urlsplit(base_url)._replace(path=f"/{name}_plain"))
    tmp = Path(tempfile.mkdtemp(prefix="wagtail-review-loadtest-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "loadtest_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "benchmarks"), str(ROOT)]),
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(tmp / "media"),
        "LOADTEST_SERVE_CHECK": "content",
    }
    plain_env = {**env, "DJANGO_SETTINGS_MODULE": "plain_wagtail.settings", "DATABASE_URL": plain_url}
    servers = []
    _sql(base_url, f'CREATE DATABASE "{name}"')
    _sql(base_url, f'CREATE DATABASE "{name}_plain"')
    try:
        say(f"Setting up {name}: migrate, load_demo …")
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
        subprocess.run([*manage, "load_demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        path = (
            subprocess.run(
                [*manage, "shell", "-c", _ARTICLE_URL],
                env=env,
                check=True,
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )  # after what the shell says it imported
        paths = {"off": path, "content": path, "plain": _plain_article(env, plain_env, tmp)}
        ports = {}
        for mode in MODES:
            ports[mode] = _free_port()
            servers.append(_gunicorn(mode, ports[mode], args.workers, plain_env if mode == "plain" else env))
        for mode in MODES:
            _wait_until_serving(ports[mode], paths[mode])
        results = _run_rounds(ports, paths, args)
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        _sql(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _sql(base_url, f'DROP DATABASE IF EXISTS "{name}_plain" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)
    _report(results, args)


_ARTICLE_URL = (
    "from portal_site.portal.models import ArticlePage; "
    f"print(ArticlePage.objects.get(slug={ARTICLE_SLUG!r}).url)"
)


def _plain_article(env, plain_env, tmp):
    """Migrate the plain project's database and copy the demo article into it; its URL path."""
    copy = [sys.executable, str(ROOT / "benchmarks" / "plain_wagtail" / "copy_article.py")]
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput", "-v0"], env=plain_env, check=True, cwd=ROOT
    )
    article = tmp / "article.json"
    with article.open("w", encoding="utf-8") as handle:
        subprocess.run([*copy, "dump", ARTICLE_SLUG], env=env, check=True, cwd=ROOT, stdout=handle)
    return subprocess.run(
        [*copy, "load", str(article)], env=plain_env, check=True, cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()


def _sql(database_url, statement):
    import psycopg

    parts = urlsplit(database_url)
    with psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(statement)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _gunicorn(mode, port, workers, env):
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "plain_wagtail.wsgi" if mode == "plain" else "portal_site.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    if mode in SERVE_CHECKS:
        env = {**env, "LOADTEST_SERVE_CHECK": mode}
    return subprocess.Popen(command, env=env, cwd=ROOT)


def _wait_until_serving(port, path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if _get(port, path)[0] == 200:
                for _ in range(20):  # warm: templates, the image rendition, query plans, connections
                    _get(port, path)
                return
        except OSError:  # not listening yet
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not serve {path} within {timeout} s")


def _get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, response
    finally:
        connection.close()


def _client(port, path, seconds, queue):
    """One client process: requests one after another until time is up; puts its latencies."""
    latencies, failures, stop = [], 0, time.perf_counter() + seconds
    while time.perf_counter() < stop:
        started = time.perf_counter()
        try:
            status, _response = _get(port, path)
        except OSError:  # refused or reset: counted, never a hung run
            status = None
        if status == 200:
            latencies.append(time.perf_counter() - started)
        else:
            failures += 1
    queue.put((latencies, failures))


def _turn(port, path, seconds, clients):
    queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=_client, args=(port, path, seconds, queue)) for _ in range(clients)
    ]
    for process in processes:
        process.start()
    collected = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    latencies = [latency for part, _failures in collected for latency in part]
    failures = sum(failures for _part, failures in collected)
    return latencies, failures


def _run_rounds(ports, paths, args):
    results = {mode: {"latencies": [], "seconds": 0.0, "failures": 0} for mode in MODES}
    say(
        f"{args.rounds} rounds of {args.seconds:.0f} s per server, {args.clients} client processes, "
        f"GET {paths['content']} (plain Wagtail: {paths['plain']})"
    )
    for number in range(args.rounds):
        # Every server goes first, second and last in turn.
        order = MODES[number % len(MODES) :] + MODES[: number % len(MODES)]
        for mode in order:
            latencies, failures = _turn(ports[mode], paths[mode], args.seconds, args.clients)
            results[mode]["latencies"] += latencies
            results[mode]["seconds"] += args.seconds
            results[mode]["failures"] += failures
    return results


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _report(results, args):
    figures = {}
    for mode, result in results.items():
        latencies = result["latencies"]
        figures[mode] = {
            "rps": len(latencies) / result["seconds"],
            "p50": median(latencies),
            "p99": _percentile(latencies, 0.99),
            "requests": len(latencies),
            "failures": result["failures"],
        }
    table(
        ["server", "requests", "non-200", "requests/s", "p50 ms", "p99 ms"],
        [
            [
                "plain Wagtail" if mode == "plain" else f"portal, serve check {mode}",
                f"{f['requests']:,}",
                str(f["failures"]),
                f"{f['rps']:,.1f}",
                f"{f['p50'] * 1000:.2f}",
                f"{f['p99'] * 1000:.2f}",
            ]
            for mode, f in figures.items()
        ],
    )
    say()
    table(
        ["Ratios (same run)", "p50 latency", "p99 latency", "throughput"],
        [
            [f"{label}", *_ratios(figures[a], figures[b])]
            for label, a, b in (
                ("serve check content / off", "content", "off"),
                ("portal, check content / plain Wagtail", "content", "plain"),
                ("portal, check off / plain Wagtail", "off", "plain"),
            )
        ],
    )
    if any(f["failures"] for f in figures.values()):
        sys.exit("Some requests were not answered 200: the figures above are not comparable.")


def _ratios(a, b):
    return [f"{a['p50'] / b['p50']:.3f}", f"{a['p99'] / b['p99']:.3f}", f"{a['rps'] / b['rps']:.3f}"]


if __name__ == "__main__":
    main()

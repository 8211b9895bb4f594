"""Install wagtail_review into a running Wagtail site, as the README tells an adopter to, in real processes.

The site (tests/testapp) is migrated and filled with content under settings
without the app — Wagtail publishing as usual, a page with unpublished
changes, a page in the site's own moderation workflow. Then the app is
added: ``migrate``, ``adopt_live_pages``, ``verify_ledger``; and every page
must still be served, as it was, by the site, the API and the sitemap.
Runs on an SQLite file of its own, whatever database the suite uses.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def manage(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}"}

    def manage(settings, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": settings},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    return manage


BEFORE = "tests.testapp.settings_before_review"
AFTER = "tests.testapp.settings"


def test_installing_into_a_running_site_keeps_every_page_served(manage):
    manage(BEFORE, "migrate", "--noinput")
    manage(BEFORE, "shell", "-c", "from tests.testapp.existing_content import build; build()")

    # The README's install steps: settings (AFTER), migrate, adopt.
    manage(AFTER, "migrate", "--noinput")
    adopted = manage(AFTER, "adopt_live_pages", "--user", "admin", "--noinput", "--cancel-foreign-workflows")
    assert "Registered 6 live page(s)" in adopted  # home + the five built
    assert "Cancelled 1 foreign workflow(s)" in adopted
    verified = manage(AFTER, "verify_ledger")
    assert verified.startswith("OK 6 ")

    output = manage(AFTER, "shell", "-c", "from tests.testapp.existing_content import report; report()")
    report = json.loads(output.strip().splitlines()[-1])
    assert set(report["status"].values()) == {200}, report["status"]
    # What was live stays what is served: the published revision, not the draft.
    assert "全区春耕备耕工作有序推进" in report["blog_html"] and "尚未发布的草稿" not in report["blog_html"]
    assert (
        "气象服务" in report["blog_html"] and "民生" in report["blog_html"] and "春耕" in report["blog_html"]
    )
    assert "待审核的稿件（修改）" not in report["api_titles"] and "待审核的稿件" in report["api_titles"]
    assert "spring-farming" in report["sitemap"]
    manage(AFTER, "check", "--fail-level", "ERROR")

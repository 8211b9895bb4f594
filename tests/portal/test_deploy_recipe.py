"""deploy/ stays true: its units run commands that exist, with settings the portal reads."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

DEPLOY = Path(settings.BASE_DIR) / "deploy"
UNITS = sorted((DEPLOY / "systemd").iterdir())


def exec_lines():
    lines = []
    for path in [*UNITS, DEPLOY / "Procfile"]:
        text = path.read_text().replace("\\\n", " ")
        lines += re.findall(r"^(?:ExecStart=|\w+: )(.+)$", text, flags=re.M)
    return lines


def test_every_command_the_units_run_exists():
    commands = [re.search(r"manage\.py (\w+)", line).group(1) for line in exec_lines() if "manage.py" in line]
    assert {"db_worker", "publish_scheduled", "verify_ledger", "self_inspection"} <= set(commands)
    assert set(commands) <= set(get_commands()), set(commands) - set(get_commands())


def test_every_timer_starts_its_service():
    timers = [path for path in UNITS if path.suffix == ".timer"]
    assert timers
    for timer in timers:
        assert timer.with_suffix(".service").exists(), timer.name


def test_every_variable_of_the_example_environment_is_read():
    names = re.findall(r"^([A-Z_]+)=", (DEPLOY / "portal.env.example").read_text(), flags=re.M)
    read = (DEPLOY / "systemd" / "yunzhou-portal-web.service").read_text() + "".join(
        path.read_text() for path in (Path(settings.BASE_DIR) / "portal_site" / "settings").glob("*.py")
    )
    assert [name for name in names if name not in read and name != "DJANGO_SETTINGS_MODULE"] == []


def test_gunicorn_loads_the_application_with_the_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal_site.settings.production",
        "SECRET_KEY": "deploy-recipe-test",
        "DATABASE_URL": "postgres://portal@127.0.0.1:1/portal",  # not connected to: loading only
    }
    result = subprocess.run(
        [Path(sys.executable).with_name("gunicorn"), "--check-config", "--workers", "4", "portal_site.wsgi"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr

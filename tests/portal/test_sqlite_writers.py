"""The embedded SQLite default: two writers at once (an autosave and a submit) wait in turn, never 'database is locked'."""

import threading
import time

import dj_database_url
import pytest
from django.db import connections, transaction

from portal_site.settings import base

ALIAS = "demo_writers"


@pytest.fixture
def demo_like_database(tmp_path, django_db_blocker):
    """A SQLite file opened with the options the demo's settings give SQLite."""
    if base.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("DATABASE_URL points elsewhere: the demo's SQLite options are not in use")
    settings = dj_database_url.parse(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    settings["OPTIONS"] = dict(base.DATABASES["default"]["OPTIONS"])
    for key, value in {
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "TEST": {},
    }.items():
        settings.setdefault(key, value)
    connections.settings[ALIAS] = settings
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE drafts (id INTEGER PRIMARY KEY, body TEXT)")
            cursor.execute("INSERT INTO drafts (body) VALUES ('草稿')")
        yield
        connections[ALIAS].close()
    del connections.settings[ALIAS]


def write_in_a_transaction(body, started=None, hold=0.0, errors=None):
    """Read, then write, in one transaction as a Wagtail view does; optionally hold the lock a while."""
    try:
        with transaction.atomic(using=ALIAS):
            cursor = connections[ALIAS].cursor()
            cursor.execute("SELECT body FROM drafts")
            cursor.execute("UPDATE drafts SET body = %s", [body])
            if started:
                started.set()
            time.sleep(hold)
    except Exception as error:  # noqa: BLE001  (the assertion below shows it)
        errors.append(error)
    finally:
        connections[ALIAS].close()


def test_a_second_writer_waits_for_the_first_instead_of_failing(demo_like_database):
    autosave_has_written, errors = threading.Event(), []
    autosave = threading.Thread(
        target=write_in_a_transaction, args=("自动保存", autosave_has_written, 0.5, errors)
    )
    autosave.start()
    assert autosave_has_written.wait(10)
    submit = threading.Thread(target=write_in_a_transaction, args=("提交", None, 0.0, errors))
    submit.start()
    autosave.join(30)
    submit.join(30)
    assert errors == []
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT body FROM drafts")
        assert cursor.fetchone()[0] == "提交"
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"

"""The demo portal, loaded once per test session and restored from a snapshot where a test needs it.

``load_demo`` sends every demo page through its real review route: some
22,000 queries, most of a minute. Run once per module and once per browser
test, it was most of the suite's time. Now it runs once per session (inside a
transaction rolled back at once), and what it left in the database is kept as
Django's own test serialisation. Restoring writes those rows back as they
were, the way a database snapshot would: with model signals muted, since the
rows were already made through the application (its publish guard, ledger and
account rules ran when the demo loaded; running them again on a copy would
refuse or re-register what they produced). ``test_demo`` still runs the loader
itself.
"""

import io
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, router, transaction
from django.db.models import signals
from django.utils import timezone

_MODEL_SIGNALS = (
    signals.pre_save,
    signals.post_save,
    signals.pre_delete,
    signals.post_delete,
    signals.m2m_changed,
)


@dataclass(frozen=True)
class Snapshot:
    serialized: str  # serializers' JSON of every row, as ``serialize_db_to_string`` writes it
    primary_keys: dict  # model → the primary keys it holds in the snapshot
    # The demo dates its pages from the day it is loaded (Beijing time). A test that compares them with
    # "today" takes this day, not the clock: a session may run on past midnight.
    loaded_on: date


def take():
    """Load the demo, keep what it made, and leave the database as it was."""
    with transaction.atomic():
        loaded_on = timezone.localdate()
        call_command("load_demo", stdout=io.StringIO())
        serialized = connection.creation.serialize_db_to_string()
        transaction.set_rollback(True)
    primary_keys = {model: set() for model in _serialized_models()}
    for obj in serializers.deserialize("json", serialized):
        primary_keys[type(obj.object)].add(obj.object.pk)
    return Snapshot(serialized, primary_keys, loaded_on)


def restore(snapshot):
    """Make the database hold exactly the snapshot's rows (in the current transaction, if any)."""
    with transaction.atomic(), _muted(_MODEL_SIGNALS):
        for model, keys in snapshot.primary_keys.items():
            model._base_manager.exclude(pk__in=keys)._raw_delete(connection.alias)
        for obj in serializers.deserialize("json", snapshot.serialized):
            obj.save()
    # Caches filled from other rows (Wagtail's site root paths, the lexicon) would not match these.
    for cache in caches.all():
        cache.clear()


def _serialized_models():
    # The models ``serialize_db_to_string`` reads: every table migrations manage.
    for app_config in apps.get_app_configs():
        if app_config.models_module is None or app_config.label in settings.TEST_NON_SERIALIZED_APPS:
            continue
        for model in app_config.get_models():
            if model._meta.can_migrate(connection) and router.allow_migrate_model(connection.alias, model):
                yield model


@contextmanager
def _muted(model_signals):
    saved = [(signal, signal.receivers) for signal in model_signals]
    for signal, _receivers in saved:
        signal.receivers = []
        signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in saved:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()

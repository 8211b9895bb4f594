from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import GroupPagePermission

from wagtail_review.checks import check_history_middleware, check_no_group_can_publish


def test_missing_history_middleware_is_an_error(settings):
    middleware = [m for m in settings.MIDDLEWARE if "simple_history" not in m]
    with override_settings(MIDDLEWARE=middleware):
        assert [e.id for e in check_history_middleware(None)] == ["wagtail_review.E001"]
    assert check_history_middleware(None) == []


def test_group_with_publish_right_is_warned_about(root_page):
    GroupPagePermission.objects.filter(permission__codename="publish_page").delete()
    assert check_no_group_can_publish(None) == []
    group = Group.objects.create(name="Sneaky publishers")
    GroupPagePermission.objects.create(
        group=group, page=root_page, permission=Permission.objects.get(codename="publish_page")
    )
    warnings = check_no_group_can_publish(None)
    assert [w.id for w in warnings] == ["wagtail_review.W001"]
    assert "Sneaky publishers" in warnings[0].msg


def test_sync_command_runs(db, capsys):
    call_command("sync_review_groups")
    assert "in step" in capsys.readouterr().out


def test_models_and_migrations_agree(db):
    # Exits non-zero if a model change (or a label resolved in the wrong language) lacks a migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)

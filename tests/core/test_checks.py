import io
from types import SimpleNamespace
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import override_settings
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.models import GroupPagePermission
from wagtail.utils.decorators import cached_classmethod

from tests.testapp.models import BlogPage
from wagtail_review.checks import (
    FINISH_ACTION,
    REFUSAL_MIDDLEWARE,
    check_app_settings,
    check_every_source_type_has_a_route,
    check_history_middleware,
    check_installed_apps,
    check_live_pages_are_registered,
    check_no_group_can_publish,
    check_page_types,
    check_public_endpoints,
    check_refusal_middleware,
    check_workflow_settings,
)
from wagtail_review.models import Route, SourceType
from wagtail_review.routing.route_changes import confirmed_change


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


# --- Each requirement, removed, fails its check with a hint saying how to fix it ----------


def ids(errors):
    return [e.id for e in errors]


def assert_one(errors, check_id, hint_mentions):
    assert ids(errors) == [check_id], errors
    assert hint_mentions in errors[0].hint, errors[0].hint


def test_the_finish_action_and_reapproval_settings_are_required(settings):
    assert check_workflow_settings(None) == []
    settings.WAGTAIL_FINISH_WORKFLOW_ACTION = "wagtail.workflows.publish_workflow_state"
    assert_one(check_workflow_settings(None), "wagtail_review.E002", FINISH_ACTION)
    settings.WAGTAIL_FINISH_WORKFLOW_ACTION = FINISH_ACTION
    settings.WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = False
    assert_one(check_workflow_settings(None), "wagtail_review.E003", "REQUIRE_REAPPROVAL_ON_EDIT = True")


def test_a_page_type_whose_editor_lacks_the_review_form_is_an_error(db):
    assert check_page_types(None) == []
    own_handler = cached_classmethod(lambda cls: ObjectList([FieldPanel("title")]).bind_to_model(cls))
    with mock.patch.object(BlogPage, "get_edit_handler", own_handler, create=True):
        assert_one(check_page_types(None), "wagtail_review.E004", "get_edit_handler")


def test_a_page_type_choosing_its_own_workflow_is_an_error(db):
    with mock.patch.object(BlogPage, "get_workflow", lambda self: None, create=True):
        assert_one(check_page_types(None), "wagtail_review.E005", "get_workflow")


def test_installed_apps_order_and_required_apps(settings):
    assert check_installed_apps(None) == []
    apps = [name for name in settings.INSTALLED_APPS if name != "wagtail_review"]
    with mock.patch(
        "wagtail_review.checks.settings", SimpleNamespace(INSTALLED_APPS=[*apps, "wagtail_review"])
    ):
        assert_one(check_installed_apps(None), "wagtail_review.E006", "above 'wagtail'")
    without_history = [name for name in settings.INSTALLED_APPS if name != "simple_history"]
    with mock.patch("wagtail_review.checks.settings", SimpleNamespace(INSTALLED_APPS=without_history)):
        assert_one(check_installed_apps(None), "wagtail_review.E008", "INSTALLED_APPS")


def test_the_refusal_middleware_is_required(settings):
    assert check_refusal_middleware(None) == []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "wagtail_review" not in m]
    assert_one(check_refusal_middleware(None), "wagtail_review.E007", REFUSAL_MIDDLEWARE)


@pytest.mark.parametrize(
    "name, value",
    [
        ("SERVE_CHECK", "contents"),
        ("UNREGISTERED_PAGES", "show"),
        ("LEDGER_ENABLED", "yes"),
        ("VERIFY_PROCESSES", 0),
        ("FORM_TIME_ZONE", "Beijing"),
        ("FORM_TITLE", ""),
        ("REGULATION_TITLE", None),
        ("EXEMPT_PAGE_TYPES", ["testapp.Category"]),
        ("EXEMPT_PAGE_TYPES", "testapp.FormPage"),
        ("IGNORED_FIELDS", ["testapp.BlogPage.no_such_field"]),
        ("IGNORED_FIELDS", ["view_count"]),
    ],
)
def test_a_setting_with_a_value_that_makes_no_sense_is_an_error(settings, name, value):
    assert check_app_settings(None) == []
    setattr(settings, f"WAGTAIL_REVIEW_{name}", value)
    errors = check_app_settings(None)
    assert ids(errors) == ["wagtail_review.E009"]
    assert f"WAGTAIL_REVIEW_{name}" in errors[0].msg


def test_a_source_type_without_an_active_route_is_warned_about(db):
    assert check_every_source_type_has_a_route(None) == []
    with confirmed_change():  # a route gone missing, however it went
        Route.objects.filter(source_type=SourceType.REPRINT).delete()
    warnings = check_every_source_type_has_a_route(None)
    assert ids(warnings) == ["wagtail_review.W002"]
    assert str(SourceType.REPRINT.label) in warnings[0].msg


def test_the_check_command_passes_on_a_correctly_installed_site(db):
    call_command("check", "--fail-level", "ERROR")


def test_public_endpoints_that_skip_the_serve_rule_are_named(settings):
    assert check_public_endpoints(None) == []
    settings.ROOT_URLCONF = "tests.testapp.urls_stock_endpoints"
    problems = check_public_endpoints(None)
    assert sorted(ids(problems)) == ["wagtail_review.E010", "wagtail_review.W003"]
    assert all("wagtail_review." in p.hint for p in problems)


def test_live_pages_the_ledger_does_not_know_are_warned_about(existing_site, people):
    (warning,) = check_live_pages_are_registered(None)
    assert warning.id == "wagtail_review.W004" and "adopt_live_pages" in warning.hint
    call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=io.StringIO())
    assert check_live_pages_are_registered(None) == []


def test_documents_served_straight_from_storage_are_warned_about(settings):
    from wagtail_review.checks import check_document_serving

    assert check_document_serving(None) == []
    settings.WAGTAILDOCS_SERVE_METHOD = "direct"
    assert ids(check_document_serving(None)) == ["wagtail_review.W005"]

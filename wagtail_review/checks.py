"""System checks: everything a site must get right for the regulation to hold, each with the fix in its hint.

``python manage.py check`` (and every ``runserver`` / ``migrate``) runs them.

* E001 django-simple-history's middleware (who changed units and people)
* E002 the finish action: completed routes release through this app
* E003 edits during review restart the route
* E004 every page type's editor shows the review form
* E005 every page type takes the review routes
* E006 ``wagtail_review`` comes before ``wagtail`` in INSTALLED_APPS
* E007 the middleware that shows refusals as messages
* E008 the apps the review regime relies on are installed
* E009 every ``WAGTAIL_REVIEW_*`` setting has a valid value
* W001 no group holds Wagtail's page publish permission
* W002 every source type has an active review route
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

HISTORY_MIDDLEWARE = "simple_history.middleware.HistoryRequestMiddleware"
REFUSAL_MIDDLEWARE = "wagtail_review.middleware.ReviewRefusalMiddleware"
FINISH_ACTION = "wagtail_review.publication.release.finish_workflow"
REQUIRED_APPS = ("simple_history", "modelcluster", "taggit", "wagtail.admin", "wagtail")


@register()
def check_history_middleware(app_configs, **kwargs):
    if HISTORY_MIDDLEWARE not in settings.MIDDLEWARE:
        return [
            Error(
                "django-simple-history's request middleware is not installed.",
                hint=f"Add '{HISTORY_MIDDLEWARE}' to MIDDLEWARE so that changes to units and "
                "memberships record who made them (Art. 7).",
                id="wagtail_review.E001",
            )
        ]
    return []


@register()
def check_workflow_settings(app_configs, **kwargs):
    errors = []
    if getattr(settings, "WAGTAIL_FINISH_WORKFLOW_ACTION", None) != FINISH_ACTION:
        errors.append(
            Error(
                "Completed review routes must release through wagtail_review.",
                hint=f"Set WAGTAIL_FINISH_WORKFLOW_ACTION = '{FINISH_ACTION}'. It releases pages "
                "only through their review routes and leaves snippets' workflows to Wagtail.",
                id="wagtail_review.E002",
            )
        )
    if not getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False):
        errors.append(
            Error(
                "Edits made during review must restart the route (Art. 9).",
                hint="Set WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True.",
                id="wagtail_review.E003",
            )
        )
    return errors


@register()
def check_page_types(app_configs, **kwargs):
    """Every page type shows the review form (Art. 8) and takes the review routes (Art. 9)."""
    from wagtail.models import get_page_models

    from .review_form.models import is_reviewed_page_type
    from .review_form.panels import has_review_form_tab
    from .routing.selection import selects_routes

    errors = []
    for model in get_page_models():
        if model._meta.abstract:
            continue
        if is_reviewed_page_type(model) and model.is_creatable and not has_review_form_tab(model):
            errors.append(
                Error(
                    f"The editor of page type {model._meta.label} does not show the review form.",
                    hint="It overrides get_edit_handler(). Remove the override (define edit_handler or "
                    "content_panels instead; the review form tab is added to those), or exempt the type "
                    "with WAGTAIL_REVIEW_EXEMPT_PAGE_TYPES.",
                    obj=model,
                    id="wagtail_review.E004",
                )
            )
        if not selects_routes(model):
            errors.append(
                Error(
                    f"Page type {model._meta.label} chooses its own workflow: its pages would not take "
                    "the review route of their source type.",
                    hint="Remove its get_workflow() override; routes are mapped to source types in "
                    "Review and release → Review routes.",
                    obj=model,
                    id="wagtail_review.E005",
                )
            )
    return errors


@register()
def check_installed_apps(app_configs, **kwargs):
    errors = []
    apps = list(settings.INSTALLED_APPS)
    mine = next((i for i, name in enumerate(apps) if name.startswith("wagtail_review")), None)
    if mine is not None and "wagtail" in apps and mine > apps.index("wagtail"):
        errors.append(
            Error(
                "wagtail_review must come before 'wagtail' in INSTALLED_APPS.",
                hint="Move 'wagtail_review' above 'wagtail': its publish_scheduled command, which "
                "registers scheduled go-lives in the ledger in one transaction, must take precedence "
                "over Wagtail's own.",
                id="wagtail_review.E006",
            )
        )
    missing = [name for name in REQUIRED_APPS if name not in apps]
    if missing:
        errors.append(
            Error(
                f"wagtail_review needs these apps installed: {', '.join(missing)}.",
                hint="Add them to INSTALLED_APPS.",
                id="wagtail_review.E008",
            )
        )
    return errors


@register()
def check_refusal_middleware(app_configs, **kwargs):
    if REFUSAL_MIDDLEWARE not in settings.MIDDLEWARE:
        return [
            Error(
                "wagtail_review's refusal middleware is not installed.",
                hint=f"Add '{REFUSAL_MIDDLEWARE}' to MIDDLEWARE (after the messages middleware), so "
                "that a refused release or signature shows its reason instead of '403 Forbidden'.",
                id="wagtail_review.E007",
            )
        ]
    return []


@register()
def check_app_settings(app_configs, **kwargs):
    from .app_settings import app_settings

    return [
        Error(
            f"{name} {problem}.",
            hint="See the Configuration section of wagtail_review's README.",
            id="wagtail_review.E009",
        )
        for name, problem in app_settings.errors()
    ]


@register(Tags.database)
def check_no_group_can_publish(app_configs, **kwargs):
    """A Wagtail group with page publish permission can publish without review (Art. 9)."""
    from wagtail.models import GroupPagePermission

    try:
        groups = sorted(
            set(
                GroupPagePermission.objects.filter(permission__codename__startswith="publish_").values_list(
                    "group__name", flat=True
                )
            )
        )
    except DatabaseError:
        return []
    if groups:
        return [
            Warning(
                "These groups hold the page publish permission, which lets their members publish "
                f"without review: {', '.join(groups)}.",
                hint="Remove the publish permission from them in Settings → Groups.",
                id="wagtail_review.W001",
            )
        ]
    return []


@register(Tags.database)
def check_every_source_type_has_a_route(app_configs, **kwargs):
    from .routing.routes import Route, SourceType

    try:
        active = set(Route.objects.filter(workflow__active=True).values_list("source_type", flat=True))
    except DatabaseError:
        return []
    missing = [str(source_type.label) for source_type in SourceType if source_type.value not in active]
    if missing:
        return [
            Warning(
                f"No active review route for: {', '.join(missing)}. Pages of these source types "
                "cannot be submitted, nor released.",
                hint="Map each source type to an active workflow in Review and release → Review routes.",
                id="wagtail_review.W002",
            )
        ]
    return []

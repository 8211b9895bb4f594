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
* E010 no public pages API endpoint skips the serve rule
* W001 no group holds Wagtail's page publish permission
* W002 every source type has an active review route
* W003 the sitemap lists only what the site serves
* W004 every live page is registered in the ledger (adopt_live_pages has run)
* W005 documents are downloaded through Wagtail's view, which serves only released ones
* W006 no page type offers a raw HTML block (its HTML is cleaned, but editors should not write markup)
* E011, W007, W008 the account rules (``accounts.checks``)
* E012, W009 the public mailbox (``mailbox.checks``)
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

from .accounts import checks as account_checks  # noqa: F401  (registers the account checks)
from .mailbox import checks as mailbox_checks  # noqa: F401  (registers the mailbox checks)

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
def check_document_serving(app_configs, **kwargs):
    if getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None) == "direct":
        return [
            Warning(
                "WAGTAILDOCS_SERVE_METHOD is 'direct': document links point at the storage, where unreleased "
                "documents can be downloaded too.",
                hint="Leave WAGTAILDOCS_SERVE_METHOD unset or set it to 'serve_view', and do not expose "
                "MEDIA_ROOT/documents on the front web server.",
                id="wagtail_review.W005",
            )
        ]
    return []


@register()
def check_raw_html_blocks(app_configs, **kwargs):
    from .sanitising import page_types_allowing_raw_html

    return [
        Warning(
            f"Page type {model._meta.label} lets editors write raw HTML (a RawHTMLBlock in a StreamField).",
            hint="Every revision's HTML is cleaned against the rich-text allow-list, so scripts, frames, "
            "forms and styles are removed from it; prefer blocks with fields over markup editors write.",
            obj=model,
            id="wagtail_review.W006",
        )
        for model in page_types_allowing_raw_html()
    ]


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
                "These groups hold Wagtail's page publish permission: their members are offered Publish "
                f"buttons and actions that the review regime then refuses: {', '.join(groups)}.",
                hint="Remove the publish permission from them in Settings → Groups (a fresh Wagtail site "
                "gives it to Moderators): only completed review routes publish.",
                id="wagtail_review.W001",
            )
        ]
    return []


def _url_views(patterns=None):
    """Every view callable of the site's URLconf (nested includes followed)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


@register(Tags.urls)
def check_public_endpoints(app_configs, **kwargs):
    """The API's pages endpoints and the sitemap must follow the serve rule (publication.serving)."""
    from wagtail.admin.api.views import PagesAdminAPIViewSet
    from wagtail.api.v2.views import PagesAPIViewSet
    from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

    from .api import ReviewedPagesAPIViewSet

    views = list(_url_views())
    unchecked_endpoints = {
        view.cls
        for view in views
        if isinstance(getattr(view, "cls", None), type)
        and issubclass(view.cls, PagesAPIViewSet)
        # The admin API shows drafts to editors behind the admin's own permissions.
        and not issubclass(view.cls, ReviewedPagesAPIViewSet | PagesAdminAPIViewSet)
    }
    problems = [
        Error(
            f"The API endpoint {view_class.__module__}.{view_class.__name__} serves pages the publication "
            "ledger does not account for.",
            hint="Register wagtail_review.api.ReviewedPagesAPIViewSet (or a subclass) as the pages endpoint.",
            id="wagtail_review.E010",
        )
        for view_class in sorted(unchecked_endpoints, key=lambda cls: cls.__qualname__)
    ]
    if any(view is wagtail_sitemap for view in views):
        problems.append(
            Warning(
                "The sitemap is Wagtail's own: it lists live pages the site withholds.",
                hint="Route sitemap.xml to wagtail_review.sitemaps.sitemap instead.",
                id="wagtail_review.W003",
            )
        )
    return problems


@register(Tags.database)
def check_live_pages_are_registered(app_configs, **kwargs):
    from .publication.adoption import has_adopted, unregistered_live_pages

    try:
        count = unregistered_live_pages().count()
        adopted = count and has_adopted()
    except DatabaseError:
        return []
    if not count:
        return []
    if adopted:
        hint = (
            "The site adopted its pages already: these went live behind the application's back. Take them "
            "down or release them through their routes (adopt_live_pages reports them)."
        )
    else:
        hint = "Run python manage.py adopt_live_pages --user <your username> once, right after migrate."
    return [
        Warning(
            f"{count} live page(s) are not registered in the publication ledger: the site withholds them "
            "(or serves them with a warning, as WAGTAIL_REVIEW_UNREGISTERED_PAGES says).",
            hint=hint,
            id="wagtail_review.W004",
        )
    ]


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

"""System checks for what a deployer must get right for the regulation to hold."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

HISTORY_MIDDLEWARE = "simple_history.middleware.HistoryRequestMiddleware"


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


FINISH_ACTION = "wagtail_review.publication.release.finish_workflow"


@register()
def check_workflow_settings(app_configs, **kwargs):
    errors = []
    if getattr(settings, "WAGTAIL_FINISH_WORKFLOW_ACTION", None) != FINISH_ACTION:
        errors.append(
            Error(
                "Completed review routes must release through wagtail_review.",
                hint=f"Set WAGTAIL_FINISH_WORKFLOW_ACTION = '{FINISH_ACTION}'.",
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
def check_page_models_carry_review_form(app_configs, **kwargs):
    """Every page type editors can create must carry the review form (Art. 8)."""
    from wagtail.models import get_page_models

    from .models import ReviewFormMixin
    from .review_form.forms import ReviewedPageForm

    errors = []
    for model in get_page_models():
        if not model.is_creatable:
            continue
        if not issubclass(model, ReviewFormMixin):
            errors.append(
                Error(
                    f"Page type {model._meta.label} does not carry the review form.",
                    hint="Add wagtail_review.models.ReviewFormMixin to its bases (before Page).",
                    obj=model,
                    id="wagtail_review.E004",
                )
            )
        elif model.base_form_class and not issubclass(model.base_form_class, ReviewedPageForm):
            errors.append(
                Error(
                    f"Page type {model._meta.label} has a base_form_class that skips the review form checks.",
                    hint="Derive it from wagtail_review.forms.ReviewedPageForm.",
                    obj=model,
                    id="wagtail_review.E005",
                )
            )
    return errors

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

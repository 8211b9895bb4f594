"""All admin registration of wagtail_review, in one place (as Wagtail's contrib apps do)."""

from wagtail import hooks

from .viewsets import ReviewAdminGroup


@hooks.register("register_admin_viewset")
def register_review_viewsets():
    return ReviewAdminGroup()

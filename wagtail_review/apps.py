from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailReviewConfig(AppConfig):
    name = "wagtail_review"
    # The unmaintained PyPI package "wagtail-review" used the app label
    # "wagtail_review". A distinct label keeps our tables, migrations and
    # permission codenames from ever colliding with a database it touched.
    label = "wagtail_gov_review"
    verbose_name = _("Information review and release")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401  (registers checks and receivers)
        from .publication.permissions import register_policies

        register_policies()

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
        import swapper
        from django.db.models.signals import post_delete

        from . import (
            accounts,
            checks,  # noqa: F401  (registers the system checks)
        )
        from .inspection.viewsets import register_policy as register_column_policy
        from .mailbox.viewsets import register_policies as register_mailbox_policies
        from .organisation.duties import register_duty_policies
        from .organisation.people import install_family_name_first
        from .publication.actors import install_action_users
        from .publication.media import install_file_form_check
        from .publication.permissions import register_policies
        from .review_api.tokens import ApiToken, record_revocation
        from .review_api.viewsets import register_policy as register_token_policy
        from .review_form.panels import install_review_form_tab
        from .routing.selection import install_route_selection
        from .signal_handlers import register_signal_handlers
        from .slugs import install_ascii_slugs

        # Every page of the site, whatever its type, carries the review form
        # and takes the route of its source type, without the site's page
        # models changing.
        page_model = swapper.load_model("wagtailcore", "Page")
        install_review_form_tab(page_model)
        install_route_selection(page_model)
        install_ascii_slugs(page_model)
        install_file_form_check()
        install_action_users()
        install_family_name_first()
        register_signal_handlers()
        register_policies()
        register_duty_policies()
        register_mailbox_policies()
        register_column_policy()
        register_token_policy()
        post_delete.connect(record_revocation, sender=ApiToken, dispatch_uid="wagtail_review_token_revoked")
        if accounts.enabled():
            from .accounts.receivers import connect as connect_account_receivers
            from .accounts.viewsets import register_policy as register_account_event_policy

            connect_account_receivers()
            register_account_event_policy()

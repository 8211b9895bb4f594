"""Accounts that protect the site (Art. 15; 等保 2.0; 网络安全法 Art. 21).

Each rule in its own module, each module usable on a foreign Wagtail site:

* ``lockout``: django-axes refuses sign-in after repeated failures, per account
  and per IP; the security administrator unlocks.
* ``passwords``: strength, history and expiry of passwords.
* ``second_factor``: TOTP with recovery codes (django-otp) for everyone whose
  roles sign or administer; signing needs a session that passed it.
* ``sessions``: idle timeout and fresh identity for sensitive actions.
* ``audit``: the append-only account event log the audit administrator reads.
* ``middleware``: one middleware puts the session rules in front of the admin.
"""


def enabled():
    """The account rules are on (``WAGTAIL_REVIEW_ACCOUNT_SECURITY``) and the apps they use are installed."""
    from django.apps import apps

    from ..app_settings import app_settings

    return app_settings.ACCOUNT_SECURITY and all(
        apps.is_installed(name)
        for name in ("axes", "django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static")
    )

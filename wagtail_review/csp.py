"""Content-Security-Policy on every response (django-csp): the project's policy on the public site, the
admin's own (``WAGTAIL_REVIEW_ADMIN_CSP``) under the admin.

Django 5.2 has no built-in CSP (nonces arrive in Django 6), so the maintained
``django-csp`` sends the header. The public site can be strict — the portal's
templates carry no inline script or style — while Wagtail 8's admin still
renders a few inline scripts and many inline styles; one policy for both
would either break the admin or loosen the public site. A view that sets its
own policy with django-csp's decorators keeps it.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.urls import NoReverseMatch, reverse

from .app_settings import app_settings


def admin_prefix():
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:
        return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        prefix = admin_prefix()
        if not report_only and parts.config is None and prefix and request.path_info.startswith(prefix):
            parts.config = default_config(app_settings.ADMIN_CSP)
        return parts

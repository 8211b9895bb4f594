"""The account rules in front of the admin, in the order a person meets them.

Put ``wagtail_review.accounts.middleware.AccountSecurityMiddleware`` after
``django_otp.middleware.OTPMiddleware`` and ``axes.middleware.AxesMiddleware``
(README, "Install into an existing site"). For a signed-in person, on every
admin request:

1. idle for longer than the timeout: signed out, back to the sign-in page;
2. needs a second factor and this session has not passed one: to enrolment
   (first time) or to the code page;
3. password older than the maximum age: to the password change page;
4. a sensitive action and identity not confirmed recently: to confirm it.

The public site and the APIs are not the admin: their requests pass untouched.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ..app_settings import app_settings
from . import passwords, second_factor, sessions
from .audit import EventKind, record

# Views a person reaches before passing the second factor: signing in and out, the code and
# enrolment pages, and what the admin's pages load by themselves (icons, translations).
BEFORE_SECOND_FACTOR = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtail_review_accounts:verify",
    "wagtail_review_accounts:enrol",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}
# With an expired password, after the second factor: only changing it.
BEFORE_PASSWORD_CHANGE = BEFORE_SECOND_FACTOR | {"wagtail_review_accounts:change_password"}


class AccountSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not self.is_admin(request):
            return None
        match = request.resolver_match
        view_name = match.view_name if match else ""
        if sessions.idle_expired(request.session):
            return self.sign_out_idle(request, user)
        if view_name not in sessions.BACKGROUND_URL_NAMES:
            sessions.note_activity(request.session)
        if view_name in BEFORE_SECOND_FACTOR:
            return None
        if second_factor.requires_second_factor(user) and not second_factor.session_passed(request):
            target = "enrol" if not second_factor.is_enrolled(user) else "verify"
            return self.send_to(request, f"wagtail_review_accounts:{target}")
        if view_name in BEFORE_PASSWORD_CHANGE:
            return None
        if passwords.password_expired(user):
            messages.warning(request, _("Your password is older than the site allows: choose a new one."))
            return self.send_to(request, "wagtail_review_accounts:change_password")
        if sessions.is_sensitive(match) and not sessions.identity_recent(request.session):
            return self.send_to(request, "wagtail_review_accounts:confirm_identity")
        return None

    @staticmethod
    def is_admin(request):
        return request.path.startswith(reverse("wagtailadmin_home"))

    @staticmethod
    def send_to(request, url_name):
        if request.headers.get("x-requested-with") == "XMLHttpRequest" or request.method not in (
            "GET",
            "HEAD",
        ):
            next_url = request.headers.get("referer") or reverse("wagtailadmin_home")
        else:
            next_url = request.get_full_path()
        return redirect(f"{reverse(url_name)}?{urlencode({'next': next_url})}")

    @staticmethod
    def sign_out_idle(request, user):
        record(EventKind.IDLE_LOGOUT, request=request, user=user)
        request.wagtail_review_idle_logout = True  # the sign-out receiver records nothing more
        logout(request)
        messages.info(
            request,
            _("You were signed out after %(minutes)s minutes without activity.")
            % {"minutes": app_settings.IDLE_TIMEOUT_MINUTES},
        )
        return redirect(f"{reverse('wagtailadmin_login')}?{urlencode({'next': request.get_full_path()})}")

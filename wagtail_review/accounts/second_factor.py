"""The second factor (等保 2.0: two factors for administrators), by django-otp.

Who needs one: superusers, and whoever holds a role named in
``WAGTAIL_REVIEW_SECOND_FACTOR_ROLES`` (by default every signing role and the
three administrator duties). They enrol a TOTP authenticator at their first
sign-in, and get ten single-use recovery codes with it; from then on a
session reaches the admin only after a code.

Signing a review step needs such a session (``signing_refusal``): a stolen
password alone signs nothing. The check is on the request that carries the
signature, so the edit view, the workflow action endpoint and any later API
all meet it. Code run without a request (management commands, the shell) is
the installer's, as everywhere in this app.
"""

from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..app_settings import app_settings
from ..notices import current_request

RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def requires_second_factor(user):
    """Superusers, and holders of a role in WAGTAIL_REVIEW_SECOND_FACTOR_ROLES (pending grants too)."""
    from ..organisation.memberships import Membership

    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or Membership.objects.filter(user=user, role__in=app_settings.SECOND_FACTOR_ROLES).exists()
    )


def authenticator(user):
    """The person's confirmed TOTP device, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enrolled(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def session_passed(request):
    """Whether this request's session passed the second factor (django-otp's OTPMiddleware says)."""
    user = getattr(request, "user", None)
    is_verified = getattr(user, "is_verified", None)
    return bool(callable(is_verified) and is_verified())


def signing_refusal(user):
    """Why ``user`` may not sign in the current request for want of a second factor; None if they may."""
    request = current_request.get()
    if request is None or getattr(request, "user", None) is None:
        return None
    if not requires_second_factor(user):
        return None
    if getattr(request.user, "pk", None) == user.pk and session_passed(request):
        return None
    return _("Signing needs a sign-in with your second factor (authenticator code). Sign in again.")


def start_enrolment(user):
    """A new, unconfirmed authenticator for ``user`` (replacing any earlier unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def pending_enrolment(user, device_id):
    """The unconfirmed authenticator ``device_id`` of ``user``, if it is still the one being set up."""
    if not device_id:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first()


def finish_enrolment(device):
    """Confirm ``device`` and issue fresh recovery codes; returns the codes (shown once)."""
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return issue_recovery_codes(device.user)


def issue_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def verify(user, token):
    """The device that accepts ``token`` (an authenticator code or an unused recovery code), else None.

    Each device throttles after failures (django-otp's ThrottlingMixin), so codes cannot be guessed.
    """
    token = (token or "").strip().replace(" ", "")
    if not token or len(token) > 16:
        return None
    for device in [authenticator(user), *StaticDevice.objects.filter(user=user, confirmed=True)]:
        if device is not None and device.verify_token(token):
            return device
    return None


def reset(user):
    """Remove the person's authenticator and recovery codes: they enrol again at their next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    # A token stands for a passed second factor: a reset (a lost phone, say) ends every one.
    from ..review_api.tokens import revoke_all

    revoke_all(user)

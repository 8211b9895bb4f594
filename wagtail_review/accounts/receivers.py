"""What the account event log hears: Django's sign-in signals, django-axes' lockout, saves of accounts and roles."""

import logging

from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _

from . import sessions
from .audit import EventKind, record

logger = logging.getLogger("wagtail_review.accounts")


def on_login(sender, request, user, **kwargs):
    record(EventKind.LOGIN, request=request, user=user)
    if request is not None and hasattr(request, "session"):
        # A password just given counts as a confirmed identity for a while (sessions.identity_recent).
        sessions.confirm_identity(request.session)
        sessions.note_activity(request.session)
    if user.is_superuser and not settings.DEBUG:
        record(EventKind.SUPERUSER_LOGIN, request=request, user=user)
        logger.warning("Superuser %s signed in on a production deployment.", user.get_username())
        if request is not None and hasattr(request, "_messages"):
            messages.warning(
                request,
                _(
                    "You signed in as a superuser. Superusers are for installation only: day-to-day work "
                    "belongs to the system, security and audit administrators."
                ),
            )


def on_login_failed(sender, credentials, request=None, **kwargs):
    record(EventKind.LOGIN_FAILED, request=request, username=str(credentials.get("username", ""))[:150])


def on_logout(sender, request, user, **kwargs):
    if user is not None and not getattr(request, "wagtail_review_idle_logout", False):
        record(EventKind.LOGOUT, request=request, user=user)


def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    record(EventKind.LOCKOUT, request=request, username=username or "", detail=ip_address or "")


def on_membership_saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        _record_role_change(instance, _("granted") if created else _("changed"))


def on_membership_deleted(sender, instance, **kwargs):
    _record_role_change(instance, _("removed"))


def _record_role_change(membership, what):
    from ..notices import current_request
    from ..organisation.governance import acting_user

    record(
        EventKind.ROLE_CHANGED,
        request=current_request.get(),
        user=membership.user,
        actor=acting_user(membership),
        detail=f"{what}: {membership.unit.name} · {membership.get_role_display()}"
        + (
            ""
            if membership.confirmed_at or not membership.awaits_confirmation
            else f" ({_('awaiting confirmation')})"
        ),
    )


def connect():
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
    from django.db.models.signals import post_delete, post_save

    from ..organisation.memberships import Membership

    user_logged_in.connect(on_login, dispatch_uid="wagtail_review_accounts_login")
    user_login_failed.connect(on_login_failed, dispatch_uid="wagtail_review_accounts_login_failed")
    user_logged_out.connect(on_logout, dispatch_uid="wagtail_review_accounts_logout")
    user_locked_out.connect(on_locked_out, dispatch_uid="wagtail_review_accounts_locked_out")
    post_save.connect(on_membership_saved, sender=Membership, dispatch_uid="wagtail_review_accounts_role")
    post_delete.connect(
        on_membership_deleted, sender=Membership, dispatch_uid="wagtail_review_accounts_role_rm"
    )

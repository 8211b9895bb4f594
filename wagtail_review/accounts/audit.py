"""The account event log (网络安全法 Art. 21; 等保 2.0 安全审计): append-only, kept at least six months.

Every sign-in and failure, sign-out, lockout, unlock, password change, second
factor enrolment or reset, and role change is one ``AccountEvent`` with its
time, account, IP and browser. Nothing in the application updates or deletes
an event (``save`` and ``delete`` refuse, as do the queryset's bulk
``update``/``delete``); on PostgreSQL the database refuses too (migration
0021). ``prune`` removes events only once they are older than the retention
period, never younger than 180 days.
"""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..exceptions import ReviewRefusal

# Cybersecurity Law Art. 21: network logs are kept for no less than six months.
MINIMUM_RETENTION_DAYS = 180


class EventKind(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Sign-in failed")
    LOGOUT = "logout", _("Signed out")
    IDLE_LOGOUT = "idle_logout", _("Signed out after inactivity")
    LOCKOUT = "lockout", _("Locked out after failed sign-ins")
    UNLOCK = "unlock", _("Unlocked")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("Second factor enrolled")
    SECOND_FACTOR_PASSED = "second_factor_passed", _("Second factor passed")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("Second factor failed")
    SECOND_FACTOR_RESET = "second_factor_reset", _("Second factor reset")
    IDENTITY_CONFIRMED = "identity_confirmed", _("Identity confirmed for a sensitive action")
    ROLE_CHANGED = "role_changed", _("Role changed")
    SUPERUSER_LOGIN = "superuser_login", _("Superuser signed in")
    API_TOKEN_ISSUED = "api_token_issued", _("Review app token issued")
    API_TOKEN_REVOKED = "api_token_revoked", _("Review app token revoked")


class AppendOnly(ReviewRefusal):
    """An attempt to change or remove an account event."""


class AccountEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly(_("The account event log is append-only: events cannot be changed."))

    def delete(self):
        raise AppendOnly(
            _("The account event log is append-only: events are removed only by prune_account_events.")
        )


class AccountEvent(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=32, choices=EventKind.choices, db_index=True)
    # The account as typed or as it was then: a failed sign-in may name no account, and a
    # deleted account's events stay readable. No foreign key, so nothing is ever rewritten.
    username = models.CharField(_("account"), max_length=150, db_index=True)
    user_id = models.BigIntegerField(_("account number"), null=True, blank=True)
    actor = models.CharField(_("done by"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    objects = AccountEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly(_("The account event log is append-only: events cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(
            _("The account event log is append-only: events are removed only by prune_account_events.")
        )


def client_ip(request):
    """The client's address (``client_address``: behind the proxies WAGTAIL_REVIEW_PROXY_COUNT counts)."""
    from .client_address import client_address

    return client_address(request) if request is not None else None


def record(kind, *, request=None, user=None, username="", actor=None, detail=""):
    """Append one event. ``user`` is the account concerned; ``actor`` who acted, when someone else."""
    if user is not None:
        username = user.get_username()
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        request_user = request.user
        if request_user.is_authenticated and (user is None or request_user.pk != user.pk):
            actor = request_user
    return AccountEvent.objects.create(
        kind=kind,
        username=(username or "")[:150],
        user_id=user.pk if user is not None else None,
        actor=actor.get_username() if hasattr(actor, "get_username") else (actor or ""),
        ip_address=client_ip(request),
        user_agent=request.headers.get("user-agent", "")[:300] if request is not None else "",
        detail=str(detail)[:500],
    )


def prune(retention_days):
    """Remove events older than ``retention_days`` (never fewer than 180); returns how many."""
    keep_from = timezone.now() - timedelta(days=max(retention_days, MINIMUM_RETENTION_DAYS))
    # Below the queryset: the one sanctioned removal, of events past their retention.
    old = models.QuerySet(AccountEvent).filter(at__lt=keep_from)
    return old._raw_delete(old.db)

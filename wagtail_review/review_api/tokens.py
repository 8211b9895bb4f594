"""Per-person tokens for the review API: hashed at rest, expiring, revocable, listed in the admin.

A token is 32 random bytes shown once, when it is issued; the database keeps
only its SHA-256 (a random secret of that length needs no salt or slow hash:
there is nothing to guess from) and its first characters, so people can tell
their phones apart in the list. Revoking deletes the token; the account event
log keeps that it was issued and revoked, by whom and when.

A token issued after the person passed their second factor carries that with
it: signing through the API then counts as a signed-in session with the
second factor passed (``accounts.second_factor.signing_refusal``).
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..app_settings import app_settings

PREFIX_LENGTH = 8
# Recording every use would write on every request; once a minute says enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def _digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def current(self):
        return self.filter(expires_at__gt=timezone.now(), user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_api_tokens",
        verbose_name=_("account"),
    )
    name = models.CharField(_("device"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=PREFIX_LENGTH)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    second_factor = models.BooleanField(_("second factor passed"), default=False)
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("review app token")
        verbose_name_plural = _("review app tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    def touch(self):
        """Note that the token was used now (at most once a minute, so reads stay reads)."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now


def issue(user, name, *, second_factor):
    """A new token for ``user``: returns ``(token, key)``; ``key`` is never stored and shown only now."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=(name or "").strip()[:100] or str(_("Phone")),
        prefix=key[:PREFIX_LENGTH],
        key_hash=_digest(key),
        second_factor=second_factor,
        expires_at=timezone.now() + timedelta(days=app_settings.API_TOKEN_DAYS),
    )
    return token, key


def token_for_key(key):
    """The current token whose key is ``key`` (its owner active, not expired, not revoked), or None."""
    if not key or len(key) > 100:
        return None
    return ApiToken.objects.current().select_related("user").filter(key_hash=_digest(key)).first()


def revoke_all(user):
    """End every token of ``user`` (a new password, a second factor reset); each revocation is logged."""
    for token in ApiToken.objects.filter(user=user):
        token.delete()


def record_revocation(sender, instance, **kwargs):
    """``post_delete`` of a token: the account event log says it was revoked, and by whom (any path)."""
    from ..accounts.audit import EventKind, record
    from ..notices import current_request

    record(
        EventKind.API_TOKEN_REVOKED, request=current_request.get(), user=instance.user, detail=str(instance)
    )

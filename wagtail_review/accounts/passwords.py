"""Passwords (Art. 15 “专人专用”; 等保 2.0 身份鉴别): strong, not reused, changed every 90 days.

Django's password validation runs the two validators here wherever a password
is set through a form (Wagtail's account and user screens, our change screen,
``changepassword``): at least three of the four character classes, and none
of the account's last ``WAGTAIL_REVIEW_PASSWORD_HISTORY`` passwords. Length
and "does not contain the username" are Django's own validators (README).

Every password an account has is recorded (its hash only) when the account is
saved with a new one, whatever the path; the newest record's time is when the
password was last changed, and after ``WAGTAIL_REVIEW_PASSWORD_MAX_AGE_DAYS``
the middleware sends its holder to change it before anything else.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..app_settings import app_settings


class PasswordRecord(models.Model):
    """One password an account has had: its hash and when it was set."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("account"),
        on_delete=models.CASCADE,
        related_name="review_password_records",
    )
    password = models.CharField(max_length=128)
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("password record")
        verbose_name_plural = gettext_lazy("password records")
        ordering = ["-set_at", "-pk"]
        get_latest_by = "set_at"

    def __str__(self):
        return f"{self.user_id} {self.set_at:%Y-%m-%d}"


CHARACTER_CLASSES = (str.islower, str.isupper, str.isdigit)


def character_classes(password):
    """How many of lower case, upper case, digits and other characters ``password`` uses."""
    used = {
        index for character in password for index, test in enumerate(CHARACTER_CLASSES) if test(character)
    }
    if any(not any(test(character) for test in CHARACTER_CLASSES) for character in password):
        used.add(len(CHARACTER_CLASSES))
    return len(used)


class CharacterClassesValidator:
    """At least ``min_classes`` of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _(
            "Your password must use at least %(count)d of: lower-case letters, upper-case letters, "
            "digits, other characters."
        ) % {"count": self.min_classes}


class PasswordHistoryValidator:
    """Not the account's current password, nor one of its last ``WAGTAIL_REVIEW_PASSWORD_HISTORY``."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        recent = PasswordRecord.objects.filter(user=user).values_list("password", flat=True)[
            : app_settings.PASSWORD_HISTORY
        ]
        stored = get_user_model().objects.filter(pk=user.pk).values_list("password", flat=True).first()
        if any(check_password(password, encoded) for encoded in [stored, *recent] if encoded):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self):
        return _("Your password cannot be one of your last %(count)d passwords.") % {
            "count": app_settings.PASSWORD_HISTORY
        }

    def password_changed(self, password, user=None):
        """Django calls this whenever a password is set and saved, whatever the path — and not when
        it merely re-hashes one at sign-in after a hasher upgrade, which changes nothing."""
        if user is not None and user.pk is not None and remember_password(user):
            from ..notices import current_request
            from .audit import EventKind, record

            record(EventKind.PASSWORD_CHANGED, request=current_request.get(), user=user)
            # A new password ends the sessions of the person's phones too: they sign in again.
            from ..review_api.tokens import revoke_all

            revoke_all(user)


def remember_password(user):
    """post_save of an account: record its password when it is new (hashes only)."""
    if not user.password or not user.has_usable_password():
        return
    latest = PasswordRecord.objects.filter(user=user).values_list("password", flat=True).first()
    if latest == user.password:
        return False
    PasswordRecord.objects.create(user=user, password=user.password)
    # Keep the current password's record and the ones the history rule compares against.
    kept = PasswordRecord.objects.filter(user=user).values_list("pk", flat=True)[
        : app_settings.PASSWORD_HISTORY + 1
    ]
    PasswordRecord.objects.filter(user=user).exclude(pk__in=list(kept)).delete()
    return True


def password_changed_at(user):
    """When ``user`` last set a password: its newest record, else when the account was created."""
    latest = PasswordRecord.objects.filter(user=user).values_list("set_at", flat=True).first()
    return latest or user.date_joined


def password_expired(user):
    max_age = app_settings.PASSWORD_MAX_AGE_DAYS
    if not max_age or not user.has_usable_password():
        return False
    return timezone.now() - password_changed_at(user) > timedelta(days=max_age)

"""Who acts for a unit, and in which role (Art. 7, 8, 9)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .units import UnitKind


class Role(models.TextChoices):
    EDITOR = "editor", _("Editor (信息员)")
    REVIEWER = "reviewer", _("Reviewer (审核员)")
    LEADER_IN_CHARGE = "leader_in_charge", _("Leader in charge (分管领导)")
    PRINCIPAL_LEADER = "principal_leader", _("Principal leader (主要领导)")
    WEB_ADMIN = "web_admin", _("Website administrator (网站管理人员)")
    SITE_LEADER = "site_leader", _("Website leader in charge (网站分管领导)")
    SYSTEM_ADMIN = "system_admin", _("System administrator (系统管理员)")
    SECURITY_ADMIN = "security_admin", _("Security administrator (安全管理员)")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator (审计管理员)")


# The website's own administrators and its leader in charge (Art. 5, 13).
SITE_ADMINISTRATION_ROLES = (Role.WEB_ADMIN, Role.SITE_LEADER)
# The three separated administrator duties of 等保 2.0 (三员分立): who manages
# units and accounts, who decides who holds which role, and who reads the
# audit log are three different people (organisation.duties).
ADMINISTRATOR_DUTIES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
# Roles that exist only inside the information centre, which runs the site.
INFO_CENTER_ROLES = SITE_ADMINISTRATION_ROLES + ADMINISTRATOR_DUTIES
# A unit's leaders: they sign leaders' steps and see their unit's figures.
LEADER_ROLES = (Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER)
# Roles whose holders sign review steps: granting one takes effect only when a
# second administrator confirms it (organisation.governance).
SIGNING_ROLES = (
    Role.REVIEWER,
    Role.LEADER_IN_CHARGE,
    Role.PRINCIPAL_LEADER,
    Role.WEB_ADMIN,
    Role.SITE_LEADER,
)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        """Memberships in force: of active people in active units, and confirmed where the role signs."""
        return self.filter(user__is_active=True, unit__is_active=True).filter(
            models.Q(confirmed_at__isnull=False) | ~models.Q(role__in=SIGNING_ROLES)
        )

    def awaiting_confirmation(self):
        return self.filter(role__in=SIGNING_ROLES, confirmed_at__isnull=True)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="review_memberships",
    )
    unit = models.ForeignKey(
        "wagtail_gov_review.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)
    # Two people for a signing role: who granted it, and the other administrator who confirmed it.
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("historical membership"))
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__name", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="wagtail_review_unique_membership"),
        ]

    def __str__(self):
        return f"{self.user.get_username()} · {self.unit.name} · {self.get_role_display()}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remembered so that moving a membership to another unit also
        # rebuilds the old unit's groups (signals.membership_changed); a change
        # of person needs nothing more, groups are recomputed from memberships.
        instance._loaded_unit_id = instance.__dict__.get("unit_id")
        return instance

    @property
    def awaits_confirmation(self):
        return self.role in SIGNING_ROLES and self.confirmed_at is None

    @property
    def confirmation_display(self):
        """In force, or awaiting a second administrator's confirmation (for listings)."""
        if self.awaits_confirmation:
            return _("Awaiting confirmation")
        if self.role in SIGNING_ROLES and self.confirmed_by_id:
            from .people import person_name

            return _("Confirmed by %(person)s") % {"person": person_name(self.confirmed_by)}
        return _("In force")

    def clean(self):
        if self.role in INFO_CENTER_ROLES and self.unit_id and self.unit.kind != UnitKind.INFO_CENTER:
            raise ValidationError({"role": _("This role exists only in the district information centre.")})
        if (
            self.user_id
            and self.unit_id
            and self.role
            and Membership.objects.filter(user_id=self.user_id, unit_id=self.unit_id, role=self.role)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(_("This person already holds this role in this unit."))
        from .duties import second_duty_refusal

        refusal = second_duty_refusal(self)
        if refusal:
            raise ValidationError({"role": refusal})


def is_site_administrator(user):
    """The information centre's website administrators and leader, and superusers (Art. 5, 13)."""
    return user.is_active and (
        user.is_superuser
        or Membership.objects.active()
        .filter(user=user, role__in=SITE_ADMINISTRATION_ROLES, unit__kind=UnitKind.INFO_CENTER)
        .exists()
    )

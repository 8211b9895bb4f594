"""Responsible units (信息责任单位, Art. 2 and 17) and their internal organs (内设机构)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UnitKind(models.TextChoices):
    TOWNSHIP = "township", _("Township (乡镇)")
    DEPARTMENT = "department", _("District government department")
    AFFILIATED = "affiliated", _("Directly affiliated body")
    OTHER = "other", _("Other unit")
    STATIONED = "stationed", _("Unit stationed in the district")
    DISTRICT_BODY = "district_body", _("District Party, NPC, CPPCC, discipline, court or procuratorate body")
    DISTRICT_OFFICE = "district_office", _("District government office")
    INFO_CENTER = "info_center", _("District information centre")
    LEADERSHIP = "leadership", _("District government leadership")
    INTERNAL_ORGAN = "internal_organ", _("Internal organ")


# The regulation names exactly one of each of these; review routes (Art. 9)
# and site administration (Art. 5, 13) look them up by kind.
SINGLETON_KINDS = (UnitKind.DISTRICT_OFFICE, UnitKind.INFO_CENTER, UnitKind.LEADERSHIP)


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_kind(self, kind):
        return self.filter(kind=kind)


class Unit(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=64,
        unique=True,
        allow_unicode=False,
        help_text=_("Short Latin identifier, e.g. xiping-town. Used for the unit's section and its groups."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Only internal organs have a parent: the unit they belong to."),
    )
    designated_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("designated information officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The one person who collects and submits this unit's information (Art. 7). Must be a member."
        ),
    )
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    organisation_code = models.CharField(
        _("organisation code"),
        max_length=32,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9A-Z][0-9A-Z-]*$",
                _("Use digits, capital letters and hyphens only, e.g. 11140203012345678X or 01234567-8."),
            )
        ],
        help_text=_(
            "机构代码: the first part of the 索引号 of this unit's information, e.g. its 统一社会信用代码. "
            "A number already given keeps the code it was given with."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("historical unit"))
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("responsible unit")
        verbose_name_plural = _("responsible units")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind__in=[k.value for k in SINGLETON_KINDS]),
                name="wagtail_review_unique_singleton_unit_kind",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind=UnitKind.INTERNAL_ORGAN, parent__isnull=False)
                    | (~models.Q(kind=UnitKind.INTERNAL_ORGAN) & models.Q(parent__isnull=True))
                ),
                name="wagtail_review_only_internal_organs_have_parent",
            ),
        ]

    def __str__(self):
        if self.parent_id:
            return f"{self.parent.name} · {self.name}"
        return self.name

    def clean(self):
        errors = {}
        if self.kind == UnitKind.INTERNAL_ORGAN and not self.parent_id:
            errors["parent"] = _("An internal organ must name the unit it belongs to.")
        if self.kind != UnitKind.INTERNAL_ORGAN and self.parent_id:
            errors["parent"] = _("Only internal organs have a parent unit.")
        if self.parent_id and self.parent.kind == UnitKind.INTERNAL_ORGAN:
            errors["parent"] = _("An internal organ cannot contain another internal organ.")
        if self.kind in SINGLETON_KINDS:
            clash = Unit.objects.filter(kind=self.kind).exclude(pk=self.pk).first()
            if clash:
                errors["kind"] = _("There is already a unit of this kind: %(unit)s.") % {"unit": clash.name}
        if (
            self.designated_officer_id
            and self.pk
            and not self.memberships.filter(user_id=self.designated_officer_id).exists()
        ):
            errors["designated_officer"] = _("The designated officer must first be a member of this unit.")
        from .governance import unit_change_refusal

        if not errors and (refusal := unit_change_refusal(self)):
            errors["kind"] = refusal
        if errors:
            raise ValidationError(errors)

    @property
    def accountable_unit_ids(self):
        """This unit and, for an internal organ, its parent: the members of both answer for its pages."""
        return {pk for pk in (self.pk, self.parent_id) if pk is not None}

    @property
    def leading_unit(self):
        """The unit whose leaders sign for this one: the parent for internal organs (Art. 8)."""
        return self.parent if self.kind == UnitKind.INTERNAL_ORGAN else self

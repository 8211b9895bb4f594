"""Review routes by source type (Art. 9): which Wagtail workflow a submission takes."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..organisation.units import UnitKind


class SourceType(models.TextChoices):
    DISTRICT_GOVERNMENT = "district_government", _("In the district government's name (以区政府名义)")
    DEPARTMENT = "department", _("District department (区政府各工作部门)")
    TOWNSHIP = "township", _("Township (乡镇)")
    REPRINT = "reprint", _("Reprinted from other media (转载)")
    EMERGENCY = "emergency", _("Major emergency or sensitive information (重大突发事件和敏感信息)")
    # Not a row of Art. 9's table: the site's own items (notices, structural
    # pages) are handled like reprints, by the website administrators and the
    # website's leader in charge, but need no original outlet.
    WEBSITE = "website", _("The website's own information (网站自身信息)")


# The source type a page starts with, from the kind of unit whose section it is in.
DEFAULT_SOURCE_TYPE_BY_UNIT_KIND = {
    UnitKind.TOWNSHIP: SourceType.TOWNSHIP,
    UnitKind.DEPARTMENT: SourceType.DEPARTMENT,
    UnitKind.AFFILIATED: SourceType.DEPARTMENT,
    UnitKind.OTHER: SourceType.DEPARTMENT,
    UnitKind.STATIONED: SourceType.DEPARTMENT,
    UnitKind.DISTRICT_BODY: SourceType.DEPARTMENT,
    UnitKind.INTERNAL_ORGAN: SourceType.DEPARTMENT,
    UnitKind.DISTRICT_OFFICE: SourceType.DISTRICT_GOVERNMENT,
    UnitKind.LEADERSHIP: SourceType.DISTRICT_GOVERNMENT,
    UnitKind.INFO_CENTER: SourceType.WEBSITE,
}


def default_source_type(unit):
    """The source type for a page of ``unit`` (None: outside every section → the website's own)."""
    if unit is None:
        return SourceType.WEBSITE
    if unit.kind == UnitKind.INTERNAL_ORGAN and unit.parent_id:
        return DEFAULT_SOURCE_TYPE_BY_UNIT_KIND.get(unit.parent.kind, SourceType.DEPARTMENT)
    return DEFAULT_SOURCE_TYPE_BY_UNIT_KIND.get(unit.kind, SourceType.DEPARTMENT)


# Stands for "pages outside every section" among a route's unit kinds.
OUTSIDE_SECTIONS = "none"
UNIT_KIND_CHOICES = [*UnitKind.choices, (OUTSIDE_SECTIONS, _("Pages outside every section"))]

# Which pages may take each source type (Art. 9), until the information centre changes it.
DEFAULT_UNIT_KINDS = {
    SourceType.DISTRICT_GOVERNMENT: [UnitKind.DISTRICT_OFFICE, UnitKind.LEADERSHIP],
    SourceType.DEPARTMENT: [
        UnitKind.DEPARTMENT,
        UnitKind.AFFILIATED,
        UnitKind.OTHER,
        UnitKind.STATIONED,
        UnitKind.DISTRICT_BODY,
        UnitKind.INTERNAL_ORGAN,
    ],
    SourceType.TOWNSHIP: [UnitKind.TOWNSHIP, UnitKind.INTERNAL_ORGAN],
    SourceType.REPRINT: [],
    SourceType.EMERGENCY: [],
    SourceType.WEBSITE: [UnitKind.INFO_CENTER, OUTSIDE_SECTIONS],
}


class UnitKindsField(models.JSONField):
    """A list of unit kinds, edited as checkboxes."""

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=UNIT_KIND_CHOICES,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )


class Route(models.Model):
    """Maps a source type to the Wagtail workflow its submissions follow. Editable by the information centre."""

    source_type = models.CharField(_("source type"), max_length=32, choices=SourceType.choices, unique=True)
    workflow = models.ForeignKey(
        "wagtailcore.Workflow",
        verbose_name=_("workflow"),
        on_delete=models.PROTECT,
        related_name="review_routes",
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    unit_kinds = UnitKindsField(
        _("open to pages of"),
        default=list,
        blank=True,
        help_text=_("The kinds of unit whose pages may take this source type; none ticked: every page."),
    )

    history = HistoricalRecords(verbose_name=_("historical route"))

    class Meta:
        verbose_name = _("review route")
        verbose_name_plural = _("review routes")
        ordering = ["source_type"]

    def __str__(self):
        return f"{self.get_source_type_display()} → {self.workflow.name}"

    def allows(self, unit):
        """Whether a page of ``unit`` (None: outside every section) may take this route's source type."""
        if not self.unit_kinds:
            return True
        return (unit.kind if unit is not None else OUTSIDE_SECTIONS) in self.unit_kinds


class RouteChange(models.Model):
    """A proposed change of a route — another workflow, or other units' pages — awaiting a second administrator.

    Routes decide who signs (Art. 9); like signing roles, a change takes effect
    only when a second administrator confirms it (``routing.route_changes``).
    """

    source_type = models.CharField(_("source type"), max_length=32, choices=SourceType.choices)
    workflow = models.ForeignKey(
        "wagtailcore.Workflow", verbose_name=_("workflow"), on_delete=models.CASCADE, related_name="+"
    )
    unit_kinds = UnitKindsField(_("open to pages of"), default=list, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("route change")
        verbose_name_plural = _("route changes")
        ordering = ["-proposed_at"]

    def __str__(self):
        return f"{self.get_source_type_display()} → {self.workflow.name}"

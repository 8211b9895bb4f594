"""Section ownership (Art. 4): a unit owns the page subtrees it publishes in.

Which unit a page belongs to: the owner of its nearest section root.
Resolution reads the ancestors straight off the page's materialised path, so
it costs one query whatever the depth, and follows a page wherever it is
moved. A page outside every section has no unit (``None``): only superusers
and the information centre handle such structural pages (home, channels).
"""

import swapper
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SectionOwnership(models.Model):
    page = models.OneToOneField(
        swapper.get_model_name("wagtailcore", "Page"),
        verbose_name=_("section root page"),
        on_delete=models.CASCADE,
        related_name="review_section",
        help_text=_(
            "This page and every page below it belong to the unit, unless a deeper section says otherwise."
        ),
    )
    unit = models.ForeignKey(
        "wagtail_gov_review.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="sections",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("historical section ownership"))

    class Meta:
        verbose_name = _("section ownership")
        verbose_name_plural = _("section ownerships")
        ordering = ["page__path"]

    def __str__(self):
        return f"{self.page.title} → {self.unit.name}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_unit_id = instance.__dict__.get("unit_id")
        return instance

    def clean(self):
        if not self.page_id or not self.unit_id:
            return
        if self.page.depth <= 1:
            raise ValidationError({"page": _("The tree root cannot be a section; choose a page below it.")})
        # Wagtail page permissions are inherited down the tree, so a section
        # nested inside an unrelated unit's section would let that unit's
        # editors edit it. Nesting is only allowed within one unit family
        # (a unit and its internal organs).
        family = {self.unit_id, self.unit.parent_id, *self.unit.children.values_list("pk", flat=True)}
        family.discard(None)
        page = self.page
        overlapping = (
            SectionOwnership.objects.filter(
                models.Q(page__path__in=ancestor_paths(page.path))
                | models.Q(page__path__startswith=page.path)
            )
            .exclude(pk=self.pk)
            .exclude(unit_id__in=family)
            .select_related("unit", "page")
            .first()
        )
        if overlapping:
            raise ValidationError(
                {
                    "page": _(
                        "This page overlaps the section “%(section)s” of %(unit)s; "
                        "sections of unrelated units cannot be nested."
                    )
                    % {"section": overlapping.page.title, "unit": overlapping.unit.name}
                }
            )


def ancestor_paths(path):
    """The materialised paths of a page and all its ancestors, root first."""
    steplen = swapper.load_model("wagtailcore", "Page").steplen
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def section_for_page(page):
    """The nearest SectionOwnership at or above ``page``, or None. One query."""
    return (
        SectionOwnership.objects.select_related("unit", "unit__parent")
        .filter(page__path__in=ancestor_paths(page.path))
        .order_by("-page__depth")
        .first()
    )


def unit_for_page(page):
    """The responsible unit of ``page``, or None if it lies outside every section. One query."""
    section = section_for_page(page)
    return section.unit if section else None


def sections_for_pages(pages):
    """``{page.pk: SectionOwnership or None}`` for many pages in one query (for listings, reports, adoption)."""
    pages = list(pages)
    wanted = {p for page in pages for p in ancestor_paths(page.path)}
    if not wanted:
        return {}
    sections = {
        section.page.path: section
        for section in SectionOwnership.objects.select_related("unit", "unit__parent", "page").filter(
            page__path__in=wanted
        )
    }
    # Deepest first: the nearest section root wins.
    return {
        page.pk: next((sections[p] for p in reversed(ancestor_paths(page.path)) if p in sections), None)
        for page in pages
    }


def units_for_pages(pages):
    """``{page.pk: unit or None}`` for many pages in one query (for listings and reports)."""
    return {pk: section.unit if section else None for pk, section in sections_for_pages(pages).items()}

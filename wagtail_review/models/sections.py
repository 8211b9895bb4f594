"""Section ownership (Art. 4): a unit owns the page subtrees it publishes in."""

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
        from ..ownership import ancestor_paths

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

"""What self-inspection knows of the site: which pages are columns, and each day's result."""

import swapper
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ColumnKind(models.TextChoices):
    """The inspection's column kinds: each has its own freshness limit."""

    NEWS = "news", _("News (动态、要闻)")
    NOTICE = "notice", _("Notices (通知公告)")
    POLICY = "policy", _("Policy documents (政策文件)")
    OTHER = "other", _("Other (其他)")


class Column(models.Model):
    """A page whose children are a column's items (栏目), and the kind of column it is."""

    page = models.OneToOneField(
        swapper.get_model_name("wagtailcore", "Page"),
        verbose_name=_("column page"),
        on_delete=models.CASCADE,
        related_name="inspection_column",
        help_text=_("The page that lists the column's items; its live children are the column's content."),
    )
    kind = models.CharField(_("column kind"), max_length=16, choices=ColumnKind.choices)
    # A column that is meant to change rarely (e.g. 机构概况) is listed with a note, not left out.
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("inspected column")
        verbose_name_plural = _("inspected columns")
        ordering = ["page__path"]

    def __str__(self):
        return self.page.title


class DailyResult(models.Model):
    """One day's self-inspection, as it was computed then: the record Art. 11 asks the centre to keep."""

    day = models.DateField(_("inspection day"), unique=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    passed = models.BooleanField(_("would pass"))
    failed_indicators = models.PositiveSmallIntegerField(_("failed indicators"))
    red_items = models.PositiveIntegerField(_("items to act on"))
    # ``indicators.as_json`` of every indicator: name, threshold, value, pass/fail, who must act.
    results = models.JSONField(_("indicator results"))

    class Meta:
        verbose_name = _("daily self-inspection")
        verbose_name_plural = _("daily self-inspections")
        ordering = ["-day"]

    def __str__(self):
        return str(self.day)

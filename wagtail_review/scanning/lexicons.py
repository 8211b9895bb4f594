"""The lexicons the information centre keeps in the admin, each change kept in its history.

* ``WordingError`` — a serious wording error and its right form (攻府 → 政府);
* ``OfficialTitle`` — who holds which title, from when until when (the officials table);
* ``SensitiveTerm`` — an expression that needs a second look, or must not appear, with a severity.

The migration seeds a small starter set, each entry's note saying it is an
example to replace; the site's real tables are the information centre's to
maintain. Every change bumps ``LexiconVersion``, which the matcher is built
for, so the next scan in any process uses the new tables.
"""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Severity(models.TextChoices):
    SERIOUS = "serious", _("Serious (blocks signing)")
    WARNING = "warning", _("Check (does not block)")


class WordingError(models.Model):
    wrong = models.CharField(_("wrong form"), max_length=64, unique=True)
    right = models.CharField(_("right form"), max_length=64)
    severity = models.CharField(
        _("severity"), max_length=16, choices=Severity.choices, default=Severity.SERIOUS
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords(verbose_name=_("historical wording error"))

    class Meta:
        verbose_name = _("wording error")
        verbose_name_plural = _("wording errors")
        ordering = ["wrong"]

    def __str__(self):
        return f"{self.wrong} → {self.right}"


class OfficialTitle(models.Model):
    name = models.CharField(_("person's name"), max_length=32)
    title = models.CharField(_("title held"), max_length=64)
    held_from = models.DateField(_("held from"), null=True, blank=True)
    held_until = models.DateField(_("held until"), null=True, blank=True, help_text=_("Empty while held."))
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords(verbose_name=_("historical official title"))

    class Meta:
        verbose_name = _("official's title")
        verbose_name_plural = _("officials' titles")
        ordering = ["name", "-held_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(held_until__isnull=True)
                | models.Q(held_from__isnull=True)
                | models.Q(held_until__gte=F("held_from")),
                name="wagtail_review_official_title_period",
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.title}）"

    def held_on(self, day):
        return (self.held_from is None or self.held_from <= day) and (
            self.held_until is None or day <= self.held_until
        )


class SensitiveTerm(models.Model):
    term = models.CharField(_("expression"), max_length=64, unique=True)
    severity = models.CharField(
        _("severity"), max_length=16, choices=Severity.choices, default=Severity.WARNING
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords(verbose_name=_("historical sensitive expression"))

    class Meta:
        verbose_name = _("sensitive expression")
        verbose_name_plural = _("sensitive expressions")
        ordering = ["term"]

    def __str__(self):
        return self.term


class LexiconVersion(models.Model):
    """One row: a number that grows with every change to any lexicon."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("lexicon version")

    def __str__(self):
        return str(self.version)

    @classmethod
    def current(cls):
        return cls.objects.values_list("version", flat=True).first() or 0

    @classmethod
    def bump(cls, **kwargs):
        if not cls.objects.filter(pk=1).update(version=F("version") + 1):
            cls.objects.get_or_create(pk=1, defaults={"version": 1})


LEXICON_MODELS = (WordingError, OfficialTitle, SensitiveTerm)

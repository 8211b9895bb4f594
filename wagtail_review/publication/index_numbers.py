"""索引号: each released page's number in the government information catalogue, ``机构代码/YYYY-NNNNN``.

Given once, in the transaction of the page's first release (after its ledger
entry, under the ledger's lock, so concurrent releases take turns), and never
changed or reused: not when the page is edited, moved, taken down and
released again, not when its unit's code changes, not when it is deleted
(the number keeps the page's id, not a link to it). ``机构代码`` is the
organisation code of the unit that released it (an internal organ's unit's if
it has none of its own; the unit's slug in capitals while it has no code);
``YYYY`` the year of release in the register's time zone; ``NNNNN`` that
code's count in that year.
"""

from django.db import models
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..exports import register_time_zone

# A page released outside every unit's section: the site's own information.
SITE_PREFIX = "000000000"


class IndexNumber(models.Model):
    page_id = models.BigIntegerField(_("page id"), unique=True)
    number = models.CharField(_("index number"), max_length=64, unique=True)
    prefix = models.CharField(_("organisation code"), max_length=64)
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial number"))
    unit_id = models.BigIntegerField(_("unit id"), null=True)
    # The release that gave it: its ledger entry.
    ledger_sequence = models.PositiveBigIntegerField(_("ledger entry"))
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("index number")
        verbose_name_plural = _("index numbers")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year", "serial"], name="wagtail_review_index_serial")
        ]

    def __str__(self):
        return self.number


def prefix_for(unit):
    """The 机构代码 part for information released by ``unit`` (None: the site's own)."""
    if unit is None:
        return SITE_PREFIX
    if unit.organisation_code:
        return unit.organisation_code
    if unit.parent_id and unit.parent.organisation_code:
        return unit.parent.organisation_code
    return unit.slug.upper()


def assign(entry):
    """Give the page of ``entry`` (its release's ledger entry) its number, unless it has one. Returns it."""
    from ..organisation.units import Unit

    existing = IndexNumber.objects.filter(page_id=entry.page_id).first()
    if existing is not None:
        return existing
    unit = Unit.objects.select_related("parent").filter(pk=entry.unit_id).first()
    prefix = prefix_for(unit)
    year = timezone.localtime(entry.recorded_at, register_time_zone()).year
    last = IndexNumber.objects.filter(prefix=prefix, year=year).aggregate(last=Max("serial"))["last"] or 0
    serial = last + 1
    return IndexNumber.objects.create(
        page_id=entry.page_id,
        number=f"{prefix}/{year}-{serial:05d}",
        prefix=prefix,
        year=year,
        serial=serial,
        unit_id=entry.unit_id,
        ledger_sequence=entry.sequence,
    )

"""Each unit's release catalogue (信息发布目录, Art. 12): what it publishes, how often, by when, who answers.

An item is daily or periodic (released at least every so many days, e.g.
工作动态 weekly), due by a date each year (e.g. 财政预决算 by 30 June), or ad hoc
(released within a time limit of the event, e.g. 政策文件 within 3 days of
issue, 突发事件 at once; those limits are kept per document by ``time_limits``).
A unit's leaders keep its items; the information centre reviews them: an item a
unit changes waits for the centre's approval again.

``due_items`` says, for a day, which items are overdue or due soon, measured by
the publish dates of the live items in the item's column.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..organisation.memberships import LEADER_ROLES, Membership, is_site_administrator
from .models import Column

SOON_DAYS = 2


class CatalogueKind(models.TextChoices):
    DAILY = "daily", gettext_lazy("Daily (日常)")
    PERIODIC = "periodic", gettext_lazy("Periodic (定期)")
    AD_HOC = "ad_hoc", gettext_lazy("Ad hoc (不定期)")


class CatalogueItem(models.Model):
    unit = models.ForeignKey(
        "wagtail_gov_review.Unit",
        verbose_name=gettext_lazy("unit"),
        on_delete=models.CASCADE,
        related_name="catalogue_items",
    )
    name = models.CharField(gettext_lazy("catalogue item"), max_length=100)
    kind = models.CharField(gettext_lazy("kind of item"), max_length=16, choices=CatalogueKind.choices)
    column = models.ForeignKey(
        Column,
        verbose_name=gettext_lazy("column"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="catalogue_items",
        help_text=gettext_lazy("Where the item is released; its freshness is measured there."),
    )
    every_days = models.PositiveSmallIntegerField(
        gettext_lazy("released at least every (days)"),
        null=True,
        blank=True,
        help_text=gettext_lazy("Daily and periodic items: e.g. 7 for weekly."),
    )
    due_month = models.PositiveSmallIntegerField(gettext_lazy("due each year: month"), null=True, blank=True)
    due_day = models.PositiveSmallIntegerField(gettext_lazy("due each year: day"), null=True, blank=True)
    time_limit_days = models.PositiveSmallIntegerField(
        gettext_lazy("time limit after the event (days)"),
        null=True,
        blank=True,
        help_text=gettext_lazy("Ad hoc items: 0 for at once, 3 for government documents."),
    )
    requires_interpretation = models.BooleanField(
        gettext_lazy("released with its interpretation"),
        default=False,
        help_text=gettext_lazy("Major policy documents appear together with their interpretation (Art. 9)."),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("approved by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(gettext_lazy("approved at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = gettext_lazy("release catalogue item")
        verbose_name_plural = gettext_lazy("release catalogue")
        ordering = ["unit__name", "name"]

    def __str__(self):
        return f"{self.unit.name}：{self.name}"

    @property
    def approved(self):
        return self.approved_at is not None

    @property
    def time_limit_display(self):
        """The item's time limit or frequency in words: "at least every 7 days", "by 1/31 each year"…"""
        if self.every_days:
            limit = _("at least every %(days)d days") % {"days": self.every_days}
        elif self.due_month and self.due_day:
            limit = _("by %(month)d/%(day)d each year") % {"month": self.due_month, "day": self.due_day}
        elif self.time_limit_days == 0:
            limit = _("at once")
        elif self.time_limit_days:
            limit = _("within %(days)d days") % {"days": self.time_limit_days}
        else:
            limit = "—"
        if self.requires_interpretation:
            limit = _("%(limit)s, together with its interpretation") % {"limit": limit}
        return limit

    def clean(self):
        if self.kind in (CatalogueKind.DAILY, CatalogueKind.PERIODIC):
            if not self.every_days and not (self.due_month and self.due_day):
                raise ValidationError(
                    _(
                        "Say how often the item is released (every so many days) or the date it is due each year."
                    )
                )
        if (self.due_month is None) != (self.due_day is None):
            raise ValidationError(_("Give both the month and the day the item is due each year."))
        if self.due_month:
            try:
                date(2024, self.due_month, self.due_day)  # a leap year: 29 February is a date
            except ValueError:
                raise ValidationError(_("The yearly due date is not a date.")) from None
        if self.kind == CatalogueKind.AD_HOC and self.time_limit_days is None:
            raise ValidationError(_("Give the time limit of an ad hoc item (0 for at once)."))
        if self.column_id and self.unit_id:
            from ..organisation.sections import unit_for_page

            owner = unit_for_page(self.column.page)
            if owner is not None and owner.pk != self.unit_id:
                raise ValidationError(
                    {"column": _("This column belongs to %(unit)s.") % {"unit": owner.name}}
                )


def may_keep(user, unit):
    """The information centre keeps every unit's catalogue; a unit's leaders keep theirs."""
    return is_site_administrator(user) or (
        user.is_active
        and Membership.objects.active().filter(user=user, unit=unit, role__in=LEADER_ROLES).exists()
    )


def units_kept_by(user):
    """The units whose catalogue ``user`` keeps: None for every unit."""
    if is_site_administrator(user):
        return None
    return Membership.objects.active().filter(user=user, role__in=LEADER_ROLES).values("unit_id")


def mark_approval(item, user):
    """Saved by the centre, the item stands approved; changed by the unit, it waits for the centre again."""
    if is_site_administrator(user):
        item.approved_by, item.approved_at = user, timezone.now()
    else:
        item.approved_by, item.approved_at = None, None


def save_item(item, user):
    if not may_keep(user, item.unit):
        raise PermissionError(_("Only the unit's leaders and the information centre keep its catalogue."))
    mark_approval(item, user)
    item.full_clean()
    item.save()
    return item


def items_covering(page):
    """The catalogue items released in a column ``page`` stands in: the limits its 审查表 tab shows."""
    return list(
        CatalogueItem.objects.filter(column__page__in=page.get_ancestors())
        .select_related("unit", "responsible")
        .order_by("name")
    )


@dataclass
class DueItem:
    item: CatalogueItem
    due: date
    overdue: bool
    last_release: date | None


def latest_release(column, children):
    """The newest publish date among the column's live items (``children``: ``indicators.children_by_parent``)."""
    from .indicators import publish_date

    return max((d for d in map(publish_date, children.get(column.page.path, ())) if d), default=None)


def due_date(item, latest, day):
    """When ``item`` is next due as of ``day``, given its column's latest release; None if it has no due date."""
    if item.every_days:
        # Never released at all: overdue since it was first due, as far as anyone can tell (yesterday).
        return (latest + timedelta(days=item.every_days)) if latest else day - timedelta(days=1)
    if item.due_month and item.due_day:
        try:
            due = date(day.year, item.due_month, item.due_day)
        except ValueError:  # 29 February in a common year: the last day of February
            due = date(day.year, 3, 1) - timedelta(days=1)
        released_this_year = latest is not None and latest >= date(day.year, 1, 1)
        return None if released_this_year else due
    return None


def due_items(day, pages, units=None):
    """Items overdue on ``day`` or due within ``SOON_DAYS``, most overdue first (``pages``: the live pages)."""
    from .indicators import children_by_parent

    children = children_by_parent(pages)
    items = CatalogueItem.objects.filter(column__isnull=False).select_related(
        "unit", "column__page", "responsible"
    )
    if units is not None:
        items = items.filter(unit__in=units)
    found = []
    for item in items:
        latest = latest_release(item.column, children)
        due = due_date(item, latest, day)
        if due is not None and due <= day + timedelta(days=SOON_DAYS):
            found.append(DueItem(item=item, due=due, overdue=due < day, last_release=latest))
    return sorted(found, key=lambda found_item: found_item.due)


@dataclass
class MissingInterpretation:
    item: CatalogueItem
    page: object


def documents_without_interpretation(pages, units=None):
    """Live documents in the column of an item that requires an interpretation, with no live one naming them.

    ``pages``: the live pages (``indicators.live_pages()[1]``). A finding (Art. 9(1)): a major policy
    document appears together with its interpretation.
    """
    from ..publication.joint_release import document_named_by, interpretation_links

    interpretation_types = tuple(interpretation_links())
    if not interpretation_types:
        return []
    interpreted = {document_named_by(page) for page in pages if isinstance(page, interpretation_types)}
    items = CatalogueItem.objects.filter(requires_interpretation=True, column__isnull=False).select_related(
        "unit", "column__page"
    )
    if units is not None:
        items = items.filter(unit__in=units)
    found = []
    for item in items:
        column_path = item.column.page.path
        for page in pages:
            if (
                page.path.startswith(column_path)
                and page.path != column_path
                and page.numchild == 0  # a document, not a sub-column
                and not isinstance(page, interpretation_types)
                and page.pk not in interpreted
            ):
                found.append(MissingInterpretation(item=item, page=page))
    return found

"""The single-veto indicators of the national inspection, computed for one day.

Each indicator has a value and a threshold; it fails when the value reaches the
threshold (the inspection's "及以上"). Each item behind a failing or counting
value names its unit, the people who must act (the unit's 信息员 and leaders;
the information centre for the homepage and for anything outside every
section) and the admin page where they act.

A page's publish date is the first of ``WAGTAIL_REVIEW_INSPECTION_DATE_FIELDS``
its type has: the date the public sees. A page whose date is empty counts as
never updated, as the inspection counts it.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..app_settings import INSPECTION_THRESHOLDS, app_settings
from ..exports import register_time_zone
from ..organisation.memberships import LEADER_ROLES, SITE_ADMINISTRATION_ROLES, Membership, Role
from ..organisation.people import person_name
from ..organisation.sections import SectionOwnership
from ..organisation.units import UnitKind
from .models import Column, ColumnKind

# The column kinds each freshness indicator covers, with its threshold names.
FRESHNESS = (
    ("news_columns", gettext_lazy("News columns updated"), (ColumnKind.NEWS,), "news"),
    (
        "notice_columns",
        gettext_lazy("Notice and policy columns updated"),
        (ColumnKind.NOTICE, ColumnKind.POLICY),
        "notice",
    ),
    ("other_columns", gettext_lazy("Other columns updated"), (ColumnKind.OTHER,), "other"),
)


def thresholds():
    """The defaults, with the site's ``WAGTAIL_REVIEW_INSPECTION_THRESHOLDS`` over them."""
    return {**INSPECTION_THRESHOLDS, **app_settings.INSPECTION_THRESHOLDS}


def today():
    return timezone.localdate(timezone.now(), timezone=register_time_zone())


@dataclass
class Item:
    """One thing someone must act on: what, why, whose, and where to act."""

    what: str
    detail: str
    unit_id: int | None
    unit_name: str
    # Where the people named act (the page explorer or editor, the message); ``page``: the page it is about.
    url: str
    people: list = field(default_factory=list)
    page: object = None

    def links_for(self, user):
        """``(act_url, view_url)`` for ``user``: where they act if they may, else the public page to look at."""
        if self.page is None:
            return self.url, None
        permissions = self.page.permissions_for_user(user)
        if permissions.can_edit() or permissions.can_add_subpage():
            return self.url, None
        return None, self.page.url


@dataclass
class Indicator:
    key: str
    name: str
    rule: str
    threshold: int
    value: int
    items: list = field(default_factory=list)

    @property
    def passed(self):
        return self.value < self.threshold

    def as_json(self):
        return {
            "key": self.key,
            "name": str(self.name),
            "rule": self.rule,
            "threshold": self.threshold,
            "value": self.value,
            "passed": self.passed,
            "must_act": [
                {
                    "unit": item.unit_name,
                    "people": item.people,
                    "what": item.what,
                    "detail": item.detail,
                    "url": item.url,
                }
                for item in self.items
            ],
        }


def publish_date(page):
    """The publish date ``page`` (specific) shows, as a date; None when it has none."""
    for name in app_settings.INSPECTION_DATE_FIELDS:
        if hasattr(page, name):
            value = getattr(page, name)
            if isinstance(value, datetime):
                return timezone.localdate(value, timezone=register_time_zone())
            return value
    return None


class Responsibility:
    """Who answers for what: a page's unit by its section, a unit's 信息员 and leaders by their roles."""

    def __init__(self):
        self.sections = list(SectionOwnership.objects.select_related("page", "unit").order_by("-page__depth"))
        self.people = {}
        acting_roles = (Role.EDITOR, *LEADER_ROLES)
        memberships = Membership.objects.active().select_related("user", "unit")
        for membership in memberships.filter(
            Q(role__in=acting_roles) | Q(role__in=SITE_ADMINISTRATION_ROLES, unit__kind=UnitKind.INFO_CENTER)
        ):
            key = (
                "centre"
                if membership.unit.kind == UnitKind.INFO_CENTER
                and membership.role in SITE_ADMINISTRATION_ROLES
                else membership.unit_id
            )
            label = f"{person_name(membership.user)}（{membership.get_role_display()}）"
            if label not in self.people.setdefault(key, []):
                self.people[key].append(label)

    def unit_of(self, page):
        return next((s.unit for s in self.sections if page.path.startswith(s.page.path)), None)

    def item(self, what, detail, unit, url, page=None):
        people = self.people.get(unit.pk, []) if unit else []
        return Item(
            what=what,
            detail=detail,
            unit_id=unit.pk if unit else None,
            unit_name=unit.name if unit else _("Information centre"),
            url=url,
            people=people or self.people.get("centre", []),
            page=page,
        )


def _explore_url(page):
    return reverse("wagtailadmin_explore", args=[page.pk])


def _edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def children_by_parent(pages):
    """``{parent path: [its live children]}`` for ``pages``, built once (a column's items are its children)."""
    children = {}
    for page in pages:
        children.setdefault(page.path[: -page.steplen], []).append(page)
    return children


def live_pages():
    """The default site's home page and its live pages (specific), read once for every indicator."""
    from wagtail.models import Page, Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None, []
    pages = list(Page.objects.live().descendant_of(site.root_page, inclusive=True).specific())
    return site.root_page, pages


def homepage_indicator(day, limits, responsibility, home, pages):
    dated = [publish_date(page) for page in pages]
    latest = max((date for date in dated if date), default=None)
    days = (day - latest).days if latest else limits["homepage_stale_days"]
    items = []
    if home is not None and days >= limits["homepage_stale_days"]:
        detail = (
            _("Last updated %(date)s, %(days)d days ago.") % {"date": latest, "days": days}
            if latest
            else _("Nothing on the site has a publish date.")
        )
        items.append(responsibility.item(home.title, detail, None, _explore_url(home), home))
    return Indicator(
        key="homepage",
        name=gettext_lazy("Homepage updated"),
        rule=_("Fails when the homepage has not been updated for %(days)d days or more.")
        % {"days": limits["homepage_stale_days"]},
        threshold=limits["homepage_stale_days"],
        value=days,
        items=items,
    )


def column_indicators(day, limits, responsibility, pages):
    """The three freshness indicators, the empty columns and the pages without a publish date."""
    columns = list(Column.objects.select_related("page"))
    stale = {key: [] for key, *_rest in FRESHNESS}
    empty, undated = [], []
    by_parent = children_by_parent(pages)
    for column in columns:
        unit = responsibility.unit_of(column.page)
        children = by_parent.get(column.page.path, [])
        if not children:
            empty.append(
                responsibility.item(
                    column.page.title, _("No content."), unit, _explore_url(column.page), column.page
                )
            )
            continue
        dates = []
        for page in children:
            date = publish_date(page)
            if date is None:
                undated.append(
                    responsibility.item(
                        page.title,
                        _("No publish date, in “%(column)s”.") % {"column": column.page.title},
                        unit,
                        _edit_url(page),
                        page,
                    )
                )
            else:
                dates.append(date)
        latest = max(dates, default=None)
        for key, _name, kinds, prefix in FRESHNESS:
            if column.kind not in kinds:
                continue
            days = (day - latest).days if latest else None
            if days is None or days >= limits[f"{prefix}_stale_days"]:
                detail = (
                    _("Last updated %(date)s, %(days)d days ago.") % {"date": latest, "days": days}
                    if latest
                    else _("No item has a publish date.")
                )
                stale[key].append(
                    responsibility.item(
                        column.page.title, detail, unit, _explore_url(column.page), column.page
                    )
                )
    indicators = []
    for key, name, _kinds, prefix in FRESHNESS:
        indicators.append(
            Indicator(
                key=key,
                name=name,
                rule=_(
                    "Fails when %(count)d or more of these columns have not been updated for %(days)d days "
                    "or more."
                )
                % {"count": limits[f"{prefix}_stale_columns"], "days": limits[f"{prefix}_stale_days"]},
                threshold=limits[f"{prefix}_stale_columns"],
                value=len(stale[key]),
                items=stale[key],
            )
        )
    indicators.append(
        Indicator(
            key="empty_columns",
            name=gettext_lazy("Empty columns"),
            rule=_("Fails when %(count)d or more columns have no content.")
            % {"count": limits["empty_columns"]},
            threshold=limits["empty_columns"],
            value=len(empty),
            items=empty,
        )
    )
    indicators.append(
        Indicator(
            key="missing_publish_dates",
            name=gettext_lazy("Publish dates"),
            rule=_("Fails when %(count)d or more live pages in columns have no publish date.")
            % {"count": limits["missing_publish_dates"]},
            threshold=limits["missing_publish_dates"],
            value=len(undated),
            items=undated,
        )
    )
    return indicators


def unanswered_indicator(day, limits, responsibility):
    from ..mailbox.models import Message, MessageKind, MessageStatus

    # Unanswered for the threshold's days or more, counted in Beijing days as every indicator is: a message
    # received on ``day - unanswered_days`` counts, one received the day after does not.
    cutoff = datetime.combine(
        day - timedelta(days=limits["unanswered_days"] - 1), time.min, register_time_zone()
    )
    unanswered = Message.objects.filter(
        kind=MessageKind.CONSULTATION,
        status__in=(MessageStatus.PENDING, MessageStatus.ACCEPTED, MessageStatus.IN_PROGRESS),
        received_at__lt=cutoff,
    ).select_related("unit")
    items = [
        responsibility.item(
            # Neither the query code (it opens the writer's page) nor the writer's own words: the link is enough.
            _("Consultation no. %(pk)d") % {"pk": message.pk},
            _("Received %(date)s, not yet answered.")
            % {"date": timezone.localdate(message.received_at, timezone=register_time_zone())},
            message.unit,
            reverse("wagtail_review_mailbox_messages:inspect", args=[message.pk]),
        )
        for message in unanswered
    ]
    return Indicator(
        key="unanswered_consultations",
        name=gettext_lazy("Consultations answered"),
        rule=_("Fails when %(count)d or more consultations are unanswered after %(days)d days.")
        % {"count": limits["unanswered_consultations"], "days": limits["unanswered_days"]},
        threshold=limits["unanswered_consultations"],
        value=len(items),
        items=items,
    )


def wording_indicator(limits, responsibility):
    from ..scanning.lexicons import Severity
    from ..scanning.live import LiveFinding
    from ..scanning.scanner import Kind

    findings = LiveFinding.objects.filter(
        severity=Severity.SERIOUS, kind__in=(Kind.WORDING_ERROR, Kind.OFFICIAL_TITLE), page__live=True
    ).select_related("page", "unit")
    items = [
        responsibility.item(
            finding.page.title,
            _("“%(text)s” (%(suggestion)s)") % {"text": finding.text, "suggestion": finding.suggestion},
            finding.unit,
            _edit_url(finding.page),
            finding.page,
        )
        for finding in findings
    ]
    return Indicator(
        key="serious_wording_errors",
        name=gettext_lazy("Serious wording errors"),
        rule=_("Fails on %(count)d or more serious wording errors on live pages.")
        % {"count": limits["serious_wording_errors"]},
        threshold=limits["serious_wording_errors"],
        value=len(items),
        items=items,
    )


def dead_link_indicator(limits, responsibility):
    from ..scanning.links import LinkCheck, LinkCheckRun, Outcome

    run = LinkCheckRun.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
    dead = (
        LinkCheck.objects.filter(
            run=run, outcome__in=(Outcome.BROKEN, Outcome.REDIRECT_LOOP), page__live=True
        )
        .select_related("page", "unit")
        .order_by("page__path", "target")
        if run
        else []
    )
    items = [
        responsibility.item(check.page.title, check.target, check.unit, _edit_url(check.page), check.page)
        for check in dead
    ]
    return Indicator(
        key="dead_links",
        name=gettext_lazy("Dead links"),
        rule=_("Fails on %(count)d or more dead links found by the latest link check.")
        % {"count": limits["dead_links"]},
        threshold=limits["dead_links"],
        value=len(items),
        items=items,
    )


def inspect(day=None, site_pages=None):
    """Every indicator for ``day`` (today in Beijing by default), in the order an inspector reads them."""
    day = day or today()
    limits = thresholds()
    responsibility = Responsibility()
    home, pages = site_pages or live_pages()
    return [
        homepage_indicator(day, limits, responsibility, home, pages),
        *column_indicators(day, limits, responsibility, pages),
        unanswered_indicator(day, limits, responsibility),
        wording_indicator(limits, responsibility),
        dead_link_indicator(limits, responsibility),
    ]

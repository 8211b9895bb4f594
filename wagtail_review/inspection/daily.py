"""The daily self-inspection (Art. 11: the information centre checks every day and keeps the record).

``record`` computes today's indicators and keeps them as a ``DailyResult`` (one per
day; a second run the same day replaces it). When anything is red, the information
centre's website administrators and the people named on the red items who have an
e-mail address are told. Run it daily: ``manage.py self_inspection --record`` from
cron queues ``record_self_inspection`` for the background worker (django-tasks).
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from ..organisation.memberships import LEADER_ROLES, SITE_ADMINISTRATION_ROLES, Membership, Role
from ..organisation.units import UnitKind
from .catalogue import due_items
from .indicators import inspect, live_pages, today
from .models import DailyResult
from .time_limits import pending_documents


@transaction.atomic
def record(day=None):
    day = day or today()
    site_pages = live_pages()
    indicators = inspect(day, site_pages)
    due = due_items(day, site_pages[1])
    documents = pending_documents(day)
    failed = [indicator for indicator in indicators if not indicator.passed]
    result, _created = DailyResult.objects.update_or_create(
        day=day,
        defaults={
            "passed": not failed,
            "failed_indicators": len(failed),
            "red_items": sum(len(indicator.items) for indicator in indicators),
            "results": [indicator.as_json() for indicator in indicators],
        },
    )
    transaction.on_commit(lambda: notify(indicators, due, day, documents))
    return result


def _unit_addresses(unit_ids, roles):
    """``{unit id: {e-mail addresses}}`` of the active members holding ``roles``."""
    addresses = defaultdict(set)
    for membership in (
        Membership.objects.active().filter(unit_id__in=unit_ids, role__in=roles).select_related("user")
    ):
        if membership.user.email:
            addresses[membership.unit_id].add(membership.user.email)
    return addresses


def admin_link(path):
    """An absolute admin address for an e-mail (``WAGTAILADMIN_BASE_URL``), or the path without one."""
    return f"{getattr(settings, 'WAGTAILADMIN_BASE_URL', '').rstrip('/')}{path}"


def letters(indicators, due, documents=()):
    """``{address: [lines]}``: the centre's website administrators read everything; a unit's 信息员 and
    leaders read their unit's red items; the person responsible for a catalogue item due reads it, and
    the unit's leaders read it once it is overdue."""
    centre = {
        m.user.email
        for m in Membership.objects.active()
        .filter(unit__kind=UnitKind.INFO_CENTER, role__in=SITE_ADMINISTRATION_ROLES)
        .select_related("user")
        if m.user.email
    }
    lines = defaultdict(list)
    red_units = {item.unit_id for indicator in indicators for item in indicator.items}
    people = _unit_addresses(red_units, (Role.EDITOR, *LEADER_ROLES))
    for indicator in indicators:
        for item in indicator.items:
            line = (
                f"{indicator.name}（{indicator.value} / {indicator.threshold}）：{item.unit_name} {item.what} — "
                f"{item.detail} {admin_link(item.url)}"
            )
            for address in centre | people.get(item.unit_id, set()):
                lines[address].append(line)
    leaders = _unit_addresses({found.item.unit_id for found in due if found.overdue}, LEADER_ROLES)
    for found in due:
        template = (
            _("%(unit)s: %(item)s, overdue since %(due)s")
            if found.overdue
            else _("%(unit)s: %(item)s, due by %(due)s")
        )
        line = template % {"unit": found.item.unit.name, "item": found.item.name, "due": found.due}
        readers = set(centre)
        if found.item.responsible and found.item.responsible.email:
            readers.add(found.item.responsible.email)
        if found.overdue:
            readers |= leaders.get(found.item.unit_id, set())
        for address in readers:
            lines[address].append(line)
    documents_people = _unit_addresses(
        {deadline.unit.pk for deadline in documents if deadline.unit}, (Role.EDITOR, *LEADER_ROLES)
    )
    for deadline in documents:
        line = _("Government document %(number)s “%(title)s”: %(deadline)s %(link)s") % {
            "number": deadline.doc_number,
            "title": deadline.page.title,
            "deadline": deadline.describe(),
            "link": admin_link(reverse("wagtailadmin_pages:edit", args=[deadline.page.pk])),
        }
        unit_people = documents_people.get(deadline.unit.pk, set()) if deadline.unit else set()
        for address in centre | unit_people:
            lines[address].append(line)
    return lines


def notify(indicators, due, day, documents=()):
    red = [indicator for indicator in indicators if indicator.items]
    with translation.override(settings.LANGUAGE_CODE):
        to_each = letters(red, due, documents)
        if not to_each:
            return 0
        failed = [indicator for indicator in indicators if not indicator.passed]
        verdict = (
            _("The site would fail a national spot-check today on %(count)d indicators.")
            % {"count": len(failed)}
            if failed
            else _("The site would pass a national spot-check today, but these items need attention.")
        )
        subject = _("Self-inspection of %(day)s") % {"day": day}
        return send_mass_mail(
            [
                (subject, "\n".join([verdict, "", *lines]), None, [address])
                for address, lines in sorted(to_each.items())
            ]
        )


@task()
def record_self_inspection():
    """Background job: today's ``record`` (django-tasks; immediate where no worker is configured)."""
    return record().pk

"""The daily self-inspection (Art. 11: the information centre checks every day and keeps the record).

``record`` computes today's indicators and keeps them as a ``DailyResult`` (one per
day; a second run the same day replaces it). When anything is red, the information
centre's website administrators and the people named on the red items who have an
e-mail address are told. Run it daily: ``manage.py self_inspection --record`` from
cron queues ``record_self_inspection`` for the background worker (django-tasks).
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from ..organisation.memberships import LEADER_ROLES, SITE_ADMINISTRATION_ROLES, Membership, Role
from ..organisation.units import UnitKind
from .catalogue import due_items
from .indicators import inspect, live_pages, today
from .models import DailyResult


@transaction.atomic
def record(day=None):
    day = day or today()
    site_pages = live_pages()
    indicators = inspect(day, site_pages)
    due = due_items(day, site_pages[1])
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
    transaction.on_commit(lambda: notify(indicators, due, day))
    return result


def _recipients(indicators, due):
    """The centre's website administrators; each unit's 信息员 and leaders with a red or overdue item;
    the person responsible for each catalogue item due."""
    units = {item.unit_id for indicator in indicators for item in indicator.items if item.unit_id}
    units |= {found.item.unit_id for found in due if found.overdue}
    memberships = Membership.objects.active().filter(
        unit__kind=UnitKind.INFO_CENTER, role__in=SITE_ADMINISTRATION_ROLES
    ) | Membership.objects.active().filter(unit_id__in=units, role__in=(Role.EDITOR, *LEADER_ROLES))
    addresses = {m.user.email for m in memberships.select_related("user")}
    addresses |= {found.item.responsible.email for found in due if found.item.responsible}
    return sorted(address for address in addresses if address)


def notify(indicators, due, day):
    red = [indicator for indicator in indicators if indicator.items]
    recipients = _recipients(red, due)
    if not (red or due) or not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        failed = [indicator for indicator in indicators if not indicator.passed]
        verdict = (
            _("The site would fail a national spot-check today on %(count)d indicators.")
            % {"count": len(failed)}
            if failed
            else _("The site would pass a national spot-check today, but these items need attention.")
        )
        lines = [verdict, ""]
        for indicator in red:
            lines.append(f"{indicator.name}（{indicator.value} / {indicator.threshold}）")
            lines += [f"  - {item.unit_name}: {item.what} — {item.detail}" for item in indicator.items]
        if due:
            lines += ["", _("Release catalogue items overdue or due soon")]
            lines += [
                "  - "
                + (
                    _("%(unit)s: %(item)s, overdue since %(due)s")
                    if found.overdue
                    else _("%(unit)s: %(item)s, due by %(due)s")
                )
                % {"unit": found.item.unit.name, "item": found.item.name, "due": found.due}
                for found in due
            ]
        subject = _("Self-inspection of %(day)s") % {"day": day}
        return send_mass_mail([(subject, "\n".join(lines), None, [address]) for address in recipients])


@task()
def record_self_inspection():
    """Background job: today's ``record`` (django-tasks; immediate where no worker is configured)."""
    return record().pk

"""Telling a unit that its information was taken down (Art. 16): by e-mail, to who writes and answers for it.

The unit's editors, its leaders and its designated officer hear what came
down, who took it down, when and why, and how it can come back (a new
submission through the route). The e-mail goes out as a background task
(django-tasks) once the take-down is committed, so a slow mail server never
holds up, or rolls back, the take-down itself.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from ..organisation.memberships import Membership, Role

TOLD_ROLES = (Role.EDITOR, Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER)


def notify_unit_of_take_down(sender, page, take_down, user, **kwargs):
    """``page_taken_down`` receiver: queue the e-mail for when the take-down is committed."""
    transaction.on_commit(lambda: send_take_down_notice.enqueue(take_down.pk))


def recipients(take_down):
    """Active editors, leaders and the designated officer of the page's unit, except whoever took it down."""
    from ..organisation.sections import unit_for_page

    unit = unit_for_page(take_down.page) if take_down.page_id else None
    if unit is None:
        return unit, []
    people = {
        membership.user
        for membership in Membership.objects.active()
        .filter(unit_id__in=unit.accountable_unit_ids, role__in=TOLD_ROLES, user__is_active=True)
        .select_related("user")
    }
    if unit.designated_officer is not None and unit.designated_officer.is_active:
        people.add(unit.designated_officer)
    return unit, sorted(
        (person for person in people if person.email and person.pk != take_down.taken_down_by_id),
        key=lambda person: person.pk,
    )


@task()
def send_take_down_notice(take_down_id):
    from ..exports import display_value
    from ..organisation.people import person_name
    from .models import TakeDown

    take_down = TakeDown.objects.select_related("taken_down_by", "page").filter(pk=take_down_id).first()
    if take_down is None:
        return 0
    unit, people = recipients(take_down)
    if not people:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "take_down": take_down,
            "unit": unit,
            "taken_down_by": person_name(take_down.taken_down_by),
            "taken_down_at": display_value(take_down.taken_down_at),
        }
        subject = render_to_string("wagtail_review/take_down_notice_subject.txt", context).strip()
        body = render_to_string("wagtail_review/take_down_notice.txt", context)
    return send_mail(subject, body, None, [person.email for person in people])

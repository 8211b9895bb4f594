"""The change record of a unit (Art. 7): who changed the unit, its people and its sections, and when.

Built from django-simple-history rows. Field diffs are computed in Python from
rows fetched in one query per model, rather than with ``diff_against``, which
would cost a query per row.
"""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain

from django.utils.translation import gettext_lazy as _

from .memberships import Membership
from .sections import SectionOwnership
from .units import Unit

ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ChangeRecord:
    when: datetime
    who: str
    action: str
    subject_type: str
    subject: str
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""


def _display(record, field_name):
    model_field = record.instance_type._meta.get_field(field_name)
    if model_field.choices:
        return str(
            dict(model_field.flatchoices).get(getattr(record, field_name), getattr(record, field_name))
        )
    if model_field.is_relation:
        value_id = getattr(record, model_field.attname)
        if value_id is None:
            return "—"
        related = getattr(record, field_name, None)
        return str(related) if related is not None else f"#{value_id}"
    value = getattr(record, field_name)
    return "—" if value in (None, "") else str(value)


def _records(history_qs, tracked_fields, subject_type):
    rows = list(history_qs.select_related("history_user").order_by("id", "history_date", "history_id"))
    previous = {}
    out = []
    for row in rows:
        before = previous.get(row.id)
        changes = []
        if before is not None and row.history_type == "~":
            for name in tracked_fields:
                old, new = _display(before, name), _display(row, name)
                if old != new:
                    label = row.instance_type._meta.get_field(name).verbose_name
                    changes.append(FieldChange(str(label), old, new))
        previous[row.id] = row
        out.append(
            ChangeRecord(
                when=row.history_date,
                who=row.history_user.get_username() if row.history_user else str(_("system")),
                action=str(ACTIONS.get(row.history_type, row.history_type)),
                subject_type=str(subject_type),
                subject=_subject(row),
                changes=changes,
                reason=row.history_change_reason or "",
            )
        )
    return out


def _subject(row):
    if row.instance_type is Membership:
        return f"{_display(row, 'user')} · {_display(row, 'role')}"
    if row.instance_type is SectionOwnership:
        return _display(row, "page")
    return row.name


def unit_change_records(unit):
    """Every recorded change to ``unit``, its memberships and its sections, newest first."""
    records = chain(
        _records(
            Unit.history.filter(id=unit.pk),
            ["name", "slug", "kind", "parent", "designated_officer", "contact_phone", "is_active"],
            Unit._meta.verbose_name,
        ),
        _records(
            Membership.history.filter(unit_id=unit.pk).select_related("user"),
            ["user", "role", "note"],
            Membership._meta.verbose_name,
        ),
        _records(
            SectionOwnership.history.filter(unit_id=unit.pk).select_related("page"),
            ["page"],
            SectionOwnership._meta.verbose_name,
        ),
    )
    return sorted(records, key=lambda r: r.when, reverse=True)

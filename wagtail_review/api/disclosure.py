"""The disclosure metadata of a released page in the pages API, and the filters a catalogue needs.

``meta.disclosure`` carries what a government information catalogue lists
(索引号, 发布机构, 发布日期 as registered, the column, and for a document its
文号, 发文机关, 成文日期, 印发日期, with the policy–interpretation link);
``?unit=``, ``?released_after=``, ``?released_before=`` and ``?doc_number=``
narrow a listing. All of it is read from the plugin's own records (sections,
the ledger, the review form), so it works for any site's page types.
"""

import datetime
import hashlib

import swapper
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rest_framework.fields import Field
from wagtail.api.v2.utils import BadRequestError

from ..exports import register_time_zone
from ..organisation.sections import section_for_page
from ..organisation.units import Unit
from ..publication import joint_release
from ..publication.index_numbers import IndexNumber
from ..publication.ledger.chain import head
from ..publication.ledger.models import LedgerAction, LedgerEntry
from ..publication.registration import shown_registration
from ..publication.serving import registered_pages
from ..review_form.models import ReviewForm, page_has_field, review_form_of

FILTERS = ("unit", "released_after", "released_before", "doc_number")


def _date(value):
    return value.isoformat() if value else None


def disclosure(page):
    """``meta.disclosure`` of a live page: a dict of JSON values."""
    section = section_for_page(page)
    unit = section.unit if section else None
    registration = shown_registration(page)
    first_release = registration.first_released_at if registration else None
    parent = page.get_parent()
    form = review_form_of(page)
    document = None
    if form.is_document:
        details = form.document_details
        document = {
            "doc_number": details["doc_number"],
            "issuing_authority": details["issuing_authority"],
            "date_written": _date(details["date_written"]),
            "date_issued": _date(details["date_issued"]),
        }
    # Other pages are named only if the public may see them (a withheld parent stays unnamed, as in ``meta.parent``).
    interprets = joint_release.document_named_by(page)
    interpretations = [interpretation.pk for interpretation in joint_release.interpretations_of(page)]
    others = _public_pages([parent.pk if parent else None, interprets, *interpretations])
    return {
        "index_number": registration.index_number or None if registration else None,
        "issuing_unit": {"name": unit.name, "slug": unit.slug} if unit else None,
        "released_at": first_release.isoformat() if first_release else None,
        "column": {"id": parent.pk, "title": others[parent.pk].title}
        if parent and parent.pk in others
        else None,
        "document": document,
        "validity": validity(page),
        "expires_at": page.expire_at.isoformat() if page.expire_at else None,
        "interprets": interprets if interprets in others else None,
        "interpretations": [pk for pk in interpretations if pk in others],
    }


def validity(page):
    """有效性: what the public site serves is in force; it stays so until its expiry, if one is set.

    Information that stops being in force leaves the site — by expiry or a
    take-down with the reason (Art. 16) — so a served page is never 失效.
    """
    return {
        "status": "effective",
        "label": str(_("In force")),
        "until": page.expire_at.isoformat() if page.expire_at else None,
    }


def catalogue_rows(pages):
    """What a disclosure catalogue lists of each of ``pages`` (specific pages), in four queries.

    ``[(page, 索引号, first release time, 文号)]``, for listings where ``disclosure`` per page would
    cost a handful of queries each.
    """
    ids = [page.pk for page in pages]
    numbers = dict(IndexNumber.objects.filter(page_id__in=ids).values_list("page_id", "number"))
    firsts = dict(
        LedgerEntry.objects.filter(page_id__in=ids, action=LedgerAction.PUBLISH)
        .values("page_id")
        .annotate(first=Min("recorded_at"))
        .values_list("page_id", "first")
    )
    form_numbers = dict(ReviewForm.objects.filter(page_id__in=ids).values_list("page_id", "doc_number"))
    return [
        (
            page,
            numbers.get(page.pk, ""),
            firsts.get(page.pk),
            page.doc_number if page_has_field(type(page), "doc_number") else form_numbers.get(page.pk, ""),
        )
        for page in pages
    ]


def _public_pages(ids):
    """``{id: page}`` of those of ``ids`` the site serves."""
    Page = swapper.load_model("wagtailcore", "Page")
    return {page.pk: page for page in registered_pages(Page.objects.filter(pk__in=[i for i in ids if i]))}


class DisclosureField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return disclosure(page)


def _day(params, name):
    raw = params.get(name)
    if raw is None:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise BadRequestError(f"{name} must be a date written YYYY-MM-DD") from None


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), register_time_zone())


def filter_pages(queryset, params):
    """``queryset`` narrowed by the catalogue filters in ``params``; BadRequestError with the reason."""
    if "unit" in params:
        unit = Unit.objects.filter(slug=params["unit"]).first()
        if unit is None:
            raise BadRequestError(f"no unit has the slug {params['unit']!r}")
        paths = list(unit.sections.values_list("page__path", flat=True))
        under = Q(pk__in=[])
        for path in paths:
            under |= Q(path__startswith=path)
        queryset = queryset.filter(under)
    after, before = _day(params, "released_after"), _day(params, "released_before")
    if after or before:
        firsts = (
            LedgerEntry.objects.filter(action=LedgerAction.PUBLISH)
            .values("page_id")
            .annotate(first=Min("recorded_at"))
        )
        if after:
            firsts = firsts.filter(first__gte=_start_of(after))
        if before:
            firsts = firsts.filter(first__lt=_start_of(before + datetime.timedelta(days=1)))
        queryset = queryset.filter(pk__in=firsts.values("page_id"))
    if "doc_number" in params:
        queryset = queryset.filter(pk__in=_pages_with_doc_number(params["doc_number"]))
    return queryset


def _pages_with_doc_number(doc_number):
    """Ids of pages whose 文号 is ``doc_number``: in their review form, or in a field of their own."""
    from wagtail.models import get_page_models

    ids = set(ReviewForm.objects.filter(doc_number=doc_number).values_list("page_id", flat=True))
    for model in get_page_models():
        if page_has_field(model, "doc_number"):
            ids |= set(model.objects.filter(doc_number=doc_number).values_list("pk", flat=True))
    return ids


def not_modified(request):
    """304 when the client's copy is current, else None; and the validators to send with a fresh response.

    What the API shows changes only with the ledger (every release, take-down,
    expiry and move appends to it) or a unit's record (its name is shown).
    """
    unit_changed = Unit.history.order_by("-history_date").values_list("history_date", flat=True).first()
    current = head()
    moments = [moment for moment in (current.recorded_at, unit_changed) if moment is not None]
    last_modified = max(moments) if moments else None
    tag = hashlib.sha256(
        f"{current.hash}|{unit_changed}|{request.get_full_path()}|{get_language()}".encode()
    ).hexdigest()[:32]
    etag = f'"{tag}"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    return get_conditional_response(request, etag=etag, last_modified=timestamp), etag, last_modified

from django import template
from django.db.models import QuerySet

from ..organisation.people import person_name as _person_name
from ..publication.serving import registered_pages, servable_pages

register = template.Library()


@register.filter
def person_name(user):
    return _person_name(user)


@register.filter
def servable(pages):
    """A page listing restricted to what the site serves: ``{% for child in children|servable %}``.

    Takes a queryset of pages (``page.get_children.live``) or a list (search
    results); the same rule as the page URLs themselves (``publication.serving``).
    """
    if isinstance(pages, QuerySet):
        return registered_pages(pages)
    return servable_pages(pages)


@register.simple_tag
def admin_site_name():
    """``WAGTAIL_SITE_NAME`` (the portal's own name), for the sign-in page; empty when unset."""
    from django.conf import settings

    return getattr(settings, "WAGTAIL_SITE_NAME", "") or ""


@register.inclusion_tag("wagtail_review/includes/what_is_signed.html")
def what_is_signed(task_state):
    """For the signing dialog: the submitter's own answers, and the version this signer is asked to sign
    against the one signed last in this submission (what changed since)."""
    from ..review_form.checklist import ANSWER_CHOICES, REVIEW_POINTS, failing_points
    from ..review_form.models import review_form_of_revision
    from ..routing.routes import SourceType
    from ..routing.signatures import Signature

    revision = task_state.revision
    review_form = review_form_of_revision(revision) if revision is not None else None
    labels = dict(ANSWER_CHOICES)
    given = review_form.answers if review_form is not None else {}
    # Which answers would stop a release: the checklist's own rule, the sensitive route's exception included.
    failing = failing_points(
        given,
        sensitive_route=review_form is not None and review_form.effective_source_type == SourceType.EMERGENCY,
    )
    answers = [
        {
            "question": point.question,
            "answer": labels.get(given.get(point.field_name), "—"),
            "passes": point not in failing,
        }
        for point in REVIEW_POINTS
    ]
    last_signed = (
        Signature.objects.filter(workflow_state_id=task_state.workflow_state_id, decision=Signature.APPROVE)
        .exclude(revision_number=task_state.revision_id)
        .order_by("-signed_at")
        .values_list("revision_number", flat=True)
        .first()
    )
    return {
        "task_state": task_state,
        "page_id": task_state.workflow_state.object_id,
        "review_form": review_form,
        "answers": answers,
        "last_signed_revision_id": last_signed,
    }


@register.inclusion_tag("wagtail_review/includes/scan_findings.html")
def scan_findings(subject):
    """What the scanner finds in ``subject`` — a revision (the version to sign) or a page as being edited —
    serious findings marked."""
    from wagtail.models import Revision

    from ..scanning.pages import scan_page

    if subject is None:
        findings = []
    else:
        findings = scan_page(subject.as_object() if isinstance(subject, Revision) else subject)
    return {"findings": findings, "serious_count": sum(finding.is_serious for finding in findings)}


@register.inclusion_tag("wagtail_review/includes/registration.html")
def ledger_registration(page):
    """The page's 索引号 and registration in the publication ledger, with the link to its proof."""
    from ..organisation.sections import section_for_page
    from ..publication.registration import proof_path, shown_registration

    registration = shown_registration(page) if getattr(page, "pk", None) else None
    if registration is None:
        return {"registration": None}
    section = section_for_page(page)
    return {
        "registration": registration,
        "proof_url": proof_path(registration.sequence),
        # 发布机构 and 发布日期 as the catalogue and the API give them (api.disclosure).
        "issuing_unit": section.unit.name if section else "",
        "released_at": registration.first_released_at,
    }

"""A policy document and its interpretation go live together (Art. 9(1)).

Built on the demo's district office: a new policy document and an
interpretation naming it, both drafts, each sent through its real route.
"""

import datetime
import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.timezone import now
from wagtail.models import Page

from portal_site.portal.demo_routes import fill_demo_review_form
from portal_site.portal.models import ColumnPage, PolicyDocumentPage, PolicyInterpretationPage
from wagtail_review.exceptions import RouteIncomplete, UnreviewedPublication
from wagtail_review.models import LedgerEntry, Membership, Role
from wagtail_review.organisation.sections import unit_for_page
from wagtail_review.publication.ledger import chain
from wagtail_review.publication.ledger.verification import verify
from wagtail_review.review_form.checklist import passing_answers
from wagtail_review.routing.services import eligible_signers, sign, submit
from wagtail_review.routing.signatures import Signature

BODY = [("paragraph", "<p>为进一步规范农村集体资产管理，现就有关事项通知如下。</p>")]


@pytest.fixture
def columns(demo, db):
    policies = ColumnPage.objects.get(slug="policies")
    interpretations = ColumnPage.objects.get(slug="interpretations", path__startswith=policies.path[:-4])
    return policies, interpretations


@pytest.fixture
def editor(columns):
    unit = unit_for_page(columns[0])
    membership = Membership.objects.active().filter(unit=unit, role=Role.EDITOR).order_by("pk").first()
    return membership.user


@pytest.fixture
def pair(columns):
    policies, interpretations = columns
    document = policies.add_child(
        instance=PolicyDocumentPage(
            title="关于加强农村集体资产管理的通知",
            slug="collective-assets",
            doc_number="云政发〔2026〕30号",
            issuing_authority="大同市云州区人民政府",
            date_written=datetime.date(2026, 11, 20),
            date_published=datetime.date(2026, 11, 27),
            body=BODY,
            live=False,
        )
    )
    interpretation = interpretations.add_child(
        instance=PolicyInterpretationPage(
            title="《关于加强农村集体资产管理的通知》政策解读",
            slug="collective-assets-interpretation",
            interprets=document,
            date=datetime.date(2026, 11, 27),
            interpreter="云州区农业农村局",
            body=BODY,
            live=False,
        )
    )
    for page in (document, interpretation):
        page.save_revision()
    return document, interpretation


def start(page, editor):
    fill_demo_review_form(page, editor)
    return submit(page, editor)


def sign_all_but_last(workflow_state):
    """Sign every step but the last; return the last step and who may sign it."""
    answers = passing_answers()
    while True:
        workflow_state.refresh_from_db()
        task_state = workflow_state.current_task_state.specific
        signers = eligible_signers(task_state)
        if (
            workflow_state.workflow.workflow_tasks.order_by("-sort_order").first().task_id
            == task_state.task_id
        ):
            return task_state, signers[0]
        sign(task_state, signers[0], answers=answers, comment="同意。")


def sign_last(task_state, signer):
    sign(task_state, signer, answers=passing_answers(), comment="同意发布。")


def reload(*pages):
    return [Page.objects.get(pk=page.pk).specific for page in pages]


def test_the_documents_final_signature_waits_for_the_interpretations_route(pair, editor):
    document, interpretation = pair
    start(interpretation, editor)
    last, signer = sign_all_but_last(start(document, editor))
    entries_before = LedgerEntry.objects.count()

    with pytest.raises(RouteIncomplete) as refusal:
        sign_last(last, signer)

    assert interpretation.title in str(refusal.value)
    document, interpretation = reload(document, interpretation)
    assert not document.live and not interpretation.live
    last.refresh_from_db()
    assert last.status == last.STATUS_IN_PROGRESS  # the refused signature left nothing behind
    assert not Signature.objects.filter(task_state=last).exists()
    assert LedgerEntry.objects.count() == entries_before


def test_an_interpretation_approved_first_is_held_until_its_document_goes_live(pair, editor):
    document, interpretation = pair
    interpretation_state = start(interpretation, editor)
    task_state, signer = sign_all_but_last(interpretation_state)
    sign_last(task_state, signer)

    interpretation_state.refresh_from_db()
    assert interpretation_state.status == interpretation_state.STATUS_APPROVED
    (interpretation,) = reload(interpretation)
    assert not interpretation.live  # approved, held for its document
    assert not LedgerEntry.objects.filter(page_id=interpretation.pk).exists()


def test_both_go_live_in_one_transaction_with_linked_ledger_entries(pair, editor, monkeypatch):
    document, interpretation = pair
    task_state, signer = sign_all_but_last(start(interpretation, editor))
    sign_last(task_state, signer)
    last, signer = sign_all_but_last(start(document, editor))
    # Each reading of the clock a second later: the two entries must still share one time.
    ticks = iter(range(1, 1000))
    monkeypatch.setattr(
        chain, "_now", lambda: now().replace(microsecond=0) + datetime.timedelta(seconds=next(ticks))
    )

    sign_last(last, signer)

    document, interpretation = reload(document, interpretation)
    assert document.live and interpretation.live
    document_entry = LedgerEntry.objects.get(page_id=document.pk)
    interpretation_entry = LedgerEntry.objects.get(page_id=interpretation.pk)
    assert document_entry.released_with == interpretation.pk
    assert interpretation_entry.released_with == document.pk
    assert interpretation_entry.sequence == document_entry.sequence + 1
    assert interpretation_entry.recorded_at == document_entry.recorded_at
    assert str(document.pk) in interpretation_entry.reason
    # Each entry carries its own route's signatures; the chain verifies with the new field hashed.
    assert interpretation_entry.workflow_state_id != document_entry.workflow_state_id
    assert verify().ok


def test_if_the_interpretation_cannot_go_live_neither_does_the_document(pair, editor, monkeypatch):
    document, interpretation = pair
    task_state, signer = sign_all_but_last(start(interpretation, editor))
    sign_last(task_state, signer)
    last, signer = sign_all_but_last(start(document, editor))
    entries_before = LedgerEntry.objects.count()
    # The interpretation's held version is edited behind the route's back: its approval no longer
    # matches, so the guard refuses it — and the document with it.
    from wagtail_review.publication import joint_release

    real = joint_release.interpretations_to_release

    def tampered(document):
        held = real(document)
        for _page, approval in held:
            approval.revision.content["body"] = '[{"type": "paragraph", "value": "<p>篡改</p>"}]'
            approval.revision.save(update_fields=["content"])
        return held

    monkeypatch.setattr(joint_release, "interpretations_to_release", tampered)

    with pytest.raises(UnreviewedPublication):
        sign_last(last, signer)

    document, interpretation = reload(document, interpretation)
    assert not document.live and not interpretation.live
    assert LedgerEntry.objects.count() == entries_before


def test_a_held_interpretation_cannot_be_published_alone_by_any_path(pair, editor):
    document, interpretation = pair
    task_state, signer = sign_all_but_last(start(interpretation, editor))
    sign_last(task_state, signer)
    (interpretation,) = reload(interpretation)
    superuser = get_user_model().objects.filter(is_superuser=True).first()

    with pytest.raises(UnreviewedPublication):
        interpretation.latest_revision.publish(user=superuser, skip_permission_checks=True)

    (interpretation,) = reload(interpretation)
    assert not interpretation.live


def test_an_interpretation_added_after_its_document_is_public_is_released_alone(pair, editor):
    document, interpretation = pair
    # Detach the interpretation so the document is released on its own first.
    interpretation.interprets = None
    interpretation.save_revision()
    PolicyInterpretationPage.objects.filter(pk=interpretation.pk).update(interprets=None)
    last, signer = sign_all_but_last(start(document, editor))
    sign_last(last, signer)
    (document,) = reload(document)
    assert document.live

    (interpretation,) = reload(interpretation)
    interpretation.interprets = document
    interpretation.save_revision()
    task_state, signer = sign_all_but_last(start(interpretation, editor))
    sign_last(task_state, signer)

    (interpretation,) = reload(interpretation)
    assert interpretation.live
    assert LedgerEntry.objects.get(page_id=interpretation.pk).released_with is None


def test_the_review_form_tab_says_why_the_document_waits_and_its_catalogue_limit(client, pair, editor):
    document, interpretation = pair
    start(interpretation, editor)
    client.force_login(editor)

    page = client.get(reverse("wagtailadmin_pages:edit", args=[document.pk])).content.decode()

    waiting = re.search(r"<p [^>]*data-joint-release>(.*?)</p>", page, re.S).group(1)
    assert interpretation.title in html.unescape(waiting)
    limit = html.unescape(re.search(r"<p [^>]*data-catalogue-limit>(.*?)</p>", page, re.S).group(1))
    assert "政策文件" in limit


def test_a_document_released_without_its_interpretation_is_a_finding(client, columns):
    policies, _interpretations = columns
    documents = PolicyDocumentPage.objects.live().child_of(policies)
    interpreted = set(
        PolicyInterpretationPage.objects.live().exclude(interprets=None).values_list("interprets", flat=True)
    )
    alone = [page for page in documents if page.pk not in interpreted]
    assert alone and len(alone) < documents.count()  # the demo has both kinds
    client.force_login(get_user_model().objects.get(username="webadmin"))

    page = client.get(reverse("wagtail_review:self_inspection")).content.decode()

    rows = re.findall(r"<tr data-uninterpreted>(.*?)</tr>", page, re.S)
    listed = {html.unescape(re.search(r">([^<]+)</a>", row).group(1)) for row in rows}
    assert listed == {page.title for page in alone}

"""A signer sees every scanner finding before signing; a serious one blocks approval unless they record why
it is a false alarm, and that reason goes into the signature and the ledger."""

import json

import pytest
from django.urls import reverse

from portal_site.portal.models import ArticlePage
from tests.portal.admin_forms import signature_data
from tests.portal.test_routes import approve, current_step, submit, user
from wagtail_review.exceptions import ActionRefused
from wagtail_review.models import LedgerEntry, Signature

TITLE = "西坪镇攻府部署秋收工作"  # 攻府: a serious wording error (政府) from the starter lexicon
REASON = "标题原文引用群众来信中的错别字，已加引号说明。"


@pytest.fixture
def submitted(demo, client):
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    submit(client, page, "xiping_editor", title=TITLE)
    return page


def test_the_signing_dialog_lists_the_findings_and_asks_why_a_serious_one_is_a_false_alarm(client, submitted):
    client.force_login(user("xiping_reviewer"))
    step = current_step(submitted)
    html = json.loads(
        client.get(
            reverse("wagtailadmin_pages:workflow_action", args=[submitted.pk, "approve", step.pk])
        ).content
    )["html"]
    assert "严重表述错误" in html and "<mark>攻府</mark>" in html and "政府" in html
    assert 'name="false_alarm_reason"' in html


@pytest.mark.parametrize("path", ["endpoint", "code"])
def test_a_serious_finding_blocks_approval_without_a_reason(client, submitted, path):
    step = current_step(submitted)
    if path == "endpoint":
        # As the dialog posts it: the dialog comes back with the error.
        client.force_login(user("xiping_reviewer"))
        response = client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[submitted.pk, "approve", step.pk]),
            signature_data(),
            headers={"x-requested-with": "XMLHttpRequest"},
        )
        assert "请退回修改，或说明" in json.loads(response.content)["html"]
    else:
        with pytest.raises(ActionRefused):
            step.task.specific.on_action(step, user("xiping_reviewer"), "approve", **signature_data())
    assert current_step(submitted).pk == step.pk
    assert not Signature.objects.filter(task_state=step).exists()


def test_with_a_reason_the_approval_records_it_in_the_signature_and_the_ledger(client, submitted):
    assert approve(client, submitted, "xiping_reviewer", false_alarm_reason=REASON).status_code == 302
    signature = Signature.objects.get(
        workflow_state=submitted.current_workflow_state, signer=user("xiping_reviewer")
    )
    assert signature.false_alarm["reason"] == REASON
    assert signature.false_alarm["findings"] == [
        {"kind": "wording_error", "text": "攻府", "field": "标题", "start": 3}
    ]
    assert approve(client, submitted, "xiping_leader", false_alarm_reason=REASON).status_code == 302
    submitted.refresh_from_db()
    assert submitted.live
    entry = LedgerEntry.objects.filter(page_id=submitted.pk).order_by("-sequence").first()
    assert [s["false_alarm"]["reason"] for s in entry.signatures] == [REASON, REASON]


def test_returning_it_needs_no_reason_for_the_findings(client, submitted):
    step = current_step(submitted)
    step.task.specific.on_action(
        step, user("xiping_reviewer"), "reject", **signature_data(comment="请改正标题中的“攻府”。")
    )
    assert Signature.objects.get(task_state=step).decision == Signature.REJECT


def test_the_editor_sees_the_findings_on_the_review_form_tab(client, submitted):
    client.force_login(user("xiping_editor"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[submitted.pk])).content.decode()
    assert "本版本的扫描结果" in html and "<mark>攻府</mark>" in html and "应为“政府”" in html

"""1. Publish latency with the ledger on versus off, and the ledger's own calls alone.

A page is published by the last approving signature of its review route, so
each sample is one fresh article taken through every step but the last
(untimed), then the final ``task.on_action(..., "approve")`` is timed: it
signs, completes the route, records the release approval and publishes,
and with the ledger on also writes the ledger entry in the same transaction.
"""

import itertools

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from timing import duration, median, ms, p90, per_call, table, timed

from portal_site.portal.demo_routes import fill_demo_review_form
from portal_site.portal.models import ArticlePage, ColumnPage
from wagtail_review.models import LedgerEntry, ReleaseApproval
from wagtail_review.publication import ledger
from wagtail_review.publication.guard import SaveCheck
from wagtail_review.review_form.checklist import PASSING_ANSWERS
from wagtail_review.routing.services import eligible_signers, sign, submit

_numbers = itertools.count(1)


def new_article():
    """A fresh draft article in 西坪镇's news column, as an editor would create it."""
    n = next(_numbers)
    column = ColumnPage.objects.get(slug="news", url_path__contains="/xiping-town/")
    article = ArticlePage(
        title=f"性能测试稿件{n}：西坪镇黄花产业发展情况",
        slug=f"bench-publish-{n}",
        category="news",
        date="2026-11-25",
        source="西坪镇人民政府",
        live=False,
    )
    column.add_child(instance=article)
    return article


def up_to_last_step(page, submitter):
    """Submit ``page`` and sign every step but the last; return ``(task_state, signer)`` of the last.

    Mirrors ``demo_routes.release_through_route``, which cannot stop before the end.
    """
    fill_demo_review_form(page, submitter)
    workflow_state = submit(page, submitter)
    steps = workflow_state.workflow.tasks.count()
    for step in range(steps):
        task_state = workflow_state.current_task_state.specific
        signer = eligible_signers(task_state)[0]
        if step == steps - 1:
            return task_state, signer
        final_sign(task_state, signer)
        workflow_state.refresh_from_db()
    raise RuntimeError("The route has no steps.")


def final_sign(task_state, signer):
    sign(task_state, signer, answers=PASSING_ANSWERS, comment="同意发布。")


def publish_once(ledger_on, submitter):
    page = new_article()
    task_state, signer = up_to_last_step(page, submitter)
    before = LedgerEntry.objects.count()
    with override_settings(WAGTAIL_REVIEW_LEDGER_ENABLED=ledger_on):
        seconds = timed(final_sign, task_state, signer)
    page.refresh_from_db()
    # A sample only counts if it did what it claims: published, with or without its entry.
    assert page.live, page
    assert LedgerEntry.objects.count() == before + (1 if ledger_on else 0)
    return seconds, page


def run(pages, warmup=2):
    submitter = get_user_model().objects.get(username="xiping_editor")
    for ledger_on in [True, False] * warmup:
        publish_once(ledger_on, submitter)
    samples = {True: [], False: []}
    for i in range(pages):
        # ABBA order: on,off then off,on, so a drift of the machine (or of the
        # growing tables) during the run weighs on both modes alike.
        for ledger_on in (True, False) if i % 2 == 0 else (False, True):
            seconds, page = publish_once(ledger_on, submitter)
            samples[ledger_on].append(seconds)
            if ledger_on:
                published = page

    on, off = samples[True], samples[False]
    table(
        ["Publish (final approval)", "median", "p90", "samples"],
        [
            ["ledger off", ms(median(off)), ms(p90(off)), len(off)],
            ["ledger on", ms(median(on)), ms(p90(on)), len(on)],
            ["ratio on/off (medians)", f"{median(on) / median(off):.3f}", f"{p90(on) / p90(off):.3f}", ""],
        ],
    )
    ledger_calls(published, calls=max(pages, 20))
    return median(on) / median(off)


def ledger_calls(page, calls):
    """The ledger's share alone: appending an entry, and gathering a release's fields plus appending.

    Timed inside one open transaction, as they run inside the publish's, so the
    commit (paid once per publish either way) is not counted; rolled back after.
    """
    actor = get_user_model().objects.get(username="xiping_leader")
    entry = LedgerEntry.objects.filter(page_id=page.pk).order_by("-sequence").first()
    approval = ReleaseApproval.objects.get(revision_id=page.live_revision_id)
    fields = {name: getattr(entry, name) for name in ledger.HASHED_FIELDS}
    with transaction.atomic():
        rows = [
            ["ledger.append", duration(per_call(lambda: ledger.append(**dict(fields)), calls, 3))],
            [
                "record_page_change (fields + append)",
                duration(
                    per_call(
                        lambda: ledger.record_page_change(
                            page, SaveCheck(False, None, release=approval), actor
                        ),
                        calls,
                        3,
                    )
                ),
            ],
        ]
        transaction.set_rollback(True)
    table(["Ledger call alone (in an open transaction)", "per call"], rows)

"""A policy document and its interpretation go live together (Art. 9(1): 政策文件与解读同步发布).

The site says which page types interpret a document, and through which of
their fields (``WAGTAIL_REVIEW_INTERPRETATION_LINKS``, e.g.
``portal.PolicyInterpretationPage.interprets``). While a document is not
public:

* an interpretation naming it completes its route without going live: its
  release approval is recorded and *held* (``hold_reason``);
* the document's route cannot complete while an interpretation naming it has
  not completed its own (``interpretations_to_release``; the final signature is
  refused with the reason, so nothing is half-done);
* when it completes, the document and every held interpretation go live in the
  one transaction of that signature, their ledger entries naming each other
  (``released_together``); if any of them cannot go live, none does.

The publish guard refuses an interpretation going live before its document
(``refuse_interpretation_before_document``), whatever path tries it. Once a
document is public, an interpretation added later is released on its own.
"""

from contextlib import contextmanager
from contextvars import ContextVar

import swapper
from django.apps import apps
from django.utils.translation import gettext as _

from ..app_settings import app_settings
from ..exceptions import RouteIncomplete, UnreviewedPublication
from .ledger.chain import one_moment

# page id → the page id it is going live together with, during a joint release.
_partners = ContextVar("wagtail_review_joint_release", default=None)


def interpretation_links():
    """``{page model: name of its field naming the document it interprets}`` from the setting."""
    links = {}
    for entry in app_settings.INTERPRETATION_LINKS:
        app_label, model_name, field_name = entry.split(".")
        links[apps.get_model(app_label, model_name)] = field_name
    return links


def document_named_by(page, revision=None):
    """The id of the document ``page`` (as ``revision`` has it, else as it stands) interprets, or None."""
    field_name = interpretation_links().get(page.specific_class)
    if field_name is None:
        return None
    if revision is not None:
        return revision.content.get(field_name)
    return getattr(page.specific_deferred, field_name + "_id", None)


def interpretations_of(document):
    """The interpretation pages whose latest version names ``document``."""
    found = []
    for model, field_name in interpretation_links().items():
        by_row = model.objects.filter(**{field_name: document.pk})
        by_draft = model.objects.filter(**{f"latest_revision__content__{field_name}": document.pk})
        for page in (by_row | by_draft).select_related("latest_revision").distinct().order_by("pk"):
            if document_named_by(page, page.latest_revision) == document.pk:
                found.append(page)
    return found


def held_approval(interpretation):
    """The current release approval of the interpretation's latest version, if it is not live yet."""
    from .guard import approval_is_current, release_approval

    revision = interpretation.latest_revision
    if revision is None or (interpretation.live and interpretation.live_revision_id == revision.pk):
        return None
    approval = release_approval(revision.pk)
    if approval is None or not approval_is_current(approval, interpretation.pk):
        return None
    return approval


def _document_is_public(document_id):
    Page = swapper.load_model("wagtailcore", "Page")
    return Page.objects.filter(pk=document_id, live=True).exists()


def hold_reason(page, revision):
    """Why ``page``, an interpretation whose route just completed, waits instead of going live; or None."""
    document_id = document_named_by(page, revision)
    if document_id is None:
        return None
    Page = swapper.load_model("wagtailcore", "Page")
    document = Page.objects.filter(pk=document_id).first()
    if document is None or document.live:
        return None  # none that exists: the guard refuses it; a public one: it goes live on its own
    return _(
        "“%(title)s” is approved and waits for “%(document)s”: an interpretation goes live together with "
        "its policy document, when the document's route completes (Art. 9)."
    ) % {"title": page.title, "document": document.title}


def _interpretations_and_approvals(document):
    """``[(interpretation, its held approval or None)]`` of a document not yet public; [] once it is."""
    if document.live:
        return []
    return [(page, held_approval(page)) for page in interpretations_of(document)]


def _waiting_reason(interpretations):
    waiting = [
        _("“%(title)s” (%(where)s)") % {"title": page.title, "where": _where_in_review(page)}
        for page, approval in interpretations
        if approval is None
    ]
    if not waiting:
        return None
    return _(
        "This policy document goes live together with its interpretation, which has not completed its "
        "route yet: %(interpretations)s. Sign this step once it has (Art. 9)."
    ) % {"interpretations": "、".join(waiting)}


def waiting_reason(document):
    """Why the not-yet-public ``document`` cannot be released yet: interpretations still in review; or None."""
    return _waiting_reason(_interpretations_and_approvals(document))


def _where_in_review(page):
    state = page.current_workflow_state
    if state is not None and state.current_task_state is not None:
        return _("at step “%(step)s”") % {"step": state.current_task_state.task.name}
    return _("not submitted for review")


def interpretations_to_release(document):
    """``[(interpretation, approval)]`` held to go live with ``document``.

    Raises RouteIncomplete, saying which and where, while an interpretation
    naming the not-yet-public document has not completed its route.
    """
    interpretations = _interpretations_and_approvals(document)
    reason = _waiting_reason(interpretations)
    if reason:
        raise RouteIncomplete(reason)
    return interpretations


@contextmanager
def released_together(document, interpretations):
    """While active, the ledger entries of these pages name the page each goes live with."""
    partners = {page.pk: document.pk for page in interpretations}
    if interpretations:
        partners[document.pk] = interpretations[0].pk
    token = _partners.set(partners)
    try:
        with one_moment():  # their entries say they went live at the same time
            yield
    finally:
        _partners.reset(token)


def partner_of(page_id):
    """The page ``page_id`` is going live together with in the current joint release, or None."""
    partners = _partners.get()
    return partners.get(page_id) if partners else None


def refuse_interpretation_before_document(page):
    """Publish guard: an interpretation goes live only once the document it names is public."""
    document_id = document_named_by(page)
    if document_id is not None and not _document_is_public(document_id):
        raise UnreviewedPublication(
            _(
                "“%(title)s” interprets a policy document that is not public: it goes live together with "
                "that document, when the document's route completes (Art. 9)."
            )
            % {"title": page.title}
        )


def status(page):
    """What the 审查表 tab says of ``page``'s joint release while it applies, or None."""
    if not getattr(page, "pk", None):
        return None
    document_id = document_named_by(page, page.latest_revision)
    if document_id is not None:
        Page = swapper.load_model("wagtailcore", "Page")
        document = Page.objects.filter(pk=document_id, live=False).first()
        if document is None:
            return None
        return _(
            "This interpretation goes live together with “%(document)s”, when that document's route "
            "completes (Art. 9)."
        ) % {"document": document.title}
    if page.live or not interpretations_of(page):
        return None
    return waiting_reason(page) or _(
        "This policy document goes live together with its interpretation, which is approved (Art. 9)."
    )

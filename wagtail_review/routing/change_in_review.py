"""修改后转他人签署: a signer who makes a small change during their step (Art. 8, 9).

Nobody signs what they wrote, so a signer who changes the content cannot
sign it any more. Rather than leave that to be found out, the editor offers
it as an explicit action to whoever may sign the current step: they save
their change, it is recorded as theirs (the revision is theirs, and the log
says it was made in review, at which step), the route restarts on the new
version, and they land on a page showing exactly what they changed and who
signs now — or, if nobody can, that the information centre has been told
(see ``stranded``).

The same happens when such a signer uses the ordinary save: the outcome is
the same, so the explanation is too. Autosave answers in JSON and is left to
the route panel.
"""

from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.models import PageLogEntry, Revision, TaskState

from .rules import changes_authored_content
from .version_views import VersionCompareView

ACTION_NAME = "action-change-and-pass"
LOG_ACTION = "wagtail_review.changed_in_review"


def step_user_may_sign(page, user):
    """The in-progress review step of ``page`` that ``user`` may sign now, or None."""
    from .tasks import RoleApprovalTask

    task_state = page.current_workflow_task_state if page.pk else None
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return None
    task = task_state.task.specific
    if not isinstance(task, RoleApprovalTask) or task.refusal_reason(task_state, user) is not None:
        return None
    return task_state


class ChangeAndPassOnMenuItem(ActionMenuItem):
    """Next to 同意并签署 in the footer of a page its user may sign: save my change and let someone else sign."""

    name = ACTION_NAME
    label = gettext_lazy("Change, and pass to another signer")
    icon_name = "edit"


def remember_step_before_saving(request, page):
    """``before_edit_page``: note the step the user could sign before their save restarts the route."""
    if request.method == "POST":
        task_state = step_user_may_sign(page, request.user)
        request._review_step_before_save = task_state


def explain_change_by_signer(request, page):
    """``after_edit_page``: a signer who saved a change sees what they changed and who signs now."""
    reviewed = getattr(request, "_review_step_before_save", None)
    if reviewed is None:
        return None
    # As stored: the revision Wagtail keeps on the page holds its content before the JSON round trip.
    latest = Revision.objects.filter(pk=page.latest_revision_id).first()
    if latest is None or latest.pk == reviewed.revision_id or latest.user_id != request.user.pk:
        return None
    if changes_authored_content(latest, reviewed.revision):
        PageLogEntry.objects.log_action(
            page,
            LOG_ACTION,
            user=request.user,
            revision=latest,
            data={"step": reviewed.task.name, "reviewed_revision": reviewed.revision_id},
        )
    return redirect("wagtail_review:changed_in_review", page.pk, reviewed.revision_id)


class ChangeInReviewView(VersionCompareView):
    """What a signer changed in the version they were reviewing (Wagtail's comparison), and who signs now."""

    template_name = "wagtail_review/changed_in_review.html"
    page_title = gettext_lazy("Changed in review")

    def setup(self, request, pk, revision_id, *args, **kwargs):
        super().setup(request, pk, revision_id, "latest", *args, **kwargs)

    def get_context_data(self, **kwargs):
        from ..organisation.people import person_name
        from .services import eligible_signers
        from .stranded import stranded_reason

        context = super().get_context_data(**kwargs)
        page = self.object
        reviewed = get_object_or_404(page.revisions, pk=self.revision_id_a)
        latest = page.get_latest_revision()
        context["changed"] = changes_authored_content(latest, reviewed)
        task_state = page.current_workflow_task_state
        context["task_state"] = task_state
        if task_state is not None:
            names = [person_name(signer) for signer in eligible_signers(task_state.specific)]
            context["signers"] = "、".join(names) or _("nobody")
            # Only when nobody can sign: the reason says why (it would ask for the signers again otherwise).
            context["stranded_reason"] = None if names else stranded_reason(task_state.specific)
        context["edit_url_for_signing"] = self.get_edit_url()
        return context


def register_log_action(actions):
    actions.register_action(
        LOG_ACTION, gettext_lazy("Changed in review"), gettext_lazy("Changed by a signer during review")
    )

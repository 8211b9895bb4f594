"""The review task: one signature by a person holding a role in a unit (Art. 8, 9).

Approvers are resolved when someone acts, from the page's unit (or a fixed
unit such as 区政府办公室) and a role, so a change of staff takes effect at once
and no Wagtail group per unit and role is needed.

Separation of duties is enforced here, at the task layer, so the edit view,
the workflow action endpoint and plain code all meet the same refusal:
nobody signs a revision they submitted or wrote, and nobody signs two steps
of one route for the same revision.
"""

from dataclasses import dataclass
from types import SimpleNamespace

import swapper
from django.db import models, transaction
from django.db.models import BigIntegerField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState, WorkflowState

from .. import signals
from ..exceptions import ActionRefused
from ..organisation.memberships import LEADER_ROLES, Membership, Role
from ..organisation.units import SINGLETON_KINDS, Unit, UnitKind
from .rules import duty_refusal, second_factor_refusal, submission_authors
from .signatures import Signature


class RoleApprovalTask(Task):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    fixed_unit_kind = models.CharField(
        _("fixed unit"),
        max_length=32,
        blank=True,
        choices=[(kind.value, kind.label) for kind in SINGLETON_KINDS],
        help_text=_(
            "Leave empty for the unit that owns the page's section (internal organs sign through their "
            "parent unit). Set it for a fixed reviewer, e.g. the district government office."
        ),
    )

    admin_form_fields = Task.admin_form_fields + ["role", "fixed_unit_kind"]

    class Meta:
        verbose_name = _("role approval task")
        verbose_name_plural = _("role approval tasks")

    @classmethod
    def get_description(cls):
        return _(
            "A person holding the chosen role in the page's unit (or a fixed unit) signs against the checklist"
        )

    # --- Who may act ----------------------------------------------------------

    def required_unit_and_role(self, page_unit, fixed_units=None):
        """(unit, role) whose holder signs this task for a page of ``page_unit``.

        ``fixed_units`` ({kind: unit}) saves a query when resolving many steps.
        """
        if self.fixed_unit_kind:
            if fixed_units is not None:
                return fixed_units.get(self.fixed_unit_kind), self.role
            return Unit.objects.active().filter(kind=self.fixed_unit_kind).first(), self.role
        if page_unit is None:
            return None, self.role
        if page_unit.kind == UnitKind.INTERNAL_ORGAN and page_unit.parent_id:
            # Art. 8: an internal organ's information is signed by the
            # principal leader of the unit it belongs to.
            role = Role.PRINCIPAL_LEADER if self.role in LEADER_ROLES else self.role
            return page_unit.parent, role
        return page_unit, self.role

    def approvers(self, page):
        """The people who may sign this task for ``page`` (before separation-of-duties exclusions)."""
        from django.contrib.auth import get_user_model

        unit, role = self.required_unit_and_role(_unit(page))
        if unit is None:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(
                is_active=True,
                review_memberships__unit=unit,
                review_memberships__role=role,
                review_memberships__unit__is_active=True,
            )
            .distinct()
        )

    def refusal_reason(self, task_state, user):
        """Why ``user`` may not sign ``task_state`` now, or None if they may."""
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            return _("This review step is no longer in progress.")
        workflow_state = task_state.workflow_state
        page = workflow_state.content_object
        unit, role = self.required_unit_and_role(_unit(page))
        if unit is None or not Membership.objects.active().filter(user=user, unit=unit, role=role).exists():
            return _("Only the %(role)s of %(unit)s can sign this step.") % {
                "role": Role(role).label,
                "unit": unit.name if unit else _("the responsible unit"),
            }
        signed_another_step = (
            Signature.objects.filter(
                workflow_state=workflow_state,
                signer=user,
                decision=Signature.APPROVE,
                revision_number=task_state.revision_id,
            )
            .exclude(task_state=task_state)
            .exists()
        )
        authors = submission_authors([workflow_state.pk]).get(workflow_state.pk, set())
        return duty_refusal(user.pk, authors, signed_another_step)

    # --- Wagtail's task API -----------------------------------------------------

    def start(self, workflow_state, user=None):
        # A new submission must carry a complete review form (Art. 8), however
        # it was started; the page editor says so field by field before this.
        # Workflow.start is atomic, so refusing here leaves nothing behind.
        # Restarts after an edit (no longer new) do not stop the editor saving.
        if workflow_state.current_task_state_id is None:
            from django.core.exceptions import ValidationError

            from ..review_form.models import review_form_of

            submitted = workflow_state.content_object.get_latest_revision_as_object()
            errors = review_form_of(submitted).submission_errors()
            if errors:
                raise ValidationError(errors)
        # Steps are signed in route order for the version under review, also
        # after a return: Wagtail resumes at the step that returned it, but
        # the earlier steps have not signed the new version.
        first = first_step_to_sign(workflow_state)
        if first is not None and first.pk != self.pk:
            return first.specific.start(workflow_state, user=user)
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        task_state = obj.current_workflow_task_state
        return bool(task_state) and self.refusal_reason(task_state, user) is None

    def locked_for_user(self, obj, user):
        # Editors may keep improving a page under review; any new revision
        # restarts the route (see signals.restart_route_on_new_revision).
        return False

    def get_actions(self, obj, user):
        # Wagtail's workflow action view calls this before it builds the
        # action form; remember the page so the form knows its route.
        self._acting_on = obj
        task_state = obj.current_workflow_task_state
        if not task_state or self.refusal_reason(task_state, user) is not None:
            return []
        return [
            ("reject", _("Return for changes"), True),
            ("approve", _("Approve and sign"), True),
        ]

    def get_form_for_action(self, action):
        from .forms import ApproveForm, RejectForm

        base = ApproveForm if action == "approve" else RejectForm
        task = self

        class ActionForm(base):
            def __init__(self, *args, **kwargs):
                page = getattr(task, "_acting_on", None)
                kwargs.setdefault("sensitive_route", page is not None and _is_sensitive(page))
                if base is ApproveForm and page is not None and page.current_workflow_task_state:
                    kwargs.setdefault("serious_findings", serious_findings(page.current_workflow_task_state))
                super().__init__(*args, **kwargs)

        return ActionForm

    def get_template_for_action(self, action):
        return "wagtail_review/workflow_action_modal.html"

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        from ..publication.content import revision_content_hash
        from .forms import ApproveForm, RejectForm

        if action_name not in ("approve", "reject"):
            raise ActionRefused(_("Unknown review action."))
        # Lock the step: two people pressing Approve at once must not both sign.
        task_state = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
        reason = self.refusal_reason(task_state, user) or second_factor_refusal(user)
        if reason:
            raise ActionRefused(reason)

        page = task_state.workflow_state.content_object
        sensitive = _is_sensitive(page, task_state.revision)
        # Whatever path called us (modal form, edit view JSON, code), the
        # signature is validated here against the nine points and the scan.
        if action_name == "approve":
            form = ApproveForm(
                data=kwargs, sensitive_route=sensitive, serious_findings=serious_findings(task_state)
            )
        else:
            form = RejectForm(data=kwargs, sensitive_route=sensitive)
        if not form.is_valid():
            # Each message once: nine unanswered points say the same thing nine times.
            messages = dict.fromkeys(str(e) for errors in form.errors.values() for e in errors)
            raise ActionRefused(" ".join(messages))

        unit, role = self.required_unit_and_role(_unit(page))
        signature = Signature.objects.create(
            task_state=task_state,
            workflow_state=task_state.workflow_state,
            revision=task_state.revision,
            revision_number=task_state.revision_id,
            content_hash=revision_content_hash(task_state.revision),
            signer=user,
            role=role,
            unit=unit,
            decision=Signature.APPROVE if action_name == "approve" else Signature.REJECT,
            answers=form.answers,
            comment=form.cleaned_data.get("comment", ""),
            false_alarm=form.false_alarm if action_name == "approve" else {},
        )
        signals.step_signed.send(sender=type(self), signature=signature, task_state=task_state, user=user)
        if action_name == "approve":
            task_state.approve(user=user, comment=form.cleaned_data.get("comment", ""))
        else:
            task_state.reject(user=user, comment=form.cleaned_data["comment"])
        _tell_what_comes_next(task_state.workflow_state, action_name)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """In-progress steps of this task that ``user`` may sign (see ``moderatable_steps``)."""
        return TaskState.objects.filter(
            pk__in=[step.task_state_id for step in moderatable_steps(user, task=self)]
        )


def _tell_what_comes_next(workflow_state, action_name):
    """After a signature, the signer hears where the information goes now: the next step and who signs it."""
    from ..notices import tell
    from ..organisation.people import person_name
    from .services import eligible_signers

    workflow_state.refresh_from_db()
    if action_name == "reject":
        tell(_("Returned to the submitter with your reason."))
    elif workflow_state.status == WorkflowState.STATUS_APPROVED:
        tell(_("Signed. That was the last step: the information is released."))
    elif (next_step := workflow_state.current_task_state) is not None:
        signers = "、".join(person_name(signer) for signer in eligible_signers(next_step.specific))
        tell(
            _("Signed. Next: “%(step)s”, signed by %(signers)s.")
            % {
                "step": next_step.task.name,
                "signers": signers or _("nobody yet (the information centre is told)"),
            }
        )


def first_step_to_sign(workflow_state):
    """The first task of the route with no approving signature on the page's latest revision, or None."""
    revision_id = workflow_state.content_object.get_latest_revision().pk
    approved = set(
        Signature.objects.filter(
            workflow_state=workflow_state, revision_number=revision_id, decision=Signature.APPROVE
        ).values_list("task_state__task_id", flat=True)
    )
    for workflow_task in workflow_state.workflow.workflow_tasks.select_related("task").order_by("sort_order"):
        if workflow_task.task_id not in approved:
            return workflow_task.task
    return None


@dataclass(frozen=True)
class ModeratableStep:
    task_state_id: int
    page_id: int
    unit: object


def moderatable_steps(user, task=None):
    """Every in-progress review step ``user`` may sign now, across all role approval tasks.

    A fixed number of queries whatever the number of tasks, pages or
    submissions: the steps, the pages' units, the user's roles, the fixed
    units and the user's earlier signatures are each read once; the rules are
    then the same ``required_unit_and_role`` and separation-of-duties checks
    as ``refusal_reason``.
    """
    from ..organisation.sections import units_for_pages

    if not user.is_active:
        return []
    held = _held_roles(user)
    if not held:
        return []
    Page = swapper.load_model("wagtailcore", "Page")
    page_path = Page.objects.filter(
        pk=Cast(OuterRef("workflow_state__object_id"), output_field=BigIntegerField())
    ).values("path")[:1]
    from django.contrib.contenttypes.models import ContentType

    states = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        task__in=RoleApprovalTask.objects.filter(active=True),
        # Pages only: a foreign site may put a route on snippets, whose ids are not page ids.
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
    )
    if task is not None:
        states = states.filter(task=task)
    states = list(
        states.annotate(page_path=Subquery(page_path)).values(
            "pk",
            "task_id",
            "workflow_state_id",
            "workflow_state__object_id",
            "workflow_state__requested_by_id",
            "revision_id",
            "revision__user_id",
            "page_path",
        )
    )
    if not states:
        return []
    tasks = {t.pk: t for t in RoleApprovalTask.objects.filter(pk__in={s["task_id"] for s in states})}
    fixed_units = {
        u.kind: u for u in Unit.objects.active().filter(kind__in=[k.value for k in SINGLETON_KINDS])
    }
    owners = units_for_pages(
        SimpleNamespace(pk=int(s["workflow_state__object_id"]), path=s["page_path"])
        for s in states
        if s["page_path"]
    )
    approved_by_user = set(
        Signature.objects.filter(
            signer=user,
            decision=Signature.APPROVE,
            workflow_state_id__in={s["workflow_state_id"] for s in states},
        ).values_list("workflow_state_id", "revision_number", "task_state_id")
    )
    authors = submission_authors({s["workflow_state_id"] for s in states})
    steps = []
    for s in states:
        page_id = int(s["workflow_state__object_id"])
        unit, role = tasks[s["task_id"]].required_unit_and_role(owners.get(page_id), fixed_units=fixed_units)
        if unit is None or (unit.pk, role) not in held:
            continue
        signed_another_step = any(
            ws == s["workflow_state_id"] and rev == s["revision_id"] and ts != s["pk"]
            for ws, rev, ts in approved_by_user
        )
        if duty_refusal(user.pk, authors.get(s["workflow_state_id"], set()), signed_another_step):
            continue
        steps.append(ModeratableStep(task_state_id=s["pk"], page_id=page_id, unit=owners.get(page_id)))
    return steps


def serious_findings(task_state):
    """The serious scanner findings in the version ``task_state`` asks to sign."""
    from ..scanning.pages import scan_revision

    if task_state.revision is None:
        return []
    return [finding for finding in scan_revision(task_state.revision) if finding.is_serious]


def _is_sensitive(page, revision=None):
    """Whether the version under review takes the major emergency / sensitive route."""
    from ..review_form.models import review_form_of, review_form_of_revision
    from .routes import SourceType

    revision = revision or page.get_latest_revision()
    form = review_form_of_revision(revision) if revision else review_form_of(page)
    return form.effective_source_type == SourceType.EMERGENCY


def _unit(page):
    from ..organisation.sections import unit_for_page

    return unit_for_page(page)


def _held_roles(user):
    """{(unit id, role)} the user holds, cached on the user object for the request."""
    if not hasattr(user, "_review_held_roles"):
        user._review_held_roles = set(
            Membership.objects.active().filter(user=user).values_list("unit_id", "role")
        )
    return user._review_held_roles

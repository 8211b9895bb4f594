"""Wagtail's workflow e-mails, addressed to the approvers resolved for each page.

Wagtail's own task notifier only knows group approval tasks; this one sends
the same “submitted for review” e-mail (Wagtail's templates, the recipients'
notification preferences) to the people who can sign the step for that page.
"""

from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier
from wagtail.models import TaskState

from .tasks import RoleApprovalTask


class RoleApprovalTaskSubmissionEmailNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    notification = "submitted"

    def can_handle(self, instance, **kwargs):
        return isinstance(instance, TaskState) and isinstance(instance.task.specific, RoleApprovalTask)

    def get_recipient_users(self, task_state, **kwargs):
        # The people who may sign it now: the same rule as the actions offered (no one who would be refused).
        from .services import eligible_signers

        return set(eligible_signers(task_state.specific))


submission_notifier = RoleApprovalTaskSubmissionEmailNotifier()

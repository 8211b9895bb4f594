"""Permission policies for records this app writes itself (take-downs; later the ledger).

Such records are evidence: they can be viewed with the model's ``view``
permission, but nobody adds, changes or deletes them through the admin,
superusers included.
"""

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

WRITE_ACTIONS = {"add", "change", "delete"}


class RecordOnlyPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action not in WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def register_policies():
    from ..scanning.links import LinkCheck
    from ..scanning.live import LiveFinding
    from .ledger.models import LedgerEntry
    from .models import TakeDown

    for model in (TakeDown, LedgerEntry, LiveFinding, LinkCheck):
        register_permission_policy(model, RecordOnlyPermissionPolicy(model), exact_class=True)

"""Who made a change of what the public sees, for the ledger (Art. 13: registered with who and why).

The ledger reads the person from Wagtail's log context, which Wagtail's admin
views set. Wagtail's page actions called from code (``page.move(…, user=…)``,
``create_alias``, ``copy``) know their user but do not set it, so
``install_action_users`` has them do so while they run.
"""

from wagtail.log_actions import LogContext, get_active_log_context


def acting_user():
    """The person Wagtail's log context names for what is happening now, or None."""
    user = get_active_log_context().user
    return user if getattr(user, "is_authenticated", False) else None


def install_action_users():
    from wagtail.actions.copy_page import CopyPageAction
    from wagtail.actions.create_alias import CreatePageAliasAction
    from wagtail.actions.move_page import MovePageAction

    for action in (MovePageAction, CreatePageAliasAction, CopyPageAction):
        if not getattr(action.execute, "_wagtail_review", False):
            action.execute = _naming_its_user(action.execute)


def _naming_its_user(execute):
    def execute_naming_its_user(self, *args, **kwargs):
        if getattr(self, "user", None) is None or acting_user() is not None:
            return execute(self, *args, **kwargs)
        with LogContext(user=self.user):
            return execute(self, *args, **kwargs)

    execute_naming_its_user._wagtail_review = True
    return execute_naming_its_user

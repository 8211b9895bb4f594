"""The one way information leaves the public site: a withdrawal with who and why (Art. 13, 16).

A take-down (撤稿) by a person with a reason, or the expiry its approved
release was scheduled for — nothing else may make a live page not live.
The action that withdraws a page runs inside ``withdrawing(...)``; the
publish guard refuses any unpublish outside one, and the ledger records the
withdrawal's action, person and reason. The page's aliases, which show the
same information, leave with it.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

_current = ContextVar("wagtail_review_withdrawal", default=None)


@dataclass(frozen=True)
class Withdrawal:
    page_id: int
    action: str  # a LedgerAction value: take_down or expire
    actor: str  # username of the person who took it down, or who approved the expiring release
    reason: str
    take_down: object = None  # the TakeDown record, for a take-down


@contextmanager
def withdrawing(withdrawal):
    token = _current.set(withdrawal)
    try:
        yield withdrawal
    finally:
        _current.reset(token)


def withdrawal_of(page):
    """The withdrawal under way that covers ``page`` (itself, or the page it aliases), or None."""
    withdrawal = _current.get()
    if withdrawal is not None and withdrawal.page_id in (page.pk, page.alias_of_id):
        return withdrawal
    return None

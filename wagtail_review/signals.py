"""Signals wagtail_review sends, so other features can follow the regime without editing it.

Each is sent inside the transaction of the change it reports: a receiver
that raises rolls the change back. Receivers that talk to the outside world
(e-mail, caches, search engines) should defer that work with
``transaction.on_commit``.
"""

from django.dispatch import Signal

# A signer approved or returned a review step (Art. 8-10).
# Sent with: sender=the task class, signature (routing.signatures.Signature),
# task_state, user.
step_signed = Signal()

# A revision approved by a completed route went live (Art. 9), scheduled
# go-lives included. Sent with: sender=the page class, page, revision, entry
# (the ledger entry registering it).
page_released = Signal()

# A live page was taken down with a reason (Art. 16). Sent with:
# sender=the page class, page, take_down (publication.models.TakeDown), user.
page_taken_down = Signal()

# An entry was appended to the publication ledger (Art. 13). Sent with:
# sender=LedgerEntry, entry.
ledger_appended = Signal()

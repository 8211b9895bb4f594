"""The publication ledger (信息发布登记, Art. 11, 13): a hash-chained, append-only register of releases and take-downs.

``chain`` appends and reads the head; ``records`` decides what each change of
a page's public state records; ``verification`` walks the chain and checks
live pages against it. The names below are the ledger's public API.
"""

from .chain import GENESIS_HASH, HASHED_FIELDS, Head, append, entry_hash, head
from .records import current_release, is_enabled, record_page_change

__all__ = [
    "GENESIS_HASH",
    "HASHED_FIELDS",
    "Head",
    "append",
    "current_release",
    "entry_hash",
    "head",
    "is_enabled",
    "record_page_change",
]

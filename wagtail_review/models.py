"""Every model of wagtail_review, importable from one place.

The models live in their domain packages; Django loads them through this
module, and migrations refer to them by the app label, so they can move
between packages without a migration.
"""

from .accounts.audit import AccountEvent
from .accounts.passwords import PasswordRecord
from .inspection.catalogue import CatalogueItem, CatalogueKind
from .inspection.models import Column, ColumnKind, DailyResult
from .mailbox.attachments import Attachment
from .mailbox.calendar import WorkingDayOverride
from .mailbox.deadlines import Extension
from .mailbox.models import Message, MessageEvent, MessageKind, MessageStatus
from .mailbox.replies import Reply, ReplySignature, ReplyStatus
from .organisation.groups import ProvisionedGroup
from .organisation.memberships import Membership, Role
from .organisation.sections import SectionOwnership
from .organisation.units import Unit, UnitKind
from .publication.index_numbers import IndexNumber
from .publication.ledger.models import LedgerAction, LedgerEntry, LedgerRecord, MerkleBlock
from .publication.models import ReleaseApproval, TakeDown, Withholding
from .review_api.tokens import ApiToken
from .review_form.models import ReviewForm
from .routing.routes import Route, RouteChange, SourceType, default_source_type
from .routing.signatures import Signature
from .routing.tasks import RoleApprovalTask
from .scanning.lexicons import LexiconVersion, OfficialTitle, SensitiveTerm, Severity, WordingError
from .scanning.links import LinkCheck, LinkCheckRun
from .scanning.live import LiveFinding

__all__ = [
    "ApiToken",
    "IndexNumber",
    "CatalogueItem",
    "CatalogueKind",
    "Column",
    "ColumnKind",
    "DailyResult",
    "Attachment",
    "Extension",
    "AccountEvent",
    "PasswordRecord",
    "LedgerAction",
    "LexiconVersion",
    "LinkCheck",
    "LinkCheckRun",
    "LiveFinding",
    "LedgerEntry",
    "LedgerRecord",
    "MerkleBlock",
    "Membership",
    "Message",
    "MessageEvent",
    "MessageKind",
    "MessageStatus",
    "OfficialTitle",
    "ProvisionedGroup",
    "ReleaseApproval",
    "Reply",
    "ReplySignature",
    "ReplyStatus",
    "ReviewForm",
    "Role",
    "RoleApprovalTask",
    "Route",
    "RouteChange",
    "SectionOwnership",
    "SensitiveTerm",
    "Severity",
    "Signature",
    "SourceType",
    "TakeDown",
    "Unit",
    "UnitKind",
    "Withholding",
    "WordingError",
    "WorkingDayOverride",
    "default_source_type",
]

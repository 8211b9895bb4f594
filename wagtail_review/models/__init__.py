from .groups import ProvisionedGroup
from .ledger import LedgerAction, LedgerEntry
from .membership import Membership, Role
from .review_form import REVIEW_FORM_FIELDS, ReviewFormMixin
from .routes import Route, SourceType, default_source_type
from .sections import SectionOwnership
from .signatures import ReleaseApproval, Signature
from .takedowns import TakeDown
from .tasks import ActionRefused, RoleApprovalTask
from .units import Unit, UnitKind

__all__ = [
    "REVIEW_FORM_FIELDS",
    "ActionRefused",
    "LedgerAction",
    "LedgerEntry",
    "Membership",
    "ProvisionedGroup",
    "ReleaseApproval",
    "ReviewFormMixin",
    "Role",
    "RoleApprovalTask",
    "Route",
    "SectionOwnership",
    "Signature",
    "SourceType",
    "TakeDown",
    "Unit",
    "UnitKind",
    "default_source_type",
]

from .groups import ProvisionedGroup
from .membership import Membership, Role
from .sections import SectionOwnership
from .units import Unit, UnitKind

__all__ = ["Membership", "ProvisionedGroup", "Role", "SectionOwnership", "Unit", "UnitKind"]

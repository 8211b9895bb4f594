"""The app's admin menu group: every registry and register of the regime, in one place."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ViewSetGroup

from .inspection.viewsets import CatalogueViewSet, ColumnViewSet
from .organisation.viewsets import MembershipViewSet, SectionOwnershipViewSet, UnitViewSet
from .publication.ledger.viewsets import ExistingContentViewSet, LedgerViewSet
from .publication.viewsets import TakeDownViewSet
from .routing.viewsets import RouteChangeViewSet, RouteViewSet


class ReviewAdminGroup(ViewSetGroup):
    menu_label = _("Review and release")
    menu_icon = "tasks"
    menu_order = 250
    items = (
        UnitViewSet,
        MembershipViewSet,
        SectionOwnershipViewSet,
        RouteViewSet,
        RouteChangeViewSet,
        TakeDownViewSet,
        LedgerViewSet,
        ExistingContentViewSet,
        ColumnViewSet,
        CatalogueViewSet,
    )

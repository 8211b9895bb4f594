"""Admin views of this app that Wagtail's generic ViewSet views do not already provide."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from ..admin_views import AdminPageMixin
from .change_record import unit_change_records
from .duties import is_security_administrator
from .governance import GovernanceRefusal, confirm_membership
from .memberships import Membership
from .units import Unit


class UnitChangeRecordView(PermissionCheckedMixin, AdminPageMixin, TemplateView):
    """Personnel and section changes of one unit, with who made them (Art. 7)."""

    model = Unit
    permission_required = "view"
    template_name = "wagtail_review/unit_change_record.html"
    page_title = _("Change record")
    header_icon = "history"
    paginate_by = 50
    index_url_name = None
    edit_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.unit = get_object_or_404(Unit, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.unit.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": Unit._meta.verbose_name_plural},
            {"url": reverse(self.edit_url_name, args=[self.unit.pk]), "label": self.unit.name},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(unit_change_records(self.unit), self.paginate_by)
        context["unit"] = self.unit
        page_obj = paginator.get_page(self.request.GET.get("p"))
        context["page_obj"] = page_obj
        context["elided_page_range"] = paginator.get_elided_page_range(page_obj.number)
        return context


class ConfirmMembershipView(AdminPageMixin, TemplateView):
    """A security administrator confirms a pending signing role (the two-person rule, ``governance``)."""

    template_name = "wagtail_review/confirm_membership.html"
    page_title = _("Confirm a signing role")
    header_icon = "user"
    index_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.membership = get_object_or_404(
            Membership.objects.select_related("user", "unit"), pk=kwargs["pk"]
        )

    def dispatch(self, request, *args, **kwargs):
        # Deciding who holds a role is the security administrator's duty alone (等保 2.0 三员分立).
        if not is_security_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(membership=self.membership, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            confirm_membership(self.membership, request.user)
        except GovernanceRefusal as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The signing role is confirmed and in force."))
        return redirect(self.index_url_name)

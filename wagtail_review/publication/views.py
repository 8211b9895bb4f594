"""Live information and taking it down with a required reason (Art. 16)."""

import swapper
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView

from ..admin_views import AdminPageMixin
from ..organisation.memberships import is_site_administrator
from ..organisation.sections import units_for_pages
from .take_down import can_take_down, may_take_down_anything, pages_user_may_take_down, take_down


class LiveInformationView(AdminPageMixin, ListView):
    """已发布信息: the live pages the user answers for, each with 撤稿 — for reviewers, leaders, administrators."""

    template_name = "wagtail_review/live_information.html"
    page_title = _("Live information")
    header_icon = "doc-full-inverse"
    paginate_by = 30

    def dispatch(self, request, *args, **kwargs):
        if not may_take_down_anything(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        pages = pages_user_may_take_down(self.request.user)
        self.query = self.request.GET.get("q", "").strip()[:100]
        if self.query:
            pages = pages.filter(title__icontains=self.query.replace("\x00", ""))
        return pages.order_by("-last_published_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"])
        units = units_for_pages(rows)
        context.update(
            query=self.query,
            rows=[(page, units.get(page.pk)) for page in rows],
            may_take_down_in_bulk=is_site_administrator(self.request.user),
        )
        return context


class TakeDownForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Give the reason for taking this information down.")},
    )


class TakeDownView(AdminPageMixin, FormView):
    form_class = TakeDownForm
    template_name = "wagtail_review/take_down.html"
    page_title = _("Take down")
    header_icon = "resubmit"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        Page = swapper.load_model("wagtailcore", "Page")
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific

    def dispatch(self, request, *args, **kwargs):
        if not can_take_down(request.user, self.page):
            raise PermissionDenied
        if self.page.is_root() or not self.page.live:
            messages.error(request, _("This page is not live information: there is nothing to take down."))
            return redirect(self.explorer_url())
        return super().dispatch(request, *args, **kwargs)

    def explorer_url(self):
        """Where to go afterwards: where the person came from (``next``), else the live information list."""
        next_url = self.request.POST.get("next") or self.request.GET.get("next")
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return next_url
        return reverse("wagtail_review:live_information")

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["next"] = self.request.GET.get("next", "")
        return context

    def form_valid(self, form):
        try:
            take_down(self.page, self.request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(title)s” has been taken down.") % {"title": self.page.title})
        return redirect(self.explorer_url())

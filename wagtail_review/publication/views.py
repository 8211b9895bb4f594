"""Take a live page down with a required reason (Art. 16)."""

import swapper
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .take_down import can_take_down, take_down


class TakeDownForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Give the reason for taking this information down.")},
    )


class TakeDownView(WagtailAdminTemplateMixin, FormView):
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
        parent = self.page.get_parent()
        return (
            reverse("wagtailadmin_explore", args=[parent.pk])
            if parent
            else reverse("wagtailadmin_explore_root")
        )

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        return context

    def form_valid(self, form):
        try:
            take_down(self.page, self.request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(title)s” has been taken down.") % {"title": self.page.title})
        return redirect(self.explorer_url())

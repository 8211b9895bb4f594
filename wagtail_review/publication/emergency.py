"""紧急撤稿 (Art. 16): a website administrator takes down, in one action, every live page showing a phrase.

The phrase is matched as the scanner reads pages (title, text, rich text and
blocks, inline children, tags, attachment titles), traditional and full-width
variants alike. The administrator sees the pages first and confirms with one
reason; each page is then taken down through ``take_down`` exactly as one at
a time would be — its own take-down record and ledger entry, its unit's
editors and leaders told.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView

from ..admin_views import AdminPageMixin
from ..organisation.memberships import is_site_administrator
from ..organisation.sections import units_for_pages
from ..scanning.normalise import fold
from ..scanning.pages import page_texts
from .take_down import pages_user_may_take_down, take_down


def live_pages_showing(phrase, user):
    """The live pages ``user`` may take down whose texts contain ``phrase`` (folded), newest first."""
    wanted = fold(phrase)
    pages = pages_user_may_take_down(user).order_by("-last_published_at", "-pk").specific()
    return [page for page in pages if any(wanted in fold(text) for _where, text in page_texts(page))]


class EmergencyTakeDownForm(forms.Form):
    phrase = forms.CharField(
        label=_("Phrase"),
        min_length=2,
        max_length=100,
        help_text=_("Every live page whose title, text or attachment titles contain it."),
    )
    pages = forms.TypedMultipleChoiceField(label=_("Pages to take down"), coerce=int, required=False)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("One reason for all of them; it is recorded with each take-down."),
    )

    def __init__(self, *args, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pages"].choices = [(page.pk, page.title) for page in matches]


class EmergencyTakeDownView(AdminPageMixin, FormView):
    form_class = EmergencyTakeDownForm
    template_name = "wagtail_review/emergency_take_down.html"
    page_title = _("Emergency take-down")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not is_site_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def phrase(self):
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        return data.get("phrase", "").replace("\x00", "").strip()[:100]

    def get_matches(self):
        if not hasattr(self, "_matches"):
            self._matches = (
                live_pages_showing(self.phrase, self.request.user) if len(self.phrase) >= 2 else []
            )
        return self._matches

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["matches"] = self.get_matches()
        if self.request.method == "GET" and self.phrase:
            kwargs["data"] = {"phrase": self.phrase, "pages": [page.pk for page in self.get_matches()]}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        matches = self.get_matches()
        units = units_for_pages(matches)
        context["matches"] = [(page, units.get(page.pk)) for page in matches]
        context["searched"] = len(self.phrase) >= 2
        return context

    def form_valid(self, form):
        chosen = set(form.cleaned_data["pages"])
        reason = form.cleaned_data["reason"].strip()
        if not chosen:
            form.add_error("pages", _("Choose the pages to take down."))
        if not reason:
            form.add_error("reason", _("Give the reason for taking this information down."))
        if form.errors:
            return self.form_invalid(form)
        taken, refused = [], []
        # Only pages that match now and that this person may take down: the list is recomputed here.
        for page in self.get_matches():
            if page.pk not in chosen:
                continue
            try:
                take_down(page, self.request.user, reason)
                taken.append(page)
            except ValidationError as error:
                refused.append(f"{page.title}: {' '.join(error.messages)}")
        if taken:
            messages.success(
                self.request,
                ngettext(
                    "%(count)d page taken down, each registered with the reason.",
                    "%(count)d pages taken down, each registered with the reason.",
                    len(taken),
                )
                % {"count": len(taken)},
            )
        for line in refused:
            messages.error(self.request, line)
        return redirect("wagtail_review:live_information")

"""Forms: the signature a reviewer gives, and the page form that refuses incomplete submissions."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .checklist import ANSWER_CHOICES, REVIEW_POINTS, failing_points
from .models.review_form import REVIEW_FORM_FIELDS


class SignatureForm(forms.Form):
    """The nine points (Art. 10), each answered by the signer, and a comment."""

    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, sensitive_route=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sensitive_route = sensitive_route
        for point in REVIEW_POINTS:
            self.fields[point.field_name] = forms.ChoiceField(
                label=f"{point.number}. {point.question}",
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer every review point.")},
            )
        # The comment last, after the points, as on the paper form.
        self.order_fields([p.field_name for p in REVIEW_POINTS] + ["comment"])

    @property
    def answers(self):
        return {p.field_name: self.cleaned_data.get(p.field_name) for p in REVIEW_POINTS}


class ApproveForm(SignatureForm):
    def clean(self):
        cleaned = super().clean()
        if all(p.field_name in cleaned for p in REVIEW_POINTS):
            failing = failing_points(self.answers, sensitive_route=self.sensitive_route)
            if failing:
                raise forms.ValidationError(
                    _(
                        "Point %(numbers)s does not pass: this information cannot be approved. Return it for changes."
                    )
                    % {"numbers": "、".join(str(p.number) for p in failing)}
                )
        return cleaned


class RejectForm(SignatureForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = True
        self.fields["comment"].label = _("Reason for returning it")
        self.fields["comment"].error_messages["required"] = _("Say why the information is returned.")


class ReviewedPageForm(WagtailAdminPageForm):
    """Saving a draft accepts an incomplete review form; submitting or publishing does not."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if not self.instance.pk and parent_page is not None:
            # A new page belongs to the unit of the section it is created in.
            from .ownership import unit_for_page

            self.instance._review_unit = unit_for_page(parent_page)
        # The model form's initial already holds "" for a new page: replace it.
        if "review_source_type" in self.fields and not self.initial.get("review_source_type"):
            self.initial["review_source_type"] = self.instance.effective_source_type

    def clean(self):
        cleaned = super().clean()
        if self.is_deferred_validation:
            return cleaned
        candidate = self.instance
        for name in REVIEW_FORM_FIELDS:
            if name in cleaned:
                setattr(candidate, name, cleaned[name])
        for field, message in candidate.review_form_errors().items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned

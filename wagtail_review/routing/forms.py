"""The signature a reviewer or leader gives: the nine points (Art. 10) answered, and a comment."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from ..review_form.checklist import ANSWER_CHOICES, REVIEW_POINTS, failing_points, passing_answers


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
    # The dialog offers one button setting every point to its passing answer; the signer changes any that fails.
    offers_all_pass = True

    def __init__(self, *args, serious_findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.serious_findings = list(serious_findings)
        if self.serious_findings:
            # A serious finding blocks approval unless the signer says why it is a false alarm (Art. 10).
            self.fields["false_alarm_reason"] = forms.CharField(
                label=_("Why the serious findings above are false alarms"),
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "required": _(
                        "The scan found serious problems: return the information for changes, or say why "
                        "each is a false alarm."
                    )
                },
            )

    @property
    def false_alarm(self):
        """What goes into the signature when the signer approved over serious findings."""
        if not self.serious_findings:
            return {}
        return {
            "reason": self.cleaned_data["false_alarm_reason"],
            "findings": [
                {"kind": f.kind, "text": f.text, "field": f.field, "start": f.start}
                for f in self.serious_findings
            ],
        }

    @property
    def passing_answers_json(self):
        return json.dumps(passing_answers(sensitive_route=self.sensitive_route))

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

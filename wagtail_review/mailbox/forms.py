"""The public form: every field bounded, a telephone or an e-mail to answer to, the human check."""

import re

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..app_settings import app_settings
from ..organisation.units import Unit
from . import attachments
from .abuse import challenge_refusal
from .models import (
    BODY_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    QUERY_CODE_LENGTH,
    TITLE_MAX_LENGTH,
    MessageKind,
)

PHONE = re.compile(r"^[0-9+\-() ]{7,20}$")
UNKNOWN_UNIT = ""


def unit_choices():
    units = Unit.objects.filter(is_active=True).order_by("kind", "name").values_list("pk", "name")
    return [
        (UNKNOWN_UNIT, _("Not sure (the information centre routes it)")),
        *[(str(pk), name) for pk, name in units],
    ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input, each checked by ``attachments.upload_refusal``, their number bounded."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ",".join(f".{ext}" for ext in attachments.ACCEPTED_TYPES)}),
        )
        super().__init__(*args, required=False, **kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        limit = app_settings.MAILBOX_ATTACHMENTS_PER_MESSAGE
        if len(uploads) > limit:
            raise forms.ValidationError(_("Attach at most %(count)d files.") % {"count": limit})
        files = [super(AttachmentsField, self).clean(upload, initial) for upload in uploads]
        problems = [problem for problem in map(attachments.upload_refusal, files) if problem]
        if problems:
            raise forms.ValidationError(problems)
        return files


class MessageForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type of message"), choices=MessageKind.choices, widget=forms.RadioSelect
    )
    unit = forms.ChoiceField(label=_("Unit concerned"), required=False)
    title = forms.CharField(label=_("Subject of your message"), max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(
        label=_("Your message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("At most %(count)d characters.") % {"count": BODY_MAX_LENGTH},
    )
    name = forms.CharField(label=_("Your name"), max_length=NAME_MAX_LENGTH)
    phone = forms.CharField(label=_("Your telephone"), max_length=PHONE_MAX_LENGTH, required=False)
    email = forms.EmailField(label=_("Your e-mail"), max_length=254, required=False)
    attachments = AttachmentsField(label=_("Attachments (optional)"))
    may_publish = forms.BooleanField(
        label=_("My message and its reply may be published (my name and contact details never are)"),
        required=False,
    )
    agree = forms.BooleanField(
        label=_("I have read the privacy notice"),
        error_messages={"required": _("Read and accept the privacy notice to send your message.")},
    )
    answer = forms.CharField(label=_("Check question"), max_length=4)
    challenge = forms.CharField(widget=forms.HiddenInput, max_length=500)
    # People never see this field (it is hidden); robots that fill every field give themselves away.
    website = forms.CharField(required=False, max_length=200, label=_("Leave this empty"))

    def __init__(self, *args, question="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices()
        self.fields["answer"].help_text = question
        if attachments.enabled():
            self.fields["attachments"].help_text = _(
                "Up to %(count)d files (PDF, JPEG, PNG or Word), each at most %(size)s. "
                "Only the staff who handle your message see them; they are never published."
            ) % {
                "count": app_settings.MAILBOX_ATTACHMENTS_PER_MESSAGE,
                "size": filesizeformat(app_settings.MAILBOX_ATTACHMENT_MAX_BYTES),
            }
        else:
            del self.fields["attachments"]

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Enter a telephone number of digits, e.g. 0352-1234567 or 13912345678.")
            )
        return phone

    def clean_unit(self):
        value = self.cleaned_data["unit"]
        return None if value == UNKNOWN_UNIT else Unit.objects.filter(pk=value, is_active=True).first()

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("phone")
            and not cleaned.get("email")
            and not self.has_error("phone")
            and not self.has_error("email")
        ):
            raise forms.ValidationError(
                _("Give a telephone number or an e-mail address, so the reply can reach you.")
            )
        if cleaned.get("website"):
            raise forms.ValidationError(_("Your message could not be sent. Please try again."))
        if "answer" in cleaned and "challenge" in cleaned:
            refusal = challenge_refusal(cleaned["challenge"], cleaned["answer"])
            if refusal:
                self.add_error("answer", refusal)
        return cleaned


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Query code"), max_length=QUERY_CODE_LENGTH + 10)

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).upper()

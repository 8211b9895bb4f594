"""Forms of the account screens; every field bounded, every error in the person's language."""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from . import second_factor


class CodeForm(forms.Form):
    """A code from the authenticator app, or one unused recovery code."""

    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": _("Enter the code your authenticator app shows.")},
    )

    def __init__(self, *args, user, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.device, self.matched_device = user, device, None

    def clean_token(self):
        token = self.cleaned_data["token"]
        if self.device is not None:
            # Enrolment: only the new authenticator's own code proves it was set up.
            matched = self.device if self.device.verify_token(token.strip().replace(" ", "")) else None
        else:
            matched = second_factor.verify(self.user, token)
        if matched is None:
            raise forms.ValidationError(
                _("That code is not valid. Check the time on your phone and enter the current code.")
            )
        self.matched_device = matched
        return token


class ConfirmIdentityForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autofocus": True}),
    )
    token = forms.CharField(label=_("Code"), max_length=16, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.needs_code = second_factor.is_enrolled(user)
        if not self.needs_code:
            del self.fields["token"]
        else:
            self.fields["token"].required = True

    def clean(self):
        cleaned = super().clean()
        if "password" in cleaned and not self.user.check_password(cleaned["password"]):
            raise forms.ValidationError(_("That is not your password."))
        if (
            self.needs_code
            and cleaned.get("token")
            and second_factor.verify(self.user, cleaned["token"]) is None
        ):
            raise forms.ValidationError(
                _("That code is not valid. Enter the current code from your authenticator app.")
            )
        return cleaned


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form: old password, new password twice, AUTH_PASSWORD_VALIDATORS applied."""


class UnlockForm(forms.Form):
    username = forms.CharField(label=_("Account"), max_length=150, required=False)
    ip_address = forms.GenericIPAddressField(label=_("IP address"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("username") and not cleaned.get("ip_address") and not self.errors:
            raise forms.ValidationError(_("Name the account or the IP address to unlock."))
        return cleaned

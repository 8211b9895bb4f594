"""The admin sign-in form with its password field labelled in the site's language.

Wagtail 8.0's ``LoginForm`` gives the password field no label, so Django
derives the English "Password" from the field's name. Use with
``WAGTAILADMIN_USER_LOGIN_FORM = "wagtail_review.login.LoginForm"``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")

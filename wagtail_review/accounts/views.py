"""The account screens: second factor, password change, identity confirmation, lockouts."""

from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from . import lockout, second_factor, sessions
from .audit import EventKind, record
from .forms import CodeForm, ConfirmIdentityForm, PasswordChangeForm, UnlockForm


class AccountScreen(WagtailAdminTemplateMixin):
    """An account screen in Wagtail's admin frame, its title in the header (the last breadcrumb)."""

    header_icon = "lock"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


# The unconfirmed authenticator this session is setting up.
PENDING_DEVICE_KEY = "wagtail_review_pending_authenticator"


class NextMixin:
    def next_url(self):
        candidate = self.request.POST.get("next") or self.request.GET.get("next")
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return candidate
        return reverse("wagtailadmin_home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = self.next_url()
        return context


class AccountFormView(NextMixin, AccountScreen, FormView):
    template_name = "wagtail_review/accounts/form.html"
    intro = ""
    submit_label = gettext_lazy("Continue")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(intro=self.intro, submit_label=self.submit_label)
        return context


class VerifyView(AccountFormView):
    """The code page after the password, for those who need a second factor and have enrolled."""

    page_title = gettext_lazy("Second factor")
    intro = gettext_lazy(
        "Enter the six-digit code your authenticator app shows, or one of your recovery codes."
    )
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if second_factor.session_passed(request):
            return redirect(self.next_url())
        if not second_factor.is_enrolled(request.user):
            return redirect(
                f"{reverse('wagtail_review_accounts:enrol')}?{urlencode({'next': self.next_url()})}"
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        otp_login(self.request, form.matched_device)
        sessions.confirm_identity(self.request.session)
        record(EventKind.SECOND_FACTOR_PASSED, request=self.request, user=self.request.user)
        return redirect(self.next_url())

    def form_invalid(self, form):
        record(EventKind.SECOND_FACTOR_FAILED, request=self.request, user=self.request.user)
        return super().form_invalid(form)


class EnrolView(AccountFormView):
    """First sign-in of someone who needs a second factor: set up the authenticator, prove it with a code."""

    page_title = gettext_lazy("Set up your second factor")
    template_name = "wagtail_review/accounts/enrol.html"
    form_class = CodeForm
    submit_label = gettext_lazy("Confirm and continue")

    def dispatch(self, request, *args, **kwargs):
        if second_factor.is_enrolled(request.user):
            return redirect(
                f"{reverse('wagtail_review_accounts:verify')}?{urlencode({'next': self.next_url()})}"
            )
        # The key is this session's alone: another session (someone else with the password) starts
        # its own and voids this one, so a key seen elsewhere is never the one confirmed here.
        self.device = second_factor.pending_enrolment(request.user, request.session.get(PENDING_DEVICE_KEY))
        if self.device is None:
            self.device = second_factor.start_enrolment(request.user)
            request.session[PENDING_DEVICE_KEY] = self.device.pk
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "device": self.device}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        image = qrcode.make(self.device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
        context.update(
            qr_svg=image.to_string(encoding="unicode"),
            secret=b32encode(self.device.bin_key).decode(),
        )
        return context

    def form_valid(self, form):
        codes = second_factor.finish_enrolment(self.device)
        otp_login(self.request, self.device)
        sessions.confirm_identity(self.request.session)
        record(EventKind.SECOND_FACTOR_ENROLLED, request=self.request, user=self.request.user)
        self.page_title = _("Your recovery codes")
        return TemplateResponse(
            self.request,
            "wagtail_review/accounts/recovery_codes.html",
            {**self.get_context_data(form=form), "codes": codes},
        )


class RecoveryCodesView(NextMixin, AccountScreen, TemplateView):
    """New recovery codes for a person with an authenticator (the old ones stop working)."""

    page_title = gettext_lazy("Recovery codes")
    template_name = "wagtail_review/accounts/recovery_codes.html"

    def dispatch(self, request, *args, **kwargs):
        if not second_factor.is_enrolled(request.user) or not second_factor.session_passed(request):
            raise PermissionDenied
        # The password (and code) again: a session opened with one stolen recovery code must not
        # mint ten more and void the owner's.
        if not sessions.identity_recent(request.session):
            confirm = reverse("wagtail_review_accounts:confirm_identity")
            return redirect(f"{confirm}?{urlencode({'next': request.path})}")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        codes = second_factor.issue_recovery_codes(request.user)
        record(
            EventKind.SECOND_FACTOR_ENROLLED,
            request=request,
            user=request.user,
            detail="recovery codes renewed",
        )
        return self.render_to_response(self.get_context_data(codes=codes))


class ChangePasswordView(AccountFormView):
    page_title = gettext_lazy("Change your password")
    form_class = PasswordChangeForm
    submit_label = gettext_lazy("Change password")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        from django.contrib.auth.password_validation import password_validators_help_texts

        context = super().get_context_data(**kwargs)
        context["help_texts"] = password_validators_help_texts()
        return context

    def form_valid(self, form):
        form.save()
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password has been changed."))
        return redirect(self.next_url())


class ConfirmIdentityView(AccountFormView):
    """Password (and code) again before granting roles, taking information down or changing routes."""

    page_title = gettext_lazy("Confirm it is you")
    intro = gettext_lazy(
        "This action changes who may do what, or what the public sees. Enter your password again to go on."
    )
    form_class = ConfirmIdentityForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        sessions.confirm_identity(self.request.session)
        record(EventKind.IDENTITY_CONFIRMED, request=self.request, user=self.request.user)
        return redirect(self.next_url())


def _require_security_administrator(request):
    from ..organisation.duties import is_security_administrator

    if not is_security_administrator(request.user):
        raise PermissionDenied


class LockoutsView(AccountScreen, TemplateView):
    """The security administrator's list of accounts and addresses locked out now, each with 解锁."""

    page_title = gettext_lazy("Sign-in lockouts")
    template_name = "wagtail_review/accounts/lockouts.html"

    def dispatch(self, request, *args, **kwargs):
        _require_security_administrator(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(lockouts=lockout.current_lockouts(), form=kwargs.get("form") or UnlockForm())
        return context


class UnlockView(LockoutsView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = UnlockForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        lockout.unlock(
            username=form.cleaned_data["username"],
            ip_address=form.cleaned_data["ip_address"],
            request=request,
            by=request.user,
        )
        messages.success(request, _("Unlocked. The next sign-in is counted afresh."))
        return redirect("wagtail_review_accounts:lockouts")


class ResetSecondFactorView(LockoutsView):
    """The security administrator removes someone's authenticator (a lost phone); they enrol again."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        from django.contrib.auth import get_user_model

        username = request.POST.get("username", "")[:150]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            messages.error(request, _("No account named “%(username)s”.") % {"username": username})
        elif user.pk == request.user.pk:
            messages.error(
                request, _("Nobody resets their own second factor: ask another security administrator.")
            )
        else:
            second_factor.reset(user)
            record(EventKind.SECOND_FACTOR_RESET, request=request, user=user)
            messages.success(
                request,
                _("%(username)s's second factor was removed: they set up a new one at their next sign-in.")
                % {"username": username},
            )
        return redirect("wagtail_review_accounts:lockouts")

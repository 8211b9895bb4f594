"""The staff's side of the mailbox (Art. 14): the information centre sees and takes in every message,
a unit sees the messages it answers; contact details are for them alone. Nobody edits a message.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import InspectView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet, ViewSetGroup
from wagtail.permission_policies.base import ModelPermissionPolicy

from ..exports import OfficialIndexView
from ..organisation.memberships import Membership
from ..organisation.units import Unit
from . import deadlines, handling, publication, replies
from .attachments import Attachment
from .calendar import WorkingDayOverride
from .models import TITLE_MAX_LENGTH, Message, MessageStatus
from .report import MailboxReportView


def units_answered_by(user):
    """The units whose messages ``user`` handles as a member (in force)."""
    return Membership.objects.active().filter(user=user).values("unit_id")


class MessagePolicy(ModelPermissionPolicy):
    """Read-only: the information centre reads every message, a unit's members their unit's."""

    def user_has_permission(self, user, action):
        if action != "view" or not user.is_active:
            return False
        return handling.may_triage(user) or Membership.objects.active().filter(user=user).exists()

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = Message.objects.all()
        if not self.user_has_any_permission(user, actions):
            return queryset.none()
        if handling.may_triage(user):
            return queryset
        return queryset.filter(unit_id__in=units_answered_by(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.instances_user_has_any_permission_for(user, [action]).filter(pk=instance.pk).exists()


def visible_messages(user):
    """The messages ``user`` may read: every one for the information centre, their units' for members."""
    return MessagePolicy(Message).instances_user_has_any_permission_for(user, ["view"])


class CalendarPolicy(ModelPermissionPolicy):
    """The information centre keeps the working-day calendar."""

    def user_has_permission(self, user, action):
        return user.is_active and handling.may_triage(user)

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, "change")


STEP_CHOICES = [
    ("accept", gettext_lazy("Accept and send to the unit")),
    ("reject", gettext_lazy("Do not accept (give the reason)")),
    ("forward", gettext_lazy("Forward to another unit (give the reason)")),
    ("petition", gettext_lazy("Transfer as a petition (give the reason)")),
]


class TriageForm(forms.Form):
    step = forms.ChoiceField(label=gettext_lazy("Step"), choices=STEP_CHOICES, widget=forms.RadioSelect)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit that answers"), queryset=Unit.objects.filter(is_active=True), required=False
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text of the reply"),
        max_length=replies.REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class SignReplyForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("approve", gettext_lazy("Approve and sign")),
            ("return", gettext_lazy("Return to the unit")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment (the reason, when returning)"), max_length=500, required=False
    )


class MessageStepView(WagtailAdminTemplateMixin, FormView):
    """A page about one message: its text, its handling so far, and one form to act on it."""

    template_name = "wagtail_review/mailbox/step.html"
    header_icon = "mail"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        self.message = get_object_or_404(visible_messages(request.user), pk=kwargs["pk"])
        refusal = self.refusal()
        if refusal:
            messages.error(request, refusal)
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": Message._meta.verbose_name_plural},
            {"url": "", "label": self.page_title, "sublabel": self.message.query_code},
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "message": self.message,
            "attachments": attachment_links(self.message),
            "replies": self.message.replies.prefetch_related("signatures__signer").select_related(
                "drafted_by"
            ),
        }

    def act(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.act(form)
        except handling.HandlingRefused as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        messages.success(self.request, _("Done: %(title)s") % {"title": self.message.title})
        return redirect(self.index_url_name)


class TriageView(MessageStepView):
    form_class = TriageForm
    page_title = gettext_lazy("Take in a message")

    def refusal(self):
        return (
            None
            if handling.may_triage(self.request.user)
            else _("Only the information centre takes in mailbox messages.")
        )

    def get_initial(self):
        return {"unit": self.message.unit}

    def act(self, form):
        step, unit, reason = form.cleaned_data["step"], form.cleaned_data["unit"], form.cleaned_data["reason"]
        user = self.request.user
        if step == "accept":
            handling.accept(self.message, user, unit)
        elif step == "reject":
            handling.reject(self.message, user, reason)
        elif step == "forward":
            if unit is None:
                raise handling.HandlingRefused(_("Choose the unit that answers this message."))
            handling.forward(self.message, user, unit, reason)
        else:
            handling.transfer_as_petition(self.message, user, reason)


class DraftReplyView(MessageStepView):
    form_class = ReplyForm
    page_title = gettext_lazy("Draft the reply")

    def refusal(self):
        return replies.draft_refusal(self.message, self.request.user)

    def act(self, form):
        replies.draft_reply(self.message, self.request.user, form.cleaned_data["text"])


class SignReplyView(MessageStepView):
    form_class = SignReplyForm
    page_title = gettext_lazy("Sign the reply")

    def refusal(self):
        self.reply = replies.current_reply(self.message)
        if self.reply is None:
            return _("This message has no reply in review.")
        return replies.signing_refusal(self.reply, self.request.user)

    def act(self, form):
        replies.sign_reply(
            self.reply,
            self.request.user,
            approve=form.cleaned_data["decision"] == "approve",
            comment=form.cleaned_data["comment"],
        )


class ExtensionForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("More working days"), min_value=1, max_value=deadlines.MAX_EXTENSION_DAYS
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("grant", gettext_lazy("Grant")), ("refuse", gettext_lazy("Refuse"))],
        widget=forms.RadioSelect,
    )


class CloseForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note (e.g. the follow-up call)"), max_length=500, required=False
    )


class RequestExtensionView(MessageStepView):
    form_class = ExtensionForm
    page_title = gettext_lazy("Ask for more time")

    def refusal(self):
        return deadlines.extension_request_refusal(self.message, self.request.user)

    def act(self, form):
        deadlines.request_extension(
            self.message, self.request.user, form.cleaned_data["days"], form.cleaned_data["reason"]
        )


class DecideExtensionView(MessageStepView):
    form_class = DecisionForm
    page_title = gettext_lazy("Decide on more time")

    def refusal(self):
        self.extension = self.message.extensions.filter(granted__isnull=True).first()
        if self.extension is None or not handling.may_triage(self.request.user):
            return _("There is no request for more time for you to decide.")
        return None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "extension": self.extension}

    def act(self, form):
        deadlines.decide_extension(
            self.extension, self.request.user, form.cleaned_data["decision"] == "grant"
        )


class CloseMessageView(MessageStepView):
    form_class = CloseForm
    page_title = gettext_lazy("Close the message")

    def refusal(self):
        if not handling.may_triage(self.request.user):
            return _("Only the information centre takes in mailbox messages.")
        return None

    def act(self, form):
        handling.close(self.message, self.request.user, form.cleaned_data["note"])


class HidePublishedTextForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Published subject"), max_length=TITLE_MAX_LENGTH, strip=False)
    body = forms.CharField(
        label=gettext_lazy("Published text"), widget=forms.Textarea(attrs={"rows": 6}), strip=False
    )
    reply = forms.CharField(
        label=gettext_lazy("Published reply"), widget=forms.Textarea(attrs={"rows": 8}), strip=False
    )


class HidePublishedTextView(MessageStepView):
    """The information centre masks more of what the public reads (a third person's name, say)."""

    form_class = HidePublishedTextForm
    page_title = gettext_lazy("Mask the published text")

    def refusal(self):
        if not handling.may_triage(self.request.user):
            return _("Only the information centre edits what is published of a message.")
        if self.message.replied_at is None:
            return _("This message has no sent reply: nothing of it is published.")
        return None

    def get_initial(self):
        return {
            "title": self.message.public_title,
            "body": self.message.public_body,
            "reply": self.message.public_reply,
        }

    def act(self, form):
        publication.hide(self.message, self.request.user, **form.cleaned_data)


class MessageIndexView(OfficialIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(pk__in=visible_messages(self.request.user).values("pk"))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        user = self.request.user
        if handling.may_triage(user) and instance.status in handling.TRIAGE_STATES:
            buttons.append(MenuItem(_("Take in"), url=triage_url(instance), icon_name="mail", priority=5))
        if replies.draft_refusal(instance, user) is None:
            url = reverse("wagtail_review_mailbox_messages:draft_reply", args=[instance.pk])
            buttons.append(MenuItem(_("Draft the reply"), url=url, icon_name="edit", priority=4))
        if deadlines.extension_request_refusal(instance, user) is None:
            url = reverse("wagtail_review_mailbox_messages:request_extension", args=[instance.pk])
            buttons.append(MenuItem(_("Ask for more time"), url=url, icon_name="time", priority=8))
        if handling.may_triage(user) and instance.extensions.filter(granted__isnull=True).exists():
            url = reverse("wagtail_review_mailbox_messages:decide_extension", args=[instance.pk])
            buttons.append(MenuItem(_("Decide on more time"), url=url, icon_name="time", priority=6))
        if handling.may_triage(user) and instance.status == MessageStatus.REPLIED:
            url = reverse("wagtail_review_mailbox_messages:close", args=[instance.pk])
            buttons.append(MenuItem(_("Close the message"), url=url, icon_name="check", priority=7))
        if handling.may_triage(user) and instance.replied_at and instance.may_publish:
            url = reverse("wagtail_review_mailbox_messages:hide", args=[instance.pk])
            buttons.append(MenuItem(_("Mask the published text"), url=url, icon_name="view", priority=9))
        reply = replies.current_reply(instance)
        if reply is not None and replies.may_sign(reply, user):
            url = reverse("wagtail_review_mailbox_messages:sign_reply", args=[instance.pk])
            buttons.append(MenuItem(_("Sign the reply"), url=url, icon_name="tick", priority=3))
        return buttons


def download_attachment(request, pk):
    """A message's attachment, for the staff who may read the message: downloaded, never shown inline."""
    attachment = get_object_or_404(
        Attachment.objects.filter(message__in=visible_messages(request.user)), pk=pk
    )
    try:
        handle = attachment.file.open("rb")
    except OSError:
        raise Http404(_("The file of this attachment is missing.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    # Whatever the file holds, the browser neither guesses its type nor runs it in the admin's origin.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_links(message):
    return (
        format_html_join(
            mark_safe("<br>"),
            '<a href="{}" download>{}</a> ({})',
            (
                (
                    reverse("wagtail_review_mailbox_messages:attachment", args=[a.pk]),
                    a.original_name,
                    filesizeformat(a.size),
                )
                for a in message.attachments.all()
            ),
        )
        or "—"
    )


class MessageInspectView(InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(visible_messages(self.request.user), pk=unquote(str(self.pk)))

    def get_field_label(self, field_name, field):
        if field_name == "attachments":
            return _("Attached files")
        return super().get_field_label(field_name, field)

    def get_attachments_display_value(self):
        return attachment_links(self.object)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return "—" if value is None or value == "" else value


class MessageViewSet(ModelViewSet):
    model = Message
    icon = "mail"
    menu_label = gettext_lazy("Mailbox messages")
    url_prefix = "review/mailbox"
    name = "wagtail_review_mailbox_messages"
    index_view_class = MessageIndexView
    inspect_view_class = MessageInspectView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["query_code", "title", "kind", "unit", "status", "received_at", "reply_due"]
    list_filter = ["status", "kind", "unit"]
    search_fields = ["query_code", "title", "body"]
    list_export = ["query_code", "kind", "unit", "title", "status", "received_at", "reply_due"]
    export_filename = "mailbox-messages"
    inspect_view_fields = [
        "query_code",
        "kind",
        "unit",
        "title",
        "body",
        "name",
        "phone",
        "email",
        "may_publish",
        "status",
        "received_at",
        "reply_due",
        "attachments",
        "public_title",
        "public_body",
        "public_reply",
    ]
    form_fields = ["title"]  # never editable (the policy grants no write); Wagtail needs a form

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "triage/<int:pk>/",
                TriageView.as_view(index_url_name=self.get_url_name("index")),
                name="triage",
            ),
            path("statistics/", MailboxReportView.as_view(), name="statistics"),
            path(
                "reply/<int:pk>/",
                DraftReplyView.as_view(index_url_name=self.get_url_name("index")),
                name="draft_reply",
            ),
            path(
                "more-time/<int:pk>/",
                RequestExtensionView.as_view(index_url_name=self.get_url_name("index")),
                name="request_extension",
            ),
            path(
                "more-time/<int:pk>/decide/",
                DecideExtensionView.as_view(index_url_name=self.get_url_name("index")),
                name="decide_extension",
            ),
            path(
                "close/<int:pk>/",
                CloseMessageView.as_view(index_url_name=self.get_url_name("index")),
                name="close",
            ),
            path("attachment/<int:pk>/", download_attachment, name="attachment"),
            path(
                "published-text/<int:pk>/",
                HidePublishedTextView.as_view(index_url_name=self.get_url_name("index")),
                name="hide",
            ),
            path(
                "sign/<int:pk>/",
                SignReplyView.as_view(index_url_name=self.get_url_name("index")),
                name="sign_reply",
            ),
        ]


class WorkingDayOverrideViewSet(ModelViewSet):
    model = WorkingDayOverride
    icon = "date"
    menu_label = gettext_lazy("Working-day calendar")
    url_prefix = "review/working-days"
    name = "wagtail_review_working_days"
    copy_view_enabled = False
    list_display = ["date", "is_working_day", "note"]
    form_fields = ["date", "is_working_day", "note"]


class MailboxGroup(ViewSetGroup):
    menu_label = gettext_lazy("Public mailbox")
    menu_icon = "mail"
    menu_order = 270
    items = (MessageViewSet, WorkingDayOverrideViewSet)


def register_policies():
    from wagtail.permissions import register_permission_policy

    register_permission_policy(Message, MessagePolicy(Message), exact_class=True)
    register_permission_policy(WorkingDayOverride, CalendarPolicy(WorkingDayOverride), exact_class=True)


def triage_url(message):
    return reverse("wagtail_review_mailbox_messages:triage", args=[message.pk])

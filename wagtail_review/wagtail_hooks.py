"""All admin registration of wagtail_review, in one place (as Wagtail's contrib apps do)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import accounts, admin_urls
from .mailbox.viewsets import MailboxGroup
from .organisation.memberships import Membership
from .publication.media import shown_publicly
from .publication.serving import may_serve
from .publication.take_down import can_take_down, may_take_down_anything
from .reports.views import user_may_see_reports
from .routing import change_in_review
from .routing.returns import current_return, return_banner
from .routing.views import AwaitingReviewPanel, MyPagesPanel
from .scanning.viewsets import LexiconGroup
from .viewsets import ReviewAdminGroup


@hooks.register("register_admin_viewset")
def register_review_viewsets():
    return ReviewAdminGroup()


@hooks.register("register_admin_viewset")
def register_scanning_viewsets():
    return LexiconGroup()


@hooks.register("before_bulk_action")
def guard_bulk_account_actions(request, action_type, objects, action_class_instance):
    """Wagtail's bulk user actions (activate, deactivate, delete, assign a group) meet the account rules."""
    from django.contrib.auth import get_user_model

    from .organisation.accounts import bulk_account_refusal

    if action_class_instance.model is not get_user_model():
        return None
    refusal = bulk_account_refusal(request.user, objects)
    if refusal:
        messages.error(request, refusal)
        return redirect("wagtailusers_users:index")
    return None


@hooks.register("register_admin_viewset")
def register_mailbox_viewsets():
    return MailboxGroup()


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_see_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_mailbox_statistics_menu_item():
    return ReportsMenuItem(
        _("Mailbox statistics"),
        reverse("wagtail_review_mailbox_messages:statistics"),
        icon_name="mail",
        order=710,
    )


@hooks.register("register_admin_urls")
def register_review_urls():
    return [path("review/", include(admin_urls, namespace="wagtail_review"))]


class AwaitingReviewMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or Membership.objects.active().filter(user=user).exists()


@hooks.register("register_admin_menu_item")
def register_awaiting_review_menu_item():
    return AwaitingReviewMenuItem(
        _("Awaiting my review"), reverse("wagtail_review:awaiting_review"), icon_name="tasks", order=150
    )


class LiveInformationMenuItem(MenuItem):
    def is_shown(self, request):
        return may_take_down_anything(request.user)


@hooks.register("register_admin_menu_item")
def register_live_information_menu_item():
    return LiveInformationMenuItem(
        _("Live information"),
        reverse("wagtail_review:live_information"),
        icon_name="doc-full-inverse",
        order=160,
    )


class PerformanceReportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_see_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_performance_report_menu_item():
    return PerformanceReportMenuItem(
        _("Performance report"), reverse("wagtail_review:performance_report"), icon_name="table", order=700
    )


class SelfInspectionMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_see_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_self_inspection_menu_item():
    return SelfInspectionMenuItem(
        _("Self-inspection"), reverse("wagtail_review:self_inspection"), icon_name="clipboard-list", order=170
    )


@hooks.register("construct_homepage_panels")
def use_review_aware_dashboard_panel(request, panels):
    # Wagtail's "awaiting your review" does not know the routes; its "what's new" banner points at English
    # pages on the open internet.
    panels[:] = [
        panel
        for panel in panels
        if getattr(panel, "name", "") not in ("workflow_objects_to_moderate", "whats_new_in_wagtail_version")
    ]
    panels.append(AwaitingReviewPanel())
    panels.append(MyPagesPanel())


hooks.register("before_edit_page", change_in_review.remember_step_before_saving)
hooks.register("after_edit_page", change_in_review.explain_change_by_signer)


@hooks.register("before_edit_page")
def show_the_return_reason(request, page):
    # The editor opening a returned page sees why, and from whom, before anything else.
    if request.method == "GET" and (returned := current_return(page)) is not None:
        messages.warning(request, return_banner(returned))


class ResubmitMenuItem(SubmitForModerationMenuItem):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = _("Resubmit for review")
        return context


@hooks.register("construct_page_action_menu")
def remove_direct_publishing(menu_items, request, context):
    # Publishing happens only when a review route completes (Art. 9), and
    # taking down goes through the reasoned take-down view (Art. 16). The
    # guard refuses a direct publish anyway; the buttons would only mislead.
    menu_items[:] = [item for item in menu_items if item.name not in ("action-publish", "action-unpublish")]
    # A signer opening the page they are to sign finds 同意并签署 as the main button (it opens the dialog).
    approve = next((item for item in menu_items if item.name == "approve"), None)
    if approve is not None:
        menu_items.remove(approve)
        menu_items.insert(0, approve)
        # …and, for a small change of their own, the honest alternative: change it and let another sign.
        menu_items.insert(1, change_in_review.ChangeAndPassOnMenuItem(order=approve.order + 1))
    # After a return, one way on: resubmit (the route resumes in order); not also "restart workflow".
    page = context.get("page")
    workflow_state = page.current_workflow_state if page is not None and page.pk else None
    if workflow_state is not None and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
        menu_items[:] = [
            ResubmitMenuItem(order=item.order) if item.name == "action-submit" else item
            for item in menu_items
            if item.name != "action-restart-workflow"
        ]


@hooks.register("before_unpublish_page")
def unpublish_needs_a_reason(request, page):
    return redirect("wagtail_review:take_down", page.pk)


def _take_down_button(page, user, priority):
    if page.live and can_take_down(user, page):
        yield Button(
            _("Take down"),
            reverse("wagtail_review:take_down", args=[page.pk]),
            icon_name="resubmit",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def page_header_take_down(page, user, view_name, next_url=None):
    yield from _take_down_button(page, user, priority=61)


@hooks.register("register_page_listing_more_buttons")
def page_listing_take_down(page, user, next_url=None):
    yield from _take_down_button(page, user, priority=41)


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action("wagtail_review.take_down", _("Take down"), _("Taken down with a reason"))
    change_in_review.register_log_action(actions)


@hooks.register("before_serve_document")
def serve_only_released_documents(document, request):
    # A document no page the public may see shows is not public yet (Art. 3, 9); editors still open it.
    if request.user.has_perm("wagtailadmin.access_admin"):
        return None
    if not shown_publicly(type(document).objects.filter(pk=document.pk)).exists():
        raise Http404
    return None


@hooks.register("before_serve_page")
def serve_only_registered_pages(page, request, serve_args, serve_kwargs):
    if not may_serve(page):
        return TemplateResponse(request, "wagtail_review/withheld.html", {"page": page}, status=503)
    return None


@hooks.register("construct_help_menu")
def remove_english_guides(request, menu_items):
    # Wagtail's "What's new" and "Editor Guide" lead to English pages on the open internet, which a
    # government network often cannot reach; the keyboard shortcuts stay.
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "editor-guide" and not item.name.startswith("whats-new-in-wagtail")
    ]


@hooks.register("insert_global_admin_js")
def review_form_js():
    # "All pass" on the 审查表 tab and in the signing dialog (which opens from listings too), and the
    # tab's sections by source type.
    return format_html('<script src="{}" defer></script>', static("wagtail_review/js/review-form.js"))


@hooks.register("register_admin_viewset")
def register_api_token_viewset():
    from .review_api.viewsets import ApiTokenViewSet

    return ApiTokenViewSet()


# --- Accounts (Art. 15; 等保 2.0) -------------------------------------------------


def register_account_security_hooks():
    """The account screens exist only where the account rules are on (they need django-otp and django-axes)."""
    from .accounts import urls as account_urls
    from .accounts.second_factor import is_enrolled
    from .accounts.viewsets import AccountEventViewSet, LockoutsMenuItem

    @hooks.register("register_admin_urls")
    def register_account_urls():
        return [path("account-security/", include(account_urls, namespace="wagtail_review_accounts"))]

    @hooks.register("register_admin_viewset")
    def register_account_event_viewset():
        return AccountEventViewSet()

    @hooks.register("register_admin_menu_item")
    def register_lockouts_menu_item():
        return LockoutsMenuItem(
            _("Sign-in lockouts"), reverse("wagtail_review_accounts:lockouts"), icon_name="lock", order=960
        )

    @hooks.register("register_account_menu_item")
    def register_recovery_codes_account_item(request):
        if not is_enrolled(request.user):
            return None
        return {
            "url": reverse("wagtail_review_accounts:recovery_codes"),
            "label": _("Recovery codes"),
            "help_text": _("Make new single-use codes for signing in without your phone."),
        }


if accounts.enabled():
    register_account_security_hooks()

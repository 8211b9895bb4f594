"""The public mailbox pages under /hdjl/ (互动交流): write a message, look it up by its code."""

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..accounts.audit import client_ip
from ..app_settings import app_settings
from . import attachments, publication
from .abuse import Challenge, contact_key, duplicate_of, keyed_hash, lookup_refusal, rate_limit_refusal
from .forms import LookupForm, MessageForm
from .models import Message
from .replies import sent_reply


def _client_hash(request):
    return keyed_hash("client", client_ip(request) or request.META.get("REMOTE_ADDR", ""))


def _render(request, template, context, status=200):
    return render(
        request,
        template,
        {
            **context,
            "base_template": app_settings.PUBLIC_BASE_TEMPLATE,
            "site_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
        },
        status=status,
    )


def index(request):
    return _render(request, "wagtail_review/mailbox/index.html", {"lookup_form": LookupForm()})


@require_http_methods(["GET", "POST"])
def write(request):
    challenge = Challenge.new()
    if request.method != "POST":
        form = MessageForm(initial={"challenge": challenge.token}, question=challenge.question)
        return _render(request, "wagtail_review/mailbox/write.html", {"form": form})
    if _request_size(request) > _largest_acceptable_request():
        # Refused unparsed and unstored. (Django's CSRF check has read the body by now: the front
        # web server's own body limit is what keeps the largest uploads off the disk; README.)
        form = MessageForm(initial={"challenge": challenge.token}, question=challenge.question)
        refusal = _("Your message and its attachments are too large. Attach smaller files.")
        return _render(
            request, "wagtail_review/mailbox/write.html", {"form": form, "refusal": refusal}, status=413
        )
    form = MessageForm(request.POST, request.FILES, question=challenge.question)
    if form.is_valid():
        data = form.cleaned_data
        client_hash = _client_hash(request)
        contact_hash = contact_key(data["phone"], data["email"])
        refusal = rate_limit_refusal(client_hash, contact_hash)
        if refusal is None:
            earlier = duplicate_of(contact_hash, data["body"])
            if earlier is not None:
                # Said without the first message's code: whoever knows a writer's number and words
                # must not learn the code that opens their message.
                return _render(request, "wagtail_review/mailbox/already_received.html", {})
            with transaction.atomic():
                message = _store(data, client_hash, contact_hash)
            return redirect(
                f"{reverse('wagtail_review_mailbox:lookup')}?{urlencode({'code': message.query_code, 'new': 1})}"
            )
        form.add_error(None, refusal)
    # A fresh question each time the form comes back.
    form.data = form.data.copy()
    form.data["challenge"], form.data["answer"] = challenge.token, ""
    return _render(request, "wagtail_review/mailbox/write.html", {"form": form}, status=400)


def _request_size(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _largest_acceptable_request():
    """Every field at its longest (generously) and every attachment at its largest."""
    files = app_settings.MAILBOX_ATTACHMENTS_PER_MESSAGE * app_settings.MAILBOX_ATTACHMENT_MAX_BYTES
    return 256 * 1024 + (files if attachments.enabled() else 0)


def _store(data, client_hash, contact_hash):
    message = Message.objects.create(
        kind=data["kind"],
        unit=data["unit"],
        title=data["title"],
        body=data["body"],
        name=data["name"],
        phone=data["phone"],
        email=data["email"],
        may_publish=data["may_publish"],
        fingerprint=keyed_hash(data["body"]),
        client_hash=client_hash,
        contact_hash=contact_hash,
        received_at=timezone.now(),
    )
    attachments.attach(message, data.get("attachments", []))
    return message


def lookup(request):
    form = LookupForm(request.GET or None)
    message = None
    refusal = None
    if form.is_bound and form.is_valid():
        refusal = lookup_refusal(_client_hash(request))
        if refusal is None:
            message = (
                Message.objects.filter(query_code=form.cleaned_data["code"]).select_related("unit").first()
            )
            if message is None:
                form.add_error("code", _("No message has this query code. Check it and try again."))
    if refusal:
        form.add_error(None, refusal)
    reply = sent_reply(message) if message else None
    return _render(
        request,
        "wagtail_review/mailbox/lookup.html",
        {
            "form": form,
            "message": message,
            "reply": reply,
            # Masked here too: a query code gets passed on (a screenshot, a forwarded text).
            "masked_title": publication.readable_title(message) if message else "",
            "reply_text": publication.readable_reply(message, reply),
            "just_sent": request.GET.get("new") == "1",
        },
        status=429 if refusal else 200,
    )


def published(request):
    """Answered messages their writers allowed to publish, personal data masked."""
    from django.core.paginator import Paginator

    search = publication.clean_search(request.GET.get("q", ""))
    page = Paginator(publication.published_messages(search), 20).get_page(request.GET.get("page"))
    return _render(
        request,
        "wagtail_review/mailbox/published.html",
        {
            "page": page,
            "items": [publication.public_view(message) for message in page.object_list],
            "search": search,
            "search_query": urlencode({"q": search}) if search else "",
        },
    )


def published_message(request, pk):
    message = get_object_or_404(publication.published_messages(), pk=pk)
    return _render(
        request, "wagtail_review/mailbox/published_message.html", {"item": publication.public_view(message)}
    )


def published_api(request):
    """The published messages as JSON, masked like the pages: ``?offset=&limit=`` (at most 50), ``?q=``."""
    from django.http import JsonResponse

    try:
        offset = min(max(int(request.GET.get("offset", 0)), 0), 10**6)
        limit = min(max(int(request.GET.get("limit", 20)), 1), 50)
    except ValueError:
        return JsonResponse({"error": _("offset and limit must be whole numbers.")}, status=400)
    messages = publication.published_messages(request.GET.get("q", ""))
    items = [publication.public_view(message) for message in messages[offset : offset + limit]]
    return JsonResponse(
        {
            "meta": {"total_count": messages.count(), "offset": offset, "limit": limit},
            "items": [
                {
                    **item,
                    "received_at": item["received_at"].isoformat(),
                    "replied_at": item["replied_at"].isoformat(),
                }
                for item in items
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )

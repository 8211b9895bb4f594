"""Refusals reach the person refused as their reason, not as a bare "no permission".

A refusal (``exceptions.ReviewRefusal``) raised inside an admin request — the
guard refusing a release, a foreign workflow's last approval, a signature the
task layer will not take — rolls back the atomic blocks it was raised in.
Wagtail's admin then answers any ``PermissionDenied`` with "Sorry, you do not
have permission to access this area." and a redirect to the dashboard; this
middleware puts the refusal's own message in its place and sends the person
back to the page they came from. Requests Wagtail re-raises for (XHR, e.g.
the signing modal) get the message as JSON with status 403. Other requests
are left to Django's and the APIs' own 403 handling.

It also makes the request known to ``notices.tell`` for its length, so the
regime can say what it did on the person's behalf.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .exceptions import ReviewRefusal, latest_refusal
from .notices import current_request


class ReviewRefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token, request_token = latest_refusal.set(None), current_request.set(request)
        try:
            response = self.get_response(request)
            refusal = latest_refusal.get()
        finally:
            latest_refusal.reset(token)
            current_request.reset(request_token)
        if refusal is not None and self.is_wagtails_permission_denied(request, response):
            _drop_generic_refusal_message(request)
            messages.error(request, str(refusal))
            return redirect(self.back(request))
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, ReviewRefusal) and request.path.startswith(reverse("wagtailadmin_home")):
            return JsonResponse(
                {"success": False, "error_code": "review_refusal", "error_message": str(exception)},
                status=403,
            )
        return None

    @staticmethod
    def is_wagtails_permission_denied(request, response):
        admin_home = reverse("wagtailadmin_home")
        return (
            request.path.startswith(admin_home)
            and response.status_code == 302
            and response.get("Location") == admin_home
        )

    @staticmethod
    def back(request):
        referer = request.headers.get("referer", "")
        if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
            return referer
        return reverse("wagtailadmin_home")


GENERIC_REFUSAL = "Sorry, you do not have permission to access this area."


def _drop_generic_refusal_message(request):
    """Remove the "no permission" message Wagtail queued for this refusal: the reason replaces it."""
    from django.conf import settings
    from django.utils import translation

    generic = {GENERIC_REFUSAL}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            generic.add(translation.gettext(GENERIC_REFUSAL).strip())
    storage = messages.get_messages(request)
    queued = getattr(storage, "_queued_messages", None)
    if queued is not None:
        storage._queued_messages = [m for m in queued if str(m.message).strip() not in generic]

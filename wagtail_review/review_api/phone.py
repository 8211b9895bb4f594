"""The reference phone page: one HTML page and one script that use the review API, no build step.

It shows what a phone app needs and nothing more: sign in (account, password,
authenticator code), 待我审核, a step as the signer sees it, the nine points,
sign or return. The token lives in the tab's ``sessionStorage``: closing the
tab signs out of the page (the token itself lasts until it expires or is revoked).
"""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET


@require_GET
def phone_page(request):
    namespace = request.resolver_match.namespace
    api = {
        "signIn": reverse(f"{namespace}:sign_in"),
        "currentToken": reverse(f"{namespace}:current_token"),
        "awaiting": reverse(f"{namespace}:awaiting"),
        "step": reverse(f"{namespace}:step", args=[0]),
        "sign": reverse(f"{namespace}:sign", args=[0]),
    }
    texts = {
        "nothing": _("Nothing awaits your signature."),
        "waiting": _("%(count)s waiting"),
        "submittedBy": _("Submitted by %(name)s"),
        "noChange": _("No earlier signed version to compare with."),
        "findingsNone": _("The scan found nothing."),
        "cannotSign": _("You cannot sign this step:"),
        "signed": _("Signed."),
        "returned": _("Returned to the submitter."),
        "network": _("The server could not be reached. Check the connection and try again."),
        "yes": _("Yes"),
        "no": _("No"),
        "serious": _("serious"),
        "sourceType": _("source type"),
        "docNumber": _("document number (文号)"),
        "note": _("other remarks"),
    }
    response = TemplateResponse(
        request,
        "wagtail_review/review_api/phone.html",
        {"api": api, "texts": texts},
    )
    response["Cache-Control"] = "no-store"
    return response

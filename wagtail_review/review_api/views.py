"""The review API's endpoints (JSON; ``openapi.json`` describes each).

* ``POST tokens/`` — sign in with account, password and authenticator code: a token;
* ``DELETE tokens/current/`` — revoke the token the request carries;
* ``GET awaiting/`` — 待我审核: the steps the person may sign now, with counts;
* ``GET steps/<id>/`` — one step as its signer sees it: the page rendered, the change since the
  last signed version, the nine points with the submitter's answers, the scanner's findings;
* ``POST steps/<id>/sign/`` — approve (the nine answers) or return (with the reason);
* ``POST pages/<id>/take-down/`` — take live information down, with the reason (Art. 16).
"""

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import accounts
from ..accounts.audit import EventKind, record
from ..organisation.people import person_name
from ..publication.take_down import can_take_down, take_down
from ..routing.services import sign
from . import errors, steps
from .authentication import ReviewTokenAuthentication
from .parsers import BoundedJSONParser
from .throttles import PerPerson, SignInsPerAddress
from .tokens import issue


class Notices:
    """Collects what the review layer tells the person (``notices.tell``) to return it in the JSON.

    Stands in for Django's message storage on API requests, which have no session to keep it in.
    """

    def __init__(self):
        self.items = []

    def add(self, level, message, extra_tags=""):
        self.items.append(str(message))

    def update(self, response):
        return []


class ReviewAPIView(APIView):
    authentication_classes = [ReviewTokenAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [PerPerson]
    renderer_classes = [JSONRenderer]
    parser_classes = [BoundedJSONParser]

    def initial(self, request, *args, **kwargs):
        request._request.review_api = True  # the sign-in lockout answers in JSON here
        request._request._messages = self.notices = Notices()
        super().initial(request, *args, **kwargs)

    def get_exception_handler(self):
        return errors.handle


def _text(data, name, *, required=False, max_length=5000):
    value = data.get(name, "")
    if not isinstance(value, str) or not _storable(value):
        raise errors.RequestInvalid(_("“%(field)s” must be text.") % {"field": name}, field=name)
    value = value.strip()
    if required and not value:
        raise errors.RequestInvalid(_("“%(field)s” is required.") % {"field": name}, field=name)
    if len(value) > max_length:
        raise errors.RequestInvalid(
            _("“%(field)s” is longer than %(max)s characters.") % {"field": name, "max": max_length},
            field=name,
        )
    return value


def _storable(text):
    """Text a database keeps as given: no NUL (PostgreSQL refuses it) and no lone surrogate (not UTF-8)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _body(request):
    if not isinstance(request.data, dict):
        raise errors.RequestInvalid(_("Send a JSON object."))
    return request.data


class SignInView(ReviewAPIView):
    """Account, password and (for everyone who signs) the authenticator code: a new token."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [SignInsPerAddress]

    def post(self, request):
        data = _body(request)
        username = _text(data, "username", required=True, max_length=150)
        password = _text(data, "password", required=True, max_length=4096)
        code = _text(data, "code", max_length=16)
        device = _text(data, "device", max_length=100)
        # Through the site's authentication backends: django-axes, where installed, counts the failure.
        user = authenticate(request._request, username=username, password=password)
        if getattr(request._request, "axes_locked_out", False):
            from ..accounts.lockout import lockout_message

            return Response(errors.error_body("locked_out", lockout_message()), status=429)
        if user is None or not user.is_active:
            raise errors.RequestInvalid(_("The account or password is wrong."))
        passed = _second_factor_passed(request._request, user, code) if accounts.enabled() else False
        token, key = issue(user, device, second_factor=passed)
        record(EventKind.API_TOKEN_ISSUED, request=request._request, user=user, detail=str(token))
        return Response(
            {
                "token": key,
                "expires_at": token.expires_at.isoformat(),
                "device": token.name,
                "second_factor": passed,
                "person": {"username": user.get_username(), "name": person_name(user)},
            },
            status=201,
        )


def _second_factor_passed(request, user, code):
    """The account rules of the admin's sign-in, for a token: password age, then the second factor.

    Returns whether the person passed a second factor; raises when they must and did not.
    """
    from ..accounts import second_factor
    from ..accounts.passwords import password_expired

    if password_expired(user):
        raise PermissionDenied(
            _("Your password has expired: change it in the admin, then sign in here again.")
        )
    if not second_factor.requires_second_factor(user):
        return False
    if not second_factor.is_enrolled(user):
        raise PermissionDenied(
            _("Set up your authenticator in the admin first: signing needs a second factor.")
        )
    if second_factor.verify(user, code) is None:
        record(EventKind.SECOND_FACTOR_FAILED, request=request, user=user, detail="review API")
        raise errors.RequestInvalid(_("The authenticator code is wrong or used up."), field="code")
    record(EventKind.SECOND_FACTOR_PASSED, request=request, user=user, detail="review API")
    return True


def not_found(request, *args, **kwargs):
    """Any other address under the API: a JSON 404, not the site's HTML page."""
    from django.http import JsonResponse

    return JsonResponse(
        errors.error_body("not_found", _("There is no such item, or you may not see it.")),
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


class CurrentTokenView(ReviewAPIView):
    def delete(self, request):
        request.auth.delete()  # the account event log hears it (tokens.record_revocation)
        return Response(status=204)


class AwaitingView(ReviewAPIView):
    def get(self, request):
        items = steps.awaiting(request.user)
        counts = {}
        for item in items:
            name = item["unit"] or ""
            counts[name] = counts.get(name, 0) + 1
        return Response(
            {
                "count": len(items),
                "by_unit": [{"unit": unit, "count": n} for unit, n in sorted(counts.items())],
                "items": items,
            }
        )


class StepView(ReviewAPIView):
    def get(self, request, step_id):
        task_state, page = steps.step_for_reader(request.user, step_id)
        return Response(steps.as_signer_sees_it(request, task_state, page))


class SignView(ReviewAPIView):
    def post(self, request, step_id):
        task_state, page = steps.step_for_reader(request.user, step_id)
        data = _body(request)
        decision = data.get("decision")
        if decision not in ("approve", "return"):
            raise errors.RequestInvalid(_("“decision” must be “approve” or “return”."), field="decision")
        answers = data.get("answers", {})
        if not isinstance(answers, dict) or not all(isinstance(v, str) for v in answers.values()):
            raise errors.RequestInvalid(
                _("“answers” must map each point (point_1 … point_9) to “yes” or “no”."), field="answers"
            )
        sign(
            task_state,
            request.user,
            answers={name: answers.get(name) for name in steps.POINT_FIELDS if name in answers},
            approve=decision == "approve",
            comment=_text(data, "comment"),
            false_alarm_reason=_text(data, "false_alarm_reason"),
        )
        return Response(steps.outcome(task_state, decision, self.notices.items))


def _verify_fresh_code(request, code):
    from ..accounts.second_factor import verify

    if verify(request.user, code) is None:
        record(
            EventKind.SECOND_FACTOR_FAILED, request=request._request, user=request.user, detail="review API"
        )
        raise errors.RequestInvalid(
            _(
                "Taking information down needs your authenticator code again: it is missing, wrong or used up."
            ),
            field="code",
        )


def _needs_second_factor(user):
    if not accounts.enabled():
        return False
    from ..accounts.second_factor import requires_second_factor

    return requires_second_factor(user)


class TakeDownView(ReviewAPIView):
    def post(self, request, page_id):
        page = steps.page_or_404(page_id)
        if not can_take_down(request.user, page):
            # As for another unit's step: whether the page exists is not told either.
            raise Http404
        data = _body(request)
        reason = _text(data, "reason", required=True)
        if _needs_second_factor(request.user):
            # As the admin asks for the password and code again before a take-down (sessions.identity_recent).
            _verify_fresh_code(request, _text(data, "code", max_length=16))
        removal = take_down(page, request.user, reason)
        return Response(
            {
                "page_id": page.pk,
                "title": removal.page_title,
                "reason": removal.reason,
                "taken_down_at": removal.taken_down_at.isoformat(),
            }
        )

"""Every error of the review API as ``{"error": {"code": …, "message": …}}``, the message in Chinese.

The codes are stable for clients to branch on; the messages are for people
(translated into the request's language, zh-Hans on the portal). Refusals of
the review rules carry the rule's own words: the same text the admin shows.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from ..exceptions import ReviewRefusal

logger = logging.getLogger("django.request")


class RequestInvalid(exceptions.APIException):
    """Bad input: a 400 with the message given and, where it is a field's fault, the field."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def error_body(code, message, **extra):
    """The one shape of every review API error."""
    return {"error": {"code": code, "message": str(message), **extra}}


def _messages_of(validation_error):
    if hasattr(validation_error, "message_dict"):
        return " ".join(str(m) for messages in validation_error.message_dict.values() for m in messages)
    return " ".join(str(m) for m in validation_error.messages)


def handle(exc, context):
    """DRF's ``EXCEPTION_HANDLER`` for the review API's views."""
    headers = {}
    if isinstance(exc, RequestInvalid):
        extra = {"field": exc.field} if exc.field else {}
        return Response(error_body("invalid", exc.detail, **extra), status=400)
    if isinstance(exc, ReviewRefusal):
        # The review rules refused (separation of duties, a failing point, the guard …): nothing changed.
        return Response(error_body("refused", str(exc)), status=409)
    if isinstance(exc, DjangoValidationError):
        return Response(error_body("invalid", _messages_of(exc)), status=400)
    if isinstance(exc, Http404 | exceptions.NotFound):
        return Response(
            error_body("not_found", _("There is no such item, or you may not see it.")), status=404
        )
    if isinstance(exc, DjangoPermissionDenied | exceptions.PermissionDenied):
        if isinstance(exc, exceptions.PermissionDenied):
            message = exc.detail
        else:
            message = str(exc) or _("You may not do this.")
        return Response(error_body("forbidden", message), status=403)
    if isinstance(exc, exceptions.NotAuthenticated):
        return Response(
            error_body(
                "not_authenticated", _("Sign in first: send your token as “Authorization: Bearer <token>”.")
            ),
            status=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    if isinstance(exc, exceptions.AuthenticationFailed):
        return Response(
            error_body("bad_token", exc.detail), status=401, headers={"WWW-Authenticate": "Bearer"}
        )
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 60) + 1
        headers["Retry-After"] = str(wait)
        return Response(
            error_body(
                "too_many_requests",
                _("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": wait},
            ),
            status=429,
            headers=headers,
        )
    if isinstance(exc, exceptions.MethodNotAllowed):
        return Response(
            error_body("method_not_allowed", _("This address does not take that method.")), status=405
        )
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return Response(error_body("unsupported_media_type", _("Send the request body as JSON.")), status=415)
    if isinstance(exc, exceptions.ParseError):
        return Response(error_body("invalid", _("The request body is not valid JSON.")), status=400)
    if isinstance(exc, exceptions.NotAcceptable):
        return Response(error_body("not_acceptable", _("The review API answers in JSON only.")), status=406)
    if isinstance(exc, exceptions.APIException):
        return Response(error_body(exc.default_code, exc.detail), status=exc.status_code)
    # A fault of ours: logged with its traceback as Django would, answered in the API's own form.
    logger.error("Review API error", exc_info=exc, extra={"request": context.get("request")})
    return Response(
        error_body("server_error", _("Something went wrong on the server; it has been logged.")), status=500
    )

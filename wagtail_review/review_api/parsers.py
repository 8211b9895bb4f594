"""The review API's JSON reader: bounded in size and depth, so no body can exhaust the server."""

from io import BytesIO

from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

# A signature with its comment and reasons is a few kilobytes.
MAX_BODY_BYTES = 64 * 1024


class BodyTooLarge(APIException):
    status_code = 413
    default_code = "too_large"


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(body) > MAX_BODY_BYTES:
            raise BodyTooLarge(
                _("The request body is larger than %(kb)s KB.") % {"kb": MAX_BODY_BYTES // 1024}
            )

        try:
            return super().parse(BytesIO(body), media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The request body is not valid JSON.")) from None

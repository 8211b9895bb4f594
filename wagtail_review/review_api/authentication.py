"""``Authorization: Bearer <token>`` for the review API (Django REST framework authentication)."""

from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .tokens import token_for_key

KEYWORD = "Bearer"


def _password_expired(user):
    from .. import accounts

    if not accounts.enabled():
        return False
    from ..accounts.passwords import password_expired

    return password_expired(user)


class ReviewTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        try:
            key = parts[1].decode("ascii") if len(parts) == 2 else ""
        except UnicodeDecodeError:
            key = ""
        token = token_for_key(key)
        if token is None:
            raise AuthenticationFailed(
                _("This token is not valid: it is wrong, expired or revoked. Sign in again.")
            )
        user = token.user
        if _password_expired(user):
            raise AuthenticationFailed(
                _("Your password has expired: change it in the admin, then sign in here again.")
            )
        token.touch()
        # What accounts.second_factor.signing_refusal asks of the person making the request: a token
        # issued after the second factor counts as a session that passed it, one issued without does not.
        user.is_verified = lambda: token.second_factor
        user.review_api_token = token
        return user, token

    def authenticate_header(self, request):
        # Makes DRF answer an unauthenticated request 401 (with this challenge), not 403.
        return KEYWORD

"""Rate limits of the review API, counted in the cache (shared by every process when it is Redis)."""

from rest_framework.throttling import SimpleRateThrottle

from ..accounts.client_address import client_address
from ..app_settings import app_settings


class PerPerson(SimpleRateThrottle):
    """``WAGTAIL_REVIEW_API_REQUESTS_PER_MINUTE`` per person (per client address before sign-in)."""

    def get_rate(self):
        return f"{app_settings.API_REQUESTS_PER_MINUTE}/min"

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        who = f"user:{user.pk}" if user is not None and user.is_authenticated else client_address(request)
        return f"wagtail_review_api:{who}"


class SignInsPerAddress(SimpleRateThrottle):
    """``WAGTAIL_REVIEW_API_SIGN_INS_PER_ADDRESS_PER_HOUR``: guessing is slow even across accounts."""

    def get_rate(self):
        return f"{app_settings.API_SIGN_INS_PER_ADDRESS_PER_HOUR}/hour"

    def get_cache_key(self, request, view):
        return f"wagtail_review_api_sign_in:{client_address(request)}"

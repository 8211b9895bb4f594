"""The refusals of the regime. Each carries a message for the person refused, in their language.

All derive from ``PermissionDenied``, so every layer that knows Django's
refusal refuses properly (the admin API and the v3 API answer 403).
Wagtail's admin, though, replaces any ``PermissionDenied`` with a generic
"no permission" message; each refusal therefore notes itself for the
request it happens in, and ``middleware.ReviewRefusalMiddleware`` shows its
own message instead.
"""

from contextvars import ContextVar

from django.core.exceptions import PermissionDenied

# The latest refusal raised while handling the current request (set by the middleware).
latest_refusal = ContextVar("wagtail_review_latest_refusal", default=None)


class ReviewRefusal(PermissionDenied):
    """Something the regulation does not allow; ``str(error)`` says what and why."""

    def __init__(self, *args):
        super().__init__(*args)
        latest_refusal.set(self)


class UnreviewedPublication(ReviewRefusal):
    """Something tried to put before the public what no completed review route approved (Art. 9)."""


class RouteIncomplete(ReviewRefusal):
    """A route finished without every step signed, on one revision, by distinct people."""


class ActionRefused(ReviewRefusal):
    """A workflow action the task layer will not perform."""

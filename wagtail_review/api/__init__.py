"""The headless side: API endpoints that serve only what the regime let through."""

from .v2 import ReviewedPagesAPIViewSet

__all__ = ["ReviewedPagesAPIViewSet"]

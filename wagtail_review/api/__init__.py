"""The headless side: API endpoints that serve only what the regime let through."""

from .v2 import ReviewedDocumentsAPIViewSet, ReviewedImagesAPIViewSet, ReviewedPagesAPIViewSet

__all__ = ["ReviewedDocumentsAPIViewSet", "ReviewedImagesAPIViewSet", "ReviewedPagesAPIViewSet"]

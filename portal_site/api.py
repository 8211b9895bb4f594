"""The portal's public, read-only API (Wagtail API v2): only live pages the publication ledger registered."""

from wagtail.api.v2.router import WagtailAPIRouter

from wagtail_review.api import ReviewedDocumentsAPIViewSet, ReviewedImagesAPIViewSet, ReviewedPagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ReviewedPagesAPIViewSet)
# Only the images and documents that pages the public may see show (Art. 3).
api_router.register_endpoint("images", ReviewedImagesAPIViewSet)
api_router.register_endpoint("documents", ReviewedDocumentsAPIViewSet)

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents import urls as wagtaildocs_urls

from wagtail_review.api import ReviewedDocumentsAPIViewSet, ReviewedImagesAPIViewSet, ReviewedPagesAPIViewSet
from wagtail_review.sitemaps import sitemap

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ReviewedPagesAPIViewSet)
api_router.register_endpoint("images", ReviewedImagesAPIViewSet)
api_router.register_endpoint("documents", ReviewedDocumentsAPIViewSet)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/v2/", api_router.urls),
    path("ledger/", include("wagtail_review.urls")),
    path("review-api/", include("wagtail_review.review_api.urls")),
    path("sitemap.xml", sitemap),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", include("tests.testapp.search_urls")),
    path("", include(wagtail_urls)),
]

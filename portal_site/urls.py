from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from wagtail_review.api.openapi import openapi_json
from wagtail_review.sitemaps import sitemap

from .api import api_router
from .portal import views as portal_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/v2/", api_router.urls),
    # The OpenAPI 3.1 description of the content API, the ledger and the review API.
    path("api/openapi.json", openapi_json, name="openapi"),
    # Reviewers and leaders sign from a phone: the review API and its reference phone page (review-api/app/).
    path("review-api/", include("wagtail_review.review_api.urls")),
    # The publication ledger's head, on the site and beside the API.
    path("ledger/", include("wagtail_review.urls")),
    path("api/v2/ledger/", include("wagtail_review.urls", namespace="wagtail_review_api_ledger")),
    path("documents/", include(wagtaildocs_urls)),
    # The public mailbox (政民互动): write to a unit, follow the message by its query code.
    path("hdjl/", include("wagtail_review.mailbox.urls")),
    # Site search and the 政府信息公开 catalogue per unit: registered pages only.
    path("search/", portal_views.search, name="search"),
    path("xxgk/", portal_views.disclosure_index, name="disclosure_index"),
    path("xxgk/<slug:slug>/", portal_views.disclosure_catalogue, name="disclosure_catalogue"),
    # Lists only what the site serves (the publication ledger's rule).
    path("sitemap.xml", sitemap),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

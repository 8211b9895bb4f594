"""Wagtail API v2 endpoints that serve only what the public may see: pages the ledger accounts for,
and the images and documents such pages show."""

from django.http import Http404
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from ..publication.media import shown_publicly
from ..publication.serving import may_serve, registered_pages


class ReviewedPagesAPIViewSet(PagesAPIViewSet):
    def get_queryset(self):
        queryset = super().get_queryset()
        if "search" in self.request.GET:
            # Search backends cannot filter on annotations: restrict by the ids the rule keeps instead.
            return queryset.filter(pk__in=registered_pages(queryset).values("pk"))
        return registered_pages(queryset)

    def get_object(self):
        page = super().get_object()
        # Listings check the revision in SQL; a single page also has its content checked.
        if not may_serve(page):
            raise Http404
        return page


class ReviewedImagesAPIViewSet(ImagesAPIViewSet):
    def get_queryset(self):
        return shown_publicly(super().get_queryset())


class ReviewedDocumentsAPIViewSet(DocumentsAPIViewSet):
    def get_queryset(self):
        return shown_publicly(super().get_queryset())

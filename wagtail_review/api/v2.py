"""A Wagtail API v2 pages endpoint that serves only pages the publication ledger registered."""

from django.http import Http404
from wagtail.api.v2.views import PagesAPIViewSet

from ..publication.serving import may_serve, registered_pages


class ReviewedPagesAPIViewSet(PagesAPIViewSet):
    def get_queryset(self):
        return registered_pages(super().get_queryset())

    def get_object(self):
        page = super().get_object()
        # Listings check the revision in SQL; a single page also has its content checked.
        if not may_serve(page):
            raise Http404
        return page

"""Wagtail API v2 endpoints that serve only what the public may see: pages the ledger accounts for,
and the images and documents such pages show.

They also answer bad query parameters with a 400 and the reason, where
Wagtail's own endpoints let some through to a server error (an offset beyond
the database's integers, a NUL character in a search, an unknown search operator).
"""

from django.conf import settings
from django.http import Http404
from django.utils.http import http_date
from rest_framework.fields import Field
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from ..app_settings import app_settings
from ..publication.media import shown_publicly
from ..publication.registration import proof_path, shown_registration
from ..publication.serving import may_serve, registered_pages
from .disclosure import FILTERS, DisclosureField, filter_pages, not_modified

# Offsets and limits beyond this are no page of any listing (and overflow SQL integers).
LARGEST_OFFSET = 2**31 - 1
# The cursor of the pages listing: the id of the last page received.
CURSOR = "after_id"


class ChecksQueryParameters:
    """Refuse, as a 400, query parameters that would otherwise reach the database and fail there."""

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        params = self.request.GET
        if any("\x00" in value for values in params.lists() for value in values[1]):
            raise BadRequestError("query parameters cannot contain NUL characters")
        for name in ("offset", "limit"):
            value = params.get(name, "")
            if value.strip().isdigit() and int(value) > LARGEST_OFFSET:
                raise BadRequestError(f"{name} must be at most {LARGEST_OFFSET}")
        if params.get("search_operator") not in (None, "and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")


def searchable(request, kept):
    """``kept`` (narrowed by a rule written as an SQL expression) in a form search backends can take.

    Search backends cannot filter on expressions: restrict by the ids the rule keeps instead.
    """
    if "search" not in request.GET:
        return kept
    return kept.model.objects.filter(pk__in=kept.values("pk"))


class PublicSearchFilter(SearchFilter):
    """Wagtail's ``?search=`` through ``WAGTAIL_REVIEW_PUBLIC_SEARCH_BACKEND``: the API finds what the site's
    own search finds (the default full-text backends take a run of Chinese characters for one word)."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET or app_settings.PUBLIC_SEARCH_BACKEND == "default":
            return super().filter_queryset(request, queryset, view)
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        try:
            return get_search_backend(app_settings.PUBLIC_SEARCH_BACKEND).search(
                request.GET["search"],
                queryset,
                operator=request.GET.get("search_operator"),
                order_by_relevance="order" not in request.GET,
            )
        except (FilterFieldError, OrderByFieldError) as error:
            raise BadRequestError(
                f"cannot filter or order by '{error.field_name}' while searching"
            ) from error


def with_public_search(filter_backends):
    return [PublicSearchFilter if backend is SearchFilter else backend for backend in filter_backends]


def _conditional(request, respond):
    """``respond()``, or 304 Not Modified when the client's copy (ETag, Last-Modified) is current."""
    unchanged, etag, last_modified = not_modified(request)
    if unchanged is not None:
        return unchanged
    response = respond()
    if response.status_code == 200:
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        response["Cache-Control"] = "no-cache"  # revalidate every time: a take-down must show at once
    return response


class RegistrationField(Field):
    """``meta.registration``: the page's 索引号 and ledger registration, with the URL of its proof."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        registration = shown_registration(page)
        if registration is None:
            return None
        request, path = self.context.get("request"), proof_path(registration.sequence)
        return registration.as_json(
            request.build_absolute_uri(path) if request is not None and path else path
        )


class ReviewedPageSerializer(PageSerializer):
    registration = RegistrationField(read_only=True)
    disclosure = DisclosureField(read_only=True)


class ReviewedPagesAPIViewSet(ChecksQueryParameters, PagesAPIViewSet):
    filter_backends = with_public_search(PagesAPIViewSet.filter_backends)
    base_serializer_class = ReviewedPageSerializer
    # In a page's detail by default; in listings with ?fields=registration,disclosure.
    meta_fields = PagesAPIViewSet.meta_fields + ["registration", "disclosure"]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(FILTERS, {CURSOR})

    def listing_view(self, request):
        return _conditional(request, lambda: self._listing_with_cursor(request))

    def _listing_with_cursor(self, request):
        """Wagtail's listing; with ``?after_id=``, in id order and with ``meta.next``, the following page's URL.

        A cursor does not skip or repeat pages when releases happen between requests, as an offset does.
        """
        response = super().listing_view(request)
        last = getattr(self, "_last_listed_id", None)
        if CURSOR in request.GET and response.status_code == 200:
            following = None
            if last is not None and self.filter_queryset(self.get_queryset()).filter(pk__gt=last).exists():
                query = request.GET.copy()
                query[CURSOR] = last
                following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
            response.data["meta"]["next"] = following
        return response

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if CURSOR in self.request.GET:
            # Read here, not from the serialised items: ?fields=-id leaves the id out of them.
            rows = list(page)
            self._last_listed_id = rows[-1].pk if rows else None
        return page

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        after = self.request.GET.get(CURSOR)
        if after is None:
            return queryset
        if any(name in self.request.GET for name in ("order", "search", "offset")):
            raise BadRequestError(
                f"{CURSOR} pages through the listing in id order: leave out order, search and offset"
            )
        if not after.isascii() or not after.isdigit() or int(after) > LARGEST_OFFSET:
            raise BadRequestError(f"{CURSOR} must be the id of the last page you received")
        return queryset.filter(pk__gt=int(after)).order_by("pk")

    def detail_view(self, request, pk):
        return _conditional(request, lambda: super(ReviewedPagesAPIViewSet, self).detail_view(request, pk))

    def get_base_queryset(self):
        # Wagtail builds everything from this: listings, child_of / descendant_of, and the parent
        # named in a page's meta, so a withheld page is not even named there.
        return registered_pages(super().get_base_queryset())

    def get_queryset(self):
        return searchable(self.request, filter_pages(super().get_queryset(), self.request.GET))

    def get_object(self):
        # Listings check the revision in SQL; a single page also has its content checked, once per
        # request (Wagtail's detail view asks for the object more than once).
        if not hasattr(self, "_served_page"):
            page = super().get_object()
            if not may_serve(page):
                raise Http404
            self._served_page = page
        return self._served_page


class ReviewedImagesAPIViewSet(ChecksQueryParameters, ImagesAPIViewSet):
    filter_backends = with_public_search(ImagesAPIViewSet.filter_backends)

    def get_queryset(self):
        return searchable(self.request, shown_publicly(super().get_queryset()))


class ReviewedDocumentsAPIViewSet(ChecksQueryParameters, DocumentsAPIViewSet):
    filter_backends = with_public_search(DocumentsAPIViewSet.filter_backends)

    def get_queryset(self):
        return searchable(self.request, shown_publicly(super().get_queryset()))

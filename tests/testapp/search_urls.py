"""The site's own search page, as Wagtail's project template writes it, plus the one line an adopter adds."""

from django.http import JsonResponse
from django.urls import path
from wagtail.models import Page

from wagtail_review.publication.serving import servable_pages


def search(request):
    query = request.GET.get("query", "")
    results = servable_pages(Page.objects.live().search(query)) if query else []
    return JsonResponse({"results": [page.title for page in results]})


urlpatterns = [path("", search, name="search")]

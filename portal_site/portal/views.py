"""The portal's public pages that are not pages of the tree: site search and the 政府信息公开 catalogue.

Both list only what the public may see (``models.public_pages``: live, public,
registered in the publication ledger) and read their disclosure data from
the plugin, as the content API does, so the site and the API agree.
"""

import datetime
from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Page

from wagtail_review.api.disclosure import catalogue_rows, filter_pages
from wagtail_review.app_settings import app_settings
from wagtail_review.models import Unit

from .models import paginate, public_pages

MAX_QUERY = 100
FIRST_YEAR = 2000


def _clean(request, name, max_length=MAX_QUERY):
    return request.GET.get(name, "").replace("\x00", "").strip()[:max_length]


def search(request):
    """Wagtail search over the pages the public may see; the form is in every page's header."""
    query = _clean(request, "q")
    results = None
    if query:
        kept = Page.objects.filter(pk__in=public_pages(Page.objects.all()).values("pk"))
        results = paginate(request, kept.search(query, backend=app_settings.PUBLIC_SEARCH_BACKEND))
    return TemplateResponse(
        request,
        "portal/search.html",
        {"query": query, "results": results, "query_string": urlencode({"q": query})},
    )


def disclosure_index(request):
    """政府信息公开: one catalogue per unit that owns sections of the site."""
    units = Unit.objects.active().filter(sections__isnull=False).distinct().order_by("kind", "name")
    return TemplateResponse(request, "portal/disclosure_index.html", {"units": units})


def _columns(unit):
    """The unit's sections and the columns directly in them, as the public sees them, in tree order."""
    sections = Page.objects.filter(review_section__unit=unit)
    inside = Q(pk__in=sections.values("pk"))
    for section in sections:
        inside |= Q(path__startswith=section.path, depth=section.depth + 1, numchild__gt=0)
    return list(public_pages(Page.objects.filter(inside)).order_by("path"))


def disclosure_catalogue(request, slug):
    """One unit's released information, newest first, by column, year of release and 文号.

    A filter the catalogue cannot apply is named in a message (status 400); nothing is listed then.
    """
    unit = get_object_or_404(Unit.objects.active(), slug=slug)
    columns = _columns(unit)
    if not columns:
        raise Http404("This unit publishes nothing on the site.")
    this_year = timezone.localdate().year
    chosen = {
        "column": _clean(request, "column"),
        "year": _clean(request, "year"),
        "doc_number": _clean(request, "doc_number"),
    }
    problems, params, within = [], {"unit": unit.slug}, None
    if chosen["column"]:
        within = next((c for c in columns if str(c.pk) == chosen["column"]), None)
        if within is None:
            problems.append("所选栏目不属于本单位。")
    if chosen["year"]:
        if (
            chosen["year"].isascii()
            and chosen["year"].isdigit()
            and FIRST_YEAR <= int(chosen["year"]) <= this_year
        ):
            year = int(chosen["year"])
            params["released_after"] = datetime.date(year, 1, 1).isoformat()
            params["released_before"] = datetime.date(year, 12, 31).isoformat()
        else:
            problems.append(f"年份须为 {FIRST_YEAR} 至 {this_year} 之间的四位数字。")
    if chosen["doc_number"]:
        params["doc_number"] = chosen["doc_number"]
    rows, items = [], None
    if not problems:
        pages = filter_pages(public_pages(Page.objects.all()), params).filter(numchild=0)
        if within is not None:
            pages = pages.descendant_of(within)
        items = paginate(request, pages.order_by("-first_published_at", "-pk").specific())
        rows = catalogue_rows(list(items))
    return TemplateResponse(
        request,
        "portal/disclosure_catalogue.html",
        {
            "unit": unit,
            "columns": columns,
            "years": range(this_year, this_year - 10, -1),
            "chosen": chosen,
            "problems": problems,
            "rows": rows,
            "items": items,
            "query_string": urlencode({k: v for k, v in chosen.items() if v}),
        },
        status=400 if problems else 200,
    )

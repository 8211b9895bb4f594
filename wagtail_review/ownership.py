"""Which unit a page belongs to: the owner of its nearest section root (Art. 4).

Resolution reads the ancestors straight off the page's materialised path, so
it costs one query whatever the depth, and follows a page wherever it is
moved. A page outside every section has no unit (``None``): only superusers
and the information centre handle such structural pages (home, channels).
"""

import swapper

from .models import SectionOwnership


def ancestor_paths(path):
    """The materialised paths of a page and all its ancestors, root first."""
    steplen = swapper.load_model("wagtailcore", "Page").steplen
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def section_for_page(page):
    """The nearest SectionOwnership at or above ``page``, or None. One query."""
    return (
        SectionOwnership.objects.select_related("unit", "unit__parent")
        .filter(page__path__in=ancestor_paths(page.path))
        .order_by("-page__depth")
        .first()
    )


def unit_for_page(page):
    """The responsible unit of ``page``, or None if it lies outside every section. One query."""
    section = section_for_page(page)
    return section.unit if section else None


def units_for_pages(pages):
    """``{page.pk: unit or None}`` for many pages in one query (for listings and reports)."""
    pages = list(pages)
    wanted = {p for page in pages for p in ancestor_paths(page.path)}
    if not wanted:
        return {}
    sections = {
        section.page.path: section.unit
        for section in SectionOwnership.objects.select_related("unit", "unit__parent", "page").filter(
            page__path__in=wanted
        )
    }
    result = {}
    for page in pages:
        # Deepest first: the nearest section root wins.
        owner = next((sections[p] for p in reversed(ancestor_paths(page.path)) if p in sections), None)
        result[page.pk] = owner
    return result

from django import template
from wagtail.models import Site

from ..models import public_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_nav(context):
    """The site's main navigation: public, "show in menus" children of the site root.

    Cached on the request because base.html may ask for it more than once
    (header and footer) and every page renders it.
    """
    request = context.get("request")
    if request is None:
        return []
    cached = getattr(request, "_portal_nav", None)
    if cached is None:
        site = Site.find_for_request(request)
        cached = list(public_pages(site.root_page.get_children().in_menu())) if site else []
        request._portal_nav = cached
    return cached


@register.simple_tag
def breadcrumb_pages(page):
    """Ancestors of ``page`` below the tree root (home first) that the public may see, for the breadcrumb trail."""
    return list(public_pages(page.get_ancestors().filter(depth__gt=1)).order_by("depth"))

from django import template
from django.db.models import QuerySet

from ..organisation.people import person_name as _person_name
from ..publication.serving import registered_pages, servable_pages

register = template.Library()


@register.filter
def person_name(user):
    return _person_name(user)


@register.filter
def servable(pages):
    """A page listing restricted to what the site serves: ``{% for child in children|servable %}``.

    Takes a queryset of pages (``page.get_children.live``) or a list (search
    results); the same rule as the page URLs themselves (``publication.serving``).
    """
    if isinstance(pages, QuerySet):
        return registered_pages(pages)
    return servable_pages(pages)


@register.simple_tag
def admin_site_name():
    """``WAGTAIL_SITE_NAME`` (the portal's own name), for the sign-in page; empty when unset."""
    from django.conf import settings

    return getattr(settings, "WAGTAIL_SITE_NAME", "") or ""

"""The portal's additions to Wagtail and to wagtail_review through their hooks."""

from django.urls import reverse
from wagtail import hooks

from wagtail_review.organisation.sections import unit_for_page


@hooks.register("wagtail_review_purge_urls")
def disclosure_catalogue_and_sitemap(page):
    """A release or take-down changes the 政府信息公开 catalogue (the index and the unit's) and the sitemap."""
    paths = [reverse("disclosure_index"), "/sitemap.xml"]
    unit = unit_for_page(page)
    if unit is not None:
        paths.append(reverse("disclosure_catalogue", args=[unit.slug]))
    return paths

"""A sitemap that lists only what the site serves: pages the publication ledger accounts for (Art. 13).

Use it in place of ``wagtail.contrib.sitemaps.views.sitemap``::

    from wagtail_review.sitemaps import sitemap
    path("sitemap.xml", sitemap),

or put ``ReviewedSitemap`` among your own sitemaps. It needs
``django.contrib.sitemaps`` and ``wagtail.contrib.sitemaps`` installed.
"""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from .publication.serving import registered_pages


class ReviewedSitemap(Sitemap):
    def items(self):
        return registered_pages(super().items())


def sitemap(request, sitemaps=None, **kwargs):
    return wagtail_sitemap(request, sitemaps or {"wagtail": ReviewedSitemap}, **kwargs)

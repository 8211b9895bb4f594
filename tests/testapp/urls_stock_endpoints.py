"""A URLconf that exposes Wagtail's stock pages endpoint and sitemap: what system checks E010 and W003 catch."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.contrib.sitemaps.views import sitemap

router = WagtailAPIRouter("stockapi")
router.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [path("api/v2/", router.urls), path("sitemap.xml", sitemap)]

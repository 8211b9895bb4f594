from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal_site.portal"
    label = "portal"
    verbose_name = "云州区政府门户网站"
    default_auto_field = "django.db.models.BigAutoField"

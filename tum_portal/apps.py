from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    default = True
    name = "tum_portal"
    verbose_name = "TŪM"


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin with the operators-only site (front.admin_site)."""

    default = False
    default_site = "front.admin_site.OperatorAdminSite"

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "tum_portal"
    verbose_name = "TŪM"

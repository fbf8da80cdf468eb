from django.apps import AppConfig


class GeographyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.geography"
    verbose_name = "Đơn vị hành chính"

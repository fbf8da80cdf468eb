from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.core"
    verbose_name = "Lõi hệ thống"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        from ntm.core import audit

        audit.connect()  # hash-chain history and access-log rows after each commit

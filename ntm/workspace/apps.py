from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.workspace"
    verbose_name = "Việc của tôi"

    def ready(self) -> None:
        from ntm.core import badges
        from ntm.workspace.models import ConflictStatus as C

        badges.register("conflict", C, {C.OPEN: "warn", C.APPLIED: "ok", C.KEPT: "ok"})

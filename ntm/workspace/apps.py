from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.workspace"
    verbose_name = "Việc của tôi"

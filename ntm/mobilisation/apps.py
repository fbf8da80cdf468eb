from django.apps import AppConfig


class MobilisationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.mobilisation"
    verbose_name = "Nguồn lực và tuyên truyền"

    def ready(self) -> None:
        from ntm.core import badges
        from ntm.mobilisation.models import WorkStatus

        badges.register(
            "work",
            WorkStatus,
            {
                WorkStatus.PLANNED: "none",
                WorkStatus.IN_PROGRESS: "warn",
                WorkStatus.DONE: "ok",
                WorkStatus.STOPPED: "bad",
            },
        )

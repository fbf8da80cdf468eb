from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.plans"
    verbose_name = "Phân công, kế hoạch và nhiệm vụ"

    def ready(self) -> None:
        from ntm.core import badges
        from ntm.plans.models import DirectiveState, ObstacleState, TaskStatus

        badges.register(
            "task",
            TaskStatus,
            {
                TaskStatus.NOT_STARTED: "none",
                TaskStatus.IN_PROGRESS: "warn",
                TaskStatus.DONE: "ok",
                TaskStatus.PAUSED: "none",
            },
        )
        badges.register(
            "obstacle",
            ObstacleState,
            {
                ObstacleState.OPEN: "warn",
                ObstacleState.DIRECTED: "none",
                ObstacleState.RESOLVED: "ok",
                ObstacleState.CLOSED: "ok",
            },
        )
        badges.register(
            "directive", DirectiveState, {DirectiveState.DRAFT: "none", DirectiveState.ISSUED: "ok"}
        )

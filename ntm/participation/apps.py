from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.participation"
    verbose_name = "Người dân tham gia"

    def ready(self) -> None:
        from ntm.core import badges
        from ntm.participation.models import FeedbackStatus, InspectionStatus, SurveyStatus

        badges.register(
            "feedback",
            FeedbackStatus,
            {
                FeedbackStatus.NEW: "bad",
                FeedbackStatus.IN_PROGRESS: "warn",
                FeedbackStatus.ANSWERED: "ok",
                FeedbackStatus.CLOSED: "none",
            },
        )
        badges.register(
            "inspection",
            InspectionStatus,
            {
                InspectionStatus.OPEN: "bad",
                InspectionStatus.RESPONDED: "warn",
                InspectionStatus.CLOSED: "ok",
            },
        )
        badges.register(
            "survey",
            SurveyStatus,
            {SurveyStatus.DRAFT: "none", SurveyStatus.OPEN: "ok", SurveyStatus.FINISHED: "none"},
        )

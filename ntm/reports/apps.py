from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.reports"
    verbose_name = "Báo cáo định kỳ"

    def ready(self) -> None:
        from ntm.core import badges
        from ntm.reports.models import SubmissionStatus as S

        badges.register(
            "report",
            S,
            {S.DRAFT: "none", S.SUBMITTED: "warn", S.RETURNED: "bad", S.APPROVED: "ok"},
        )

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.reports"
    verbose_name = "Báo cáo định kỳ"

    def ready(self) -> None:
        from ntm.criteria.periods import register_deadline_days
        from ntm.reports.queries import deadline_days

        register_deadline_days(deadline_days)
        from ntm.core import badges
        from ntm.reports.models import SubmissionStatus as S

        badges.register(
            "report",
            S,
            {S.DRAFT: "none", S.SUBMITTED: "warn", S.RETURNED: "bad", S.APPROVED: "ok"},
        )

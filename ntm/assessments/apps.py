from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.assessments"
    verbose_name = "Kết quả và đánh giá"

    def ready(self) -> None:
        from ntm.assessments.models import Status, ValueStatus
        from ntm.core import badges

        badges.register(
            "result",
            Status,
            {
                Status.MET: "ok",
                Status.NOT_SUSTAINABLE: "warn",
                Status.NOT_MET: "bad",
                Status.NO_TARGET: "none",
                Status.NO_DATA: "none",
            },
        )
        badges.register(
            "value",
            ValueStatus,
            {
                ValueStatus.DRAFT: "none",
                ValueStatus.SUBMITTED: "warn",
                ValueStatus.APPROVED: "ok",
                ValueStatus.RETURNED: "bad",
            },
        )
        from ntm.assessments.previews import results_for_preview
        from ntm.assessments.services import recompute_for_criteria
        from ntm.criteria.changes import on_criteria_changed, on_results_read

        # When targets change (edit screen, XLSX import, loader), re-evaluate explicitly.
        on_criteria_changed(recompute_for_criteria)
        # A change preview lists which units' results would change.
        on_results_read(results_for_preview)

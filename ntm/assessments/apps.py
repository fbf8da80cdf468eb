from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.assessments"
    verbose_name = "Kết quả và đánh giá"

from django.apps import AppConfig


class CriteriaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.criteria"
    verbose_name = "Bộ tiêu chí"

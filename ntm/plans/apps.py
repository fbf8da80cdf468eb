from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.plans"
    verbose_name = "Phân công, kế hoạch và nhiệm vụ"

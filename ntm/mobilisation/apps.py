from django.apps import AppConfig


class MobilisationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.mobilisation"
    verbose_name = "Nguồn lực và tuyên truyền"

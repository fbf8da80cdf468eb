from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.participation"
    verbose_name = "Người dân tham gia"

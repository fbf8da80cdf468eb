from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.accounts"
    verbose_name = "Tài khoản và danh bạ"

    def ready(self) -> None:
        from ntm.accounts import sessions

        sessions.connect()  # record sign-ins for "Phiên đăng nhập"

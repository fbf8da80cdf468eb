from typing import Any

from django.core.management.base import BaseCommand

from ntm.core import maintenance_page


class Command(BaseCommand):
    help = "Bật/tắt trang 'Hệ thống đang bảo trì' cho mọi người dùng (khi nâng cấp, khôi phục)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("state", choices=["on", "off", "status"])

    def handle(self, *args: Any, **options: Any) -> None:
        state = options["state"]
        if state == "on":
            maintenance_page.switch_on("manage.py maintenance on")
        elif state == "off":
            maintenance_page.switch_off()
        shown = "đang BẬT" if maintenance_page.is_on() else "đang tắt"
        self.stdout.write(f"Trang bảo trì {shown} ({maintenance_page.flag_path()}).")

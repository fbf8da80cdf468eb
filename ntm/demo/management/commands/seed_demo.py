"""Build the Tân Lợi demo (2024). Idempotent: running it twice changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from ntm.demo.builders import build_demo
from ntm.demo.builders.people import DEMO_PASSWORD, LOGINS


class Command(BaseCommand):
    help = "Dựng dữ liệu minh họa xã Tân Lợi năm 2024 (chạy lại không tạo trùng)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Không in danh sách tài khoản."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            world = build_demo()
        self.stdout.write(self.style.SUCCESS(f"Đã dựng dữ liệu minh họa: {world.places.commune}."))
        if not options["quiet_logins"]:
            self.stdout.write(f"Tài khoản minh họa (mật khẩu chung: {DEMO_PASSWORD}):")
            for username, person_key, role, _place, _org in LOGINS:
                who = world.directory.people[person_key].full_name
                self.stdout.write(f"  {username:<22} {role.label} – {who}")

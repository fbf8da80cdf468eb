from io import BytesIO
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.accounts.units_import import import_units_xlsx


class Command(BaseCommand):
    help = (
        "Nhập ấp, thôn, người, tài khoản và vai trò của các xã từ tệp Excel (mẫu tải tại màn "
        "hình Quản lý). Tệp có lỗi không thay đổi gì; chạy lại cùng tệp không tạo trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .xlsx")
        parser.add_argument(
            "--password-file",
            help="Mật khẩu ban đầu cho mọi tài khoản mới (dòng đầu của tệp). "
            "Không có: mỗi tài khoản mới một mật khẩu ngẫu nhiên, in ra một lần.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = None
        if options["password_file"]:
            try:
                password = (
                    Path(options["password_file"])
                    .read_text(encoding="utf-8")
                    .splitlines()[0]
                    .strip()
                )
            except (OSError, IndexError) as exc:
                raise CommandError("Không đọc được mật khẩu từ tệp.") from exc
        try:
            data = BytesIO(Path(options["file"]).read_bytes())
        except OSError as exc:
            raise CommandError(f"Không mở được tệp {options['file']}.") from exc
        result = import_units_xlsx(data, password=password)
        if not result.ok:
            for problem in result.errors:
                self.stderr.write(str(problem))
            raise CommandError(f"Tệp có {len(result.errors)} lỗi; không có gì thay đổi.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập: {result.hamlets_created} ấp, thôn mới; {result.people_created} người mới, "
                f"{result.people_updated} người cập nhật; {result.roles_created} vai trò mới; "
                f"{len(result.accounts)} tài khoản mới."
            )
        )
        for username, initial in result.accounts.items():
            if initial:
                self.stdout.write(f"{username}\t{initial}")

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.accounts.provincial_setup import AdminAccount, SetupError, setup_province
from ntm.geography import reference_2025


class Command(BaseCommand):
    help = (
        "Thiết lập ban đầu một tỉnh từ danh mục 34 tỉnh, thành phố (từ 01/07/2025): tạo tỉnh, "
        "Văn phòng Điều phối NTM, tài khoản quản trị của tỉnh, các xã cùng UBND và Ban Chỉ đạo. "
        "Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", help="Mã tỉnh (ví dụ 75 = Đồng Nai)")
        parser.add_argument("--admin", help="Tên đăng nhập của quản trị viên tỉnh")
        parser.add_argument("--admin-name", default="", help="Họ và tên của quản trị viên")
        parser.add_argument(
            "--password-file",
            help="Tệp chứa mật khẩu ban đầu (dòng đầu tiên); không ghi mật khẩu trên dòng lệnh.",
        )
        parser.add_argument(
            "--communes",
            default="",
            help="Chỉ tạo các xã có mã này (phân tách bằng dấu phẩy); mặc định: mọi xã của tỉnh.",
        )
        parser.add_argument(
            "--list", action="store_true", help="In danh mục 34 tỉnh, thành phố rồi dừng."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for p in reference_2025.provinces():
                count = len(reference_2025.communes(p.code))
                self.stdout.write(f"{p.code}  {p.display_name} ({count} xã, phường)")
            return
        if not options["province"] or not options["admin"] or not options["password_file"]:
            raise CommandError("Cần --province, --admin và --password-file (hoặc --list).")
        path = Path(options["password_file"])
        try:
            password = path.read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, IndexError) as exc:
            raise CommandError(f"Không đọc được mật khẩu từ tệp {path}.") from exc
        codes = [c for c in options["communes"].split(",") if c.strip()]
        try:
            result = setup_province(
                province_code=options["province"],
                admins=[AdminAccount(options["admin"], password, options["admin_name"])],
                commune_codes=codes or None,
            )
        except SetupError as exc:
            raise CommandError(str(exc)) from exc
        accounts = ", ".join(result.created_accounts) or "không có tài khoản mới"
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã thiết lập {result.province.display_name}: {len(result.communes)} xã, phường "
                f"({result.created_units} đơn vị mới); {accounts}."
            )
        )

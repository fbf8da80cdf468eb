"""Write the XLSX of a province's first setup for scripts/e2e-production.sh: two communes, their
hamlets and people with roles, in the layout that `manage.py import_units` reads.

Assumed layout (one header row per sheet, Vietnamese headers):
  "Xã":    Mã xã | Tên xã | Loại (Xã/Phường)
  "Ấp":    Mã xã | Tên ấp | Loại (Ấp/Thôn/Sóc)
  "Người": Mã xã | Ấp | Họ và tên | Chức vụ | Điện thoại | Thư điện tử | Tên đăng nhập | Vai trò

Usage: python scripts/e2e/units_xlsx.py OUT.xlsx CODE:NAME CODE:NAME
"""

from __future__ import annotations

import sys

from openpyxl import Workbook

HAMLETS = [("Ấp", "Một"), ("Ấp", "Hai"), ("Sóc", "Bưng Chàm")]


def build(path: str, communes: list[tuple[str, str]]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Xã"
    sheet.append(["Mã xã", "Tên xã", "Loại"])
    for code, name in communes:
        sheet.append([code, name, "Xã"])
    hamlets = book.create_sheet("Ấp")
    hamlets.append(["Mã xã", "Tên ấp", "Loại"])
    for code, _ in communes:
        for kind, name in HAMLETS:
            hamlets.append([code, name, kind])
    people = book.create_sheet("Người")
    people.append(
        [
            "Mã xã",
            "Ấp",
            "Họ và tên",
            "Chức vụ",
            "Điện thoại",
            "Thư điện tử",
            "Tên đăng nhập",
            "Vai trò",
        ]
    )
    for index, (code, _) in enumerate(communes, start=1):
        people.append(
            [
                code,
                "",
                f"Nguyễn Văn Thử {index}",
                "Công chức Văn phòng - Thống kê",
                f"0911 000 {index:03d}",
                f"canbo{index}@example.invalid",
                f"canbontm.xa{index}",
                "Cán bộ thường trực NTM",
            ]
        )
        people.append(
            [
                code,
                "Một",
                f"Trần Thị Ấp {index}",
                "Trưởng ấp",
                f"0911 100 {index:03d}",
                "",
                f"truongap.xa{index}",
                "Trưởng ấp (sóc, thôn)",
            ]
        )
    book.save(path)


if __name__ == "__main__":
    target, *pairs = sys.argv[1:]
    build(target, [tuple(pair.split(":", 1)) for pair in pairs])  # type: ignore[misc]

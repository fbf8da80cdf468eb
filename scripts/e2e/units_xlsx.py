"""Write the XLSX of a province's first setup for scripts/e2e-production.sh: two communes' hamlets
and people with roles, in the layout that `manage.py import_units` reads (the column lists are
taken from ``ntm.accounts.units_import`` itself, so the file always matches the importer).

Usage: python scripts/e2e/units_xlsx.py OUT.xlsx CODE:NAME CODE:NAME
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.settings")

import django

django.setup()

from openpyxl import Workbook  # noqa: E402

from ntm.accounts.models import Role  # noqa: E402
from ntm.accounts.units_import import (  # noqa: E402
    HAMLET_COLUMNS,
    PEOPLE_COLUMNS,
    SHEET_HAMLETS,
    SHEET_PEOPLE,
)

HAMLETS = [("Ấp", "Một"), ("Ấp", "Hai"), ("Sóc", "Bưng Chàm")]


def _row(columns: list[tuple[str, str]], **values: str) -> list[str]:
    return [values.get(name, "") for _, name in columns]


def build(path: str, communes: list[tuple[str, str]]) -> None:
    book = Workbook()
    hamlets = book.active
    assert hamlets is not None
    hamlets.title = SHEET_HAMLETS
    hamlets.append([header for header, _ in HAMLET_COLUMNS])
    for code, _ in communes:
        for kind, name in HAMLETS:
            hamlets.append(_row(HAMLET_COLUMNS, commune=code, kind_name=kind, name=name))
    people = book.create_sheet(SHEET_PEOPLE)
    people.append([header for header, _ in PEOPLE_COLUMNS])
    for index, (code, _) in enumerate(communes, start=1):
        people.append(
            _row(
                PEOPLE_COLUMNS,
                commune=code,
                full_name=f"Nguyễn Văn Thử {index}",
                position="Công chức Văn phòng - Thống kê",
                phone=f"0911 000 {index:03d}",
                email=f"canbo{index}@example.invalid",
                username=f"canbontm.xa{index}",
                role=Role.OFFICER.label,
            )
        )
        people.append(
            _row(
                PEOPLE_COLUMNS,
                commune=code,
                hamlet="Ấp Một",
                full_name=f"Trần Thị Ấp {index}",
                position="Trưởng ấp",
                phone=f"0911 100 {index:03d}",
                username=f"truongap.xa{index}",
                role=Role.HAMLET_HEAD.label,
            )
        )
    book.save(path)


if __name__ == "__main__":
    target, *pairs = sys.argv[1:]
    build(target, [tuple(pair.split(":", 1)) for pair in pairs])  # type: ignore[misc]

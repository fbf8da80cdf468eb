"""LibreOffice turns the compiled 9-month report into a PDF; page 1 is kept as a PNG to look at."""

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ntm.core import clock
from ntm.documents.layout import render_docx
from ntm.documents.pdf import convert_to_pdf, soffice_binary
from ntm.reports import services
from ntm.reports.tests.conftest import DAY

pytestmark = pytest.mark.office
ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts" / "reports"


def test_nine_month_report_converts_to_pdf(world: Any, reporting: Any, tmp_path: Path) -> None:
    if soffice_binary() is None or shutil.which("pdftoppm") is None:
        print("\n!! LibreOffice hoặc pdftoppm không có: BỎ QUA chuyển báo cáo sang PDF.")
        pytest.skip("LibreOffice is not installed")
    with clock.pinned(DAY):
        cycle = services.open_cycle(
            unit=world.commune, period=reporting.nine_months, opened_by=world.officer
        )
    docx = tmp_path / "bao-cao-9-thang.docx"
    docx.write_bytes(render_docx(services.report_spec(cycle)))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = convert_to_pdf([docx], outdir=ARTIFACTS)[0]
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(ARTIFACTS / "bao-cao-9-thang"),
        ],
        check=True,
        timeout=120,
    )
    assert list(ARTIFACTS.glob("bao-cao-9-thang*.png"))

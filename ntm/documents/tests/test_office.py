"""Generated documents through LibreOffice: PDF, then page 1 as PNG to look at
(artifacts/documents/*.png)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from ntm.documents.layout import render_docx
from ntm.documents.pdf import convert_to_pdf, render_pdf, soffice_binary
from ntm.documents.spec import Block, DocumentSpec, Signature
from ntm.documents.tests.conftest import letter_spec, plan_spec

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts" / "documents"
UBND = {"issuer_lines": ["ỦY BAN NHÂN DÂN", "XÃ TÂN LỢI"], "place": "Tân Lợi"}
BCD = {
    "parent_body": "UBND XÃ TÂN LỢI",
    "issuer_lines": ["BAN CHỈ ĐẠO CÁC CTMTQG"],
    "place": "Tân Lợi",
}

pytestmark = pytest.mark.office


@pytest.fixture(autouse=True)
def _needs_office() -> None:
    if soffice_binary() is None or shutil.which("pdftoppm") is None:
        print(
            "\n"
            + "!" * 78
            + "\n!! LibreOffice (soffice) hoặc pdftoppm không có: BỎ QUA chuyển PDF."
            "\n!! Cài: apt-get install -y libreoffice-writer-nogui fonts-liberation2 poppler-utils\n"
            + "!"
            * 78
        )
        pytest.skip("LibreOffice/poppler not installed: PDF tests skipped")


def _samples() -> dict[str, DocumentSpec]:
    long_body = [
        Block(kind="heading", level=1, text="I. MỤC ĐÍCH, YÊU CẦU"),
        *[
            Block(
                kind="paragraph",
                text="Huy động sức mạnh của cả hệ thống chính trị, phát huy vai trò "
                "chủ thể của người dân trong xây dựng nông thôn mới nâng cao. " * 3,
            )
            for _ in range(6)
        ],
        Block(kind="heading", level=1, text="II. NHIỆM VỤ"),
        Block(kind="bullet", text="Giữ vững và nâng cao chất lượng các tiêu chí đã đạt."),
        Block(
            kind="table",
            rows=[
                ["Tiêu chí", "Chỉ tiêu 2024", "Người phụ trách"],
                ["Giao thông", "Đạt", "Lê Văn Tâm"],
                ["Thủy lợi", "Đạt", "Phạm Văn Lợi"],
            ],
        ),
    ]
    return {
        "ke-hoach-du-thao": plan_spec(
            **UBND, symbol="KH-UBND", date_year=2024, draft=True, blocks=long_body
        ),
        "thong-bao-bcd": DocumentSpec(
            **BCD,
            type_name="THÔNG BÁO",
            number=1,
            symbol="TB-BCĐ",
            date=dt.date(2024, 4, 8),
            draft=False,
            subject="Phân công nhiệm vụ thành viên Ban Chỉ đạo các Chương trình mục tiêu "
            "quốc gia trên địa bàn xã Tân Lợi",
            blocks=[
                Block(kind="paragraph", text="Ban Chỉ đạo thông báo phân công nhiệm vụ như sau:"),
                Block(kind="bullet", text="Ông Lê Văn Tâm: tiêu chí Giao thông."),
            ],
            signature=Signature(
                authority="TM. BAN CHỈ ĐẠO", title="PHÓ TRƯỞNG BAN", name="Đinh Quốc Duy"
            ),
            distribution=["Thành viên BCĐ", "Lưu: VT"],
        ),
        "quyet-dinh": DocumentSpec(
            **UBND,
            type_name="QUYẾT ĐỊNH",
            number=3,
            symbol="QĐ-UBND",
            date=dt.date(2024, 1, 9),
            draft=False,
            subject="Về việc kiện toàn Ban Chỉ đạo các Chương trình mục tiêu quốc gia xã",
            authority_title="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN LỢI",
            bases=[
                "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                "Theo đề nghị của công chức Văn phòng - Thống kê.",
            ],
            blocks=[
                Block(
                    kind="article",
                    text="Kiện toàn Ban Chỉ đạo các Chương trình mục tiêu quốc gia xã.",
                ),
                Block(kind="article", text="Quyết định này có hiệu lực kể từ ngày ký./."),
            ],
            signature=Signature(title="CHỦ TỊCH", name="Nguyễn Văn Hòa"),
            distribution=["Như Điều 2", "Lưu: VT"],
        ),
        "cong-van": letter_spec(
            **UBND,
            number=7,
            symbol="UBND-KT",
            date=dt.date(2024, 5, 2),
            draft=False,
            urgency="KHẨN",
        ),
    }


def test_generated_documents_convert_and_render(tmp_path: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sources = []
    for name, spec in _samples().items():
        path = tmp_path / f"{name}.docx"
        path.write_bytes(render_docx(spec))
        sources.append(path)
    pdfs = convert_to_pdf(sources, outdir=tmp_path / "pdf")  # one LibreOffice run for all
    assert [p.stem for p in pdfs] == [p.stem for p in sources]
    for pdf in pdfs:
        assert pdf.read_bytes().startswith(b"%PDF-")
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        assert "(A4)" in info.stdout  # 595 x 842 pt
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
        assert "LiberationSerif" in fonts.stdout or "TimesNewRoman" in fonts.stdout
        target = ARTIFACTS / f"{pdf.stem}-page1"
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
                "-singlefile",
                str(pdf),
                str(target),
            ],
            check=True,
            timeout=60,
        )
        assert Path(f"{target}.png").stat().st_size > 10_000
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdfs[0]), "-"], capture_output=True, text=True, check=True
    ).stdout
    first_page, _, second = text.partition("\f")
    assert "DỰ THẢO" in first_page and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first_page
    assert second.strip().splitlines()[0].strip() == "2"  # page number from page 2


def test_render_pdf_of_one_spec() -> None:
    assert render_pdf(letter_spec(**UBND, symbol="UBND-KT")).startswith(b"%PDF-")

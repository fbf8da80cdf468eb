"""Issue 21: the one upload checker inspects PDFs (crafted files, not strings)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from ntm.core import uploads
from ntm.core.tests import hostile_files as hostile


@pytest.mark.parametrize(
    ("make", "word"),
    [
        (hostile.javascript_pdf, "JavaScript"),
        (hostile.javascript_pdf, "OpenAction"),
        (hostile.hidden_javascript_pdf, "JavaScript"),
        (hostile.launch_pdf, "Launch"),
        (hostile.launch_pdf, "AA"),
        (hostile.embedded_file_pdf, "EmbeddedFile"),
        (hostile.xfa_pdf, "XFA"),
    ],
)
def test_active_pdf_is_refused_in_vietnamese(make: object, word: str) -> None:
    with pytest.raises(ValidationError) as exc:
        uploads.check_file(make())  # type: ignore[operator]
    message = " ".join(exc.value.messages)
    assert word in message and "nội dung có thể tự chạy" in message
    assert exc.value.code == "pdf_active"


def test_clean_pdfs_are_accepted() -> None:
    pillow = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(pillow, "PDF")
    for data in (hostile.minimal_pdf(), hostile.page_fit_pdf(), pillow.getvalue()):
        assert uploads.check_file(data).content_type == uploads.PDF


def test_broken_and_fake_pdfs_are_refused() -> None:
    for data in (
        b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
        hostile.minimal_pdf()[:80],
    ):
        with pytest.raises(ValidationError) as exc:
            uploads.check_file(data)
        assert "PDF bị hỏng" in " ".join(exc.value.messages)


def test_encrypted_pdf_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        uploads.check_file(hostile.encrypted_pdf())
    assert "mật khẩu" in " ".join(exc.value.messages)

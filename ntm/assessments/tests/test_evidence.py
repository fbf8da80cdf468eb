"""Evidence uploads: checked by content, stored under generated names, served through scope."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ntm.assessments import services
from ntm.assessments.models import Evidence
from ntm.assessments.tests.factories import jpeg_bytes, sample

pytestmark = pytest.mark.django_db


def _upload(world: Any, name: str, data: bytes) -> Evidence:
    s = sample(world)
    return services.add_evidence(
        user=world.hamlet_head, value=s.hamlet_value, upload=SimpleUploadedFile(name, data)
    )


def _office(main_type: str, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types><Override PartName="/x" ContentType="{main_type}"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

REFUSED = [
    ("trang.html", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "HTML"),
    (
        "anh.svg",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "SVG",
    ),
    (
        "anh2.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
        "SVG",
    ),
    (
        "chuong-trinh.jpg",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
        "chương trình",
    ),
    ("chuong-trinh2.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "chương trình"),
    ("ghi-chu.txt", b"chi la van ban", "Loại tệp không được nhận"),
    ("hong.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "Ảnh bị hỏng"),
    ("tep.zip", _office("application/zip"), "không phải tài liệu Word/Excel"),
]


@pytest.mark.parametrize(("name", "data", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_dangerous_files_are_refused_in_vietnamese(
    world: Any, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        _upload(world, name, data)
    assert message in " ".join(exc.value.messages)
    assert not Evidence.objects.filter(original_name=name).exists()


def test_oversized_file_is_refused(world: Any, settings: Any) -> None:
    settings.NTM_UPLOAD_MAX_MB = 1
    with pytest.raises(ValidationError) as exc:
        _upload(world, "lon.jpg", jpeg_bytes() + b"\x00" * (1024 * 1024 + 1))
    assert "Tệp quá lớn: tối đa 1 MB" in " ".join(exc.value.messages)


def test_zip_bomb_office_file_is_refused(world: Any) -> None:
    bomb = _office(DOCX_MAIN, {"word/media/bomb.bin": b"\x00" * (30 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024
    with pytest.raises(ValidationError) as exc:
        _upload(world, "bao-cao.docx", bomb)
    assert "giải nén lớn bất thường" in " ".join(exc.value.messages)


def test_real_office_files_and_pdf_are_accepted(world: Any) -> None:
    docx = _upload(world, "bao-cao.docx", _office(DOCX_MAIN))
    assert docx.content_type.endswith("wordprocessingml.document") and not docx.thumbnail
    pdf = io.BytesIO()
    Image.new("RGB", (50, 50), "white").save(pdf, "PDF")
    doc = _upload(world, "bien-ban.pdf", pdf.getvalue())
    assert doc.content_type == "application/pdf" and doc.file.name.endswith(".pdf")


def test_real_jpeg_is_stored_under_a_generated_name_with_a_clean_thumbnail(
    world: Any, settings: Any
) -> None:
    evidence = _upload(world, "../../ảnh hiện trường.jpg", jpeg_bytes((800, 600), exif=True))
    assert evidence.content_type == "image/jpeg" and evidence.is_image
    stored = Path(evidence.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "hiện" not in stored.name and len(stored.stem) == 32
    with Image.open(evidence.thumbnail.path) as thumb:
        assert max(thumb.size) <= 320
        assert not thumb.getexif()
    with Image.open(evidence.file.path) as original:
        assert original.getexif()  # the original is kept as uploaded


def test_evidence_is_served_with_safe_headers_and_only_in_scope(client: Any, world: Any) -> None:
    evidence = _upload(world, 'ảnh"; x=.jpg', jpeg_bytes())
    url = reverse("assessments:evidence_file", args=[evidence.pk])
    thumb = reverse("assessments:evidence_thumbnail", args=[evidence.pk])
    client.force_login(world.hamlet_head)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert '"; x' not in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == evidence.file.open("rb").read()
    assert client.get(thumb).status_code == 200
    for outsider in ("outsider", "outsider_head", "hamlet_head2"):
        client.force_login(world.users[outsider])
        assert client.get(url).status_code == 404
        assert client.get(thumb).status_code == 404


def test_documents_download_as_attachments(client: Any, world: Any) -> None:
    evidence = _upload(world, "bao-cao.docx", _office(DOCX_MAIN))
    client.force_login(world.officer)
    response = client.get(reverse("assessments:evidence_file", args=[evidence.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert "bao-cao.docx" in response["Content-Disposition"]
    assert (
        client.get(reverse("assessments:evidence_thumbnail", args=[evidence.pk])).status_code == 404
    )


def test_upload_refusal_is_shown_on_the_form(client: Any, world: Any) -> None:
    s = sample(world)
    client.force_login(world.hamlet_head)
    url = reverse("assessments:value_entry", args=[world.hamlet.pk, s.hamlet_indicator.pk, 2024])
    before = Evidence.objects.count()
    response = client.post(
        url,
        {
            "period": s.hamlet_value.period_id,
            "version": s.hamlet_value.version,
            "numerator": "60",
            "denominator": "100",
            "photo": SimpleUploadedFile("anh.jpg", b"<svg onload=alert(1)></svg>"),
        },
    )
    assert response.status_code == 200
    assert "Không nhận tệp HTML, SVG" in response.content.decode()
    assert Evidence.objects.count() == before
    s.hamlet_value.refresh_from_db()
    assert s.hamlet_value.numerator == 50  # the whole entry was rolled back

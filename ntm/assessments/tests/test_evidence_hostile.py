"""Evidence uploads against image bombs, broken photos and broken office files (never a 500),
and the kept original without its GPS position."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from ntm.assessments import services
from ntm.assessments.models import Evidence
from ntm.assessments.tests.factories import sample
from ntm.core.tests import hostile_files as hf

pytestmark = pytest.mark.django_db

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def _xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types><Override PartName="/x" ContentType="{XLSX_MAIN}"/></Types>',
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml", "<worksheet>" + "<row/>" * 500 + "</worksheet>"
        )
    return out.getvalue()


REFUSED = {
    "image bomb 50000×50000": (lambda: hf.png_declaring(50_000, 50_000), "quá lớn"),
    "truncated JPEG": (hf.truncated_jpeg, "Ảnh bị hỏng"),
    "xlsx inflating past 200 MB": (
        lambda: hf.inflating(_xlsx(), "xl/worksheets/sheet1.xml"),
        "giải nén lớn bất thường",
    ),
    "xlsx with thousands of members": (lambda: hf.many_members(_xlsx()), "quá nhiều thành phần"),
    "xlsx declaring 4 GB": (
        lambda: hf.declaring_huge(_xlsx(), "xl/worksheets/sheet1.xml"),
        "giải nén lớn bất thường",
    ),
    "truncated xlsx": (lambda: hf.truncated(_xlsx()), "Tệp nén bị hỏng"),
    "damaged xlsx": (
        lambda: hf.corrupt_member(_xlsx(), "xl/worksheets/sheet1.xml"),
        "Tệp nén bị hỏng",
    ),
    "password xlsx (OLE2)": (lambda: hf.OLE2_HEADER, "mật khẩu"),
    "zip-password xlsx": (lambda: hf.encrypted_flag(_xlsx()), "mật khẩu"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_hostile_evidence_files_are_refused_on_the_screen(
    case: str, world: Any, settings: Any
) -> None:
    make, message = REFUSED[case]
    s = sample(world)
    client = Client()
    client.force_login(world.hamlet_head)
    files_before = sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
    before = Evidence.objects.count()
    response = client.post(
        reverse("assessments:evidence_add", args=[s.hamlet_value.pk]),
        {"file": SimpleUploadedFile("minh-chung.xlsx", make()), "caption": "Thử"},
        follow=True,
    )
    assert response.status_code == 200
    shown = " ".join(str(m) for m in response.context["messages"])
    assert message in shown, shown
    assert Evidence.objects.count() == before
    assert sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()) == files_before


def test_a_sound_xlsx_is_accepted(world: Any) -> None:
    s = sample(world)
    evidence = services.add_evidence(
        user=world.hamlet_head, value=s.hamlet_value, upload=SimpleUploadedFile("a.xlsx", _xlsx())
    )
    assert evidence.file.name.endswith(".xlsx")


def test_the_kept_original_loses_its_gps_position_only(world: Any) -> None:
    s = sample(world)
    evidence = services.add_evidence(
        user=world.hamlet_head,
        value=s.hamlet_value,
        upload=SimpleUploadedFile("hien-truong.jpg", hf.gps_jpeg()),
    )
    with Image.open(evidence.file.path) as original:
        exif = original.getexif()
        assert 0x8825 not in exif and not exif.get_ifd(0x8825)
        assert exif[0x010F] == "MayAnhThu"  # the rest of the original is kept
    assert evidence.size == Path(evidence.file.path).stat().st_size


def test_the_bomb_message_is_vietnamese_in_the_service(world: Any) -> None:
    s = sample(world)
    with pytest.raises(ValidationError) as exc:
        services.add_evidence(
            user=world.hamlet_head,
            value=s.hamlet_value,
            upload=SimpleUploadedFile("bom.png", hf.png_declaring(50_000, 50_000)),
        )
    assert "kích thước điểm ảnh quá lớn" in " ".join(exc.value.messages)

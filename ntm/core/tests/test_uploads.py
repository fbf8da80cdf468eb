"""The one upload checker: content sniffing, size, image and zip bombs, broken files, metadata."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ntm.core import uploads
from ntm.core.tests import hostile_files as hf

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _docx(extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types><Override PartName="/x" ContentType="{DOCX_MAIN}"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document>" + "chữ " * 200 + "</w:document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def _refusal(call: Callable[[], Any]) -> str:
    # How fast a refusal is belongs to benchmarks; here: refused, with a Vietnamese reason.
    with pytest.raises(ValidationError) as exc:
        call()
    return " ".join(exc.value.messages)


@pytest.mark.parametrize("size", [(50_000, 50_000), (10_000, 10_000), (8_000, 8_000)])
def test_an_image_bomb_is_refused_in_vietnamese(size: tuple[int, int]) -> None:
    bomb = hf.png_declaring(*size)
    assert len(bomb) < 100
    for check in (uploads.check_image, uploads.check_file):
        assert "kích thước điểm ảnh quá lớn" in _refusal(lambda c=check: c(bomb))  # type: ignore[misc]


def test_pillows_own_bomb_guard_becomes_the_same_refusal(monkeypatch: Any) -> None:
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 10**12)  # only Pillow's guard is left
    for size in [(50_000, 50_000), (10_000, 10_000)]:  # error, and warning made an error
        assert "quá lớn" in _refusal(lambda s=size: uploads.check_image(hf.png_declaring(*s)))  # type: ignore[misc]


def test_a_truncated_photo_is_refused_not_stored_half() -> None:
    broken = hf.truncated_jpeg()
    for check in (uploads.check_image, uploads.check_file):
        assert "Ảnh bị hỏng" in _refusal(lambda c=check: c(broken))  # type: ignore[misc]


def test_a_non_image_is_not_a_photo() -> None:
    assert "Chỉ nhận ảnh JPEG, PNG hoặc WebP" in _refusal(
        lambda: uploads.check_image(b"<svg onload=alert(1)></svg>")
    )
    assert "Chỉ nhận ảnh" in _refusal(lambda: uploads.check_image(_docx()))


def test_size_is_limited_by_the_setting_even_if_the_declared_size_lies(settings: Any) -> None:
    settings.NTM_UPLOAD_MAX_MB = 1
    upload = SimpleUploadedFile("a.jpg", b"\xff" * (1024 * 1024 + 5))
    upload.size = 10  # a lying size
    assert "Tệp quá lớn: tối đa 1 MB" in _refusal(lambda: uploads.read_upload(upload))
    assert "Ảnh quá lớn: tối đa 1 MB" in _refusal(lambda: uploads.read_upload(upload, photo=True))


def test_clean_photo_applies_orientation_and_drops_every_metadata() -> None:
    for data in (hf.gps_jpeg(), hf.gps_png()):
        checked = uploads.check_image(data)
        cleaned = uploads.clean_photo(checked)
        with Image.open(io.BytesIO(cleaned)) as image:
            image.load()
            assert image.size == (40, 80)  # orientation 6 applied: upright
            assert not image.getexif(), dict(image.getexif())
            assert image.format == {"image/jpeg": "JPEG", "image/png": "PNG"}[checked.content_type]


def test_drop_location_keeps_the_original_but_its_gps_position() -> None:
    checked = uploads.check_image(hf.gps_jpeg())
    kept = uploads.drop_location(checked)
    with Image.open(io.BytesIO(kept)) as image:
        exif = image.getexif()
        assert 0x8825 not in exif and not exif.get_ifd(0x8825)
        assert exif[0x010F] == "MayAnhThu" and exif[0x0112] == 6
    plain = uploads.check_image(hf.noisy_jpeg())
    assert uploads.drop_location(plain) == plain.data  # nothing to drop: byte for byte


def test_a_thumbnail_has_no_metadata() -> None:
    with Image.open(io.BytesIO(uploads.make_thumbnail(hf.gps_jpeg()))) as thumb:
        assert not thumb.getexif() and thumb.size == (40, 80)


ZIP_CASES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "sheet inflating past 200 MB": (
        lambda d: hf.inflating(d, "word/document.xml"),
        "giải nén lớn bất thường",
    ),
    "thousands of members": (hf.many_members, "quá nhiều thành phần"),
    "huge declared size": (
        lambda d: hf.declaring_huge(d, "word/document.xml"),
        "giải nén lớn bất thường",
    ),
    "lying small declared size": (
        lambda d: hf.declaring_small(d, "word/document.xml"),
        "Tệp nén bị hỏng",
    ),
    "damaged deflate stream": (
        lambda d: hf.corrupt_member(d, "word/document.xml"),
        "Tệp nén bị hỏng",
    ),
    "truncated": (hf.truncated, "Tệp nén bị hỏng"),
    "zip password": (hf.encrypted_flag, "mật khẩu"),
    "office password (OLE2)": (lambda d: hf.OLE2_HEADER, "mật khẩu"),
}


@pytest.mark.parametrize("case", sorted(ZIP_CASES))
def test_hostile_office_files_are_refused_quickly_in_vietnamese(case: str) -> None:
    make, message = ZIP_CASES[case]
    data = make(_docx())
    assert len(data) < 2 * 1024 * 1024
    assert message in _refusal(lambda: uploads.check_file(data, max_bytes=10 * 1024 * 1024))


def test_a_sound_office_file_passes() -> None:
    checked = uploads.check_file(_docx(), max_bytes=10 * 1024 * 1024)
    assert checked.extension == "docx" and not checked.is_image


def test_storage_names_are_generated_and_filenames_made_harmless() -> None:
    name = uploads.storage_name("jpg")
    assert len(name) == 36 and name.endswith(".jpg") and "/" not in name
    assert uploads.safe_filename('../../ảnh"; x=.jpg', "f") == "ảnh x=.jpg"
    assert uploads.safe_filename("..\\..\\", "du-phong.jpg") == "du-phong.jpg"

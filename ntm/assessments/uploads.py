"""Evidence files: what is allowed is decided by the CONTENT, never by the name.

Allowed: JPEG, PNG, WebP photos; PDF; Word (DOCX) and Excel (XLSX) files — the latter are zip
archives whose ``[Content_Types].xml`` names the office document type. Everything else (HTML,
SVG, scripts, executables whatever their extension, other archives) is refused with a
Vietnamese message, and so is an office file that would unpack to an absurd size (zip bomb).
"""

from __future__ import annotations

import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFICE_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        DOCX,
        "docx",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (XLSX, "xlsx"),
}
# An office file may unpack to at most this many bytes, and at most RATIO times its size.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 5000
MAX_IMAGE_PIXELS = 60_000_000
THUMBNAIL_SIZE = (320, 320)

ALLOWED_TEXT = "ảnh JPEG, PNG, WebP; tệp PDF, Word (.docx) hoặc Excel (.xlsx)"
_MARKUP = re.compile(rb"<\s*(!doctype\s+html|html|svg|script|\?xml|body|iframe)", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    data: bytes

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES

    def storage_name(self) -> str:
        """A generated name: nothing of the uploader's file name reaches the disk."""
        return f"{uuid.uuid4().hex}.{self.extension}"


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="file_type")


def check_file(data: bytes, *, max_bytes: int) -> CheckedFile:
    """Return what the file really is, or raise ValidationError (Vietnamese)."""
    if not data:
        raise ValidationError("Tệp rỗng, không có nội dung.", code="empty")
    if len(data) > max_bytes:
        raise ValidationError(
            f"Tệp quá lớn: tối đa {max_bytes // (1024 * 1024)} MB mỗi tệp.", code="too_big"
        )
    head = data[:2048]
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime in IMAGE_TYPES:
        return _check_image(data, mime)
    if head.startswith(b"%PDF-"):
        return CheckedFile(PDF, "pdf", data)
    if head.startswith(b"PK\x03\x04"):
        return _check_office(data)
    if _MARKUP.search(head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512]) or _MARKUP.search(head):
        raise _refuse(
            "Không nhận tệp HTML, SVG hay tệp có mã lệnh (script). "
            f"Chỉ nhận {ALLOWED_TEXT}; hãy chụp ảnh màn hình hoặc lưu thành PDF."
        )
    if mime in {"application/x-msdownload", "application/x-executable", "application/x-elf"} or (
        head.startswith((b"MZ", b"\x7fELF"))
    ):
        raise _refuse(
            "Tệp này là chương trình chạy được (dù mang đuôi ảnh hay tài liệu), không được "
            f"tải lên. Chỉ nhận {ALLOWED_TEXT}."
        )
    raise _refuse(f"Loại tệp không được nhận. Chỉ nhận {ALLOWED_TEXT}.")


def _check_image(data: bytes, mime: str) -> CheckedFile:
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise _refuse("Ảnh có kích thước điểm ảnh quá lớn, không xử lý được.")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise _refuse("Ảnh bị hỏng hoặc không đúng định dạng, không mở được.") from exc
    return CheckedFile(mime, IMAGE_TYPES[mime], data)


def _check_office(data: bytes) -> CheckedFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise _refuse("Tệp nén bị hỏng, không mở được.") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise _refuse("Tệp chứa quá nhiều thành phần, không được nhận.")
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(len(data), 1):
            raise _refuse(
                "Tệp khi giải nén lớn bất thường (nghi tệp nén độc hại), không được nhận."
            )
        try:
            manifest = archive.read("[Content_Types].xml")
        except KeyError as exc:
            raise _refuse(
                f"Tệp nén (zip) không phải tài liệu Word/Excel. Chỉ nhận {ALLOWED_TEXT}."
            ) from exc
        text = manifest.decode("utf-8", "replace")
        if "vbaProject" in text or "macroEnabled" in text:
            raise _refuse("Không nhận tài liệu có macro. Hãy lưu thành .docx/.xlsx thường.")
        for main_type, (mime, extension) in OFFICE_MAIN_TYPES.items():
            if main_type in text:
                return CheckedFile(mime, extension, data)
    raise _refuse(f"Tệp nén (zip) không phải tài liệu Word/Excel. Chỉ nhận {ALLOWED_TEXT}.")


def make_thumbnail(data: bytes) -> bytes:
    """A small JPEG of an image, upright, without EXIF (no GPS, no camera data)."""
    with Image.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail(THUMBNAIL_SIZE)
        if upright.mode not in ("RGB", "L"):
            background = Image.new("RGB", upright.size, "white")
            rgba = upright.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            upright = background
        out = io.BytesIO()
        upright.save(out, "JPEG", quality=80, optimize=True)  # no exif= → none written
        return out.getvalue()


def safe_filename(name: str, fallback: str) -> str:
    """The uploader's file name, made harmless for a Content-Disposition header."""
    base = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[\x00-\x1f\x7f\"<>:|?*;]", "", base).strip(" .")
    return base[:150] or fallback

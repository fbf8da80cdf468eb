"""Uploaded files: what a file is, is decided by its CONTENT, never by its name or the browser.

One checker for every upload of the project (evidence files, outreach and progress photos, the
criteria workbook import):

- :func:`read_upload` reads at most ``settings.NTM_UPLOAD_MAX_MB`` (+1 byte to tell "too big").
- :func:`check_file` accepts JPEG, PNG, WebP photos, PDF, Word (DOCX) and Excel (XLSX) files;
  :func:`check_image` accepts photos only. HTML, SVG, scripts, executables (whatever their
  extension), other archives, macro documents are refused with a Vietnamese message.
- PDFs must parse and carry no active content (JavaScript, open/additional actions, Launch,
  embedded files, XFA): :func:`ntm.core.pdf_check.check_pdf`.
- Images must decode completely and stay under :data:`MAX_IMAGE_PIXELS`; Pillow's own
  decompression-bomb guard (``Image.MAX_IMAGE_PIXELS``) becomes the same Vietnamese refusal.
- Zip files (DOCX/XLSX) are judged from their central directory before anything is inflated
  (:func:`check_zip`): too many members, an absurd declared unpacked size or ratio, encrypted
  members and unknown compression methods are refused.
- Stored names are generated (:func:`storage_name`); the uploader's name only ever reaches a
  Content-Disposition header through :func:`safe_filename`.
- Photos shown to residents are re-encoded upright without EXIF/GPS (:func:`clean_photo`);
  kept originals lose at least their location (:func:`drop_location`).

Every refusal is a ``django.core.exceptions.ValidationError`` (which ``forms.ValidationError``
is), never a 500.
"""

from __future__ import annotations

import io
import re
import unicodedata
import uuid
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

from ntm.core.pdf_check import check_pdf

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
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc/.xls, and every password-protected
# An office file may unpack to at most this many bytes, and at most RATIO times its size.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 5000
# 60 megapixels: more than any phone camera; decoding it takes ~180 MB of memory.
MAX_IMAGE_PIXELS = 60_000_000
THUMBNAIL_SIZE = (320, 320)
PHOTO_QUALITY = 90
_GPS_IFD = 0x8825
# Pillow's format names for the accepted types (phones save MPO: a JPEG with a second picture).
_FORMATS = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}

ALLOWED_TEXT = "ảnh JPEG, PNG, WebP; tệp PDF, Word (.docx) hoặc Excel (.xlsx)"
PHOTO_TEXT = "Chỉ nhận ảnh JPEG, PNG hoặc WebP."
TOO_MANY_PIXELS = (
    "Ảnh có kích thước điểm ảnh quá lớn (nghi ảnh độc hại), không xử lý được. "
    "Hãy chụp lại hoặc thu nhỏ ảnh."
)
BROKEN_IMAGE = "Ảnh bị hỏng hoặc không đúng định dạng, không mở được."
ENCRYPTED = (
    "Tệp được đặt mật khẩu (hoặc là định dạng Office cũ .doc/.xls), không đọc được. "
    "Hãy bỏ mật khẩu và lưu lại thành .docx/.xlsx."
)
_MARKUP = re.compile(rb"<\s*(!doctype\s+html|html|svg|script|\?xml|body|iframe)", re.IGNORECASE)


def refuse(message: str, code: str = "file_type") -> ValidationError:
    return ValidationError(message, code=code)


def max_upload_bytes() -> int:
    return int(settings.NTM_UPLOAD_MAX_MB) * 1024 * 1024


def too_big(limit: int, *, photo: bool = False) -> ValidationError:
    megabytes = limit // (1024 * 1024)
    if photo:
        return refuse(
            f"Ảnh quá lớn: tối đa {megabytes} MB. Hãy chụp lại ở kích thước nhỏ hơn.", "too_big"
        )
    return refuse(f"Tệp quá lớn: tối đa {megabytes} MB mỗi tệp.", "too_big")


def read_upload(upload: Any, *, max_bytes: int | None = None, photo: bool = False) -> bytes:
    """The upload's bytes, never more than the limit (the declared size may lie)."""
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise too_big(limit, photo=photo)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    if len(data) > limit:
        raise too_big(limit, photo=photo)
    return bytes(data)


def storage_name(extension: str) -> str:
    """A generated name: nothing of the uploader's file name reaches the disk."""
    return f"{uuid.uuid4().hex}.{extension}"


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    data: bytes

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES

    def storage_name(self) -> str:
        return storage_name(self.extension)


# --- Any file ------------------------------------------------------------------------------


def check_file(data: bytes, *, max_bytes: int | None = None) -> CheckedFile:
    """Return what the file really is, or raise ValidationError (Vietnamese)."""
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    if not data:
        raise refuse("Tệp rỗng, không có nội dung.", "empty")
    if len(data) > limit:
        raise too_big(limit)
    head = data[:2048]
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime in IMAGE_TYPES:
        return _checked_image(data, mime)
    if head.startswith(b"%PDF-"):
        check_pdf(data)  # no JavaScript, actions, embedded files, XFA; not encrypted or broken
        return CheckedFile(PDF, "pdf", data)
    if head.startswith(ZIP_MAGIC):
        return _check_office(data)
    if head.startswith(OLE2_MAGIC):
        raise refuse(ENCRYPTED)
    if _MARKUP.search(head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512]) or _MARKUP.search(head):
        raise refuse(
            "Không nhận tệp HTML, SVG hay tệp có mã lệnh (script). "
            f"Chỉ nhận {ALLOWED_TEXT}; hãy chụp ảnh màn hình hoặc lưu thành PDF."
        )
    if mime in {"application/x-msdownload", "application/x-executable", "application/x-elf"} or (
        head.startswith((b"MZ", b"\x7fELF"))
    ):
        raise refuse(
            "Tệp này là chương trình chạy được (dù mang đuôi ảnh hay tài liệu), không được "
            f"tải lên. Chỉ nhận {ALLOWED_TEXT}."
        )
    raise refuse(f"Loại tệp không được nhận. Chỉ nhận {ALLOWED_TEXT}.")


# --- Images --------------------------------------------------------------------------------


@contextmanager
def open_image(data: bytes) -> Iterator[Image.Image]:
    """Open an image, turning every way it can fail (incl. decompression bombs) into a refusal."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: make it an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise refuse(TOO_MANY_PIXELS, "too_many_pixels")
                yield image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise refuse(TOO_MANY_PIXELS, "too_many_pixels") from exc
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        MemoryError,
        IndexError,
        TypeError,
        KeyError,
        ZeroDivisionError,
        zlib.error,
    ) as exc:
        raise refuse(BROKEN_IMAGE) from exc


def _checked_image(data: bytes, mime: str) -> CheckedFile:
    with open_image(data) as image:
        if _FORMATS.get(image.format or "") != mime:
            raise refuse(BROKEN_IMAGE)
        image.load()  # the whole picture must decode, not only its header
    return CheckedFile(mime, IMAGE_TYPES[mime], data)


def check_image(data: bytes, *, max_bytes: int | None = None) -> CheckedFile:
    """A photo (JPEG, PNG, WebP) that decodes, or a Vietnamese ValidationError."""
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    if not data:
        raise refuse("Tệp rỗng, không có nội dung.", "empty")
    if len(data) > limit:
        raise refuse(
            f"Ảnh quá lớn: tối đa {limit // (1024 * 1024)} MB. Hãy chụp lại ở kích thước nhỏ hơn.",
            "too_big",
        )
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime not in IMAGE_TYPES:
        raise refuse(PHOTO_TEXT)
    return _checked_image(data, kind.mime)


def _encode(image: Image.Image, mime: str, **options: Any) -> bytes:
    out = io.BytesIO()
    if mime == "image/jpeg":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(out, "JPEG", optimize=True, **options)
    elif mime == "image/png":
        image.save(out, "PNG", optimize=True, **options)
    else:
        image.save(out, "WEBP", **options)
    return out.getvalue()


def clean_photo(checked: CheckedFile) -> bytes:
    """The photo upright (EXIF orientation applied) and re-encoded without any metadata: no
    EXIF, no GPS, no camera data, no text chunks. Same format as uploaded."""
    with open_image(checked.data) as image:
        upright = ImageOps.exif_transpose(image) or image
        options: dict[str, Any] = {}
        icc = image.info.get("icc_profile")
        if icc:
            options["icc_profile"] = icc  # colours, not personal data
        if checked.content_type in ("image/jpeg", "image/webp"):
            options["quality"] = PHOTO_QUALITY
        return _encode(upright, checked.content_type, **options)


def has_location(image: Image.Image) -> bool:
    try:
        return _GPS_IFD in image.getexif()
    except (OSError, ValueError, SyntaxError, KeyError, TypeError):
        return True  # unreadable EXIF: treat as possibly carrying a location


def drop_location(checked: CheckedFile) -> bytes:
    """An original kept as uploaded, except its GPS position (other EXIF stays)."""
    if not checked.is_image:
        return checked.data
    with open_image(checked.data) as image:
        if not has_location(image):
            return checked.data
        exif = image.getexif()
        exif.pop(_GPS_IFD, None)
        options: dict[str, Any] = {"exif": exif.tobytes()}
        icc = image.info.get("icc_profile")
        if icc:
            options["icc_profile"] = icc
        if checked.content_type == "image/jpeg":
            options["quality"] = "keep" if image.format in ("JPEG", "MPO") else PHOTO_QUALITY
        elif checked.content_type == "image/webp":
            options["quality"] = PHOTO_QUALITY
        return _encode(image, checked.content_type, **options)


def make_thumbnail(data: bytes) -> bytes:
    """A small JPEG of an image, upright, without EXIF (no GPS, no camera data)."""
    with open_image(data) as image:
        upright = ImageOps.exif_transpose(image) or image
        upright.thumbnail(THUMBNAIL_SIZE)
        if upright.mode not in ("RGB", "L"):
            background = Image.new("RGB", upright.size, "white")
            rgba = upright.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            upright = background
        out = io.BytesIO()
        upright.save(out, "JPEG", quality=80, optimize=True)  # no exif= → none written
        return out.getvalue()


# --- Zip archives (DOCX, XLSX) -------------------------------------------------------------


def check_zip(
    source: bytes | IO[bytes],
    *,
    max_unpacked: int = MAX_UNPACKED_BYTES,
    max_entries: int = MAX_ENTRIES,
    max_ratio: int | None = MAX_RATIO,
) -> list[zipfile.ZipInfo]:
    """Judge a zip from its central directory, before inflating anything.

    Python's zipfile never yields more bytes than a member's declared size (and then checks
    the CRC), so the declared sizes bound what reading can cost. Returns the members."""
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(OLE2_MAGIC):
        raise refuse(ENCRYPTED, "encrypted")
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise refuse(
            "Tệp nén bị hỏng hoặc không trọn vẹn (tải lên bị ngắt?), không mở được.", "broken"
        ) from exc
    finally:
        stream.seek(0)
    if len(entries) > max_entries:
        raise refuse(
            f"Tệp chứa quá nhiều thành phần ({len(entries)}, tối đa {max_entries}), "
            "nghi tệp nén độc hại, không được nhận.",
            "zip_bomb",
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > max_unpacked or (max_ratio and unpacked > max_ratio * max(size, 1)):
        raise refuse(
            f"Tệp khi giải nén lớn bất thường ({unpacked // 1_000_000} MB, quá giới hạn "
            f"{max_unpacked // 1_000_000} MB; nghi tệp nén độc hại), không được nhận.",
            "zip_bomb",
        )
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise refuse(ENCRYPTED, "encrypted")
    if any(
        entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for entry in entries
    ):
        raise refuse(
            "Tệp nén theo cách không được hỗ trợ. Hãy mở bằng Word/Excel và lưu lại.", "broken"
        )
    return entries


def _check_office(data: bytes) -> CheckedFile:
    check_zip(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            broken = archive.testzip()  # inflates every member once (bounded above)
            manifest = archive.read("[Content_Types].xml")
    except KeyError as exc:
        raise refuse(
            f"Tệp nén (zip) không phải tài liệu Word/Excel. Chỉ nhận {ALLOWED_TEXT}."
        ) from exc
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError) as exc:
        raise refuse("Tệp nén bị hỏng, không mở được.", "broken") from exc
    if broken is not None:
        raise refuse("Tệp nén bị hỏng, không mở được.", "broken")
    text = manifest.decode("utf-8", "replace")
    if "vbaProject" in text or "macroEnabled" in text:
        raise refuse("Không nhận tài liệu có macro. Hãy lưu thành .docx/.xlsx thường.")
    for main_type, (mime, extension) in OFFICE_MAIN_TYPES.items():
        if main_type in text:
            return CheckedFile(mime, extension, data)
    raise refuse(f"Tệp nén (zip) không phải tài liệu Word/Excel. Chỉ nhận {ALLOWED_TEXT}.")


# --- Names ---------------------------------------------------------------------------------


def safe_filename(name: str, fallback: str) -> str:
    """The uploader's file name, made harmless for a Content-Disposition header."""
    base = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[\x00-\x1f\x7f\"<>:|?*;]", "", base).strip(" .")
    return base[:150] or fallback

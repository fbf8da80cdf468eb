"""Photo uploads: the type is read from the content (never the name or the browser's word),
the size is limited by ``settings.NTM_UPLOAD_MAX_MB``, the image must decode, and the stored
name is generated. Files live under MEDIA_ROOT and are served only by permission-checked views
(``serve_photo``) with ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

import secrets
from typing import Any

import filetype
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404

ALLOWED_IMAGES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def max_bytes() -> int:
    return int(settings.NTM_UPLOAD_MAX_MB) * 1024 * 1024


def check_photo(upload: UploadedFile) -> tuple[str, str]:
    """Return (content_type, extension) or raise a Vietnamese ValidationError."""
    if upload.size is not None and upload.size > max_bytes():
        raise forms.ValidationError(
            f"Ảnh quá lớn: tối đa {settings.NTM_UPLOAD_MAX_MB} MB. Hãy chụp lại ở kích thước nhỏ hơn."
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_IMAGES:
        raise forms.ValidationError("Chỉ nhận ảnh JPEG, PNG hoặc WebP.")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise forms.ValidationError("Tệp ảnh bị hỏng hoặc không đọc được.") from exc
    finally:
        upload.seek(0)
    return kind.mime, ALLOWED_IMAGES[kind.mime]


def store_photo(
    photo: Any, upload: UploadedFile, *, caption: str, is_public: bool, user: Any
) -> Any:
    """Fill a PhotoBase instance from a checked upload and save it under a generated name."""
    content_type, extension = check_photo(upload)
    photo.original_name = (upload.name or "")[:255]
    photo.content_type = content_type
    photo.size = upload.size or 0
    photo.caption = caption
    photo.is_public = is_public
    photo.uploaded_by = user if getattr(user, "is_authenticated", False) else None
    photo.file.save(f"{secrets.token_hex(16)}.{extension}", upload, save=False)
    photo.save()
    return photo


def serve_photo(photo: Any) -> FileResponse:
    """Stream a stored photo with its checked type; the caller has already checked permission."""
    try:
        handle = photo.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Không tìm thấy ảnh.") from exc
    response = FileResponse(handle, content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response


class PhotoField(forms.FileField):
    """A file field that validates as a photo (by content)."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if value:
            check_photo(value)
        return value

"""Outreach and progress photos, through the one upload checker (:mod:`ntm.core.uploads`): the
type is read from the content, the size is limited by ``settings.NTM_UPLOAD_MAX_MB``, the image
must decode within the pixel limit, and what is stored is re-encoded upright without EXIF/GPS
(these photos may be shown to residents) under a generated name. Files live under MEDIA_ROOT
and are served only by permission-checked views (``serve_photo``) with
``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse

from ntm.core import uploads
from ntm.core.serve import serve_upload


def check_photo(upload: UploadedFile) -> uploads.CheckedFile:
    """The checked photo, or a Vietnamese ValidationError."""
    data = uploads.read_upload(upload, photo=True)
    return uploads.check_image(data)


def store_photo(
    photo: Any, upload: UploadedFile, *, caption: str, is_public: bool, user: Any
) -> Any:
    """Fill a PhotoBase instance from a checked upload and save it under a generated name."""
    checked = check_photo(upload)
    cleaned = uploads.clean_photo(checked)
    photo.original_name = uploads.safe_filename(upload.name or "", "")[:255]
    photo.content_type = checked.content_type
    photo.size = len(cleaned)
    photo.caption = caption
    photo.is_public = is_public
    photo.uploaded_by = user if getattr(user, "is_authenticated", False) else None
    photo.file.save(checked.storage_name(), ContentFile(cleaned), save=False)
    photo.save()
    return photo


def serve_photo(photo: Any) -> FileResponse:
    """Stream a stored photo with its checked type; the caller has already checked permission."""
    return serve_upload(
        photo.file,
        content_type=photo.content_type,
        filename=photo.original_name or "",
        fallback=f"anh-{photo.pk}.{photo.content_type.rsplit('/', 1)[-1]}",
        cache="private, max-age=3600",
    )


class PhotoField(forms.FileField):
    """A file field that validates as a photo (by content)."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if value:
            check_photo(value)
        return value

"""Outreach and progress photos: image bombs and broken photos are refused in Vietnamese (never a
500), and what is stored is upright with no EXIF/GPS (photos may be shown to residents)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from ntm.core.tests import hostile_files as hf
from ntm.mobilisation.models import OutreachPhoto, StepPhoto
from ntm.mobilisation.tests import factories as f

pytestmark = pytest.mark.django_db


def _files(root: str) -> list[Path]:
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


def _post_outreach_photo(world: Any, data: bytes, name: str = "anh.jpg") -> Any:
    activity = f.activity(world)
    client = Client()
    client.force_login(world.officer)
    return client.post(
        reverse("mobilisation:outreach_photo_new", args=[activity.pk]),
        {"photo": SimpleUploadedFile(name, data, content_type="image/jpeg"), "caption": "Họp"},
    )


REFUSED = {
    "bomb 50000×50000": (hf.png_declaring(50_000, 50_000), "kích thước điểm ảnh quá lớn"),
    "bomb 10000×10000": (hf.png_declaring(10_000, 10_000), "kích thước điểm ảnh quá lớn"),
    "truncated JPEG": (hf.truncated_jpeg(), "Ảnh bị hỏng"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_hostile_outreach_photos_are_refused_in_vietnamese(
    case: str, world: Any, settings: Any
) -> None:
    data, message = REFUSED[case]
    files_before = _files(settings.MEDIA_ROOT)
    response = _post_outreach_photo(world, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OutreachPhoto.objects.exists()
    assert _files(settings.MEDIA_ROOT) == files_before


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_hostile_progress_photos_are_refused_in_vietnamese(
    case: str, world: Any, settings: Any
) -> None:
    data, message = REFUSED[case]
    work = f.work(world.hamlet)
    client = Client()
    client.force_login(world.officer)
    response = client.post(
        reverse("mobilisation:step_new", args=[work.pk]),
        {
            "date": "2024-07-01",
            "title": "Đổ bê tông",
            "percent": 50,
            "photo": SimpleUploadedFile("anh.png", data, content_type="image/png"),
            "form_token": "t",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StepPhoto.objects.exists()


@pytest.mark.parametrize("make", [hf.gps_jpeg, hf.gps_png], ids=["jpeg", "png"])
def test_stored_photos_lose_gps_and_exif_but_stay_upright(make: Any, world: Any) -> None:
    response = _post_outreach_photo(world, make(), name="../../nha-van-hoa.jpg")
    assert response.status_code == 302
    photo = OutreachPhoto.objects.get()
    assert "/" not in photo.original_name and ".." not in photo.file.name
    with Image.open(photo.file.path) as stored:
        stored.load()
        assert stored.size == (40, 80)  # EXIF orientation 6 applied before it was dropped
        assert not stored.getexif(), dict(stored.getexif())
        assert "exif" not in stored.info
    assert photo.size == Path(photo.file.path).stat().st_size
    client = Client()
    client.force_login(world.officer)
    served = client.get(reverse("mobilisation:outreach_photo", args=[photo.pk]))
    body = b"".join(served.streaming_content)
    with Image.open(io.BytesIO(body)) as image:
        assert not image.getexif()

"""Works, funding by source, progress photos (upload safety), campaigns and outreach."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ntm.mobilisation import queries
from ntm.mobilisation.models import OutreachActivity, StepPhoto, Work
from ntm.mobilisation.services import source
from ntm.mobilisation.tests import factories as f


def test_officer_creates_a_work_with_mixed_funding(client: Client, world: Any) -> None:
    client.force_login(world.officer)
    response = client.post(
        reverse("mobilisation:work_new"),
        {
            "unit": world.hamlet.pk,
            "name": "Đường bê tông tổ 3",
            "status": "in_progress",
            "is_public": "on",
            "form_token": "w1",
        },
    )
    assert response.status_code == 302
    work = Work.objects.get()
    for code, planned, realised in [
        ("ngan-sach-tinh", 450_000_000, 300_000_000),
        ("ngan-sach-xa", 150_000_000, 100_000_000),
        ("dan-dong-gop", 120_000_000, 85_000_000),
    ]:
        r = client.post(
            reverse("mobilisation:funding_new", args=[work.pk]),
            {
                "source": source(code).pk,
                "planned": planned,
                "realised": realised,
                "form_token": code,
            },
        )
        assert r.status_code == 302
    # The same source twice is refused.
    r = client.post(
        reverse("mobilisation:funding_new", args=[work.pk]),
        {"source": source("ngan-sach-xa").pk, "planned": 1, "realised": 0, "form_token": "x"},
    )
    assert r.status_code == 200 and "đã có dòng vốn này" in r.content.decode()
    table = queries.funding_by_source(world.commune)
    assert table.planned == 720_000_000 and table.realised == 485_000_000
    assert table.remaining == 235_000_000
    html = client.get(reverse("mobilisation:work_detail", args=[work.pk])).content.decode()
    assert "720.000.000 đồng" in html and "235.000.000 đồng" in html


def test_hamlet_head_cannot_edit_works(client: Client, world: Any) -> None:
    work = f.work(world.hamlet)
    client.force_login(world.hamlet_head)
    assert client.get(reverse("mobilisation:work_detail", args=[work.pk])).status_code == 200
    assert client.get(reverse("mobilisation:work_edit", args=[work.pk])).status_code == 403


def test_step_photo_is_checked_by_content_and_served_with_nosniff(
    client: Client, world: Any, settings: Any
) -> None:
    work = f.work(world.hamlet)
    client.force_login(world.officer)
    url = reverse("mobilisation:step_new", args=[work.pk])
    fake = SimpleUploadedFile(
        "anh.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )
    r = client.post(
        url,
        {
            "date": "2024-07-01",
            "title": "Đổ bê tông",
            "percent": 50,
            "photo": fake,
            "form_token": "a",
        },
    )
    assert r.status_code == 200 and "Chỉ nhận ảnh JPEG, PNG hoặc WebP" in r.content.decode()
    settings.NTM_UPLOAD_MAX_MB = 0
    r = client.post(
        url,
        {
            "date": "2024-07-01",
            "title": "Đổ bê tông",
            "percent": 50,
            "photo": f.jpeg(),
            "form_token": "b",
        },
    )
    assert "Ảnh quá lớn" in r.content.decode()
    settings.NTM_UPLOAD_MAX_MB = 10
    r = client.post(
        url,
        {
            "date": "2024-07-01",
            "title": "Đổ bê tông",
            "percent": 50,
            "photo": f.jpeg("x.php"),
            "form_token": "c",
        },
    )
    assert r.status_code == 302
    photo = StepPhoto.objects.get()
    assert photo.file.name.endswith(".jpg") and "x.php" not in photo.file.name
    assert photo.content_type == "image/jpeg" and not photo.is_public
    served = client.get(reverse("mobilisation:step_photo", args=[photo.pk]))
    assert served.status_code == 200 and served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Type"] == "image/jpeg"
    client.force_login(world.hamlet_head2)
    assert client.get(reverse("mobilisation:step_photo", args=[photo.pk])).status_code == 404


def test_work_list_queries_do_not_grow(client: Client, world: Any) -> None:
    client.force_login(world.officer)
    w = f.work(world.hamlet)
    f.funding(w, "ngan-sach-xa", 10)
    client.get(reverse("mobilisation:work_list"))  # warm the session
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("mobilisation:work_list"))
    for i in range(10):
        extra = f.work(world.hamlet2, name=f"Công trình {i}")
        f.funding(extra, "ngan-sach-tinh", 100)
        f.step(extra, 30)
    with CaptureQueriesContext(connection) as big:
        html = client.get(reverse("mobilisation:work_list")).content.decode()
    assert len(big) == len(small)
    assert "Công trình 9" in html


def test_organisation_logs_outreach_with_criteria_and_campaign_totals(
    client: Client, world: Any
) -> None:
    campaign = f.campaign(world)
    client.force_login(world.organisation)
    r = client.post(
        reverse("mobilisation:outreach_new"),
        {
            "organisation": world.mttq.pk,
            "unit": world.hamlet.pk,
            "campaign": campaign.pk,
            "date": "2024-06-08",
            "topic": "Phân loại rác thải tại nguồn",
            "participants": 42,
            "photo": f.jpeg(),
            "photo_public": "on",
            "form_token": "o1",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    activity = OutreachActivity.objects.get()
    assert activity.photos.get().is_public
    f.activity(world, participants=8).__class__.objects.filter(pk__gt=activity.pk).update(
        campaign=campaign
    )
    f.contribution(world.hamlet, amount=500_000, campaign=campaign)
    totals = queries.campaign_totals(campaign)
    assert totals.activities == 2 and totals.participants == 50
    assert totals.contributions.amount == 500_000
    rows = queries.outreach_by_organisation(world.commune)
    assert [(r.name, r.activities, r.participants) for r in rows] == [(world.mttq.name, 2, 50)]
    html = client.get(reverse("mobilisation:campaign_detail", args=[campaign.pk])).content.decode()
    assert "500.000 đồng" in html
    # A hamlet head may read outreach in their hamlet but not log it.
    client.force_login(world.hamlet_head)
    assert client.get(reverse("mobilisation:outreach_new")).status_code == 403


def test_totals_are_not_multiplied_by_progress_steps(world: Any) -> None:
    work = f.work(world.hamlet)
    f.funding(work, "ngan-sach-tinh", 450_000_000, 300_000_000)
    f.funding(work, "ngan-sach-xa", 150_000_000, 100_000_000)
    for percent in (10, 55, 80):
        f.step(work, percent)
    row = queries.work_funding_totals(Work.objects.filter(pk=work.pk)).get()
    assert (row.planned_total, row.realised_total, row.remaining_total, row.progress) == (
        600_000_000,
        400_000_000,
        200_000_000,
        80,
    )

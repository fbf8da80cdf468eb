"""Issue 21: PDFs carrying active content are refused on every evidence path, the photo field
takes photos only, and stored files are served so that a browser cannot run them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.assessments import services
from ntm.assessments.models import Evidence
from ntm.assessments.tests.factories import sample
from ntm.core.tests import hostile_files as hostile

pytestmark = pytest.mark.django_db

HOSTILE = [
    ("javascript", hostile.javascript_pdf, "JavaScript"),
    ("hidden-javascript", hostile.hidden_javascript_pdf, "JavaScript"),
    ("launch", hostile.launch_pdf, "Launch"),
    ("embedded", hostile.embedded_file_pdf, "EmbeddedFile"),
    ("xfa", hostile.xfa_pdf, "XFA"),
]


@pytest.mark.parametrize(("name", "make", "word"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_evidence_pdf_with_active_content_is_refused(
    world: Any, name: str, make: Any, word: str
) -> None:
    s = sample(world)
    before = Evidence.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.add_evidence(
            user=world.hamlet_head,
            value=s.hamlet_value,
            upload=SimpleUploadedFile(f"{name}.pdf", make()),
        )
    message = " ".join(exc.value.messages)
    assert word in message and "không được nhận" in message
    assert Evidence.objects.count() == before


def test_clean_pdf_is_stored_and_downloaded_sandboxed(client: Any, world: Any) -> None:
    s = sample(world)
    evidence = services.add_evidence(
        user=world.hamlet_head,
        value=s.hamlet_value,
        upload=SimpleUploadedFile("bien-ban.pdf", hostile.minimal_pdf()),
    )
    client.force_login(world.hamlet_head)
    response = client.get(reverse("assessments:evidence_file", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


def test_photo_field_refuses_a_pdf(client: Any, world: Any) -> None:
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
            "photo": SimpleUploadedFile("anh.jpg", hostile.minimal_pdf()),
        },
    )
    assert response.status_code == 200
    assert "Chỉ nhận ảnh JPEG, PNG hoặc WebP" in response.content.decode()
    assert Evidence.objects.count() == before

"""Issue 21: a signed file carrying JavaScript is refused; attachments are downloaded
sandboxed, never shown inline in the site's origin."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.core.tests import hostile_files as hostile
from ntm.documents import services
from ntm.documents.tests.conftest import ISSUE_DAY
from ntm.documents.tests.test_views import _plan

pytestmark = pytest.mark.django_db


def test_javascript_pdf_is_refused_and_clean_one_downloads_sandboxed(
    client: Any, world: Any, ubnd_book: Any
) -> None:
    issued = services.issue_document(_plan(world), ISSUE_DAY, world.officer)
    client.force_login(world.officer)
    url = reverse("documents:attach", args=[issued.pk])
    active = SimpleUploadedFile("ban-ky.pdf", hostile.javascript_pdf())
    response = client.post(url, {"kind": "signed", "file": active})
    assert response.status_code == 200
    assert "JavaScript" in response.content.decode() and not issued.attachments.exists()
    clean = SimpleUploadedFile("ban-ky.pdf", hostile.minimal_pdf())
    assert client.post(url, {"kind": "signed", "file": clean}).status_code == 302
    item = issued.attachments.get()
    download = client.get(reverse("documents:attachment", args=[issued.pk, item.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in download["Content-Security-Policy"]
    assert download["X-Content-Type-Options"] == "nosniff"


def test_register_lists_recipients_without_doubled_semicolons(
    client: Any, world: Any, ubnd_book: Any
) -> None:
    from ntm.core.templatetags.vn import danh_sach

    assert danh_sach(["- TT Đảng ủy xã (b/c);", "CT, các Phó CT UBND xã;", "Lưu: VT."]) == (
        "TT Đảng ủy xã (b/c); CT, các Phó CT UBND xã; Lưu: VT"
    )
    issued = services.issue_document(_plan(world), ISSUE_DAY, world.officer)
    type(issued).objects.filter(pk=issued.pk).update(
        distribution=["Như trên;", "TT Đảng ủy xã (b/c);", "Lưu: VT."]
    )
    client.force_login(world.officer)
    page = client.get(reverse("documents:register")).content.decode()
    assert "TT Đảng ủy xã (b/c); Lưu: VT" in page and ";;" not in page
    detail = client.get(reverse("documents:detail", args=[issued.pk])).content.decode()
    assert ";;" not in detail

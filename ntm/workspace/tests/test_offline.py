"""The offline outbox replayed through the screens: saved once, refused with a reason, or a
conflict kept for the reviewer (issue 19)."""

from __future__ import annotations

import gzip
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.assessments.models import Evidence, IndicatorValue
from ntm.assessments.tests.factories import jpeg_bytes, sample
from ntm.core import clock
from ntm.mobilisation.models import Contribution
from ntm.mobilisation.services import load_funding_sources, source
from ntm.workspace.models import ConflictStatus, OutboxReceipt, SyncConflict
from ntm.workspace.offline_views import KEEP_PREFIX, kept_exact

pytestmark = pytest.mark.django_db
STATIC = Path(__file__).resolve().parents[2] / "static"
WORKSPACE_STATIC = Path(__file__).resolve().parents[1] / "static" / "workspace"


def _item(world: Any, s: Any, **fields: Any) -> dict[str, Any]:
    url = reverse("assessments:value_entry", args=[world.hamlet.pk, s.hamlet_indicator.pk, 2024])
    data = {
        "_outbox_id": str(uuid.uuid4()),
        "_outbox_url": url,
        "_outbox_version": "1",
        "_outbox_user": str(world.hamlet_head.pk),
        "_outbox_saved_at": "2024-10-15T08:00:00Z",
        "period": s.hamlet_value.period_id,
        "version": s.hamlet_value.version,
        "numerator": "60",
        "denominator": "100",
        "gui": "1",
    }
    data.update(fields)
    return data


def _send(client: Any, data: dict[str, Any]) -> dict[str, Any]:
    response = client.post(reverse("workspace:sync_item"), data)
    assert response.status_code == 200, response.content[:300]
    result: dict[str, Any] = response.json()
    return result


def test_replaying_the_same_item_twice_saves_once(client: Any, world: Any) -> None:
    s = sample(world)
    client.force_login(world.hamlet_head)
    evidence_before = Evidence.objects.filter(value=s.hamlet_value).count()
    data = _item(world, s, photo=SimpleUploadedFile("anh.jpg", jpeg_bytes(), "image/jpeg"))
    first = _send(client, data)
    assert first["status"] == "saved"
    s.hamlet_value.refresh_from_db()
    assert s.hamlet_value.numerator == 60
    assert s.hamlet_value.status == "submitted"
    version = s.hamlet_value.version
    data["photo"] = SimpleUploadedFile("anh.jpg", jpeg_bytes(), "image/jpeg")
    second = _send(client, data)
    assert second["status"] == "saved" and second["duplicate"] is True
    s.hamlet_value.refresh_from_db()
    assert s.hamlet_value.version == version
    assert Evidence.objects.filter(value=s.hamlet_value).count() == evidence_before + 1
    assert OutboxReceipt.objects.filter(client_id=data["_outbox_id"]).count() == 1
    # Audited like the screen: the history row names the hamlet head.
    assert s.hamlet_value.history.first().history_user == world.hamlet_head


def test_refused_item_gives_the_reason_and_stores_nothing(client: Any, world: Any) -> None:
    s = sample(world)
    client.force_login(world.hamlet_head)
    data = _item(world, s, numerator="nhiều lắm")
    answer = _send(client, data)
    assert answer["status"] == "refused"
    assert answer["errors"] and "Chưa lưu được" in answer["message"]
    assert "Tử số: " in answer["message"]  # names the field, in Vietnamese
    assert not OutboxReceipt.objects.filter(client_id=data["_outbox_id"]).exists()
    s.hamlet_value.refresh_from_db()
    assert s.hamlet_value.numerator == 50
    # Corrected and sent again under the same id, it is saved.
    data["numerator"] = "61"
    assert _send(client, data)["status"] == "saved"


def test_stale_item_becomes_a_conflict_and_overwrites_nothing(client: Any, world: Any) -> None:
    s = sample(world)
    client.force_login(world.hamlet_head)
    stale = _item(world, s, numerator="70", note="Ghi lúc mất sóng")
    # Meanwhile the officer changes the value on the server.
    client.force_login(world.officer)
    newer = _item(world, s, numerator="55")
    newer["_outbox_user"] = str(world.officer.pk)
    assert _send(client, newer)["status"] == "saved"
    client.force_login(world.hamlet_head)
    answer = _send(client, stale)
    assert answer["status"] == "conflict"
    assert "Không ghi đè" in answer["message"]
    s.hamlet_value.refresh_from_db()
    assert s.hamlet_value.numerator == 55
    conflict = SyncConflict.objects.get(receipt__client_id=stale["_outbox_id"])
    assert conflict.unit == world.hamlet and conflict.status == ConflictStatus.OPEN
    assert conflict.fields["numerator"] == ["70"]
    assert any(row[1] != row[2] for row in conflict.changes)
    # A second sync of the same item records nothing more.
    assert _send(client, stale)["status"] == "conflict"
    assert SyncConflict.objects.filter(receipt__client_id=stale["_outbox_id"]).count() == 1
    # The reviewer sees both versions and applies the phone's.
    client.force_login(world.officer)
    page = client.get(reverse("workspace:conflicts")).content.decode()
    assert "Ghi lúc mất sóng" in page and "Dùng bản gửi từ máy" in page
    response = client.post(
        reverse("workspace:conflict_decide", args=[conflict.pk]), {"quyet_dinh": "dung"}
    )
    assert response.status_code == 302
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.APPLIED and conflict.resolved_by == world.officer
    s.hamlet_value.refresh_from_db()
    assert s.hamlet_value.numerator == 70


def test_hamlet_head_cannot_decide_a_conflict(client: Any, world: Any) -> None:
    s = sample(world)
    client.force_login(world.officer)
    newer = _item(world, s, numerator="55")
    newer["_outbox_user"] = str(world.officer.pk)
    _send(client, newer)
    client.force_login(world.hamlet_head)
    _send(client, _item(world, s, numerator="70"))
    conflict = SyncConflict.objects.get()
    response = client.post(
        reverse("workspace:conflict_decide", args=[conflict.pk]), {"quyet_dinh": "dung"}
    )
    assert response.status_code == 403
    assert IndicatorValue.objects.get(pk=s.hamlet_value.pk).numerator == 55


def test_outside_scope_and_other_screens_are_refused(client: Any, world: Any) -> None:
    s = sample(world)
    client.force_login(world.hamlet_head2)  # Bưng Chàm's head, An Lợi's indicator
    data = _item(world, s)
    data["_outbox_user"] = str(world.hamlet_head2.pk)
    assert _send(client, data)["status"] == "refused"
    data = _item(world, s, _outbox_url=reverse("accounts:password_change"))
    data["_outbox_user"] = str(world.hamlet_head2.pk)
    assert _send(client, data)["status"] == "refused"
    s.hamlet_value.refresh_from_db()
    assert s.hamlet_value.numerator == 50


def test_item_of_another_account_is_refused(client: Any, world: Any) -> None:
    s = sample(world)
    client.force_login(world.officer)
    assert _send(client, _item(world, s))["status"] == "refused"  # saved by the hamlet head


def test_lapsed_session_answers_401_not_a_redirect(client: Any, world: Any) -> None:
    s = sample(world)
    response = client.post(reverse("workspace:sync_item"), _item(world, s))
    assert response.status_code == 401
    assert "Đăng nhập lại" in response.json()["message"]


def test_offline_pages_list_the_hamlet_forms(client: Any, world: Any) -> None:
    s = sample(world)
    client.force_login(world.hamlet_head)
    with clock.pinned(date(2024, 10, 15)):
        data = client.get(reverse("workspace:offline_pages")).json()
    assert data["user"] == world.hamlet_head.pk and data["csrf"]
    entry = reverse("assessments:value_entry", args=[world.hamlet.pk, s.hamlet_indicator.pk, 2024])
    assert entry in data["pages"]
    other = reverse("assessments:value_entry", args=[world.hamlet2.pk, s.hamlet_indicator.pk, 2024])
    assert other not in data["pages"]
    for url in data["pages"]:
        assert client.get(url).status_code == 200, url
        # The service worker keeps exactly these field pages, and no directory or ledger.
        assert url in kept_exact() or any(url.startswith(p) for p in KEEP_PREFIX), url
    sw = client.get("/sw.js").content.decode()
    assert '"/danh-gia/don-vi/"' in sw
    assert reverse("accounts:person_list") not in sw


def test_service_worker_and_manifest(client: Any) -> None:
    sw = client.get("/sw.js")
    assert sw.status_code == 200
    assert sw["Content-Type"].startswith("text/javascript")
    assert sw["Service-Worker-Allowed"] == "/" and "no-cache" in sw["Cache-Control"]
    assert "storage.googleapis" not in sw.content.decode()
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["start_url"] == "/" and manifest["lang"] == "vi"
    assert any(icon["sizes"] == "512x512" for icon in manifest["icons"])


def test_offline_shell_stays_under_50_kb_compressed() -> None:
    files = [
        *(STATIC / "vendor" / "workbox").glob("*.js"),
        WORKSPACE_STATIC / "outbox.js",
        WORKSPACE_STATIC / "offline.js",
    ]
    total = sum(len(gzip.compress(f.read_bytes())) for f in files)
    assert len(files) >= 8
    assert total <= 50 * 1024, total


def test_two_offline_contributions_from_one_cached_form_are_two_rows(
    client: Any, world: Any
) -> None:
    load_funding_sources()
    client.force_login(world.hamlet_head)
    base = {
        "_outbox_url": reverse("mobilisation:contribution_new"),
        "_outbox_version": "1",
        "_outbox_user": str(world.hamlet_head.pk),
        "unit": world.hamlet.pk,
        "kind": "land",
        "source": source("dan-dong-gop").pk,
        "date": "2024-04-22",
        "contributor_kind": "household",
        "contributor_name": "Hộ ông Lâm Văn Được",
        "quantity": "70",
        "description": "Hiến đất làm đường",
    }
    first_id, second_id = str(uuid.uuid4()), str(uuid.uuid4())
    # The phone gives every item its own once-only token (the cached form's token is shared).
    first = {**base, "_outbox_id": first_id, "form_token": f"hop-thu-{first_id}"}
    second = {**base, "_outbox_id": second_id, "form_token": f"hop-thu-{second_id}"}
    answer = _send(client, first)
    assert answer["status"] == "saved", answer
    assert _send(client, second)["status"] == "saved"
    assert _send(client, first)["duplicate"] is True
    assert Contribution.objects.filter(unit=world.hamlet).count() == 2


def test_reviewer_keeps_the_server_value(client: Any, world: Any) -> None:
    s = sample(world)
    client.force_login(world.officer)
    newer = _item(world, s, numerator="55")
    newer["_outbox_user"] = str(world.officer.pk)
    _send(client, newer)
    client.force_login(world.hamlet_head)
    _send(client, _item(world, s, numerator="70"))
    conflict = SyncConflict.objects.get()
    client.force_login(world.officer)
    client.post(reverse("workspace:conflict_decide", args=[conflict.pk]), {"quyet_dinh": "giu"})
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.KEPT and conflict.resolved_by == world.officer
    assert conflict.fields["numerator"] == ["70"]  # the phone's version is kept, not applied
    assert IndicatorValue.objects.get(pk=s.hamlet_value.pk).numerator == 55
    assert conflict.history.count() == 2  # recorded, then decided: audited

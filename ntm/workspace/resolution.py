"""A reviewer decides a sync conflict: keep the server's value, or apply the phone's version.

Applying replays the phone's fields through the same screen view, on top of the value as it is
now (its current version), so the screen's validation, permission and audit apply again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from ntm.workspace.models import ConflictStatus, SyncConflict

# Labels of the offline forms' fields, for showing what the phone sent.
LABELS = {
    "period": "Kỳ số liệu",
    "number": "Giá trị",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "boolean": "Kết quả",
    "choice": "Mức đạt",
    "text": "Nội dung",
    "note": "Ghi chú",
    "caption": "Mô tả minh chứng",
    "link": "Đường dẫn minh chứng",
    "title": "Tiêu đề",
    "description": "Mô tả",
    "amount": "Số tiền",
}
BOOLEAN = {"1": "Đạt", "0": "Chưa đạt"}


def readable_fields(conflict: SyncConflict) -> list[tuple[str, str]]:
    rows = []
    for key, label in LABELS.items():
        values = [v for v in conflict.fields.get(key, []) if v]
        if key == "period":
            continue  # shown by the changes table and the title
        if values:
            text = ", ".join(BOOLEAN.get(v, v) if key == "boolean" else v for v in values)
            rows.append((label, text))
    return rows


def close(conflict: SyncConflict, *, user: Any, status: str) -> None:
    conflict.status = status
    conflict.resolved_by = user
    conflict.resolved_at = timezone.now()
    conflict.save(update_fields=["status", "resolved_by", "resolved_at"])


def _call(request: HttpRequest, match: Any) -> Any:
    return match.func(request, *match.args, **match.kwargs)


def apply(request: HttpRequest, conflict: SyncConflict) -> str:
    """Replay the phone's version on the current value; '' when saved, else the reason."""
    from ntm.workspace.offline import _new_messages, _queued, _ScreenReader

    try:
        match = resolve(conflict.url)
    except Resolver404:
        return "Màn hình của mục này không còn."
    period = (conflict.fields.get("period") or [""])[0]
    request.method = "GET"
    request.GET = QueryDict(f"ky={period}" if period else "")
    request.POST = QueryDict()  # type: ignore[assignment]
    request._files = MultiValueDict()  # type: ignore[attr-defined]
    before = _queued(request)
    current = _call(request, match)
    _new_messages(request, before)
    reader = _ScreenReader()
    reader.feed(current.content.decode("utf-8", "replace"))
    data = QueryDict(mutable=True)
    for key, values in conflict.fields.items():
        if key != "version":
            data.setlist(key, values)
    data["version"] = reader.version
    files: MultiValueDict[str, Any] = MultiValueDict()
    if conflict.attachment and conflict.attachment_field:
        with conflict.attachment.open("rb") as handle:
            content = handle.read()
        name = conflict.attachment.name.rsplit("/", 1)[-1]
        files[conflict.attachment_field] = SimpleUploadedFile(name, content, "image/jpeg")
    request.method = "POST"
    request.POST = data  # type: ignore[assignment]
    request._files = files  # type: ignore[attr-defined]
    with transaction.atomic():
        before = _queued(request)
        response = _call(request, match)
        said = _new_messages(request, before)
        problems = [text for level, text in said if level >= messages.WARNING]
        if 300 <= response.status_code < 400 and not problems:
            close(conflict, user=request.user, status=ConflictStatus.APPLIED)
            return ""
        transaction.set_rollback(True)
    reader = _ScreenReader()
    reader.feed(response.content.decode("utf-8", "replace"))
    if reader.stale:
        return "Số liệu vừa thay đổi thêm một lần nữa; tải lại trang và xem lại."
    errors = [" ".join(e.split()) for e in reader.errors if e.strip()] + problems
    return "Không dùng được bản gửi từ máy: " + (" ".join(errors) or "dữ liệu không hợp lệ.")

"""Replaying a phone's offline outbox through the screens' own views.

An item is one form the hamlet head saved without a signal: the screen's URL, its fields and
photo, a UUID made on the phone and the form's version. The item is posted to the very view
that serves the screen, so validation, scope, permissions and audit are exactly the screens'.
The answer per item is one of:

- ``saved``: the view accepted it (the receipt makes a replay of the same UUID a no-op);
- ``refused``: the view refused it; the Vietnamese reason goes back and nothing is stored, the
  phone keeps the item for correction;
- ``conflict``: the value changed on the server since the form was loaded (the view's
  optimistic lock refused a stale edit); nothing is overwritten, both versions are kept in a
  :class:`SyncConflict` for the reviewer.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, QueryDict
from django.urls import Resolver404, resolve

from ntm.workspace.models import ConflictStatus, OutboxReceipt, OutcomeStatus, SyncConflict

# The screens a hamlet head can fill in offline (URL names); anything else is refused.
OFFLINE_VIEWS = frozenset(
    {
        "assessments:value_entry",
        "mobilisation:contribution_new",
        "mobilisation:outreach_new",
        "plans:obstacle_create",
    }
)
# Form fields of the outbox envelope, not of the screen's form.
ENVELOPE = ("_outbox_id", "_outbox_url", "_outbox_version", "_outbox_user", "_outbox_saved_at")
REFUSED = "refused"


@dataclass
class Answer:
    status: str
    message: str
    duplicate: bool = False
    errors: list[str] = field(default_factory=list)

    def as_json(self, client_id: str) -> dict[str, Any]:
        return {
            "id": client_id,
            "status": self.status,
            "message": self.message,
            "errors": self.errors,
            "duplicate": self.duplicate,
        }


class _ScreenReader(HTMLParser):
    """Reads what a re-rendered form says: its error lists and the stale-edit table."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.errors: list[str] = []
        self.stale = False
        self.stale_title = ""
        self.changes: list[list[str]] = []
        self._depth_error = 0
        self._in_li = False
        self._in_stale = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_strong = False
        self._in_title = False
        self._in_label = False
        self._label = ""
        self.title = ""
        self.version = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "input" and attributes.get("name") == "version":
            self.version = attributes.get("value") or ""
        elif tag == "ul" and "errorlist" in (attributes.get("class") or "").split():
            self._depth_error += 1
        elif tag == "li" and self._depth_error:
            self._in_li = True
            self.errors.append(f"{self._label}: " if self._label else "")
        elif tag == "div" and "field" in (attributes.get("class") or "").split():
            self._label = ""
        elif tag == "label" and not self._depth_error:
            self._label = ""
            self._in_label = True
        elif tag == "div" and "data-stale" in attributes:
            self.stale = True
            self._in_stale = 1
        elif self._in_stale and tag == "div":
            self._in_stale += 1
        elif self._in_stale and tag == "strong":
            self._in_strong = True
        elif self._in_stale and tag == "tr":
            self._row = []
        elif self._row is not None and tag == "td":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "label":
            self._in_label = False
            self._label = " ".join(self._label.replace("*", "").split())
        elif tag == "ul" and self._depth_error:
            self._depth_error -= 1
        elif tag == "li":
            self._in_li = False
        elif tag == "div" and self._in_stale:
            self._in_stale -= 1
        elif tag == "strong":
            self._in_strong = False
        elif tag == "td" and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if len(self._row) == 3:
                self.changes.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._in_label:
            self._label += data
        if self._in_li and self.errors:
            self.errors[-1] += data
        if self._in_strong:
            self.stale_title += data
        if self._cell is not None:
            self._cell.append(data)


def _new_messages(request: HttpRequest, before: int) -> list[tuple[int, str]]:
    """Messages the replayed view added; taken off the queue (the sync screen shows them)."""
    storage: Any = messages.get_messages(request)
    queued = getattr(storage, "_queued_messages", [])
    added = queued[before:]
    del queued[before:]
    return [(m.level, str(m.message)) for m in added]


def _queued(request: HttpRequest) -> int:
    storage: Any = messages.get_messages(request)
    return len(getattr(storage, "_queued_messages", []))


def _refused(message: str, errors: list[str] | None = None) -> Answer:
    return Answer(REFUSED, message, errors=errors or [])


def _answer_of(receipt: OutboxReceipt) -> Answer:
    return Answer(receipt.status, receipt.message, duplicate=True)


def _screen_fields(request: HttpRequest) -> dict[str, list[str]]:
    return {
        key: request.POST.getlist(key)
        for key in request.POST
        if key not in ENVELOPE and key != "csrfmiddlewaretoken"
    }


def replay(request: HttpRequest) -> Answer:
    """Post one outbox item (the request's POST and FILES) through its screen's view."""
    user: Any = request.user
    raw_id = request.POST.get("_outbox_id", "")
    try:
        client_id = uuid.UUID(raw_id)
    except ValueError:
        return _refused("Mục gửi lên không có mã hợp lệ.")
    owner = request.POST.get("_outbox_user", "")
    if owner and owner != str(request.user.pk):
        return _refused("Mục này được lưu bởi một tài khoản khác, không gửi bằng tài khoản này.")
    existing = OutboxReceipt.objects.filter(client_id=client_id).first()
    if existing is not None:
        if existing.user_id != request.user.pk:
            return _refused("Mục gửi lên không có mã hợp lệ.")
        return _answer_of(existing)
    target = urlsplit(request.POST.get("_outbox_url", ""))
    try:
        match = resolve(target.path)
    except Resolver404:
        return _refused("Màn hình này không nhận dữ liệu gửi từ máy khi mất sóng.")
    if match.view_name not in OFFLINE_VIEWS:
        return _refused("Màn hình này không nhận dữ liệu gửi từ máy khi mất sóng.")

    with transaction.atomic():
        try:
            with transaction.atomic():
                receipt = OutboxReceipt.objects.create(
                    client_id=client_id,
                    user=user,
                    url=target.path[:300],
                    form_version=request.POST.get("_outbox_version", "")[:40],
                    saved_offline_at=request.POST.get("_outbox_saved_at", "")[:40],
                    status=OutcomeStatus.SAVED,
                )
        except IntegrityError:
            receipt = None  # the same item arrived twice at once: the first answer stands
        if receipt is not None:
            answer = _run_view(request, match, target.query, receipt)
            if answer.status == REFUSED:
                transaction.set_rollback(True)
            return answer
    existing = OutboxReceipt.objects.filter(client_id=client_id, user=user).first()
    return _answer_of(existing) if existing else _refused("Mục gửi lên không có mã hợp lệ.")


def _run_view(request: HttpRequest, match: Any, query: str, receipt: OutboxReceipt) -> Answer:
    request.path = request.path_info = receipt.url
    request.GET = QueryDict(query)
    request.resolver_match = match
    before = _queued(request)
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except PermissionDenied:
        return _refused("Bạn không có quyền ghi dữ liệu này.")
    except Http404:
        return _refused("Không tìm thấy nội dung này trong phạm vi của bạn.")
    said = _new_messages(request, before)
    problems = [text for level, text in said if level >= messages.WARNING]
    if 300 <= response.status_code < 400 and not problems:
        receipt.message = "; ".join(text for _, text in said)[:500] or "Đã lưu."
        receipt.save(update_fields=["message"])
        return Answer(OutcomeStatus.SAVED, receipt.message)
    if response.status_code != 200:
        return _refused(" ".join(problems) or "Máy chủ không nhận mục này.")
    reader = _ScreenReader()
    reader.feed(response.content.decode("utf-8", "replace"))
    if reader.stale:
        _record_conflict(request, match, receipt, reader)
        return Answer(OutcomeStatus.CONFLICT, receipt.message)
    errors = [" ".join(e.split()) for e in reader.errors if e.strip()] + problems
    return _refused("Chưa lưu được: " + " ".join(errors) if errors else "Chưa lưu được.", errors)


def _record_conflict(
    request: HttpRequest, match: Any, receipt: OutboxReceipt, reader: _ScreenReader
) -> None:
    message = (
        "Số liệu này đã được người khác thay đổi trong lúc bạn mất sóng. Không ghi đè: "
        "cán bộ xã sẽ xem cả hai bản và quyết định."
    )
    receipt.status = OutcomeStatus.CONFLICT
    receipt.message = message
    receipt.save(update_fields=["status", "message"])
    unit_pk = match.kwargs.get("unit_pk")
    conflict = SyncConflict(
        receipt=receipt,
        unit_id=unit_pk,
        title=" ".join(reader.title.split(" · ")[0].split())[:300] or "Xung đột dữ liệu",
        url=receipt.url,
        fields=_screen_fields(request),
        changes=reader.changes,
        status=ConflictStatus.OPEN,
    )
    for name in request.FILES:
        upload: Any = request.FILES.get(name)
        upload.seek(0)
        conflict.attachment.save(upload.name or "anh.jpg", upload, save=False)
        conflict.attachment_field = name
        break
    conflict.save()

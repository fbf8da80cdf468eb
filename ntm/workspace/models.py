"""Offline outbox on the server side: one receipt per client item, conflicts kept for a person.

Follows ODK: every item a phone saved offline carries a UUID made on the phone; the server
accepts each UUID once and never overwrites a value that changed meanwhile, keeping both
versions for the reviewer (see :mod:`ntm.workspace.offline`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ntm.accounts.querysets import ScopedQuerySet
from ntm.geography.models import AdministrativeUnit


class OutcomeStatus(models.TextChoices):
    SAVED = "saved", "Đã lưu"
    CONFLICT = "conflict", "Xung đột, chờ xem xét"


class OutboxReceipt(models.Model):
    """Biên nhận đồng bộ: the answer given to one offline item, so a replay saves nothing twice."""

    client_id = models.UUIDField("mã mục trên máy", unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="outbox_receipts"
    )
    url = models.CharField("màn hình", max_length=300)
    form_version = models.CharField("phiên bản biểu mẫu", max_length=40, blank=True)
    saved_offline_at = models.CharField("lúc lưu trên máy", max_length=40, blank=True)
    status = models.CharField("kết quả", max_length=10, choices=OutcomeStatus.choices)
    message = models.CharField("thông báo", max_length=500, blank=True)
    received_at = models.DateTimeField("lúc nhận", auto_now_add=True)

    class Meta:
        verbose_name = "biên nhận đồng bộ"
        verbose_name_plural = "biên nhận đồng bộ"

    def __str__(self) -> str:
        return f"{self.client_id} · {self.get_status_display()}"


class ConflictStatus(models.TextChoices):
    OPEN = "open", "Chờ xem xét"
    APPLIED = "applied", "Đã dùng bản gửi từ máy"
    KEPT = "kept", "Đã giữ bản trên máy chủ"


class SyncConflict(models.Model):
    """Xung đột đồng bộ: an offline edit refused because the value changed on the server."""

    receipt = models.OneToOneField(OutboxReceipt, on_delete=models.PROTECT, related_name="conflict")
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sync_conflicts",
        verbose_name="đơn vị",
    )
    title = models.CharField("nội dung", max_length=300)
    url = models.CharField("màn hình", max_length=300)
    fields = models.JSONField("dữ liệu gửi từ máy", default=dict)
    changes = models.JSONField("khác biệt", default=list)
    attachment = models.FileField("ảnh gửi kèm", upload_to="dong-bo/%Y/%m/", blank=True)
    attachment_field = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        "tình trạng", max_length=10, choices=ConflictStatus.choices, default=ConflictStatus.OPEN
    )
    created_at = models.DateTimeField("lúc ghi nhận", auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người xử lý",
    )
    resolved_at = models.DateTimeField("lúc xử lý", null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "xung đột đồng bộ"
        verbose_name_plural = "xung đột đồng bộ"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

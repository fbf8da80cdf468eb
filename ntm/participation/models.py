"""Residents: the public pages and their announcements, feedback (phản ánh, kiến nghị),
community oversight of works, and the satisfaction survey organised by UBMTTQ.

Survey answers carry the hamlet, never the household: the sample list (who was asked) and the
answers (what was said) are two tables with no link between them, so a report cannot tie an
answer to a named household, not even by time (answers keep only the entry date, the sample
list keeps no "answered" mark or time).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ntm.accounts.models import Organisation
from ntm.accounts.querysets import ScopedQuerySet
from ntm.core.models import NormalizedTextModel, VersionedModel
from ntm.criteria.models import Criterion
from ntm.geography.models import AdministrativeUnit
from ntm.mobilisation.models import Work


class PublicPage(NormalizedTextModel, VersionedModel):
    """Trang công khai của một xã: only communes with ``enabled`` are published."""

    unit = models.OneToOneField(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        related_name="public_page",
        verbose_name="xã",
    )
    enabled = models.BooleanField("công khai cho người dân", default=False)
    intro = models.TextField("lời giới thiệu", blank=True)
    contact = models.CharField(
        "nơi tiếp nhận ý kiến",
        max_length=255,
        blank=True,
        help_text="Ví dụ: Bộ phận một cửa UBND xã. Không ghi số điện thoại cá nhân.",
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "trang công khai"
        verbose_name_plural = "trang công khai"

    def __str__(self) -> str:
        return f"Trang công khai {self.unit}"


class Announcement(NormalizedTextModel, VersionedModel):
    """Thông báo công khai của xã hoặc ấp."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        related_name="announcements",
        verbose_name="xã / ấp",
    )
    title = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung")
    date = models.DateField("ngày")
    is_published = models.BooleanField("đăng công khai", default=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"

    def __str__(self) -> str:
        return self.title


class FeedbackKind(models.TextChoices):
    QUESTION = "question", "Hỏi"
    COMPLAINT = "complaint", "Phản ánh"
    SUGGESTION = "suggestion", "Kiến nghị"


class FeedbackStatus(models.TextChoices):
    NEW = "new", "Mới nhận"
    IN_PROGRESS = "in_progress", "Đang xử lý"
    ANSWERED = "answered", "Đã trả lời"
    CLOSED = "closed", "Đã đóng"


class Feedback(NormalizedTextModel, VersionedModel):
    """Phản ánh, kiến nghị của người dân (gửi không cần tài khoản)."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name="xã / ấp",
    )
    work = models.ForeignKey(
        Work,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name="về công trình",
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name="về tiêu chí",
    )
    kind = models.CharField(
        "loại", max_length=20, choices=FeedbackKind.choices, default=FeedbackKind.QUESTION
    )
    text = models.TextField("nội dung")
    name = models.CharField("họ tên người gửi", max_length=150, blank=True)
    phone = models.CharField("điện thoại người gửi (không công khai)", max_length=30, blank=True)
    contact_consent = models.BooleanField(
        "đồng ý để xã lưu tên, số điện thoại để liên hệ", default=False
    )
    received_at = models.DateTimeField("nhận lúc", auto_now_add=True)
    status = models.CharField(
        "tình trạng", max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW
    )
    answer = models.TextField("trả lời", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người trả lời",
    )
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    is_published = models.BooleanField(
        "công khai câu hỏi và trả lời",
        default=False,
        help_text="Câu hỏi được công khai không kèm tên, số điện thoại người gửi.",
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class InspectionStatus(models.TextChoices):
    OPEN = "open", "Đã giám sát, chờ phản hồi"
    RESPONDED = "responded", "Đã có phản hồi, đang khắc phục"
    CLOSED = "closed", "Đã khắc phục, kết thúc"


class InspectionScopedQuerySet(ScopedQuerySet["Inspection"]):
    scope_field = "work__unit"


class Inspection(NormalizedTextModel, VersionedModel):
    """Giám sát đầu tư của cộng đồng: an inspection of a work by the oversight board."""

    work = models.ForeignKey(
        Work, on_delete=models.PROTECT, related_name="inspections", verbose_name="công trình"
    )
    board = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name="Ban giám sát",
    )
    date = models.DateField("ngày giám sát")
    members_present = models.TextField("thành viên tham gia")
    findings = models.TextField("nội dung phát hiện")
    recommendation = models.TextField("kiến nghị", blank=True)
    responsible = models.CharField("đơn vị, người chịu trách nhiệm khắc phục", max_length=255)
    response = models.TextField("phản hồi của đơn vị chịu trách nhiệm", blank=True)
    response_date = models.DateField("ngày phản hồi", null=True, blank=True)
    status = models.CharField(
        "tình trạng",
        max_length=20,
        choices=InspectionStatus.choices,
        default=InspectionStatus.OPEN,
    )
    closed_on = models.DateField("ngày kết thúc", null=True, blank=True)
    closure_note = models.TextField("kết luận khi kết thúc", blank=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = InspectionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "giám sát cộng đồng"
        verbose_name_plural = "giám sát cộng đồng"

    def __str__(self) -> str:
        return f"Giám sát {self.work} ngày {self.date:%d/%m/%Y}"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "Đang chuẩn bị"
    OPEN = "open", "Đang lấy ý kiến"
    FINISHED = "finished", "Đã kết thúc"


class Survey(NormalizedTextModel, VersionedModel):
    """Lấy ý kiến sự hài lòng của người dân (do UBMTTQ xã tổ chức)."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="surveys", verbose_name="xã"
    )
    organiser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="surveys", verbose_name="tổ chức"
    )
    title = models.CharField("tên đợt lấy ý kiến", max_length=255)
    year = models.PositiveSmallIntegerField("năm")
    start_date = models.DateField("từ ngày", null=True, blank=True)
    end_date = models.DateField("đến ngày", null=True, blank=True)
    status = models.CharField(
        "tình trạng", max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    online = models.BooleanField("cho phép trả lời trực tuyến trên trang công khai", default=False)
    threshold_percent = models.DecimalField(
        "ngưỡng tỷ lệ hài lòng (%)", max_digits=5, decimal_places=2, default=Decimal("90")
    )
    threshold_verified = models.BooleanField(
        "ngưỡng đã đối chiếu văn bản",
        default=False,
        help_text="Chỉ đánh dấu khi đã đối chiếu văn bản đã ký; nếu không, kết quả ghi “chưa đối chiếu”.",
    )
    threshold_source = models.CharField("căn cứ của ngưỡng", max_length=255, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = "đợt lấy ý kiến sự hài lòng"
        verbose_name_plural = "lấy ý kiến sự hài lòng"

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """Taking answers now (the online form is shown only then)."""
        return self.status == SurveyStatus.OPEN


class SurveyChildScopedQuerySet(ScopedQuerySet[Any]):
    scope_field = "survey__unit"


class SurveyContent(NormalizedTextModel):
    """Một nội dung được hỏi (câu hỏi), e.g. 'Kết quả xây dựng giao thông'."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="contents", verbose_name="đợt lấy ý kiến"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    text = models.CharField("nội dung hỏi", max_length=255)
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tiêu chí liên quan",
    )

    history = HistoricalRecords()
    objects = SurveyChildScopedQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "order", "id"]
        verbose_name = "nội dung lấy ý kiến"
        verbose_name_plural = "nội dung lấy ý kiến"

    def __str__(self) -> str:
        return self.text


class SurveySample(NormalizedTextModel):
    """Hộ được chọn hỏi ý kiến (danh sách mẫu): private; never linked to answers."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="samples", verbose_name="đợt lấy ý kiến"
    )
    hamlet = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name="ấp"
    )
    code = models.CharField("mã phiếu", max_length=30)
    household = models.CharField("chủ hộ", max_length=150)

    history = HistoricalRecords()
    objects = SurveyChildScopedQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "hamlet__path", "code"]
        verbose_name = "hộ được chọn"
        verbose_name_plural = "danh sách hộ được chọn"
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="unique_sample_code")
        ]

    def __str__(self) -> str:
        return self.code


class ResponseChannel(models.TextChoices):
    PAPER = "paper", "Phiếu giấy"
    ONLINE = "online", "Trực tuyến"


class SurveyResponse(models.Model):
    """Một phiếu trả lời: only the hamlet and the channel; no household, no time of day."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name="đợt lấy ý kiến"
    )
    hamlet = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name="ấp"
    )
    channel = models.CharField("hình thức", max_length=10, choices=ResponseChannel.choices)
    entered_on = models.DateField("ngày nhập")

    objects = SurveyChildScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "phiếu trả lời"
        verbose_name_plural = "phiếu trả lời"
        indexes = [models.Index(fields=["survey", "hamlet"])]

    def __str__(self) -> str:
        return f"Phiếu {self.get_channel_display().lower()} – {self.hamlet}"


class SurveyAnswer(models.Model):
    """Ý kiến về một nội dung trong một phiếu: hài lòng hay chưa hài lòng."""

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name="phiếu"
    )
    content = models.ForeignKey(
        SurveyContent, on_delete=models.CASCADE, related_name="answers", verbose_name="nội dung"
    )
    satisfied = models.BooleanField("hài lòng")

    class Meta:
        verbose_name = "ý kiến"
        verbose_name_plural = "ý kiến"
        constraints = [
            models.UniqueConstraint(fields=["response", "content"], name="one_answer_per_content")
        ]

    def __str__(self) -> str:
        return "Hài lòng" if self.satisfied else "Chưa hài lòng"

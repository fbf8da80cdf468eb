"""Periodic reporting: who must report what by when (rules as data), the cycles of a commune,
each reporter's submission with its review, and the commune's compiled report.

"Thực hiện chế độ báo cáo định kỳ (quý, 6 tháng, 9 tháng, năm) và đột xuất": deadlines and
reporters are rows an administrator edits, not code.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ntm.accounts.models import CommitteeMember, Organisation
from ntm.accounts.querysets import ScopedQuerySet
from ntm.core import clock
from ntm.core.models import NormalizedTextModel, VersionedModel
from ntm.criteria.models import Period, PeriodKind
from ntm.documents.models import Document
from ntm.geography.models import AdministrativeUnit
from ntm.reports import rules


class ReporterKind(models.TextChoices):
    MEMBER = "member", "Thành viên BCĐ (các tiêu chí được phân công)"
    HAMLET = "hamlet", "Trưởng ấp (sóc)"
    ORGANISATION = "organisation", "UBMTTQ và các tổ chức chính trị - xã hội"
    COMMUNE = "commune", "UBND xã (báo cáo cấp trên)"


class ReportingRule(VersionedModel):
    """Chế độ báo cáo: for a period kind, who reports and how many days after the period ends.

    A rule set at a province applies to every commune below it; a commune may have its own.
    """

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="+", verbose_name="áp dụng cho"
    )
    period_kind = models.ForeignKey(PeriodKind, on_delete=models.PROTECT, verbose_name="loại kỳ")
    reporter_kind = models.CharField("người báo cáo", max_length=20, choices=ReporterKind.choices)
    days_after_period_end = models.SmallIntegerField(
        "hạn nộp (số ngày sau khi hết kỳ)",
        help_text="Âm nếu phải nộp trước ngày cuối kỳ (ví dụ -5: trước 5 ngày).",
    )
    active = models.BooleanField("đang áp dụng", default=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "period_kind__order", "reporter_kind"]
        verbose_name = "chế độ báo cáo"
        verbose_name_plural = "chế độ báo cáo"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_kind", "reporter_kind"], name="one_rule_per_reporter_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_kind} – {self.get_reporter_kind_display()} – {self.days_after_period_end:+d} ngày"

    def deadline_for(self, period: Period) -> dt.date:
        return period.end + dt.timedelta(days=self.days_after_period_end)


class ReportCycle(NormalizedTextModel):
    """Kỳ báo cáo của một xã (Báo cáo 9 tháng năm 2024), or an ad hoc report (đột xuất)."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        related_name="report_cycles",
        verbose_name="xã",
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, verbose_name="kỳ")
    title = models.CharField("tên báo cáo", max_length=255)
    subject = models.TextField("nội dung yêu cầu (báo cáo đột xuất)", blank=True)
    deadline = models.DateField("hạn báo cáo cấp trên")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="người mở kỳ",
    )
    opened_at = models.DateTimeField("mở lúc", auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-period__year", "-period__end", "unit"]
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="one_cycle_per_period")
        ]

    def __str__(self) -> str:
        return self.title


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", "Chưa nộp"
    SUBMITTED = "submitted", "Đã nộp, chờ duyệt"
    RETURNED = "returned", "Bị trả lại"
    APPROVED = "approved", "Đã duyệt"


class Submission(NormalizedTextModel, VersionedModel):
    """Báo cáo của một người/đơn vị trong một kỳ: pre-filled from ntm, plus the narrative."""

    cycle = models.ForeignKey(
        ReportCycle, on_delete=models.CASCADE, related_name="submissions", verbose_name="kỳ báo cáo"
    )
    reporter_kind = models.CharField("người báo cáo", max_length=20, choices=ReporterKind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="đơn vị báo cáo",
    )
    member = models.ForeignKey(
        CommitteeMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="thành viên BCĐ",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, verbose_name="tổ chức"
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người chịu trách nhiệm",
    )
    # "member:12", "organisation:5", "hamlet:34", "commune:7": who this is, unique per cycle.
    reporter_key = models.CharField(max_length=40, editable=False)
    deadline = models.DateField("hạn nộp")
    status = models.CharField(
        "trạng thái",
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
    )
    prefill = models.JSONField("số liệu tự động", default=dict, blank=True)
    results = models.TextField("kết quả đạt được", blank=True)
    shortcomings = models.TextField("tồn tại, hạn chế", blank=True)
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    next_tasks = models.TextField("nhiệm vụ kỳ tới", blank=True)
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    submitted_on = models.DateField("ngày nộp", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nộp",
    )
    times_returned = models.PositiveSmallIntegerField("số lần bị trả lại", default=0)
    return_reason = models.TextField("lý do trả lại", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người xem xét",
    )
    approved_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người duyệt",
    )
    reopen_reason = models.TextField("lý do mở lại", blank=True)

    history = HistoricalRecords(excluded_fields=["version", "prefill"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "reporter_kind", "unit__path", "id"]
        verbose_name = "báo cáo của thành viên, ấp, tổ chức"
        verbose_name_plural = "báo cáo của thành viên, ấp, tổ chức"
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "reporter_key"], name="one_submission_per_reporter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} – {self.reporter_label}"

    @property
    def reporter_label(self) -> str:
        if self.member_id:
            return f"{self.member.person.full_name} ({self.member.sector or 'thành viên BCĐ'})"  # type: ignore[union-attr]
        if self.organisation_id:
            return str(self.organisation)
        return self.unit.display_name

    def is_late(self, today: dt.date | None = None) -> bool:
        """Late: submitted after the deadline, or still not submitted once the deadline passed."""
        return rules.is_late(
            self.deadline,
            self.submitted_on,
            today or clock.today(),
            approved=self.status == SubmissionStatus.APPROVED,
        )

    @property
    def awaiting_reporter(self) -> bool:
        """Still the reporter's move: not submitted yet, or returned for correction."""
        return self.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)

    @property
    def is_overdue(self) -> bool:
        """The deadline has passed and the reporter still has to act (as of today)."""
        return rules.is_overdue(
            self.deadline, clock.today(), awaiting_reporter=self.awaiting_reporter
        )

    @property
    def is_returned(self) -> bool:
        return self.status == SubmissionStatus.RETURNED

    @property
    def is_submitted(self) -> bool:
        """Submitted and waiting for review."""
        return self.status == SubmissionStatus.SUBMITTED

    @property
    def is_approved(self) -> bool:
        return self.status == SubmissionStatus.APPROVED


class CommuneReportQuerySet(ScopedQuerySet["CommuneReport"]):
    scope_field = "cycle__unit"


class CommuneReport(NormalizedTextModel, VersionedModel):
    """Báo cáo của xã for a cycle: tables generated from approved data, narrative editable."""

    cycle = models.OneToOneField(
        ReportCycle,
        on_delete=models.CASCADE,
        related_name="commune_report",
        verbose_name="kỳ báo cáo",
    )
    results = models.TextField("kết quả đạt được", blank=True)
    shortcomings = models.TextField("tồn tại, hạn chế", blank=True)
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    next_tasks = models.TextField("nhiệm vụ kỳ tới", blank=True)
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="văn bản trong sổ",
    )
    sent_on = models.DateField("ngày gửi cấp trên", null=True, blank=True)
    sent_to = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="gửi đến",
    )
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tổng hợp",
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = CommuneReportQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo của xã"
        verbose_name_plural = "báo cáo của xã"

    def __str__(self) -> str:
        return f"{self.cycle}"

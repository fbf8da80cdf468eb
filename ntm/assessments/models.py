"""What units commit to (registrations), what they reached (values with evidence), and the
precomputed evaluation of each indicator and criterion.

Evaluation results are stored rows, recomputed explicitly by the services that change a value,
a target or a flag (never in ``save()`` or signals), so scorecards read one table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ntm.accounts.querysets import ScopedQuerySet
from ntm.assessments import rules
from ntm.core.models import VersionedModel
from ntm.criteria.models import CriteriaSet, Criterion, Indicator, Period, Target
from ntm.geography.models import AdministrativeUnit


class Status(models.TextChoices):
    """Evaluation status (the words on every scorecard)."""

    MET = "dat", "Đạt"
    NOT_MET = "chua_dat", "Chưa đạt"
    NOT_SUSTAINABLE = "chua_ben_vung", "Đạt nhưng chưa bền vững"
    NO_TARGET = "chua_co_nguong", "Chưa có ngưỡng"
    NO_DATA = "chua_co_so_lieu", "Chưa có số liệu"


class ValueStatus(models.TextChoices):
    DRAFT = "draft", "Nháp"
    SUBMITTED = "submitted", "Đã gửi"
    APPROVED = "approved", "Đã duyệt"
    RETURNED = "returned", "Bị trả lại"


class Basis(models.TextChoices):
    """What an indicator's result rests on (``rules.target_basis``)."""

    VERIFIED = "verified", "Ngưỡng đã đối chiếu văn bản"
    ILLUSTRATIVE = "illustrative", "Ngưỡng minh họa"
    MISSING = "missing", "Chưa có ngưỡng"


class SetRegistration(models.Model):
    """Đăng ký mục tiêu: a unit aims at a criteria set in a year (Tân Lợi → NTM nâng cao, 2024)."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        related_name="set_registrations",
        verbose_name="đơn vị",
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, verbose_name="bộ tiêu chí"
    )
    year = models.PositiveSmallIntegerField("năm")
    note = models.TextField("ghi chú", blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "year"]
        verbose_name = "đăng ký mục tiêu"
        verbose_name_plural = "đăng ký mục tiêu"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "criteria_set", "year"], name="unique_set_registration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.criteria_set} ({self.year})"


class CriterionRegistration(VersionedModel):
    """Đăng ký tiêu chí và lộ trình: the year a unit commits to reach (or consolidate) a criterion."""

    class Intent(models.TextChoices):
        REACH = "reach", "Phấn đấu đạt"
        CONSOLIDATE = "consolidate", "Củng cố, nâng chất (đã đạt)"

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        related_name="criterion_registrations",
        verbose_name="đơn vị",
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, verbose_name="tiêu chí")
    target_year = models.PositiveSmallIntegerField("năm phấn đấu đạt")
    intent = models.CharField(
        "mục tiêu", max_length=20, choices=Intent.choices, default=Intent.REACH
    )
    solution = models.TextField("giải pháp chính", blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name="người đăng ký",
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "target_year", "criterion__number"]
        verbose_name = "đăng ký tiêu chí"
        verbose_name_plural = "đăng ký tiêu chí (lộ trình)"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "criterion"], name="one_registration_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.criterion} ({self.target_year})"


class IndicatorValue(VersionedModel):
    """Kết quả, số liệu: one unit × indicator × period, typed by the indicator's kind."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        related_name="indicator_values",
        verbose_name="đơn vị",
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name="chỉ tiêu"
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, verbose_name="kỳ")
    number = models.DecimalField("giá trị", max_digits=18, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField("tử số", max_digits=18, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(
        "mẫu số", max_digits=18, decimal_places=4, null=True, blank=True
    )
    boolean = models.BooleanField("đạt/có", null=True, blank=True)
    choice = models.CharField("mức", max_length=200, blank=True)
    text = models.TextField("nội dung", blank=True)
    note = models.TextField("ghi chú", blank=True)
    status = models.CharField(
        "trạng thái", max_length=20, choices=ValueStatus.choices, default=ValueStatus.DRAFT
    )
    locked = models.BooleanField(
        "đã khóa", default=False, help_text="Khóa khi báo cáo của kỳ đã được duyệt."
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhập",
    )
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người duyệt",
    )
    approved_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    return_reason = models.TextField("lý do trả lại", blank=True, db_default="")
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người trả lại",
    )
    returned_at = models.DateTimeField("trả lại lúc", null=True, blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    # A quarterly / 6- / 9-month figure frozen from the year's working value when a periodic
    # report was submitted points at the value it was copied from.
    snapshot_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="snapshots",
        verbose_name="chốt từ số liệu",
    )

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = ScopedQuerySet.as_manager()

    @property
    def is_returned(self) -> bool:
        return self.status == ValueStatus.RETURNED

    class Meta:
        ordering = ["unit", "indicator", "period"]
        verbose_name = "kết quả chỉ tiêu"
        verbose_name_plural = "kết quả chỉ tiêu"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "period"], name="one_value_per_period"
            )
        ]
        indexes = [models.Index(fields=["period", "unit"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} – {self.unit} – {self.period}"


class EvidenceScopedQuerySet(ScopedQuerySet["Evidence"]):
    scope_field = "value__unit"


class Evidence(models.Model):
    """Minh chứng: a file or photo (stored outside the web root under a generated name), or a
    link to a registered document."""

    value = models.ForeignKey(
        IndicatorValue, on_delete=models.CASCADE, related_name="evidence", verbose_name="kết quả"
    )
    file = models.FileField("tệp", upload_to="evidence/%Y/%m/", blank=True, max_length=255)
    thumbnail = models.FileField(
        "ảnh thu nhỏ", upload_to="evidence/thumbs/%Y/%m/", blank=True, max_length=255
    )
    original_name = models.CharField("tên tệp gốc", max_length=255, blank=True)
    content_type = models.CharField("loại tệp", max_length=100, blank=True)
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    caption = models.CharField("mô tả", max_length=255, blank=True)
    link = models.URLField("đường dẫn", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name="người tải lên",
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    history = HistoricalRecords()
    objects = EvidenceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["value", "uploaded_at"]
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"

    def __str__(self) -> str:
        return self.caption or self.original_name or self.link

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class IndicatorResult(models.Model):
    """The evaluation of one indicator for a unit and period (precomputed)."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="+", verbose_name="đơn vị"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="results", verbose_name="chỉ tiêu"
    )
    period = models.ForeignKey(Period, on_delete=models.CASCADE, verbose_name="kỳ")
    value = models.ForeignKey(
        IndicatorValue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target = models.ForeignKey(
        Target, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField("kết quả", max_length=20, choices=Status.choices)
    explanation = models.TextField("giải thích")
    basis = models.CharField(
        "căn cứ",
        max_length=20,
        choices=Basis.choices,
        default=Basis.MISSING,
        db_default=Basis.MISSING,
    )
    requirement = models.CharField("yêu cầu", max_length=255, blank=True, db_default="")
    computed_at = models.DateTimeField("tính lúc", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "đánh giá chỉ tiêu"
        verbose_name_plural = "đánh giá chỉ tiêu"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "period"], name="one_indicator_result"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} – {self.unit}: {self.get_status_display()}"

    @property
    def status_text(self) -> str:
        return rules.status_text(self.status, illustrative=self.basis == Basis.ILLUSTRATIVE)


class CriterionResult(models.Model):
    """The evaluation of one criterion for a unit and period (precomputed): what scorecards read."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="+", verbose_name="đơn vị"
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="results", verbose_name="tiêu chí"
    )
    period = models.ForeignKey(Period, on_delete=models.CASCADE, verbose_name="kỳ")
    status = models.CharField("kết quả", max_length=20, choices=Status.choices)
    explanation = models.TextField("giải thích")
    indicators_met = models.PositiveSmallIntegerField("số chỉ tiêu đạt", default=0)
    indicators_total = models.PositiveSmallIntegerField("tổng số chỉ tiêu", default=0)
    illustrative = models.BooleanField(
        "dựa trên ngưỡng minh họa",
        default=False,
        db_default=False,
        help_text="Ít nhất một chỉ tiêu được đánh giá theo ngưỡng minh họa (chưa đối chiếu).",
    )
    computed_at = models.DateTimeField("tính lúc", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "đánh giá tiêu chí"
        verbose_name_plural = "đánh giá tiêu chí"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "criterion", "period"], name="one_criterion_result"
            )
        ]
        indexes = [models.Index(fields=["period", "unit"])]

    def __str__(self) -> str:
        return f"{self.criterion} – {self.unit}: {self.get_status_display()}"

    @property
    def status_text(self) -> str:
        return rules.status_text(self.status, illustrative=self.illustrative)


class ResultSummary(models.Model):
    """The read model of one unit × criteria set × period: the counts every screen and file
    shows ("Đạt 13/19 tiêu chí, trong đó 2 đạt nhưng chưa bền vững"), computed by
    ``rules.summarize`` from the CriterionResult rows and refreshed by the services that
    recompute them (never in save() or signals)."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="+", verbose_name="đơn vị"
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="+", verbose_name="bộ tiêu chí"
    )
    period = models.ForeignKey(Period, on_delete=models.CASCADE, verbose_name="kỳ")
    met = models.PositiveSmallIntegerField("đạt (gồm cả chưa bền vững)", default=0)
    not_sustainable = models.PositiveSmallIntegerField("đạt nhưng chưa bền vững", default=0)
    not_met = models.PositiveSmallIntegerField("chưa đạt", default=0)
    no_target = models.PositiveSmallIntegerField("chưa có ngưỡng", default=0)
    no_data = models.PositiveSmallIntegerField("chưa có số liệu", default=0)
    total = models.PositiveSmallIntegerField("tổng số tiêu chí", default=0)
    illustrative = models.PositiveSmallIntegerField("đạt theo ngưỡng minh họa", default=0)
    computed_at = models.DateTimeField("tính lúc", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "tổng hợp kết quả"
        verbose_name_plural = "tổng hợp kết quả"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "criteria_set", "period"], name="one_result_summary"
            )
        ]
        indexes = [models.Index(fields=["period", "unit"])]

    def __str__(self) -> str:
        return f"{self.unit} – {self.criteria_set} – {self.period}: {self.met}/{self.total}"

    def as_summary(self, period_label: str = "") -> rules.Summary:
        counts = {
            rules.MET: self.met - self.not_sustainable,
            rules.NOT_SUSTAINABLE: self.not_sustainable,
            rules.NOT_MET: self.not_met,
            rules.NO_TARGET: self.no_target,
            rules.NO_DATA: self.no_data,
        }
        return rules.Summary(
            total=self.total,
            counts={k: v for k, v in counts.items() if v},
            illustrative=self.illustrative,
            period_label=period_label,
        )


class SustainabilityFlag(models.Model):
    """A responsible member flags a met criterion as not yet sustainable, with a reason."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="+", verbose_name="đơn vị"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, verbose_name="tiêu chí")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, verbose_name="kỳ")
    reason = models.TextField("lý do")
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        verbose_name="người đánh giá",
    )
    active = models.BooleanField("đang áp dụng", default=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "đánh giá chưa bền vững"
        verbose_name_plural = "đánh giá chưa bền vững"

    def __str__(self) -> str:
        return f"{self.criterion} – {self.unit}: {self.reason[:50]}"

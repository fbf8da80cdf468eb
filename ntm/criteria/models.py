"""The criteria catalogue as data: programmes, criteria sets, criteria, indicators, targets,
and the periods that values and reports are kept for.

Legal texts change (2022, 2024, 2025, 2026): nothing here is a constant in code. A target
carries its legal source and whether a person has checked it against the signed text; only
verified targets are evaluated automatically.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from simple_history.models import HistoricalRecords

from ntm.core.models import NormalizedTextModel, VersionedModel
from ntm.geography.models import AdministrativeUnit


class Programme(models.Model):
    """Chương trình mục tiêu quốc gia (e.g. xây dựng NTM 2021–2025; the merged 2026–2035 one)."""

    code = models.SlugField("mã", max_length=50, unique=True)
    name = models.CharField("tên chương trình", max_length=255)
    start_year = models.PositiveSmallIntegerField("từ năm")
    end_year = models.PositiveSmallIntegerField("đến năm")
    legal_basis = models.TextField("căn cứ pháp lý", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["start_year", "code"]
        verbose_name = "chương trình MTQG"
        verbose_name_plural = "chương trình MTQG"

    def __str__(self) -> str:
        return self.name


class SetLevel(models.TextChoices):
    COMMUNE = "commune", "Cấp xã"
    HAMLET = "hamlet", "Cấp ấp, thôn (khu dân cư)"


class TargetKeys(models.TextChoices):
    """What the keys of a set's target table mean."""

    REGION = "region", "Theo vùng"
    COMMUNE_GROUP = "commune_group", "Theo nhóm xã"
    COMMUNE_CLASS = "commune_class", "Theo loại xã (đặc biệt khó khăn / còn lại)"
    NONE = "none", "Chung (không phân theo vùng, nhóm)"


class CriteriaSet(NormalizedTextModel, VersionedModel):
    """Bộ tiêu chí, versioned by period and level; national or provincial; with legal basis."""

    code = models.CharField("mã bộ tiêu chí", max_length=80, unique=True)
    name = models.CharField("tên bộ tiêu chí", max_length=400)
    short_name = models.CharField("tên ngắn", max_length=120, blank=True)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, verbose_name="chương trình"
    )
    level = models.CharField("cấp áp dụng", max_length=20, choices=SetLevel.choices)
    period = models.CharField("giai đoạn", max_length=20, help_text="Ví dụ 2021-2025")
    is_provincial = models.BooleanField("bộ tiêu chí của tỉnh", default=False)
    province = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="tỉnh ban hành",
        related_name="criteria_sets",
    )
    extends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extensions",
        verbose_name="bổ sung/điều chỉnh bộ tiêu chí",
        help_text="Bộ tiêu chí của tỉnh mở rộng hoặc thay thế một phần bộ tiêu chí quốc gia.",
    )
    target_keys = models.CharField(
        "ngưỡng phân theo", max_length=20, choices=TargetKeys.choices, default=TargetKeys.REGION
    )
    effective_from = models.DateField("hiệu lực từ", null=True, blank=True)
    effective_to = models.DateField("hiệu lực đến", null=True, blank=True)
    status_note = models.TextField("tình trạng", blank=True)
    completeness_note = models.TextField("mức đầy đủ của dữ liệu", blank=True)
    # Region rules (xã ĐBKK → Trung du miền núi phía Bắc), preconditions (nâng cao requires
    # đạt chuẩn NTM), commune-group definitions, transition: each line says if it was verified.
    rules_note = models.TextField("quy tắc áp dụng, điều kiện", blank=True)
    source_file = models.CharField("tệp dữ liệu nguồn", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=100)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "bộ tiêu chí"
        verbose_name_plural = "bộ tiêu chí"

    def __str__(self) -> str:
        return self.short_name or self.name


class LegalBasis(models.Model):
    """Căn cứ pháp lý of a set: the decision, its date and part, and whether it was verified."""

    criteria_set = models.ForeignKey(
        CriteriaSet,
        on_delete=models.CASCADE,
        related_name="legal_bases",
        verbose_name="bộ tiêu chí",
    )
    document = models.CharField("số, ký hiệu văn bản", max_length=120)
    date = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    title = models.TextField("trích yếu", blank=True)
    part = models.CharField("phần (phụ lục)", max_length=255, blank=True)
    verified = models.BooleanField("đã đối chiếu văn bản gốc", default=False)
    note = models.TextField("ghi chú", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["criteria_set", "order", "id"]
        verbose_name = "căn cứ pháp lý"
        verbose_name_plural = "căn cứ pháp lý"

    def __str__(self) -> str:
        return self.document


class CriterionGroup(models.Model):
    """Nhóm tiêu chí (I. Quy hoạch; II. Hạ tầng kinh tế - xã hội; …)."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="groups", verbose_name="bộ tiêu chí"
    )
    code = models.CharField("mã nhóm", max_length=10)
    name = models.CharField("tên nhóm", max_length=200)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["criteria_set", "order"]
        verbose_name = "nhóm tiêu chí"
        verbose_name_plural = "nhóm tiêu chí"
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="unique_group_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Criterion(models.Model):
    """Tiêu chí, e.g. 'Tiêu chí 17. Môi trường'."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criteria", verbose_name="bộ tiêu chí"
    )
    group = models.ForeignKey(
        CriterionGroup, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="nhóm"
    )
    number = models.PositiveSmallIntegerField("số thứ tự")
    name = models.CharField("tên tiêu chí", max_length=255)
    name_verified = models.BooleanField("tên đã đối chiếu", default=False)
    sector = models.CharField(
        "ngành phụ trách (theo văn bản hướng dẫn)", max_length=400, blank=True
    )
    sector_verified = models.BooleanField("ngành phụ trách đã đối chiếu", default=False)
    note = models.TextField("ghi chú", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["criteria_set", "number"]
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"], name="unique_criterion_number"
            )
        ]

    def __str__(self) -> str:
        return f"Tiêu chí {self.number}. {self.name}"


class IndicatorKind(models.TextChoices):
    NUMBER = "number", "Số"
    RATIO = "ratio", "Tỷ lệ (tử số/mẫu số)"
    BOOLEAN = "boolean", "Đạt/Không (có/không)"
    CHOICE = "choice", "Chọn một mức"
    TEXT = "text", "Văn bản"


class Comparison(models.TextChoices):
    AT_LEAST = ">=", "≥ (từ … trở lên)"
    AT_MOST = "<=", "≤ (không quá …)"
    EQUAL = "=", "= (đúng bằng / đúng mức)"
    DELEGATED = "delegated", "Do UBND tỉnh quy định"
    NONE = "none", "Không so sánh tự động"


class Indicator(models.Model):
    """Chỉ tiêu, e.g. '17.3'; typed, with the comparison its targets use."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="indicators", verbose_name="tiêu chí"
    )
    code = models.CharField("mã chỉ tiêu", max_length=20)
    name = models.TextField("tên chỉ tiêu")
    name_verified = models.BooleanField("tên đã đối chiếu", default=False)
    unit_label = models.CharField("đơn vị tính", max_length=60, blank=True)
    kind = models.CharField("kiểu dữ liệu", max_length=20, choices=IndicatorKind.choices)
    comparison = models.CharField(
        "cách so sánh", max_length=20, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    choices = models.JSONField("các mức được chọn", default=list, blank=True)
    required_evidence = models.TextField("minh chứng cần có", blank=True)
    note = models.TextField("ghi chú", blank=True)
    is_illustrative = models.BooleanField(
        "chỉ tiêu minh họa",
        default=False,
        help_text="Chỉ tiêu đặt ra cho dữ liệu minh họa khi chưa có văn bản, không phải chỉ tiêu chính thức.",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion", "order", "code"]
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        constraints = [
            models.UniqueConstraint(fields=["criterion", "code"], name="unique_indicator_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Target(NormalizedTextModel, VersionedModel):
    """Ngưỡng / yêu cầu đạt chuẩn of an indicator, for a key (chung, a region, a commune
    group, a commune class) and optionally a year; with its legal source and checked state."""

    GENERAL = "chung"

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name="chỉ tiêu"
    )
    key = models.CharField(
        "áp dụng cho",
        max_length=30,
        default=GENERAL,
        help_text="'chung', mã vùng (DNB…), mã nhóm xã (NHOM1…) hoặc loại xã (DBKK, OTHER).",
    )
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    legal_text = models.TextField("yêu cầu theo văn bản", blank=True)
    value = models.DecimalField("ngưỡng số", max_digits=18, decimal_places=4, null=True, blank=True)
    value_choice = models.CharField("mức yêu cầu", max_length=200, blank=True)
    source = models.TextField("nguồn (văn bản, phụ lục, trang)", blank=True)
    # The signed text a verified threshold was checked against (required to mark it verified
    # on the screens and in imports through them; see rules.missing_source).
    source_document = models.CharField("số, ký hiệu văn bản nguồn", max_length=120, blank=True)
    source_date = models.DateField("ngày ban hành văn bản nguồn", null=True, blank=True)
    source_part = models.CharField("điều, khoản, phụ lục", max_length=255, blank=True)
    verified = models.BooleanField("đã đối chiếu văn bản đã ký", default=False)
    is_illustrative = models.BooleanField(
        "ngưỡng minh họa",
        default=False,
        help_text="Ngưỡng đặt cho dữ liệu minh họa, không phải ngưỡng chính thức.",
    )
    note = models.TextField("ghi chú", blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["indicator", "key", "year"]
        verbose_name = "ngưỡng đạt chuẩn"
        verbose_name_plural = "ngưỡng đạt chuẩn"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "key", "year"], name="unique_target_key_year"
            ),
            # NULL year means "every year"; a partial index keeps that unique on both engines.
            models.UniqueConstraint(
                fields=["indicator", "key"],
                condition=models.Q(year__isnull=True),
                name="unique_target_key_any_year",
            ),
        ]

    def __str__(self) -> str:
        year = f" năm {self.year}" if self.year else ""
        return f"{self.indicator.code} – {self.key}{year}"

    @property
    def is_evaluable(self) -> bool:
        """Only a verified (or explicitly illustrative) machine value is compared automatically."""
        return (self.verified or self.is_illustrative) and (
            self.value is not None or bool(self.value_choice)
        )


class PeriodKind(models.Model):
    """Loại kỳ: năm, quý I–IV, 6 tháng, 9 tháng (lũy kế), đột xuất; from 2026 maybe đầu/giữa/cuối
    kỳ. Data, not code."""

    code = models.SlugField("mã", max_length=20, unique=True)
    name = models.CharField("tên", max_length=60)
    # Months covered, counted from January: quý III = 7..9; 9 tháng = 1..9 (cumulative).
    start_month = models.PositiveSmallIntegerField("từ tháng", null=True, blank=True)
    end_month = models.PositiveSmallIntegerField("đến tháng", null=True, blank=True)
    is_cumulative = models.BooleanField("lũy kế từ đầu năm", default=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = "loại kỳ"
        verbose_name_plural = "loại kỳ"

    def __str__(self) -> str:
        return self.name


class Period(models.Model):
    """Một kỳ cụ thể: 'Năm 2024', 'Quý III/2024', '9 tháng năm 2024', or an ad hoc one."""

    kind = models.ForeignKey(PeriodKind, on_delete=models.PROTECT, verbose_name="loại kỳ")
    year = models.PositiveSmallIntegerField("năm")
    label = models.CharField("tên kỳ", max_length=120)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")

    class Meta:
        ordering = ["year", "kind__order", "start"]
        verbose_name = "kỳ"
        verbose_name_plural = "kỳ"
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "label"], name="unique_period")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_year(self) -> bool:
        return self.kind.code == "nam"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

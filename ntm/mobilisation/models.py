"""Resources: works (công trình) and their funding by source, progress with photos, the
contributions ledger, campaigns and the outreach log of UBMTTQ and the mass organisations.

Money is whole đồng (BigIntegerField). Funding sources are rows (an administrator can add
"vốn ODA" tomorrow), not constants in code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ntm.accounts.models import Organisation
from ntm.accounts.querysets import ScopedQuerySet
from ntm.core.models import (
    NormalizedTextModel,
    SearchableModel,
    VersionedModel,
)
from ntm.criteria.models import Criterion
from ntm.geography.models import AdministrativeUnit


class FundingSource(models.Model):
    """Nguồn vốn: ngân sách trung ương, tỉnh, xã; lồng ghép; tín dụng; doanh nghiệp; dân đóng góp."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên nguồn vốn", max_length=150)
    is_budget = models.BooleanField("là ngân sách nhà nước", default=False)
    is_community = models.BooleanField(
        "là đóng góp của cộng đồng",
        default=False,
        help_text="Nguồn do người dân, tổ chức, doanh nghiệp đóng góp (sổ đóng góp).",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=100)
    active = models.BooleanField("đang dùng", default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "nguồn vốn"
        verbose_name_plural = "nguồn vốn"

    def __str__(self) -> str:
        return self.name


class WorkStatus(models.TextChoices):
    PLANNED = "planned", "Chuẩn bị đầu tư"
    IN_PROGRESS = "in_progress", "Đang thi công"
    DONE = "done", "Đã hoàn thành"
    STOPPED = "stopped", "Tạm dừng"


class Work(NormalizedTextModel, SearchableModel, VersionedModel):
    """Công trình, dự án of a hamlet or of the commune, serving a criterion."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="works", verbose_name="đơn vị"
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="works",
        verbose_name="tiêu chí",
    )
    name = models.CharField("tên công trình, dự án", max_length=255)
    description = models.TextField("quy mô, nội dung", blank=True)
    status = models.CharField(
        "tình trạng", max_length=20, choices=WorkStatus.choices, default=WorkStatus.PLANNED
    )
    start_date = models.DateField("khởi công", null=True, blank=True)
    end_date = models.DateField("hoàn thành (dự kiến)", null=True, blank=True)
    investor = models.CharField("chủ đầu tư", max_length=200, blank=True)
    is_public = models.BooleanField(
        "công khai trên trang của người dân", default=True, help_text="Bỏ chọn để không công khai."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tạo",
    )

    history = HistoricalRecords(excluded_fields=["search", "version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = "công trình, dự án"
        verbose_name_plural = "công trình, dự án"

    def __str__(self) -> str:
        return self.name

    def search_text(self) -> str:
        return self.name


class FundingScopedQuerySet(ScopedQuerySet["Funding"]):
    scope_field = "work__unit"


class Funding(NormalizedTextModel, VersionedModel):
    """Một dòng vốn của công trình: nguồn, kế hoạch, đã thực hiện (giải ngân)."""

    work = models.ForeignKey(
        Work, on_delete=models.CASCADE, related_name="fundings", verbose_name="công trình"
    )
    source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="fundings", verbose_name="nguồn vốn"
    )
    planned = models.BigIntegerField("kế hoạch (đồng)", default=0)
    realised = models.BigIntegerField("đã thực hiện, giải ngân (đồng)", default=0)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = FundingScopedQuerySet.as_manager()

    class Meta:
        ordering = ["work", "source__order"]
        verbose_name = "nguồn vốn của công trình"
        verbose_name_plural = "nguồn vốn của công trình"
        constraints = [
            models.UniqueConstraint(fields=["work", "source"], name="one_funding_per_source"),
            models.CheckConstraint(
                condition=models.Q(planned__gte=0, realised__gte=0), name="funding_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work} – {self.source}"

    @property
    def remaining(self) -> int:
        return self.planned - self.realised


class PhotoBase(models.Model):
    """A photo stored under MEDIA_ROOT with a generated name, served only through views."""

    file = models.FileField("tệp ảnh", max_length=255)
    original_name = models.CharField("tên tệp gốc", max_length=255, blank=True)
    content_type = models.CharField("loại tệp", max_length=100)
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    caption = models.CharField("mô tả ảnh", max_length=255, blank=True)
    is_public = models.BooleanField("công khai cho người dân", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tải lên",
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.caption or self.original_name


class ProgressStepScopedQuerySet(ScopedQuerySet["ProgressStep"]):
    scope_field = "work__unit"


class ProgressStep(NormalizedTextModel, VersionedModel):
    """Tiến độ: một bước của công trình (ngày, nội dung, % khối lượng)."""

    work = models.ForeignKey(
        Work, on_delete=models.CASCADE, related_name="steps", verbose_name="công trình"
    )
    date = models.DateField("ngày")
    title = models.CharField("nội dung", max_length=255)
    percent = models.PositiveSmallIntegerField("khối lượng hoàn thành (%)", default=0)
    note = models.TextField("ghi chú", blank=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ProgressStepScopedQuerySet.as_manager()

    class Meta:
        ordering = ["work", "date", "id"]
        verbose_name = "tiến độ công trình"
        verbose_name_plural = "tiến độ công trình"
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="percent_max_100")
        ]

    def __str__(self) -> str:
        return f"{self.work} – {self.title}"


class StepPhotoScopedQuerySet(ScopedQuerySet["StepPhoto"]):
    scope_field = "step__work__unit"


class StepPhoto(PhotoBase):
    """Ảnh tiến độ công trình."""

    step = models.ForeignKey(
        ProgressStep, on_delete=models.CASCADE, related_name="photos", verbose_name="tiến độ"
    )
    file = models.FileField("tệp ảnh", upload_to="works/%Y/%m/", max_length=255)

    history = HistoricalRecords()
    objects = StepPhotoScopedQuerySet.as_manager()

    class Meta:
        ordering = ["step", "uploaded_at", "id"]
        verbose_name = "ảnh tiến độ"
        verbose_name_plural = "ảnh tiến độ"


class Campaign(NormalizedTextModel, SearchableModel, VersionedModel):
    """Phong trào, cuộc vận động (e.g. "Toàn dân đoàn kết xây dựng NTM, đô thị văn minh")."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name="đơn vị",
    )
    name = models.CharField("tên phong trào, cuộc vận động", max_length=255)
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name="cơ quan chủ trì",
    )
    start_date = models.DateField("từ ngày", null=True, blank=True)
    end_date = models.DateField("đến ngày", null=True, blank=True)
    description = models.TextField("nội dung", blank=True)

    history = HistoricalRecords(excluded_fields=["search", "version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = "phong trào, cuộc vận động"
        verbose_name_plural = "phong trào, cuộc vận động"

    def __str__(self) -> str:
        return self.name


class ContributionKind(models.TextChoices):
    MONEY = "money", "Tiền"
    MATERIALS = "materials", "Hiện vật, vật tư"
    LABOUR = "labour", "Ngày công"
    LAND = "land", "Hiến đất"


class ContributorKind(models.TextChoices):
    HOUSEHOLD = "household", "Hộ gia đình"
    ORGANISATION = "organisation", "Cơ quan, tổ chức"
    BUSINESS = "business", "Doanh nghiệp"
    OTHER = "other", "Cá nhân khác"


class Contribution(NormalizedTextModel, VersionedModel):
    """Sổ đóng góp: one gift of money, materials, labour days or land, by a household or an
    organisation, for a work, a hamlet or a campaign."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name="ấp / xã",
    )
    work = models.ForeignKey(
        Work,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name="cho công trình",
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name="trong phong trào",
    )
    source = models.ForeignKey(
        FundingSource,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name="nguồn",
    )
    kind = models.CharField("hình thức", max_length=20, choices=ContributionKind.choices)
    date = models.DateField("ngày")
    contributor_kind = models.CharField(
        "người đóng góp là", max_length=20, choices=ContributorKind.choices
    )
    contributor_name = models.CharField("tên hộ, tổ chức đóng góp", max_length=200)
    contributor_phone = models.CharField("điện thoại (không công khai)", max_length=30, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name="tổ chức trong danh bạ",
    )
    amount = models.BigIntegerField(
        "số tiền / giá trị quy đổi (đồng)",
        default=0,
        help_text="Tiền mặt; với hiện vật, ngày công, đất: giá trị quy đổi nếu có.",
    )
    quantity = models.DecimalField(
        "số lượng", max_digits=14, decimal_places=2, null=True, blank=True
    )
    description = models.CharField("mô tả (hiện vật, vị trí thửa đất…)", max_length=255, blank=True)
    receipt_number = models.CharField("số biên nhận, phiếu thu", max_length=50, blank=True)
    name_consent = models.BooleanField(
        "đồng ý công khai tên",
        default=False,
        help_text="Chỉ đánh dấu khi người đóng góp đã đồng ý (ghi ngày đồng ý).",
    )
    consent_date = models.DateField("ngày đồng ý công khai tên", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi sổ",
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "đóng góp"
        verbose_name_plural = "sổ đóng góp"
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="amount_not_negative"),
        ]
        indexes = [models.Index(fields=["unit", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.date:%d/%m/%Y}"

    @property
    def public_name(self) -> str:
        """The name a resident may read: only with recorded consent."""
        if self.name_consent and self.consent_date:
            return self.contributor_name
        return ""


class OutreachActivity(NormalizedTextModel, VersionedModel):
    """Tuyên truyền, vận động: a meeting or activity of UBMTTQ or an organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="outreach_activities",
        verbose_name="tổ chức thực hiện",
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="outreach_activities",
        verbose_name="tại ấp / xã",
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name="thuộc phong trào",
    )
    date = models.DateField("ngày")
    topic = models.CharField("chủ đề, nội dung", max_length=255)
    criteria = models.ManyToManyField(
        Criterion, blank=True, related_name="outreach_activities", verbose_name="tiêu chí"
    )
    participants = models.PositiveIntegerField("số người tham dự", default=0)
    note = models.TextField("kết quả, ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi",
    )

    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[criteria])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "hoạt động tuyên truyền, vận động"
        verbose_name_plural = "hoạt động tuyên truyền, vận động"

    def __str__(self) -> str:
        return f"{self.topic} ({self.date:%d/%m/%Y})"


class OutreachPhotoScopedQuerySet(ScopedQuerySet["OutreachPhoto"]):
    scope_field = "activity__unit"


class OutreachPhoto(PhotoBase):
    """Ảnh hoạt động tuyên truyền."""

    activity = models.ForeignKey(
        OutreachActivity, on_delete=models.CASCADE, related_name="photos", verbose_name="hoạt động"
    )
    file = models.FileField("tệp ảnh", upload_to="outreach/%Y/%m/", max_length=255)

    history = HistoricalRecords()
    objects = OutreachPhotoScopedQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "uploaded_at", "id"]
        verbose_name = "ảnh hoạt động"
        verbose_name_plural = "ảnh hoạt động"

"""Who does what: criterion assignments, plans and their tasks, directives whose items become
tasks for every recipient, and the difficulties raised to the leadership.

Every editable row carries a version (``save_versioned``) and an audit history.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ntm.accounts.models import CommitteeMember, Organisation, Person, SteeringCommittee
from ntm.accounts.querysets import ScopedQuerySet
from ntm.core import clock
from ntm.core.models import NormalizedTextModel, VersionedModel, normalize_text_fields
from ntm.criteria.models import Criterion, Indicator
from ntm.documents.models import Document
from ntm.geography.models import AdministrativeUnit
from ntm.plans import rules

# --- Assignments ----------------------------------------------------------------------------


class AssignmentNotice(NormalizedTextModel, VersionedModel):
    """Thông báo phân công nhiệm vụ thành viên Ban Chỉ đạo (e.g. 01/TB-BCĐ) for a year."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị"
    )
    committee = models.ForeignKey(
        SteeringCommittee, on_delete=models.PROTECT, related_name="+", verbose_name="Ban Chỉ đạo"
    )
    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveIntegerField("số", null=True, blank=True)
    symbol = models.CharField("ký hiệu", max_length=40, default="TB-BCĐ")
    date = models.DateField("ngày ban hành", null=True, blank=True)
    subject = models.CharField(
        "trích yếu",
        max_length=400,
        default="Phân công nhiệm vụ thành viên Ban Chỉ đạo các Chương trình mục tiêu quốc gia",
    )
    signer = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ký",
    )
    signer_authority = models.CharField("thẩm quyền ký", max_length=60, blank=True)
    signer_title = models.CharField("chức danh người ký", max_length=100, blank=True)
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="văn bản thông báo trong sổ",
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "-year"]
        verbose_name = "thông báo phân công"
        verbose_name_plural = "thông báo phân công"
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="one_notice_per_year")
        ]

    def __str__(self) -> str:
        return f"Thông báo phân công năm {self.year}"

    @property
    def reference(self) -> str:
        """'01/TB-BCĐ', or '…/TB-BCĐ' while no number is recorded."""
        return f"{self.number:02d}/{self.symbol}" if self.number else f"…/{self.symbol}"


class Assignment(NormalizedTextModel, VersionedModel):
    """Phân công: a criterion's lead member of the steering committee (+ supporting members)."""

    notice = models.ForeignKey(
        AssignmentNotice,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name="thông báo phân công",
    )
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị"
    )
    year = models.PositiveSmallIntegerField("năm")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="assignments", verbose_name="tiêu chí"
    )
    lead = models.ForeignKey(
        CommitteeMember,
        on_delete=models.PROTECT,
        related_name="lead_assignments",
        verbose_name="thành viên phụ trách",
    )
    supporting = models.ManyToManyField(
        CommitteeMember,
        blank=True,
        related_name="supporting_assignments",
        verbose_name="thành viên phối hợp",
    )
    note = models.CharField("ghi chú", max_length=400, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "year", "criterion__criteria_set__order", "criterion__number"]
        verbose_name = "phân công tiêu chí"
        verbose_name_plural = "phân công tiêu chí"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "criterion"], name="one_lead_per_criterion_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion} – {self.lead.person}"


# --- Plans and tasks ------------------------------------------------------------------------


class Plan(NormalizedTextModel, VersionedModel):
    """Kế hoạch thực hiện: per criterion (owned by its lead member) or per hamlet (its head)."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị"
    )
    year = models.PositiveSmallIntegerField("năm")
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name="tiêu chí",
    )
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="owned_plans", verbose_name="người phụ trách"
    )
    title = models.CharField("tên kế hoạch", max_length=300)
    objectives = models.TextField("mục tiêu", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tạo",
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="văn bản kế hoạch trong sổ",
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "unit__path", "criterion__number", "pk"]
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "criterion"],
                condition=models.Q(criterion__isnull=False),
                name="one_plan_per_criterion_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=models.Q(criterion__isnull=True),
                name="one_hamlet_plan_per_year",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_hamlet_plan(self) -> bool:
        return self.criterion_id is None


class TaskStatus(models.TextChoices):
    NOT_STARTED = "chua_bat_dau", "Chưa bắt đầu"
    IN_PROGRESS = "dang_thuc_hien", "Đang thực hiện"
    DONE = "hoan_thanh", "Hoàn thành"
    PAUSED = "tam_dung", "Tạm dừng"


class RecipientGroup(models.TextChoices):
    MEMBERS = "members", "Thành viên Ban Chỉ đạo"
    ORGANISATIONS = "organisations", "UBMTTQ và các tổ chức chính trị - xã hội"
    HAMLET_HEADS = "hamlet_heads", "Trưởng các ấp (sóc)"
    HAMLET = "hamlet", "Một ấp (sóc) cụ thể"


class DirectiveState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"


class Directive(NormalizedTextModel, VersionedModel):
    """Văn bản chỉ đạo: a công văn whose items become tasks for each recipient."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị"
    )
    issuer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan ban hành"
    )
    number = models.PositiveIntegerField("số", null=True, blank=True)
    symbol = models.CharField("ký hiệu", max_length=40, default="UBND-KT")
    date = models.DateField("ngày ban hành", null=True, blank=True)
    subject = models.CharField(
        "trích yếu (V/v)", max_length=400, help_text="Không cần ghi 'V/v' ở đầu."
    )
    recipients_text = models.TextField(
        "kính gửi", blank=True, help_text="Mỗi dòng một nơi nhận ở phần “Kính gửi”."
    )
    preamble = models.TextField("căn cứ, mở đầu", blank=True)
    closing = models.TextField("đoạn kết", blank=True)
    distribution = models.TextField("nơi nhận", blank=True, help_text="Mỗi dòng một nơi nhận.")
    signer = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name="người ký"
    )
    signer_authority = models.CharField("thẩm quyền ký", max_length=60, blank=True)
    signer_title = models.CharField("chức danh người ký", max_length=100, blank=True)
    state = models.CharField(
        "trạng thái", max_length=20, choices=DirectiveState.choices, default=DirectiveState.DRAFT
    )
    issued_at = models.DateTimeField("ban hành lúc", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ban hành trên hệ thống",
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="văn bản trong sổ",
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "văn bản chỉ đạo"
        verbose_name_plural = "văn bản chỉ đạo"

    def __str__(self) -> str:
        return f"V/v {self.subject}"

    @property
    def reference(self) -> str:
        return f"{self.number:02d}/{self.symbol}" if self.number else f"…/{self.symbol}"

    @property
    def is_issued(self) -> bool:
        return self.state == DirectiveState.ISSUED


class DirectiveItem(NormalizedTextModel):
    """Một nội dung chỉ đạo, gửi một nhóm người nhận (thành viên BCĐ, đoàn thể, trưởng ấp…)."""

    directive = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="items", verbose_name="văn bản chỉ đạo"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=1)
    group = models.CharField("gửi đến", max_length=20, choices=RecipientGroup.choices)
    hamlet = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ấp (sóc)",
    )
    title = models.CharField("tóm tắt nhiệm vụ", max_length=200)
    text = models.TextField("nội dung")
    deadline = models.DateField("hạn hoàn thành", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["directive", "order", "pk"]
        verbose_name = "nội dung chỉ đạo"
        verbose_name_plural = "nội dung chỉ đạo"

    def __str__(self) -> str:
        return self.title

    @property
    def recipient_label(self) -> str:
        if self.group == RecipientGroup.HAMLET and self.hamlet is not None:
            return f"Trưởng {self.hamlet.kind_name.lower()} {self.hamlet.name}"  # Trưởng ấp An Lợi
        return self.get_group_display()


class Task(VersionedModel):
    """Nhiệm vụ: in a plan, or created for one recipient of a directive item."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị"
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name="kế hoạch",
    )
    directive_item = models.ForeignKey(
        DirectiveItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name="nội dung chỉ đạo",
    )
    title = models.CharField("tên nhiệm vụ", max_length=300)
    description = models.TextField("nội dung", blank=True)
    owner_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name="người thực hiện",
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name="tổ chức thực hiện",
    )
    start = models.DateField("bắt đầu", null=True, blank=True)
    deadline = models.DateField("hạn hoàn thành", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    result_note = models.TextField("kết quả, ghi chú", blank=True)
    budget_central = models.PositiveBigIntegerField("ngân sách Trung ương (đồng)", default=0)
    budget_province = models.PositiveBigIntegerField("ngân sách tỉnh (đồng)", default=0)
    budget_commune = models.PositiveBigIntegerField("ngân sách xã (đồng)", default=0)
    budget_integrated = models.PositiveBigIntegerField("vốn lồng ghép (đồng)", default=0)
    budget_credit = models.PositiveBigIntegerField("vốn tín dụng (đồng)", default=0)
    budget_enterprise = models.PositiveBigIntegerField("doanh nghiệp (đồng)", default=0)
    budget_people = models.PositiveBigIntegerField("dân đóng góp (đồng)", default=0)
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="tasks", verbose_name="chỉ tiêu tác động"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tạo",
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        indexes = [
            models.Index(fields=["owner_person", "status"]),
            # Most tasks come from plans, not directives: the plain FK index looks useless to
            # the planners (one NULL group), so directive progress scanned every task. Queries
            # that add directive_item__isnull=False use this one (issue 8).
            models.Index(
                fields=["directive_item", "status"],
                condition=models.Q(directive_item__isnull=False),
                name="task_directive_item_partial",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="task_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        normalize_text_fields(self)
        self.completed_on = rules.completion_date(self.status, self.completed_on, clock.today())
        if self.status == TaskStatus.DONE:
            self.progress = 100
        super().save(*args, **kwargs)

    @property
    def is_done(self) -> bool:
        return self.status == TaskStatus.DONE

    @property
    def is_overdue(self) -> bool:
        return rules.is_overdue(self.deadline, self.is_done, clock.today())

    @property
    def budget_total(self) -> int:
        return sum(getattr(self, name) for name, _ in rules.BUDGET_SOURCES)

    @property
    def budget_rows(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, name)) for name, label in rules.BUDGET_SOURCES]

    @property
    def owner_label(self) -> str:
        if self.owner_person_id:
            return str(self.owner_person)
        if self.owner_organisation is not None:
            return str(self.owner_organisation.short_name or self.owner_organisation)
        return f"Trưởng {self.unit.kind_name.lower()} {self.unit.name}"


# --- Difficulties ---------------------------------------------------------------------------


class ObstacleState(models.TextChoices):
    OPEN = "open", "Chờ chỉ đạo"
    DIRECTED = "directed", "Đã có ý kiến chỉ đạo"
    RESOLVED = "resolved", "Đã giải quyết"
    CLOSED = "closed", "Đã đóng"


class Obstacle(NormalizedTextModel, VersionedModel):
    """Khó khăn, vướng mắc: raised by anyone with a role, directed by the UBND leadership."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="đơn vị (ấp hoặc xã)",
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tiêu chí liên quan",
    )
    task = models.ForeignKey(
        Task,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="obstacles",
        verbose_name="nhiệm vụ liên quan",
    )
    title = models.CharField("khó khăn, vướng mắc", max_length=300)
    description = models.TextField("mô tả chi tiết", blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người nêu",
    )
    raised_on = models.DateField("ngày nêu")
    state = models.CharField(
        "trạng thái", max_length=20, choices=ObstacleState.choices, default=ObstacleState.OPEN
    )
    direction = models.TextField("ý kiến chỉ đạo", blank=True)
    directed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người chỉ đạo",
    )
    directed_on = models.DateField("ngày chỉ đạo", null=True, blank=True)
    assignee = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_obstacles",
        verbose_name="người được giao xử lý",
    )
    deadline = models.DateField("hạn xử lý", null=True, blank=True)
    resolution = models.TextField("kết quả xử lý", blank=True)
    resolved_on = models.DateField("ngày giải quyết", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = "khó khăn, vướng mắc"
        verbose_name_plural = "khó khăn, vướng mắc"
        indexes = [models.Index(fields=["state", "deadline"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return rules.obstacle_overdue(self.state, self.deadline, clock.today())

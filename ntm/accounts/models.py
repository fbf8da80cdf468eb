"""People, organisations, the steering committee, user accounts and their roles."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from simple_history.models import HistoricalRecords

from ntm.accounts.querysets import ScopedQuerySet
from ntm.core.models import (
    NormalizedTextModel,
    SearchableModel,
    VersionedModel,
    normalize_text_fields,
)
from ntm.core.text import person_sort_key
from ntm.geography.models import AdministrativeUnit


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    LEADER = "leader", "Lãnh đạo UBND (Chủ tịch, Phó Chủ tịch)"
    OFFICER = "officer", "Cán bộ thường trực NTM"
    MEMBER = "member", "Thành viên Ban Chỉ đạo"
    ORGANISATION = "organisation", "UBMTTQ / tổ chức chính trị - xã hội"
    HAMLET_HEAD = "hamlet_head", "Trưởng ấp (sóc, thôn)"
    UPPER_VIEWER = "upper_viewer", "Cấp trên (văn phòng điều phối NTM)"
    PROVINCE_ADMIN = "province_admin", "Quản trị của tỉnh"
    COMMUNE_ADMIN = "commune_admin", "Quản trị của xã"


class OrganisationKind(models.TextChoices):
    PEOPLES_COMMITTEE = "ubnd", "Ủy ban nhân dân"
    STEERING_COMMITTEE = "bcd", "Ban Chỉ đạo"
    PARTY = "dang", "Đảng ủy"
    COUNCIL = "hdnd", "Hội đồng nhân dân"
    FATHERLAND_FRONT = "mttq", "Ủy ban Mặt trận Tổ quốc"
    MASS_ORGANISATION = "doan_the", "Tổ chức chính trị - xã hội"
    COORDINATION_OFFICE = "vpdp", "Văn phòng điều phối NTM"
    OVERSIGHT_BOARD = "gscd", "Ban giám sát đầu tư của cộng đồng"
    OTHER = "khac", "Khác"


class Organisation(NormalizedTextModel, SearchableModel, VersionedModel):
    """Cơ quan, tổ chức: UBND xã, Ban Chỉ đạo, UBMTTQ, Hội Nông dân, Hội LHPN, Đoàn TN, Hội CCB…"""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name="đơn vị",
    )
    kind = models.CharField("loại", max_length=20, choices=OrganisationKind.choices)
    name = models.CharField("tên", max_length=200)
    short_name = models.CharField("tên viết tắt", max_length=50, blank=True)
    abbreviation = models.CharField(
        "chữ viết tắt trên văn bản",
        max_length=20,
        blank=True,
        help_text="Dùng trong ký hiệu văn bản, ví dụ UBND, BCĐ, MTTQ.",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=100)

    history = HistoricalRecords(excluded_fields=["search", "version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "order", "name"]
        verbose_name = "cơ quan, tổ chức"
        verbose_name_plural = "cơ quan, tổ chức"

    def __str__(self) -> str:
        return self.name

    def search_text(self) -> str:
        return f"{self.name} {self.short_name}"

    @property
    def is_mass_organisation(self) -> bool:
        return self.kind in {OrganisationKind.FATHERLAND_FRONT, OrganisationKind.MASS_ORGANISATION}


class Position(models.Model):
    """Chức vụ (Chủ tịch UBND xã, Công chức Văn hóa - Xã hội…)."""

    name = models.CharField("tên chức vụ", max_length=150, unique=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "chức vụ"
        verbose_name_plural = "chức vụ"

    def __str__(self) -> str:
        return self.name


class Person(SearchableModel, VersionedModel):
    """Người trong danh bạ: cán bộ, công chức, trưởng ấp, người của các đoàn thể."""

    full_name = models.CharField("họ và tên", max_length=150)
    sort_name = models.CharField(max_length=300, editable=False, db_index=True, default="")
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="people", verbose_name="đơn vị"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name="cơ quan, tổ chức",
    )
    position = models.ForeignKey(
        Position, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="chức vụ"
    )
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    is_fictional = models.BooleanField(
        "nhân vật minh họa",
        default=False,
        help_text="Người trong dữ liệu minh họa, không phải người thật.",
    )

    history = HistoricalRecords(excluded_fields=["search", "sort_name", "version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name"]
        verbose_name = "người"
        verbose_name_plural = "danh bạ"

    def __str__(self) -> str:
        return self.full_name

    def search_text(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        normalize_text_fields(self)
        self.sort_name = person_sort_key(self.full_name)[:300]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)


class SteeringCommittee(models.Model):
    """Ban Chỉ đạo các Chương trình MTQG of a unit."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="steering_committees",
        verbose_name="đơn vị",
    )
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="steering_committee",
        verbose_name="cơ quan (để cấp số văn bản)",
    )
    name = models.CharField("tên", max_length=255)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "Ban Chỉ đạo"
        verbose_name_plural = "Ban Chỉ đạo"

    def __str__(self) -> str:
        return self.name


class CommitteeRole(models.TextChoices):
    HEAD = "head", "Trưởng ban"
    DEPUTY = "deputy", "Phó Trưởng ban"
    STANDING = "standing", "Thành viên thường trực"
    MEMBER = "member", "Thành viên"


class CommitteeMember(models.Model):
    """Thành viên Ban Chỉ đạo and the sector (lĩnh vực) they speak for."""

    committee = models.ForeignKey(
        SteeringCommittee,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name="Ban Chỉ đạo",
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="committee_seats", verbose_name="người"
    )
    role = models.CharField("vai trò", max_length=20, choices=CommitteeRole.choices)
    sector = models.CharField("lĩnh vực phụ trách", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=100)
    active = models.BooleanField("đang là thành viên", default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "order", "id"]
        verbose_name = "thành viên Ban Chỉ đạo"
        verbose_name_plural = "thành viên Ban Chỉ đạo"
        constraints = [
            models.UniqueConstraint(fields=["committee", "person"], name="one_seat_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"


class User(AbstractUser):
    """Tài khoản đăng nhập. Whom it belongs to is ``person``; what it may do is its roles."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    person = models.OneToOneField(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name="người trong danh bạ",
    )

    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """A role held at a unit: the unit and everything below it is the user's scope."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="roles", verbose_name="tài khoản"
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name="đơn vị",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="thay mặt tổ chức",
    )
    active = models.BooleanField("đang hiệu lực", default=True)
    # Nhiệm kỳ: a role counts only between these days (empty: open-ended).
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_at_unit")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.unit}"


class SecondFactorRequirement(models.Model):
    """Bắt buộc xác thực hai bước: holders of ``role`` at ``unit`` or below must use a second
    factor (set by the province or commune administrator)."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        related_name="second_factor_requirements",
        verbose_name="đơn vị",
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "yêu cầu xác thực hai bước"
        verbose_name_plural = "yêu cầu xác thực hai bước"
        constraints = [
            models.UniqueConstraint(fields=["unit", "role"], name="one_second_factor_rule")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.unit}"


class AccountAction(models.Model):
    """Nhật ký quản trị tài khoản: who reset a password, unlocked or locked an account (the
    account row itself keeps no history, so password hashes never reach an audit table)."""

    account = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="admin_actions", verbose_name="tài khoản"
    )
    by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="người làm"
    )
    action = models.CharField("việc", max_length=100)
    at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "nhật ký quản trị tài khoản"
        verbose_name_plural = "nhật ký quản trị tài khoản"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.by} {self.action} {self.account}"


class AccessLog(models.Model):
    """Who read or exported personal data, and when (append-only)."""

    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, verbose_name="người xem")
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="đơn vị"
    )
    action = models.CharField("hành động", max_length=50)
    object_label = models.CharField("đối tượng", max_length=255)
    at = models.DateTimeField("lúc", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = "nhật ký truy cập dữ liệu cá nhân"
        verbose_name_plural = "nhật ký truy cập dữ liệu cá nhân"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} {self.action} {self.object_label}"


from ntm.accounts.security_models import SecondFactorRule, UserSession  # noqa: E402, F401

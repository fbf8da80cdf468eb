"""Administrative units as one tree; levels, regions, commune groups and classes are data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ntm.core.models import SearchableModel, VersionedModel, normalize_text_fields, search_q


class Level(models.Model):
    """Cấp hành chính (tỉnh, huyện, xã, ấp/thôn): rows, not classes — the district level ended
    on 2025-07-01 and may not be the last change."""

    code = models.SlugField("mã", max_length=20, unique=True)
    name = models.CharField("tên cấp", max_length=50)
    rank = models.PositiveSmallIntegerField(
        "thứ bậc", help_text="1 = cao nhất (tỉnh). Cấp dưới có số lớn hơn."
    )
    is_commune = models.BooleanField("là cấp xã", default=False)
    is_hamlet = models.BooleanField("là cấp ấp/thôn", default=False)
    valid_to = models.DateField("hết hiệu lực", null=True, blank=True)

    class Meta:
        ordering = ["rank"]
        verbose_name = "cấp hành chính"
        verbose_name_plural = "cấp hành chính"

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """Vùng kinh tế - xã hội used by the 2021–2025 targets (e.g. Đông Nam Bộ)."""

    code = models.CharField("mã vùng", max_length=20, unique=True)
    name = models.CharField("tên vùng", max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = "vùng"
        verbose_name_plural = "vùng"

    def __str__(self) -> str:
        return self.name


class CommuneGroup(models.Model):
    """Nhóm xã 1/2/3 used by the 2026–2030 targets."""

    code = models.CharField("mã nhóm", max_length=20, unique=True)
    name = models.CharField("tên nhóm", max_length=100)
    description = models.TextField("mô tả", blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "nhóm xã"
        verbose_name_plural = "nhóm xã"

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(models.QuerySet["AdministrativeUnit"]):
    def under_paths(self, paths: list[str]) -> UnitQuerySet:
        """Units at or below any of the given tree paths."""
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        return self.filter(condition)

    def search(self, text: str) -> UnitQuerySet:
        return self.filter(search_q(text))

    def valid_on(self, date: dt.date) -> UnitQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=date),
            Q(valid_to__isnull=True) | Q(valid_to__gte=date),
        )

    def communes(self) -> UnitQuerySet:
        return self.filter(level__is_commune=True)

    def hamlets(self) -> UnitQuerySet:
        return self.filter(level__is_hamlet=True)


class AdministrativeUnit(SearchableModel, VersionedModel):
    """Đơn vị hành chính: tỉnh, huyện, xã, ấp/sóc/thôn/bản."""

    level = models.ForeignKey(Level, on_delete=models.PROTECT, verbose_name="cấp")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="đơn vị cấp trên",
    )
    name = models.CharField("tên", max_length=150, help_text="Không kèm chữ 'xã', 'ấp'…")
    kind_name = models.CharField(
        "gọi là",
        max_length=30,
        help_text="Tên gọi theo địa phương: Tỉnh, Huyện, Xã, Ấp, Sóc, Thôn, Bản, Khu phố…",
    )
    code = models.CharField("mã đơn vị", max_length=20, blank=True, db_index=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name="vùng"
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name="được thay bằng",
    )
    is_illustrative = models.BooleanField(
        "tên minh họa",
        default=False,
        help_text="Tên đặt cho dữ liệu minh họa, không phải tên thật.",
    )
    note = models.TextField("ghi chú", blank=True)
    # Materialised path ("/12/345/"): "this unit and all below" is one indexed prefix test.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    history = HistoricalRecords(excluded_fields=["search", "path", "depth", "version"])
    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "kind_name", "name"], name="unique_unit_name_under_parent"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.kind_name} {self.name}".strip()

    def search_text(self) -> str:
        return f"{self.kind_name} {self.name} {self.code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        normalize_text_fields(self)
        super().save(*args, **kwargs)
        expected = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if self.path != expected:
            old_prefix = self.path
            self.path = expected
            self.depth = expected.count("/") - 1
            type(self).objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            if old_prefix:
                self._move_descendants(old_prefix)

    def _move_descendants(self, old_prefix: str) -> None:
        # Reparenting (e.g. the 2025 reform moving communes under a new province) rewrites
        # the stored paths of the whole subtree.
        for child in type(self).objects.filter(path__startswith=old_prefix).exclude(pk=self.pk):
            child.path = self.path + child.path[len(old_prefix) :]
            child.depth = child.path.count("/") - 1
            type(self).objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)

    @property
    def is_hamlet(self) -> bool:
        return self.level.is_hamlet

    @property
    def is_commune(self) -> bool:
        return self.level.is_commune

    def ancestors(self) -> list[AdministrativeUnit]:
        ids = [int(part) for part in self.path.strip("/").split("/") if part][:-1]
        by_id = {
            u.pk: u for u in AdministrativeUnit.objects.filter(pk__in=ids).select_related("level")
        }
        return [by_id[i] for i in ids if i in by_id]

    def effective_region(self) -> Region | None:
        if self.region_id:
            return self.region
        for unit in reversed(self.ancestors()):
            if unit.region_id:
                return unit.region
        return None

    def commune(self) -> AdministrativeUnit | None:
        """The commune this unit is, or belongs to."""
        if self.level.is_commune:
            return self
        for unit in reversed(self.ancestors()):
            if unit.level.is_commune:
                return unit
        return None

    def is_valid_on(self, date: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_to is None or self.valid_to >= date
        )

    def place_name(self) -> str:
        """The place in a document's date line: 'Tân Lợi', but 'Phường 12' when numbered."""
        if self.name.strip().isdigit():
            return f"{self.kind_name} {self.name}"
        return self.name


class CommuneGroupAssignment(models.Model):
    """A commune's group (nhóm 1/2/3) in a given year: it can change from year to year."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        related_name="group_assignments",
        verbose_name="xã",
    )
    year = models.PositiveSmallIntegerField("năm")
    group = models.ForeignKey(CommuneGroup, on_delete=models.PROTECT, verbose_name="nhóm")
    basis = models.CharField("căn cứ", max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nhóm xã theo năm"
        verbose_name_plural = "nhóm xã theo năm"
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_group_per_commune_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.group} ({self.year})"


class CommuneClass(models.TextChoices):
    """Loại xã used by class-keyed targets (keys of ``criteria.catalogue.COMMUNE_CLASSES``)."""

    DBKK = "DBKK", "Xã đặc biệt khó khăn"
    OTHER = "OTHER", "Các xã còn lại"


class CommuneClassAssignment(models.Model):
    """Loại xã (xã đặc biệt khó khăn / các xã còn lại) of a commune for a span of years, as a
    government decision lists it; a later decision can change it."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        related_name="class_assignments",
        limit_choices_to={"level__is_commune": True},
        verbose_name="xã",
    )
    year_from = models.PositiveSmallIntegerField("từ năm")
    year_to = models.PositiveSmallIntegerField(
        "đến năm", null=True, blank=True, help_text="Để trống nếu vẫn còn hiệu lực."
    )
    commune_class = models.CharField("loại xã", max_length=10, choices=CommuneClass.choices)
    basis = models.CharField(
        "căn cứ",
        max_length=255,
        blank=True,
        help_text="Văn bản quyết định danh sách, ví dụ: Quyết định số …/QĐ-TTg.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "year_from"]
        verbose_name = "loại xã theo giai đoạn"
        verbose_name_plural = "loại xã theo giai đoạn"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year_from"],
                name="one_class_per_commune_start_year",
                violation_error_message="Xã này đã có loại xã bắt đầu từ năm này.",
            ),
            models.CheckConstraint(
                condition=Q(year_to__isnull=True) | Q(year_to__gte=models.F("year_from")),
                name="class_span_ends_after_start",
                violation_error_message="Năm kết thúc phải bằng hoặc sau năm bắt đầu.",
            ),
        ]

    def __str__(self) -> str:
        end = self.year_to if self.year_to is not None else "nay"
        return f"{self.unit} – {self.get_commune_class_display()} ({self.year_from}–{end})"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.unit_id is not None and not self.unit.level.is_commune:
            errors["unit"] = "Chỉ ghi nhận loại xã cho đơn vị cấp xã."
        if (
            self.year_to is not None
            and self.year_from is not None
            and self.year_to < self.year_from
        ):
            errors["year_to"] = "Năm kết thúc phải bằng hoặc sau năm bắt đầu."
        if errors:
            raise ValidationError(errors)
        overlap = self.overlapping().first()
        if overlap is not None:
            raise ValidationError(
                f"Giai đoạn này trùng với loại xã đã ghi nhận cho {self.unit}: "
                f"{overlap.get_commune_class_display().lower()} "
                f"({overlap.span_text()}). Hãy kết thúc giai đoạn cũ trước."
            )

    def overlapping(self) -> models.QuerySet[CommuneClassAssignment]:
        """Other spans of the same commune sharing at least one year with this one."""
        if self.unit_id is None or self.year_from is None:
            return CommuneClassAssignment.objects.none()
        others = CommuneClassAssignment.objects.filter(unit_id=self.unit_id).exclude(pk=self.pk)
        others = others.filter(Q(year_to__isnull=True) | Q(year_to__gte=self.year_from))
        if self.year_to is not None:
            others = others.filter(year_from__lte=self.year_to)
        return others.order_by("year_from")

    def span_text(self) -> str:
        if self.year_to is None:
            return f"từ năm {self.year_from}"
        if self.year_to == self.year_from:
            return f"năm {self.year_from}"
        return f"từ năm {self.year_from} đến năm {self.year_to}"

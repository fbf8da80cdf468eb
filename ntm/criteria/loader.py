"""Loading the criteria sets that ship with ntm (``data/manifest.yaml``) into the catalogue.

Idempotent: every row goes through :func:`ntm.core.upsert.upsert`, so a second run saves
nothing and writes no history. After a file changes, the rows it describes are updated in
place and each change is a history row ("Nạp từ tệp dữ liệu …").

What a person decided wins over the files: a row whose latest history entry was made by a
user (edited on the target screen, in the admin, or by an XLSX import) is not overwritten,
and neither is an illustrative target; the report counts them as "giữ bản đã sửa". Nothing
is ever deleted: rows that a file no longer lists are counted as "không còn trong tệp".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import models, transaction
from django.db.models import F

from ntm.core.upsert import upsert
from ntm.criteria.changes import criteria_changed
from ntm.criteria.models import (
    CriteriaSet,
    Criterion,
    CriterionGroup,
    Indicator,
    LegalBasis,
    Programme,
    Target,
)
from ntm.criteria.periods import load_period_kinds
from ntm.criteria.yaml_sets import CriteriaFileError, SetSpec, parse_set

DATA_DIR = Path(__file__).parent / "data"
MANIFEST_FILE = DATA_DIR / "manifest.yaml"
PROGRAMMES_FILE = DATA_DIR / "programmes.yaml"

__all__ = [
    "CriteriaFileError",
    "LoadReport",
    "SetReport",
    "Tally",
    "load_programmes",
    "load_set_file",
    "load_shipped_sets",
    "shipped_files",
]


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # a person edited the row: the file does not overwrite it

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.kept

    @property
    def changed(self) -> int:
        return self.created + self.updated

    def summary(self) -> str:
        text = f"{self.created} tạo mới, {self.updated} cập nhật, {self.unchanged} không đổi"
        if self.kept:
            text += f", {self.kept} giữ bản đã sửa"
        return text


@dataclass
class SetReport:
    code: str
    name: str
    source_file: str
    outcome: str = "unchanged"
    legal_bases: Tally = field(default_factory=Tally)
    groups: Tally = field(default_factory=Tally)
    criteria: Tally = field(default_factory=Tally)
    indicators: Tally = field(default_factory=Tally)
    targets: Tally = field(default_factory=Tally)
    not_in_file: int = 0
    kept: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        tallies = (self.legal_bases, self.groups, self.criteria, self.indicators, self.targets)
        return self.outcome in {"created", "updated"} or any(t.changed for t in tallies)

    def lines(self) -> list[str]:
        outcome = {
            "created": "tạo mới",
            "updated": "cập nhật",
            "unchanged": "không đổi",
            "kept": "giữ bản đã sửa",
        }[self.outcome]
        lines = [
            f"{self.name} [{self.code}] – tệp {self.source_file} – bộ tiêu chí: {outcome}",
            f"  Căn cứ pháp lý: {self.legal_bases.total} ({self.legal_bases.summary()})",
            f"  Tiêu chí: {self.criteria.total} ({self.criteria.summary()})",
            f"  Chỉ tiêu: {self.indicators.total} ({self.indicators.summary()})",
            f"  Ngưỡng: {self.targets.total} ({self.targets.summary()})",
        ]
        if self.not_in_file:
            lines.append(f"  Không còn trong tệp (giữ nguyên, không xóa): {self.not_in_file} dòng")
        lines += [f"  Giữ bản đã sửa: {label}" for label in self.kept]
        return lines


@dataclass
class LoadReport:
    sets: list[SetReport] = field(default_factory=list)
    programmes: Tally = field(default_factory=Tally)
    period_kinds_changed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.programmes.changed or self.period_kinds_changed) or any(
            s.changed for s in self.sets
        )

    def lines(self) -> list[str]:
        lines = [f"Chương trình MTQG: {self.programmes.total} ({self.programmes.summary()})"]
        lines.append(f"Loại kỳ báo cáo: {self.period_kinds_changed} thay đổi")
        for report in self.sets:
            lines += report.lines()
        lines.append(
            "Không có thay đổi nào." if not self.changed else "Đã ghi các thay đổi vào lịch sử."
        )
        return lines


def shipped_files() -> list[tuple[Path, str]]:
    """(path, short name) of every shipped set, in load order."""
    manifest = yaml.safe_load(MANIFEST_FILE.read_text(encoding="utf-8"))
    return [(DATA_DIR / row["file"], row.get("short_name", "")) for row in manifest["files"]]


@transaction.atomic
def load_shipped_sets() -> LoadReport:
    """Load period kinds, programmes and every shipped criteria set. Run twice: no change."""
    report = LoadReport()
    report.period_kinds_changed = load_period_kinds()
    report.programmes = load_programmes()
    for order, (path, short_name) in enumerate(shipped_files(), start=1):
        report.sets.append(_load(path, short_name=short_name, order=order * 10))
    return report


@transaction.atomic
def load_set_file(path: Path, *, short_name: str = "", order: int | None = None) -> SetReport:
    """Load one set file (same schema). The set it ``adapts`` must be loaded already."""
    load_programmes()
    if not short_name or order is None:
        for index, (shipped, name) in enumerate(shipped_files(), start=1):
            if shipped.name == path.name:
                short_name = short_name or name
                order = order if order is not None else index * 10
    return _load(path, short_name=short_name, order=order if order is not None else 100)


@transaction.atomic
def load_programmes(path: Path = PROGRAMMES_FILE) -> Tally:
    tally = Tally()
    for row in yaml.safe_load(path.read_text(encoding="utf-8"))["programmes"]:
        _, outcome = upsert(
            Programme,
            {"code": row["code"]},
            {
                "name": row["name"],
                "start_year": row["start_year"],
                "end_year": row["end_year"],
                "legal_basis": row.get("legal_basis", ""),
            },
        )
        tally.add(outcome)
    return tally


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(DATA_DIR.resolve()).as_posix()
    except ValueError:
        return path.name


def _load(path: Path, *, short_name: str, order: int) -> SetReport:
    source_file = _relative(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec = parse_set(data, source_file=source_file, short_name=short_name, order=order)
    writer = _Writer(spec, reason=f"Nạp từ tệp dữ liệu {source_file}")
    report = writer.run()
    criteria_changed(writer.changed_criteria)
    return report


def _person_edited(model: type[models.Model], ids: list[int]) -> set[int]:
    """Ids whose latest history entry was made by a person (not by a loader)."""
    if not ids:
        return set()
    last: dict[int, int | None] = {}
    history = model.history.filter(id__in=ids).order_by("history_date", "history_id")  # type: ignore[attr-defined]
    for row_id, user_id in history.values_list("id", "history_user_id"):
        last[row_id] = user_id
    return {row_id for row_id, user_id in last.items() if user_id is not None}


class _Writer:
    """Writes one :class:`SetSpec`; counts what changed."""

    def __init__(self, spec: SetSpec, *, reason: str) -> None:
        self.changed_criteria: set[int] = set()
        self.spec = spec
        self.reason = reason
        self.report = SetReport(
            code=spec.code, name=spec.fields["name"], source_file=spec.fields["source_file"]
        )

    def run(self) -> SetReport:
        spec = self.spec
        fields = dict(spec.fields)
        fields["programme"] = (
            Programme.objects.filter(start_year__lte=spec.start_year, end_year__gte=spec.start_year)
            .order_by("start_year")
            .first()
        )
        fields["extends"] = None
        if spec.adapts:
            fields["extends"] = CriteriaSet.objects.filter(code=spec.adapts).first()
            if fields["extends"] is None:
                raise CriteriaFileError(
                    spec.fields["source_file"],
                    "set.adapts",
                    f"bộ tiêu chí {spec.adapts} chưa được nạp (cần nạp trước).",
                )
        existing = CriteriaSet.objects.filter(code=spec.code).first()
        edited = _person_edited(CriteriaSet, [existing.pk]) if existing else set()
        if existing and existing.pk in edited:
            criteria_set, self.report.outcome = existing, "kept"
            self.report.kept.append(f"bộ tiêu chí {spec.code}")
        else:
            criteria_set, self.report.outcome = self._upsert(
                CriteriaSet, {"code": spec.code}, fields
            )
        self._legal_bases(criteria_set)
        groups = self._groups(criteria_set)
        self._criteria(criteria_set, groups)
        return self.report

    # -- one row -----------------------------------------------------------------------------

    def _upsert(
        self, model: type[models.Model], lookup: dict[str, Any], defaults: dict[str, Any]
    ) -> tuple[Any, str]:
        self._check_lengths(model, {**lookup, **defaults})
        obj, outcome = upsert(model, lookup, defaults)
        if outcome == "updated" and hasattr(obj, "version"):
            model._default_manager.filter(pk=obj.pk).update(version=F("version") + 1)
            obj.version += 1
        if outcome != "unchanged" and hasattr(model, "history"):
            latest = obj.history.order_by("-history_date", "-history_id").values("pk")[:1]  # type: ignore[attr-defined]
            model.history.filter(pk__in=latest).update(history_change_reason=self.reason)  # type: ignore[attr-defined]
        return obj, outcome

    def _check_lengths(self, model: type[models.Model], values: dict[str, Any]) -> None:
        """Refuse an over-long text before PostgreSQL does (SQLite would store it silently)."""
        for name, value in values.items():
            limit = getattr(model._meta.get_field(name), "max_length", None)
            if limit and isinstance(value, str) and len(value) > limit:
                raise CriteriaFileError(
                    self.spec.fields["source_file"],
                    f"{model._meta.verbose_name} {values.get('code') or values.get('document') or ''}".strip(),
                    f"trường '{name}' dài {len(value)} ký tự, tối đa {limit}.",
                )

    def _rows(
        self,
        model: type[models.Model],
        existing: dict[Any, Any],
        wanted: list[tuple[Any, dict[str, Any], dict[str, Any], str]],
        tally: Tally,
        *,
        protect: set[int] | None = None,
    ) -> dict[Any, Any]:
        """Upsert ``wanted`` = [(natural key, lookup, defaults, label)]; returns key → object."""
        protect = protect or set()
        result: dict[Any, Any] = {}
        for key, lookup, defaults, label in wanted:
            current = existing.get(key)
            if current is not None and current.pk in protect:
                tally.add("kept")
                self.report.kept.append(label)
                result[key] = current
                continue
            obj, outcome = self._upsert(model, lookup, defaults)
            tally.add(outcome)
            result[key] = obj
            if model is Target and outcome != "unchanged":
                self.changed_criteria.add(obj.indicator.criterion_id)
        self.report.not_in_file += len(set(existing) - {w[0] for w in wanted})
        return result

    # -- the parts of a set ------------------------------------------------------------------

    def _legal_bases(self, criteria_set: CriteriaSet) -> None:
        existing = {lb.document: lb for lb in criteria_set.legal_bases.all()}
        wanted = [
            (doc, {"criteria_set": criteria_set, "document": doc}, fields, f"căn cứ {doc}")
            for doc, fields in self.spec.legal_bases
        ]
        self._rows(
            LegalBasis,
            existing,
            wanted,
            self.report.legal_bases,
            protect=_person_edited(LegalBasis, [lb.pk for lb in existing.values()]),
        )

    def _groups(self, criteria_set: CriteriaSet) -> dict[str, CriterionGroup]:
        existing = {g.code: g for g in criteria_set.groups.all()}
        wanted = [
            (code, {"criteria_set": criteria_set, "code": code}, fields, f"nhóm {code}")
            for code, fields in self.spec.groups
        ]
        return self._rows(CriterionGroup, existing, wanted, self.report.groups)

    def _criteria(self, criteria_set: CriteriaSet, groups: dict[str, CriterionGroup]) -> None:
        existing = {c.number: c for c in criteria_set.criteria.all()}
        wanted = []
        for spec in self.spec.criteria:
            defaults = dict(spec.fields, group=groups.get(spec.group) if spec.group else None)
            lookup = {"criteria_set": criteria_set, "number": spec.number}
            wanted.append((spec.number, lookup, defaults, f"tiêu chí {spec.number}"))
        criteria = self._rows(
            Criterion,
            existing,
            wanted,
            self.report.criteria,
            protect=_person_edited(Criterion, [c.pk for c in existing.values()]),
        )
        indicators_existing = {
            (i.criterion_id, i.code): i
            for i in Indicator.objects.filter(criterion__criteria_set=criteria_set)
        }
        wanted_ind = []
        for spec in self.spec.criteria:
            criterion = criteria[spec.number]
            for ind in spec.indicators:
                wanted_ind.append(
                    (
                        (criterion.pk, ind.code),
                        {"criterion": criterion, "code": ind.code},
                        ind.fields,
                        f"chỉ tiêu {ind.code}",
                    )
                )
        indicators = self._rows(
            Indicator,
            indicators_existing,
            wanted_ind,
            self.report.indicators,
            protect=_person_edited(Indicator, [i.pk for i in indicators_existing.values()]),
        )
        targets_existing = {
            (t.indicator_id, t.key, t.year): t
            for t in Target.objects.filter(indicator__criterion__criteria_set=criteria_set)
        }
        protect = _person_edited(Target, [t.pk for t in targets_existing.values()])
        protect |= {t.pk for t in targets_existing.values() if t.is_illustrative}
        wanted_targets = []
        for spec in self.spec.criteria:
            criterion = criteria[spec.number]
            for ind in spec.indicators:
                indicator = indicators[(criterion.pk, ind.code)]
                for target in ind.targets:
                    wanted_targets.append(
                        (
                            (indicator.pk, target.key, target.year),
                            {"indicator": indicator, "key": target.key, "year": target.year},
                            target.fields,
                            f"ngưỡng {ind.code} – {target.key}"
                            + (f" năm {target.year}" if target.year else ""),
                        )
                    )
        self._rows(
            Target,
            targets_existing,
            wanted_targets,
            self.report.targets,
            protect=protect,
        )

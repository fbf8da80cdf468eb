"""Importing a criteria-set workbook (the layout of :mod:`ntm.criteria.xlsx_layout`).

All or nothing: the whole file is read and checked first, with every lookup loaded once; a
file with any error changes nothing and the result lists every error with its sheet, row and
column ("Sheet 'Ngưỡng', dòng 7, cột E: 'tám mươi' không phải là số."). A clean file is
applied in one transaction; every created or changed row gets a history entry naming the
importing user. Rows are never deleted. The set is found by its code (sheet "Bộ tiêu chí");
an unknown code creates a new set.

Hostile files: the zip is judged from its directory first (``ntm.core.uploads.check_zip``:
declared size, member count, passwords), and whatever openpyxl raises on a broken file
(bad deflate stream, CRC mismatch, bad XML, entity bombs, impossible cell values) becomes one
Vietnamese error for the file, never a 500. A formula cell is read as its text ("=1+1"),
never as a value a spreadsheet program computed and cached.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.db import connection, models, transaction
from simple_history.utils import bulk_create_with_history

from ntm.core import faults
from ntm.core.xlsx import ImportProblem as ImportProblem  # re-exported for callers
from ntm.core.xlsx import Problems as _Problems
from ntm.core.xlsx import Row as _Row
from ntm.core.xlsx import read_sheets
from ntm.criteria.catalogue import target_key_choices
from ntm.criteria.changes import ResultChange, criteria_changed, preview
from ntm.criteria.models import (
    Comparison,
    CriteriaSet,
    Criterion,
    CriterionGroup,
    Indicator,
    IndicatorKind,
    LegalBasis,
    Programme,
    SetLevel,
    Target,
    TargetKeys,
)
from ntm.criteria.rules import missing_source, needs_source, source_error
from ntm.criteria.xlsx_layout import (
    CHOICE_SEPARATOR,
    COLUMNS,
    REQUIRED_SHEETS,
    SET_FIELDS,
    SHEET_CRITERIA,
    SHEET_INDICATORS,
    SHEET_LEGAL,
    SHEET_SET,
    SHEET_TARGETS,
)

MAX_ROWS = 100_000
MAX_UNPACKED_BYTES = 200_000_000
MAX_ENTRIES = 1000
MAX_LISTED_CHANGES = 500
PERIOD_RE = re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})$")


@dataclass
class SheetCount:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    errors: list[ImportProblem] = field(default_factory=list)
    criteria_set: CriteriaSet | None = None
    set_created: bool = False
    counts: dict[str, SheetCount] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    total_changes: int = 0
    # A preview: nothing was kept; result_changes lists the units whose results would change.
    preview: bool = False
    result_changes: list[ResultChange] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _read(upload: IO[bytes] | Any, problems: _Problems) -> dict[str, list[_Row]] | None:
    """Every row of the required sheets, or None with the file's problem recorded."""
    return read_sheets(
        upload,
        problems,
        {name: COLUMNS[name] for name in REQUIRED_SHEETS},
        max_rows=MAX_ROWS,
        max_unpacked=MAX_UNPACKED_BYTES,
        max_entries=MAX_ENTRIES,
    )


def import_set_xlsx(
    upload: IO[bytes] | Any,
    *,
    user: Any,
    filename: str = "",
    require_source: bool = False,
    allowed: Any = None,
    preview_only: bool = False,
) -> ImportResult:
    """Check, then apply, one workbook. See the module docstring.

    Through the screens (``require_source``) a threshold that becomes verified, or a verified
    threshold whose requirement changes, needs its source (document, date, article/annex).
    ``allowed(criteria_set_or_None, fields) -> str`` refuses a set the importing person may not
    change (returns the reason; empty when allowed)."""
    problems = _Problems()
    rows = _read(upload, problems)
    if rows is None:
        return ImportResult(errors=list(problems))
    plan = _Plan(rows, problems, require_source=require_source)
    # Checked and applied in one transaction: the versions compared are the ones overwritten.
    with transaction.atomic():
        plan.check()
        if allowed is not None and not problems:
            refusal = allowed(plan.existing_set, plan.set_fields)
            if refusal:
                problems.add(SHEET_SET, None, None, refusal)
        if problems:
            return ImportResult(errors=list(problems))

        def apply() -> ImportResult:
            result = plan.apply(user=user, reason=f"Nhập từ tệp Excel {filename}".strip())
            criteria_changed(plan.changed_criteria)
            return result

        if not preview_only:
            return apply()
        known = {c.pk for c in plan.db_criteria.values()}
        result, changes = preview(user, known, apply)
        result.preview = True
        result.result_changes = changes
        return result


class _Plan:
    """The parsed file and the lookups it is checked against."""

    def __init__(
        self, rows: dict[str, list[_Row]], problems: _Problems, *, require_source: bool = False
    ) -> None:
        self.rows, self.problems = rows, problems
        self.require_source = require_source
        self.changed_criteria: set[int] = set()
        self.set_fields: dict[str, Any] = {}
        self.existing_set: CriteriaSet | None = None
        self.legal: list[tuple[_Row, dict[str, Any]]] = []
        self.criteria: list[tuple[_Row, dict[str, Any]]] = []
        self.group_names: dict[str, str] = {}
        self.indicators: list[tuple[_Row, dict[str, Any]]] = []
        self.targets: list[tuple[_Row, dict[str, Any]]] = []

    # -- checking ----------------------------------------------------------------------------

    def check(self) -> None:
        self._check_set()
        code = self.set_fields.get("code")
        if not code:
            return
        cs = self.existing_set
        self.db_legal = {lb.document: lb for lb in cs.legal_bases.all()} if cs else {}
        self.db_groups = {g.code: g for g in cs.groups.all()} if cs else {}
        self.db_criteria = {c.number: c for c in cs.criteria.all()} if cs else {}
        self.db_indicators: dict[str, Indicator] = {}
        self.ambiguous: set[str] = set()
        if cs:
            for ind in Indicator.objects.filter(criterion__criteria_set=cs).select_related(
                "criterion"
            ):
                if ind.code in self.db_indicators:
                    self.ambiguous.add(ind.code)
                self.db_indicators[ind.code] = ind
        self.db_targets = (
            {
                (t.indicator_id, t.key, t.year): t
                for t in Target.objects.filter(indicator__criterion__criteria_set=cs)
            }
            if cs
            else {}
        )
        self._check_legal()
        self._check_criteria()
        self._check_indicators()
        self._check_targets()

    def _check_set(self) -> None:
        labels = {label: name for label, name in SET_FIELDS}
        found: dict[str, _Row] = {}
        for row in self.rows[SHEET_SET]:
            label = row.text("label")
            name = labels.get(label)
            if name is None:
                row.error(
                    "label", f"không có trường '{label}' (xem danh sách trường khi xuất tệp)."
                )
            elif name in found:
                row.error("label", f"trường '{label}' đã có ở dòng {found[name].number}.")
            else:
                found[name] = row
        code_row = found.get("code")
        if code_row is None:
            self.problems.add(SHEET_SET, None, None, "thiếu dòng 'Mã bộ tiêu chí'.")
            return
        code = code_row.text("value", required="mã bộ tiêu chí", max_length=80)
        self.existing_set = CriteriaSet.objects.filter(code=code).first() if code else None
        new = self.existing_set is None
        fields: dict[str, Any] = {"code": code}

        def get(name: str, reader: str, **kwargs: Any) -> None:
            row = found.get(name)
            if row is None:
                label = next(label for label, n in SET_FIELDS if n == name)
                if new and kwargs.get("required"):
                    self.problems.add(SHEET_SET, None, None, f"thiếu dòng '{label}'.")
                return
            fields[name] = getattr(row, reader)("value", **kwargs)

        get("name", "text", required="tên bộ tiêu chí", max_length=400)
        get("short_name", "text", max_length=120)
        get("level", "choice", choices=SetLevel.choices, required="cấp áp dụng")
        get("period", "text", required="giai đoạn", max_length=20)
        get("is_provincial", "flag")
        get("target_keys", "choice", choices=TargetKeys.choices)
        get("effective_from", "date")
        get("effective_to", "date")
        get("status_note", "text")
        get("completeness_note", "text")
        get("rules_note", "text")
        get("source_file", "text", max_length=200)
        if fields.get("period"):
            match = PERIOD_RE.match(fields["period"])
            if match:
                fields["period"] = f"{match.group(1)}-{match.group(2)}"
            else:
                found["period"].error(
                    "value", f"giai đoạn '{fields['period']}' phải dạng 2021-2025."
                )
        if "target_keys" in fields and not fields["target_keys"]:
            fields["target_keys"] = TargetKeys.NONE
        for name, model in (("programme", Programme), ("extends", CriteriaSet)):
            ref_row = found.get(name)
            if ref_row is None:
                continue
            ref = ref_row.text("value")
            if not ref:
                fields[name] = None
                continue
            obj = model._default_manager.filter(code=ref).first()
            if obj is None or (name == "extends" and ref == code):
                ref_row.error(
                    "value",
                    f"không có {'chương trình' if name == 'programme' else 'bộ tiêu chí'} mã '{ref}'.",
                )
            else:
                fields[name] = obj
        self.set_fields = fields
        keys_kind = fields.get("target_keys") or (
            self.existing_set.target_keys if self.existing_set else TargetKeys.NONE
        )
        self.allowed_keys = target_key_choices(keys_kind)

    def _check_legal(self) -> None:
        seen: dict[str, int] = {}
        for order, row in enumerate(self.rows[SHEET_LEGAL]):
            doc = row.text("document", required="số, ký hiệu văn bản", max_length=120)
            if doc in seen:
                row.error("document", f"văn bản '{doc}' đã có ở dòng {seen[doc]} (trùng).")
            seen.setdefault(doc, row.number)
            number = row.integer("order")
            values = {
                "document": doc,
                "date": row.date("date"),
                "issuer": row.text("issuer", max_length=255),
                "title": row.text("title"),
                "part": row.text("part", max_length=255),
                "verified": row.flag("verified"),
                "note": row.text("note"),
                "order": number if number is not None else order,
            }
            self.legal.append((row, values))

    def _check_criteria(self) -> None:
        seen: dict[int, int] = {}
        group_rows: dict[str, tuple[str, int]] = {}
        for row in self.rows[SHEET_CRITERIA]:
            number = row.integer("number", required="số thứ tự tiêu chí", low=1, what="số thứ tự")
            if number is not None and number in seen:
                row.error("number", f"tiêu chí {number} đã có ở dòng {seen[number]} (trùng).")
            if number is not None:
                seen.setdefault(number, row.number)
            group_code = row.text("group_code", max_length=10)
            group_name = row.text("group_name", max_length=200)
            if group_code:
                if (
                    group_code in group_rows
                    and group_name
                    and group_rows[group_code][0] != group_name
                ):
                    row.error(
                        "group_name",
                        f"nhóm '{group_code}' đã có tên khác ở dòng {group_rows[group_code][1]}.",
                    )
                elif group_name:
                    group_rows.setdefault(group_code, (group_name, row.number))
                elif group_code not in self.db_groups and group_code not in group_rows:
                    row.error("group_name", f"nhóm mới '{group_code}' cần có tên nhóm.")
            values = {
                "number": number,
                "name": row.text("name", required="tên tiêu chí", max_length=255),
                "name_verified": row.flag("name_verified"),
                "group_code": group_code,
                "sector": row.text("sector", max_length=400),
                "sector_verified": row.flag("sector_verified"),
                "note": row.text("note"),
            }
            self.criteria.append((row, values))
        self.group_names = {code: name for code, (name, _) in group_rows.items()}
        self.sheet_numbers = set(seen)

    def _check_indicators(self) -> None:
        seen: dict[str, int] = {}
        numbers = self.sheet_numbers | set(self.db_criteria)
        self.sheet_indicators: dict[str, dict[str, Any]] = {}
        for row in self.rows[SHEET_INDICATORS]:
            code = row.text("code", required="mã chỉ tiêu", max_length=20)
            if code and code in seen:
                row.error("code", f"chỉ tiêu '{code}' đã có ở dòng {seen[code]} (trùng).")
            if code:
                seen.setdefault(code, row.number)
            number = row.integer("criterion", required="số tiêu chí", low=1, what="số tiêu chí")
            if number is not None and number not in numbers:
                row.error(
                    "criterion", f"tiêu chí {number} không có trong sheet '{SHEET_CRITERIA}'."
                )
            current = self.db_indicators.get(code)
            if code in self.ambiguous:
                row.error(
                    "code",
                    f"mã chỉ tiêu '{code}' dùng ở nhiều tiêu chí; sửa trong màn hình quản trị.",
                )
            elif current and number is not None and current.criterion.number != number:
                row.error(
                    "criterion",
                    f"chỉ tiêu '{code}' thuộc tiêu chí {current.criterion.number}, không chuyển sang tiêu chí {number} được.",
                )
            order = row.integer("order")
            choices_text = row.text("choices")
            values = {
                "code": code,
                "criterion": number,
                "name": row.text("name", required="tên chỉ tiêu"),
                "name_verified": row.flag("name_verified"),
                "unit_label": row.text("unit_label", max_length=60),
                "kind": row.choice("kind", IndicatorKind.choices, required="kiểu dữ liệu"),
                "comparison": row.choice("comparison", Comparison.choices, required="cách so sánh"),
                "choices": [c.strip() for c in choices_text.split(CHOICE_SEPARATOR) if c.strip()],
                "required_evidence": row.text("required_evidence"),
                "is_illustrative": row.flag("is_illustrative"),
                "note": row.text("note"),
                "order": order if order is not None else 0,
            }
            self.indicators.append((row, values))
            if code:
                self.sheet_indicators[code] = values

    def _check_targets(self) -> None:
        seen: dict[tuple[str, str, int | None], int] = {}
        for row in self.rows[SHEET_TARGETS]:
            code = row.text("indicator", required="mã chỉ tiêu")
            indicator = self.sheet_indicators.get(code)
            current = self.db_indicators.get(code)
            if code and indicator is None and current is None:
                row.error(
                    "indicator", f"mã chỉ tiêu '{code}' không có trong sheet '{SHEET_INDICATORS}'."
                )
            key = row.text("key", required="nơi áp dụng (chung, mã vùng, mã nhóm…)")
            if key and key not in self.allowed_keys:
                row.error(
                    "key",
                    f"'{key}' không dùng được cho bộ tiêu chí này; dùng một trong: "
                    + ", ".join(self.allowed_keys)
                    + ".",
                )
            year = row.integer("year", low=1900, high=2100, what="năm")
            ident = (code, key, year)
            if code and key and ident in seen:
                year_text = f" năm {year}" if year else ""
                row.error(
                    "indicator",
                    f"ngưỡng '{code}' – '{key}'{year_text} đã có ở dòng {seen[ident]} (trùng).",
                )
            seen.setdefault(ident, row.number)
            verified = row.flag("verified")
            illustrative = row.flag("is_illustrative")
            if verified and illustrative:
                row.error(
                    "is_illustrative",
                    "một ngưỡng không thể vừa 'Đã đối chiếu' vừa là 'Ngưỡng minh họa'.",
                )
            value_choice = row.text("value_choice", max_length=200)
            choices = (
                (indicator or {}).get("choices")
                if indicator
                else (current.choices if current else [])
            )
            if value_choice and choices and value_choice not in choices:
                row.error(
                    "value_choice",
                    f"'{value_choice}' không có trong các mức của chỉ tiêu '{code}'.",
                )
            version = row.integer("version", low=1, high=2_000_000_000, what="phiên bản")
            existing = self.db_targets.get((current.pk, key, year)) if current else None
            if existing and version is not None and existing.version != version:
                row.error(
                    "version",
                    f"ngưỡng này đã được sửa sau khi xuất tệp (phiên bản hiện tại {existing.version}, "
                    f"trong tệp {version}); hãy xuất lại tệp mới rồi sửa.",
                )
            values = {
                "code": code,
                "key": key,
                "year": year,
                "legal_text": row.text("legal_text"),
                "value": row.decimal("value"),
                "verified": verified,
                "is_illustrative": illustrative,
                "source": row.text("source"),
                "source_document": row.text("source_document", max_length=120),
                "source_date": row.date("source_date"),
                "source_part": row.text("source_part", max_length=255),
                "note": row.text("note"),
                "value_choice": value_choice,
            }
            if self.require_source:
                self._check_source(row, values, existing)
            self.targets.append((row, values))

    def _check_source(self, row: _Row, values: dict[str, Any], existing: Target | None) -> None:
        requirement = ("value", "value_choice", "legal_text")
        if needs_source(
            verified=values["verified"],
            was_verified=bool(existing and existing.verified),
            value_changed=existing is None
            or any(getattr(existing, name) != values[name] for name in requirement),
        ):
            missing = missing_source(values)
            if missing:
                message = source_error(missing)
                row.error("verified", message[0].lower() + message[1:])

    # -- applying ----------------------------------------------------------------------------

    def apply(self, *, user: Any, reason: str) -> ImportResult:
        result = ImportResult()
        self.user, self.reason, self.result = user, reason, result
        cs = self._apply_set()
        result.criteria_set = cs
        self._apply_rows(
            LegalBasis,
            SHEET_LEGAL,
            [
                (values["document"], dict(values, criteria_set=cs), f"Căn cứ {values['document']}")
                for _, values in self.legal
            ],
            self.db_legal,
        )
        groups = dict(self.db_groups)
        new_groups = []
        for code, name in self.group_names.items():
            group = groups.get(code)
            if group is None:
                group = CriterionGroup(criteria_set=cs, code=code, name=name, order=len(groups))
                new_groups.append(group)
                groups[code] = group
            elif group.name != name:
                group.name = name
                group.save(update_fields=["name"])
        CriterionGroup.objects.bulk_create(new_groups)
        criteria_rows = []
        for _, values in self.criteria:
            fields = {k: v for k, v in values.items() if k != "group_code"}
            fields["group"] = groups.get(values["group_code"]) if values["group_code"] else None
            fields["criteria_set"] = cs
            criteria_rows.append((values["number"], fields, f"Tiêu chí {values['number']}"))
        criteria = self._apply_rows(Criterion, SHEET_CRITERIA, criteria_rows, self.db_criteria)
        criteria = {**self.db_criteria, **criteria}
        # Crash tests kill the process here (set and criteria written, indicators not yet);
        # a no-op unless NTM_FAULTPOINT names it (tests/security/test_crash_safety.py).
        faults.checkpoint("criteria.import.mid")
        indicator_rows = []
        for _, values in self.indicators:
            fields = dict(values, criterion=criteria[values["criterion"]])
            indicator_rows.append((values["code"], fields, f"Chỉ tiêu {values['code']}"))
        indicators = {
            **self.db_indicators,
            **self._apply_rows(Indicator, SHEET_INDICATORS, indicator_rows, self.db_indicators),
        }
        target_rows = []
        existing_targets = dict(self.db_targets)
        for _, values in self.targets:
            indicator = indicators[values["code"]]
            fields = {k: v for k, v in values.items() if k != "code"}
            fields["indicator"] = indicator
            year_text = f" năm {values['year']}" if values["year"] else ""
            target_rows.append(
                (
                    (indicator.pk, values["key"], values["year"]),
                    fields,
                    f"Ngưỡng {values['code']} – {values['key']}{year_text}",
                )
            )
        self._apply_rows(Target, SHEET_TARGETS, target_rows, existing_targets)
        return result

    def _apply_set(self) -> CriteriaSet:
        fields = {k: v for k, v in self.set_fields.items() if k != "code"}
        cs = self.existing_set
        count = SheetCount()
        self.result.counts[SHEET_SET] = count
        if cs is None:
            cs = CriteriaSet(code=self.set_fields["code"], **fields)
            cs._history_user = self.user  # type: ignore[attr-defined]
            cs._change_reason = self.reason  # type: ignore[attr-defined]
            cs.save()
            self.result.set_created = True
            count.created = 1
            self._note(f"Tạo bộ tiêu chí {cs.code}")
            return cs
        changed = _differences(cs, fields)
        if not changed:
            count.unchanged = 1
            return cs
        for name, _before, _after in changed:
            setattr(cs, name, fields[name])
        cs.version += 1
        cs._history_user = self.user  # type: ignore[attr-defined]
        cs._change_reason = self.reason  # type: ignore[attr-defined]
        cs.save()
        count.updated = 1
        for name, before, after in changed:
            self._note(f"Bộ tiêu chí: {_label(CriteriaSet, name)}: {before} → {after}")
        return cs

    def _apply_rows(
        self,
        model: type[models.Model],
        sheet: str,
        rows: list[tuple[Any, dict[str, Any], str]],
        existing: dict[Any, Any],
    ) -> dict[Any, Any]:
        count = SheetCount()
        self.result.counts[sheet] = count
        created, updated, changed_fields, result = [], [], set(), {}
        for key, fields, label in rows:
            current = existing.get(key)
            if current is None:
                obj = model(**fields)
                created.append(obj)
                result[key] = obj
                self._note(f"Thêm {label[0].lower()}{label[1:]}")
                continue
            result[key] = current
            changed = _differences(current, fields)
            if not changed:
                count.unchanged += 1
                continue
            for name, before, after in changed:
                setattr(current, name, fields[name])
                changed_fields.add(name)
                self._note(f"{label}: {_label(model, name)}: {before} → {after}")
            if hasattr(current, "version"):
                current.version += 1
                changed_fields.add("version")
            updated.append(current)
        if model is Target:
            self.changed_criteria |= {t.indicator.criterion_id for t in [*created, *updated]}
        if created:
            bulk_create_with_history(
                created, model, default_user=self.user, default_change_reason=self.reason
            )
        if updated:
            _update_rows(model, updated, sorted(changed_fields))
            model.history.bulk_history_create(  # type: ignore[attr-defined]
                updated, default_user=self.user, default_change_reason=self.reason
            )
        count.created, count.updated = len(created), len(updated)
        return result

    def _note(self, line: str) -> None:
        self.result.total_changes += 1
        if len(self.result.changes) < MAX_LISTED_CHANGES:
            self.result.changes.append(line)


def _label(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


def _display(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "—"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _differences(obj: models.Model, fields: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(field, before, after) for every field whose value differs."""
    changed = []
    for name, value in fields.items():
        field = obj._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            before_id = getattr(obj, field.attname)
            after_id = value.pk if value is not None else None
            if before_id != after_id:
                before = getattr(obj, name)
                changed.append((name, _display(before), _display(value)))
            continue
        before = getattr(obj, name)
        if before != value:
            changed.append((name, _display(before), _display(value)))
    return changed


def _update_rows(model: type[models.Model], objs: list[Any], names: list[str]) -> None:
    """UPDATE … WHERE id = %s for every object, as one prepared statement run many times.

    Django's ``bulk_update`` builds a CASE expression per field and batch, which is slow for
    thousands of rows; ``executemany`` sends one statement with many parameter rows.
    """
    fields: list[Any] = [model._meta.get_field(name) for name in names]
    pk: Any = model._meta.pk
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    table, key = quote(model._meta.db_table), quote(pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608 - names from the model
    params = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)

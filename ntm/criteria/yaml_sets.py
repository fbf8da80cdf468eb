"""Reading one criteria-set YAML file (schema_version 1) into plain field values. No ORM.

The schema is documented in the header of ``data/sets/xa-ntm-2021-2025.yaml``. This module
decides how it maps onto the catalogue models; :mod:`ntm.criteria.loader` writes the result.

Rules kept here, because they are the legal heart of the mapping:

- A target row exists for every key (and year) of an indicator's ``target`` mapping; a
  ``null`` inside a mapping becomes a row with no legal text ("chưa thấy trong nguồn"), a
  ``null`` target gives no row at all.
- A machine value (``value`` / ``value_choice``) is taken ONLY from ``rule`` and ONLY for a
  verified row: the indicator is ``verified: true`` or the row's key/year is in
  ``verified_keys``. ``recalled_target`` and ``provincial_values`` are never targets; they are
  kept in the indicator's note, labelled as unverified leads.
- ``rule.op == delegated_to_province`` → comparison "delegated" (the province defines it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ntm.core.text import normalize

SCHEMA_VERSION = 1
GENERAL_KEY = "chung"
# Keys of a target mapping that mean "every commune": the national "chung" column and the
# provincial "all".
GENERAL_ALIASES = {"chung", "all"}
LEVELS = {"commune", "hamlet"}
TARGET_KEYS = {"region", "commune_group", "commune_class", "none"}
KINDS = {
    # YAML kind → (model kind, comparison); threshold kinds become "ratio" when the unit is %.
    "threshold_min": ("number", ">="),
    "threshold_max": ("number", "<="),
    "boolean": ("boolean", "="),
    "enum": ("choice", "="),
    "text": ("text", "none"),
}
OPS = {">=": ">=", "<=": "<=", "==": "=", "=": "=", "count>=": ">="}
DELEGATED_OP = "delegated_to_province"
RECALL = "recall"
YEAR_RE = re.compile(r"^(19|20)\d\d$")
PERIOD_RE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")


class CriteriaFileError(ValueError):
    """The file does not follow the schema; says where, in Vietnamese."""

    def __init__(self, source: str, where: str, message: str) -> None:
        self.source, self.where, self.message = source, where, message
        super().__init__(f"Tệp {source}, {where}: {message}")


@dataclass
class TargetSpec:
    key: str
    year: int | None
    fields: dict[str, Any]


@dataclass
class IndicatorSpec:
    code: str
    fields: dict[str, Any]
    targets: list[TargetSpec] = field(default_factory=list)


@dataclass
class CriterionSpec:
    number: int
    group: str | None
    fields: dict[str, Any]
    indicators: list[IndicatorSpec] = field(default_factory=list)


@dataclass
class SetSpec:
    code: str
    fields: dict[str, Any]
    adapts: str | None
    start_year: int
    legal_bases: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    groups: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    criteria: list[CriterionSpec] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return normalize(str(value).strip())


def _lines(*parts: str) -> str:
    return "\n".join(p for p in (normalize(x.strip()) for x in parts if x) if p)


def _flag(verified: Any) -> str:
    return "đã xác minh" if verified is True else "CHƯA xác minh"


def _date(value: Any, source: str, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise CriteriaFileError(source, where, f"'{value}' không phải ngày (YYYY-MM-DD).") from exc


def _number(value: Any, source: str, where: str) -> Decimal:
    if isinstance(value, bool):
        raise CriteriaFileError(source, where, f"'{value}' không phải là số.")
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise CriteriaFileError(source, where, f"'{value}' không phải là số.") from exc


class _Sources:
    """Resolves evidence ids (S1, S8, 'recall', a bare URL) to what the page showed."""

    def __init__(self, sources: dict[str, Any] | None) -> None:
        self.sources = sources or {}

    def describe(self, evidence: Any) -> str:
        lines = []
        for item in evidence or []:
            sid = str(item)
            if sid == RECALL:
                lines.append(
                    "recall: người nghiên cứu nhớ lại, KHÔNG thấy trong nguồn nào (cần đối chiếu)."
                )
            elif sid in self.sources:
                src = self.sources[sid] or {}
                url, shows = _text(src.get("url")), _text(src.get("shows"))
                lines.append(f"{sid}: {url}" + (f" — {shows}" if shows else ""))
            else:
                lines.append(sid)
        return "\n".join(lines)


def _describe_values(value: Any) -> str:
    """Provincial values ({DBKK: '>= 80%'} or {'2022': {DBKK: …}}) as one readable line."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_describe_values(v)}" for k, v in value.items())
    return _text(value) or "—"


def parse_set(data: Any, *, source_file: str, short_name: str = "", order: int = 100) -> SetSpec:
    """Map one YAML document onto field values. Raises :class:`CriteriaFileError`."""
    src = source_file
    if not isinstance(data, dict) or not isinstance(data.get("set"), dict):
        raise CriteriaFileError(src, "đầu tệp", "thiếu phần 'set'.")
    if data.get("schema_version") != SCHEMA_VERSION:
        raise CriteriaFileError(
            src, "schema_version", f"chỉ đọc được schema_version {SCHEMA_VERSION}."
        )
    meta = data["set"]
    sources = _Sources(data.get("sources"))
    code = _text(meta.get("code"))
    name = _text(meta.get("name"))
    if not code or not name:
        raise CriteriaFileError(src, "set", "thiếu mã (code) hoặc tên (name) bộ tiêu chí.")
    level = meta.get("level")
    if level not in LEVELS:
        raise CriteriaFileError(src, "set.level", f"cấp '{level}' không hợp lệ.")
    period = _text(meta.get("period"))
    match = PERIOD_RE.match(period)
    if not match:
        raise CriteriaFileError(src, "set.period", f"giai đoạn '{period}' phải dạng 2021-2025.")
    target_keys = meta.get("target_keys") or "none"
    if target_keys not in TARGET_KEYS:
        raise CriteriaFileError(src, "set.target_keys", f"'{target_keys}' không hợp lệ.")
    legal = meta.get("legal_basis") or []
    adapts = _text(meta.get("adapts")) or None
    provincial = bool(meta.get("province") or adapts) or any(
        "QĐ-UBND" in _text(lb.get("doc")) for lb in legal if isinstance(lb, dict)
    )
    spec = SetSpec(
        code=code,
        adapts=adapts,
        start_year=int(match.group(1)),
        fields={
            "name": name,
            "short_name": _text(short_name),
            "level": level,
            "period": f"{match.group(1)}-{match.group(2)}",
            "is_provincial": provincial,
            "target_keys": target_keys,
            "effective_from": _date(meta.get("effective_from"), src, "set.effective_from"),
            "effective_to": _date(meta.get("effective_to"), src, "set.effective_to"),
            "status_note": _lines(
                f"Tỉnh ban hành: {_text(meta['province'])}" if meta.get("province") else "",
                f"Tình trạng: {_text(meta.get('status'))}" if meta.get("status") else "",
            ),
            "completeness_note": _completeness(meta),
            "rules_note": _rules(meta, sources),
            "source_file": source_file,
            "order": order,
        },
    )
    for index, row in enumerate(legal):
        where = f"set.legal_basis[{index}]"
        if not isinstance(row, dict) or not _text(row.get("doc")):
            raise CriteriaFileError(src, where, "thiếu số, ký hiệu văn bản (doc).")
        spec.legal_bases.append(
            (
                _text(row["doc"]),
                {
                    "date": _date(row.get("date"), src, f"{where}.date"),
                    "issuer": _text(row.get("issuer")),
                    "title": _text(row.get("title")),
                    "part": _text(row.get("part")),
                    "verified": row.get("verified") is True,
                    "note": _lines(
                        _text(row.get("note")),
                        f"Liên quan: {_text(row['relevance'])}" if row.get("relevance") else "",
                        f"Căn cứ: {_text(row['based_on'])}" if row.get("based_on") else "",
                        "Nguồn:\n" + sources.describe(row.get("evidence"))
                        if row.get("evidence")
                        else "",
                    ),
                    "order": index,
                },
            )
        )
    group_of: dict[int, str] = {}
    for index, row in enumerate(meta.get("groups") or []):
        gcode = _text(row.get("code"))
        spec.groups.append((gcode, {"name": _text(row.get("name")), "order": index}))
        for number in row.get("criteria") or []:
            group_of[int(number)] = gcode
    _parse_criteria(data.get("criteria") or [], spec, group_of, sources, src)
    return spec


def _completeness(meta: dict[str, Any]) -> str:
    info = meta.get("completeness") or {}
    parts = []
    if "criteria" in info:
        parts.append(
            f"Tiêu chí: {info['criteria']} (tên đã xác minh: {info.get('criteria_names_verified', 0)})."
        )
    if "indicators_listed" in info:
        reported = info.get("indicators_total_reported")
        total = f" trên {reported} theo văn bản" if reported else ""
        parts.append(
            f"Chỉ tiêu có trong dữ liệu: {info['indicators_listed']}{total}; "
            f"đã xác minh: {info.get('indicators_verified', 0)}."
        )
    return _lines(
        " ".join(parts),
        _text(info.get("note")),
        _text(info.get("second_pass")),
        f"Về nhóm tiêu chí: {_text(meta['groups_note'])}" if meta.get("groups_note") else "",
        "Nguồn đã xem:\n" + "\n".join(_text(u) for u in meta["source_urls"])
        if meta.get("source_urls")
        else "",
    )


def _rules(meta: dict[str, Any], sources: _Sources) -> str:
    lines: list[str] = []
    for row in meta.get("region_rules") or []:
        lines.append(f"Quy tắc vùng ({_flag(row.get('verified'))}): {_text(row.get('text'))}")
    for row in meta.get("preconditions") or []:
        depends = f" [bộ {row['depends_on_set']}]" if row.get("depends_on_set") else ""
        lines.append(
            f"Điều kiện tiên quyết ({_flag(row.get('verified'))}): {_text(row.get('text'))}{depends}"
        )
    for row in meta.get("commune_groups") or []:
        lines.append(
            f"{_text(row.get('name'))} ({row.get('code')}, {_flag(row.get('verified'))}): "
            f"{_text(row.get('definition'))}"
        )
    if meta.get("commune_groups_warning"):
        lines.append(f"Lưu ý về nhóm xã: {_text(meta['commune_groups_warning'])}")
    for row in meta.get("commune_classes") or []:
        lines.append(f"Loại xã {row.get('code')}: {_text(row.get('name'))}")
    for row in meta.get("tiers") or []:
        lines.append(f"Hạng xã {_text(row.get('name'))}: {_text(row.get('note'))}")
    for label, key in (
        ("Mục tiêu chương trình đến 2030", "program_targets_2030"),
        ("Chuyển tiếp", "transition"),
        ("Sự kiện đã biết", "known_facts"),
        ("Quy định quốc gia liên quan", "national_hooks"),
    ):
        for row in meta.get(key) or []:
            note = f" — {_text(row['note'])}" if row.get("note") else ""
            lines.append(f"{label} ({_flag(row.get('verified'))}): {_text(row.get('text'))}{note}")
    for row in meta.get("other_provinces_found_by_title_only") or []:
        lines.append(
            f"Tỉnh khác (chỉ thấy tên văn bản, CHƯA xác minh nội dung): {_text(row.get('province'))}"
            f" – {_text(row.get('doc'))} – {_text(row.get('title'))} ({_text(row.get('url'))})"
        )
    return "\n".join(lines)


def _parse_criteria(
    rows: list[Any],
    spec: SetSpec,
    group_of: dict[int, str],
    sources: _Sources,
    src: str,
) -> None:
    numbers: set[int] = set()
    codes: set[str] = set()
    for c_index, row in enumerate(rows):
        where = f"criteria[{c_index}]"
        try:
            number = int(row["number"])
        except (KeyError, TypeError, ValueError) as exc:
            raise CriteriaFileError(src, where, "thiếu số thứ tự tiêu chí (number).") from exc
        if number in numbers:
            raise CriteriaFileError(src, where, f"tiêu chí {number} bị lặp.")
        numbers.add(number)
        sector = row.get("sector") or {}
        basis = _text(sector.get("basis"))
        criterion = CriterionSpec(
            number=number,
            group=_text(row.get("group")) or group_of.get(number),
            fields={
                "name": _text(row.get("name")),
                "name_verified": row.get("name_verified") is True,
                "sector": _text(sector.get("name")),
                "sector_verified": sector.get("verified") is True and bool(sector.get("name")),
                "note": _lines(
                    _text(row.get("note")),
                    f"Tên thấy trong nguồn (tiếng Anh): {_text(row['name_seen_en'])}"
                    if row.get("name_seen_en")
                    else "",
                    f"Căn cứ xác định ngành phụ trách ({_flag(sector.get('verified'))}): {basis}"
                    if basis
                    else "",
                ),
            },
        )
        for i_index, ind in enumerate(row.get("indicators") or []):
            i_where = f"{where}.indicators[{i_index}]"
            indicator = _parse_indicator(ind, i_index, sources, src, i_where)
            if indicator.code in codes:
                raise CriteriaFileError(src, i_where, f"mã chỉ tiêu {indicator.code} bị lặp.")
            codes.add(indicator.code)
            criterion.indicators.append(indicator)
        spec.criteria.append(criterion)


def _ops(rule: Any) -> set[str]:
    if not isinstance(rule, dict):
        return set()
    if "op" in rule:
        return {str(rule["op"])}
    found: set[str] = set()
    for value in rule.values():
        found |= _ops(value)
    return found


def _parse_indicator(
    ind: dict[str, Any], order: int, sources: _Sources, src: str, where: str
) -> IndicatorSpec:
    code = _text(ind.get("code"))
    if not code:
        raise CriteriaFileError(src, where, "thiếu mã chỉ tiêu (code).")
    where = f"{where} ({code})"
    kind_in = ind.get("kind")
    if kind_in not in KINDS:
        raise CriteriaFileError(src, where, f"kiểu '{kind_in}' không hợp lệ.")
    kind, comparison = KINDS[kind_in]
    unit = _text(ind.get("unit"))
    if kind == "number" and unit == "%":
        kind = "ratio"
    rule = ind.get("rule")
    ops = _ops(rule)
    unknown = ops - set(OPS) - {DELEGATED_OP}
    if unknown:
        raise CriteriaFileError(src, where, f"phép so sánh {sorted(unknown)} không hợp lệ.")
    if DELEGATED_OP in ops:
        comparison = "delegated"
    elif "count>=" in ops:
        comparison = ">="
    leads = []
    if ind.get("recalled_target") not in (None, ""):
        leads.append(
            "GIÁ TRỊ NHỚ LẠI – CHƯA XÁC MINH, không phải ngưỡng, không dùng để đánh giá: "
            + _text(ind["recalled_target"])
        )
    for set_code, values in (ind.get("provincial_values") or {}).items():
        leads.append(
            f"GIÁ TRỊ TRONG BỘ TIÊU CHÍ TỈNH {set_code} – CHƯA XÁC MINH là ngưỡng của bộ này, "
            f"không dùng để đánh giá: {_describe_values(values)}"
        )
    evidence = sources.describe(ind.get("evidence"))
    note = _lines(
        _text(ind.get("note")),
        f"Tên thấy trong nguồn (tiếng Anh): {_text(ind['name_seen_en'])}"
        if ind.get("name_seen_en")
        else "",
        f"Phụ thuộc bộ tiêu chí: {ind['depends_on_set']}" if ind.get("depends_on_set") else "",
        "Đếm số mức được chọn: đạt khi số mức ≥ ngưỡng." if "count>=" in ops else "",
        *leads,
        f"Nguồn:\n{evidence}" if evidence else "",
    )
    indicator = IndicatorSpec(
        code=code,
        fields={
            "name": _text(ind.get("name")),
            "name_verified": ind.get("name_verified") is True,
            "unit_label": unit,
            "kind": kind,
            "comparison": comparison,
            "choices": [_text(o) for o in ind.get("options") or []],
            "note": note,
            "order": order,
        },
    )
    indicator.targets = _parse_targets(ind, evidence, src, where)
    return indicator


def _parse_targets(ind: dict[str, Any], source: str, src: str, where: str) -> list[TargetSpec]:
    target = ind.get("target")
    if target is None:
        return []
    rule = ind.get("rule")
    verified_keys = {str(k) for k in ind.get("verified_keys") or []}
    rows: list[tuple[str | None, str, int | None, Any]] = []  # (raw key, key, year, text)
    if isinstance(target, dict):
        for raw, value in target.items():
            raw = str(raw)
            if YEAR_RE.match(raw):
                if isinstance(value, dict):
                    for sub, text in value.items():
                        rows.append((str(sub), _key(str(sub)), int(raw), text))
                else:
                    rows.append((None, GENERAL_KEY, int(raw), value))
            elif isinstance(value, dict):
                raise CriteriaFileError(src, where, f"khóa '{raw}' không được chứa bảng con.")
            else:
                rows.append((raw, _key(raw), None, value))
    else:
        rows.append((None, GENERAL_KEY, None, target))
    specs: list[TargetSpec] = []
    seen: set[tuple[str, int | None]] = set()
    for raw, key, year, text in rows:
        if (key, year) in seen:
            raise CriteriaFileError(src, where, f"ngưỡng '{key}' năm {year} bị lặp.")
        seen.add((key, year))
        legal_text = _text(text)
        if verified_keys:
            verified = (year is not None and str(year) in verified_keys) or (
                raw is not None and raw in verified_keys
            )
        else:
            verified = ind.get("verified") is True
        verified = verified and bool(legal_text)
        fields: dict[str, Any] = {
            "legal_text": legal_text,
            "value": None,
            "value_choice": "",
            "source": source,
            "verified": verified,
            "note": ""
            if legal_text
            else "Chưa thấy giá trị trong nguồn (dữ liệu nghiên cứu ghi null).",
        }
        machine = _rule_for(rule, raw, year)
        if verified and machine:
            op, value = machine.get("op"), machine.get("value")
            if "value_expr" in machine:
                fields["note"] = _lines(
                    fields["note"],
                    f"Công thức (đã xác minh, chưa tính tự động): {op} {machine['value_expr']}",
                )
            if op in OPS and value is not None:
                if isinstance(value, str):
                    fields["value_choice"] = _text(value)
                else:
                    fields["value"] = _number(value, src, f"{where}.rule")
        specs.append(TargetSpec(key=key, year=year, fields=fields))
    return specs


def _key(raw: str) -> str:
    return GENERAL_KEY if raw in GENERAL_ALIASES else raw


def _rule_for(rule: Any, raw: str | None, year: int | None) -> dict[str, Any] | None:
    """The {op, value} that applies to one target row, or None."""
    if not isinstance(rule, dict):
        return None
    if "op" in rule:
        return rule
    if year is not None:
        by_year = rule.get(str(year))
        if isinstance(by_year, dict) and "op" in by_year:
            return by_year
        rule = by_year if isinstance(by_year, dict) else {}
    if raw is not None:
        found = rule.get(raw)
        if isinstance(found, dict) and "op" in found:
            return found
    return None

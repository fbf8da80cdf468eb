"""Evaluation rules: pure functions over plain dataclasses (no ORM, no settings).

- :func:`select_target` picks the target that applies to a unit in a year;
- :func:`evaluate_indicator` compares one value with that target and explains the result;
- :func:`evaluate_criterion` combines the indicators of a criterion (and a member's flag);
- :func:`summarize` counts a scorecard ("Đạt 15/19 tiêu chí").

Every explanation is Vietnamese and uses Vietnamese number formats (``ntm.core.numbers``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ntm.core.numbers import format_number, format_percent

# The status codes are the values of ``ntm.assessments.models.Status`` (kept here as plain
# strings so that this module stays free of Django models).
MET = "dat"
NOT_MET = "chua_dat"
NOT_SUSTAINABLE = "chua_ben_vung"
NO_TARGET = "chua_co_nguong"
NO_DATA = "chua_co_so_lieu"

STATUS_LABELS = {
    MET: "Đạt",
    NOT_MET: "Chưa đạt",
    NOT_SUSTAINABLE: "Đạt nhưng chưa bền vững",
    NO_TARGET: "Chưa có ngưỡng",
    NO_DATA: "Chưa có số liệu",
}
MET_STATUSES = frozenset({MET, NOT_SUSTAINABLE})

# Indicator kinds and comparisons (values of ntm.criteria.models.IndicatorKind / Comparison).
NUMBER, RATIO, BOOLEAN, CHOICE, TEXT = "number", "ratio", "boolean", "choice", "text"
AT_LEAST, AT_MOST, EQUAL, DELEGATED, NONE = ">=", "<=", "=", "delegated", "none"

# What a result rests on (values of ntm.assessments.models.Basis).
VERIFIED, ILLUSTRATIVE, MISSING = "verified", "illustrative", "missing"
BASIS_LABELS = {
    VERIFIED: "ngưỡng đã đối chiếu văn bản",
    ILLUSTRATIVE: "ngưỡng minh họa, chưa đối chiếu văn bản",
    MISSING: "chưa có ngưỡng",
}
# The one wording of an illustrative result, on screen, on the public page and in every file.
ILLUSTRATIVE_NOTE = "ngưỡng minh họa"
# The one definition of the summary, stated wherever a count is shown.
MET_DEFINITION = (
    "Một tiêu chí được tính là đạt khi mọi chỉ tiêu của tiêu chí đạt ngưỡng; số tiêu chí đạt "
    "gồm cả tiêu chí “Đạt nhưng chưa bền vững”. Tiêu chí chưa có ngưỡng hoặc chưa có số liệu "
    "không được tính là đạt."
)

GENERAL_KEY = "chung"
HUNDRED = Decimal(100)
NO_VERIFIED_TARGET = "chưa có ngưỡng đã đối chiếu văn bản"


# --- Inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetData:
    """One target row: key ("chung", a region, a group, a class), optional year, value."""

    id: int | None
    key: str
    year: int | None
    value: Decimal | None = None
    value_choice: str = ""
    verified: bool = False
    is_illustrative: bool = False
    legal_text: str = ""

    @property
    def evaluable(self) -> bool:
        """Same rule as ``Target.is_evaluable``: checked (or illustrative) and machine-readable."""
        return (self.verified or self.is_illustrative) and (
            self.value is not None or bool(self.value_choice)
        )


@dataclass(frozen=True)
class UnitKeys:
    """What a unit is keyed by in a year; the labels are used in explanations."""

    target_keys: str  # value of ntm.criteria.models.TargetKeys for the set
    region: str = ""
    region_label: str = ""
    group: str = ""
    group_label: str = ""
    commune_class: str = ""
    commune_class_label: str = ""

    def own_key(self) -> str:
        return {
            "region": self.region,
            "commune_group": self.group,
            "commune_class": self.commune_class,
        }.get(self.target_keys, "")

    def missing_key_note(self) -> str:
        """Why a class-keyed set falls back to its general targets: the class is not recorded."""
        if self.target_keys == "commune_class" and not self.commune_class:
            return "chưa ghi nhận xã thuộc loại đặc biệt khó khăn hay còn lại trong năm này"
        return ""

    def label_for(self, key: str) -> str:
        if key == GENERAL_KEY or not key:
            return "yêu cầu chung"
        if key == self.region and self.region_label:
            return f"yêu cầu vùng {self.region_label}"
        if key == self.group and self.group_label:
            return f"yêu cầu {self.group_label.lower()}"
        if key == self.commune_class and self.commune_class_label:
            return f"yêu cầu {self.commune_class_label}"
        return f"yêu cầu áp dụng cho {key}"


@dataclass(frozen=True)
class IndicatorData:
    code: str
    name: str
    kind: str
    comparison: str
    unit_label: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValueData:
    """A typed value as entered (only the field of the indicator's kind is used)."""

    kind: str
    number: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    boolean: bool | None = None
    choice: str = ""
    text: str = ""
    period_label: str = ""
    approved: bool = False

    def measure(self) -> Decimal | bool | str | None:
        """The comparable quantity, or None when nothing usable was entered."""
        if self.kind == RATIO:
            return ratio_percent(self.numerator, self.denominator)
        if self.kind == NUMBER:
            return self.number
        if self.kind == BOOLEAN:
            return self.boolean
        if self.kind == CHOICE:
            return self.choice or None
        return self.text or None


# --- Outputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorOutcome:
    status: str
    explanation: str
    target: TargetData | None = None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class CriterionOutcome:
    status: str
    explanation: str
    indicators_met: int
    indicators_total: int

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Summary:
    """The counts of one unit × criteria set × period (see :data:`MET_DEFINITION`)."""

    total: int
    counts: dict[str, int] = field(default_factory=dict)
    illustrative: int = 0  # met criteria resting on at least one illustrative threshold
    period_label: str = ""

    @property
    def met(self) -> int:
        """Met criteria, including those met but not yet sustainable."""
        return sum(self.counts.get(s, 0) for s in MET_STATUSES)

    @property
    def not_sustainable(self) -> int:
        return self.counts.get(NOT_SUSTAINABLE, 0)

    @property
    def not_met(self) -> int:
        return self.counts.get(NOT_MET, 0)

    @property
    def no_target(self) -> int:
        return self.counts.get(NO_TARGET, 0)

    @property
    def no_data(self) -> int:
        return self.counts.get(NO_DATA, 0)

    @property
    def text(self) -> str:
        """'Đạt 13/19 tiêu chí, trong đó 2 đạt nhưng chưa bền vững' — the same words everywhere."""
        text = f"Đạt {self.met}/{self.total} tiêu chí"
        if self.not_sustainable:
            text += f", trong đó {self.not_sustainable} đạt nhưng chưa bền vững"
        return text

    @property
    def illustrative_text(self) -> str:
        if not self.illustrative:
            return ""
        return f"{self.illustrative} tiêu chí đạt dựa trên {ILLUSTRATIVE_NOTE} (chưa đối chiếu văn bản)"

    @property
    def full_text(self) -> str:
        """The headline with its period and the illustrative caveat (files, one line)."""
        text = self.text
        if self.period_label:
            text += f" ({self.period_label})"
        if self.illustrative:
            text += f"; {self.illustrative_text}"
        return text

    @property
    def definition(self) -> str:
        return MET_DEFINITION

    @property
    def breakdown(self) -> str:
        parts = [
            f"{self.not_met} chưa đạt",
            f"{self.no_target} chưa có ngưỡng",
            f"{self.no_data} chưa có số liệu",
        ]
        return ", ".join(parts)


# --- Numbers ------------------------------------------------------------------------------


def ratio_percent(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator × 100; None when either is missing or the denominator is 0
    (entry refuses a zero denominator; this only guards stored data)."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    try:
        return numerator * HUNDRED / denominator
    except InvalidOperation:
        return None


def show(value: Decimal | bool | str | None, indicator: IndicatorData) -> str:
    """A value as people read it: '82,5%', '1.234 triệu đồng', 'Đạt'."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Đạt" if value else "Chưa đạt"
    if isinstance(value, str):
        return value
    if indicator.kind == RATIO or indicator.unit_label.strip() == "%":
        return format_percent(value, 2)
    text = format_number(value)
    unit = indicator.unit_label.strip()
    return f"{text} {unit}" if unit else text


def _relation(measure: Decimal, threshold: Decimal, indicator: IndicatorData, sign: str) -> str:
    """'82,5% ≥ 80%'. When rounding for display would print the same figure on both sides of
    a strict sign ('80% < 80%' for 79,995 %), print as many decimals as it takes to show why."""
    shown, limit = show(measure, indicator), show(threshold, indicator)
    if shown == limit and measure != threshold:
        percent = indicator.kind == RATIO or indicator.unit_label.strip() == "%"
        for decimals in range(3, 9):
            if percent:
                shown, limit = (
                    format_percent(measure, decimals),
                    format_percent(threshold, decimals),
                )
            else:
                unit = f" {indicator.unit_label.strip()}" if indicator.unit_label.strip() else ""
                shown = format_number(measure, decimals) + unit
                limit = format_number(threshold, decimals) + unit
            if shown != limit:
                break
    return f"{shown} {sign} {limit}"


def _required_boolean(target: TargetData) -> bool:
    if target.value is not None:
        return target.value != 0
    return target.value_choice.strip().casefold() not in {"không", "chưa đạt", "false", "0"}


# --- Target selection ---------------------------------------------------------------------


def select_target(targets: Iterable[TargetData], keys: UnitKeys, year: int) -> TargetData | None:
    """The target for this unit and year.

    A target for the unit's own key (region, commune group or class, as the set is keyed)
    beats the general one ("chung"); within the same key, a target for this very year beats
    one for every year. Targets for other keys or other years never apply.
    """
    own = keys.own_key()
    best: tuple[int, int] | None = None
    chosen: TargetData | None = None
    for target in targets:
        if target.year is not None and target.year != year:
            continue
        if own and target.key == own:
            key_rank = 2
        elif target.key == GENERAL_KEY:
            key_rank = 1
        else:
            continue
        rank = (key_rank, 1 if target.year is not None else 0)
        if best is None or rank > best:
            best, chosen = rank, target
    return chosen


def target_scope(target: TargetData, keys: UnitKeys) -> str:
    text = keys.label_for(target.key)
    if target.year is not None:
        text += f" năm {target.year}"
    if target.is_illustrative and not target.verified:
        text = f"ngưỡng minh họa, {text}"
    note = keys.missing_key_note()
    if note and target.key == GENERAL_KEY:
        text += f", vì {note}"
    return text


# --- Indicator evaluation -----------------------------------------------------------------


def _compare(measure: Decimal, threshold: Decimal, comparison: str) -> tuple[bool, str]:
    if comparison == AT_LEAST:
        return (measure >= threshold, "≥" if measure >= threshold else "<")
    if comparison == AT_MOST:
        return (measure <= threshold, "≤" if measure <= threshold else ">")
    return (measure == threshold, "=" if measure == threshold else "≠")


def _within_margin(
    measure: Decimal, threshold: Decimal, comparison: str, margin_percent: Decimal, kind: str
) -> bool:
    """Met, but by less than ``margin_percent`` % of the threshold."""
    if margin_percent <= 0 or threshold == 0 or comparison not in {AT_LEAST, AT_MOST}:
        return False
    if kind == RATIO and comparison == AT_LEAST and measure >= HUNDRED:
        return False  # 100 % cannot be exceeded: fully met is not a thin margin
    tolerance = abs(threshold) * margin_percent / HUNDRED
    room = measure - threshold if comparison == AT_LEAST else threshold - measure
    return room < tolerance


def _worsened(current: Decimal, previous: Decimal, comparison: str) -> bool:
    if comparison == AT_LEAST:
        return current < previous
    if comparison == AT_MOST:
        return current > previous
    return False


def evaluate_indicator(
    indicator: IndicatorData,
    value: ValueData | None,
    target: TargetData | None,
    keys: UnitKeys,
    *,
    previous: ValueData | None = None,
    margin_percent: Decimal = Decimal(0),
) -> IndicatorOutcome:
    """Đạt / Chưa đạt / Đạt nhưng chưa bền vững / Chưa có ngưỡng / Chưa có số liệu, explained."""
    measure = value.measure() if value is not None else None
    entered = f"Đã nhập {show(measure, indicator)}" if measure is not None else "Chưa có số liệu"
    if indicator.comparison == DELEGATED:
        return IndicatorOutcome(
            NO_TARGET,
            f"{entered}; yêu cầu do UBND cấp tỉnh quy định cụ thể — "
            f"{NO_VERIFIED_TARGET} để đánh giá tự động.",
            target,
        )
    if indicator.comparison == NONE or indicator.kind == TEXT:
        return IndicatorOutcome(
            NO_TARGET, f"{entered}; chỉ tiêu này không so sánh tự động với ngưỡng.", target
        )
    if target is None:
        note = keys.missing_key_note()
        return IndicatorOutcome(
            NO_TARGET, f"{entered}; {NO_VERIFIED_TARGET}{f' ({note})' if note else ''}.", None
        )
    if not target.evaluable:
        why = (
            "ngưỡng chưa được đối chiếu với văn bản đã ký"
            if target.value is not None or target.value_choice
            else "chưa có giá trị ngưỡng"
        )
        return IndicatorOutcome(
            NO_TARGET,
            f"{entered}; {NO_VERIFIED_TARGET} ({why}, {keys.label_for(target.key)}).",
            target,
        )
    scope = target_scope(target, keys)
    if value is None or measure is None:
        return IndicatorOutcome(NO_DATA, f"Chưa có số liệu — {scope}.", target)
    pending = "" if value.approved else " (số liệu chưa được duyệt)"

    if indicator.kind == BOOLEAN:
        required = _required_boolean(target)
        met = bool(measure) == required
        relation = f"{show(bool(measure), indicator)}, yêu cầu {show(required, indicator)}"
        return IndicatorOutcome(MET if met else NOT_MET, f"{relation} — {scope}{pending}.", target)

    if indicator.kind == CHOICE:
        required_choice = target.value_choice
        assert isinstance(measure, str)
        if indicator.choices and indicator.comparison == AT_LEAST and required_choice:
            order = list(indicator.choices)
            met = (
                measure in order
                and required_choice in order
                and order.index(measure) >= order.index(required_choice)
            )
        else:
            met = measure == required_choice
        sign = "đạt mức" if met else "chưa đạt mức"
        return IndicatorOutcome(
            MET if met else NOT_MET,
            f"“{measure}” {sign} “{required_choice}” — {scope}{pending}.",
            target,
        )

    # number or ratio
    assert isinstance(measure, Decimal)
    if target.value is None:
        return IndicatorOutcome(
            NO_TARGET, f"{entered}; {NO_VERIFIED_TARGET} (ngưỡng không phải số).", target
        )
    threshold = target.value
    met, sign = _compare(measure, threshold, indicator.comparison)
    relation = _relation(measure, threshold, indicator, sign)
    if not met:
        return IndicatorOutcome(NOT_MET, f"{relation} — {scope}{pending}.", target)
    reasons: list[str] = []
    if _within_margin(measure, threshold, indicator.comparison, margin_percent, indicator.kind):
        reasons.append(f"chỉ vượt ngưỡng trong biên {format_number(margin_percent)}% của ngưỡng")
    if previous is not None:
        before = previous.measure()
        if isinstance(before, Decimal) and _worsened(measure, before, indicator.comparison):
            when = f" ({previous.period_label})" if previous.period_label else ""
            reasons.append(f"giảm so với kỳ trước{when}: {show(before, indicator)}")
    if reasons:
        return IndicatorOutcome(
            NOT_SUSTAINABLE,
            f"{relation} — {scope}{pending}; chưa bền vững: {'; '.join(reasons)}.",
            target,
        )
    return IndicatorOutcome(MET, f"{relation} — {scope}{pending}.", target)


# --- Criterion evaluation -----------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    outcome: IndicatorOutcome


def evaluate_criterion(
    lines: Sequence[IndicatorLine], *, flag_reason: str | None = None
) -> CriterionOutcome:
    """Đạt when every indicator is met; not sustainable when met but one indicator is thin or
    slipped back, or a responsible member flagged it with a reason."""
    total = len(lines)
    if total == 0:
        return CriterionOutcome(
            NO_TARGET,
            "Tiêu chí chưa có chỉ tiêu trong bộ tiêu chí (chưa có văn bản đã đối chiếu): "
            "chưa đánh giá tự động được.",
            0,
            0,
        )
    met = sum(1 for line in lines if line.outcome.status in MET_STATUSES)

    def codes(status: str) -> list[str]:
        return [line.code for line in lines if line.outcome.status == status]

    def detail(status: str) -> str:
        return "; ".join(
            f"{line.code}: {line.outcome.explanation}"
            for line in lines
            if line.outcome.status == status
        )

    if codes(NOT_MET):
        text = f"Chưa đạt: {met}/{total} chỉ tiêu đạt. {detail(NOT_MET)}"
        if flag_reason:
            text += f" Thành viên phụ trách ghi nhận: {flag_reason}"
        return CriterionOutcome(NOT_MET, text, met, total)
    if codes(NO_DATA):
        missing = ", ".join(codes(NO_DATA))
        return CriterionOutcome(
            NO_DATA, f"Chưa có số liệu cho chỉ tiêu {missing} ({met}/{total} đạt).", met, total
        )
    if codes(NO_TARGET):
        missing = ", ".join(codes(NO_TARGET))
        return CriterionOutcome(
            NO_TARGET,
            f"Chưa có ngưỡng để đánh giá chỉ tiêu {missing} ({met}/{total} đạt). "
            f"{detail(NO_TARGET)}",
            met,
            total,
        )
    reasons = []
    if codes(NOT_SUSTAINABLE):
        reasons.append(detail(NOT_SUSTAINABLE))
    if flag_reason:
        reasons.append(f"Thành viên phụ trách đánh giá chưa bền vững: {flag_reason}")
    if reasons:
        return CriterionOutcome(
            NOT_SUSTAINABLE,
            f"Đạt {met}/{total} chỉ tiêu nhưng chưa bền vững. " + " ".join(reasons),
            met,
            total,
        )
    return CriterionOutcome(MET, f"Đạt {met}/{total} chỉ tiêu. {detail(MET)}", met, total)


def summarize(
    statuses: Iterable[str],
    total: int | None = None,
    *,
    illustrative: int = 0,
    period_label: str = "",
) -> Summary:
    """Scorecard counts; ``total`` defaults to the number of statuses given. Criteria without
    a status (fewer statuses than ``total``) count as "Chưa có số liệu"."""
    counts: dict[str, int] = {}
    seen = 0
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
        seen += 1
    if total is not None and total > seen:
        counts[NO_DATA] = counts.get(NO_DATA, 0) + total - seen
    return Summary(
        total=seen if total is None else total,
        counts=counts,
        illustrative=illustrative,
        period_label=period_label,
    )


def target_basis(target: TargetData | None, *, indicator_illustrative: bool = False) -> str:
    """What a result rests on: a verified threshold, an illustrative one (or an illustrative
    indicator), or no usable threshold."""
    if target is None or not target.evaluable:
        return MISSING
    if indicator_illustrative or (target.is_illustrative and not target.verified):
        return ILLUSTRATIVE
    return VERIFIED


def status_text(status: str, *, illustrative: bool = False) -> str:
    """A status as printed on screen and in files: 'Đạt (ngưỡng minh họa)'."""
    label = STATUS_LABELS.get(status, status)
    if illustrative and status in MET_STATUSES | {NOT_MET}:
        return f"{label} ({ILLUSTRATIVE_NOTE})"
    return label


COMPARISON_SIGNS = {AT_LEAST: "≥", AT_MOST: "≤", EQUAL: "="}


def requirement(indicator: IndicatorData, target: TargetData | None) -> str:
    """The "Yêu cầu" column: '≥ 60%' in Vietnamese formats, with the basis when not verified."""
    if target is None:
        return STATUS_LABELS[NO_TARGET]
    if target.value is not None:
        if indicator.kind == BOOLEAN:
            text = show(_required_boolean(target), indicator)
        else:
            sign = COMPARISON_SIGNS.get(indicator.comparison, "")
            text = f"{sign} {show(target.value, indicator)}".strip()
    else:
        text = target.value_choice or target.legal_text or STATUS_LABELS[NO_TARGET]
    if not target.evaluable:
        return f"{text} ({BASIS_LABELS[MISSING]} đã đối chiếu)"
    if target.is_illustrative and not target.verified:
        return f"{text} ({ILLUSTRATIVE_NOTE})"
    return text


def badge_class(status: str) -> str:
    """CSS class of the status badge (colour is always paired with the text)."""
    return {MET: "ok", NOT_MET: "bad", NOT_SUSTAINABLE: "warn"}.get(status, "none")

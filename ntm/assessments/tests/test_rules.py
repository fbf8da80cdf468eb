"""The evaluation rules as a table of cases (pure: no database)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from ntm.assessments import rules
from ntm.assessments.rules import (
    MET,
    NO_DATA,
    NO_TARGET,
    NOT_MET,
    NOT_SUSTAINABLE,
    IndicatorData,
    IndicatorLine,
    IndicatorOutcome,
    TargetData,
    UnitKeys,
    ValueData,
)

DNB = UnitKeys(target_keys="region", region="DNB", region_label="Đông Nam Bộ")
GROUP2 = UnitKeys(target_keys="commune_group", group="NHOM2", group_label="Nhóm 2")
RATIO_MIN = IndicatorData("9.1", "Tỷ lệ nhà ở kiên cố", "ratio", ">=")
NUMBER_MAX = IndicatorData("11.1", "Tỷ lệ hộ nghèo", "number", "<=", "%")
NUMBER_MIN = IndicatorData("10", "Thu nhập", "number", ">=", "triệu đồng")
BOOL = IndicatorData("5.1", "Trường đạt chuẩn", "boolean", ">=")


def t(value: str | None, key: str = "chung", year: int | None = None, **kw: object) -> TargetData:
    return TargetData(
        id=hash((key, year, value)) % 10_000,
        key=key,
        year=year,
        value=None if value is None else D(value),
        verified=bool(kw.get("verified", True)),
        is_illustrative=bool(kw.get("illustrative", False)),
    )


def ratio(num: str, den: str, label: str = "") -> ValueData:
    return ValueData(
        kind="ratio", numerator=D(num), denominator=D(den), period_label=label, approved=True
    )


def num(value: str, label: str = "") -> ValueData:
    return ValueData(kind="number", number=D(value), period_label=label, approved=True)


# (id, indicator, value, target, previous, margin, expected status, text in explanation)
CASES = [
    ("at threshold >=", RATIO_MIN, ratio("95", "100"), t("95"), None, "0", MET, "95% ≥ 95%"),
    ("one below >=", RATIO_MIN, ratio("94", "100"), t("95"), None, "0", NOT_MET, "94% < 95%"),
    ("one above >=", RATIO_MIN, ratio("96", "100"), t("95"), None, "0", MET, "96% ≥ 95%"),
    # Issue 21: rounded for display, compared unrounded, never "80% < 80%".
    (
        "just below, shown precisely",
        RATIO_MIN,
        ratio("79995", "100000"),
        t("80"),
        None,
        "0",
        NOT_MET,
        "79,995% < 80%",
    ),
    (
        "just above, shown precisely",
        RATIO_MIN,
        ratio("80001", "100000"),
        t("80"),
        None,
        "0",
        MET,
        "80,001% ≥ 80%",
    ),
    ("at threshold <=", NUMBER_MAX, num("1.5"), t("1.5"), None, "0", MET, "1,5% ≤ 1,5%"),
    ("one above <=", NUMBER_MAX, num("2.5"), t("1.5"), None, "0", NOT_MET, "2,5% > 1,5%"),
    ("one below <=", NUMBER_MAX, num("0.5"), t("1.5"), None, "0", MET, "0,5% ≤ 1,5%"),
    (
        "issue example",
        RATIO_MIN,
        ratio("165", "200"),
        t("95", "DNB", 2024),
        None,
        "5",
        NOT_MET,
        "82,5% < 95% — yêu cầu vùng Đông Nam Bộ năm 2024",
    ),
    (
        "missing target",
        RATIO_MIN,
        ratio("96", "100"),
        None,
        None,
        "5",
        NO_TARGET,
        "chưa có ngưỡng đã đối chiếu văn bản",
    ),
    (
        "unverified target",
        RATIO_MIN,
        ratio("96", "100"),
        t("95", verified=False),
        None,
        "5",
        NO_TARGET,
        "chưa có ngưỡng đã đối chiếu văn bản",
    ),
    (
        "target without value",
        NUMBER_MIN,
        num("60"),
        t(None),
        None,
        "5",
        NO_TARGET,
        "chưa có giá trị ngưỡng",
    ),
    (
        "illustrative target",
        RATIO_MIN,
        ratio("99", "100"),
        t("95", verified=False, illustrative=True),
        None,
        "0",
        MET,
        "ngưỡng minh họa",
    ),
    ("missing value", RATIO_MIN, None, t("95"), None, "5", NO_DATA, "Chưa có số liệu"),
    (
        "margin >=",
        RATIO_MIN,
        ratio("96", "100"),
        t("95"),
        None,
        "5",
        NOT_SUSTAINABLE,
        "trong biên 5%",
    ),
    ("margin <=", NUMBER_MAX, num("1.45"), t("1.5"), None, "5", NOT_SUSTAINABLE, "trong biên"),
    ("outside margin", RATIO_MIN, ratio("99.9", "100"), t("90"), None, "5", MET, "99,9% ≥ 90%"),
    ("full ratio is not thin", RATIO_MIN, ratio("100", "100"), t("100"), None, "5", MET, "100%"),
    (
        "regression >=",
        RATIO_MIN,
        ratio("80", "100"),
        t("70"),
        ratio("84", "100", "9 tháng năm 2024"),
        "5",
        NOT_SUSTAINABLE,
        "giảm so với kỳ trước (9 tháng năm 2024): 84%",
    ),
    (
        "regression <=",
        NUMBER_MAX,
        num("0.9"),
        t("1.5"),
        num("0.5", "Quý II/2024"),
        "5",
        NOT_SUSTAINABLE,
        "giảm so với kỳ trước",
    ),
    ("improvement", RATIO_MIN, ratio("88", "100"), t("70"), ratio("84", "100"), "5", MET, "88%"),
    (
        "boolean met",
        BOOL,
        ValueData(kind="boolean", boolean=True, approved=True),
        t("1"),
        None,
        "5",
        MET,
        "Đạt, yêu cầu Đạt",
    ),
    (
        "boolean unmet",
        BOOL,
        ValueData(kind="boolean", boolean=False),
        t("1"),
        None,
        "5",
        NOT_MET,
        "số liệu chưa được duyệt",
    ),
]


@pytest.mark.parametrize(
    ("indicator", "value", "target", "previous", "margin", "status", "text"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_indicator_rule_table(
    indicator: IndicatorData,
    value: ValueData | None,
    target: TargetData | None,
    previous: ValueData | None,
    margin: str,
    status: str,
    text: str,
) -> None:
    outcome = rules.evaluate_indicator(
        indicator, value, target, DNB, previous=previous, margin_percent=D(margin)
    )
    assert outcome.status == status, outcome.explanation
    assert text in outcome.explanation


def test_delegated_and_none_comparisons_have_no_threshold() -> None:
    for comparison in ("delegated", "none"):
        indicator = IndicatorData("1.1", "Quy hoạch", "boolean", comparison)
        value = ValueData(kind="boolean", boolean=True)
        outcome = rules.evaluate_indicator(indicator, value, t("1"), DNB)
        assert outcome.status == NO_TARGET
    delegated = rules.evaluate_indicator(
        IndicatorData("1.1", "Quy hoạch", "boolean", "delegated"), None, t("1"), DNB
    )
    assert "UBND cấp tỉnh quy định" in delegated.explanation


def test_zero_denominator_gives_no_measure() -> None:
    assert rules.ratio_percent(D(1), D(0)) is None
    assert ratio("1", "0").measure() is None


# --- Target selection ---------------------------------------------------------------------


def test_region_target_beats_general() -> None:
    chosen = rules.select_target([t("90"), t("95", "DNB"), t("80", "TDMNPB")], DNB, 2024)
    assert chosen is not None and chosen.key == "DNB"


def test_general_target_when_region_has_none() -> None:
    chosen = rules.select_target([t("90"), t("80", "TDMNPB")], DNB, 2024)
    assert chosen is not None and chosen.key == "chung"


def test_year_specific_beats_any_year_and_other_years_never_apply() -> None:
    targets = [t("50", "DNB"), t("59", "DNB", 2022), t("62", "DNB", 2024)]
    assert rules.select_target(targets, DNB, 2024).value == D("62")  # type: ignore[union-attr]
    assert rules.select_target(targets, DNB, 2023).value == D("50")  # type: ignore[union-attr]
    assert rules.select_target([t("59", "DNB", 2022)], DNB, 2024) is None


def test_group_specific_target() -> None:
    targets = [t("90"), t("95", "NHOM2"), t("99", "NHOM1")]
    chosen = rules.select_target(targets, GROUP2, 2026)
    assert chosen is not None and chosen.key == "NHOM2"
    outcome = rules.evaluate_indicator(RATIO_MIN, ratio("97", "100"), chosen, GROUP2)
    assert "yêu cầu nhóm 2" in outcome.explanation
    # A region key means nothing to a group-keyed set.
    assert rules.select_target([t("95", "DNB")], GROUP2, 2026) is None


def test_class_keyed_target() -> None:
    keys = UnitKeys(
        target_keys="commune_class",
        commune_class="DBKK",
        commune_class_label="xã đặc biệt khó khăn",
    )
    chosen = rules.select_target([t("59"), t("39", "DBKK")], keys, 2022)
    assert chosen is not None and chosen.value == D("39")


# --- Criterion ----------------------------------------------------------------------------


def line(code: str, status: str) -> IndicatorLine:
    return IndicatorLine(code, IndicatorOutcome(status, f"giải thích {code}"))


@pytest.mark.parametrize(
    ("statuses", "flag", "expected"),
    [
        ([MET, MET], None, MET),
        ([MET, NOT_MET], None, NOT_MET),
        ([MET, NOT_SUSTAINABLE], None, NOT_SUSTAINABLE),
        ([MET, MET], "Nhà văn hóa xuống cấp", NOT_SUSTAINABLE),
        ([NOT_MET], "Nhà văn hóa xuống cấp", NOT_MET),
        ([MET, NO_DATA], None, NO_DATA),
        ([MET, NO_TARGET], None, NO_TARGET),
        ([NO_TARGET, NOT_MET], None, NOT_MET),
        ([], None, NO_TARGET),
    ],
)
def test_criterion_combines_indicators(
    statuses: list[str], flag: str | None, expected: str
) -> None:
    lines = [line(f"{i}.1", s) for i, s in enumerate(statuses, start=1)]
    outcome = rules.evaluate_criterion(lines, flag_reason=flag)
    assert outcome.status == expected
    assert outcome.indicators_total == len(statuses)
    if flag and expected == NOT_SUSTAINABLE:
        assert flag in outcome.explanation
    if not statuses:
        assert "chưa có chỉ tiêu" in outcome.explanation


def test_summary_text() -> None:
    statuses = [MET] * 13 + [NOT_SUSTAINABLE] * 2 + [NOT_MET] * 2 + [NO_TARGET, NO_DATA]
    summary = rules.summarize(statuses)
    assert summary.text.startswith("Đạt 15/19 tiêu chí")
    assert "trong đó 2 đạt nhưng chưa bền vững" in summary.text
    assert rules.summarize([MET, NOT_MET]).text == "Đạt 1/2 tiêu chí"

"""Loading the shipped sets: idempotent, audited, and faithful to what was verified."""

from __future__ import annotations

import io
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command

from ntm.criteria.loader import (
    DATA_DIR,
    CriteriaFileError,
    load_set_file,
    load_shipped_sets,
    shipped_files,
)
from ntm.criteria.models import (
    Comparison,
    CriteriaSet,
    Criterion,
    CriterionGroup,
    Indicator,
    IndicatorKind,
    LegalBasis,
    PeriodKind,
    Programme,
    SetLevel,
    Target,
)

MODELS = [Programme, CriteriaSet, LegalBasis, CriterionGroup, Criterion, Indicator, Target]
AUDITED = [Programme, CriteriaSet, LegalBasis, Criterion, Indicator, Target]


def counts() -> dict[str, int]:
    rows = {m.__name__: m.objects.count() for m in MODELS}
    rows.update({f"history:{m.__name__}": m.history.count() for m in AUDITED})  # type: ignore[attr-defined]
    rows["PeriodKind"] = PeriodKind.objects.count()
    return rows


def target(set_code: str, code: str, key: str = "chung", year: int | None = None) -> Target:
    return Target.objects.get(
        indicator__criterion__criteria_set__code=set_code, indicator__code=code, key=key, year=year
    )


def test_every_data_file_is_in_the_manifest() -> None:
    listed = {path.resolve() for path, _ in shipped_files()}
    on_disk = {p.resolve() for p in (DATA_DIR / "sets").glob("*.yaml")}
    on_disk |= {p.resolve() for p in (DATA_DIR / "derived").glob("*.yaml")}
    assert listed == on_disk
    assert (DATA_DIR / "sets" / "NOTES.md").exists()


def test_loading_twice_changes_nothing_and_writes_no_history(db: Any) -> None:
    first = load_shipped_sets()
    assert first.changed
    after_first = counts()
    second = load_shipped_sets()
    assert not second.changed
    assert counts() == after_first
    assert all(s.outcome == "unchanged" for s in second.sets)
    assert after_first["CriteriaSet"] == 7
    assert after_first["PeriodKind"] == 20  # 12 months, 4 quarters, 6 and 9 months, year, ad hoc
    assert after_first["Programme"] == 2


def test_counts_per_set(db: Any) -> None:
    report = load_shipped_sets()
    by_code = {s.code: s for s in report.sets}
    national = by_code["XA_NTM_2021_2025"]
    assert (national.criteria.total, national.indicators.total) == (19, 56)
    assert by_code["XA_NTM_2026_2030"].criteria.total == 10
    assert by_code["XA_NTM_2026_2030"].indicators.total == 0
    assert by_code["KDC_NTM_KIEU_MAU_BINH_PHUOC_2021_2025"].criteria.total == 0


def test_verified_threshold_is_evaluable_and_unverified_is_not(db: Any) -> None:
    load_shipped_sets()
    irrigation = target("XA_NTM_2021_2025", "3.1")
    assert irrigation.verified and irrigation.value == Decimal(80)
    assert irrigation.legal_text == "≥ 80%"
    assert irrigation.is_evaluable
    assert "S2: https://dantocmiennui" in irrigation.source
    assert irrigation.indicator.kind == IndicatorKind.RATIO
    assert irrigation.indicator.comparison == Comparison.AT_LEAST
    disaster = target("XA_NTM_2021_2025", "3.2")
    assert disaster.verified and disaster.value_choice == "Đạt" and disaster.value is None

    # Nâng cao income: year rows exist, none verified, none evaluable.
    income = Target.objects.filter(
        indicator__criterion__criteria_set__code="XA_NTM_NANG_CAO_2021_2025",
        indicator__code="10",
    )
    assert sorted(t.year for t in income) == [2022, 2023, 2024, 2025]
    assert not any(t.verified or t.is_evaluable or t.value is not None for t in income)

    # A recalled value is never a target: 2.1 of the national set has none, and its note
    # says the recalled value is an unverified lead.
    roads = Indicator.objects.get(criterion__criteria_set__code="XA_NTM_2021_2025", code="2.1")
    assert not roads.targets.exists()
    assert "CHƯA XÁC MINH" in roads.note and "100% (mọi vùng)" in roads.note
    assert "BINH_PHUOC_QD1360_2022" in roads.note

    # Only 3.1 and 3.2 of the national set are verified.
    verified = Target.objects.filter(
        indicator__criterion__criteria_set__code="XA_NTM_2021_2025", verified=True
    )
    assert sorted(t.indicator.code for t in verified) == ["3.1", "3.2"]
    # The shipped data never holds an illustrative target.
    assert not Target.objects.filter(is_illustrative=True).exists()


def test_verified_keys_and_delegated_targets(db: Any) -> None:
    load_shipped_sets()
    dbkk = target("XA_NTM_BINH_PHUOC_2021_2025", "2.2", "DBKK")
    other = target("XA_NTM_BINH_PHUOC_2021_2025", "2.2", "OTHER")
    assert dbkk.verified and dbkk.value == Decimal(80)
    assert not other.verified and other.value is None and other.legal_text == ""
    income_2022 = target("XA_NTM_BINH_PHUOC_2021_2025", "10", "OTHER", 2022)
    assert income_2022.verified and income_2022.value == Decimal(59)
    income_2023 = target("XA_NTM_BINH_PHUOC_2021_2025", "10", "chung", 2023)
    assert not income_2023.verified and income_2023.value is None
    commune_roads = target("XA_NTM_BINH_PHUOC_2021_2025", "2.1")  # "all" is the general key
    assert commune_roads.verified and commune_roads.value == Decimal(100)

    planning = Indicator.objects.get(
        criterion__criteria_set__code="XA_NTM_NANG_CAO_2021_2025", code="1.1"
    )
    assert planning.comparison == Comparison.DELEGATED
    assert {t.key for t in planning.targets.all()} == {"chung", "DNB"}
    assert all(t.verified and not t.is_evaluable for t in planning.targets.all())

    model_income = target("XA_NTM_KIEU_MAU_2021_2025", "KM.2")
    assert model_income.verified and model_income.value is None
    assert "1.10 * XA_NTM_NANG_CAO_2021_2025" in model_income.note
    fields = Indicator.objects.get(code="KM.4")
    assert fields.kind == IndicatorKind.CHOICE and "du lịch" in fields.choices
    assert target("XA_NTM_KIEU_MAU_2021_2025", "KM.4").value == Decimal(1)


def test_sets_programmes_and_provincial_extension(db: Any) -> None:
    load_shipped_sets()
    national = CriteriaSet.objects.get(code="XA_NTM_2021_2025")
    nang_cao = CriteriaSet.objects.get(code="XA_NTM_NANG_CAO_2021_2025")
    assert national.programme and national.programme.code == "ntm-2021-2025"
    assert national.short_name == "Xã NTM 2021–2025"
    assert not national.is_provincial and national.extends is None
    assert "Trung du miền núi phía Bắc" in national.rules_note
    assert "Điều kiện tiên quyết (đã xác minh)" in nang_cao.rules_note
    assert [g.code for g in national.groups.order_by("order")] == ["I", "II", "III", "IV", "V"]
    assert Criterion.objects.get(criteria_set=national, number=19).group.code == "V"
    new = CriteriaSet.objects.get(code="XA_NTM_2026_2030")
    assert new.programme and new.programme.code == "mtqg-2026-2035"
    assert new.effective_from and new.effective_from.isoformat() == "2026-02-15"
    assert new.target_keys == "commune_group"

    bp_nang_cao = CriteriaSet.objects.get(code="XA_NTM_NANG_CAO_BINH_PHUOC_2021_2025")
    assert bp_nang_cao.is_provincial and bp_nang_cao.extends == nang_cao
    assert bp_nang_cao.level == SetLevel.COMMUNE and bp_nang_cao.province is None
    (criterion,) = bp_nang_cao.criteria.all()
    assert (criterion.number, criterion.name) == (20, "Khu dân cư nông thôn mới kiểu mẫu")
    assert not criterion.indicators.exists()
    assert bp_nang_cao.legal_bases.get().document == "1361/QĐ-UBND"

    bp = CriteriaSet.objects.get(code="XA_NTM_BINH_PHUOC_2021_2025")
    assert bp.is_provincial and bp.extends == national and bp.target_keys == "commune_class"
    hamlet = CriteriaSet.objects.get(code="KDC_NTM_KIEU_MAU_BINH_PHUOC_2021_2025")
    assert hamlet.level == SetLevel.HAMLET and hamlet.is_provincial
    assert not hamlet.criteria.exists()


def _copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    shutil.copy(DATA_DIR / "sets" / name, path)
    return path


def test_a_changed_file_updates_in_place_and_is_audited(db: Any, tmp_path: Path) -> None:
    load_shipped_sets()
    before = target("XA_NTM_2021_2025", "3.1")
    rows = {m.__name__: m.objects.count() for m in MODELS}
    path = _copy(tmp_path, "xa-ntm-2021-2025.yaml")
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'target: "≥ 80%"\n        rule: {op: ">=", value: 80}',
        'target: "≥ 85%"\n        rule: {op: ">=", value: 85}',
    )
    path.write_text(text, encoding="utf-8")

    report = load_set_file(path)
    after = target("XA_NTM_2021_2025", "3.1")
    assert after.pk == before.pk
    assert (after.legal_text, after.value) == ("≥ 85%", Decimal(85))
    assert after.version == before.version + 1
    assert report.targets.updated == 1
    assert {m.__name__: m.objects.count() for m in MODELS} == rows
    latest = after.history.order_by("-history_date", "-history_id").first()  # type: ignore[attr-defined]
    assert latest.history_type == "~"
    assert latest.history_user is None
    assert latest.history_change_reason.startswith("Nạp từ tệp dữ liệu")
    changed = {c.field for c in latest.diff_against(latest.prev_record).changes}
    assert changed == {"legal_text", "value"}


def test_a_person_s_edit_is_kept_by_the_loader(db: Any, world: Any) -> None:
    load_shipped_sets()
    row = target("XA_NTM_NANG_CAO_2021_2025", "10", "chung", 2024)
    row.legal_text, row.value, row.verified = "≥ 72 triệu đồng/người/năm", Decimal(72), True
    row._history_user = world.officer  # type: ignore[attr-defined]
    row.save()
    report = load_shipped_sets()
    row.refresh_from_db()
    assert row.value == Decimal(72) and row.verified
    nang_cao = next(s for s in report.sets if s.code == "XA_NTM_NANG_CAO_2021_2025")
    assert nang_cao.targets.kept == 1
    assert any("10 – chung năm 2024" in line for line in nang_cao.kept)


def test_a_broken_file_changes_nothing(db: Any, tmp_path: Path) -> None:
    load_shipped_sets()
    before = counts()
    path = _copy(tmp_path, "xa-ntm-kieu-mau-2021-2025.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["criteria"][0]["indicators"][0]["name"] = "Tên mới"
    data["criteria"][1]["indicators"][0]["kind"] = "percentage"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CriteriaFileError, match="kiểu 'percentage' không hợp lệ"):
        load_set_file(path)
    assert counts() == before


def test_command_prints_a_vietnamese_summary(db: Any) -> None:
    out = io.StringIO()
    call_command("load_criteria", stdout=out)
    text = out.getvalue()
    assert "Nạp bộ tiêu chí:" in text
    assert "Tiêu chí: 19 (19 tạo mới, 0 cập nhật, 0 không đổi)" in text
    assert "Chỉ tiêu: 56 (56 tạo mới" in text
    out = io.StringIO()
    call_command("load_criteria", stdout=out)
    assert "Không có thay đổi nào." in out.getvalue()
    assert "Ngưỡng: 35 (0 tạo mới, 0 cập nhật, 35 không đổi)" in out.getvalue()

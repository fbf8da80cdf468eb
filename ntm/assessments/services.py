"""Writes of the assessments app. Every write that can change an evaluation recomputes the
affected IndicatorResult / CriterionResult rows here, explicitly — never in save() or signals.

Public API for other apps:
- ``recompute(unit, criterion=..., period=...)`` / ``recompute(unit, indicator=..., period=...)``
- ``recompute_for_target(target)`` — call after a target is created, edited or imported;
- ``recompute_for_criterion(criterion)`` — call after indicators of a criterion change;
Who may write what is answered in ``ntm.assessments.permissions``; the writes here check it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from ntm.assessments import rules
from ntm.assessments.models import (
    CriterionRegistration,
    CriterionResult,
    Evidence,
    IndicatorResult,
    IndicatorValue,
    ResultSummary,
    SetRegistration,
    SustainabilityFlag,
    ValueStatus,
)
from ntm.assessments.permissions import (
    can_approve,
    can_enter_value,
    can_flag,
    can_register,
)
from ntm.assessments.queries import unit_keys
from ntm.core import clock, uploads
from ntm.core.concurrency import save_versioned
from ntm.core.text import normalize
from ntm.criteria.models import (
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorKind,
    Period,
    SetLevel,
    Target,
)
from ntm.criteria.periods import has_started, not_started_message, year_period
from ntm.geography.models import AdministrativeUnit

LOCKED_MESSAGE = (
    "Số liệu này đã khóa vì báo cáo của kỳ đã được duyệt; không thể thay đổi. "
    "Hãy liên hệ cán bộ thường trực NTM nếu cần điều chỉnh."
)


def _check_level(unit: AdministrativeUnit, criteria_set: CriteriaSet) -> None:
    if criteria_set.level == SetLevel.HAMLET and not unit.level.is_hamlet:
        raise ValidationError(
            f"Bộ tiêu chí “{criteria_set}” áp dụng cho ấp, thôn; {unit} không phải ấp, thôn."
        )
    if criteria_set.level == SetLevel.COMMUNE and not unit.level.is_commune:
        raise ValidationError(
            f"Bộ tiêu chí “{criteria_set}” áp dụng cho cấp xã; {unit} không phải xã."
        )


# --- Evaluation ---------------------------------------------------------------------------


def margin_percent() -> Decimal:
    return Decimal(str(getattr(settings, "NTM_SUSTAINABILITY_MARGIN_PERCENT", "5") or "0"))


def _target_data(target: Target) -> rules.TargetData:
    return rules.TargetData(
        id=target.pk,
        key=target.key,
        year=target.year,
        value=target.value,
        value_choice=target.value_choice,
        verified=target.verified,
        is_illustrative=target.is_illustrative,
        legal_text=target.legal_text,
    )


def _indicator_data(indicator: Indicator) -> rules.IndicatorData:
    return rules.IndicatorData(
        code=indicator.code,
        name=indicator.name,
        kind=indicator.kind,
        comparison=indicator.comparison,
        unit_label=indicator.unit_label,
        choices=tuple(str(c) for c in (indicator.choices or [])),
    )


def value_data(value: IndicatorValue, kind: str) -> rules.ValueData:
    return rules.ValueData(
        kind=kind,
        number=value.number,
        numerator=value.numerator,
        denominator=value.denominator,
        boolean=value.boolean,
        choice=value.choice,
        text=value.text,
        period_label=value.period.label,
        approved=value.status == ValueStatus.APPROVED,
    )


def _order(period: Period) -> tuple[Any, Any]:
    return (period.end, period.start)


@transaction.atomic
def recompute(
    unit: AdministrativeUnit,
    *,
    period: Period,
    criterion: Criterion | None = None,
    indicator: Indicator | None = None,
) -> CriterionResult:
    """Recompute the results of ``criterion`` (or of ``indicator``'s criterion) for ``unit``
    in ``period`` and in every later period that has values or results (a later period may
    compare against this one for "chưa bền vững"). Returns the result of ``period``."""
    if criterion is None:
        if indicator is None:
            raise TypeError("recompute() needs a criterion or an indicator")
        criterion = indicator.criterion
    criterion = Criterion.objects.select_related("criteria_set").get(pk=criterion.pk)
    indicators = list(
        Indicator.objects.filter(criterion=criterion)
        .prefetch_related("targets")
        .order_by("order", "code")
    )
    values = list(
        IndicatorValue.objects.filter(unit=unit, indicator__criterion=criterion).select_related(
            "period"
        )
    )
    later = {v.period for v in values if _order(v.period) > _order(period)}
    later |= {
        r.period
        for r in CriterionResult.objects.filter(unit=unit, criterion=criterion).select_related(
            "period"
        )
        if _order(r.period) > _order(period)
    }
    keys_by_year: dict[int, rules.UnitKeys] = {}
    flags = {
        f.period_id: f.reason
        for f in SustainabilityFlag.objects.filter(
            unit=unit, criterion=criterion, active=True
        ).order_by("created_at", "id")
    }
    result = None
    for each in [period, *sorted(later, key=_order)]:
        if each.year not in keys_by_year:
            keys_by_year[each.year] = unit_keys(unit, criterion.criteria_set.target_keys, each.year)
        outcome = _evaluate(
            unit, criterion, indicators, values, each, keys_by_year[each.year], flags.get(each.pk)
        )
        if each == period:
            result = outcome
    assert result is not None
    return result


def _evaluate(
    unit: AdministrativeUnit,
    criterion: Criterion,
    indicators: list[Indicator],
    values: list[IndicatorValue],
    period: Period,
    keys: rules.UnitKeys,
    flag_reason: str | None,
) -> CriterionResult:
    margin = margin_percent()
    lines = []
    illustrative = False
    for indicator in indicators:
        mine = [v for v in values if v.indicator_id == indicator.pk]
        current = next((v for v in mine if v.period_id == period.pk), None)
        earlier = [v for v in mine if _order(v.period) < _order(period)]
        previous = max(earlier, key=lambda v: _order(v.period)) if earlier else None
        target = rules.select_target(
            [_target_data(t) for t in indicator.targets.all()], keys, period.year
        )
        outcome = rules.evaluate_indicator(
            _indicator_data(indicator),
            value_data(current, indicator.kind) if current else None,
            target,
            keys,
            previous=value_data(previous, indicator.kind) if previous else None,
            margin_percent=margin,
        )
        data = _indicator_data(indicator)
        basis = rules.target_basis(target, indicator_illustrative=indicator.is_illustrative)
        if outcome.status == rules.NO_TARGET:
            basis = rules.MISSING
        IndicatorResult.objects.update_or_create(
            unit=unit,
            indicator=indicator,
            period=period,
            defaults={
                "value": current,
                "target_id": target.id if target else None,
                "status": outcome.status,
                "explanation": outcome.explanation,
                "basis": basis,
                "requirement": rules.requirement(data, target)[:255],
            },
        )
        lines.append(rules.IndicatorLine(indicator.code, outcome))
        if basis == rules.ILLUSTRATIVE:
            illustrative = True
    combined = rules.evaluate_criterion(lines, flag_reason=flag_reason)
    result, _ = CriterionResult.objects.update_or_create(
        unit=unit,
        criterion=criterion,
        period=period,
        defaults={
            "status": combined.status,
            "explanation": combined.explanation,
            "indicators_met": combined.indicators_met,
            "indicators_total": combined.indicators_total,
            "illustrative": illustrative,
        },
    )
    refresh_summary(unit, criterion.criteria_set, period)
    return result


# --- The read model: one summary per unit × criteria set × period -------------------------


def refresh_summary(
    unit: AdministrativeUnit, criteria_set: CriteriaSet, period: Period
) -> ResultSummary:
    """Recount ``ResultSummary`` from the stored criterion results (``rules.summarize``):
    criteria of the set without a result count as "Chưa có số liệu"."""
    total = Criterion.objects.filter(criteria_set=criteria_set).count()
    rows = list(
        CriterionResult.objects.filter(
            unit=unit, period=period, criterion__criteria_set=criteria_set
        ).values_list("status", "illustrative")
    )
    summary = rules.summarize(
        [status for status, _ in rows],
        total=max(total, len(rows)),
        illustrative=sum(1 for status, flagged in rows if flagged and status in rules.MET_STATUSES),
    )
    row, _ = ResultSummary.objects.update_or_create(
        unit=unit,
        criteria_set=criteria_set,
        period=period,
        defaults={
            "met": summary.met,
            "not_sustainable": summary.not_sustainable,
            "not_met": summary.not_met,
            "no_target": summary.no_target,
            "no_data": summary.no_data,
            "total": summary.total,
            "illustrative": summary.illustrative,
        },
    )
    return row


def rebuild_all() -> int:
    """Recompute every stored result and summary from the values, targets, registrations and
    classes (``manage.py rebuild_results``; after bulk loads). Returns the criteria touched."""
    total = 0
    for criterion in Criterion.objects.order_by("criteria_set_id", "number", "pk"):
        total += recompute_for_criterion(criterion)
    # Registered sets whose criteria have no result at all still get their (empty) summary.
    for registration in SetRegistration.objects.select_related("unit", "criteria_set"):
        period = year_period(registration.year)
        if not ResultSummary.objects.filter(
            unit=registration.unit, criteria_set=registration.criteria_set, period=period
        ).exists():
            refresh_summary(registration.unit, registration.criteria_set, period)
    return total


def _affected(criterion: Criterion) -> set[tuple[int, int]]:
    """(unit id, period id) pairs that hold values or results for ``criterion``, plus the year
    periods of units whose set registration covers it."""
    pairs = set(
        IndicatorValue.objects.filter(indicator__criterion=criterion).values_list(
            "unit_id", "period_id"
        )
    )
    pairs |= set(
        CriterionResult.objects.filter(criterion=criterion).values_list("unit_id", "period_id")
    )
    for unit_id, year in SetRegistration.objects.filter(
        criteria_set_id=criterion.criteria_set_id
    ).values_list("unit_id", "year"):
        pairs.add((unit_id, year_period(year).pk))
    return pairs


@transaction.atomic
def recompute_for_criterion(criterion: Criterion) -> int:
    """Recompute every unit and period of ``criterion`` (after its indicators changed)."""
    pairs = _affected(criterion)
    units = AdministrativeUnit.objects.select_related("level").in_bulk({u for u, _ in pairs})
    periods = Period.objects.select_related("kind").in_bulk({p for _, p in pairs})
    for unit_id, period_id in sorted(pairs, key=lambda pair: (pair[0], _order(periods[pair[1]]))):
        _recompute_one(units[unit_id], criterion, periods[period_id])
    return len(pairs)


def _recompute_one(unit: AdministrativeUnit, criterion: Criterion, period: Period) -> None:
    recompute(unit, criterion=criterion, period=period)


def recompute_for_criteria(criterion_ids: set[int]) -> int:
    """Recompute every unit and period of these criteria (their targets changed)."""
    total = 0
    for criterion in Criterion.objects.filter(pk__in=criterion_ids).order_by("pk"):
        total += recompute_for_criterion(criterion)
    return total


def recompute_for_target(target: Target) -> int:
    """Call after a target is created, changed (value, verified, year, key) or imported.
    Returns the number of (unit, period) pairs recomputed."""
    criterion = Criterion.objects.get(indicators=target.indicator_id)
    return recompute_for_criterion(criterion)


# --- Values -------------------------------------------------------------------------------


@dataclass
class ValueInput:
    """What a person typed, already parsed to Python types by the form."""

    number: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    boolean: bool | None = None
    choice: str = ""
    text: str = ""
    note: str = ""


def _validated(indicator: Indicator, data: ValueInput) -> dict[str, Any]:
    kind = indicator.kind
    fields: dict[str, Any] = {
        "number": None,
        "numerator": None,
        "denominator": None,
        "boolean": None,
        "choice": "",
        "text": "",
        "note": normalize(data.note or ""),
    }
    if kind == IndicatorKind.RATIO:
        errors = {}
        if data.numerator is None:
            errors["numerator"] = "Nhập tử số."
        elif data.numerator < 0:
            errors["numerator"] = "Tử số không được âm."
        if data.denominator is None:
            errors["denominator"] = "Nhập mẫu số."
        elif data.denominator <= 0:
            errors["denominator"] = "Mẫu số phải lớn hơn 0 (không chia được cho 0)."
        if not errors and data.numerator > data.denominator:  # type: ignore[operator]
            errors["numerator"] = "Tử số không được lớn hơn mẫu số."
        if errors:
            raise ValidationError(errors)
        fields.update(numerator=data.numerator, denominator=data.denominator)
    elif kind == IndicatorKind.NUMBER:
        if data.number is None:
            raise ValidationError({"number": "Nhập giá trị (số)."})
        fields["number"] = data.number
    elif kind == IndicatorKind.BOOLEAN:
        if data.boolean is None:
            raise ValidationError({"boolean": "Chọn “Đạt” hoặc “Chưa đạt”."})
        fields["boolean"] = data.boolean
    elif kind == IndicatorKind.CHOICE:
        choice = normalize(data.choice or "")
        allowed = [normalize(str(c)) for c in (indicator.choices or [])]
        if not choice:
            raise ValidationError({"choice": "Chọn một mức."})
        if allowed and choice not in allowed:
            raise ValidationError({"choice": "Mức đã chọn không có trong danh sách của chỉ tiêu."})
        fields["choice"] = choice
    else:
        text = normalize(data.text or "")
        if not text:
            raise ValidationError({"text": "Nhập nội dung."})
        fields["text"] = text
    return fields


def _refuse_locked(value: IndicatorValue) -> None:
    if value.locked:
        raise ValidationError(LOCKED_MESSAGE, code="locked")


@transaction.atomic
def enter_value(
    *,
    user: Any,
    unit: AdministrativeUnit,
    indicator: Indicator,
    period: Period,
    data: ValueInput,
    expected_version: int | None = None,
) -> IndicatorValue:
    """Create or change the value of ``indicator`` for ``unit`` in ``period`` (back to draft),
    then recompute. A stale ``expected_version`` raises StaleEdit; a locked value refuses."""
    if not can_enter_value(user, unit, indicator):
        raise PermissionDenied("Bạn không có quyền nhập số liệu cho chỉ tiêu này.")
    _check_level(unit, indicator.criterion.criteria_set)
    if not has_started(period, clock.today()):
        raise ValidationError({"period": not_started_message(period)})
    fields = _validated(indicator, data)
    value = IndicatorValue.objects.filter(unit=unit, indicator=indicator, period=period).first()
    if value is None:
        value = IndicatorValue.objects.create(
            unit=unit, indicator=indicator, period=period, entered_by=user, **fields
        )
    else:
        _refuse_locked(value)
        for name, new in fields.items():
            setattr(value, name, new)
        value.entered_by = user
        value.status = ValueStatus.DRAFT
        value.submitted_at = None
        value.approved_by = None
        value.approved_at = None
        if expected_version is None:
            value.version += 1
            value.save()
        else:
            save_versioned(value, expected_version)
    recompute(unit, indicator=indicator, period=period)
    return value


def _bump(value: IndicatorValue) -> None:
    value.version += 1
    value.save()


@transaction.atomic
def submit_value(*, user: Any, value: IndicatorValue) -> IndicatorValue:
    """Nháp → Đã gửi (by whoever may enter it)."""
    value = (
        IndicatorValue.objects.select_for_update()
        .select_related("unit__level", "indicator")
        .get(pk=value.pk)
    )
    if not can_enter_value(user, value.unit, value.indicator):
        raise PermissionDenied("Bạn không có quyền gửi số liệu này.")
    _refuse_locked(value)
    if value.status == ValueStatus.APPROVED:
        raise ValidationError("Số liệu đã được duyệt, không cần gửi lại.")
    if value.status in {ValueStatus.DRAFT, ValueStatus.RETURNED}:
        value.status = ValueStatus.SUBMITTED
        value.submitted_at = timezone.now()
        _bump(value)
    recompute(value.unit, indicator=value.indicator, period=value.period)
    return value


@transaction.atomic
def approve_value(*, user: Any, value: IndicatorValue) -> IndicatorValue:
    """Đã gửi → Đã duyệt (leadership or the NTM officer only)."""
    value = (
        IndicatorValue.objects.select_for_update()
        .select_related("unit__level", "indicator")
        .get(pk=value.pk)
    )
    if not can_approve(user, value.unit):
        raise PermissionDenied("Chỉ lãnh đạo UBND hoặc cán bộ thường trực NTM được duyệt số liệu.")
    _refuse_locked(value)
    if value.status != ValueStatus.SUBMITTED:
        raise ValidationError("Chỉ duyệt được số liệu đã gửi.")
    value.status = ValueStatus.APPROVED
    value.approved_by = user
    value.approved_at = timezone.now()
    _bump(value)
    recompute(value.unit, indicator=value.indicator, period=value.period)
    return value


RETURN_REASON_LENGTH = 100  # simple_history's change-reason column


@transaction.atomic
def return_value(*, user: Any, value: IndicatorValue, reason: str) -> IndicatorValue:
    """A reviewer sends one value back to the person who entered it, with a reason (shown on
    their "Việc của tôi" until they correct it). Audited in the value's history."""
    value = (
        IndicatorValue.objects.select_for_update()
        .select_related("unit__level", "indicator", "period")
        .get(pk=value.pk)
    )
    if not can_approve(user, value.unit):
        raise PermissionDenied(
            "Chỉ lãnh đạo UBND hoặc cán bộ thường trực NTM được trả lại số liệu."
        )
    _refuse_locked(value)
    if value.status not in {ValueStatus.SUBMITTED, ValueStatus.APPROVED}:
        raise ValidationError("Chỉ trả lại được số liệu đã gửi hoặc đã duyệt.")
    reason = normalize(reason or "")
    if len(reason) < 5:
        raise ValidationError(
            {"reason": "Ghi rõ lý do trả lại (ít nhất 5 ký tự) để người nhập biết cần sửa gì."}
        )
    value.status = ValueStatus.RETURNED
    value.return_reason = reason
    value.returned_by = user
    value.returned_at = timezone.now()
    value.approved_by = None
    value.approved_at = None
    value._history_user = user  # type: ignore[attr-defined]
    value._change_reason = f"Trả lại: {reason}"[:RETURN_REASON_LENGTH]  # type: ignore[attr-defined]
    _bump(value)
    recompute(value.unit, indicator=value.indicator, period=value.period)
    return value


def returned_values_for(user: Any) -> Any:
    """Values returned to ``user`` (they entered them) and not yet corrected."""
    return IndicatorValue.objects.filter(
        entered_by=user, status=ValueStatus.RETURNED, locked=False
    ).select_related("unit", "indicator", "indicator__criterion", "period", "returned_by")


# --- Report snapshots and locks (the reports app asks; only this app writes values) ------

SNAPSHOT_FIELDS = ["number", "numerator", "denominator", "boolean", "choice", "text", "note"]


def snapshot_values(*, user: Any, period: Period, sources: Any, reason: str) -> int:
    """Copy the year's working ``sources`` (IndicatorValue rows) into ``period``.

    A quarterly, 6- or 9-month report freezes what the year values were when it was
    submitted, as that period's values, evaluated on their own (pointing back at the year
    value they came from). A figure entered for the period itself is kept; a locked one is
    final. Returns the number of values copied; the results are recomputed here."""
    copied = 0
    touched: set[tuple[int, int]] = set()
    for source in sources.select_related("indicator"):
        snapshot = IndicatorValue.objects.filter(
            unit_id=source.unit_id, indicator_id=source.indicator_id, period=period
        ).first()
        if snapshot is not None and (snapshot.locked or snapshot.snapshot_of_id is None):
            continue
        if snapshot is None:
            snapshot = IndicatorValue(
                unit_id=source.unit_id, indicator_id=source.indicator_id, period=period
            )
        snapshot.snapshot_of = source
        for name in SNAPSHOT_FIELDS:
            setattr(snapshot, name, getattr(source, name))
        snapshot.status = ValueStatus.SUBMITTED
        snapshot.entered_by = user
        snapshot.submitted_at = timezone.now()
        snapshot._history_user = user  # type: ignore[attr-defined]
        snapshot._change_reason = reason[:RETURN_REASON_LENGTH]  # type: ignore[attr-defined]
        snapshot.save()
        copied += 1
        touched.add((source.unit_id, source.indicator.criterion_id))
    units = {u.pk: u for u in AdministrativeUnit.objects.filter(pk__in={u for u, _ in touched})}
    criteria = {c.pk: c for c in Criterion.objects.filter(pk__in={c for _, c in touched})}
    for unit_id, criterion_id in sorted(touched):
        recompute(units[unit_id], period=period, criterion=criteria[criterion_id])
    return copied


def frozen_copies(period: Period) -> Any:
    """The values of ``period`` that were frozen from a year value by a report."""
    return IndicatorValue.objects.filter(period=period, snapshot_of__isnull=False)


def set_locked(*, user: Any, values: Any, locked: bool, reason: str) -> int:
    """Lock (report approved) or unlock (report reopened) ``values``; audited."""
    changed = 0
    for value in values.filter(locked=not locked):
        value.locked = locked
        value._history_user = user  # type: ignore[attr-defined]
        value._change_reason = reason[:RETURN_REASON_LENGTH]  # type: ignore[attr-defined]
        value.save(update_fields=["locked", "updated_at"])
        changed += 1
    return changed


T = TypeVar("T")


class _Rollback(Exception):
    pass


def preview(*, user: Any, period: Period, sources: Any, build: Callable[[], T]) -> T:
    """What a report would hold if it were submitted now: the snapshot is taken inside a
    savepoint, ``build`` reads the read model, then everything is rolled back. The preview is
    therefore built by the very code that builds the submission."""
    built: list[T] = []
    try:
        with transaction.atomic():
            snapshot_values(user=user, period=period, sources=sources, reason="Xem trước")
            built.append(build())
            raise _Rollback
    except _Rollback:
        pass
    return built[0]


# --- Evidence -----------------------------------------------------------------------------


@transaction.atomic
def add_evidence(
    *,
    user: Any,
    value: IndicatorValue,
    upload: Any | None = None,
    link: str = "",
    caption: str = "",
) -> Evidence:
    """Attach a file/photo (checked by content, stored under a generated name) or a link.

    Evidence does not change an evaluation, so nothing is recomputed."""
    if not can_enter_value(user, value.unit, value.indicator):
        raise PermissionDenied("Bạn không có quyền thêm minh chứng cho số liệu này.")
    _refuse_locked(value)
    link = (link or "").strip()
    if upload is None and not link:
        raise ValidationError("Chọn tệp, ảnh hoặc nhập đường dẫn minh chứng.")
    evidence = Evidence(value=value, caption=normalize(caption or ""), uploaded_by=user)
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError as exc:
            raise ValidationError(
                {"link": "Đường dẫn không hợp lệ (phải bắt đầu bằng http:// hoặc https://)."}
            ) from exc
        evidence.link = link
    if upload is not None:
        checked = uploads.check_file(uploads.read_upload(upload))
        name = checked.storage_name()
        evidence.original_name = normalize(getattr(upload, "name", "") or "")[:255]
        evidence.content_type = checked.content_type
        # The original is kept as uploaded, except a GPS position (residents' whereabouts).
        stored = uploads.drop_location(checked)
        evidence.size = len(stored)
        evidence.file.save(name, ContentFile(stored), save=False)
        if checked.is_image:
            evidence.thumbnail.save(
                name.rsplit(".", 1)[0] + ".jpg",
                ContentFile(uploads.make_thumbnail(checked.data)),
                save=False,
            )
    evidence.save()
    return evidence


# --- Sustainability flags -----------------------------------------------------------------


@transaction.atomic
def flag_not_sustainable(
    *,
    user: Any,
    unit: AdministrativeUnit,
    criterion: Criterion,
    period: Period,
    reason: str,
) -> SustainabilityFlag:
    """A responsible member marks a criterion as not yet sustainable, with a reason."""
    if not can_flag(user, unit):
        raise PermissionDenied(
            "Chỉ thành viên Ban Chỉ đạo, cán bộ NTM hoặc lãnh đạo được đánh giá."
        )
    reason = normalize(reason or "")
    if len(reason) < 5:
        raise ValidationError({"reason": "Ghi rõ lý do (ít nhất 5 ký tự)."})
    flag = SustainabilityFlag.objects.create(
        unit=unit, criterion=criterion, period=period, reason=reason, flagged_by=user
    )
    recompute(unit, criterion=criterion, period=period)
    return flag


@transaction.atomic
def clear_flag(*, user: Any, flag: SustainabilityFlag) -> None:
    if not can_flag(user, flag.unit):
        raise PermissionDenied("Bạn không có quyền bỏ đánh giá này.")
    flag.active = False
    flag.save()
    recompute(flag.unit, criterion=flag.criterion, period=flag.period)


# --- Registrations ------------------------------------------------------------------------


def set_years(criteria_set: CriteriaSet) -> list[int]:
    """The years of a set's period ("2021-2025" → 2021..2025)."""
    parts = [p for p in criteria_set.period.replace("–", "-").split("-") if p.strip().isdigit()]
    if len(parts) == 2:
        start, end = int(parts[0]), int(parts[1])
        if 1990 < start <= end < 2100:
            return list(range(start, end + 1))
    return []


@transaction.atomic
def register_set(
    *,
    user: Any,
    unit: AdministrativeUnit,
    criteria_set: CriteriaSet,
    year: int,
    note: str = "",
) -> SetRegistration:
    """Đăng ký mục tiêu: ``unit`` aims at ``criteria_set`` in ``year``; creates the year's
    results for every criterion so the scorecard shows them at once."""
    if not can_register(user, unit):
        raise PermissionDenied("Bạn không có quyền đăng ký mục tiêu cho đơn vị này.")
    _check_level(unit, criteria_set)
    years = set_years(criteria_set)
    if years and year not in years:
        raise ValidationError(
            {"year": f"Năm {year} nằm ngoài giai đoạn {criteria_set.period} của bộ tiêu chí."}
        )
    registration, created = SetRegistration.objects.get_or_create(
        unit=unit, criteria_set=criteria_set, year=year, defaults={"note": normalize(note)}
    )
    if not created and note and registration.note != normalize(note):
        registration.note = normalize(note)
        registration.save()
    period = year_period(year)
    for criterion in Criterion.objects.filter(criteria_set=criteria_set):
        recompute(unit, criterion=criterion, period=period)
    return registration


@transaction.atomic
def register_criterion(
    *,
    user: Any,
    unit: AdministrativeUnit,
    criterion: Criterion,
    target_year: int,
    intent: str = CriterionRegistration.Intent.REACH,
    solution: str = "",
    expected_version: int | None = None,
) -> CriterionRegistration:
    """Đăng ký tiêu chí và lộ trình: the year ``unit`` commits to reach (or consolidate)
    ``criterion``. Registration does not change an evaluation, so nothing is recomputed."""
    if not can_register(user, unit):
        raise PermissionDenied("Bạn không có quyền đăng ký tiêu chí cho đơn vị này.")
    criterion = Criterion.objects.select_related("criteria_set").get(pk=criterion.pk)
    _check_level(unit, criterion.criteria_set)
    years = set_years(criterion.criteria_set)
    if years and target_year not in years:
        raise ValidationError(
            {"target_year": f"Năm phấn đấu phải trong giai đoạn {criterion.criteria_set.period}."}
        )
    if intent not in CriterionRegistration.Intent.values:
        raise ValidationError({"intent": "Mục tiêu không hợp lệ."})
    solution = normalize(solution or "")
    registration = CriterionRegistration.objects.filter(unit=unit, criterion=criterion).first()
    if registration is None:
        return CriterionRegistration.objects.create(
            unit=unit,
            criterion=criterion,
            target_year=target_year,
            intent=intent,
            solution=solution,
            registered_by=user,
        )
    if (registration.target_year, registration.intent, registration.solution) == (
        target_year,
        intent,
        solution,
    ):
        return registration
    registration.target_year = target_year
    registration.intent = intent
    registration.solution = solution
    registration.registered_by = user
    if expected_version is None:
        registration.version += 1
        registration.save()
    else:
        save_versioned(registration, expected_version)
    return registration

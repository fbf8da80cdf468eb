"""Screens: scorecard, hamlet matrix, criterion page, value entry, registrations, evidence.

Every object is loaded through the person's scope (outside scope = 404); write permission is
checked after loading (403 inside scope).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ntm.accounts.scope import get_visible_or_404, primary_units, visible_units
from ntm.assessments import permissions, queries, rules, services
from ntm.assessments.forms import EvidenceForm, FlagForm, SetRegistrationForm, ValueForm
from ntm.assessments.models import (
    CriterionRegistration,
    Evidence,
    IndicatorResult,
    IndicatorValue,
    SetRegistration,
    SustainabilityFlag,
)
from ntm.core import clock
from ntm.core.concurrency import StaleEdit
from ntm.core.history import history_for
from ntm.core.numbers import format_number
from ntm.core.serve import serve_upload
from ntm.core.uploads import safe_filename
from ntm.criteria.models import CriteriaSet, Criterion, Indicator, Period, SetLevel
from ntm.criteria.periods import deadline_days, due_period, year_period, year_periods
from ntm.geography.models import AdministrativeUnit

UNITS = AdministrativeUnit.objects.select_related("level", "parent", "region")


def _unit(request: HttpRequest, pk: int) -> AdministrativeUnit:
    unit: AdministrativeUnit = get_visible_or_404(UNITS, request.user, pk=pk)
    return unit


def _check_year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404("Năm không hợp lệ.")
    return year


def _matches_level(unit: AdministrativeUnit, criteria_set: CriteriaSet) -> bool:
    if criteria_set.level == SetLevel.HAMLET:
        return unit.level.is_hamlet
    return unit.level.is_commune


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _post_only(request: HttpRequest) -> HttpResponse | None:
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


# --- Overview -----------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Where each of my units stands: registrations by year, links to scorecards."""
    year = clock.current_year()
    registrations = (
        SetRegistration.objects.visible_to(request.user)
        .select_related("unit", "unit__level", "criteria_set")
        .order_by("-year", "unit__path")[:200]
    )
    units = primary_units(request.user)
    return render(
        request,
        "assessments/index.html",
        {"registrations": registrations, "units": units, "year": year},
    )


@login_required
def scorecard(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    unit = _unit(request, unit_pk)
    year = _check_year(year)
    cards = queries.scorecard(unit, year)
    illustrative = set(
        Criterion.objects.filter(
            criteria_set_id__in=[c.criteria_set.pk for c in cards],
        )
        .filter(Q(indicators__is_illustrative=True) | Q(indicators__targets__is_illustrative=True))
        .values_list("pk", flat=True)
        .distinct()
    )
    return render(
        request,
        "assessments/scorecard.html",
        {
            "unit": unit,
            "year": year,
            "cards": cards,
            "illustrative": illustrative,
            "can_register": permissions.can_register(request.user, unit),
            "is_commune": unit.level.is_commune,
        },
    )


@login_required
def matrix(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    commune = _unit(request, unit_pk)
    if not commune.level.is_commune:
        raise Http404("Chỉ xem ma trận ấp × tiêu chí ở cấp xã.")
    year = _check_year(year)
    try:
        set_id = int(request.GET.get("bo", "") or 0) or None
    except ValueError:
        set_id = None
    data = queries.hamlet_matrix(commune, year, set_id)
    visible = set(visible_units(request.user).filter(parent=commune).values_list("pk", flat=True))
    rows = [row for row in data.rows() if row["hamlet"].pk in visible]
    illustrative = data.criteria_set is not None and (
        Indicator.objects.filter(criterion__criteria_set=data.criteria_set)
        .filter(Q(is_illustrative=True) | Q(targets__is_illustrative=True))
        .exists()
    )
    return render(
        request,
        "assessments/matrix.html",
        {
            "unit": commune,
            "year": year,
            "matrix": data,
            "rows": rows,
            "illustrative": illustrative,
        },
    )


# --- Criterion page -----------------------------------------------------------------------


@login_required
def criterion_detail(
    request: HttpRequest, unit_pk: int, criterion_pk: int, year: int
) -> HttpResponse:
    unit = _unit(request, unit_pk)
    year = _check_year(year)
    criterion = get_object_or_404(
        Criterion.objects.select_related("criteria_set", "group"), pk=criterion_pk
    )
    if not _matches_level(unit, criterion.criteria_set):
        raise Http404("Tiêu chí không áp dụng cho đơn vị này.")
    period = queries.year_period_or_none(year)
    indicators = list(criterion.indicators.prefetch_related("targets").order_by("order", "code"))
    values = list(
        IndicatorValue.objects.filter(unit=unit, indicator__criterion=criterion, period__year=year)
        .select_related("period", "period__kind", "entered_by", "approved_by")
        .prefetch_related("evidence")
        .order_by("period__end", "period__start")
    )
    results = {
        r.indicator_id: r
        for r in IndicatorResult.objects.filter(
            unit=unit, indicator__criterion=criterion, period=period
        ).select_related("target")
    }
    keys = queries.unit_keys(unit, criterion.criteria_set.target_keys, year)
    blocks: list[dict[str, Any]] = []
    for indicator in indicators:
        targets = list(indicator.targets.all())
        indicator_result = results.get(indicator.pk)
        if indicator_result is not None:
            chosen_id = indicator_result.target_id
        else:  # not evaluated yet (no registration): show which target would apply
            chosen = rules.select_target([services._target_data(t) for t in targets], keys, year)
            chosen_id = chosen.id if chosen else None
        mine = [v for v in values if v.indicator_id == indicator.pk]
        rows = []
        for value in mine:
            data = services.value_data(value, indicator.kind)
            rows.append(
                {
                    "value": value,
                    "shown": rules.show(data.measure(), services._indicator_data(indicator)),
                    "can_approve": permissions.can_approve_value(request.user, value, unit=unit),
                    "can_edit": permissions.can_edit_value(
                        request.user, value, unit=unit, indicator=indicator
                    ),
                    "can_submit": permissions.can_submit_value(
                        request.user, value, unit=unit, indicator=indicator
                    ),
                    "can_return": permissions.can_return_value(request.user, value, unit=unit),
                }
            )
        blocks.append(
            {
                "indicator": indicator,
                "targets": [
                    {
                        "target": t,
                        "applies": chosen_id == t.pk,
                        "scope": keys.label_for(t.key),
                    }
                    for t in targets
                ],
                "rows": rows,
                "result": indicator_result,
                "badge": rules.badge_class(indicator_result.status) if indicator_result else "none",
                "can_enter": permissions.can_enter_value(request.user, unit, indicator),
            }
        )
    result = criterion.results.filter(unit=unit, period=period).first() if period else None
    flags = SustainabilityFlag.objects.filter(
        unit=unit, criterion=criterion, period__year=year, active=True
    ).select_related("flagged_by", "period")
    registration = CriterionRegistration.objects.filter(unit=unit, criterion=criterion).first()
    return render(
        request,
        "assessments/criterion.html",
        {
            "unit": unit,
            "year": year,
            "criterion": criterion,
            "blocks": blocks,
            "result": result,
            "badge": rules.badge_class(result.status) if result else "none",
            "flags": flags,
            "flag_form": FlagForm(),
            "can_flag": permissions.can_flag(request.user, unit) and result is not None,
            "registration": registration,
            "illustrative": any(
                b["indicator"].is_illustrative
                or any(t["target"].is_illustrative for t in b["targets"])
                for b in blocks
            ),
        },
    )


@login_required
def flag(request: HttpRequest, unit_pk: int, criterion_pk: int, year: int) -> HttpResponse:
    unit = _unit(request, unit_pk)
    criterion = get_object_or_404(Criterion.objects.select_related("criteria_set"), pk=criterion_pk)
    if not _matches_level(unit, criterion.criteria_set):
        raise Http404
    if (refused := _post_only(request)) is not None:
        return refused
    if not permissions.can_flag(request.user, unit):
        raise PermissionDenied
    form = FlagForm(request.POST)
    back = reverse("assessments:criterion", args=[unit.pk, criterion.pk, year])
    if form.is_valid():
        try:
            services.flag_not_sustainable(
                user=request.user,
                unit=unit,
                criterion=criterion,
                period=year_period(_check_year(year)),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Đã ghi nhận đánh giá “chưa bền vững”.")
    else:
        messages.error(request, "Ghi rõ lý do chưa bền vững.")
    return redirect(back)


# --- Value entry --------------------------------------------------------------------------


def _shown_value(value: IndicatorValue, indicator: Indicator) -> str:
    """The value as stored, Vietnamese style: '1.200/1.500 (80%)', '1.200 m²', 'Đạt'."""
    measured = rules.show(
        services.value_data(value, indicator.kind).measure(), services._indicator_data(indicator)
    )
    if value.numerator is not None and value.denominator is not None:
        return f"{format_number(value.numerator)}/{format_number(value.denominator)} ({measured})"
    return measured


def _due_period(unit: AdministrativeUnit, periods: list[Period]) -> Period:
    """The period due now for whoever enters this unit's values (a hamlet's head or a member
    of the commune's steering committee), from the reporting rules; the year when none."""
    reporter = "hamlet" if unit.is_hamlet else "member"
    due = due_period(periods, clock.today(), deadline_days(unit, reporter))
    if due is not None:
        return due
    return next((p for p in periods if p.kind.code == "nam"), periods[0])


@login_required
def value_entry(request: HttpRequest, unit_pk: int, indicator_pk: int, year: int) -> HttpResponse:
    unit = _unit(request, unit_pk)
    year = _check_year(year)
    indicator = get_object_or_404(
        Indicator.objects.select_related("criterion", "criterion__criteria_set"), pk=indicator_pk
    )
    if not _matches_level(unit, indicator.criterion.criteria_set):
        raise Http404("Chỉ tiêu không áp dụng cho đơn vị này.")
    if not permissions.can_enter_value(request.user, unit, indicator):
        raise PermissionDenied
    periods = year_periods(year)
    default = _due_period(unit, periods)
    wanted = request.POST.get("period") or request.GET.get("ky")
    period = next((p for p in periods if str(p.pk) == str(wanted)), default)
    value = IndicatorValue.objects.filter(unit=unit, indicator=indicator, period=period).first()
    initial: dict[str, Any] = {"period": period.pk}
    if value is not None:
        initial.update(
            version=value.version,
            number=value.number,
            numerator=value.numerator,
            denominator=value.denominator,
            boolean=None if value.boolean is None else ("1" if value.boolean else "0"),
            choice=value.choice,
            text=value.text,
            note=value.note,
        )
    form = ValueForm(
        request.POST or None,
        request.FILES or None,
        indicator=indicator,
        periods=periods,
        initial=initial,
        today=clock.today(),
    )
    stale: StaleEdit | None = None
    back = reverse("assessments:criterion", args=[unit.pk, indicator.criterion_id, year])
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data.get("version")
        if value is not None and expected is None:
            expected = 0  # the value appeared while this form was open
        try:
            with transaction.atomic():
                saved = services.enter_value(
                    user=request.user,
                    unit=unit,
                    indicator=indicator,
                    period=form.cleaned_data["period"],
                    data=form.value_input(),
                    expected_version=expected,
                )
                for upload in (request.FILES.get("photo"),):
                    link = form.cleaned_data.get("link") or ""
                    if upload is not None or link:
                        services.add_evidence(
                            user=request.user,
                            value=saved,
                            upload=upload,
                            link=link,
                            caption=form.cleaned_data.get("caption") or "",
                        )
                if "gui" in request.POST:
                    services.submit_value(user=request.user, value=saved)
        except StaleEdit as exc:
            stale = exc
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            # Say which period was saved and the value as stored, whatever period the
            # criterion page's result is for.
            stored = _shown_value(saved, indicator)
            messages.success(
                request,
                ("Đã lưu và gửi số liệu." if "gui" in request.POST else "Đã lưu nháp số liệu.")
                + f" Kỳ {saved.period.label}: {stored}.",
            )
            return redirect(back)
    shown = _shown_value(value, indicator) if value is not None else ""
    targets = list(indicator.targets.all())
    keys = queries.unit_keys(unit, indicator.criterion.criteria_set.target_keys, year)
    chosen = rules.select_target([services._target_data(t) for t in targets], keys, year)
    target = next((t for t in targets if chosen and t.pk == chosen.id), None)
    return render(
        request,
        "assessments/value_form.html",
        {
            "unit": unit,
            "year": year,
            "indicator": indicator,
            "criterion": indicator.criterion,
            "form": form,
            "value": value,
            "period": period,
            "periods": periods,
            "shown": shown,
            "stale": stale,
            "target": target,
            "target_scope": rules.target_scope(chosen, keys) if chosen else "",
            "back": back,
            "locked_message": services.LOCKED_MESSAGE,
        },
    )


def _load_value(request: HttpRequest, pk: int) -> IndicatorValue:
    value: IndicatorValue = get_visible_or_404(
        IndicatorValue.objects.select_related(
            "unit", "unit__level", "indicator", "indicator__criterion", "period"
        ),
        request.user,
        pk=pk,
    )
    return value


def _value_back(value: IndicatorValue) -> str:
    return reverse(
        "assessments:criterion",
        args=[value.unit_id, value.indicator.criterion_id, value.period.year],
    )


@login_required
def value_submit(request: HttpRequest, pk: int) -> HttpResponse:
    value = _load_value(request, pk)
    if (refused := _post_only(request)) is not None:
        return refused
    if not permissions.can_enter_value(request.user, value.unit, value.indicator):
        raise PermissionDenied
    try:
        services.submit_value(user=request.user, value=value)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã gửi số liệu.")
    return redirect(_value_back(value))


@login_required
def value_approve(request: HttpRequest, pk: int) -> HttpResponse:
    value = _load_value(request, pk)
    if (refused := _post_only(request)) is not None:
        return refused
    if not permissions.can_approve(request.user, value.unit):
        raise PermissionDenied
    try:
        services.approve_value(user=request.user, value=value)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã duyệt số liệu.")
    return redirect(_value_back(value))


@login_required
def value_return(request: HttpRequest, pk: int) -> HttpResponse:
    """A reviewer returns one value to the person who entered it, with a reason."""
    value = _load_value(request, pk)
    if (refused := _post_only(request)) is not None:
        return refused
    if not permissions.can_approve(request.user, value.unit):
        raise PermissionDenied
    try:
        services.return_value(user=request.user, value=value, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã trả lại số liệu; người nhập sẽ thấy lý do ở “Việc của tôi”.")
    return redirect(_value_back(value))


@login_required
def value_history(request: HttpRequest, pk: int) -> HttpResponse:
    value = _load_value(request, pk)
    return render(
        request,
        "core/history.html",
        {"object": value, "entries": history_for(value), "back_url": _value_back(value)},
    )


# --- Evidence -----------------------------------------------------------------------------


@login_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    value = _load_value(request, pk)
    if (refused := _post_only(request)) is not None:
        return refused
    if not permissions.can_enter_value(request.user, value.unit, value.indicator):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(
                user=request.user,
                value=value,
                upload=request.FILES.get("file"),
                link=form.cleaned_data["link"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Đã thêm minh chứng.")
    else:
        messages.error(request, "Minh chứng chưa hợp lệ.")
    return redirect(_value_back(value))


def _serve(evidence: Evidence, field: str) -> FileResponse:
    stored = getattr(evidence, field)
    if not stored:
        raise Http404("Không có tệp.")
    extension = stored.name.rsplit(".", 1)[-1]
    if field == "thumbnail":
        return serve_upload(
            stored,
            content_type="image/jpeg",
            filename=f"anh-nho-{evidence.pk}.jpg",
            fallback="anh-nho.jpg",
        )
    filename = safe_filename(evidence.original_name, f"minh-chung-{evidence.pk}.{extension}")
    if not filename.lower().endswith(f".{extension}"):
        filename = f"{filename}.{extension}"
    return serve_upload(
        stored,
        content_type=evidence.content_type,
        filename=filename,
        fallback=f"minh-chung-{evidence.pk}.{extension}",
    )


def _load_evidence(request: HttpRequest, pk: int) -> Evidence:
    evidence: Evidence = get_visible_or_404(
        Evidence.objects.select_related("value"), request.user, pk=pk
    )
    return evidence


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    return _serve(_load_evidence(request, pk), "file")


@login_required
def evidence_thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    return _serve(_load_evidence(request, pk), "thumbnail")


# --- Registrations ------------------------------------------------------------------------


def _sets_for(unit: AdministrativeUnit) -> Any:
    level = SetLevel.HAMLET if unit.level.is_hamlet else SetLevel.COMMUNE
    above = [u.pk for u in unit.ancestors()]
    return CriteriaSet.objects.filter(level=level).filter(
        Q(is_provincial=False) | Q(province_id__in=above)
    )


@login_required
def registrations(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """A unit's target sets by year and (for hamlets and communes alike) its criterion
    registrations with a roadmap over the years of the set."""
    unit = _unit(request, unit_pk)
    if not (unit.level.is_commune or unit.level.is_hamlet):
        raise Http404("Chỉ đăng ký cho xã hoặc ấp, thôn.")
    can_edit = permissions.can_register(request.user, unit)
    sets = _sets_for(unit)
    year = clock.current_year()
    set_form = SetRegistrationForm(
        request.POST if request.POST.get("action") == "set" else None,
        sets=sets,
        initial={"year": year},
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if request.POST.get("action") == "set":
            if set_form.is_valid():
                try:
                    services.register_set(
                        user=request.user,
                        unit=unit,
                        criteria_set=set_form.cleaned_data["criteria_set"],
                        year=set_form.cleaned_data["year"],
                        note=set_form.cleaned_data["note"],
                    )
                except ValidationError as exc:
                    _add_errors(set_form, exc)
                else:
                    messages.success(request, "Đã đăng ký mục tiêu.")
                    return redirect("assessments:registrations", unit_pk=unit.pk)
        elif request.POST.get("action") == "criteria":
            saved, errors = _save_criteria(request, unit)
            for error in errors:
                messages.error(request, error)
            if saved:
                messages.success(request, f"Đã lưu đăng ký {saved} tiêu chí.")
            if not errors:
                return redirect("assessments:registrations", unit_pk=unit.pk)
    registered = list(
        SetRegistration.objects.filter(unit=unit)
        .select_related("criteria_set")
        .order_by("-year", "criteria_set__order")
    )
    set_ids = sorted({r.criteria_set_id for r in registered})
    criteria = list(
        Criterion.objects.filter(criteria_set_id__in=set_ids)
        .select_related("criteria_set")
        .annotate(
            illustrative=Count(
                "indicators", filter=Q(indicators__is_illustrative=True), distinct=True
            )
        )
        .order_by("criteria_set__order", "criteria_set_id", "number")
    )
    existing = {r.criterion_id: r for r in CriterionRegistration.objects.filter(unit=unit)}
    statuses = queries.criterion_statuses(unit, year)
    years = sorted({y for s in {c.criteria_set for c in criteria} for y in services.set_years(s)})
    years = [y for y in years if y >= min(year, max(years, default=year))] or years
    roadmap = []
    for criterion in criteria:
        reg = existing.get(criterion.pk)
        result = statuses.get(criterion.pk)
        roadmap.append(
            {
                "criterion": criterion,
                "registration": reg,
                "years": [
                    {"year": y, "marked": reg is not None and reg.target_year == y} for y in years
                ],
                "status": result.status if result else "",
                "status_label": rules.STATUS_LABELS.get(result.status, "") if result else "",
                "badge": rules.badge_class(result.status) if result else "none",
            }
        )
    return render(
        request,
        "assessments/registrations.html",
        {
            "unit": unit,
            "year": year,
            "years": years,
            "registered": registered,
            "roadmap": roadmap,
            "set_form": set_form,
            "can_edit": can_edit,
            "intents": CriterionRegistration.Intent.choices,
        },
    )


def _save_criteria(request: HttpRequest, unit: AdministrativeUnit) -> tuple[int, list[str]]:
    saved, errors = 0, []
    set_ids = SetRegistration.objects.filter(unit=unit).values_list("criteria_set_id", flat=True)
    criteria = Criterion.objects.filter(criteria_set_id__in=set_ids).select_related("criteria_set")
    for criterion in criteria:
        raw_year = request.POST.get(f"nam-{criterion.pk}", "")
        if not raw_year:
            continue
        raw_version = request.POST.get(f"phienban-{criterion.pk}", "")
        try:
            services.register_criterion(
                user=request.user,
                unit=unit,
                criterion=criterion,
                target_year=int(raw_year),
                intent=request.POST.get(f"muctieu-{criterion.pk}", "reach"),
                solution=request.POST.get(f"giaiphap-{criterion.pk}", ""),
                expected_version=int(raw_version) if raw_version.isdigit() else None,
            )
        except ValueError:
            errors.append(f"Tiêu chí {criterion.number}: năm phấn đấu không hợp lệ.")
        except (ValidationError, StaleEdit) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            errors.append(f"Tiêu chí {criterion.number}: {text}")
        else:
            saved += 1
    return saved, errors

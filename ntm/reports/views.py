"""Reporting screens: calendar and cycles, a reporter's submission, review, the commune's
compiled report with its exports, completeness, and the roll-up for the level above."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ntm.accounts.scope import get_visible_or_404, primary_units
from ntm.assessments.rules import MET_DEFINITION
from ntm.core import clock
from ntm.core.concurrency import StaleEdit, save_versioned
from ntm.core.history import history_for
from ntm.criteria.periods import ensure_adhoc_period, ensure_period
from ntm.documents.services import document_docx
from ntm.geography.models import AdministrativeUnit
from ntm.reports import permissions, services
from ntm.reports.compile import compile_report, report_for
from ntm.reports.exports import docx_bytes, xlsx_bytes
from ntm.reports.forms import (
    AdhocCycleForm,
    NarrativeForm,
    OpenCycleForm,
    ReasonForm,
    ReportNarrativeForm,
    RuleForm,
)
from ntm.reports.models import ReportCycle, ReportingRule, Submission, SubmissionStatus
from ntm.reports.rollup import build_rollup, progress_svg

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _managed_communes(user: Any) -> list[AdministrativeUnit]:
    return permissions.reviewed_communes(user)


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    cycles = (
        ReportCycle.objects.visible_to(request.user)
        .select_related("unit", "period", "period__kind", "commune_report")
        .order_by("-period__year", "-period__end", "unit__name")[:100]
    )
    communes = _managed_communes(request.user)
    form = OpenCycleForm(initial={"year": clock.current_year()})
    adhoc = AdhocCycleForm()
    mine = (
        Submission.objects.filter(responsible_id=request.user.pk)
        .exclude(status=SubmissionStatus.APPROVED)
        .select_related("cycle", "unit")
        .order_by("deadline")
    )
    return render(
        request,
        "reports/cycle_list.html",
        {
            "cycles": cycles,
            "communes": communes,
            "form": form,
            "adhoc": adhoc,
            "mine": mine,
            "today": clock.today(),
            "upper_units": _upper_units(request.user),
        },
    )


def _commune_from_post(request: HttpRequest) -> AdministrativeUnit:
    unit = get_visible_or_404(
        AdministrativeUnit.objects.select_related("level"),
        request.user,
        pk=request.POST.get("unit"),
    )
    if not unit.level.is_commune or not permissions.can_review(request.user, unit):
        raise PermissionDenied
    return unit


@login_required
@require_POST
def cycle_open(request: HttpRequest) -> HttpResponse:
    if not request.POST.get("unit"):
        messages.error(request, "Vui lòng chọn xã để mở kỳ báo cáo.")
        return redirect("reports:cycle_list")
    unit = _commune_from_post(request)
    if request.POST.get("adhoc"):
        adhoc = AdhocCycleForm(request.POST)
        if not adhoc.is_valid():
            messages.error(
                request,
                "Báo cáo đột xuất chưa đủ thông tin: "
                + "; ".join(
                    f"{adhoc.fields[k].label}: {' '.join(str(e) for e in v)}"
                    for k, v in adhoc.errors.items()
                    if k in adhoc.fields
                ),
            )
            return redirect("reports:cycle_list")
        period = ensure_adhoc_period(
            adhoc.cleaned_data["title"], adhoc.cleaned_data["start"], adhoc.cleaned_data["end"]
        )
        cycle = services.open_cycle(
            unit=unit,
            period=period,
            opened_by=request.user,
            title=adhoc.cleaned_data["title"],
            subject=adhoc.cleaned_data["subject"],
            deadline=adhoc.cleaned_data["deadline"],
        )
    else:
        form = OpenCycleForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Vui lòng chọn kỳ và năm hợp lệ.")
            return redirect("reports:cycle_list")
        period = ensure_period(form.cleaned_data["period_kind"].code, form.cleaned_data["year"])
        cycle = services.open_cycle(unit=unit, period=period, opened_by=request.user)
    messages.success(
        request, f"Đã mở {cycle.title}: {cycle.submissions.count()} người, đơn vị phải báo cáo."
    )
    return redirect("reports:cycle_detail", pk=cycle.pk)


@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_visible_or_404(
        ReportCycle.objects.select_related("unit", "period", "period__kind"), request.user, pk=pk
    )
    submissions = list(
        cycle.submissions.select_related(
            "unit", "member__person", "organisation", "responsible__person"
        ).order_by("reporter_kind", "unit__path", "pk")
    )
    today = clock.today()
    pending = [
        s for s in submissions if s.status in {SubmissionStatus.DRAFT, SubmissionStatus.RETURNED}
    ]
    reminders = []
    for submission in pending:
        person = getattr(submission.responsible, "person", None) if submission.responsible else None
        reminders.append(
            {
                "submission": submission,
                "phone": getattr(person, "phone", ""),
                "email": getattr(submission.responsible, "email", "")
                if submission.responsible
                else "",
                "text": (
                    f"Kính gửi {submission.reporter_label}: đề nghị hoàn thành và nộp "
                    f"{cycle.title.lower() if cycle.title[:1].isupper() else cycle.title} trên hệ thống ntm "
                    f"trước ngày {submission.deadline:%d/%m/%Y}"
                    + (" (đã quá hạn)" if today > submission.deadline else "")
                    + (
                        f". Lý do trả lại: {submission.return_reason}"
                        if submission.status == SubmissionStatus.RETURNED
                        else "."
                    )
                ),
            }
        )
    counts = {
        "total": len(submissions),
        "approved": sum(1 for s in submissions if s.status == SubmissionStatus.APPROVED),
        "submitted": sum(1 for s in submissions if s.status == SubmissionStatus.SUBMITTED),
        "returned": sum(1 for s in submissions if s.status == SubmissionStatus.RETURNED),
        "late": sum(1 for s in submissions if s.is_late(today)),
    }
    return render(
        request,
        "reports/cycle_detail.html",
        {
            "cycle": cycle,
            "submissions": submissions,
            "today": today,
            "reminders": reminders,
            "counts": counts,
            "can_review": permissions.can_review(request.user, cycle.unit),
        },
    )


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_visible_or_404(
        Submission.objects.select_related(
            "cycle",
            "cycle__unit",
            "cycle__period",
            "cycle__period__kind",
            "unit",
            "member__person",
            "organisation",
            "responsible",
            "approved_by",
        ),
        request.user,
        pk=pk,
    )
    editable = permissions.can_edit_submission(request.user, submission)
    form = NarrativeForm(request.POST or None, instance=submission) if editable else None
    stale: StaleEdit | None = None
    if request.method == "POST" and form is not None:
        if form.is_valid():
            try:
                services.save_narrative(
                    user=request.user,
                    submission=form.instance,
                    data=form.cleaned_data,
                    expected_version=form.cleaned_data["version"],
                )
            except StaleEdit as exc:
                stale = exc
            else:
                if request.POST.get("action") == "submit":
                    services.submit(user=request.user, submission=submission)
                    messages.success(request, "Đã nộp báo cáo. Cán bộ thường trực sẽ xem xét.")
                else:
                    messages.success(request, "Đã lưu nháp báo cáo.")
                return redirect("reports:submission_detail", pk=submission.pk)
    elif form is not None:
        form.fields["version"].initial = submission.version
    prefill = (
        submission.prefill
        if submission.status in {SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED}
        else services.preview_prefill(user=request.user, submission=submission)
    )
    return render(
        request,
        "reports/submission_detail.html",
        {
            "submission": submission,
            "prefill": prefill,
            "form": form,
            "stale": stale,
            "reason_form": ReasonForm(),
            "can_review": permissions.can_review(request.user, submission.cycle.unit),
            "can_reopen": permissions.can_reopen(request.user, submission),
            "is_late": submission.is_late(clock.today()),
        },
    )


def _review_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    submission = get_visible_or_404(
        Submission.objects.select_related("cycle__unit"), request.user, pk=pk
    )
    reason_form = ReasonForm(request.POST)
    try:
        if action == "approve":
            services.approve(user=request.user, submission=submission)
            messages.success(request, "Đã duyệt báo cáo; số liệu của kỳ này đã được khóa.")
        elif not reason_form.is_valid():
            raise ValidationError("Vui lòng ghi lý do.")
        elif action == "return":
            services.return_submission(
                user=request.user, submission=submission, reason=reason_form.cleaned_data["reason"]
            )
            messages.success(request, "Đã trả lại báo cáo kèm lý do.")
        else:
            services.reopen(
                user=request.user, submission=submission, reason=reason_form.cleaned_data["reason"]
            )
            messages.success(request, "Đã mở lại báo cáo; số liệu của kỳ đã được mở khóa.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reports:submission_detail", pk=submission.pk)


@login_required
@require_POST
def submission_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(request, pk, "approve")


@login_required
@require_POST
def submission_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(request, pk, "return")


@login_required
@require_POST
def submission_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(request, pk, "reopen")


@login_required
def submission_history(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_visible_or_404(Submission, request.user, pk=pk)
    return render(
        request,
        "core/history.html",
        {
            "object": submission,
            "entries": history_for(submission),
            "back_url": reverse("reports:submission_detail", args=[submission.pk]),
        },
    )


def _load_cycle(request: HttpRequest, pk: int) -> ReportCycle:
    return get_visible_or_404(
        ReportCycle.objects.select_related("unit", "unit__level", "period", "period__kind"),
        request.user,
        pk=pk,
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _load_cycle(request, pk)
    report = report_for(cycle)
    can_edit = permissions.can_review(request.user, cycle.unit)
    form = ReportNarrativeForm(request.POST or None, instance=report) if can_edit else None
    stale: StaleEdit | None = None
    if request.method == "POST" and form is not None and form.is_valid():
        form.instance.compiled_by_id = request.user.pk
        try:
            save_versioned(form.instance, form.cleaned_data["version"])
        except StaleEdit as exc:
            stale = exc
        else:
            messages.success(request, "Đã lưu phần nhận định của báo cáo.")
            return redirect("reports:report_detail", pk=cycle.pk)
    elif form is not None:
        form.fields["version"].initial = report.version
    compiled = compile_report(cycle)
    return render(
        request,
        "reports/report_detail.html",
        {
            "cycle": cycle,
            "report": report,
            "compiled": compiled,
            "form": form,
            "stale": stale,
            "can_edit": can_edit,
            "upper_offices": services.upper_offices(cycle.unit),
        },
    )


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as sent (numbered, from the register) or, before that, the current draft."""
    cycle = _load_cycle(request, pk)
    report = report_for(cycle)
    try:
        content = (
            document_docx(report.document)
            if report.document
            else docx_bytes(services.report_spec(cycle))
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:report_detail", pk=cycle.pk)
    return _attachment(content, DOCX, f"bao-cao-{cycle.period.kind.code}-{cycle.period.year}.docx")


@login_required
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _load_cycle(request, pk)
    content = xlsx_bytes(compile_report(cycle))
    return _attachment(content, XLSX, f"bao-cao-{cycle.period.kind.code}-{cycle.period.year}.xlsx")


@login_required
@require_POST
def report_send(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _load_cycle(request, pk)
    try:
        report = services.send_report(user=request.user, cycle=cycle)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        number = report.document.number_text if report.document else ""
        messages.success(
            request,
            f"Đã vào sổ {number} và ghi nhận gửi {report.sent_to or 'cấp trên'} "
            f"ngày {report.sent_on:%d/%m/%Y}.",
        )
    return redirect("reports:report_detail", pk=cycle.pk)


def _upper_units(user: Any) -> list[AdministrativeUnit]:
    return [u for u in primary_units(user) if not u.level.is_commune and not u.level.is_hamlet]


@login_required
def rollup(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_visible_or_404(
        AdministrativeUnit.objects.select_related("level"), request.user, pk=unit_pk
    )
    if unit.level.is_commune or unit.level.is_hamlet:
        raise PermissionDenied
    year = _year(request)
    data = build_rollup(unit, year)
    return render(
        request,
        "reports/rollup.html",
        {"rollup": data, "chart": progress_svg(data), "year": year, "today": clock.today()},
    )


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("nam") or clock.current_year())
    except ValueError:
        return clock.current_year()


@login_required
def rollup_xlsx(request: HttpRequest, unit_pk: int) -> HttpResponse:
    from openpyxl import Workbook

    from ntm.core.xlsx import append_row, workbook_bytes

    unit = get_visible_or_404(
        AdministrativeUnit.objects.select_related("level"), request.user, pk=unit_pk
    )
    if unit.level.is_commune or unit.level.is_hamlet:
        raise PermissionDenied
    year = _year(request)
    data = build_rollup(unit, year)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp"
    append_row(
        sheet,
        [
            "Xã",
            "Bộ tiêu chí",
            "Tổng số tiêu chí",
            *[f"Đạt ({k.name})" for k in data.kinds],
            "Chưa bền vững (năm)",
            "Đạt theo ngưỡng minh họa (năm)",
            "Kỳ báo cáo gần nhất",
            "Đã duyệt/Tổng số báo cáo",
            "Đã gửi báo cáo",
        ],
    )
    for line in data.lines:
        append_row(
            sheet,
            [
                line.unit.display_name,
                line.set_name,
                line.total,
                *[cell.met if cell else None for cell in line.cells(data.kinds)],
                line.not_sustainable,
                line.illustrative,
                line.cycle_title,
                f"{line.approved}/{line.submissions}",
                line.report_sent_on.strftime("%d/%m/%Y") if line.report_sent_on else "Chưa gửi",
            ],
        )
    notes = workbook.create_sheet("Cách tính")
    append_row(notes, ["Cách tính số tiêu chí đạt", MET_DEFINITION])
    return _attachment(workbook_bytes(workbook), XLSX, f"tong-hop-{year}.xlsx")


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    rules = (
        ReportingRule.objects.visible_to(request.user)
        .select_related("unit", "period_kind")
        .order_by("unit__path", "period_kind__order", "reporter_kind")
    )
    return render(request, "reports/rule_list.html", {"rules": rules})


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_visible_or_404(
        ReportingRule.objects.select_related("unit", "period_kind"), request.user, pk=pk
    )
    if not permissions.can_edit_rule(request.user, rule.unit):
        raise PermissionDenied
    form = RuleForm(request.POST or None, instance=rule)
    stale: StaleEdit | None = None
    if request.method == "POST" and form.is_valid():
        try:
            save_versioned(form.instance, form.cleaned_data["version"])
        except StaleEdit as exc:
            stale = exc
        else:
            messages.success(request, "Đã lưu chế độ báo cáo.")
            return redirect("reports:rule_list")
    elif request.method != "POST":
        form.fields["version"].initial = rule.version
    return render(request, "reports/rule_form.html", {"form": form, "rule": rule, "stale": stale})

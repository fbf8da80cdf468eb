"""Reporting use cases: open a cycle, submit, return, approve (locking the values), reopen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ntm.accounts.models import (
    Organisation,
    OrganisationKind,
    Role,
    RoleAssignment,
    SteeringCommittee,
)
from ntm.assessments import services as assessment_services
from ntm.assessments.models import IndicatorValue
from ntm.core import clock, faults
from ntm.core.concurrency import save_versioned
from ntm.core.text import normalize
from ntm.core.upsert import upsert
from ntm.criteria.models import Period, PeriodKind
from ntm.criteria.periods import YEAR
from ntm.documents.services import (
    DocumentError,
    create_draft,
    document_type,
    issue_document,
    issuer_header,
)
from ntm.documents.spec import DocumentSpec, Signature
from ntm.geography.models import AdministrativeUnit
from ntm.plans.models import Assignment
from ntm.reports.models import (
    CommuneReport,
    ReportCycle,
    ReporterKind,
    ReportingRule,
    Submission,
    SubmissionStatus,
)
from ntm.reports.permissions import can_edit_submission, can_review

RULES_FILE = Path(__file__).parent / "data" / "reporting_rules.yaml"
NARRATIVE = ["results", "shortcomings", "difficulties", "proposals", "next_tasks"]


# --- Rules (data) -------------------------------------------------------------------------


@transaction.atomic
def load_default_rules(*, unit: AdministrativeUnit, path: Path = RULES_FILE) -> int:
    """Apply the shipped default reporting rules at ``unit`` (a province or a commune)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    kinds = {kind.code: kind for kind in PeriodKind.objects.all()}
    changed = 0
    for row in data["rules"]:
        kind = kinds.get(row["period_kind"])
        if kind is None:
            continue
        for reporter, days in row["days_after_period_end"].items():
            _, outcome = upsert(
                ReportingRule,
                {"unit": unit, "period_kind": kind, "reporter_kind": reporter},
                {"days_after_period_end": int(days), "active": True},
            )
            changed += outcome != "unchanged"
    return changed


def rules_for(commune: AdministrativeUnit, kind: PeriodKind) -> dict[str, ReportingRule]:
    """The rule per reporter kind that applies to ``commune``: the nearest unit wins."""
    ancestors = [commune, *reversed(commune.ancestors())]
    by_unit: dict[int, list[ReportingRule]] = {}
    for rule in ReportingRule.objects.filter(
        unit__in=ancestors, period_kind=kind, active=True
    ).select_related("period_kind"):
        by_unit.setdefault(rule.unit_id, []).append(rule)
    chosen: dict[str, ReportingRule] = {}
    for unit in ancestors:
        for rule in by_unit.get(unit.pk, []):
            chosen.setdefault(rule.reporter_kind, rule)
    return chosen


# --- Cycles -------------------------------------------------------------------------------


def _committee(commune: AdministrativeUnit) -> SteeringCommittee | None:
    return SteeringCommittee.objects.filter(unit=commune).first()


def _user_with_role(
    role: str, unit: AdministrativeUnit, organisation: Organisation | None = None
) -> Any:
    query = RoleAssignment.objects.filter(role=role, unit=unit, active=True)
    if organisation is not None:
        query = query.filter(organisation=organisation)
    assignment = query.select_related("user").order_by("id").first()
    return assignment.user if assignment else None


def _reporters(commune: AdministrativeUnit, period: Period, kind: str) -> list[dict[str, Any]]:
    """Who must report in a cycle for one reporter kind."""
    if kind == ReporterKind.MEMBER:
        leads = (
            Assignment.objects.filter(unit=commune, year=period.year)
            .select_related("lead", "lead__person")
            .order_by("lead__order", "lead_id")
        )
        members = {a.lead_id: a.lead for a in leads}
        result = []
        for member in members.values():
            user = getattr(member.person, "user", None)
            result.append(
                {
                    "key": f"member:{member.pk}",
                    "unit": commune,
                    "member": member,
                    "responsible": user,
                }
            )
        return result
    if kind == ReporterKind.HAMLET:
        hamlets = (
            AdministrativeUnit.objects.filter(parent=commune, level__is_hamlet=True)
            .valid_on(period.end)
            .order_by("kind_name", "name")
        )
        return [
            {
                "key": f"hamlet:{h.pk}",
                "unit": h,
                "responsible": _user_with_role(Role.HAMLET_HEAD, h),
            }
            for h in hamlets
        ]
    if kind == ReporterKind.ORGANISATION:
        fronts = Organisation.objects.filter(unit=commune, kind=OrganisationKind.FATHERLAND_FRONT)
        return [
            {
                "key": f"organisation:{org.pk}",
                "unit": commune,
                "organisation": org,
                "responsible": _user_with_role(Role.ORGANISATION, commune, org),
            }
            for org in fronts
        ]
    return []


@transaction.atomic
def open_cycle(
    *,
    unit: AdministrativeUnit,
    period: Period,
    opened_by: Any,
    title: str = "",
    subject: str = "",
    deadline: dt.date | None = None,
) -> ReportCycle:
    """Open (or complete) the cycle of ``period`` for a commune: one submission per reporter.

    Running it again adds reporters that appeared since (a new hamlet, a new assignment) and
    never touches submissions that exist.
    """
    if not unit.level.is_commune:
        raise ValidationError("Kỳ báo cáo được mở cho một xã.")
    rules = rules_for(unit, period.kind)
    commune_rule = rules.get(ReporterKind.COMMUNE)
    cycle_deadline = deadline or (commune_rule.deadline_for(period) if commune_rule else period.end)
    cycle, _ = ReportCycle.objects.get_or_create(
        unit=unit,
        period=period,
        defaults={
            "title": title or f"Báo cáo {period.label[0].lower()}{period.label[1:]}",
            "subject": subject,
            "deadline": cycle_deadline,
            "opened_by": opened_by,
        },
    )
    existing = set(cycle.submissions.values_list("reporter_key", flat=True))
    for kind in (ReporterKind.MEMBER, ReporterKind.HAMLET, ReporterKind.ORGANISATION):
        rule = rules.get(kind)
        if rule is None and deadline is None:
            continue
        reporter_deadline = rule.deadline_for(period) if rule else cycle_deadline
        for reporter in _reporters(unit, period, kind):
            if reporter["key"] in existing:
                continue
            Submission.objects.create(
                cycle=cycle,
                reporter_kind=kind,
                reporter_key=reporter["key"],
                unit=reporter["unit"],
                member=reporter.get("member"),
                organisation=reporter.get("organisation"),
                responsible=reporter.get("responsible"),
                deadline=reporter_deadline,
            )
    CommuneReport.objects.get_or_create(cycle=cycle)
    return cycle


# --- Submissions --------------------------------------------------------------------------


def save_narrative(
    *, user: Any, submission: Submission, data: dict[str, str], expected_version: int
) -> Submission:
    if not can_edit_submission(user, submission):
        raise PermissionDenied
    for name in NARRATIVE:
        if name in data:
            setattr(submission, name, data[name])
    submission._history_user = user  # type: ignore[attr-defined]
    save_versioned(submission, expected_version)
    return submission


def _year_values_in_scope(submission: Submission) -> Any:
    period = submission.cycle.period
    year_values = IndicatorValue.objects.filter(period__kind__code=YEAR, period__year=period.year)
    if submission.reporter_kind == ReporterKind.HAMLET:
        return year_values.filter(unit=submission.unit)
    if submission.reporter_kind == ReporterKind.MEMBER and submission.member_id:
        criteria = Assignment.objects.filter(
            unit=submission.cycle.unit, year=period.year, lead_id=submission.member_id
        ).values("criterion_id")
        return year_values.filter(unit=submission.cycle.unit, indicator__criterion_id__in=criteria)
    return year_values.none()


def snapshot_values(*, user: Any, submission: Submission) -> int:
    """Freeze the year's working values in the submission's scope as the report period's
    values (the assessments app writes them). A yearly report needs no copy."""
    period = submission.cycle.period
    if period.kind.code == YEAR:
        return 0
    return assessment_services.snapshot_values(
        user=user,
        period=period,
        sources=_year_values_in_scope(submission),
        reason=f"Số liệu chốt khi nộp {submission.cycle.title}",
    )


def preview_prefill(*, user: Any, submission: Submission) -> dict[str, Any]:
    """What pressing "Nộp" would freeze, built by the same code as the submission."""
    from ntm.reports.prefill import build_prefill

    period = submission.cycle.period
    if period.kind.code == YEAR:
        return build_prefill(submission)
    return assessment_services.preview(
        user=user,
        period=period,
        sources=_year_values_in_scope(submission),
        build=lambda: build_prefill(submission),
    )


@transaction.atomic
def submit(*, user: Any, submission: Submission) -> Submission:
    from ntm.reports.prefill import build_prefill

    submission = (
        Submission.objects.select_for_update()
        .select_related("cycle__period__kind", "cycle__unit", "unit")
        .get(pk=submission.pk)
    )
    if not can_edit_submission(user, submission):
        raise PermissionDenied
    snapshot_values(user=user, submission=submission)
    submission.prefill = build_prefill(submission)
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.submitted_on = clock.today()
    submission.submitted_by = user
    submission.version += 1
    submission._history_user = user  # type: ignore[attr-defined]
    submission.save()
    return submission


# simple_history keeps the change reason in a 100-character column (a 500 on PostgreSQL when
# a long typed reason is put in whole).
CHANGE_REASON_LENGTH = 100


@transaction.atomic
def return_submission(*, user: Any, submission: Submission, reason: str) -> Submission:
    submission = (
        Submission.objects.select_for_update().select_related("cycle__unit").get(pk=submission.pk)
    )
    if not can_review(user, submission.cycle.unit):
        raise PermissionDenied
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError("Chỉ trả lại được báo cáo đang chờ duyệt.")
    reason = normalize(reason)
    if not reason:
        raise ValidationError("Vui lòng ghi lý do trả lại để người báo cáo biết cần sửa gì.")
    submission.status = SubmissionStatus.RETURNED
    submission.return_reason = reason
    submission.times_returned += 1
    submission.reviewed_by = user
    submission.version += 1
    submission._history_user = user  # type: ignore[attr-defined]
    submission._change_reason = f"Trả lại: {reason}"[:CHANGE_REASON_LENGTH]  # type: ignore[attr-defined]
    submission.save()
    return submission


def values_in_scope(submission: Submission) -> Any:
    """The indicator values an approval of ``submission`` vouches for (and locks)."""
    period = submission.cycle.period
    values = IndicatorValue.objects.filter(period=period)
    if submission.reporter_kind == ReporterKind.HAMLET:
        return values.filter(unit=submission.unit)
    if submission.reporter_kind == ReporterKind.MEMBER and submission.member_id:
        criteria = Assignment.objects.filter(
            unit=submission.cycle.unit, year=period.year, lead_id=submission.member_id
        ).values("criterion_id")
        return values.filter(unit=submission.cycle.unit, indicator__criterion_id__in=criteria)
    return values.none()


def _set_locked(submission: Submission, locked: bool, user: Any, reason: str) -> int:
    return assessment_services.set_locked(
        user=user, values=values_in_scope(submission), locked=locked, reason=reason
    )


@transaction.atomic
def approve(*, user: Any, submission: Submission) -> Submission:
    submission = (
        Submission.objects.select_for_update()
        .select_related("cycle__unit", "cycle__period")
        .get(pk=submission.pk)
    )
    if not can_review(user, submission.cycle.unit):
        raise PermissionDenied
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError("Chỉ duyệt được báo cáo đã nộp và đang chờ duyệt.")
    submission.status = SubmissionStatus.APPROVED
    submission.approved_by = user
    submission.approved_at = timezone.now()
    submission.reviewed_by = user
    submission.version += 1
    submission._history_user = user  # type: ignore[attr-defined]
    submission.save()
    # Crash tests kill the process here (approved, values not yet locked); a no-op unless
    # NTM_FAULTPOINT names it (tests/security/test_crash_safety.py).
    faults.checkpoint("reports.approve.mid")
    _set_locked(submission, True, user, f"Khóa khi duyệt {submission.cycle.title}")
    return submission


@transaction.atomic
def reopen(*, user: Any, submission: Submission, reason: str) -> Submission:
    """Only the approver reopens an approved report, with a reason; its values unlock."""
    submission = (
        Submission.objects.select_for_update().select_related("cycle__period").get(pk=submission.pk)
    )
    if submission.status != SubmissionStatus.APPROVED:
        raise ValidationError("Chỉ mở lại được báo cáo đã duyệt.")
    if submission.approved_by_id != getattr(user, "pk", None):
        raise PermissionDenied
    reason = normalize(reason)
    if not reason:
        raise ValidationError("Vui lòng ghi lý do mở lại báo cáo.")
    submission.status = SubmissionStatus.RETURNED
    submission.reopen_reason = reason
    submission.return_reason = reason
    submission.version += 1
    submission._history_user = user  # type: ignore[attr-defined]
    submission._change_reason = f"Mở lại: {reason}"[:CHANGE_REASON_LENGTH]  # type: ignore[attr-defined]
    submission.save()
    _set_locked(submission, False, user, f"Mở khóa khi mở lại báo cáo: {reason}")
    return submission


# --- The commune's report -----------------------------------------------------------------


def signature_for(commune: AdministrativeUnit) -> Signature:
    """Who signs the commune's report: the Vice-Chairman in charge of NTM on behalf of the
    Chairman when there is one in the steering committee, else the Chairman for the UBND."""
    committee = SteeringCommittee.objects.filter(unit=commune).first()
    members = (
        list(committee.members.filter(active=True).select_related("person__position"))
        if committee
        else []
    )

    def holding(title: str) -> str:
        for member in members:
            position = member.person.position.name if member.person.position else ""
            if position.lower().startswith(title):
                return member.person.full_name
        return ""

    deputy = holding("phó chủ tịch ubnd")
    if deputy:
        return Signature(authority="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH", name=deputy)
    return Signature(
        authority="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH", name=holding("chủ tịch ubnd")
    )


def upper_offices(unit: AdministrativeUnit) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            unit__in=unit.ancestors(), kind=OrganisationKind.COORDINATION_OFFICE
        ).order_by("-unit__depth")
    )


def peoples_committee(commune: AdministrativeUnit) -> Organisation:
    organisation = Organisation.objects.filter(
        unit=commune, kind=OrganisationKind.PEOPLES_COMMITTEE
    ).first()
    if organisation is None:
        raise ValidationError("Xã chưa có Ủy ban nhân dân trong danh bạ cơ quan, tổ chức.")
    return organisation


def report_spec(cycle: ReportCycle, *, number: int | None = None) -> DocumentSpec:
    from ntm.reports.compile import compile_report, report_for
    from ntm.reports.exports import build_spec

    offices = upper_offices(cycle.unit)
    distribution = [f"{office.short_name or office.name} (b/c);" for office in offices[:1]]
    distribution += ["CT, các Phó CT UBND xã;", "Thành viên BCĐ xã;", "Lưu: VT."]
    header = issuer_header(peoples_committee(cycle.unit))
    return build_spec(
        compile_report(cycle),
        report_for(cycle),
        issuer_lines=header.issuer_lines,
        signature=signature_for(cycle.unit),
        distribution=distribution,
        number=number,
    )


@transaction.atomic
def send_report(*, user: Any, cycle: ReportCycle) -> CommuneReport:
    """Register the compiled report as an issued BÁO CÁO of the UBND (numbered in its book)
    and record that it was sent "for report" to the coordination office above."""
    if not can_review(user, cycle.unit):
        raise PermissionDenied
    CommuneReport.objects.get_or_create(cycle=cycle)
    report = CommuneReport.objects.select_for_update().get(cycle=cycle)
    if report.sent_on is not None:
        raise ValidationError("Báo cáo này đã được gửi cấp trên.")
    today = clock.today()
    try:
        if report.document is None:
            document = create_draft(
                organisation=peoples_committee(cycle.unit),
                doc_type=document_type("bao-cao"),
                spec=report_spec(cycle),
                created_by=user,
                links=[cycle],
            )
            report.document = issue_document(document, today, user)
    except DocumentError as exc:
        raise ValidationError(str(exc)) from exc
    offices = upper_offices(cycle.unit)
    report.sent_on = today
    report.sent_to = offices[0] if offices else None
    report.compiled_by = user
    report.version += 1
    report._history_user = user  # type: ignore[attr-defined]
    report.save()
    return report

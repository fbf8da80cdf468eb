"""Roll-up for the level above: every commune in scope side by side, progress over the
periods of a year, and reporting completeness — in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ntm.assessments.models import ResultSummary, SetRegistration
from ntm.assessments.rules import MET_DEFINITION, Summary
from ntm.criteria.models import Criterion, PeriodKind, SetLevel
from ntm.geography.models import AdministrativeUnit
from ntm.reports.models import CommuneReport, ReportCycle, Submission, SubmissionStatus

PROGRESS_KINDS = ["quy1", "6thang", "9thang", "nam"]


@dataclass
class CommuneLine:
    unit: AdministrativeUnit
    set_name: str = ""
    total: int = 0
    summaries: dict[str, Summary] = field(default_factory=dict)  # by period kind code
    cycle_title: str = ""
    cycle_deadline: Any = None
    submissions: int = 0
    approved: int = 0
    returned: int = 0
    report_sent_on: Any = None

    @property
    def met_by_kind(self) -> dict[str, int]:
        return {code: summary.met for code, summary in self.summaries.items()}

    @property
    def year_summary(self) -> Summary | None:
        return self.summaries.get("nam")

    @property
    def not_sustainable(self) -> int:
        return self.year_summary.not_sustainable if self.year_summary else 0

    @property
    def illustrative(self) -> int:
        return self.year_summary.illustrative if self.year_summary else 0

    def cells(self, kinds: list[PeriodKind]) -> list[Summary | None]:
        return [self.summaries.get(kind.code) for kind in kinds]

    @property
    def latest_met(self) -> int:
        for kind in reversed(PROGRESS_KINDS):
            if kind in self.met_by_kind:
                return self.met_by_kind[kind]
        return 0

    @property
    def reported(self) -> bool:
        return self.report_sent_on is not None


@dataclass
class Rollup:
    unit: AdministrativeUnit
    year: int
    lines: list[CommuneLine]
    kinds: list[PeriodKind]

    @property
    def definition(self) -> str:
        return MET_DEFINITION

    @property
    def rows(self) -> list[tuple[CommuneLine, list[Summary | None]]]:
        return [(line, line.cells(self.kinds)) for line in self.lines]

    @property
    def not_reported(self) -> list[CommuneLine]:
        return [line for line in self.lines if line.cycle_title and not line.reported]


def build_rollup(unit: AdministrativeUnit, year: int) -> Rollup:
    communes = list(
        AdministrativeUnit.objects.filter(path__startswith=unit.path, level__is_commune=True)
        .select_related("level")
        .order_by("name")
    )
    ids = [c.pk for c in communes]
    lines = {c.pk: CommuneLine(unit=c) for c in communes}
    registrations = list(
        SetRegistration.objects.filter(
            unit_id__in=ids, year=year, criteria_set__level=SetLevel.COMMUNE
        )
        .select_related("criteria_set")
        .order_by("criteria_set__order")
    )
    set_ids = {r.criteria_set_id for r in registrations}
    sizes = dict(
        Criterion.objects.filter(criteria_set_id__in=set_ids)
        .values("criteria_set_id")
        .annotate(n=Count("id"))
        .values_list("criteria_set_id", "n")
    )
    chosen_set: dict[int, int] = {}
    for registration in registrations:
        if registration.unit_id in chosen_set:
            continue
        chosen_set[registration.unit_id] = registration.criteria_set_id
        line = lines[registration.unit_id]
        line.set_name = str(registration.criteria_set)
        line.total = sizes.get(registration.criteria_set_id, 0)
    # The read model's summaries: the same counts as each commune's scorecard and report.
    for stored in ResultSummary.objects.filter(
        unit_id__in=ids,
        period__year=year,
        period__kind__code__in=PROGRESS_KINDS,
        criteria_set_id__in=set_ids,
    ).select_related("period__kind"):
        if chosen_set.get(stored.unit_id) != stored.criteria_set_id:
            continue
        line = lines[stored.unit_id]
        line.summaries[stored.period.kind.code] = stored.as_summary(stored.period.label)
    latest: dict[int, ReportCycle] = {}
    for cycle in (
        ReportCycle.objects.filter(unit_id__in=ids, period__year=year)
        .select_related("period")
        .order_by("unit_id", "-period__end", "-pk")
    ):
        latest.setdefault(cycle.unit_id, cycle)
    cycle_ids = [c.pk for c in latest.values()]
    counts: dict[int, dict[str, int]] = {}
    for row in (
        Submission.objects.filter(cycle_id__in=cycle_ids)
        .values("cycle_id", "status")
        .annotate(n=Count("id"))
    ):
        counts.setdefault(row["cycle_id"], {})[row["status"]] = row["n"]
    sent = dict(
        CommuneReport.objects.filter(cycle_id__in=cycle_ids).values_list("cycle_id", "sent_on")
    )
    for unit_id, cycle in latest.items():
        line = lines[unit_id]
        bucket = counts.get(cycle.pk, {})
        line.cycle_title = cycle.title
        line.cycle_deadline = cycle.deadline
        line.submissions = sum(bucket.values())
        line.approved = bucket.get(SubmissionStatus.APPROVED, 0)
        line.returned = bucket.get(SubmissionStatus.RETURNED, 0)
        line.report_sent_on = sent.get(cycle.pk)
    kinds = list(PeriodKind.objects.filter(code__in=PROGRESS_KINDS).order_by("order"))
    return Rollup(unit=unit, year=year, lines=list(lines.values()), kinds=kinds)


def progress_svg(rollup: Rollup, width: int = 640, height: int = 220) -> SafeString:
    """A small bar chart: average criteria met per commune, period by period (server-side SVG)."""
    lines = [line for line in rollup.lines if line.total]
    kinds = rollup.kinds
    if not lines or not kinds:
        return SafeString("")
    top = max(line.total for line in lines)
    left, bottom, pad = 40, 30, 10
    plot_h = height - bottom - pad
    slot = (width - left - pad) / len(kinds)
    bars = []
    for index, kind in enumerate(kinds):
        values = [line.met_by_kind.get(kind.code, 0) for line in lines]
        average = sum(values) / len(values)
        bar_h = 0 if top == 0 else plot_h * average / top
        x = left + index * slot + slot * 0.2
        y = pad + plot_h - bar_h
        label = f"{average:.1f}".replace(".", ",")
        bars.append(
            (
                f"{x:.1f}",
                f"{y:.1f}",
                f"{slot * 0.6:.1f}",
                f"{bar_h:.1f}",
                f"{x + slot * 0.3:.1f}",
                f"{y - 4:.1f}",
                label,
                f"{x + slot * 0.3:.1f}",
                f"{height - 10}",
                kind.name,
            )
        )
    body = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="bar"><title>{}</title></rect>'
        '<text x="{}" y="{}" text-anchor="middle" class="value">{}</text>'
        '<text x="{}" y="{}" text-anchor="middle" class="axis">{}</text>',
        ((b[0], b[1], b[2], b[3], b[9], b[4], b[5], b[6], b[7], b[8], b[9]) for b in bars),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis-line"/>{}</svg>',
        width,
        height,
        f"Số tiêu chí đạt bình quân mỗi xã theo kỳ, năm {rollup.year} (tối đa {top})",
        left,
        height - bottom,
        width - pad,
        height - bottom,
        body,
    )

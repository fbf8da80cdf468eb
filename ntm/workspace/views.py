"""The page a person lands on after signing in: "Việc của tôi"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ntm.accounts.models import SteeringCommittee
from ntm.accounts.scope import get_visible_or_404, role_assignments
from ntm.assessments.queries import unit_summaries
from ntm.core import clock
from ntm.plans import queries as plan_queries
from ntm.reports.queries import member_report_stats
from ntm.workspace import sections


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    me = sections.who(request.user, today.year, today)
    assignments = role_assignments(request.user)  # read once per request, with the scope
    committees = (
        list(SteeringCommittee.objects.filter(unit_id__in=me.commune_ids))
        if me.reviews_reports
        else []
    )
    criteria = sections.my_criteria(me)
    tasks = sections.my_tasks(me)
    return render(
        request,
        "workspace/home.html",
        {
            "assignments": assignments,
            "today": today,
            "year": today.year,
            "me": me,
            "criteria": criteria,
            "tasks": tasks,
            "directive_tasks": tasks.directive,
            "evidence": sections.missing_evidence(me, criteria.owned_ids),
            "returned": sections.returned_values(me),
            "obstacles": sections.my_obstacles(me),
            "committees": committees,
            "reports": sections.my_reports(me),
        },
    )


@login_required
def scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    """Theo dõi thành viên BCĐ: criteria owned and their status, tasks and reports on time."""
    committee = get_visible_or_404(
        SteeringCommittee.objects.select_related("unit"), request.user, pk=pk
    )
    try:
        year = int(request.GET.get("nam") or clock.current_year())
    except ValueError:
        year = clock.current_year()
    today = clock.today()
    cards = plan_queries.member_scorecard(committee, year, today)
    stats = member_report_stats([c.member.pk for c in cards], year, today)
    rows = [(card, stats.get(card.member.pk)) for card in cards]
    return render(
        request,
        "workspace/scorecard.html",
        {
            "committee": committee,
            "rows": rows,
            "year": year,
            "today": today,
            # The commune's result, from the same read model as its scorecard.
            "summaries": unit_summaries(committee.unit, year),
        },
    )

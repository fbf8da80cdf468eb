"""Assignments, plans, tasks and the roadmap (thin views). The member scorecard lives in
workspace, which can also read reports.

Directives live in ``views_directives``, difficulties in ``views_obstacles``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ntm.accounts.models import CommitteeMember, Person, SteeringCommittee
from ntm.accounts.scope import get_visible_or_404, primary_units
from ntm.assessments.models import CriterionRegistration, SetRegistration
from ntm.core import clock
from ntm.core.concurrency import StaleEdit, save_versioned
from ntm.core.history import history_for
from ntm.criteria.models import CriteriaSet, Criterion, Indicator
from ntm.geography.models import AdministrativeUnit
from ntm.plans import documents, permissions, queries, rules, services
from ntm.plans.forms import AssignmentForm, NoticeForm, PlanForm, ProgressForm, TaskForm
from ntm.plans.models import Assignment, AssignmentNotice, Plan, Task, TaskStatus


def year_of(request: HttpRequest) -> int:
    value = request.GET.get("nam", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else clock.current_year()


def visible_unit(request: HttpRequest, pk: int) -> AdministrativeUnit:
    return get_visible_or_404(
        AdministrativeUnit.objects.select_related("level"), request.user, pk=pk
    )


def commune_of(unit: AdministrativeUnit) -> AdministrativeUnit:
    """The commune a unit belongs to (itself for a commune)."""
    if unit.is_commune or unit.parent is None:
        return unit
    return unit.parent


def _people(unit: AdministrativeUnit) -> Any:
    """People who may own a plan or task of the commune: its directory and its hamlets'."""
    commune = commune_of(unit)
    return Person.objects.filter(unit__path__startswith=commune.path).order_by("sort_name")


# --- Index -----------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    plans = (
        Plan.objects.visible_to(request.user)
        .filter(year=year)
        .select_related("unit", "criterion", "owner")
        .annotate(
            task_count=Count("tasks"),
            done_count=Count("tasks", filter=Q(tasks__status=TaskStatus.DONE)),
            late_count=Count(
                "tasks",
                filter=Q(tasks__deadline__lt=clock.today()) & ~Q(tasks__status=TaskStatus.DONE),
            ),
        )
    )
    units = primary_units(request.user)
    communes = sorted({commune_of(u) for u in units if u.is_commune or u.is_hamlet}, key=str)
    committees = SteeringCommittee.objects.visible_to(request.user).select_related("unit")
    hamlets = [u for u in units if u.is_hamlet]
    return render(
        request,
        "plans/index.html",
        {
            "plans": plans,
            "year": year,
            "communes": [c for c in communes if c.is_commune and c in units],
            "committees": committees,
            "hamlets": hamlets,
        },
    )


# --- Assignments ---------------------------------------------------------------------------


def sets_for(commune: AdministrativeUnit, year: int) -> list[CriteriaSet]:
    """The criteria sets the commune and its hamlets registered for ``year``; failing that,
    every set whose period covers the year."""
    registered = list(
        CriteriaSet.objects.filter(
            pk__in=SetRegistration.objects.filter(
                unit__path__startswith=commune.path, year=year
            ).values("criteria_set_id")
        ).order_by("level", "order", "code")
    )
    if registered:
        return registered
    found = []
    for criteria_set in CriteriaSet.objects.order_by("level", "order", "code"):
        start, _, end = criteria_set.period.partition("-")
        start, end = start.strip(), end.strip()
        if start.isdigit() and end.isdigit() and int(start) <= year <= int(end):
            found.append(criteria_set)
    return found


def _assignment_context(request: HttpRequest, unit_pk: int, year: int) -> dict[str, Any]:
    commune = visible_unit(request, unit_pk)
    if not commune.is_commune:
        raise Http404("Không tìm thấy.")
    committee = services.committee_of(commune)
    notice = (
        AssignmentNotice.objects.filter(committee=committee, year=year).first()
        if committee
        else None
    )
    criteria_sets = sets_for(commune, year)
    criteria = list(
        Criterion.objects.filter(criteria_set__in=criteria_sets)
        .select_related("criteria_set")
        .order_by("criteria_set__level", "criteria_set__order", "number")
    )
    assignments = {
        a.criterion_id: a
        for a in Assignment.objects.filter(unit=commune, year=year)
        .select_related("lead__person")
        .prefetch_related(
            Prefetch("supporting", queryset=CommitteeMember.objects.select_related("person"))
        )
    }
    rows = [(c, assignments.get(c.pk)) for c in criteria]
    sections = []
    for criteria_set in criteria_sets:
        sections.append(
            {
                "set": criteria_set,
                "rows": [r for r in rows if r[0].criteria_set_id == criteria_set.pk],
            }
        )
    return {
        "commune": commune,
        "committee": committee,
        "notice": notice,
        "year": year,
        "sections": sections,
        "unowned": [c for c, a in rows if a is None],
        "total": len(rows),
        "can_edit": permissions.can_manage_commune(request.user, commune),
    }


@login_required
def assignments(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    context = _assignment_context(request, unit_pk, year)
    return render(request, "plans/assignments.html", context)


@login_required
def assignments_print(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    context = _assignment_context(request, unit_pk, year)
    context["spec"] = documents.assignment_notice_spec(context)
    return render(request, "plans/assignments_print.html", context)


@login_required
def assignments_docx(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    context = _assignment_context(request, unit_pk, year)
    spec = documents.assignment_notice_spec(context)
    return documents.docx_response(spec, f"thong-bao-phan-cong-{year}.docx")


@login_required
def notice_edit(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    commune = visible_unit(request, unit_pk)
    if not commune.is_commune:
        raise Http404("Không tìm thấy.")
    if not permissions.can_manage_commune(request.user, commune):
        raise PermissionDenied
    committee = services.committee_of(commune)
    if committee is None:
        raise Http404("Xã chưa có Ban Chỉ đạo.")
    notice = services.ensure_notice(committee=committee, year=year)
    form = NoticeForm(request.POST or None, instance=notice, people=_people(commune))
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            save_versioned(
                form.instance, form.cleaned_data["version"], fields=NoticeForm.Meta.fields
            )
        except StaleEdit as exc:
            stale = exc
        else:
            messages.success(request, "Đã lưu thông tin thông báo phân công.")
            return redirect("plans:assignments", unit_pk=commune.pk, year=year)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "stale": stale,
            "title": f"Thông báo phân công năm {year}",
            "back": reverse("plans:assignments", args=[commune.pk, year]),
        },
        status=409 if stale else 200,
    )


@login_required
def assignment_edit(
    request: HttpRequest, unit_pk: int, year: int, criterion_pk: int
) -> HttpResponse:
    commune = visible_unit(request, unit_pk)
    if not commune.is_commune:
        raise Http404("Không tìm thấy.")
    criterion = Criterion.objects.filter(pk=criterion_pk).select_related("criteria_set").first()
    if criterion is None:
        raise Http404("Không tìm thấy.")
    if not permissions.can_manage_commune(request.user, commune):
        raise PermissionDenied
    committee = services.committee_of(commune)
    if committee is None:
        raise Http404("Xã chưa có Ban Chỉ đạo.")
    members = committee.members.filter(active=True).select_related("person")
    existing = Assignment.objects.filter(unit=commune, year=year, criterion=criterion).first()
    form = AssignmentForm(request.POST or None, members=members, instance=existing)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.assign(
                notice=services.ensure_notice(committee=committee, year=year),
                criterion=criterion,
                lead=form.cleaned_data["lead"],
                supporting=form.cleaned_data["supporting"],
                note=form.cleaned_data["note"],
                # A form opened before the assignment existed carries no version: 0 makes a
                # concurrent first assignment a stale edit instead of a silent overwrite.
                version=form.cleaned_data["version"] or 0,
            )
        except StaleEdit as exc:
            stale = exc
        except IntegrityError:  # two first assignments at the same moment: the other won
            stale = StaleEdit([])
        else:
            messages.success(request, f"Đã phân công {criterion}.")
            return redirect("plans:assignments", unit_pk=commune.pk, year=year)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "stale": stale,
            "title": f"Phân công {criterion} – năm {year}",
            "back": reverse("plans:assignments", args=[commune.pk, year]),
        },
        status=409 if stale else 200,
    )


# --- Plans -----------------------------------------------------------------------------------


def _plan(request: HttpRequest, pk: int) -> Plan:
    return get_visible_or_404(
        Plan.objects.select_related("unit", "unit__level", "criterion", "owner"),
        request.user,
        pk=pk,
    )


def _plan_chooser(request: HttpRequest, year: int) -> HttpResponse:
    """Which plans the user may start: their criteria without a plan, their hamlets."""
    owned = queries.assignments_of(request.user, year, lead_only=True).select_related(
        "criterion", "unit"
    )
    if any(permissions.can_manage_commune(request.user, u) for u in primary_units(request.user)):
        owned = (
            Assignment.objects.visible_to(request.user)
            .filter(year=year)
            .select_related("criterion", "unit", "lead__person")
        )
    planned = set(
        Plan.objects.visible_to(request.user)
        .filter(year=year, criterion__isnull=False)
        .values_list("unit_id", "criterion_id")
    )
    criteria = [a for a in owned if (a.unit_id, a.criterion_id) not in planned]
    hamlets = [
        u
        for u in primary_units(request.user)
        if u.is_hamlet and permissions.can_create_plan(request.user, u)
    ]
    return render(
        request,
        "plans/plan_chooser.html",
        {"year": year, "assignments": criteria, "hamlets": hamlets},
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    """?don_vi=<unit>&nam=<year>[&tieu_chi=<criterion>]: a criterion plan or a hamlet plan."""
    year = year_of(request)
    unit_pk = request.GET.get("don_vi", "")
    if not unit_pk.isdigit():
        return _plan_chooser(request, year)
    unit = visible_unit(request, int(unit_pk))
    criterion = None
    lead_person_id = None
    criterion_pk = request.GET.get("tieu_chi", "")
    if criterion_pk.isdigit():
        criterion = Criterion.objects.filter(pk=int(criterion_pk)).first()
        if criterion is None or not unit.is_commune:
            raise Http404("Không tìm thấy.")
        assignment = (
            Assignment.objects.filter(unit=unit, year=year, criterion=criterion)
            .select_related("lead")
            .first()
        )
        lead_person_id = assignment.lead.person_id if assignment else None
        if assignment is None and not permissions.can_manage_commune(request.user, unit):
            raise PermissionDenied
    elif not unit.is_hamlet:
        raise Http404("Kế hoạch của ấp chỉ lập cho một ấp (sóc).")
    if not permissions.can_create_plan(request.user, unit, lead_person_id):
        raise PermissionDenied
    existing = Plan.objects.filter(unit=unit, year=year, criterion=criterion).first()
    if existing is not None:
        messages.info(request, "Kế hoạch này đã có; mở kế hoạch hiện có.")
        return redirect("plans:plan_detail", pk=existing.pk)
    me = permissions.person_id(request.user)
    default_owner = lead_person_id or (me if unit.is_hamlet else None)
    default_title = (
        f"Kế hoạch thực hiện {criterion} năm {year}"
        if criterion
        else f"Kế hoạch xây dựng nông thôn mới {unit} năm {year}"
    )
    form = PlanForm(
        request.POST or None,
        people=_people(unit),
        initial={"title": default_title, "owner": default_owner},
    )
    if request.method == "POST" and form.is_valid():
        plan = services.create_plan(
            unit=unit,
            year=year,
            criterion=criterion,
            owner=form.cleaned_data["owner"],
            title=form.cleaned_data["title"],
            objectives=form.cleaned_data["objectives"],
            user=request.user,
            token=form.cleaned_data["form_token"],
        )
        messages.success(request, "Đã tạo kế hoạch.")
        return redirect("plans:plan_detail", pk=plan.pk)
    return render(
        request,
        "plans/form.html",
        {"form": form, "title": "Lập kế hoạch", "back": reverse("plans:index")},
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    tasks = list(
        plan.tasks.select_related("owner_person", "owner_organisation", "unit").prefetch_related(
            "indicators"
        )
    )
    budget = {label: sum(getattr(t, name) for t in tasks) for name, label in rules.BUDGET_SOURCES}
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "tasks": tasks,
            "budget": budget,
            "budget_total": sum(budget.values()),
            "can_edit": permissions.can_edit_plan(request.user, plan),
            "today": clock.today(),
        },
    )


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if not permissions.can_edit_plan(request.user, plan):
        raise PermissionDenied
    form = PlanForm(request.POST or None, instance=plan, people=_people(plan.unit))
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            save_versioned(form.instance, form.cleaned_data["version"], fields=PlanForm.Meta.fields)
        except StaleEdit as exc:
            stale = exc
        else:
            messages.success(request, "Đã lưu kế hoạch.")
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "stale": stale,
            "title": f"Sửa: {plan}",
            "back": reverse("plans:plan_detail", args=[plan.pk]),
        },
        status=409 if stale else 200,
    )


@login_required
def plan_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    tasks = list(plan.tasks.order_by("start", "deadline", "pk"))
    rows = [
        rules.TimelineRow(
            label=t.title,
            start=t.start,
            end=t.deadline,
            progress=t.progress,
            done=t.is_done,
            url=reverse("plans:task_detail", args=[t.pk]),
        )
        for t in tasks
    ]
    chart = rules.timeline(rows, clock.today(), year=plan.year)
    return render(request, "plans/timeline.html", {"plan": plan, "chart": chart, "tasks": tasks})


@login_required
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    return render(
        request,
        "core/history.html",
        {
            "object": plan,
            "entries": history_for(plan),
            "back_url": reverse("plans:plan_detail", args=[plan.pk]),
        },
    )


@login_required
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    tasks = list(plan.tasks.select_related("owner_person", "owner_organisation", "unit"))
    spec = documents.plan_spec(plan, tasks)
    return documents.docx_response(spec, f"ke-hoach-{plan.pk}.docx")


# --- Tasks -----------------------------------------------------------------------------------


def _task(request: HttpRequest, pk: int) -> Task:
    return get_visible_or_404(
        Task.objects.select_related(
            "unit",
            "unit__level",
            "plan",
            "plan__unit",
            "plan__unit__level",
            "plan__criterion",
            "owner_person",
            "owner_organisation",
            "directive_item__directive",
        ),
        request.user,
        pk=pk,
    )


def _indicators_for(plan: Plan) -> Any:
    if plan.criterion_id:
        return Indicator.objects.filter(criterion_id=plan.criterion_id)
    registered = CriterionRegistration.objects.filter(unit=plan.unit).values("criterion_id")
    return Indicator.objects.filter(criterion_id__in=registered).select_related("criterion")


@login_required
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if not permissions.can_edit_plan(request.user, plan):
        raise PermissionDenied
    form = TaskForm(
        request.POST or None,
        people=_people(plan.unit),
        indicators=_indicators_for(plan),
        initial={"owner_person": plan.owner_id},
    )
    if request.method == "POST" and form.is_valid():
        task = services.create_task(
            plan=plan,
            data=form.cleaned_data,
            indicators=form.cleaned_data["indicators"],
            user=request.user,
            token=form.cleaned_data["form_token"],
        )
        messages.success(request, f"Đã thêm nhiệm vụ “{task.title}”.")
        return redirect("plans:plan_detail", pk=plan.pk)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "title": f"Thêm nhiệm vụ – {plan}",
            "back": reverse("plans:plan_detail", args=[plan.pk]),
        },
    )


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    can_edit = permissions.can_edit_task(request.user, task)
    form = ProgressForm(instance=task) if can_edit else None
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "can_edit": can_edit,
            "form": form,
            "indicators": task.indicators.select_related("criterion"),
            "obstacles": task.obstacles.all(),
        },
    )


@login_required
def task_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The quick update (status, progress, result): POST from the task page."""
    task = _task(request, pk)
    if not permissions.can_edit_task(request.user, task):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("plans:task_detail", pk=task.pk)
    form = ProgressForm(request.POST, instance=task)
    stale = None
    if form.is_valid():
        try:
            services.update_task(
                task=form.instance,
                version=form.cleaned_data["version"],
                fields=ProgressForm.Meta.fields,
            )
        except StaleEdit as exc:
            stale = exc
        else:
            messages.success(request, "Đã cập nhật tiến độ nhiệm vụ.")
            return redirect("plans:task_detail", pk=task.pk)
    fresh = _task(request, pk)
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": fresh,
            "can_edit": True,
            "form": form,
            "stale": stale,
            "indicators": fresh.indicators.select_related("criterion"),
            "obstacles": fresh.obstacles.all(),
        },
        status=409 if stale else 200,
    )


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    if not permissions.can_edit_task(request.user, task):
        raise PermissionDenied
    indicators = _indicators_for(task.plan) if task.plan else Indicator.objects.none()
    form = TaskForm(
        request.POST or None, instance=task, people=_people(task.unit), indicators=indicators
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        fields = [f for f in TaskForm.Meta.fields if f != "indicators"]
        try:
            services.update_task(
                task=form.instance,
                version=form.cleaned_data["version"],
                fields=fields,
                indicators=form.cleaned_data["indicators"],
            )
        except StaleEdit as exc:
            stale = exc
        else:
            messages.success(request, "Đã lưu nhiệm vụ.")
            return redirect("plans:task_detail", pk=task.pk)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "stale": stale,
            "title": f"Sửa nhiệm vụ: {task}",
            "back": reverse("plans:task_detail", args=[task.pk]),
        },
        status=409 if stale else 200,
    )


@login_required
def task_history(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    return render(
        request,
        "core/history.html",
        {
            "object": task,
            "entries": history_for(task),
            "back_url": reverse("plans:task_detail", args=[task.pk]),
        },
    )


# --- Roadmap ----------------------------------------------------------------


@login_required
def roadmap(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """Lộ trình: a hamlet's registered criteria across years (from its registrations)."""
    unit = visible_unit(request, unit_pk)
    registrations = list(
        CriterionRegistration.objects.filter(unit=unit)
        .select_related("criterion", "criterion__criteria_set")
        .order_by("target_year", "criterion__number")
    )
    years = sorted({r.target_year for r in registrations})
    by_year = [(y, [r for r in registrations if r.target_year == y]) for y in years]
    plans = Plan.objects.filter(unit=unit).order_by("-year")
    return render(
        request,
        "plans/roadmap.html",
        {
            "unit": unit,
            "by_year": by_year,
            "years": years,
            "plans": plans,
            "this_year": clock.current_year(),
            "can_plan": permissions.can_create_plan(request.user, unit) and unit.is_hamlet,
        },
    )

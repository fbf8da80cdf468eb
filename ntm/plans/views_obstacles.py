"""Difficulties (khó khăn, vướng mắc): raise, the leadership's queue, direct, resolve, close."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ntm.accounts.models import Person
from ntm.accounts.scope import get_visible_or_404, visible_units
from ntm.core import clock
from ntm.core.concurrency import StaleEdit, save_versioned
from ntm.core.history import history_for
from ntm.criteria.models import Criterion
from ntm.plans import permissions, services
from ntm.plans.forms import DirectionForm, ObstacleActionForm, ObstacleForm
from ntm.plans.models import Obstacle, ObstacleState, Task, TaskStatus
from ntm.plans.views import commune_of

FILTERS = {
    "": ("Đang chờ xử lý", Q(state__in=[ObstacleState.OPEN, ObstacleState.DIRECTED])),
    "cho-chi-dao": ("Chờ chỉ đạo", Q(state=ObstacleState.OPEN)),
    "qua-han": ("Quá hạn", None),
    "da-giai-quyet": ("Đã giải quyết", Q(state=ObstacleState.RESOLVED)),
    "tat-ca": ("Tất cả", Q()),
}


def _obstacle(request: HttpRequest, pk: int) -> Obstacle:
    return get_visible_or_404(
        Obstacle.objects.select_related(
            "unit", "unit__level", "criterion", "task", "raised_by", "directed_by", "assignee"
        ),
        request.user,
        pk=pk,
    )


@login_required
def obstacle_list(request: HttpRequest) -> HttpResponse:
    """The leadership's queue (and everyone's view of the difficulties in their scope)."""
    today = clock.today()
    key = request.GET.get("loc", "")
    if key not in FILTERS:
        key = ""
    label, condition = FILTERS[key]
    if condition is None:
        condition = Q(state__in=[ObstacleState.OPEN, ObstacleState.DIRECTED], deadline__lt=today)
    obstacles = (
        Obstacle.objects.visible_to(request.user)
        .filter(condition)
        .select_related("unit", "criterion", "raised_by", "assignee")
        .annotate(
            rank=Case(
                When(
                    Q(state__in=[ObstacleState.OPEN, ObstacleState.DIRECTED], deadline__lt=today),
                    then=Value(0),
                ),
                When(state=ObstacleState.OPEN, then=Value(1)),
                When(state=ObstacleState.DIRECTED, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "deadline", "-raised_on", "-pk")
    )
    page = Paginator(obstacles, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "plans/obstacle_list.html",
        {
            "page": page,
            "filters": [(k, v[0]) for k, v in FILTERS.items()],
            "current": key,
            "label": label,
            "today": today,
            "can_raise": permissions.has_raise_role(request.user),
        },
    )


@login_required
def obstacle_create(request: HttpRequest) -> HttpResponse:
    units = visible_units(request.user).filter(Q(level__is_hamlet=True) | Q(level__is_commune=True))
    allowed = [u.pk for u in units if permissions.can_raise_obstacle(request.user, u)]
    if not allowed:
        raise PermissionDenied
    units = units.filter(pk__in=allowed)
    criteria = Criterion.objects.select_related("criteria_set").order_by(
        "criteria_set__order", "number"
    )
    tasks = (
        Task.objects.visible_to(request.user).exclude(status=TaskStatus.DONE).order_by("deadline")
    )
    initial = {}
    if len(allowed) == 1:
        initial["unit"] = allowed[0]
    if request.GET.get("nhiem_vu", "").isdigit():
        initial["task"] = int(request.GET["nhiem_vu"])
    form = ObstacleForm(
        request.POST or None, units=units, criteria=criteria, tasks=tasks, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        obstacle = services.raise_obstacle(
            unit=form.cleaned_data["unit"],
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            criterion=form.cleaned_data["criterion"],
            task=form.cleaned_data["task"],
            user=request.user,
            token=form.cleaned_data["form_token"],
        )
        messages.success(request, "Đã gửi khó khăn, vướng mắc đến lãnh đạo UBND xã.")
        return redirect("plans:obstacle_detail", pk=obstacle.pk)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "title": "Báo cáo khó khăn, vướng mắc",
            "back": reverse("plans:obstacle_list"),
            "submit": "Gửi lãnh đạo",
            "offline": True,  # may be filled in without a signal (issue 19)
        },
    )


@login_required
def obstacle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obstacle = _obstacle(request, pk)
    user = request.user
    can_direct = permissions.can_direct_obstacle(user, obstacle) and obstacle.state in (
        ObstacleState.OPEN,
        ObstacleState.DIRECTED,
    )
    direction_form = None
    if can_direct:
        direction_form = DirectionForm(instance=obstacle, people=_assignable(obstacle))
    return render(
        request,
        "plans/obstacle_detail.html",
        {
            "obstacle": obstacle,
            "direction_form": direction_form,
            "can_resolve": permissions.can_resolve_obstacle(user, obstacle)
            and obstacle.state in (ObstacleState.OPEN, ObstacleState.DIRECTED),
            "can_close": permissions.can_close_obstacle(user, obstacle)
            and obstacle.state != ObstacleState.CLOSED,
            "can_reopen": permissions.can_close_obstacle(user, obstacle)
            and obstacle.state in (ObstacleState.RESOLVED, ObstacleState.CLOSED),
            "can_edit": permissions.can_edit_obstacle(user, obstacle),
            "entries": history_for(obstacle),
            "today": clock.today(),
        },
    )


def _assignable(obstacle: Obstacle) -> object:
    commune = commune_of(obstacle.unit)
    return (
        Person.objects.filter(unit__path__startswith=commune.path)
        .filter(
            Q(committee_seats__active=True)
            | Q(user__roles__role__in=permissions.OBSTACLE_ASSIGNEE_ROLES)
        )
        .distinct()
        .order_by("sort_name")
    )


@login_required
def obstacle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obstacle = _obstacle(request, pk)
    if not permissions.can_edit_obstacle(request.user, obstacle):
        raise PermissionDenied
    units = visible_units(request.user).filter(Q(level__is_hamlet=True) | Q(level__is_commune=True))
    form = ObstacleForm(
        request.POST or None,
        instance=obstacle,
        units=units,
        criteria=Criterion.objects.all(),
        tasks=Task.objects.visible_to(request.user),
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            save_versioned(
                form.instance,
                form.cleaned_data["version"],
                fields=["unit", "title", "description", "criterion", "task"],
            )
        except StaleEdit as exc:
            stale = exc
        else:
            messages.success(request, "Đã lưu.")
            return redirect("plans:obstacle_detail", pk=obstacle.pk)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "stale": stale,
            "title": f"Sửa: {obstacle}",
            "back": reverse("plans:obstacle_detail", args=[obstacle.pk]),
        },
        status=409 if stale else 200,
    )


@login_required
def obstacle_direct(request: HttpRequest, pk: int) -> HttpResponse:
    obstacle = _obstacle(request, pk)
    if not permissions.can_direct_obstacle(request.user, obstacle):
        raise PermissionDenied
    form = DirectionForm(request.POST or None, instance=obstacle, people=_assignable(obstacle))
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.direct_obstacle(
                obstacle=form.instance,
                version=form.cleaned_data["version"],
                direction=form.cleaned_data["direction"],
                assignee=form.cleaned_data["assignee"],
                deadline=form.cleaned_data["deadline"],
                user=request.user,
            )
        except StaleEdit as exc:
            stale = exc
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect("plans:obstacle_detail", pk=obstacle.pk)
        else:
            messages.success(request, "Đã gửi ý kiến chỉ đạo.")
            return redirect("plans:obstacle_detail", pk=obstacle.pk)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "stale": stale,
            "title": f"Ý kiến chỉ đạo: {obstacle}",
            "back": reverse("plans:obstacle_detail", args=[obstacle.pk]),
            "submit": "Gửi ý kiến chỉ đạo",
        },
        status=409 if stale else 200,
    )


ACTIONS = {
    "resolve": (permissions.can_resolve_obstacle, "Đã ghi nhận khó khăn được giải quyết."),
    "close": (permissions.can_close_obstacle, "Đã đóng khó khăn, vướng mắc."),
    "reopen": (permissions.can_close_obstacle, "Đã mở lại khó khăn, vướng mắc."),
}


def _move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    obstacle = _obstacle(request, pk)
    if request.method != "POST":
        return redirect("plans:obstacle_detail", pk=obstacle.pk)
    allowed, done = ACTIONS[action]
    if not allowed(request.user, obstacle):
        raise PermissionDenied
    form = ObstacleActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Yêu cầu không hợp lệ. Hãy tải lại trang rồi thử lại.")
        return redirect("plans:obstacle_detail", pk=obstacle.pk)
    try:
        services.move_obstacle(
            obstacle=obstacle,
            action=action,
            version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            user=request.user,
        )
    except (StaleEdit, ValueError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("plans:obstacle_detail", pk=obstacle.pk)


@login_required
def obstacle_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(request, pk, "resolve")


@login_required
def obstacle_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(request, pk, "close")


@login_required
def obstacle_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(request, pk, "reopen")


@login_required
def obstacle_history(request: HttpRequest, pk: int) -> HttpResponse:
    obstacle = _obstacle(request, pk)
    return render(
        request,
        "core/history.html",
        {
            "object": obstacle,
            "entries": history_for(obstacle),
            "back_url": reverse("plans:obstacle_detail", args=[obstacle.pk]),
        },
    )

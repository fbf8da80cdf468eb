"""Directives (văn bản chỉ đạo): draft, items, issue (a task per recipient), progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ntm.accounts.models import Organisation, OrganisationKind
from ntm.accounts.scope import get_visible_or_404, primary_units
from ntm.core import clock
from ntm.core.concurrency import StaleEdit, save_versioned
from ntm.core.history import history_for
from ntm.geography.models import AdministrativeUnit
from ntm.plans import access, documents, queries, services
from ntm.plans.forms import DirectiveForm, DirectiveItemForm
from ntm.plans.models import Directive, Task
from ntm.plans.views import _people, visible_unit


def visible_directives(user: object) -> object:
    """Directives of the user's communes, and those with a task the user can see (a hamlet
    head sees the directive addressed to their hamlet, but not the rest of the commune)."""
    addressed = Task.objects.visible_to(user).filter(directive_item__isnull=False)
    return Directive.objects.filter(
        Q(pk__in=Directive.objects.visible_to(user).values("pk"))
        | Q(pk__in=addressed.values("directive_item__directive_id"))
    )


def _directive(request: HttpRequest, pk: int) -> Directive:
    found = (
        visible_directives(request.user)  # type: ignore[attr-defined]
        .select_related("unit", "unit__level", "issuer", "signer")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("Không tìm thấy.")
    return found


@login_required
def directive_list(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    directives = (
        visible_directives(request.user)  # type: ignore[attr-defined]
        .select_related("unit", "signer")
        .annotate(
            task_count=Count("items__tasks"),
            done_count=Count("items__tasks", filter=Q(items__tasks__status="hoan_thanh")),
            late_count=Count(
                "items__tasks",
                filter=Q(items__tasks__deadline__lt=today) & ~Q(items__tasks__status="hoan_thanh"),
            ),
        )
    )
    communes = [u for u in primary_units(request.user) if u.is_commune]
    can_create = any(access.can_manage_commune(request.user, c) for c in communes)
    return render(
        request,
        "plans/directive_list.html",
        {"directives": directives, "communes": communes, "can_create": can_create},
    )


@login_required
def directive_create(request: HttpRequest) -> HttpResponse:
    unit_pk = request.GET.get("don_vi", "")
    if unit_pk.isdigit():
        commune = visible_unit(request, int(unit_pk))
    else:
        managed = [
            u
            for u in primary_units(request.user)
            if u.is_commune and access.can_manage_commune(request.user, u)
        ]
        if not managed:
            raise PermissionDenied
        commune = managed[0]
    if not commune.is_commune:
        raise Http404("Không tìm thấy.")
    if not access.can_manage_commune(request.user, commune):
        raise PermissionDenied
    issuer = Organisation.objects.filter(
        unit=commune, kind=OrganisationKind.PEOPLES_COMMITTEE
    ).first()
    if issuer is None:
        raise Http404("Xã chưa có Ủy ban nhân dân trong danh bạ.")
    form = DirectiveForm(
        request.POST or None,
        people=_people(commune),
        initial={"date": clock.today(), "signer": access.person_id(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"version", "form_token"}}
        directive = services.create_directive(
            data={**data, "unit": commune, "issuer": issuer},
            user=request.user,
            token=form.cleaned_data["form_token"],
        )
        messages.success(request, "Đã tạo dự thảo văn bản chỉ đạo; hãy thêm các nội dung chỉ đạo.")
        return redirect("plans:directive_detail", pk=directive.pk)
    return render(
        request,
        "plans/form.html",
        {"form": form, "title": "Soạn văn bản chỉ đạo", "back": reverse("plans:directive_list")},
    )


@login_required
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _directive(request, pk)
    progress = queries.directive_progress(directive, request.user)
    can_manage = access.can_manage_commune(request.user, directive.unit)
    return render(
        request,
        "plans/directive_detail.html",
        {
            "directive": directive,
            "progress": progress,
            "can_manage": can_manage,
            "total": sum(len(p.tasks) for p in progress),
            "done": sum(p.done for p in progress),
            "overdue": sum(p.overdue for p in progress),
            "today": clock.today(),
        },
    )


def _managed(request: HttpRequest, pk: int) -> Directive:
    directive = get_visible_or_404(
        Directive.objects.select_related("unit", "unit__level", "signer"), request.user, pk=pk
    )
    if not access.can_manage_commune(request.user, directive.unit):
        raise PermissionDenied
    return directive


@login_required
def directive_edit(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _managed(request, pk)
    form = DirectiveForm(request.POST or None, instance=directive, people=_people(directive.unit))
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            save_versioned(
                form.instance, form.cleaned_data["version"], fields=DirectiveForm.Meta.fields
            )
        except StaleEdit as exc:
            stale = exc
        else:
            messages.success(request, "Đã lưu văn bản chỉ đạo.")
            return redirect("plans:directive_detail", pk=directive.pk)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "stale": stale,
            "title": f"Sửa: {directive}",
            "back": reverse("plans:directive_detail", args=[directive.pk]),
        },
        status=409 if stale else 200,
    )


@login_required
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _managed(request, pk)
    if directive.is_issued:
        messages.error(request, "Văn bản đã ban hành: không thêm nội dung chỉ đạo được nữa.")
        return redirect("plans:directive_detail", pk=directive.pk)
    hamlets = AdministrativeUnit.objects.filter(parent=directive.unit, level__is_hamlet=True)
    form = DirectiveItemForm(request.POST or None, hamlets=hamlets)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "form_token"}
        services.add_directive_item(
            directive=directive, data=data, token=form.cleaned_data["form_token"], user=request.user
        )
        messages.success(request, "Đã thêm nội dung chỉ đạo.")
        return redirect("plans:directive_detail", pk=directive.pk)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "title": "Thêm nội dung chỉ đạo",
            "back": reverse("plans:directive_detail", args=[directive.pk]),
        },
    )


@login_required
def directive_issue(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _managed(request, pk)
    if request.method != "POST":
        return redirect("plans:directive_detail", pk=directive.pk)
    version = request.POST.get("version", "")
    try:
        created = services.issue_directive(
            directive=directive,
            user=request.user,
            version=int(version) if version.isdigit() else directive.version,
        )
    except StaleEdit as exc:
        messages.error(request, str(exc))
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        if created:
            messages.success(
                request, f"Đã ban hành văn bản và giao {created} nhiệm vụ cho người nhận."
            )
        else:
            messages.info(request, "Văn bản đã được ban hành trước đó.")
    return redirect("plans:directive_detail", pk=directive.pk)


@login_required
def directive_docx(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _directive(request, pk)
    return documents.docx_response(
        documents.directive_spec(directive), f"van-ban-chi-dao-{directive.pk}.docx"
    )


@login_required
def directive_history(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _directive(request, pk)
    return render(
        request,
        "core/history.html",
        {
            "object": directive,
            "entries": history_for(directive),
            "back_url": reverse("plans:directive_detail", args=[directive.pk]),
        },
    )

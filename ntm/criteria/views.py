"""The criteria catalogue: list, set detail, XLSX export/import, target edit and history.

The catalogue is public legal data, not bound to a unit: every signed-in person reads it;
importing and editing targets need :func:`ntm.criteria.permissions.can_edit_catalogue`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ntm.core.concurrency import StaleEdit, save_versioned
from ntm.core.history import history_for
from ntm.criteria.catalogue import catalogue_sets, set_tree, with_counts
from ntm.criteria.changes import ResultChange, criteria_changed, preview
from ntm.criteria.forms import DeriveForm, ImportForm, TargetForm
from ntm.criteria.models import CriteriaSet, Criterion, Target
from ntm.criteria.permissions import (
    can_edit_set,
    can_import,
    import_refusal,
    owned_province_ids,
)
from ntm.criteria.rules import target_badge
from ntm.criteria.xlsx_export import XLSX_CONTENT_TYPE, export_set_xlsx
from ntm.criteria.xlsx_import import import_set_xlsx


def _require_editor(request: HttpRequest, criteria_set: CriteriaSet) -> None:
    if not can_edit_set(request.user, criteria_set):
        raise PermissionDenied(
            "Chỉ quản trị hệ thống (bộ quốc gia) hoặc văn phòng điều phối của tỉnh (bộ của tỉnh) "
            "được sửa bộ tiêu chí này."
        )


@login_required
def set_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "criteria/set_list.html",
        {
            "sets": catalogue_sets(),
            "can_edit": can_import(request.user),
            "can_derive": bool(owned_province_ids(request.user)),
        },
    )


@login_required
def set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = with_counts(
        CriteriaSet.objects.select_related("programme", "extends", "province")
    ).prefetch_related("legal_bases", "groups")
    criteria_set = get_object_or_404(queryset, pk=pk)
    criteria = set_tree(criteria_set)
    for criterion in criteria:
        for indicator in criterion.indicators.all():
            for target in indicator.targets.all():
                target.badge_class, target.badge_label = target_badge(target)  # type: ignore[attr-defined]
    inherited: list[Criterion] = []
    if criteria_set.extends_id:
        own = [c.number for c in criteria]
        inherited = list(
            Criterion.objects.filter(criteria_set_id=criteria_set.extends_id)
            .exclude(number__in=own)
            .order_by("number")
        )
    return render(
        request,
        "criteria/set_detail.html",
        {
            "set": criteria_set,
            "criteria": criteria,
            "inherited": inherited,
            "extensions": criteria_set.extensions.order_by("order", "code"),
            "can_edit": can_edit_set(request.user, criteria_set),
        },
    )


@login_required
def set_export(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    response = HttpResponse(export_set_xlsx(criteria_set), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{criteria_set.code}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def set_import(request: HttpRequest) -> HttpResponse:
    if not can_import(request.user):
        raise PermissionDenied(
            "Chỉ quản trị hệ thống hoặc văn phòng điều phối của tỉnh được nhập bộ tiêu chí."
        )
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        user = request.user
        result = import_set_xlsx(
            upload,
            user=user,
            filename=upload.name,
            require_source=True,
            allowed=lambda existing, fields: import_refusal(user, existing, fields),
            preview_only="xem_truoc" in request.POST,
        )
        if result.ok and not result.preview and result.criteria_set is not None:
            messages.success(
                request,
                f"Đã nhập {result.criteria_set}: {result.total_changes} thay đổi "
                "(đã ghi vào lịch sử).",
            )
    return render(request, "criteria/set_import.html", {"form": form, "result": result})


@login_required
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(
        Target.objects.select_related("indicator__criterion__criteria_set"), pk=pk
    )
    _require_editor(request, target.indicator.criterion.criteria_set)
    form = TargetForm(request.POST or None, instance=target)
    if request.method != "POST":
        form.fields["version"].initial = target.version
    stale: StaleEdit | None = None
    changes: list[ResultChange] | None = None
    if request.method == "POST" and form.is_valid():
        criterion_id = target.indicator.criterion_id
        version = form.cleaned_data["version"]

        def apply() -> None:
            save_versioned(form.instance, version, fields=TargetForm.Meta.fields)
            criteria_changed([criterion_id])

        try:
            if "xem_truoc" in request.POST:
                # Nothing is kept: the change is applied, the results read, then undone.
                _, changes = preview(request.user, [criterion_id], apply)
                form.instance.version = version
            else:
                with transaction.atomic():
                    apply()
        except StaleEdit as exc:
            stale = exc
        else:
            if changes is None:
                messages.success(request, f"Đã lưu ngưỡng {target}.")
                return redirect(_set_url(target) + f"#chi-tieu-{target.indicator_id}")
    return render(
        request,
        "criteria/target_form.html",
        {
            "form": form,
            "target": target,
            "stale": stale,
            "changes": changes,
            "back_url": _set_url(target),
        },
    )


@login_required
def target_history(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(
        Target.objects.select_related("indicator__criterion__criteria_set"), pk=pk
    )
    return render(
        request,
        "core/history.html",
        {"object": target, "entries": history_for(target), "back_url": _set_url(target)},
    )


@login_required
def set_history(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    return render(
        request,
        "core/history.html",
        {
            "object": criteria_set,
            "entries": history_for(criteria_set),
            "back_url": reverse("criteria:set_detail", args=[criteria_set.pk]),
        },
    )


def _set_url(target: Target) -> str:
    return reverse("criteria:set_detail", args=[target.indicator.criterion.criteria_set_id])


@login_required
@require_http_methods(["GET", "POST"])
def set_derive(request: HttpRequest) -> HttpResponse:
    """The province's coordination office creates its own set from a national one."""
    from ntm.criteria.provincial import derive_provincial_set
    from ntm.geography.models import AdministrativeUnit

    provinces = AdministrativeUnit.objects.filter(pk__in=owned_province_ids(request.user))
    if request.user.is_superuser:  # type: ignore[union-attr]
        provinces = AdministrativeUnit.objects.filter(parent__isnull=True)
    if not provinces.exists():
        raise PermissionDenied("Chỉ văn phòng điều phối của tỉnh tạo được bộ tiêu chí của tỉnh.")
    form = DeriveForm(
        request.POST or None,
        nationals=CriteriaSet.objects.filter(is_provincial=False).order_by("order", "code"),
        provinces=provinces,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cs = derive_provincial_set(
            national=data["national"],
            province=data["province"],
            code=data["code"],
            name=data["name"],
            copy=data["copy"],
            user=request.user,
        )
        messages.success(request, f"Đã tạo {cs}.")
        return redirect("criteria:set_detail", pk=cs.pk)
    return render(request, "criteria/set_derive.html", {"form": form})

"""Administrative units: search, detail, edit, history — always through the user's scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ntm.accounts import permissions
from ntm.accounts.models import Person
from ntm.accounts.scope import get_visible_or_404, visible_units
from ntm.accounts.unit_forms import UnitForm
from ntm.core.concurrency import StaleEdit, save_versioned
from ntm.core.history import history_for
from ntm.core.htmx import render_page
from ntm.core.models import search_q
from ntm.geography.models import AdministrativeUnit


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    units = visible_units(request.user).filter(search_q(query)).select_related("level", "parent")
    page = Paginator(units, 100).get_page(request.GET.get("trang"))
    return render_page(
        request, "geography/unit_list.html", {"page": page, "q": query}, partial="results"
    )


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_visible_or_404(
        AdministrativeUnit.objects.select_related("level", "parent", "region", "replaced_by"),
        request.user,
        pk=pk,
    )
    children = unit.children.select_related("level").order_by("kind_name", "name")
    people = Person.objects.filter(unit=unit).select_related("position", "organisation")[:200]
    return render(
        request,
        "geography/unit_detail.html",
        {
            "unit": unit,
            "ancestors": unit.ancestors(),
            "children": children,
            "people": people,
            "region": unit.effective_region(),
            "groups": unit.group_assignments.select_related("group").order_by("-year"),
            "can_edit": permissions.can_edit_unit(request.user, unit),
        },
    )


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_visible_or_404(
        AdministrativeUnit.objects.select_related("level"), request.user, pk=pk
    )
    if not permissions.can_edit_unit(request.user, unit):
        raise PermissionDenied
    form = UnitForm(request.POST or None, instance=unit)
    if request.method != "POST":
        form.fields["version"].initial = unit.version
    stale: StaleEdit | None = None
    if request.method == "POST" and form.is_valid():
        try:
            save_versioned(form.instance, form.cleaned_data["version"], fields=UnitForm.Meta.fields)
        except StaleEdit as exc:
            stale = exc
        else:
            messages.success(request, f"Đã lưu {unit.display_name}.")
            return redirect("units:unit_detail", pk=unit.pk)
    return render(request, "geography/unit_form.html", {"form": form, "unit": unit, "stale": stale})


@login_required
def unit_history(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_visible_or_404(AdministrativeUnit, request.user, pk=pk)
    return render(
        request,
        "core/history.html",
        {
            "object": unit,
            "entries": history_for(unit),
            "back_url": reverse("units:unit_detail", args=[unit.pk]),
        },
    )

"""Screens for officials: works and funding, progress photos, the contributions ledger,
campaigns and the outreach log. Everything is loaded through scope (outside scope is 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from ntm.accounts.models import Organisation
from ntm.accounts.scope import get_visible_or_404, primary_units
from ntm.core.models import search_q
from ntm.geography.models import AdministrativeUnit
from ntm.mobilisation import queries
from ntm.mobilisation.forms import (
    CampaignForm,
    ContributionForm,
    FundingForm,
    OutreachForm,
    PhotoForm,
    StepForm,
    WorkForm,
)
from ntm.mobilisation.models import (
    Campaign,
    Contribution,
    ContributionKind,
    Funding,
    FundingSource,
    OutreachActivity,
    OutreachPhoto,
    ProgressStep,
    StepPhoto,
    Work,
)
from ntm.mobilisation.permissions import (
    LEDGER_KEEPERS,
    OUTREACH_LOGGERS,
    WORK_EDITORS,
    may,
    outreach_organisations,
    writable_units,
)
from ntm.mobilisation.services import bind_contribution
from ntm.mobilisation.uploads import serve_photo, store_photo
from ntm.mobilisation.viewkit import create_once, history_page, save_edit


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Overview -----------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Money by source, contributions and outreach for each unit the person works at."""
    blocks = []
    for unit in primary_units(request.user)[:5]:
        blocks.append(
            {
                "unit": unit,
                "funding": queries.funding_by_source(unit),
                "contributions": queries.contribution_totals(unit),
                "outreach": queries.outreach_by_organisation(unit),
            }
        )
    return render(request, "mobilisation/index.html", {"blocks": blocks})


# --- Works --------------------------------------------------------------------------------


@login_required
def work_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    works = queries.work_funding_totals(
        Work.objects.visible_to(request.user)
        .filter(search_q(query))
        .select_related("unit", "criterion")
        .order_by("unit__path", "name", "pk")
    )
    page = Paginator(works, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "mobilisation/work_list.html",
        {
            "page": page,
            "q": query,
            "can_add": writable_units(request.user, WORK_EDITORS).exists(),
        },
    )


@login_required
def work_new(request: HttpRequest) -> HttpResponse:
    units = writable_units(request.user, WORK_EDITORS)
    if not units.exists():
        raise PermissionDenied
    form = WorkForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():

        def save() -> Work:
            work = form.save(commit=False)
            work.created_by = request.user
            work.save()
            return work

        messages.success(request, "Đã thêm công trình.")
        return create_once(
            request, form, save, lambda w: reverse("mobilisation:work_detail", args=[w.pk])
        )
    return render(
        request, "mobilisation/form.html", {"form": form, "title": "Thêm công trình, dự án"}
    )


@login_required
def work_detail(request: HttpRequest, pk: int) -> HttpResponse:
    work = get_visible_or_404(
        Work.objects.select_related("unit", "criterion", "criterion__criteria_set"),
        request.user,
        pk=pk,
    )
    fundings = work.fundings.select_related("source").order_by("source__order")
    steps = work.steps.prefetch_related("photos").order_by("date", "id")
    contributions = work.contributions.all()
    return render(
        request,
        "mobilisation/work_detail.html",
        {
            "work": work,
            "fundings": fundings,
            "funding": queries.funding_by_source(work.unit, works=Work.objects.filter(pk=work.pk)),
            "steps": steps,
            "contribution_totals": queries.totals_of(contributions),
            "can_edit": may(request.user, WORK_EDITORS, work.unit),
        },
    )


@login_required
def work_edit(request: HttpRequest, pk: int) -> HttpResponse:
    work = get_visible_or_404(Work.objects.select_related("unit"), request.user, pk=pk)
    if not may(request.user, WORK_EDITORS, work.unit):
        raise PermissionDenied
    form = WorkForm(
        request.POST or None, instance=work, units=writable_units(request.user, WORK_EDITORS)
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        stale = save_edit(form)
        if stale is None:
            messages.success(request, "Đã lưu công trình.")
            return redirect("mobilisation:work_detail", pk=work.pk)
    return render(
        request,
        "mobilisation/form.html",
        {
            "form": form,
            "title": f"Sửa: {work}",
            "stale": stale,
            "back": reverse("mobilisation:work_detail", args=[work.pk]),
        },
    )


@login_required
def work_history(request: HttpRequest, pk: int) -> HttpResponse:
    work = get_visible_or_404(Work, request.user, pk=pk)
    return history_page(request, work, reverse("mobilisation:work_detail", args=[work.pk]))


# --- Funding ------------------------------------------------------------------------------


@login_required
def funding_new(request: HttpRequest, pk: int) -> HttpResponse:
    work = get_visible_or_404(Work.objects.select_related("unit"), request.user, pk=pk)
    if not may(request.user, WORK_EDITORS, work.unit):
        raise PermissionDenied
    form = FundingForm(request.POST or None, work=work)
    if request.method == "POST" and form.is_valid():

        def save() -> Funding:
            funding = form.save(commit=False)
            funding.work = work
            funding.save()
            return funding

        messages.success(request, "Đã thêm nguồn vốn.")
        return create_once(
            request, form, save, lambda f: reverse("mobilisation:work_detail", args=[work.pk])
        )
    back = reverse("mobilisation:work_detail", args=[work.pk])
    return render(
        request,
        "mobilisation/form.html",
        {"form": form, "title": f"Thêm nguồn vốn: {work}", "back": back},
    )


@login_required
def funding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    funding = get_visible_or_404(
        Funding.objects.select_related("work", "work__unit"), request.user, pk=pk
    )
    if not may(request.user, WORK_EDITORS, funding.work.unit):
        raise PermissionDenied
    form = FundingForm(request.POST or None, instance=funding, work=funding.work)
    back = reverse("mobilisation:work_detail", args=[funding.work_id])
    stale = None
    if request.method == "POST" and form.is_valid():
        stale = save_edit(form)
        if stale is None:
            messages.success(request, "Đã lưu nguồn vốn.")
            return redirect(back)
    return render(
        request,
        "mobilisation/form.html",
        {"form": form, "title": f"Sửa nguồn vốn: {funding}", "stale": stale, "back": back},
    )


@login_required
def funding_history(request: HttpRequest, pk: int) -> HttpResponse:
    funding = get_visible_or_404(Funding.objects.select_related("work"), request.user, pk=pk)
    return history_page(
        request, funding, reverse("mobilisation:work_detail", args=[funding.work_id])
    )


# --- Progress and photos ------------------------------------------------------------------


@login_required
def step_new(request: HttpRequest, pk: int) -> HttpResponse:
    work = get_visible_or_404(Work.objects.select_related("unit"), request.user, pk=pk)
    if not may(request.user, WORK_EDITORS, work.unit):
        raise PermissionDenied
    form = StepForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():

        def save() -> ProgressStep:
            step = form.save(commit=False)
            step.work = work
            step.save()
            if form.cleaned_data.get("photo"):
                store_photo(
                    StepPhoto(step=step),
                    form.cleaned_data["photo"],
                    caption=form.cleaned_data.get("photo_caption", ""),
                    is_public=form.cleaned_data.get("photo_public", False),
                    user=request.user,
                )
            return step

        messages.success(request, "Đã ghi tiến độ.")
        return create_once(
            request, form, save, lambda s: reverse("mobilisation:work_detail", args=[work.pk])
        )
    back = reverse("mobilisation:work_detail", args=[work.pk])
    return render(
        request,
        "mobilisation/form.html",
        {"form": form, "title": f"Ghi tiến độ: {work}", "back": back, "multipart": True},
    )


@login_required
def step_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    photo = get_visible_or_404(StepPhoto, request.user, pk=pk)
    return serve_photo(photo)


# --- Contributions ledger -----------------------------------------------------------------


def _ledger_filters(request: HttpRequest) -> dict[str, Any]:
    return {
        "unit": _int(request.GET.get("don_vi")),
        "kind": request.GET.get("hinh_thuc", ""),
        "source": _int(request.GET.get("nguon")),
        "work": _int(request.GET.get("cong_trinh")),
        "campaign": _int(request.GET.get("phong_trao")),
    }


@login_required
def contribution_list(request: HttpRequest) -> HttpResponse:
    filters = _ledger_filters(request)
    rows = Contribution.objects.visible_to(request.user)
    units = writable_units(request.user, LEDGER_KEEPERS)
    if filters["unit"]:
        unit = get_visible_or_404(AdministrativeUnit, request.user, pk=filters["unit"])
        rows = rows.filter(unit__path__startswith=unit.path)
    if filters["kind"] in ContributionKind.values:
        rows = rows.filter(kind=filters["kind"])
    for name in ("source", "work", "campaign"):
        if filters[name]:
            rows = rows.filter(**{f"{name}_id": filters[name]})
    totals = queries.totals_of(rows)
    page = Paginator(
        rows.select_related("unit", "work", "campaign", "source").order_by("-date", "-id"), 50
    ).get_page(request.GET.get("trang"))
    return render(
        request,
        "mobilisation/contribution_list.html",
        {
            "page": page,
            "totals": totals,
            "filters": filters,
            "kinds": ContributionKind.choices,
            "sources": FundingSource.objects.filter(is_community=True),
            "units": units if units.exists() else None,
            "can_add": units.exists(),
            "querystring": request.GET.urlencode(),
        },
    )


def _contribution_form(
    request: HttpRequest, instance: Contribution | None = None
) -> ContributionForm:
    user = request.user
    return ContributionForm(
        request.POST or None,
        instance=instance,
        units=writable_units(user, LEDGER_KEEPERS),
        works=Work.objects.visible_to(user).select_related("unit"),
        campaigns=Campaign.objects.visible_to(user),
        organisations=Organisation.objects.visible_to(user),
        initial={
            "unit": _int(request.GET.get("don_vi")),
            "work": _int(request.GET.get("cong_trinh")),
        }
        if instance is None
        else None,
    )


@login_required
def contribution_new(request: HttpRequest) -> HttpResponse:
    if not writable_units(request.user, LEDGER_KEEPERS).exists():
        raise PermissionDenied
    form = _contribution_form(request)
    if request.method == "POST" and form.is_valid():

        def save() -> Contribution:
            row = bind_contribution(form.save(commit=False))
            if not may(request.user, LEDGER_KEEPERS, row.unit):
                raise PermissionDenied
            row.recorded_by = request.user  # type: ignore[assignment]
            row.save()
            return row

        messages.success(request, "Đã ghi vào sổ đóng góp.")
        return create_once(request, form, save, lambda r: reverse("mobilisation:contribution_list"))
    return render(
        request,
        "mobilisation/form.html",
        {
            "form": form,
            "title": "Ghi đóng góp",
            "back": reverse("mobilisation:contribution_list"),
            "offline": True,  # may be filled in without a signal (issue 19)
        },
    )


@login_required
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_visible_or_404(Contribution.objects.select_related("unit"), request.user, pk=pk)
    if not may(request.user, LEDGER_KEEPERS, row.unit):
        raise PermissionDenied
    form = _contribution_form(request, instance=row)
    stale = None
    if request.method == "POST" and form.is_valid():
        bind_contribution(form.instance)
        if not may(request.user, LEDGER_KEEPERS, form.instance.unit):
            raise PermissionDenied
        stale = save_edit(form)
        if stale is None:
            messages.success(request, "Đã lưu.")
            return redirect("mobilisation:contribution_list")
    return render(
        request,
        "mobilisation/form.html",
        {
            "form": form,
            "title": "Sửa đóng góp",
            "stale": stale,
            "back": reverse("mobilisation:contribution_list"),
            "history_url": reverse("mobilisation:contribution_history", args=[row.pk]),
        },
    )


@login_required
def contribution_history(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_visible_or_404(Contribution, request.user, pk=pk)
    return history_page(request, row, reverse("mobilisation:contribution_edit", args=[row.pk]))


# --- Campaigns ----------------------------------------------------------------------------


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = Campaign.objects.visible_to(request.user).select_related("organiser", "unit")
    return render(
        request,
        "mobilisation/campaign_list.html",
        {
            "campaigns": campaigns,
            "can_add": writable_units(request.user, OUTREACH_LOGGERS).exists(),
        },
    )


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    units = writable_units(request.user, OUTREACH_LOGGERS)
    if not units.exists():
        raise PermissionDenied
    form = CampaignForm(
        request.POST or None, units=units, organisations=outreach_organisations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        messages.success(request, "Đã thêm phong trào.")
        return create_once(
            request, form, form.save, lambda c: reverse("mobilisation:campaign_detail", args=[c.pk])
        )
    return render(
        request, "mobilisation/form.html", {"form": form, "title": "Thêm phong trào, cuộc vận động"}
    )


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_visible_or_404(
        Campaign.objects.select_related("organiser", "unit"), request.user, pk=pk
    )
    activities = campaign.activities.select_related("organisation", "unit").order_by("-date")[:100]
    return render(
        request,
        "mobilisation/campaign_detail.html",
        {
            "campaign": campaign,
            "totals": queries.campaign_totals(campaign),
            "activities": activities,
            "can_edit": may(request.user, OUTREACH_LOGGERS, campaign.unit),
        },
    )


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_visible_or_404(Campaign.objects.select_related("unit"), request.user, pk=pk)
    if not may(request.user, OUTREACH_LOGGERS, campaign.unit):
        raise PermissionDenied
    form = CampaignForm(
        request.POST or None,
        instance=campaign,
        units=writable_units(request.user, OUTREACH_LOGGERS),
        organisations=outreach_organisations(request.user),
    )
    back = reverse("mobilisation:campaign_detail", args=[campaign.pk])
    stale = None
    if request.method == "POST" and form.is_valid():
        stale = save_edit(form)
        if stale is None:
            messages.success(request, "Đã lưu phong trào.")
            return redirect(back)
    return render(
        request,
        "mobilisation/form.html",
        {"form": form, "title": f"Sửa: {campaign}", "stale": stale, "back": back},
    )


@login_required
def campaign_history(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_visible_or_404(Campaign, request.user, pk=pk)
    return history_page(
        request, campaign, reverse("mobilisation:campaign_detail", args=[campaign.pk])
    )


# --- Outreach -----------------------------------------------------------------------------


@login_required
def outreach_list(request: HttpRequest) -> HttpResponse:
    activities = (
        OutreachActivity.objects.visible_to(request.user)
        .select_related("organisation", "unit", "campaign")
        .prefetch_related("criteria")
        .order_by("-date", "-id")
    )
    organisation = _int(request.GET.get("to_chuc"))
    if organisation:
        activities = activities.filter(organisation_id=organisation)
    page = Paginator(activities, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "mobilisation/outreach_list.html",
        {
            "page": page,
            "organisations": outreach_organisations(request.user),
            "organisation": organisation,
            "can_add": writable_units(request.user, OUTREACH_LOGGERS).exists(),
        },
    )


def _outreach_form(request: HttpRequest, instance: OutreachActivity | None = None) -> OutreachForm:
    user = request.user
    return OutreachForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        units=writable_units(user, OUTREACH_LOGGERS),
        organisations=outreach_organisations(user),
        campaigns=Campaign.objects.visible_to(user),
    )


@login_required
def outreach_new(request: HttpRequest) -> HttpResponse:
    if not writable_units(request.user, OUTREACH_LOGGERS).exists():
        raise PermissionDenied
    form = _outreach_form(request)
    if request.method == "POST" and form.is_valid():

        def save() -> OutreachActivity:
            activity = form.save(commit=False)
            activity.recorded_by = request.user
            activity.save()
            form.save_m2m()
            if form.cleaned_data.get("photo"):
                store_photo(
                    OutreachPhoto(activity=activity),
                    form.cleaned_data["photo"],
                    caption=activity.topic[:255],
                    is_public=form.cleaned_data.get("photo_public", False),
                    user=request.user,
                )
            return activity

        messages.success(request, "Đã ghi hoạt động tuyên truyền.")
        return create_once(
            request, form, save, lambda a: reverse("mobilisation:outreach_detail", args=[a.pk])
        )
    return render(
        request,
        "mobilisation/form.html",
        {
            "form": form,
            "title": "Ghi hoạt động tuyên truyền, vận động",
            "multipart": True,
            "offline": True,  # may be filled in without a signal (issue 19)
        },
    )


@login_required
def outreach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_visible_or_404(
        OutreachActivity.objects.select_related("organisation", "unit", "campaign"),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "mobilisation/outreach_detail.html",
        {
            "activity": activity,
            "criteria": activity.criteria.select_related("criteria_set"),
            "photos": activity.photos.all(),
            "can_edit": may(request.user, OUTREACH_LOGGERS, activity.unit),
        },
    )


@login_required
def outreach_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_visible_or_404(
        OutreachActivity.objects.select_related("unit"), request.user, pk=pk
    )
    if not may(request.user, OUTREACH_LOGGERS, activity.unit):
        raise PermissionDenied
    form = _outreach_form(request, instance=activity)
    back = reverse("mobilisation:outreach_detail", args=[activity.pk])
    stale = None
    if request.method == "POST" and form.is_valid():
        stale = save_edit(form)
        if stale is None:
            messages.success(request, "Đã lưu hoạt động.")
            return redirect(back)
    return render(
        request,
        "mobilisation/form.html",
        {
            "form": form,
            "title": f"Sửa: {activity}",
            "stale": stale,
            "back": back,
            "multipart": True,
        },
    )


@login_required
def outreach_history(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_visible_or_404(OutreachActivity, request.user, pk=pk)
    return history_page(
        request, activity, reverse("mobilisation:outreach_detail", args=[activity.pk])
    )


@login_required
def outreach_photo_new(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_visible_or_404(
        OutreachActivity.objects.select_related("unit"), request.user, pk=pk
    )
    if not may(request.user, OUTREACH_LOGGERS, activity.unit):
        raise PermissionDenied
    form = PhotoForm(request.POST or None, request.FILES or None)
    back = reverse("mobilisation:outreach_detail", args=[activity.pk])
    if request.method == "POST" and form.is_valid():

        def save() -> OutreachPhoto:
            return store_photo(
                OutreachPhoto(activity=activity),
                form.cleaned_data["photo"],
                caption=form.cleaned_data["caption"],
                is_public=form.cleaned_data["is_public"],
                user=request.user,
            )

        messages.success(request, "Đã thêm ảnh.")
        return create_once(request, form, save, lambda _photo: back)
    return render(
        request,
        "mobilisation/form.html",
        {"form": form, "title": f"Thêm ảnh: {activity}", "back": back, "multipart": True},
    )


@login_required
def outreach_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    photo = get_visible_or_404(OutreachPhoto, request.user, pk=pk)
    return serve_photo(photo)

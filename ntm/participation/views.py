"""Screens for officials: the feedback queue and answers, community oversight, the
satisfaction survey (contents, sample, fast paper entry, results), announcements and the
public-page switch. Everything is loaded through scope (outside scope is 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ntm.accounts.models import OrganisationKind
from ntm.accounts.scope import get_visible_or_404, visible_units
from ntm.core.concurrency import StaleEdit
from ntm.core.idempotency import claim
from ntm.geography.models import AdministrativeUnit
from ntm.mobilisation.models import Work
from ntm.mobilisation.permissions import outreach_organisations
from ntm.mobilisation.viewkit import create_once, history_page, save_edit
from ntm.participation import permissions, queries, services
from ntm.participation.forms import (
    AnnouncementForm,
    AnswerForm,
    ContentForm,
    EntryForm,
    InspectionForm,
    PublicPageForm,
    SamplesForm,
    SurveyForm,
)
from ntm.participation.models import (
    Announcement,
    Feedback,
    FeedbackStatus,
    Inspection,
    PublicPage,
    ResponseChannel,
    Survey,
    SurveyContent,
    SurveySample,
)
from ntm.participation.public_views import public_url

# --- Feedback -----------------------------------------------------------------------------


@login_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("tinh_trang", "")
    rows = Feedback.objects.visible_to(request.user).select_related("unit", "work", "criterion")
    if status in FeedbackStatus.values:
        rows = rows.filter(status=status)
    counts = dict(
        Feedback.objects.visible_to(request.user)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("status", "n")
    )
    page = Paginator(rows.order_by("-received_at", "-id"), 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "participation/feedback_list.html",
        {
            "page": page,
            "status": status,
            "statuses": [(v, label, counts.get(v, 0)) for v, label in FeedbackStatus.choices],
        },
    )


@login_required
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_visible_or_404(
        Feedback.objects.select_related("unit", "work", "criterion", "answered_by"),
        request.user,
        pk=pk,
    )
    can_answer = permissions.can_manage(request.user, feedback.unit)
    form = AnswerForm(request.POST or None, instance=feedback)
    stale = None
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied
        if form.is_valid():
            services.mark_answered(form.instance, request.user)
            stale = save_edit(form)
            if stale is None:
                messages.success(request, "Đã lưu trả lời.")
                return redirect("participation:feedback_detail", pk=feedback.pk)
    return render(
        request,
        "participation/feedback_detail.html",
        {"feedback": feedback, "form": form, "can_answer": can_answer, "stale": stale},
    )


@login_required
def feedback_history(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_visible_or_404(Feedback, request.user, pk=pk)
    return history_page(
        request, feedback, reverse("participation:feedback_detail", args=[feedback.pk])
    )


# --- Community oversight ------------------------------------------------------------------


def _inspection_form(request: HttpRequest, instance: Inspection | None = None) -> InspectionForm:
    works = Work.objects.visible_to(request.user).filter(
        unit__in=permissions.organised_units(request.user)
    )
    boards = outreach_organisations(request.user).filter(
        kind__in=[OrganisationKind.OVERSIGHT_BOARD, OrganisationKind.FATHERLAND_FRONT]
    )
    return InspectionForm(request.POST or None, instance=instance, works=works, boards=boards)


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    rows = (
        Inspection.objects.visible_to(request.user)
        .select_related("work", "work__unit", "board")
        .order_by("-date", "-id")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "participation/inspection_list.html",
        {"page": page, "can_add": permissions.organised_units(request.user).exists()},
    )


@login_required
def inspection_new(request: HttpRequest) -> HttpResponse:
    if not permissions.organised_units(request.user).exists():
        raise PermissionDenied
    form = _inspection_form(request)
    if request.method == "POST" and form.is_valid():
        messages.success(request, "Đã ghi biên bản giám sát.")
        return create_once(
            request,
            form,
            form.save,
            lambda i: reverse("participation:inspection_detail", args=[i.pk]),
        )
    return render(
        request,
        "participation/form.html",
        {"form": form, "title": "Ghi kết quả giám sát cộng đồng"},
    )


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_visible_or_404(
        Inspection.objects.select_related("work", "work__unit", "board"), request.user, pk=pk
    )
    return render(
        request,
        "participation/inspection_detail.html",
        {
            "inspection": inspection,
            "can_edit": permissions.can_organise(request.user, inspection.work.unit),
        },
    )


@login_required
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_visible_or_404(
        Inspection.objects.select_related("work__unit"), request.user, pk=pk
    )
    if not permissions.can_organise(request.user, inspection.work.unit):
        raise PermissionDenied
    form = _inspection_form(request, instance=inspection)
    back = reverse("participation:inspection_detail", args=[inspection.pk])
    stale = None
    if request.method == "POST" and form.is_valid():
        stale = save_edit(form)
        if stale is None:
            messages.success(request, "Đã lưu.")
            return redirect(back)
    return render(
        request,
        "participation/form.html",
        {"form": form, "title": f"Sửa: {inspection}", "stale": stale, "back": back},
    )


@login_required
def inspection_history(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_visible_or_404(Inspection, request.user, pk=pk)
    return history_page(
        request, inspection, reverse("participation:inspection_detail", args=[inspection.pk])
    )


# --- Satisfaction survey ------------------------------------------------------------------


def _survey_for_write(request: HttpRequest, pk: int) -> Survey:
    survey = get_visible_or_404(Survey.objects.select_related("unit"), request.user, pk=pk)
    if not permissions.can_organise(request.user, survey.unit):
        raise PermissionDenied
    return survey


def _hamlets(survey: Survey) -> Any:
    return AdministrativeUnit.objects.filter(parent=survey.unit, level__is_hamlet=True).order_by(
        "name"
    )


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = (
        Survey.objects.visible_to(request.user)
        .select_related("unit", "organiser")
        .annotate(n_responses=Count("responses", distinct=True))
    )
    return render(
        request,
        "participation/survey_list.html",
        {"surveys": surveys, "can_add": permissions.organised_communes(request.user).exists()},
    )


@login_required
def survey_new(request: HttpRequest) -> HttpResponse:
    units = permissions.organised_communes(request.user)
    if not units.exists():
        raise PermissionDenied
    form = SurveyForm(
        request.POST or None, units=units, organisations=outreach_organisations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        messages.success(request, "Đã tạo đợt lấy ý kiến. Hãy thêm các nội dung hỏi.")
        return create_once(
            request, form, form.save, lambda s: reverse("participation:survey_detail", args=[s.pk])
        )
    return render(
        request,
        "participation/form.html",
        {"form": form, "title": "Tạo đợt lấy ý kiến sự hài lòng"},
    )


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_visible_or_404(
        Survey.objects.select_related("unit", "organiser"), request.user, pk=pk
    )
    return render(
        request,
        "participation/survey_detail.html",
        {
            "survey": survey,
            "contents": survey.contents.select_related("criterion"),
            "content_form": ContentForm(initial={"order": survey.contents.count() + 1}),
            "can_edit": permissions.can_organise(request.user, survey.unit),
            "results": queries.survey_results(survey),
            "public_url": reverse("participation:public_survey", args=[survey.pk]),
        },
    )


@login_required
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_for_write(request, pk)
    form = SurveyForm(
        request.POST or None,
        instance=survey,
        units=permissions.organised_communes(request.user),
        organisations=outreach_organisations(request.user),
    )
    back = reverse("participation:survey_detail", args=[survey.pk])
    stale = None
    if request.method == "POST" and form.is_valid():
        stale = save_edit(form)
        if stale is None:
            messages.success(request, "Đã lưu.")
            return redirect(back)
    return render(
        request,
        "participation/form.html",
        {"form": form, "title": f"Sửa: {survey}", "stale": stale, "back": back},
    )


@login_required
def survey_history(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_visible_or_404(Survey, request.user, pk=pk)
    return history_page(request, survey, reverse("participation:survey_detail", args=[survey.pk]))


@login_required
def survey_content_new(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_for_write(request, pk)
    form = ContentForm(request.POST or None)
    back = reverse("participation:survey_detail", args=[survey.pk])
    if request.method == "POST" and form.is_valid():

        def save() -> SurveyContent:
            content = form.save(commit=False)
            content.survey = survey
            content.save()
            return content

        messages.success(request, "Đã thêm nội dung hỏi.")
        return create_once(request, form, save, lambda _content: back)
    return render(
        request,
        "participation/form.html",
        {"form": form, "title": f"Thêm nội dung hỏi: {survey}", "back": back},
    )


@login_required
def survey_samples(request: HttpRequest, pk: int) -> HttpResponse:
    """The household sample (private): codes and names, kept apart from the answers."""
    survey = get_visible_or_404(Survey.objects.select_related("unit"), request.user, pk=pk)
    can_edit = permissions.can_organise(request.user, survey.unit)
    form = SamplesForm(request.POST or None, hamlets=_hamlets(survey))
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                with transaction.atomic():
                    SurveySample.objects.bulk_create(
                        SurveySample(
                            survey=survey,
                            hamlet=form.cleaned_data["hamlet"],
                            code=code,
                            household=name,
                        )
                        for code, name in form.cleaned_data["lines"]
                    )
            except IntegrityError:
                form.add_error("lines", "Có mã phiếu đã dùng trong đợt này.")
            else:
                messages.success(request, "Đã thêm hộ vào danh sách.")
                return redirect("participation:survey_samples", pk=survey.pk)
    samples = survey.samples.select_related("hamlet").order_by("hamlet__name", "code")
    page = Paginator(samples, 100).get_page(request.GET.get("trang"))
    return render(
        request,
        "participation/survey_samples.html",
        {"survey": survey, "form": form, "page": page, "can_edit": can_edit},
    )


@login_required
def survey_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """Fast entry of paper forms: pick the hamlet once, tick one choice per content, save, next."""
    survey = _survey_for_write(request, pk)
    contents = list(survey.contents.order_by("order", "id"))
    hamlets = _hamlets(survey)
    initial = {"hamlet": request.GET.get("ap")}
    form = EntryForm(request.POST or None, hamlets=hamlets, contents=contents, initial=initial)
    if request.method == "POST" and form.is_valid():
        hamlet = form.cleaned_data["hamlet"]
        with transaction.atomic():
            if claim(form.cleaned_data.get("form_token") or "", request.user.pk):
                response = services.enter_response(
                    survey=survey,
                    hamlet=hamlet,
                    answers=form.answers(),
                    channel=ResponseChannel.PAPER,
                )
                if response is None:
                    messages.warning(request, "Phiếu để trống tất cả nội dung: không lưu.")
                else:
                    count = survey.responses.filter(hamlet=hamlet).count()
                    messages.success(
                        request, f"Đã nhập phiếu. {hamlet.display_name}: {count} phiếu."
                    )
        return redirect(
            reverse("participation:survey_entry", args=[survey.pk]) + f"?ap={hamlet.pk}"
        )
    return render(
        request,
        "participation/survey_entry.html",
        {"survey": survey, "form": form, "contents": contents},
    )


@login_required
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_visible_or_404(
        Survey.objects.select_related("unit", "organiser"), request.user, pk=pk
    )
    return render(
        request,
        "participation/survey_results.html",
        {"survey": survey, "results": queries.survey_results(survey)},
    )


# --- Announcements and the public switch ---------------------------------------------------


@login_required
def announcement_list(request: HttpRequest) -> HttpResponse:
    rows = Announcement.objects.visible_to(request.user).select_related("unit")
    communes = visible_units(request.user).filter(level__is_commune=True)
    pages = {p.unit_id: p for p in PublicPage.objects.filter(unit__in=communes)}
    return render(
        request,
        "participation/announcement_list.html",
        {
            "announcements": rows[:200],
            "communes": [
                {
                    "unit": c,
                    "page": pages.get(c.pk),
                    "url": public_url(c),
                    "can_edit": permissions.can_manage(request.user, c),
                }
                for c in communes
            ],
            "can_add": permissions.managed_units(request.user).exists(),
        },
    )


@login_required
def announcement_new(request: HttpRequest) -> HttpResponse:
    units = permissions.managed_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = AnnouncementForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        messages.success(request, "Đã đăng thông báo.")
        return create_once(
            request, form, form.save, lambda a: reverse("participation:announcement_list")
        )
    return render(request, "participation/form.html", {"form": form, "title": "Thêm thông báo"})


@login_required
def announcement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_visible_or_404(Announcement.objects.select_related("unit"), request.user, pk=pk)
    if not permissions.can_manage(request.user, row.unit):
        raise PermissionDenied
    form = AnnouncementForm(
        request.POST or None, instance=row, units=permissions.managed_units(request.user)
    )
    back = reverse("participation:announcement_list")
    stale = None
    if request.method == "POST" and form.is_valid():
        stale = save_edit(form)
        if stale is None:
            messages.success(request, "Đã lưu thông báo.")
            return redirect(back)
    return render(
        request,
        "participation/form.html",
        {
            "form": form,
            "title": f"Sửa: {row}",
            "stale": stale,
            "back": back,
            "history_url": reverse("participation:announcement_history", args=[row.pk]),
        },
    )


@login_required
def announcement_history(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_visible_or_404(Announcement, request.user, pk=pk)
    return history_page(request, row, reverse("participation:announcement_edit", args=[row.pk]))


@login_required
def public_page_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commune = get_visible_or_404(
        AdministrativeUnit.objects.filter(level__is_commune=True), request.user, pk=pk
    )
    if not permissions.can_manage(request.user, commune):
        raise PermissionDenied
    page = PublicPage.objects.filter(unit=commune).first() or PublicPage(unit=commune)
    form = PublicPageForm(request.POST or None, instance=page)
    back = reverse("participation:announcement_list")
    stale = None
    if request.method == "POST" and form.is_valid():
        if page.pk and form.cleaned_data.get("version") is None:
            stale = StaleEdit([])  # opened before the page existed; someone created it since
        elif page.pk:
            stale = save_edit(form)
        else:
            try:
                with transaction.atomic():
                    form.save()
            except IntegrityError:  # two first saves at once: the other one created the page
                stale = StaleEdit([])
        if stale is None:
            messages.success(request, "Đã lưu trang công khai.")
            return redirect(back)
    return render(
        request,
        "participation/form.html",
        {
            "form": form,
            "title": f"Trang công khai: {commune.display_name}",
            "stale": stale,
            "back": back,
            "history_url": reverse("participation:public_page_history", args=[commune.pk])
            if page.pk
            else "",
        },
    )


@login_required
def public_page_history(request: HttpRequest, pk: int) -> HttpResponse:
    page = get_visible_or_404(PublicPage.objects.select_related("unit"), request.user, unit_id=pk)
    return history_page(request, page, reverse("participation:public_page_edit", args=[pk]))

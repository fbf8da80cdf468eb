"""Pages for residents, without login: the commune and hamlet pages, the QR poster, feedback
and the online survey. Only communes whose PublicPage is enabled are published (else 404).

Personal data never reaches these templates: contributions are passed as totals plus a list
of (public name, what) for rows with recorded consent; feedback shows question and answer only.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ntm.assessments import queries as assessment_queries
from ntm.assessments.models import CriterionResult
from ntm.core import clock, ratelimit
from ntm.core.idempotency import claim
from ntm.criteria.models import Criterion
from ntm.geography.models import AdministrativeUnit
from ntm.mobilisation import queries as money
from ntm.mobilisation.models import StepPhoto
from ntm.mobilisation.uploads import serve_photo
from ntm.participation import queries, services
from ntm.participation.forms import OnlineSurveyForm, PublicFeedbackForm
from ntm.participation.models import Announcement, PublicPage, ResponseChannel, Survey, SurveyStatus
from ntm.plans.models import Task

FEEDBACK_LIMIT = 20  # submissions per address per minute
WINDOW_SECONDS = 60


def _published_unit(pk: int) -> tuple[AdministrativeUnit, AdministrativeUnit]:
    """(unit, its commune) if the unit is a commune or hamlet of a published commune; else 404."""
    unit = get_object_or_404(
        AdministrativeUnit.objects.select_related("level", "parent", "parent__level"), pk=pk
    )
    if not (unit.level.is_commune or unit.level.is_hamlet):
        raise Http404("Không tìm thấy trang.")
    commune = services.public_commune(unit)
    if commune is None:
        raise Http404("Trang này chưa được công khai.")
    return unit, commune


def public_url(unit: AdministrativeUnit) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("participation:public_unit", args=[unit.pk])


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "participation/too_many.html", status=429)


def public_unit(request: HttpRequest, pk: int) -> HttpResponse:
    unit, commune = _published_unit(pk)
    year = clock.current_year()
    # The same read model as the staff scorecard: the counts and statuses are never re-decided.
    cards = assessment_queries.result_cards(unit, year)
    works = list(
        money.work_funding_totals(money.works_under(unit, public_only=True))
        .select_related("unit", "criterion")
        .order_by("unit__path", "name")[:50]
    )
    contributions = money.contributions_under(unit)
    named = (
        money.consented_contributors(contributions)
        .select_related("work")
        .only(
            "contributor_name",
            "name_consent",
            "consent_date",
            "kind",
            "amount",
            "quantity",
            "date",
            "work__name",
        )
        .order_by("-date", "-id")[:50]
    )
    photos = (
        StepPhoto.objects.filter(
            is_public=True, step__work__unit__path__startswith=unit.path, step__work__is_public=True
        )
        .select_related("step")
        .order_by("-step__date", "-id")[:6]
    )
    context = {
        "unit": unit,
        "commune": commune,
        "page": PublicPage.objects.filter(unit=commune).first(),
        "year": year,
        "cards": cards,
        "works": works,
        "funding": money.funding_by_source(unit, public_only=True),
        "totals": money.totals_of(contributions),
        "named": [
            {"name": c.public_name, "what": c.get_kind_display(), "c": c}
            for c in named
            if c.public_name
        ],
        "announcements": Announcement.objects.filter(
            unit__path__startswith=unit.path, is_published=True
        ).order_by("-date", "-id")[:10],
        "answers": queries.published_feedback(unit)
        .select_related("unit")
        .order_by("-answered_on", "-id")[:20],
        "hamlets": list(
            AdministrativeUnit.objects.filter(parent=commune, level__is_hamlet=True).order_by(
                "name"
            )
        ),
        "photos": photos,
        # Hamlet plans of the year, read-only: the task, its deadline, status and progress.
        "plan_tasks": Task.objects.filter(
            plan__unit__path__startswith=unit.path,
            plan__criterion__isnull=True,
            plan__year=year,
        )
        .select_related("plan__unit")
        .only(
            "title", "deadline", "status", "progress", "plan__unit__name", "plan__unit__kind_name"
        )
        .order_by("deadline", "pk")[:30],
        "surveys": Survey.objects.filter(unit=commune, online=True, status=SurveyStatus.OPEN)[:3],
    }
    return render(request, "participation/public_unit.html", context)


def public_poster(request: HttpRequest, pk: int) -> HttpResponse:
    import segno

    unit, commune = _published_unit(pk)
    url = public_url(unit)
    qr = segno.make(url, error="m").svg_inline(scale=10, border=2, omitsize=True)
    return render(
        request,
        "participation/public_poster.html",
        {"unit": unit, "commune": commune, "url": url, "qr": qr},
    )


def public_qr(request: HttpRequest, pk: int) -> HttpResponse:
    import io

    import segno

    unit, _ = _published_unit(pk)
    buffer = io.BytesIO()
    segno.make(public_url(unit), error="m").save(buffer, kind="svg", scale=10, border=2)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="ma-qr-{unit.pk}.svg"'
    return response


@require_http_methods(["GET", "POST"])
def public_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    unit, commune = _published_unit(pk)
    works = money.works_under(unit, public_only=True).order_by("name")
    criteria = Criterion.objects.filter(
        pk__in=CriterionResult.objects.filter(unit=unit).values("criterion_id")
    ).select_related("criteria_set")
    form = PublicFeedbackForm(request.POST or None, works=works, criteria=criteria)
    if request.method == "POST":
        if ratelimit.is_limited(request, "feedback", limit=FEEDBACK_LIMIT, window=WINDOW_SECONDS):
            return _too_many(request)
        if form.is_bot:
            return redirect("participation:public_feedback_sent", pk=unit.pk)
        if form.is_valid():
            if claim(form.cleaned_data.get("form_token") or "", None):
                services.submit_feedback(unit=unit, data=form.cleaned_data)
            return redirect("participation:public_feedback_sent", pk=unit.pk)
    return render(
        request,
        "participation/public_feedback.html",
        {"unit": unit, "commune": commune, "form": form},
    )


def public_feedback_sent(request: HttpRequest, pk: int) -> HttpResponse:
    unit, commune = _published_unit(pk)
    return render(
        request, "participation/public_feedback_sent.html", {"unit": unit, "commune": commune}
    )


def public_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    photo = get_object_or_404(
        StepPhoto.objects.select_related("step__work__unit"),
        pk=pk,
        is_public=True,
        step__work__is_public=True,
    )
    _published_unit(photo.step.work.unit_id)
    return serve_photo(photo)


def _open_survey(pk: int) -> Survey:
    survey = get_object_or_404(
        Survey.objects.select_related("unit", "unit__level", "unit__parent"),
        pk=pk,
        online=True,
        status=SurveyStatus.OPEN,
    )
    _published_unit(survey.unit_id)
    return survey


@require_http_methods(["GET", "POST"])
def public_survey(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _open_survey(pk)
    contents = list(survey.contents.order_by("order", "id"))
    hamlets = AdministrativeUnit.objects.filter(parent=survey.unit, level__is_hamlet=True)
    form = OnlineSurveyForm(request.POST or None, hamlets=hamlets, contents=contents)
    if request.method == "POST":
        if ratelimit.is_limited(request, "survey", limit=FEEDBACK_LIMIT, window=WINDOW_SECONDS):
            return _too_many(request)
        if form.is_bot:
            return redirect("participation:public_survey_done", pk=survey.pk)
        if form.is_valid():
            if claim(form.cleaned_data.get("form_token") or "", None):
                services.enter_response(
                    survey=survey,
                    hamlet=form.cleaned_data["hamlet"],
                    answers=form.answers(),
                    channel=ResponseChannel.ONLINE,
                )
            return redirect("participation:public_survey_done", pk=survey.pk)
    return render(
        request,
        "participation/public_survey.html",
        {"survey": survey, "form": form, "commune": survey.unit, "unit": survey.unit},
    )


def public_survey_done(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _open_survey(pk)
    return render(
        request,
        "participation/public_survey_done.html",
        {"survey": survey, "commune": survey.unit, "unit": survey.unit},
    )

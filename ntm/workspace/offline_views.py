"""Screens of the offline app: manifest, service worker, sync screen, conflicts for reviewers."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ntm.accounts.scope import get_visible_or_404, primary_units
from ntm.assessments import services as assessment_services
from ntm.assessments.models import CriterionRegistration, SetRegistration
from ntm.core import clock
from ntm.criteria.models import Criterion, Indicator
from ntm.geography.models import AdministrativeUnit
from ntm.mobilisation.permissions import LEDGER_KEEPERS, OUTREACH_LOGGERS, writable_units
from ntm.plans import permissions as plan_access
from ntm.workspace import offline, resolution
from ntm.workspace.models import ConflictStatus, OutboxReceipt, SyncConflict

# Bumped whenever the offline forms change shape: an item remembers the version it was typed in.
FORM_VERSION = "1"


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": "Nông thôn mới – Việc của tôi",
        "short_name": "Nông thôn mới",
        "lang": "vi",
        "dir": "ltr",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f6f43",
        "icons": [
            {"src": static("ntm/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("ntm/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("ntm/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json; charset=utf-8"
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "workspace/sw.js",
        {
            "workbox": static("vendor/workbox/workbox-sw.js"),
            "prefix": static("vendor/workbox/").rstrip("/"),
            "outbox": static("workspace/outbox.js"),
            "static_prefix": settings.STATIC_URL,
            "keep_exact": json.dumps(sorted(kept_exact())),
            "keep_prefix": json.dumps(KEEP_PREFIX),
        },
        content_type="text/javascript; charset=utf-8",
    )
    # The browser must always check for a new worker; the worker may control the whole site.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


# Pages the service worker keeps on the phone: the field's screens only (issue 19, privacy).
KEEP_PREFIX = ["/danh-gia/don-vi/"]


def kept_exact() -> set[str]:
    return {
        reverse("home"),
        reverse("workspace:sync"),
        reverse("mobilisation:contribution_new"),
        reverse("mobilisation:outreach_new"),
        reverse("plans:obstacle_create"),
    }


def _offline_urls(user: Any) -> list[str]:
    """The pages a person needs in the field: their hamlet's criteria, indicators and forms."""
    year = clock.current_year()
    urls = [reverse("home"), reverse("workspace:sync")]
    units = [u for u in primary_units(user) if u.level.is_hamlet or u.level.is_commune]
    registered = CriterionRegistration.objects.filter(unit__in=units).select_related(
        "criterion", "unit", "unit__level"
    )
    criteria_by_unit: dict[int, list[int]] = {}
    for reg in registered:
        criteria_by_unit.setdefault(reg.unit_id, []).append(reg.criterion_id)
    sets = SetRegistration.objects.filter(unit__in=units, year=year).values_list(
        "unit_id", "criteria_set_id"
    )
    set_criteria: dict[int, list[int]] = {}
    for criterion_id, set_id in Criterion.objects.filter(
        criteria_set_id__in={s for _, s in sets}
    ).values_list("pk", "criteria_set_id"):
        set_criteria.setdefault(set_id, []).append(criterion_id)
    for unit_id, set_id in sets:
        for criterion_id in set_criteria.get(set_id, []):
            if criterion_id not in criteria_by_unit.setdefault(unit_id, []):
                criteria_by_unit[unit_id].append(criterion_id)
    indicators = Indicator.objects.filter(
        criterion_id__in={c for ids in criteria_by_unit.values() for c in ids}
    ).select_related("criterion", "criterion__criteria_set")
    for unit in units:
        urls.append(reverse("assessments:scorecard", args=[unit.pk, year]))
        for criterion_id in criteria_by_unit.get(unit.pk, []):
            urls.append(reverse("assessments:criterion", args=[unit.pk, criterion_id, year]))
        for indicator in indicators:
            if indicator.criterion_id not in criteria_by_unit.get(unit.pk, []):
                continue
            if assessment_services.can_enter_value(user, unit, indicator):
                urls.append(reverse("assessments:value_entry", args=[unit.pk, indicator.pk, year]))
    if writable_units(user, LEDGER_KEEPERS).exists():
        urls.append(reverse("mobilisation:contribution_new"))
    if writable_units(user, OUTREACH_LOGGERS).exists():
        urls.append(reverse("mobilisation:outreach_new"))
    if any(plan_access.can_raise_obstacle(user, u) for u in units):
        urls.append(reverse("plans:obstacle_create"))
    return list(dict.fromkeys(urls))


@login_required
@require_GET
def sync(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    receipts = OutboxReceipt.objects.filter(user=user).order_by("-received_at")[:20]
    conflicts = SyncConflict.objects.visible_to(request.user).filter(status=ConflictStatus.OPEN)
    return render(
        request,
        "workspace/sync.html",
        {
            "receipts": receipts,
            "open_conflicts": conflicts.count(),
            "pages": _offline_urls(request.user),
        },
    )


@never_cache
@require_GET
def offline_pages(request: HttpRequest) -> JsonResponse:
    """Who is signed in, a CSRF token for the outbox posts, and the pages to keep on the phone."""
    if not request.user.is_authenticated:
        return JsonResponse({"login": True}, status=401)
    response = JsonResponse(
        {
            "user": request.user.pk,
            "csrf": get_token(request),
            "pages": _offline_urls(request.user),
            "version": FORM_VERSION,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_POST
def sync_item(request: HttpRequest) -> JsonResponse:
    """One outbox item in, one answer out (JSON; a lapsed session answers 401, not a redirect)."""
    client_id = request.POST.get("_outbox_id", "")
    if not request.user.is_authenticated:
        return JsonResponse(
            {
                "id": client_id,
                "status": "login",
                "message": "Phiên đăng nhập đã hết. Đăng nhập lại để gửi; các mục vẫn được giữ.",
            },
            status=401,
        )
    answer = offline.replay(request)
    return JsonResponse(answer.as_json(client_id), json_dumps_params={"ensure_ascii": False})


def _can_decide(user: Any, conflict: SyncConflict) -> bool:
    unit: AdministrativeUnit | None = conflict.unit
    return unit is not None and assessment_services.can_approve(user, unit)


@login_required
@require_GET
def conflicts(request: HttpRequest) -> HttpResponse:
    rows = (
        SyncConflict.objects.visible_to(request.user)
        .select_related("unit", "receipt", "receipt__user", "resolved_by")
        .order_by("status", "-created_at")[:100]
    )
    items = [
        {
            "conflict": c,
            "can_decide": c.status == ConflictStatus.OPEN and _can_decide(request.user, c),
            "mine": resolution.readable_fields(c),
        }
        for c in rows
    ]
    return render(request, "workspace/conflicts.html", {"items": items})


@login_required
@require_POST
def conflict_decide(request: HttpRequest, pk: int) -> HttpResponse:
    conflict: SyncConflict = get_visible_or_404(
        SyncConflict.objects.select_related("unit", "receipt"), request.user, pk=pk
    )
    if not _can_decide(request.user, conflict):
        raise PermissionDenied
    if conflict.status != ConflictStatus.OPEN:
        messages.info(request, "Xung đột này đã được xử lý.")
        return redirect("workspace:conflicts")
    choice = request.POST.get("quyet_dinh")
    if choice == "giu":
        with transaction.atomic():
            resolution.close(conflict, user=request.user, status=ConflictStatus.KEPT)
        messages.success(request, "Đã giữ số liệu trên máy chủ; bản gửi từ máy được lưu lại.")
    elif choice == "dung":
        problem = resolution.apply(request, conflict)
        if problem:
            messages.error(request, problem)
        else:
            messages.success(request, "Đã dùng số liệu gửi từ máy.")
    return redirect("workspace:conflicts")

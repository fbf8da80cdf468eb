"""Friendly Vietnamese error pages and the health check."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from ntm.core.health import readiness


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF refusal, in Vietnamese (settings.CSRF_FAILURE_VIEW), also in production."""
    return render(request, "csrf_failure.html", status=403)


def health(request: HttpRequest) -> JsonResponse:
    """200 when this instance can serve; 503 while the database is unreachable or migrations
    are pending (``ntm.core.health``), so monitoring sees an unfinished deployment."""
    ready, details = readiness()
    response = JsonResponse(details, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    return response

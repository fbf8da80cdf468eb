"""The "đang bảo trì" page shown by every worker while the data is being replaced.

``restore`` (and ``manage.py maintenance on``) writes a flag file; every request, in every
gunicorn worker on the machine, then gets a 503 page in Vietnamese instead of reading a
database that is half restored. Static files still pass (the page has its style sheet) and the
health check answers 503 too. The flag is a file, not a database row: the database is exactly
what is unavailable.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 120


def flag_path() -> Path:
    return Path(settings.NTM_MAINTENANCE_FILE)


def is_on() -> bool:
    return flag_path().exists()


def switch_on(reason: str = "") -> None:
    path = flag_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(reason, encoding="utf-8")


def switch_off() -> None:
    flag_path().unlink(missing_ok=True)


@contextlib.contextmanager
def enabled(reason: str = "") -> Iterator[None]:
    """The page is shown while the block runs and removed afterwards, even on failure; a flag
    that was already on (an operator's upgrade window) stays on."""
    already = is_on()
    if not already:
        switch_on(reason)
    try:
        yield
    finally:
        if not already:
            switch_off()


class MaintenanceMiddleware:
    """Answers 503 with the maintenance page while the flag file exists (one stat per request)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_on():
            return self.get_response(request)
        response: HttpResponse
        if request.path == "/suc-khoe/":
            response = JsonResponse({"status": "maintenance"}, status=503)
        else:
            # No request context: the context processors would read the database.
            response = HttpResponse(render_to_string("core/maintenance.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response

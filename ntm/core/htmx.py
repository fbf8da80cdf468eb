"""One helper decides between a whole page and an htmx fragment of the same template."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render ``template``; for an htmx request render only its ``{% partialdef partial %}``."""
    name = template
    if partial and getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        name = f"{template}#{partial}"
    return render(request, name, context or {}, status=status)

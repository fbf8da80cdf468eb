"""Bench-only URLs: the whole site plus one trivial page used as the run's baseline.

Never the project's ROOT_URLCONF: the benchmark switches to it with ``override_settings``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

_TEMPLATE = engines["django"].from_string(
    '<!doctype html><html lang="vi"><title>Mốc so sánh</title><p>{{ text }}</p></html>'
)


def trivial(request: HttpRequest) -> HttpResponse:
    """A page rendered through the same middleware and template engine, doing no work."""
    return HttpResponse(_TEMPLATE.render({"text": "Trang mốc"}, request))


urlpatterns = [
    path("do-hieu-nang/moc/", trivial, name="bench_baseline"),
    path("", include("ntm.urls")),
]

"""Page weight as a real browser downloads it (issue 8): Debian's Chromium, driven by Playwright,
loads each key page from an HTTP server started here on 127.0.0.1 (same settings, same
database) and adds up what went over the wire for the page and its CSS, JS and fonts — bodies as
transferred (compressed) plus headers. User images are left out, as the budget says.

Without Chromium or Playwright the figure stays the gzip estimate computed by ``run.py`` and the
run says so loudly.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.test import Client

SKIPPED_TYPES = {"image", "media"}  # user photos and the like: outside the budget


def chromium_path() -> str | None:
    path = os.environ.get("NTM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).exists() else None


def unavailable() -> str | None:
    """Why the browser measurement cannot run here, or None."""
    if chromium_path() is None:
        return "không có Chromium (cài: sudo apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "không có Playwright (make install-dev)"
    return None


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadedWSGIServer):
    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            connections.close_all()  # each request thread opened its own connection


@contextmanager
def serving() -> Iterator[str]:
    """The site on 127.0.0.1 (a free port) in a background thread; yields its base URL."""
    server = _Server(("127.0.0.1", 0), _QuietHandler, allow_reuse_address=False)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@dataclass
class Weight:
    kb: float
    requests: int
    encodings: str  # content encodings seen, e.g. "gzip"


def session_cookie(user: Any) -> str | None:
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def measure(
    pages: list[tuple[str, str, Any]], log: Callable[[str], None], browser: Any = None
) -> dict[str, Weight]:
    """(label, path, user or None) → what Chromium transferred for each page, on a phone.
    Launches Chromium unless given a Playwright browser (the test suite's)."""
    cookies = {label: session_cookie(user) for label, _, user in pages}  # before the server
    with serving() as base:
        if browser is not None:
            return _measure(browser, base, pages, cookies, log)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=chromium_path(),
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
            try:
                return _measure(launched, base, pages, cookies, log)
            finally:
                launched.close()


def _measure(
    browser: Any,
    base: str,
    pages: list[tuple[str, str, Any]],
    cookies: dict[str, str | None],
    log: Callable[[str], None],
) -> dict[str, Weight]:
    found: dict[str, Weight] = {}
    for label, path, _user in pages:
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, locale="vi-VN"
        )
        try:
            if cookies[label]:
                context.add_cookies([{"name": "sessionid", "value": cookies[label], "url": base}])
            page = context.new_page()
            finished: list[Any] = []

            def keep(request: Any, finished: list[Any] = finished) -> None:
                finished.append(request)

            page.on("requestfinished", keep)
            response = page.goto(base + path, wait_until="networkidle")
            if response is None or response.status != 200:
                status = response.status if response else "không phản hồi"
                raise RuntimeError(f"{label}: {path} trả về {status} trong trình duyệt.")
            total = 0
            counted = 0
            encodings = set()
            prefetched = 0
            for request in finished:
                if request.resource_type in SKIPPED_TYPES:
                    continue
                # The field pages a hamlet head's phone keeps for offline use are fetched in the
                # background once a day; reported apart, not as the weight of this page.
                if request.headers.get("x-ntm-prefetch"):
                    prefetched += 1
                    continue
                sizes = request.sizes()
                total += max(0, sizes["responseBodySize"]) + max(0, sizes["responseHeadersSize"])
                counted += 1
                answer = request.response()
                encoding = answer.headers.get("content-encoding") if answer else None
                if encoding:
                    encodings.add(encoding)
        finally:
            context.close()
        found[label] = Weight(
            kb=total / 1024, requests=counted, encodings=",".join(sorted(encodings))
        )
        log(
            f"  {label}: {found[label].kb:.1f} KB qua mạng, {counted} yêu cầu"
            + (f" (và {prefetched} trang tải trước để dùng khi mất sóng)" if prefetched else "")
        )
    return found

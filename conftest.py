"""Fixtures shared by every test: the test world, a pinned clock, and a real browser."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

# Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls from
# it unless told that the test thread is not async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests run the same examples on every run and machine, and never replay examples
# saved in .hypothesis/ by an earlier run: a red run is reproducible and cannot be left behind
# by chance. HYPOTHESIS_PROFILE=explore draws new examples (and keeps failing ones) locally.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = os.environ.get("NTM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _isolated_media(settings: Any, tmp_path: Path) -> None:
    """Uploads, timing files, backups and the maintenance flag go to the test's own folder,
    never into ./data (the developer's real data)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.NTM_MAINTENANCE_FILE = tmp_path / "data" / "maintenance.on"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate-limit counters live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db: Any) -> Any:
    from tests.world import build_world

    return build_world()


@pytest.fixture
def today() -> Iterator[dt.date]:
    """The demo's day: mid-October 2024, before the 9-month report deadline."""
    from ntm.core import clock

    day = dt.date(2024, 10, 15)
    with clock.pinned(day):
        yield day


# --- Browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        message = (
            "\n"
            + "!" * 78
            + "\n!! Chromium không có trên máy này: BỎ QUA các bài kiểm thử trình duyệt.\n"
            "!! Cài bằng: sudo apt-get install -y chromium   (make test tự cài khi chạy bằng root)\n"
            + "!"
            * 78
        )
        print(message)
        pytest.skip("Chromium is not installed: browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 860}


@pytest.fixture
def phone(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    request.node._ntm_page = page
    yield page
    context.close()


@pytest.fixture
def desktop(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    request.node._ntm_page = page
    yield page
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    report = yield
    page = getattr(item, "_ntm_page", None)
    if report.when == "call" and report.failed and page is not None:
        target = ARTIFACTS / "screenshots"
        target.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:]
        try:
            page.screenshot(path=str(target / f"{name}.png"), full_page=True)
        except Exception as exc:  # a closed page must not hide the real failure
            print(f"screenshot failed: {exc}")
    return report


def login(page: Any, base_url: str, username: str, password: str | None = None) -> None:
    from tests.world import PASSWORD

    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password or PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()

"""A bounded loopback load run (``make load``): simulated users at a report deadline.

Each simulated user is a generated hamlet head or committee member of the synthetic province:
they open "Việc của tôi", their hamlet's scorecard and its public page, enter a value of their hamlet (the real
form, with its CSRF token) and send it. Sessions are created directly in the database (no login
form, no password hashing), so the server must use the same database as this script.

Only 127.0.0.1 / localhost is accepted; the run stops after ``--seconds`` or ``--rounds``.
Standard library only (threads + http.client).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class _Form(HTMLParser):
    """Every form that posts: (action, {name: value}); pick one with :meth:`with_field`."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._current: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._current = {}
            self.forms.append((a.get("action", ""), self._current))
        elif self._current is not None and tag in {"input", "select", "textarea"} and a.get("name"):
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self._current.setdefault(a["name"], a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None

    def with_field(self, *names: str) -> tuple[str, dict[str, str]] | None:
        for action, fields in self.forms:
            if any(name in fields for name in names):
                return action, fields
        return None


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, seconds: float, error: str = "") -> None:
        with self.lock:
            self.times.setdefault(name, []).append(seconds)
            if error:
                self.errors.append(f"{name}: {error}")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else 0.0


class Browser:
    def __init__(self, base: str, session_key: str, https: bool) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies = {"sessionid": session_key}
        self.https = https
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(
        self, method: str, path: str, body: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        headers = {
            "Host": f"{self.host}:{self.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "User-Agent": "ntm-load/1",
        }
        if self.https:  # gunicorn behind "a proxy": production settings expect https
            headers["X-Forwarded-Proto"] = "https"
        scheme = "https" if self.https else "http"
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"{scheme}://{self.host}:{self.port}{path}"
            headers["Origin"] = f"{scheme}://{self.host}:{self.port}"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", text


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.settings")
    import django

    django.setup()


def plan_users(count: int, seed: int) -> list[dict[str, object]]:
    """Sessions and the pages/values each simulated user works with."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from ntm.accounts.models import Role, RoleAssignment
    from ntm.assessments.models import IndicatorValue
    from ntm.bench.generate import province_code
    from ntm.core import clock

    year = clock.current_year()
    heads = list(
        RoleAssignment.objects.filter(
            role=Role.HAMLET_HEAD, unit__parent__parent__code=province_code(seed)
        )
        .select_related("user", "unit")
        .order_by("pk")[:count]
    )
    if not heads:
        raise SystemExit("Chưa có tỉnh tổng hợp: chạy `manage.py generate_province` trước.")
    backend = settings.AUTHENTICATION_BACKENDS[-1]
    users: list[dict[str, object]] = []
    for assignment in heads:
        store = SessionStore()
        store[SESSION_KEY] = str(assignment.user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = assignment.user.get_session_auth_hash()
        store.create()
        value = (
            IndicatorValue.objects.filter(
                unit=assignment.unit, period__kind__code="nam", period__year=year
            )
            .select_related("indicator")
            .order_by("indicator__criterion__number", "indicator__order")
            .first()
        )
        users.append(
            {
                "session": store.session_key,
                "pages": [
                    reverse("home"),
                    reverse("assessments:scorecard", args=[assignment.unit.pk, year]),
                    reverse("participation:public_unit", args=[assignment.unit.pk]),
                ],
                "entry": reverse(
                    "assessments:value_entry", args=[assignment.unit.pk, value.indicator_id, year]
                )
                if value
                else None,
                "kind": value.indicator.kind if value else None,
                "submit": reverse("assessments:value_submit", args=[value.pk]) if value else None,
            }
        )
    return users


def simulate(
    user: dict[str, object],
    base: str,
    https: bool,
    deadline: float,
    rounds: int,
    stats: Stats,
    rng: random.Random,
) -> None:
    browser = Browser(base, str(user["session"]), https)

    def timed(
        name: str, method: str, path: str, body: dict[str, str] | None = None
    ) -> tuple[int, str]:
        started = time.perf_counter()
        try:
            status, _location, text = browser.request(method, path, body)
        except Exception as exc:
            stats.add(name, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
            return 0, ""
        ok = status < 400 and not (status in {301, 302} and "dang-nhap" in _location)
        stats.add(name, time.perf_counter() - started, "" if ok else f"HTTP {status} {path}")
        return status, text

    for _ in range(rounds):
        if time.monotonic() > deadline:
            return
        for path in user["pages"]:  # type: ignore[attr-defined]
            timed("xem trang", "GET", str(path))
        if user["entry"]:
            status, text = timed("mở form nhập số liệu", "GET", str(user["entry"]))
            parser = _Form()
            parser.feed(text)
            form = parser.with_field("number", "numerator", "boolean")
            if status == 200 and form is not None:
                action, fields = form
                body = dict(fields)
                kind = user["kind"]
                if kind == "ratio":
                    body["denominator"] = str(rng.randint(200, 900))
                    body["numerator"] = str(rng.randint(100, int(body["denominator"])))
                elif kind == "boolean":
                    body["boolean"] = rng.choice(["True", "False", "true", "false"])
                else:
                    body["number"] = str(rng.randint(5, 40))
                timed("lưu số liệu", "POST", action or str(user["entry"]), body)
                # Sending needs the CSRF token of a page that shows the send button.
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
                if token and user["submit"]:
                    timed(
                        "gửi số liệu",
                        "POST",
                        str(user["submit"]),
                        {"csrfmiddlewaretoken": token.group(1)},
                    )
        time.sleep(rng.uniform(0.2, 1.0))  # think time


def main() -> None:
    parser = argparse.ArgumentParser(description="Chạy thử tải (chỉ 127.0.0.1), có giới hạn.")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--https-proxy-header",
        action="store_true",
        help="gửi X-Forwarded-Proto: https (máy chủ chạy DJANGO_ENV=production)",
    )
    args = parser.parse_args()
    if urlsplit(args.url).hostname not in LOOPBACK:
        raise SystemExit("Chỉ chạy thử tải vào 127.0.0.1 (máy này).")
    users_count = max(1, min(args.users, 500))
    _django()
    users = plan_users(users_count, args.seed)
    stats = Stats()
    deadline = time.monotonic() + args.seconds
    rng = random.Random(args.seed)
    threads = [
        threading.Thread(
            target=simulate,
            args=(
                u,
                args.url,
                args.https_proxy_header,
                deadline,
                args.rounds,
                stats,
                random.Random(rng.random()),
            ),
            daemon=True,
        )
        for u in users
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
        time.sleep(0.01)  # arrivals spread over 2 s
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 30)
    elapsed = time.perf_counter() - started
    everything = [t for times in stats.times.values() for t in times]
    print(f"Chạy thử tải: {len(users)} người dùng, {len(everything)} yêu cầu trong {elapsed:.1f} s")
    print(f"{'Thao tác':<24} {'số lần':>7} {'trung vị':>10} {'p95':>10}")
    for name, times in stats.times.items():
        print(
            f"{name:<24} {len(times):>7} {statistics.median(times) * 1000:>7.0f} ms {p95(times) * 1000:>7.0f} ms"
        )
    print(
        f"{'TẤT CẢ':<24} {len(everything):>7} {statistics.median(everything) * 1000 if everything else 0:>7.0f} ms {p95(everything) * 1000:>7.0f} ms"
    )
    print(f"Lỗi: {len(stats.errors)}")
    kinds: dict[str, int] = {}
    for error in stats.errors:
        kind = re.sub(r"/\d+", "/…", error)
        kinds[kind] = kinds.get(kind, 0) + 1
    for kind, n in sorted(kinds.items(), key=lambda item: -item[1])[:10]:
        print(f"  {n} × {kind}")


if __name__ == "__main__":
    main()

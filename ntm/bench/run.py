"""The benchmark (``make bench``): key pages, report export, XLSX import, the generator, each
beside the same run's baseline (a trivial page through the same stack) and its budget.

Runs in-process with Django's test client against the generated province (``generate_province``)
in the configured database. Server time = the client's round trip through every middleware and
template (no network). Query counts come from one extra request under CaptureQueriesContext.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import platform
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ntm.accounts.models import CommitteeMember, Role, RoleAssignment, User
from ntm.assessments.models import SetRegistration
from ntm.bench.generate import COMMUNE_SET_CODE, province_code
from ntm.geography.models import AdministrativeUnit
from ntm.plans.models import Directive
from ntm.reports.models import ReportCycle

PAGE_BUDGET_MS = 50.0
ROLLUP_BUDGET_MS = 300.0
REPORT_BUDGET_S = 2.0
IMPORT_BUDGET_S = 10.0
GENERATOR_BUDGET_S = 300.0
QUERY_BUDGET = 20
WEIGHT_BUDGET_KB = 100.0
TIMING_FILE = "generate-timing.json"

_ASSETS = re.compile(
    r"""<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="(?P<url>/static/[^"]+)\"""",
)


class BenchError(Exception):
    pass


@dataclass
class Figure:
    name: str
    unit: str  # "ms" or "s"
    median: float
    p95: float
    budget: float | None
    queries: int | None = None
    weight_kb: float | None = None
    weight_source: str = ""  # "Chromium" (transferred, measured) or "gzip" (estimate)
    ratio: float = 0.0  # median / baseline median
    runs: int = 0
    note: str = ""
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def gzip_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6))


def _timed(call: Callable[[], Any], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return times


@dataclass
class Actors:
    province: AdministrativeUnit
    commune: AdministrativeUnit
    hamlet: AdministrativeUnit
    officer: User
    member: User
    member_seat: CommitteeMember
    hamlet_head: User
    upper: User
    directive: Directive
    cycle: ReportCycle
    year: int


def _user(role: str, unit: AdministrativeUnit) -> User:
    assignment = (
        RoleAssignment.objects.filter(role=role, unit=unit, active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if assignment is None:
        raise BenchError(f"Không tìm thấy tài khoản vai trò {role} ở {unit}.")
    return assignment.user


def find_actors(seed: int) -> Actors:
    province = AdministrativeUnit.objects.filter(code=province_code(seed)).first()
    if province is None:
        raise BenchError(
            f"Chưa có tỉnh tổng hợp (hạt giống {seed}) trong cơ sở dữ liệu này: chạy "
            "`manage.py generate_province` trước (make bench tự làm việc này)."
        )
    commune = AdministrativeUnit.objects.filter(parent=province).order_by("code").first()
    assert commune is not None
    hamlet = AdministrativeUnit.objects.filter(parent=commune).order_by("pk").first()
    assert hamlet is not None
    seat = (
        CommitteeMember.objects.filter(committee__unit=commune, role="member")
        .select_related("person__user")
        .order_by("order")
        .first()
    )
    assert seat is not None
    directive = Directive.objects.filter(unit=commune).order_by("-date").first()
    assert directive is not None
    cycles = ReportCycle.objects.filter(unit=commune).select_related("period")
    # The last annual report; with one year of data, the latest periodic one.
    cycle = (
        cycles.filter(period__kind__code="nam").order_by("-period__year").first()
        or cycles.order_by("-period__end").first()
    )
    assert cycle is not None
    year = (
        SetRegistration.objects.filter(unit=commune, criteria_set__code=COMMUNE_SET_CODE)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    assert year is not None
    return Actors(
        province=province,
        commune=commune,
        hamlet=hamlet,
        officer=_user(Role.OFFICER, commune),
        member=seat.person.user,
        member_seat=seat,
        hamlet_head=_user(Role.HAMLET_HEAD, hamlet),
        upper=_user(Role.UPPER_VIEWER, province),
        directive=directive,
        cycle=cycle,
        year=year,
    )


def key_pages(a: Actors) -> list[tuple[str, str, User | None, float]]:
    """(label, url, user or None for anonymous, p95 budget in ms)."""
    return [
        (
            "Bảng điểm xã",
            reverse("assessments:scorecard", args=[a.commune.pk, a.year]),
            a.officer,
            PAGE_BUDGET_MS,
        ),
        (
            "Bảng điểm ấp",
            reverse("assessments:scorecard", args=[a.hamlet.pk, a.year]),
            a.hamlet_head,
            PAGE_BUDGET_MS,
        ),
        (
            "Ma trận ấp × tiêu chí",
            reverse("assessments:matrix", args=[a.commune.pk, a.year]),
            a.officer,
            PAGE_BUDGET_MS,
        ),
        ("Việc của tôi (thành viên BCĐ)", reverse("home"), a.member, PAGE_BUDGET_MS),
        ("Việc của tôi (trưởng ấp)", reverse("home"), a.hamlet_head, PAGE_BUDGET_MS),
        (
            "Bảng điểm thành viên BCĐ",
            reverse("workspace:scorecard", args=[a.member_seat.committee_id]) + f"?nam={a.year}",
            a.officer,
            PAGE_BUDGET_MS,
        ),
        (
            "Tổng hợp toàn tỉnh",
            reverse("reports:rollup", args=[a.province.pk]) + f"?nam={a.year}",
            a.upper,
            ROLLUP_BUDGET_MS,
        ),
        (
            "Trang công khai của ấp",
            reverse("participation:public_unit", args=[a.hamlet.pk]),
            None,
            PAGE_BUDGET_MS,
        ),
        (
            "Văn bản chỉ đạo",
            reverse("plans:directive_detail", args=[a.directive.pk]),
            a.officer,
            PAGE_BUDGET_MS,
        ),
        ("Danh sách chỉ đạo", reverse("plans:directive_list"), a.officer, PAGE_BUDGET_MS),
    ]


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _page_weight(client: Client, html: bytes, cache: dict[str, int]) -> float:
    """HTML + its stylesheets and scripts, gzip-compressed as whitenoise serves them, in KB."""
    total = gzip_size(html)
    for match in _ASSETS.finditer(html.decode("utf-8", "replace")):
        url = match.group("url")
        if url not in cache:
            response = client.get(url)
            body = (
                b"".join(response.streaming_content)  # type: ignore[attr-defined]
                if response.streaming
                else response.content
            )
            cache[url] = gzip_size(body) if response.status_code == 200 else 0
        total += cache[url]
    return total / 1024


def measure_page(
    label: str, url: str, user: User | None, budget: float, runs: int, assets: dict[str, int]
) -> Figure:
    client = _client(user)
    for _ in range(3):  # warm caches, templates, connections
        response = client.get(url)
        if response.status_code != 200:
            raise BenchError(f"{label}: {url} trả về {response.status_code}.")
    times = _timed(lambda: client.get(url), runs)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = list(captured.captured_queries)  # read now: a reconnect clears the log
    weight = _page_weight(client, response.content, assets)
    ms = [t * 1000 for t in times]
    figure = Figure(
        name=label,
        unit="ms",
        median=statistics.median(ms),
        p95=percentile(ms, 0.95),
        budget=budget,
        queries=len(queries),
        weight_kb=weight,
        weight_source="gzip",
        runs=runs,
        note=url,
    )
    if figure.p95 > budget:
        figure.failures.append(f"p95 {figure.p95:.1f} ms > {budget:.0f} ms")
    if len(queries) > QUERY_BUDGET:
        figure.failures.append(f"{len(queries)} truy vấn > {QUERY_BUDGET}")
    return figure


def measure_weights(
    figures: list[Figure], pages: list[tuple[str, str, User | None, float]], log: Any
) -> None:
    """Replace the gzip estimates by what Chromium transferred, where it can run; then check
    the weight budget."""
    from ntm.bench import weight

    why = weight.unavailable()
    if why:
        banner = "!" * 78
        log(
            f"{banner}\n!! Trọng lượng trang: KHÔNG đo bằng trình duyệt ({why}).\n"
            f"!! Các số KB dưới đây là ước tính gzip, không phải số đo thật.\n{banner}"
        )
    else:
        log("Đo trọng lượng trang trong Chromium (điện thoại 360 px)…")
        measured = weight.measure([(label, url, user) for label, url, user, _ in pages], log)
        for figure in figures:
            if figure.name in measured:
                figure.weight_kb = measured[figure.name].kb
                figure.weight_source = "Chromium"
    for figure in figures:
        if figure.weight_kb is not None and figure.weight_kb > WEIGHT_BUDGET_KB:
            figure.failures.append(f"{figure.weight_kb:.1f} KB > {WEIGHT_BUDGET_KB:.0f} KB")


def measure_report(a: Actors, runs: int) -> Figure:
    from ntm.reports import services
    from ntm.reports.compile import compile_report
    from ntm.reports.exports import docx_bytes, xlsx_bytes

    def export() -> None:
        docx_bytes(services.report_spec(a.cycle))
        xlsx_bytes(compile_report(a.cycle))

    export()
    times = _timed(export, runs)
    figure = Figure(
        name=f"Báo cáo năm của xã (DOCX + XLSX, {a.cycle.period.label})",
        unit="s",
        median=statistics.median(times),
        p95=max(times),
        budget=REPORT_BUDGET_S,
        runs=runs,
        note="p95 = lần chậm nhất",
    )
    if figure.p95 > REPORT_BUDGET_S:
        figure.failures.append(f"{figure.p95:.2f} s > {REPORT_BUDGET_S:.0f} s")
    return figure


def import_workbook(rows: int = 10_000, code: str = "TONG-HOP-NHAP") -> bytes:
    """A criteria-set workbook of ``rows`` targets: 100 criteria × 10 indicators × N years."""
    from openpyxl import Workbook

    from ntm.criteria.xlsx_layout import (
        CRITERIA_COLUMNS,
        INDICATOR_COLUMNS,
        LEGAL_COLUMNS,
        SET_FIELDS,
        SET_HEADER,
        SHEET_CRITERIA,
        SHEET_INDICATORS,
        SHEET_LEGAL,
        SHEET_SET,
        SHEET_TARGETS,
        TARGET_COLUMNS,
    )

    per_indicator = max(1, rows // 1000)
    wb = Workbook(write_only=True)
    values = {
        "code": code,
        "name": "Bộ tiêu chí nhập thử (dữ liệu tổng hợp)",
        "short_name": "Nhập thử (dữ liệu tổng hợp)",
        "level": "Cấp xã",
        "period": "2021-2030",
        "is_provincial": "Không",
        "target_keys": "Chung (không phân theo vùng, nhóm)",
    }
    ws = wb.create_sheet(SHEET_SET)
    ws.append([h for h, _ in SET_HEADER])
    for label, name in SET_FIELDS:
        ws.append([label, values.get(name, "")])
    ws = wb.create_sheet(SHEET_LEGAL)
    ws.append([h for h, _ in LEGAL_COLUMNS])
    ws = wb.create_sheet(SHEET_CRITERIA)
    ws.append([h for h, _ in CRITERIA_COLUMNS])
    for number in range(1, 101):
        ws.append([number, f"Tiêu chí {number} (dữ liệu tổng hợp)", "Không", "", "", "", "Không"])
    ws = wb.create_sheet(SHEET_INDICATORS)
    ws.append([h for h, _ in INDICATOR_COLUMNS])
    for number in range(1, 101):
        for order in range(1, 11):
            ws.append(
                [f"{number}.{order}", number, f"Chỉ tiêu {number}.{order} (dữ liệu tổng hợp)",
                 "Không", "%", "Tỷ lệ (tử số/mẫu số)", "≥ (từ … trở lên)", "", "", "Có", "", order]
            )  # fmt: skip
    ws = wb.create_sheet(SHEET_TARGETS)
    ws.append([h for h, _ in TARGET_COLUMNS])
    for number in range(1, 101):
        for order in range(1, 11):
            for k in range(per_indicator):
                ws.append(
                    [f"{number}.{order}", "chung", 2021 + k, "Ngưỡng minh họa", 50 + k, "Không",
                     "Có", "", "", "", "", ""]
                )  # fmt: skip
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def measure_import(a: Actors, runs: int) -> Figure:
    from ntm.criteria.xlsx_import import import_set_xlsx

    content = import_workbook()
    times = []
    for _ in range(runs):
        # Every run imports into a fresh set and is rolled back: repeatable on one database.
        with transaction.atomic():
            started = time.perf_counter()
            result = import_set_xlsx(io.BytesIO(content), user=a.upper, filename="nhap-thu.xlsx")
            times.append(time.perf_counter() - started)
            transaction.set_rollback(True)
        if result.errors:
            raise BenchError("Nhập tệp thử lỗi: " + "; ".join(str(e) for e in result.errors[:5]))
    figure = Figure(
        name="Nhập XLSX 10.000 ngưỡng",
        unit="s",
        median=statistics.median(times),
        p95=max(times),
        budget=IMPORT_BUDGET_S,
        runs=runs,
        note="p95 = lần chậm nhất; mỗi lần trong giao dịch được hủy",
    )
    if figure.p95 > IMPORT_BUDGET_S:
        figure.failures.append(f"{figure.p95:.2f} s > {IMPORT_BUDGET_S:.0f} s")
    return figure


def generator_figure() -> Figure | None:
    path = Path(settings.DATA_DIR) / TIMING_FILE
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("engine") != connection.vendor:
        return None
    seconds = float(data["seconds"])
    figure = Figure(
        name=f"Dựng tỉnh tổng hợp ({data['communes']} xã, {data['hamlets']} ấp)",
        unit="s",
        median=seconds,
        p95=seconds,
        budget=GENERATOR_BUDGET_S if data["communes"] >= 170 else None,
        runs=1,
        note=f"lần dựng {data['at']}",
    )
    if figure.budget and seconds > figure.budget:
        figure.failures.append(f"{seconds:.0f} s > {figure.budget:.0f} s")
    return figure


@override_settings(ROOT_URLCONF="ntm.bench.urls")
def run(*, seed: int = 42, runs: int = 30, log: Callable[[str], None] = print) -> dict[str, Any]:
    actors = find_actors(seed)
    assets: dict[str, int] = {}
    log("Mốc so sánh: trang tối giản qua cùng middleware và bộ dựng mẫu…")
    baseline = measure_page(
        "Mốc: trang tối giản", reverse("bench_baseline"), actors.officer, PAGE_BUDGET_MS, runs * 2,
        assets,
    )  # fmt: skip
    baseline.budget = None
    baseline.failures.clear()
    figures = []
    pages = key_pages(actors)
    for label, url, user, budget in pages:
        log(f"Đo {label}…")
        figures.append(measure_page(label, url, user, budget, runs, assets))
    measure_weights(figures, pages, log)
    log("Đo báo cáo năm (DOCX + XLSX)…")
    figures.append(measure_report(actors, max(3, runs // 6)))
    log("Đo nhập XLSX 10.000 ngưỡng…")
    figures.append(measure_import(actors, 2))
    generated = generator_figure()
    if generated:
        figures.append(generated)
    base_s = baseline.median / 1000
    baseline.ratio = 1.0
    for figure in figures:
        in_seconds = figure.median / 1000 if figure.unit == "ms" else figure.median
        figure.ratio = in_seconds / base_s if base_s else 0.0
    communes = AdministrativeUnit.objects.filter(parent=actors.province).count()
    hamlets = AdministrativeUnit.objects.filter(parent__parent=actors.province).count()
    return {
        "at": dt.datetime.now().isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "database": str(settings.DATABASES["default"]["NAME"]),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": __import__("os").cpu_count(),
        "communes": communes,
        "hamlets": hamlets,
        "runs": runs,
        "baseline": asdict(baseline),
        "figures": [asdict(f) | {"passed": f.passed} for f in figures],
    }


def table(result: dict[str, Any]) -> str:
    base = result["baseline"]
    lines = [
        f"Cơ sở dữ liệu: {result['engine']} · {result['communes']} xã, {result['hamlets']} ấp · "
        f"{result['runs']} lần đo mỗi trang · {result['cpus']} CPU",
        f"MỐC (trang tối giản): trung vị {base['median']:.2f} ms, p95 {base['p95']:.2f} ms, "
        f"{base['queries']} truy vấn",
        "",
        f"{'Hạng mục':<44} {'trung vị':>10} {'p95':>10} {'× mốc':>8} {'truy vấn':>8} "
        f"{'KB':>8} {'ngân sách':>10}  kết quả",
    ]
    for f in result["figures"]:
        unit = f["unit"]
        budget = f"{f['budget']:.0f} {unit}" if f["budget"] else "—"
        queries = str(f["queries"]) if f["queries"] is not None else "—"
        weight = f"{f['weight_kb']:.1f}" if f["weight_kb"] is not None else "—"
        if f["weight_source"] == "gzip":
            weight += "*"
        verdict = "ĐẠT" if f["passed"] else "KHÔNG ĐẠT: " + "; ".join(f["failures"])
        if f["budget"] is None and f["passed"]:
            verdict = "(không có ngân sách)"
        digits = 1 if unit == "ms" else 2
        lines.append(
            f"{f['name'][:44]:<44} {f['median']:>7.{digits}f} {unit:<2} {f['p95']:>7.{digits}f} "
            f"{unit:<2} {f['ratio']:>8.1f} {queries:>8} {weight:>8} {budget:>10}  {verdict}"
        )
    sources = {f["weight_source"] for f in result["figures"] if f["weight_source"]}
    lines.append("")
    if "Chromium" in sources:
        lines.append(
            "KB: trang + CSS + JS + phông chữ Chromium thực nhận qua mạng (nén), không tính ảnh."
        )
    if "gzip" in sources:
        lines.append("KB*: ước tính gzip (không có trình duyệt để đo), không phải số đo thật.")
    return "\n".join(lines)


def save(result: dict[str, Any], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = result["at"].replace(":", "").replace("-", "")
    path = directory / f"bench-{result['engine']}-{stamp}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return path

"""Tân Lợi's 2024 reporting: quarters I and II, 6-month and 9-month cycles with a believable mix of
approved, submitted, returned and late reports. Actions are replayed on the days they would
have happened (the clock is pinned per step), so deadlines and lateness are real.

The dates and texts are illustrative; the default reporting rules (deadlines) are the shipped,
editable defaults, not a province's official ones.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ntm.core import clock
from ntm.criteria.periods import ensure_period
from ntm.reports import services
from ntm.reports.models import CommuneReport, ReportCycle, ReporterKind, Submission

YEAR = 2024

NARRATIVE = {
    "results": "Triển khai đúng kế hoạch các nội dung của tiêu chí được giao; cập nhật số liệu và minh chứng trên hệ thống.",
    "shortcomings": "Một số minh chứng còn chậm cập nhật.",
    "difficulties": "",
    "proposals": "Đề nghị UBND xã bố trí kinh phí duy tu các công trình đã hoàn thành.",
    "next_tasks": "Tiếp tục rà soát, củng cố các chỉ tiêu đạt nhưng chưa bền vững.",
}
COMMUNE_NARRATIVE = {
    "results": (
        "UBND xã đã ban hành Kế hoạch số 25/KH-UBND ngày 08/4/2024 và Thông báo số 01/TB-BCĐ phân công "
        "nhiệm vụ thành viên Ban Chỉ đạo.\n"
        "- Các thành viên BCĐ xây dựng kế hoạch thực hiện tiêu chí do ngành phụ trách.\n"
        "- Các ấp đăng ký tiêu chí và lộ trình thực hiện; ấp An Lợi tập trung xây dựng khu dân cư kiểu mẫu."
    ),
    "shortcomings": "Một số tiêu chí đạt nhưng chưa bền vững; tiến độ một số công trình còn chậm.",
    "difficulties": "Nhà thầu tuyến đường ấp tạm ngừng thi công; nguồn vốn đối ứng còn hạn chế.",
    "proposals": "Đề nghị cấp trên hỗ trợ vốn cho các công trình giao thông, thủy lợi.",
    "next_tasks": "Hoàn thành các tiêu chí còn lại; chuẩn bị hồ sơ đánh giá cuối năm.",
}


def _actor(submission: Submission, officer: Any) -> Any:
    return submission.responsible or officer


def _submit(submission: Submission, officer: Any, day: dt.date) -> Submission:
    user = _actor(submission, officer)
    with clock.pinned(day):
        submission.refresh_from_db()
        services.save_narrative(
            user=user, submission=submission, data=NARRATIVE, expected_version=submission.version
        )
        return services.submit(user=user, submission=submission)


def _approve(submission: Submission, officer: Any, day: dt.date) -> None:
    with clock.pinned(day):
        services.approve(user=officer, submission=Submission.objects.get(pk=submission.pk))


def _return(submission: Submission, officer: Any, day: dt.date, reason: str) -> None:
    with clock.pinned(day):
        services.return_submission(
            user=officer, submission=Submission.objects.get(pk=submission.pk), reason=reason
        )


def _send(cycle: ReportCycle, day: dt.date, officer: Any) -> None:
    """Write the commune's narrative, then register the report (numbered in the UBND's book)
    and send it to the district office, on ``day``."""
    report = CommuneReport.objects.get(cycle=cycle)
    for name, text in COMMUNE_NARRATIVE.items():
        setattr(report, name, text)
    report.save()
    with clock.pinned(day):
        services.send_report(user=officer, cycle=cycle)


def _open(world: Any, kind: str, day: dt.date) -> tuple[ReportCycle, bool]:
    period = ensure_period(kind, YEAR)
    existed = ReportCycle.objects.filter(unit=world.places.commune, period=period).exists()
    with clock.pinned(day):
        cycle = services.open_cycle(
            unit=world.places.commune, period=period, opened_by=world.directory.users["canbontm"]
        )
    return cycle, existed


def build(world: Any) -> None:
    services.load_default_rules(unit=world.places.province)
    officer = world.directory.users["canbontm"]

    # Quý I: everyone on time, all approved, sent to the district office.
    cycle, existed = _open(world, "quy1", dt.date(2024, 4, 1))
    if not existed:
        for index, submission in enumerate(cycle.submissions.order_by("pk")):
            _submit(submission, officer, dt.date(2024, 4, 3 + index % 5))
            _approve(submission, officer, dt.date(2024, 4, 11))
        _send(cycle, dt.date(2024, 4, 14), officer)

    # Quý II: everyone approved; one hamlet submitted after its deadline (10/7).
    cycle, existed = _open(world, "quy2", dt.date(2024, 7, 1))
    if not existed:
        submissions = list(cycle.submissions.order_by("reporter_kind", "pk"))
        late = next(s for s in submissions if s.reporter_kind == ReporterKind.HAMLET)
        for submission in submissions:
            _submit(
                submission,
                officer,
                dt.date(2024, 7, 12) if submission.pk == late.pk else dt.date(2024, 7, 5),
            )
            _approve(submission, officer, dt.date(2024, 7, 13))
        _send(cycle, dt.date(2024, 7, 14), officer)

    # 6 tháng: one hamlet late, one member returned once then approved; sent.
    cycle, existed = _open(world, "6thang", dt.date(2024, 7, 1))
    if not existed:
        submissions = list(cycle.submissions.order_by("reporter_kind", "pk"))
        late_hamlet = next(s for s in submissions if s.reporter_kind == ReporterKind.HAMLET)
        returned_member = next(s for s in submissions if s.reporter_kind == ReporterKind.MEMBER)
        for submission in submissions:
            day = dt.date(2024, 7, 13) if submission.pk == late_hamlet.pk else dt.date(2024, 7, 8)
            _submit(submission, officer, day)
        _return(
            returned_member,
            officer,
            dt.date(2024, 7, 9),
            "Bổ sung số liệu 6 tháng của chỉ tiêu được giao.",
        )
        _submit(returned_member, officer, dt.date(2024, 7, 10))
        for submission in submissions:
            _approve(submission, officer, dt.date(2024, 7, 14))
        _send(cycle, dt.date(2024, 7, 15), officer)

    # 9 tháng (hạn 20/10, hôm nay 15/10): a mix still in progress.
    cycle, existed = _open(world, "9thang", dt.date(2024, 10, 1))
    if not existed:
        by_key = {s.reporter_key: s for s in cycle.submissions.all()}
        members = world.directory.members
        hamlets = world.places.hamlets

        def member(key: str) -> Submission | None:
            return by_key.get(f"member:{members[key].pk}")

        approved = [member("nongnghiep"), by_key.get(f"organisation:{world.directory.mttq.pk}")]
        for submission in [s for s in approved if s is not None]:
            _submit(submission, officer, dt.date(2024, 10, 7))
            _approve(submission, officer, dt.date(2024, 10, 9))
        waiting = [member("vanhoa"), by_key.get(f"hamlet:{hamlets['An Lợi'].pk}")]
        for submission in [s for s in waiting if s is not None]:
            _submit(submission, officer, dt.date(2024, 10, 12))
        returned = member("diachinh")
        if returned is not None:
            _submit(returned, officer, dt.date(2024, 10, 10))
            _return(
                returned,
                officer,
                dt.date(2024, 10, 11),
                "Thiếu số liệu tỷ lệ hộ có nhà ở đạt chuẩn; đề nghị bổ sung minh chứng trước ngày 18/10.",
            )
    world.extra["reports"] = {"cycles": list(ReportCycle.objects.filter(unit=world.places.commune))}

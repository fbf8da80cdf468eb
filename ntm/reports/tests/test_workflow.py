import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ntm.assessments.models import IndicatorValue
from ntm.assessments.services import ValueInput, enter_value
from ntm.core import clock
from ntm.reports import services
from ntm.reports.models import ReporterKind, Submission, SubmissionStatus
from ntm.reports.tests.conftest import DAY


def _open(world: Any, reporting: Any) -> Any:
    with clock.pinned(DAY):
        return services.open_cycle(
            unit=world.commune, period=reporting.nine_months, opened_by=world.officer
        )


def test_opening_a_cycle_lists_every_reporter_with_deadlines_from_the_rules(
    world: Any, reporting: Any
) -> None:
    cycle = _open(world, reporting)
    submissions = list(cycle.submissions.order_by("reporter_key"))
    kinds = sorted(s.reporter_kind for s in submissions)
    assert kinds == sorted(
        [
            ReporterKind.MEMBER,
            ReporterKind.MEMBER,
            ReporterKind.HAMLET,
            ReporterKind.HAMLET,
            ReporterKind.ORGANISATION,
        ]
    )
    # 9-month period ends 30/09; the shipped rules give reporters 20 days and the commune 25.
    assert {s.deadline for s in submissions} == {dt.date(2024, 10, 20)}
    assert cycle.deadline == dt.date(2024, 10, 25)
    head = next(s for s in submissions if s.unit_id == world.hamlet.pk)
    assert head.responsible == world.hamlet_head
    member = next(s for s in submissions if s.member_id == world.members["member"].pk)
    assert member.responsible == world.member
    # Opening again adds nothing.
    _open(world, reporting)
    assert cycle.submissions.count() == 5


def test_member_submits_officer_returns_then_approves_and_values_lock(
    world: Any, reporting: Any
) -> None:
    cycle = _open(world, reporting)
    submission = cycle.submissions.get(member=world.members["member"])
    with clock.pinned(DAY):
        services.save_narrative(
            user=world.member,
            submission=submission,
            data={"results": "Đã nạo vét 3 km kênh nội đồng."},
            expected_version=submission.version,
        )
        services.submit(user=world.member, submission=submission)
        submission.refresh_from_db()
        assert submission.status == SubmissionStatus.SUBMITTED
        assert submission.submitted_on == DAY
        # The year's working value is frozen into the 9-month period, and evaluated there.
        snapshot = IndicatorValue.objects.get(
            unit=world.commune, indicator=reporting.irrigated, period=reporting.nine_months
        )
        assert snapshot.numerator == Decimal("950") and snapshot.denominator == Decimal("1000")
        assert submission.prefill["values"][0]["indicator"] == "3.1"
        assert "95%" in submission.prefill["values"][0]["value"]
        # Only the member's own criteria are in the member's report.
        assert not IndicatorValue.objects.filter(
            indicator=reporting.house, period=reporting.nine_months
        ).exists()

        with pytest.raises(ValidationError):
            services.return_submission(user=world.officer, submission=submission, reason="  ")
        with pytest.raises(PermissionDenied):
            services.return_submission(
                user=world.member2, submission=submission, reason="Không có quyền"
            )
        services.return_submission(
            user=world.officer, submission=submission, reason="Thiếu minh chứng diện tích tưới."
        )
        submission.refresh_from_db()
        assert submission.status == SubmissionStatus.RETURNED and submission.times_returned == 1

        services.submit(user=world.member, submission=submission)
        services.approve(user=world.officer, submission=Submission.objects.get(pk=submission.pk))
    snapshot.refresh_from_db()
    assert snapshot.locked
    with pytest.raises(ValidationError) as refused:
        enter_value(
            user=world.officer,
            unit=world.commune,
            indicator=reporting.irrigated,
            period=reporting.nine_months,
            data=ValueInput(numerator=Decimal("900"), denominator=Decimal("1000")),
        )
    assert "khóa" in " ".join(refused.value.messages)
    # The year's working value stays editable.
    enter_value(
        user=world.officer,
        unit=world.commune,
        indicator=reporting.irrigated,
        period=reporting.year,
        data=ValueInput(numerator=Decimal("900"), denominator=Decimal("1000")),
    )


def test_only_the_approver_reopens_with_a_reason_and_the_audit_keeps_it(
    world: Any, reporting: Any
) -> None:
    cycle = _open(world, reporting)
    submission = cycle.submissions.get(unit=world.hamlet)
    with clock.pinned(DAY):
        services.submit(user=world.hamlet_head, submission=submission)
        services.approve(user=world.officer, submission=submission)
    snapshot = IndicatorValue.objects.get(unit=world.hamlet, period=reporting.nine_months)
    assert snapshot.locked
    with pytest.raises(PermissionDenied):
        services.reopen(user=world.leader, submission=submission, reason="Tôi muốn sửa")
    with pytest.raises(ValidationError):
        services.reopen(user=world.officer, submission=submission, reason="")
    services.reopen(
        user=world.officer, submission=submission, reason="Ấp báo sai chiều dài tuyến đường."
    )
    submission.refresh_from_db()
    snapshot.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    assert not snapshot.locked
    reasons = list(submission.history.values_list("history_change_reason", flat=True))
    assert "Mở lại: Ấp báo sai chiều dài tuyến đường." in reasons
    assert any(
        "Mở khóa" in (r or "")
        for r in snapshot.history.values_list("history_change_reason", flat=True)
    )


def test_hamlet_head_cannot_submit_someone_elses_report(world: Any, reporting: Any) -> None:
    cycle = _open(world, reporting)
    submission = cycle.submissions.get(member=world.members["member"])
    with pytest.raises(PermissionDenied):
        services.submit(user=world.hamlet_head, submission=submission)


def test_late_and_on_time(world: Any, reporting: Any) -> None:
    cycle = _open(world, reporting)
    submission = cycle.submissions.get(unit=world.hamlet)
    assert not submission.is_late(dt.date(2024, 10, 20))
    assert submission.is_late(dt.date(2024, 10, 21))
    with clock.pinned(dt.date(2024, 10, 22)):
        services.submit(user=world.hamlet_head, submission=submission)
    submission.refresh_from_db()
    assert submission.is_late(dt.date(2024, 12, 31))


def test_a_figure_entered_for_the_period_itself_is_not_overwritten(
    world: Any, reporting: Any
) -> None:
    with clock.pinned(DAY):
        enter_value(
            user=world.hamlet_head,
            unit=world.hamlet,
            indicator=reporting.paved,
            period=reporting.nine_months,
            data=ValueInput(numerator=Decimal("4"), denominator=Decimal("5")),
        )
        cycle = _open(world, reporting)
        services.submit(user=world.hamlet_head, submission=cycle.submissions.get(unit=world.hamlet))
    kept = IndicatorValue.objects.get(
        unit=world.hamlet, indicator=reporting.paved, period=reporting.nine_months
    )
    assert kept.numerator == Decimal("4") and kept.snapshot_of is None


def test_a_snapshot_points_back_at_the_year_value(world: Any, reporting: Any) -> None:
    cycle = _open(world, reporting)
    with clock.pinned(DAY):
        services.submit(user=world.hamlet_head, submission=cycle.submissions.get(unit=world.hamlet))
    year_value = IndicatorValue.objects.get(
        unit=world.hamlet, indicator=reporting.paved, period=reporting.year
    )
    snapshot = IndicatorValue.objects.get(
        unit=world.hamlet, indicator=reporting.paved, period=reporting.nine_months
    )
    assert snapshot.snapshot_of == year_value


def test_the_entry_page_of_a_locked_figure_explains_why(
    client: Any, world: Any, reporting: Any
) -> None:
    from django.urls import reverse

    cycle = _open(world, reporting)
    with clock.pinned(DAY):
        submission = cycle.submissions.get(member=world.members["member"])
        services.submit(user=world.member, submission=submission)
        services.approve(user=world.officer, submission=submission)
    client.force_login(world.member)
    url = reverse("assessments:value_entry", args=[world.commune.pk, reporting.irrigated.pk, 2024])
    response = client.get(url, {"ky": reporting.nine_months.pk})
    assert response.status_code == 200
    assert "Số liệu này đã khóa vì báo cáo của kỳ đã được duyệt" in response.content.decode()

import datetime as dt

import pytest

from ntm.plans import rules

D = dt.date


def test_overdue_is_deadline_before_today_and_not_done() -> None:
    today = D(2024, 10, 15)
    assert rules.is_overdue(D(2024, 10, 14), False, today)
    assert not rules.is_overdue(D(2024, 10, 15), False, today)  # due today is not late yet
    assert not rules.is_overdue(D(2024, 10, 1), True, today)
    assert not rules.is_overdue(None, False, today)


def test_completion_date_kept_and_forgotten_on_reopen() -> None:
    today = D(2024, 10, 15)
    assert rules.completion_date("hoan_thanh", None, today) == today
    assert rules.completion_date("hoan_thanh", D(2024, 9, 1), today) == D(2024, 9, 1)
    assert rules.completion_date("dang_thuc_hien", D(2024, 9, 1), today) is None


def test_obstacle_transitions() -> None:
    assert rules.next_obstacle_state("open", "direct") == "directed"
    assert rules.next_obstacle_state("directed", "resolve") == "resolved"
    assert rules.next_obstacle_state("resolved", "close") == "closed"
    assert rules.next_obstacle_state("closed", "reopen") == "open"
    with pytest.raises(ValueError, match="Không thể"):
        rules.next_obstacle_state("closed", "resolve")
    with pytest.raises(ValueError):
        rules.next_obstacle_state("open", "reopen")


def test_obstacle_overdue_only_while_unsettled() -> None:
    today = D(2024, 10, 15)
    assert rules.obstacle_overdue("directed", D(2024, 10, 14), today)
    assert not rules.obstacle_overdue("directed", D(2024, 10, 15), today)
    assert not rules.obstacle_overdue("resolved", D(2024, 10, 1), today)


def test_timeline_places_bars_in_date_order_and_marks_late() -> None:
    rows = [
        rules.TimelineRow("A", D(2024, 1, 1), D(2024, 3, 31), 100, True),
        rules.TimelineRow("B", D(2024, 6, 1), D(2024, 9, 30), 40, False),
        rules.TimelineRow("C", None, None, 0, False),
    ]
    chart = rules.timeline(rows, D(2024, 10, 15), year=2024, width=720)
    a, b, c = chart.bars
    assert a.x < b.x and a.x + a.width <= b.x
    assert b.overdue and not a.overdue
    assert b.done_width == pytest.approx(b.width * 0.4, abs=0.2)
    assert a.done_width == a.width
    assert c.width >= 4  # undated rows are still visible
    assert chart.today_x is not None and b.x + b.width < chart.today_x
    assert [t.label for t in chart.ticks][:3] == ["T1", "T2", "T3"]
    assert len(chart.ticks) == 12
    assert chart.height > 3 * rules.ROW_HEIGHT

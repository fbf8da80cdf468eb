"""Pure rules of the plans app: overdue, completion, obstacle transitions, timeline geometry.

No ORM here: every function takes plain values so it can be tested in isolation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DONE = "hoan_thanh"
# Obstacle states (values of ObstacleState)
OPEN, DIRECTED, RESOLVED, CLOSED = "open", "directed", "resolved", "closed"
UNSETTLED = (OPEN, DIRECTED)

# Budget sources in the order the programme's reports list them (field name, label).
BUDGET_SOURCES: list[tuple[str, str]] = [
    ("budget_central", "Ngân sách Trung ương"),
    ("budget_province", "Ngân sách tỉnh"),
    ("budget_commune", "Ngân sách xã"),
    ("budget_integrated", "Vốn lồng ghép"),
    ("budget_credit", "Vốn tín dụng"),
    ("budget_enterprise", "Doanh nghiệp"),
    ("budget_people", "Dân đóng góp"),
]


def is_overdue(deadline: dt.date | None, done: bool, today: dt.date) -> bool:
    """A task is overdue when its deadline has passed (deadline < today) and it is not done."""
    return deadline is not None and deadline < today and not done


def completion_date(status: str, completed_on: dt.date | None, today: dt.date) -> dt.date | None:
    """Keep the first completion date; forget it when a task is reopened."""
    if status == DONE:
        return completed_on or today
    return None


def finished_on_time(deadline: dt.date | None, completed_on: dt.date | None) -> bool:
    return completed_on is not None and (deadline is None or completed_on <= deadline)


def obstacle_overdue(state: str, deadline: dt.date | None, today: dt.date) -> bool:
    """A difficulty is overdue when its deadline has passed and it is not yet resolved."""
    return state in UNSETTLED and deadline is not None and deadline < today


# Allowed obstacle transitions: action -> (from states, to state)
OBSTACLE_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "direct": ((OPEN, DIRECTED), DIRECTED),
    "resolve": ((DIRECTED, OPEN), RESOLVED),
    "close": ((RESOLVED, OPEN, DIRECTED), CLOSED),
    "reopen": ((RESOLVED, CLOSED), OPEN),
}


def next_obstacle_state(state: str, action: str) -> str:
    """The state after ``action``; ValueError (Vietnamese) if the action is not allowed now."""
    allowed, target = OBSTACLE_TRANSITIONS[action]
    if state not in allowed:
        raise ValueError("Không thể thực hiện thao tác này ở trạng thái hiện tại của khó khăn.")
    return target


def average_progress(values: list[int]) -> int:
    return round(sum(values) / len(values)) if values else 0


# --- Timeline (Gantt-like, server-side SVG) ------------------------------------------------


@dataclass
class Bar:
    label: str
    y: float
    x: float
    width: float
    done_width: float
    overdue: bool
    done: bool
    text_y: float
    dates: str
    url: str = ""


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Timeline:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    today_x: float | None
    left: int
    right: int


@dataclass
class TimelineRow:
    label: str
    start: dt.date | None
    end: dt.date | None
    progress: int
    done: bool
    url: str = ""


ROW_HEIGHT = 46  # label line above a bar: readable when the SVG is shrunk to a phone's width
BAR_HEIGHT = 14
HEAD = 28


def timeline(
    rows: list[TimelineRow], today: dt.date, *, year: int | None = None, width: int = 720
) -> Timeline:
    """Lay out one bar per row between the earliest start and the latest deadline.

    Rows without dates get a bar on today's date so they are still visible.
    """
    dates = [d for r in rows for d in (r.start, r.end) if d is not None]
    if year is not None:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if dates:
            first, last = min(first, *dates), max(last, *dates)
    elif dates:
        first, last = min(dates), max(dates)
    else:
        first, last = today, today
    first = first.replace(day=1)
    if last <= first:
        last = first + dt.timedelta(days=30)
    left, right = 8, width - 8
    span = (last - first).days or 1

    def x_of(day: dt.date) -> float:
        return round(left + (right - left) * (day - first).days / span, 1)

    bars: list[Bar] = []
    for index, row in enumerate(rows):
        start = row.start or row.end or today
        end = row.end or row.start or today
        if end < start:
            start, end = end, start
        x0, x1 = x_of(start), x_of(end)
        bar_width = max(x1 - x0, 4.0)
        y = HEAD + index * ROW_HEIGHT + 22
        dates_text = " – ".join(d.strftime("%d/%m") for d in (row.start, row.end) if d is not None)
        bars.append(
            Bar(
                label=row.label,
                y=y,
                x=x0,
                width=bar_width,
                done_width=round(bar_width * max(0, min(row.progress, 100)) / 100, 1),
                overdue=is_overdue(row.end, row.done, today),
                done=row.done,
                text_y=y - 6,
                dates=dates_text,
                url=row.url,
            )
        )
    ticks: list[Tick] = []
    month = first
    while month <= last:
        ticks.append(Tick(x=x_of(month), label=f"T{month.month}"))
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    today_x = x_of(today) if first <= today <= last else None
    height = HEAD + len(rows) * ROW_HEIGHT + 8
    return Timeline(
        width=width,
        height=height,
        bars=bars,
        ticks=ticks,
        today_x=today_x,
        left=left,
        right=right,
    )

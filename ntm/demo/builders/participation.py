"""Residents in the demo: Tân Lợi's public page switched on, announcements, feedback (one
answered and published), a community oversight inspection of the An Lợi road, and UBMTTQ's
finished satisfaction survey with answers from every hamlet.

The survey threshold (95 %) is entered for illustration and flagged "chưa đối chiếu": the
legal threshold for a commune was not verified (see the criteria notes). Every name here is
fictional. Idempotent: natural keys, and survey answers are entered only once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ntm.core.upsert import upsert
from ntm.criteria.models import Criterion
from ntm.demo.builders import DemoWorld
from ntm.participation.models import (
    Announcement,
    Feedback,
    FeedbackKind,
    FeedbackStatus,
    Inspection,
    InspectionStatus,
    ResponseChannel,
    Survey,
    SurveyContent,
    SurveyResponse,
    SurveySample,
    SurveyStatus,
)
from ntm.participation.services import enable_public_page, enter_response

NANG_CAO = "XA_NTM_NANG_CAO_2021_2025"
SURVEY_TITLE = "Lấy ý kiến sự hài lòng của người dân về kết quả xây dựng xã NTM nâng cao năm 2024"
CONTENTS = [
    (1, "Kết quả xây dựng hạ tầng giao thông", 2),
    (2, "Cảnh quan, môi trường và thu gom rác thải", 17),
    (3, "Đời sống văn hóa, thiết chế văn hóa", 6),
    (4, "Chăm sóc sức khỏe, y tế", 15),
    (5, "Thu nhập, việc làm, tổ chức sản xuất", 10),
    (6, "An ninh, trật tự xã hội", 19),
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Võ", "Huỳnh", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
GIVEN = [
    "Văn An",
    "Thị Bình",
    "Văn Cường",
    "Thị Dung",
    "Văn Em",
    "Thị Giang",
    "Văn Hải",
    "Thị Kim",
    "Văn Lộc",
    "Thị Mỹ",
    "Văn Nam",
    "Thị Oanh",
]
PER_HAMLET = 12


def _criterion(number: int) -> Criterion | None:
    return Criterion.objects.filter(criteria_set__code=NANG_CAO, number=number).first()


def _satisfied(hamlet_index: int, form: int, content: int) -> bool | None:
    """A fixed, believable pattern: mostly satisfied, some not, a few left blank."""
    score = (hamlet_index * 7 + form * 5 + content * 3) % 29
    if score == 28:
        return None
    if content == 1 and score in (3, 11):  # roads: the Bưng Chàm road has stopped
        return False
    return score != 0


def build(world: DemoWorld) -> None:
    places, directory = world.places, world.directory
    commune, an_loi = places.commune, places.an_loi
    enable_public_page(
        commune=commune,
        enabled=True,
        intro="Trang công khai kết quả xây dựng nông thôn mới của xã Tân Lợi: tiêu chí, công "
        "trình, nguồn vốn, đóng góp của nhân dân và trả lời ý kiến của bà con.",
    )
    upsert(
        Announcement,
        {"unit": commune, "title": "Lịch tiếp nhận ý kiến về xây dựng nông thôn mới"},
        {
            "body": "Bộ phận một cửa UBND xã tiếp nhận ý kiến các ngày làm việc trong tuần; "
            "bà con cũng có thể gửi câu hỏi ngay trên trang này.",
            "date": dt.date(2024, 4, 10),
            "is_published": True,
        },
    )
    upsert(
        Announcement,
        {"unit": an_loi, "title": "Họp dân bàn việc hoàn thành đường bê tông tổ 3"},
        {
            "body": "19 giờ ngày 20/10/2024 tại nhà văn hóa ấp An Lợi.",
            "date": dt.date(2024, 10, 14),
            "is_published": True,
        },
    )

    road = world.extra.get("mobilisation", {}).get("road")
    officer = directory.users.get("canbontm")
    asked, _ = upsert(
        Feedback,
        {"unit": an_loi, "text": "Đường bê tông tổ 3 khi nào làm xong đoạn cuối?"},
        {
            "work": road,
            "kind": FeedbackKind.QUESTION,
            "status": FeedbackStatus.ANSWERED,
            "answer": "Đoạn cuối 150 m sẽ đổ bê tông trong tháng 11/2024, sau khi hoàn tất "
            "thủ tục nhận đất hiến của các hộ. Xã sẽ thông báo lịch thi công tại nhà văn hóa ấp.",
            "answered_by": officer,
            "answered_on": dt.date(2024, 10, 9),
            "is_published": True,
        },
    )
    complaint, _ = upsert(
        Feedback,
        {"unit": an_loi, "text": "Xe thu gom rác không đến tổ 5 hai tuần nay."},
        {
            "kind": FeedbackKind.COMPLAINT,
            "name": "Châu Thị Hường",
            "phone": "0900 555 201",
            "contact_consent": True,
            "status": FeedbackStatus.NEW,
        },
    )
    suggestion, _ = upsert(
        Feedback,
        {
            "unit": places.hamlets["Bưng Chàm"],
            "text": "Đề nghị xã đôn đốc nhà thầu tiếp tục thi công đường sỏi đỏ.",
        },
        {"kind": FeedbackKind.SUGGESTION, "status": FeedbackStatus.IN_PROGRESS},
    )
    # The demo lives in 2024: received times are set once (auto_now_add gives the real time).
    for row, day in [(asked, 3), (complaint, 11), (suggestion, 12)]:
        when = timezone.make_aware(dt.datetime(2024, 10, day, 9, 30))
        Feedback.objects.filter(pk=row.pk).exclude(received_at=when).update(received_at=when)

    if road is not None:
        upsert(
            Inspection,
            {"work": road, "date": dt.date(2024, 8, 12)},
            {
                "board": directory.organisations["giamsat"],
                "members_present": "Ban giám sát đầu tư của cộng đồng xã (5/7 thành viên), "
                "đại diện Ban nhân dân ấp An Lợi.",
                "findings": "Đoạn 50 m cuối tuyến có mặt bê tông nứt chân chim; lề đường chưa "
                "đắp đủ cao độ theo thiết kế.",
                "recommendation": "Đơn vị thi công xử lý vết nứt, đắp bổ sung lề trước khi "
                "nghiệm thu giai đoạn.",
                "responsible": "Đơn vị thi công; UBND xã (chủ đầu tư)",
                "response": "Đơn vị thi công đã cắt, đổ bù bê tông đoạn nứt và đắp bổ sung lề "
                "đường ngày 26/8/2024.",
                "response_date": dt.date(2024, 8, 27),
                "status": InspectionStatus.CLOSED,
                "closed_on": dt.date(2024, 9, 5),
                "closure_note": "Ban giám sát kiểm tra lại, thống nhất đã khắc phục.",
            },
        )

    survey, _ = upsert(
        Survey,
        {"unit": commune, "title": SURVEY_TITLE},
        {
            "organiser": directory.mttq,
            "year": 2024,
            "start_date": dt.date(2024, 9, 16),
            "end_date": dt.date(2024, 9, 30),
            "status": SurveyStatus.FINISHED,
            "online": False,
            "threshold_percent": Decimal("95.00"),
            "threshold_verified": False,
            "threshold_source": "Ngưỡng minh họa – chưa đối chiếu văn bản quy định cho cấp xã",
        },
    )
    contents = []
    for order, text, number in CONTENTS:
        content, _ = upsert(
            SurveyContent,
            {"survey": survey, "order": order},
            {"text": text, "criterion": _criterion(number)},
        )
        contents.append(content)
    hamlets = sorted(places.hamlets.values(), key=lambda h: h.name)
    for h_index, hamlet in enumerate(hamlets):
        for n in range(PER_HAMLET):
            name = f"{FAMILY[(n + h_index) % len(FAMILY)]} {GIVEN[(n * 5 + h_index) % len(GIVEN)]}"
            upsert(
                SurveySample,
                {"survey": survey, "code": f"{h_index + 1:02d}-{n + 1:03d}"},
                {"hamlet": hamlet, "household": name},
            )
    if not SurveyResponse.objects.filter(survey=survey).exists():
        for h_index, hamlet in enumerate(hamlets):
            for form in range(PER_HAMLET - (h_index % 2)):  # a few forms not returned
                enter_response(
                    survey=survey,
                    hamlet=hamlet,
                    answers={c.pk: _satisfied(h_index, form, i) for i, c in enumerate(contents, 1)},
                    channel=ResponseChannel.PAPER,
                    entered_on=survey.end_date,
                )
    world.extra["participation"] = {"survey": survey}

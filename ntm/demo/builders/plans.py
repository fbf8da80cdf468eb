"""Who does what in Tân Lợi, 2024: Thông báo 01/TB-BCĐ (every criterion has a lead member),
the culture officer's plan for criterion 6, An Lợi's plan, the founding dispatch as a directive
(a task per recipient) and the sóc's difficulty with the road contractor.

The dispatch's items are quoted from the founding document; their deadlines, the tasks' dates,
progress and budgets are illustrative (the seed gives none). Runs after the criteria,
assessments and documents steps; creates nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ntm.accounts.models import CommitteeMember
from ntm.assessments.models import CriterionRegistration
from ntm.core import clock
from ntm.criteria.models import CriteriaSet, Criterion, Indicator, SetLevel
from ntm.demo.builders import DemoWorld
from ntm.plans import services
from ntm.plans.models import (
    Assignment,
    Directive,
    DirectiveItem,
    Obstacle,
    Plan,
    RecipientGroup,
    Task,
    TaskStatus,
)

YEAR = 2024
NANG_CAO = "XA_NTM_NANG_CAO_2021_2025"

# Criterion number of the nâng cao set -> (lead member key, supporting member keys), by sector
# (people.py): land officer for planning, roads, electricity, housing; agriculture for
# irrigation, income, production; culture for culture, education, information, poverty, labour.
NANG_CAO_LEADS: dict[int, tuple[str, tuple[str, ...]]] = {
    1: ("diachinh", ()),
    2: ("diachinh", ("taichinh",)),
    3: ("nongnghiep", ()),
    4: ("diachinh", ()),
    5: ("vanhoa", ()),
    6: ("vanhoa", ("doanthanhnien",)),
    7: ("diachinh", ("taichinh",)),
    8: ("vanhoa", ("doanthanhnien",)),
    9: ("diachinh", ()),
    10: ("nongnghiep", ("nongdan",)),
    11: ("vanhoa", ()),
    12: ("vanhoa", ()),
    13: ("nongnghiep", ("nongdan",)),
    14: ("yte", ()),
    15: ("tuphap", ()),
    16: ("tuphap", ()),
    17: ("moitruong", ("phunu",)),
    18: ("moitruong", ("yte",)),
    19: ("quansu", ("congan",)),
}
# A criterion's sector text (hamlet sets) -> member key; the NTM officer otherwise.
SECTOR_KEYWORDS = [
    ("địa chính", "diachinh"),
    ("xây dựng", "diachinh"),
    ("giao thông", "diachinh"),
    ("văn hóa", "vanhoa"),
    ("giáo dục", "vanhoa"),
    ("nông nghiệp", "nongnghiep"),
    ("sản xuất", "nongnghiep"),
    ("thu nhập", "nongnghiep"),
    ("môi trường", "moitruong"),
    ("y tế", "yte"),
    ("tư pháp", "tuphap"),
    ("an ninh", "congan"),
    ("quốc phòng", "quansu"),
]


def _lead_for(criterion: Criterion) -> tuple[str, tuple[str, ...]]:
    if criterion.criteria_set.code == NANG_CAO and criterion.number in NANG_CAO_LEADS:
        return NANG_CAO_LEADS[criterion.number]
    text = f"{criterion.sector} {criterion.name}".lower()
    for keyword, key in SECTOR_KEYWORDS:
        if keyword in text:
            return key, ()
    return "canbontm", ()


def _sets(world: DemoWorld) -> list[CriteriaSet]:
    found = world.extra.get("assessments", {})
    sets = [found.get("nang_cao"), found.get("hamlet_set")]
    if sets[0] is None:
        sets[0] = CriteriaSet.objects.filter(code=NANG_CAO).first()
    if sets[1] is None:
        sets[1] = (
            CriteriaSet.objects.filter(
                level=SetLevel.HAMLET, setregistration__unit__parent=world.places.commune
            )
            .distinct()
            .first()
        )
    return [s for s in sets if s is not None]


def _assignments(world: DemoWorld) -> None:
    directory = world.directory
    notice = services.ensure_notice(committee=directory.committee, year=YEAR)
    document = world.extra.get("documents", {}).get("notice")
    if notice.number is None:
        notice.number = 1
        notice.date = dt.date(YEAR, 4, 8)
        notice.signer = directory.people["chutich"]
        notice.signer_title = "TRƯỞNG BAN"
        notice.subject = (
            "Phân công nhiệm vụ thành viên Ban Chỉ đạo các Chương trình mục tiêu quốc gia "
            "trên địa bàn xã Tân Lợi"
        )
        notice.document = document
        notice.save()
    members: dict[str, CommitteeMember] = directory.members
    for criteria_set in _sets(world):
        for criterion in Criterion.objects.filter(criteria_set=criteria_set).select_related(
            "criteria_set"
        ):
            if Assignment.objects.filter(
                unit=directory.committee.unit, year=YEAR, criterion=criterion
            ).exists():
                continue
            lead, supporting = _lead_for(criterion)
            services.assign(
                notice=notice,
                criterion=criterion,
                lead=members[lead],
                supporting=[members[k] for k in supporting],
            )


def _task(plan: Plan, title: str, **fields: Any) -> Task:
    task = Task.objects.filter(plan=plan, title=title).first()
    if task is None:
        indicators = fields.pop("indicators", [])
        task = Task.objects.create(plan=plan, unit=plan.unit, title=title, **fields)
        task.indicators.set(indicators)
    return task


def _plan(**fields: Any) -> Plan:
    lookup = {k: fields.pop(k) for k in ("unit", "year", "criterion")}
    plan = Plan.objects.filter(**lookup).first()
    return plan or Plan.objects.create(**lookup, **fields)


def _culture_plan(world: DemoWorld) -> None:
    criterion = Criterion.objects.filter(criteria_set__code=NANG_CAO, number=6).first()
    if criterion is None:
        return
    owner = world.directory.people["vanhoa"]
    plan = _plan(
        unit=world.places.commune,
        year=YEAR,
        criterion=criterion,
        owner=owner,
        title="Kế hoạch thực hiện Tiêu chí 6. Văn hóa năm 2024",
        objectives=(
            "Duy trì và nâng chất tiêu chí Văn hóa theo chuẩn xã nông thôn mới nâng cao.\n"
            "100% ấp có nhà văn hóa hoạt động thường xuyên; tổ chức ít nhất một hội thi "
            "văn nghệ - thể thao cấp xã trong năm."
        ),
    )
    indicators = list(Indicator.objects.filter(criterion=criterion)[:1])
    _task(
        plan,
        "Khảo sát, sửa chữa nhà văn hóa ấp Cây Dầu",
        owner_person=owner,
        start=dt.date(YEAR, 5, 2),
        deadline=dt.date(YEAR, 8, 31),
        status=TaskStatus.DONE,
        progress=100,
        completed_on=dt.date(YEAR, 8, 20),
        budget_commune=85_000_000,
        budget_people=15_000_000,
        indicators=indicators,
    )
    _task(
        plan,
        "Tổ chức Hội thi văn nghệ - thể thao các ấp năm 2024",
        owner_person=owner,
        start=dt.date(YEAR, 6, 1),
        deadline=dt.date(YEAR, 11, 20),
        status=TaskStatus.IN_PROGRESS,
        progress=60,
        budget_commune=40_000_000,
        budget_enterprise=10_000_000,
        indicators=indicators,
    )
    _task(
        plan,
        "Củng cố câu lạc bộ văn hóa; bình xét gia đình văn hóa, ấp văn hóa năm 2024",
        owner_person=owner,
        start=dt.date(YEAR, 10, 1),
        deadline=dt.date(YEAR, 12, 15),
        status=TaskStatus.NOT_STARTED,
        progress=0,
    )


def _an_loi_plan(world: DemoWorld) -> None:
    an_loi = world.places.an_loi
    head = world.directory.people["truongap.anloi"]
    plan = _plan(
        unit=an_loi,
        year=YEAR,
        criterion=None,
        owner=head,
        title="Kế hoạch xây dựng khu dân cư nông thôn mới kiểu mẫu ấp An Lợi năm 2024",
        objectives=(
            "Hoàn thành các tiêu chí khu dân cư kiểu mẫu chưa đạt; củng cố các tiêu chí đã "
            "đạt nhưng chưa bền vững (văn hóa); phối hợp với thành viên Ban Chỉ đạo phụ trách "
            "từng tiêu chí để rà soát, hoàn thiện hồ sơ."
        ),
    )
    by_code = {
        i.code: i
        for i in Indicator.objects.filter(
            criterion__in=Criterion.objects.filter(
                pk__in=CriterionRegistration.objects.filter(unit=an_loi).values("criterion_id")
            )
        )
    }

    def codes(*wanted: str) -> list[Indicator]:
        return [by_code[c] for c in wanted if c in by_code]

    _task(
        plan,
        "Bê tông hóa đường ngõ xóm tổ 3 (450 m)",
        owner_person=head,
        start=dt.date(YEAR, 3, 1),
        deadline=dt.date(YEAR, 7, 31),
        status=TaskStatus.DONE,
        progress=100,
        completed_on=dt.date(YEAR, 7, 25),
        budget_commune=350_000_000,
        budget_people=120_000_000,
        indicators=codes("2.1"),
    )
    _task(
        plan,
        "Lắp đèn chiếu sáng tuyến đường ấp (1,2 km)",
        owner_person=head,
        start=dt.date(YEAR, 6, 1),
        deadline=dt.date(YEAR, 9, 30),  # overdue on the demo day (2024-10-15)
        status=TaskStatus.IN_PROGRESS,
        progress=40,
        budget_integrated=180_000_000,
        budget_enterprise=30_000_000,
        indicators=codes("3.1"),
    )
    _task(
        plan,
        "Trồng hàng rào xanh, chỉnh trang cảnh quan khu dân cư",
        owner_person=head,
        start=dt.date(YEAR, 8, 1),
        deadline=dt.date(YEAR, 11, 30),
        status=TaskStatus.IN_PROGRESS,
        progress=50,
        budget_people=25_000_000,
        indicators=codes("1.1"),
    )
    _task(
        plan,
        "Sửa mái nhà văn hóa ấp, duy trì sinh hoạt câu lạc bộ",
        owner_person=head,
        start=dt.date(YEAR, 10, 15),
        deadline=dt.date(YEAR, 12, 20),
        status=TaskStatus.NOT_STARTED,
        progress=0,
        budget_commune=60_000_000,
        indicators=codes("6.1"),
    )


# The founding dispatch, item by item (quoted from the document).
DISPATCH_PREAMBLE = (
    "Thực hiện Kế hoạch số 25/KH-UBND ngày 8/04/2024 của UBND xã về việc triển khai thực "
    "hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới nâng cao năm 2024 trên địa bàn "
    "xã,\n"
    "Để sớm hoàn thành các chỉ tiêu, nhiệm vụ về xây dựng nông thôn mới nâng cao năm 2024 trên "
    "địa bàn xã, Chủ tịch UBND xã yêu cầu các thành viên BCĐ CCTMTQG, UBMTTQVN, các tổ chức "
    "chính trị - xã hội và trưởng các ấp (sóc) khẩn trương tổ chức thực hiện tốt các nhiệm vụ "
    "sau:"
)
DISPATCH_CLOSING = (
    "Yêu cầu các thành viên BCĐ, đơn vị có liên quan nghiêm túc phối hợp triển khai thực hiện. "
    "Trong quá trình thực hiện nếu có khó khăn, vướng mắc phải kịp thời báo cáo về UBND xã để "
    "xem xét, giải quyết./."
)
DISPATCH_RECIPIENTS = (
    "Thành viên BCĐ CCTMTQG;\nUBMTTQVN, các tổ chức chính trị - xã hội;\nTrưởng các ấp (sóc)."
)
DISPATCH_DISTRIBUTION = (
    "Như trên;\nVăn phòng NTM huyện (b/c);\nĐảng uỷ; HĐND xã (b/c);\nCT, các Phó CT UBND xã;\n"
    "Thành viên BCĐ xã;\nLưu VT."
)
# (group, hamlet name, short title, text, deadline)
DISPATCH_ITEMS: list[tuple[str, str, str, str, dt.date]] = [
    (
        RecipientGroup.MEMBERS,
        "",
        "Thực hiện nhiệm vụ được giao tại Thông báo 01/TB-BCĐ",
        "Thực hiện tốt nhiệm vụ được giao tại Thông báo số 01/TB-BCĐ ngày 8/4/2024 của BCĐ "
        "thông báo phân công nhiệm vụ thành viên Ban chỉ đạo các Chương trình mục tiêu quốc gia "
        "trên địa bàn xã Tân Lợi.",
        dt.date(YEAR, 12, 31),
    ),
    (
        RecipientGroup.MEMBERS,
        "",
        "Xây dựng kế hoạch thực hiện tiêu chí do ngành phụ trách",
        "Chủ động xây dựng kế hoạch thực hiện cụ thể tiêu chí riêng do ngành mình phụ trách để "
        "tổ chức và triển khai thực hiện đảm bảo đạt hiệu quả cao nhất.",
        dt.date(YEAR, 5, 15),
    ),
    (
        RecipientGroup.MEMBERS,
        "",
        "Tổ chức thực hiện các lĩnh vực, tiêu chí được phân công",
        "Căn cứ chức năng, nhiệm vụ chủ động tổ chức thực hiện các lĩnh vực, tiêu chí do công "
        "chức phụ trách.",
        dt.date(YEAR, 12, 31),
    ),
    (
        RecipientGroup.MEMBERS,
        "",
        "Giám sát, đánh giá, báo cáo khó khăn và báo cáo định kỳ",
        "Tổ chức triển khai, giám sát, đánh giá, rút kinh nghiệm, kịp thời đề xuất những khó "
        "khăn, vướng mắc trong quá trình triển khai thực hiện; thực hiện chế độ báo cáo định kỳ "
        "(quý, 6 tháng, 9 tháng, năm) và đột xuất theo đúng quy định.",
        dt.date(YEAR, 12, 31),
    ),
    (
        RecipientGroup.ORGANISATIONS,
        "",
        "Chủ trì công tác vận động về Chương trình",
        "Chủ trì, phối hợp với các thành viên ban chỉ đạo tổ chức, thực hiện công tác vận động "
        "các nội dung liên quan đến Chương trình MTQGXDNTM.",
        dt.date(YEAR, 12, 31),
    ),
    (
        RecipientGroup.ORGANISATIONS,
        "",
        "Đẩy mạnh tuyên truyền đến hội viên, đoàn viên, nhân dân",
        "Đẩy mạnh công tác tuyên truyền đến hội viên, đoàn viên, nhân dân trên địa bàn.",
        dt.date(YEAR, 12, 31),
    ),
    (
        RecipientGroup.HAMLET_HEADS,
        "",
        "Đăng ký tiêu chí, xây dựng giải pháp, lộ trình và kế hoạch của ấp",
        "Xác định rõ vai trò lãnh đạo, chỉ đạo, tổ chức thực hiện trong xây dựng nông thôn mới "
        "nâng cao. Vận động mọi nguồn lực để thực hiện các tiêu chí có khả năng đạt trong năm, "
        "củng cố các tiêu chí đã hoàn thành, từng bước triển khai các tiêu chí còn lại. Chủ động "
        "xây dựng các giải pháp và lộ trình để thực hiện đạt các tiêu chí đã đăng ký bằng kế "
        "hoạch cụ thể.",
        dt.date(YEAR, 5, 31),
    ),
    (
        RecipientGroup.HAMLET_HEADS,
        "",
        "Tuyên truyền, vận động người dân đóng góp xây dựng nông thôn mới",
        "Đẩy mạnh công tác tuyên truyền, vận động người dân chủ động đóng góp tham gia xây dựng "
        "nông thôn mới theo phương châm dân biết, dân bàn, dân làm, dân kiểm tra.",
        dt.date(YEAR, 12, 31),
    ),
    (
        RecipientGroup.HAMLET,
        "An Lợi",
        "Hoàn thành tiêu chí chưa đạt, củng cố tiêu chí chưa bền vững (khu dân cư kiểu mẫu)",
        "Đối với ấp An Lợi khu dân cư nông thôn kiểu mẫu phải huy động mọi nguồn lực thực hiện "
        "các tiêu chí chưa đạt và củng cố các tiêu chí đã đạt nhưng chưa bền vững; phối hợp chặt "
        "chẽ với các thành viên BCD được giao phụ trách tiêu chí để được hướng dẫn rà soát, hoàn "
        "thiện các tiêu chí.",
        dt.date(YEAR, 11, 30),
    ),
]
# Progress recorded by the demo day (illustrative): (item title prefix, owner key) -> state.
DONE_PLAN_ITEM = "Xây dựng kế hoạch thực hiện tiêu chí"
HAMLET_PLAN_ITEM = "Đăng ký tiêu chí"


def _directive(world: DemoWorld) -> None:
    places, directory = world.places, world.directory
    dispatch = world.extra.get("documents", {}).get("dispatch")
    directive = Directive.objects.filter(
        unit=places.commune, subject__startswith="tổ chức thực hiện Chương trình mục tiêu"
    ).first()
    if directive is not None:
        return
    leader = directory.users["phochutich"]
    directive = Directive.objects.create(
        unit=places.commune,
        issuer=directory.ubnd,
        symbol="UBND-KT",
        subject=(
            "tổ chức thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới nâng cao "
            "năm 2024 trên địa bàn"
        ),
        recipients_text=DISPATCH_RECIPIENTS,
        preamble=DISPATCH_PREAMBLE,
        closing=DISPATCH_CLOSING,
        distribution=DISPATCH_DISTRIBUTION,
        signer=directory.people["duy"],
        signer_authority="KT. CHỦ TỊCH",
        signer_title="PHÓ CHỦ TỊCH",
        document=dispatch,
    )
    for order, (group, hamlet, title, text, deadline) in enumerate(DISPATCH_ITEMS, start=1):
        DirectiveItem.objects.create(
            directive=directive,
            order=order,
            group=group,
            hamlet=places.hamlets[hamlet] if hamlet else None,
            title=title,
            text=text,
            deadline=deadline,
        )
    with clock.pinned(dt.date(YEAR, 4, 10)):
        services.issue_directive(directive=directive, user=leader, version=directive.version)
    # What the recipients had done by mid-October (illustrative).
    tasks = Task.objects.filter(directive_item__directive=directive)
    done_plans = {directory.people[k].pk for k in ("vanhoa", "diachinh", "canbontm")}
    tasks.filter(directive_item__title=DISPATCH_ITEMS[1][2], owner_person_id__in=done_plans).update(
        status=TaskStatus.DONE, progress=100, completed_on=dt.date(YEAR, 5, 10)
    )
    tasks.filter(
        directive_item__title=DISPATCH_ITEMS[1][2], owner_person=directory.people["nongnghiep"]
    ).update(status=TaskStatus.IN_PROGRESS, progress=50)
    finished_hamlets = [places.an_loi, places.hamlets["Tân Hòa"], places.hamlets["Cây Dầu"]]
    tasks.filter(directive_item__title=DISPATCH_ITEMS[6][2], unit__in=finished_hamlets).update(
        status=TaskStatus.DONE, progress=100, completed_on=dt.date(YEAR, 5, 20)
    )
    tasks.filter(directive_item__group=RecipientGroup.HAMLET).update(
        status=TaskStatus.IN_PROGRESS, progress=45
    )
    tasks.filter(directive_item__group=RecipientGroup.ORGANISATIONS).update(
        status=TaskStatus.IN_PROGRESS, progress=60
    )


def _obstacle(world: DemoWorld) -> None:
    places, directory = world.places, world.directory
    bung_cham = places.hamlets["Bưng Chàm"]
    title = "Nhà thầu làm đường đã ngừng thi công"
    if Obstacle.objects.filter(unit=bung_cham, title=title).exists():
        return
    road = Criterion.objects.filter(
        criteria_set__level=SetLevel.HAMLET,
        criteria_set__setregistration__unit=bung_cham,
        name__icontains="giao thông",
    ).first()
    with clock.pinned(dt.date(YEAR, 10, 2)):
        obstacle = services.raise_obstacle(
            unit=bung_cham,
            title=title,
            description=(
                "Tuyến đường sóc Bưng Chàm (đoạn 800 m) thi công được khoảng 40% thì nhà thầu "
                "ngừng thi công từ cuối tháng 9, vật liệu để dọc đường gây cản trở đi lại. "
                "Đề nghị UBND xã làm việc với nhà thầu."
            ),
            criterion=road,
            user=directory.users["truongsoc.bungcham"],
        )
    with clock.pinned(dt.date(YEAR, 10, 4)):
        services.direct_obstacle(
            obstacle=obstacle,
            version=obstacle.version,
            direction=(
                "Giao công chức Địa chính - Xây dựng làm việc ngay với nhà thầu và ban giám sát "
                "đầu tư của cộng đồng, yêu cầu thi công trở lại; báo cáo kết quả về UBND xã "
                "trong 10 ngày."
            ),
            assignee=directory.people["diachinh"],
            deadline=dt.date(YEAR, 10, 4) + dt.timedelta(days=10),
            user=directory.users["phochutich"],
        )


def build(world: DemoWorld) -> None:
    _assignments(world)
    _culture_plan(world)
    _an_loi_plan(world)
    _directive(world)
    _obstacle(world)
    world.extra["plans"] = {"year": YEAR}

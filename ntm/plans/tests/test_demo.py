"""The demo holds the who-does-what of the founding dispatch."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from ntm.assessments.models import CriterionRegistration
from ntm.core import clock
from ntm.criteria.models import Criterion
from ntm.plans.models import Assignment, Directive, Obstacle, Plan, RecipientGroup, Task

pytestmark = pytest.mark.django_db


def test_demo_who_does_what(db: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    nang_cao = Criterion.objects.filter(criteria_set__code="XA_NTM_NANG_CAO_2021_2025")
    assert nang_cao.count() == 19
    owned = Assignment.objects.filter(year=2024, criterion__in=nang_cao)
    assert owned.count() == 19  # every criterion of the 2024 set has a lead member
    by_number = {
        a.criterion.number: a.lead.person.full_name
        for a in owned.select_related("criterion", "lead__person")
    }
    assert by_number[6] == "Nguyễn Thị Hạnh"  # the culture officer
    assert by_number[1] == by_number[2] == by_number[9] == "Lê Văn Tâm"  # land officer
    assert by_number[3] == by_number[10] == by_number[13] == "Phạm Văn Lợi"  # agriculture
    notice = owned.first().notice
    assert notice.reference == "01/TB-BCĐ" and notice.document is not None

    culture = Plan.objects.get(
        criterion__criteria_set__code="XA_NTM_NANG_CAO_2021_2025", criterion__number=6
    )
    assert culture.owner.full_name == "Nguyễn Thị Hạnh"
    assert culture.tasks.filter(deadline__isnull=False).count() == 3

    an_loi = Plan.objects.get(unit__name="An Lợi", criterion__isnull=True, year=2024)
    with clock.pinned(clock.today().replace(2024, 10, 15)):
        overdue = [t for t in an_loi.tasks.all() if t.is_overdue]
    assert [t.title for t in overdue] == ["Lắp đèn chiếu sáng tuyến đường ấp (1,2 km)"]
    assert (
        CriterionRegistration.objects.filter(unit=an_loi.unit)
        .values("target_year")
        .distinct()
        .count()
        >= 2
    )

    dispatch = Directive.objects.get(subject__startswith="tổ chức thực hiện Chương trình mục tiêu")
    assert dispatch.signer.full_name == "Đinh Quốc Duy" and dispatch.is_issued
    assert dispatch.document is not None
    groups = set(dispatch.items.values_list("group", flat=True))
    assert groups == {g.value for g in RecipientGroup}
    assert dispatch.items.get(group=RecipientGroup.HAMLET).hamlet.name == "An Lợi"
    for item in dispatch.items.all():
        tasks = Task.objects.filter(directive_item=item)
        if item.group == RecipientGroup.MEMBERS:
            assert tasks.count() == 17
        elif item.group == RecipientGroup.ORGANISATIONS:
            assert tasks.count() == 5  # UBMTTQ + 4 mass organisations
        elif item.group == RecipientGroup.HAMLET_HEADS:
            assert tasks.count() == 5 and tasks.filter(owner_person__isnull=True).count() == 0
        else:
            assert tasks.get().unit.name == "An Lợi"

    obstacle = Obstacle.objects.get(title="Nhà thầu làm đường đã ngừng thi công")
    assert obstacle.unit.name == "Bưng Chàm" and obstacle.state == "directed"
    assert obstacle.assignee.full_name == "Lê Văn Tâm"
    assert (obstacle.deadline - obstacle.directed_on).days == 10
    assert obstacle.directed_by.username == "phochutich"

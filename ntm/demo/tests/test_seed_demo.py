from io import StringIO
from typing import Any

from django.apps import apps
from django.core.management import call_command

from ntm.accounts.models import CommitteeMember, Person, Role, RoleAssignment, User
from ntm.geography.models import AdministrativeUnit


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label.startswith(
            (
                "geography",
                "accounts",
                "criteria",
                "documents",
                "assessments",
                "plans",
                "mobilisation",
                "participation",
                "reports",
                "core",
            )
        )
    }


def test_demo_built_twice_has_the_same_counts(db: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first


def test_demo_world_matches_the_dispatch(db: Any) -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    commune = AdministrativeUnit.objects.get(name="Tân Lợi", kind_name="Xã")
    assert commune.code == "25378"
    assert commune.effective_region().code == "DNB"
    hamlets = AdministrativeUnit.objects.filter(parent=commune)
    an_loi = hamlets.get(name="An Lợi")
    assert not an_loi.is_illustrative
    assert hamlets.filter(kind_name="Sóc").exists()
    assert all(h.is_illustrative for h in hamlets.exclude(pk=an_loi.pk))
    duy = Person.objects.get(full_name="Đinh Quốc Duy")
    assert not duy.is_fictional
    assert Person.objects.exclude(pk=duy.pk).filter(is_fictional=False).count() == 0
    # One login per role, and a head for every hamlet.
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    heads = RoleAssignment.objects.filter(role=Role.HAMLET_HEAD).values_list(
        "unit__name", flat=True
    )
    assert {"An Lợi", "Bưng Chàm"} <= set(heads)
    assert Person.objects.filter(unit__in=hamlets).count() == hamlets.count()
    sectors = CommitteeMember.objects.values_list("sector", flat=True)
    assert any("Văn hóa" in s for s in sectors) and any("Nông nghiệp" in s for s in sectors)
    assert "mttq" in out.getvalue() and "truongap.anloi" in out.getvalue()
    assert User.objects.get(username="truongap.anloi").check_password("tanloi2024")


def test_reform_is_expressed_without_losing_history(db: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    old = AdministrativeUnit.objects.get(name="Bình Phước")
    new = AdministrativeUnit.objects.get(name="Đồng Nai")
    district = AdministrativeUnit.objects.get(name="Đồng Phú")
    assert old.replaced_by == new and old.valid_to.isoformat() == "2025-06-30"
    assert district.valid_to.isoformat() == "2025-06-30"
    assert new.valid_from.isoformat() == "2025-07-01"

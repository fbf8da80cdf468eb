"""First setup of a province: from an empty database to a province with its coordination
office, its first administrators and its communes (each with UBND and Ban Chỉ đạo).

Everything is created from the official list of 2025-07-01 (``geography.reference_2025``)
and found again by its official code, so running the setup twice changes nothing. Every row
is written with a history entry naming who ran the setup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from ntm.accounts.models import (
    Organisation,
    OrganisationKind,
    Person,
    Role,
    RoleAssignment,
    SteeringCommittee,
    User,
)
from ntm.geography import reference_2025
from ntm.geography.models import AdministrativeUnit, Level
from ntm.geography.services import load_reference

REASON = "Thiết lập ban đầu của tỉnh"


class SetupError(Exception):
    """A setup request that cannot be carried out; the message is Vietnamese."""


@dataclass
class AdminAccount:
    username: str
    password: str
    full_name: str = ""


@dataclass
class SetupResult:
    province: AdministrativeUnit
    office: Organisation
    created_units: int = 0
    created_accounts: list[str] = field(default_factory=list)
    communes: list[AdministrativeUnit] = field(default_factory=list)


def province_exists() -> bool:
    return AdministrativeUnit.objects.filter(parent__isnull=True, level__code="tinh").exists()


def _stamp(obj: Any, by: Any) -> Any:
    obj._history_user = by
    obj._change_reason = REASON
    return obj


def _save(obj: Any, by: Any) -> Any:
    _stamp(obj, by).save()
    return obj


@transaction.atomic
def setup_province(
    *,
    province_code: str,
    admins: list[AdminAccount],
    commune_codes: list[str] | None = None,
    by: Any = None,
) -> SetupResult:
    """Create (or find) the province, its office, administrators and communes."""
    ref = reference_2025.province(province_code)
    if ref is None:
        raise SetupError(
            f"Không có tỉnh, thành phố mã '{province_code}' trong danh mục 34 tỉnh, thành phố "
            "từ 01/07/2025."
        )
    refs = reference_2025.communes(ref.code)
    if commune_codes:
        wanted = {c.strip() for c in commune_codes if c.strip()}
        unknown = sorted(wanted - {c.code for c in refs})
        if unknown:
            raise SetupError(f"Mã xã không thuộc {ref.display_name}: {', '.join(unknown)}.")
        refs = [c for c in refs if c.code in wanted]
    for admin in admins:
        if not User.objects.filter(username=admin.username).exists():
            try:
                validate_password(admin.password, User(username=admin.username))
            except ValidationError as exc:
                raise SetupError(
                    f"Mật khẩu của {admin.username} chưa đủ mạnh: " + " ".join(exc.messages)
                ) from exc
    load_reference()
    level = Level.objects.get(code="tinh")
    province = AdministrativeUnit.objects.filter(level=level, code=ref.code).first()
    result_created = 0
    if province is None:
        province = _save(
            AdministrativeUnit(
                level=level,
                kind_name=ref.kind,
                name=ref.name,
                code=ref.code,
                valid_from=reference_2025.VALID_FROM,
                note=f"Hình thành từ: {ref.formed_from}." if ref.formed_from else "",
            ),
            by,
        )
        result_created += 1
    office = Organisation.objects.filter(
        unit=province, kind=OrganisationKind.COORDINATION_OFFICE
    ).first() or _save(
        Organisation(
            unit=province,
            kind=OrganisationKind.COORDINATION_OFFICE,
            name=f"Văn phòng Điều phối nông thôn mới {ref.kind.lower()} {ref.name}",
            short_name="Văn phòng Điều phối NTM",
            abbreviation="VPĐP",
            order=1,
        ),
        by,
    )
    result = SetupResult(province=province, office=office, created_units=result_created)
    for admin in admins:
        if _ensure_account(
            username=admin.username,
            password=admin.password,
            full_name=admin.full_name or admin.username,
            unit=province,
            organisation=office,
            roles=[Role.PROVINCE_ADMIN, Role.UPPER_VIEWER],
            by=by,
        ):
            result.created_accounts.append(admin.username)
    for ref_commune in refs:
        commune, created = ensure_commune(province, ref_commune, by=by)
        result.communes.append(commune)
        result.created_units += int(created)
    return result


def ensure_commune(
    province: AdministrativeUnit, ref: reference_2025.RefCommune, *, by: Any = None
) -> tuple[AdministrativeUnit, bool]:
    """The commune with the official code under ``province``, with its UBND and BCĐ."""
    commune = AdministrativeUnit.objects.filter(parent=province, code=ref.code).first()
    created = commune is None
    if commune is None:
        commune = _save(
            AdministrativeUnit(
                level=Level.objects.get(code="xa"),
                parent=province,
                kind_name=ref.kind,
                name=ref.name,
                code=ref.code,
                valid_from=reference_2025.VALID_FROM,
                note=f"Hình thành từ: {ref.formed_from}." if ref.formed_from else "",
            ),
            by,
        )
    place = f"{ref.kind.lower()} {ref.name}"
    if not Organisation.objects.filter(
        unit=commune, kind=OrganisationKind.PEOPLES_COMMITTEE
    ).exists():
        _save(
            Organisation(
                unit=commune,
                kind=OrganisationKind.PEOPLES_COMMITTEE,
                name=f"Ủy ban nhân dân {place}",
                short_name=f"UBND {place}",
                abbreviation="UBND",
                order=1,
            ),
            by,
        )
    bcd = Organisation.objects.filter(
        unit=commune, kind=OrganisationKind.STEERING_COMMITTEE
    ).first()
    if bcd is None:
        bcd = _save(
            Organisation(
                unit=commune,
                kind=OrganisationKind.STEERING_COMMITTEE,
                name=f"Ban Chỉ đạo các Chương trình mục tiêu quốc gia {place}",
                short_name="Ban Chỉ đạo",
                abbreviation="BCĐ",
                order=2,
            ),
            by,
        )
    if not SteeringCommittee.objects.filter(organisation=bcd).exists():
        _save(SteeringCommittee(unit=commune, organisation=bcd, name=bcd.name), by)
    return commune, created


def _ensure_account(
    *,
    username: str,
    password: str | None,
    full_name: str,
    unit: AdministrativeUnit,
    organisation: Organisation | None,
    roles: list[str],
    by: Any,
) -> bool:
    """Create the account (with a person in the directory) unless it exists; add the roles.
    An existing account keeps its password. True when the account was created."""
    user = User.objects.filter(username=username).first()
    created = user is None
    if user is None:
        person = _save(Person(full_name=full_name, unit=unit, organisation=organisation), by)
        user = User(username=username, full_name=full_name, person=person)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    for role in roles:
        if not RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
            _save(RoleAssignment(user=user, role=role, unit=unit, organisation=organisation), by)
    return created

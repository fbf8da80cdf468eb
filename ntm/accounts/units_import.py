"""Bulk setup of communes from one workbook: hamlets, people, accounts and roles.

Layout (the template is :func:`template_xlsx`): sheet "Ấp, thôn" (one row per hamlet) and
sheet "Người" (one row per person and role). All or nothing, like the criteria import: the
whole file is read and checked first; a file with any error changes nothing and every error is
listed with its sheet, row and column in Vietnamese. Running the same file twice changes
nothing. New accounts get the given initial password, or a random one that is shown once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from openpyxl import Workbook

from ntm.accounts.administration import COMMUNE_GRANTABLE, HAMLET_KINDS
from ntm.accounts.models import (
    CommitteeMember,
    CommitteeRole,
    Organisation,
    OrganisationKind,
    Person,
    Position,
    Role,
    RoleAssignment,
    SteeringCommittee,
    User,
)
from ntm.accounts.provincial_setup import _save, ensure_commune
from ntm.core.text import normalize
from ntm.core.xlsx import ImportProblem, Problems, Row, append_row, read_sheets, workbook_bytes
from ntm.geography import reference_2025
from ntm.geography.models import AdministrativeUnit, Level

SHEET_HAMLETS = "Ấp, thôn"
SHEET_PEOPLE = "Người"
SHEET_HELP = "Hướng dẫn"
HAMLET_COLUMNS = [
    ("Mã xã", "commune"),
    ("Gọi là", "kind_name"),
    ("Tên ấp, thôn", "name"),
    ("Mã đơn vị", "code"),
]
PEOPLE_COLUMNS = [
    ("Mã xã", "commune"),
    ("Ấp, thôn", "hamlet"),
    ("Họ và tên", "full_name"),
    ("Cơ quan", "organisation"),
    ("Chức vụ", "position"),
    ("Điện thoại", "phone"),
    ("Thư điện tử", "email"),
    ("Tên đăng nhập", "username"),
    ("Vai trò", "role"),
    ("Từ ngày", "valid_from"),
    ("Đến ngày", "valid_to"),
    ("Ban Chỉ đạo", "committee_role"),
    ("Lĩnh vực phụ trách", "sector"),
]
SHEETS = {SHEET_HAMLETS: HAMLET_COLUMNS, SHEET_PEOPLE: PEOPLE_COLUMNS}
# Roles a commune's file may give: the roles a commune administrator gives on the screens
# (province-wide roles are given on the screens only).
FILE_ROLES = COMMUNE_GRANTABLE
REASON = "Nhập đơn vị, người và vai trò từ tệp Excel"


@dataclass
class UnitsImportResult:
    errors: list[ImportProblem] = field(default_factory=list)
    hamlets_created: int = 0
    people_created: int = 0
    people_updated: int = 0
    roles_created: int = 0
    # username → initial password (shown once; empty when a password was given).
    accounts: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _code(row: Row, name: str) -> str:
    text = row.text(name, required="mã xã")
    return text.zfill(5) if text.isdigit() else text


class _Plan:
    def __init__(self, rows: dict[str, list[Row]], problems: Problems, scope: Any) -> None:
        self.rows, self.problems, self.scope = rows, problems, scope
        self.communes: dict[str, AdministrativeUnit | reference_2025.RefCommune] = {}
        self.hamlets: list[tuple[str, str, str, str]] = []
        self.people: list[dict[str, Any]] = []

    def commune(self, row: Row) -> str:
        code = _code(row, "commune")
        if not code or code in self.communes:
            return code
        unit = AdministrativeUnit.objects.filter(code=code, level__is_commune=True).first()
        if unit is not None:
            if self.scope is not None and not self.scope(unit):
                row.error("commune", f"xã mã '{code}' không thuộc phạm vi quản lý của bạn.")
                return ""
            self.communes[code] = unit
            return code
        ref = reference_2025.commune(code)
        province = (
            AdministrativeUnit.objects.filter(code=ref.province_code, parent__isnull=True).first()
            if ref
            else None
        )
        if ref is None or province is None or (self.scope and not self.scope(province)):
            row.error(
                "commune",
                f"không có xã mã '{code}' trong tỉnh đã thiết lập (xem danh mục xã từ 01/07/2025).",
            )
            return ""
        self.communes[code] = ref
        return code

    def check(self) -> None:
        seen: dict[tuple[str, str], int] = {}
        for row in self.rows[SHEET_HAMLETS]:
            code = self.commune(row)
            kind = row.text("kind_name", required="tên gọi (Ấp, Thôn, Sóc…)", max_length=30)
            name = row.text("name", required="tên ấp, thôn", max_length=150)
            unit_code = row.text("code", max_length=20)
            if kind and kind.casefold() not in {k.casefold() for k in HAMLET_KINDS}:
                row.error(
                    "kind_name", f"'{kind}' không phải là một trong: {', '.join(HAMLET_KINDS)}."
                )
            kind = next((k for k in HAMLET_KINDS if k.casefold() == kind.casefold()), kind)
            key = (code, f"{kind} {name}".casefold())
            if code and name and key in seen:
                row.error("name", f"{kind} {name} đã có ở dòng {seen[key]} (trùng).")
            seen.setdefault(key, row.number)
            self.hamlets.append((code, kind, name, unit_code))
        file_hamlets = {(c, f"{k} {n}".casefold()): (k, n) for c, k, n, _ in self.hamlets}
        role_choices = [(r.value, r.label) for r in FILE_ROLES]
        people_keys: dict[tuple[str, str, str], str] = {}
        usernames: dict[str, tuple[str, str, str]] = {}
        for row in self.rows[SHEET_PEOPLE]:
            code = self.commune(row)
            hamlet = row.text("hamlet", max_length=180)
            full_name = row.text("full_name", required="họ và tên", max_length=150)
            values: dict[str, Any] = {
                "row": row,
                "commune": code,
                "hamlet": None,
                "full_name": full_name,
                "organisation": row.text("organisation", max_length=200),
                "position": row.text("position", max_length=150),
                "phone": row.text("phone", max_length=30),
                "email": row.text("email", max_length=254),
                "username": row.text("username", max_length=150),
                "role": row.choice("role", role_choices),
                "valid_from": row.date("valid_from"),
                "valid_to": row.date("valid_to"),
                "committee_role": row.choice("committee_role", CommitteeRole.choices),
                "sector": row.text("sector", max_length=200),
            }
            if hamlet and code:
                values["hamlet"] = self._hamlet(row, code, hamlet, file_hamlets)
            if values["role"] == Role.HAMLET_HEAD and not hamlet:
                row.error("hamlet", "vai trò trưởng ấp cần ghi tên ấp, thôn.")
            if values["role"] and not values["username"]:
                row.error("username", "cần tên đăng nhập để giao vai trò.")
            if values["email"] and "@" not in values["email"]:
                row.error("email", f"'{values['email']}' không phải là địa chỉ thư điện tử.")
            start, end = values["valid_from"], values["valid_to"]
            if start and end and end < start:
                row.error("valid_to", "ngày kết thúc phải sau ngày bắt đầu.")
            person_key = (code, hamlet.casefold(), full_name.casefold())
            username = values["username"]
            if username:
                if not _valid_username(username):
                    row.error(
                        "username",
                        f"'{username}' chỉ được gồm chữ không dấu, số và các dấu . _ - @.",
                    )
                owner = usernames.setdefault(username, person_key)
                if owner != person_key:
                    row.error("username", f"tên đăng nhập '{username}' đã dùng cho người khác.")
                existing = User.objects.filter(username=username).select_related("person").first()
                if existing is not None and (
                    existing.person is None
                    or normalize(existing.person.full_name).casefold() != full_name.casefold()
                ):
                    row.error(
                        "username",
                        f"tên đăng nhập '{username}' đã thuộc về người khác trong hệ thống.",
                    )
                known = people_keys.setdefault(person_key, username)
                if known != username:
                    row.error("username", f"{full_name} đã có tên đăng nhập '{known}' ở dòng trên.")
            if code and values["organisation"]:
                self._organisation(row, code, values["organisation"])
            self.people.append(values)

    def _hamlet(self, row: Row, code: str, text: str, file_hamlets: dict) -> tuple[str, str] | None:
        wanted = text.casefold()
        for (c, full), pair in file_hamlets.items():
            if c == code and wanted in {full, pair[1].casefold()}:
                return pair
        unit = self.communes.get(code)
        if isinstance(unit, AdministrativeUnit):
            for h in unit.children.filter(level__is_hamlet=True):
                if wanted in {h.display_name.casefold(), h.name.casefold()}:
                    return (h.kind_name, h.name)
        row.error(
            "hamlet", f"không có ấp, thôn '{text}' trong xã này (thêm vào sheet '{SHEET_HAMLETS}')."
        )
        return None

    def _organisation(self, row: Row, code: str, text: str) -> None:
        if _organisation_kind(text) is not None:
            return
        unit = self.communes.get(code)
        if isinstance(unit, AdministrativeUnit) and _find_org(unit, text) is not None:
            return
        labels = ", ".join(
            ["UBND", "BCĐ", "MTTQ"] + [label for _, label in OrganisationKind.choices]
        )
        row.error("organisation", f"không có cơ quan '{text}' ở xã này; dùng một trong: {labels}.")

    # -- applying ------------------------------------------------------------------------

    def apply(self, *, by: Any, password: str | None, result: UnitsImportResult) -> None:
        units: dict[str, AdministrativeUnit] = {}
        for code, item in self.communes.items():
            if isinstance(item, AdministrativeUnit):
                units[code] = item
            else:
                province = AdministrativeUnit.objects.get(
                    code=item.province_code, parent__isnull=True
                )
                units[code] = ensure_commune(province, item, by=by)[0]
        hamlet_level = Level.objects.get(code="ap")
        hamlets: dict[tuple[str, str, str], AdministrativeUnit] = {}
        for code, kind, name, unit_code in self.hamlets:
            commune = units[code]
            unit = AdministrativeUnit.objects.filter(
                parent=commune, kind_name=kind, name=name
            ).first()
            if unit is None:
                unit = _save(
                    AdministrativeUnit(
                        level=hamlet_level,
                        parent=commune,
                        kind_name=kind,
                        name=name,
                        code=unit_code,
                    ),
                    by,
                )
                result.hamlets_created += 1
            hamlets[(code, kind, name)] = unit
        for values in self.people:
            commune = units[values["commune"]]
            unit = commune
            if values["hamlet"]:
                kind, name = values["hamlet"]
                unit = hamlets.get((values["commune"], kind, name)) or commune.children.get(
                    kind_name=kind, name=name
                )
            self._apply_person(values, commune, unit, by=by, password=password, result=result)

    def _apply_person(
        self,
        values: dict[str, Any],
        commune: AdministrativeUnit,
        unit: AdministrativeUnit,
        *,
        by: Any,
        password: str | None,
        result: UnitsImportResult,
    ) -> None:
        org = (
            _organisation_for(commune, values["organisation"], by)
            if values["organisation"]
            else None
        )
        position = None
        if values["position"]:
            position = Position.objects.filter(name=values["position"]).first() or _save(
                Position(name=values["position"]), by
            )
        user = (
            User.objects.filter(username=values["username"]).first() if values["username"] else None
        )
        person = user.person if user is not None else None
        if person is None:
            person = Person.objects.filter(unit=unit, full_name=values["full_name"]).first()
        fields = {
            "organisation": org,
            "position": position,
            "phone": values["phone"],
            "email": values["email"],
        }
        if person is None:
            person = _save(Person(full_name=values["full_name"], unit=unit, **fields), by)
            result.people_created += 1
        else:
            changed = [k for k, v in fields.items() if v and getattr(person, k) != v]
            if changed:
                for k in changed:
                    setattr(person, k, fields[k])
                person.version += 1
                _save(person, by)
                result.people_updated += 1
        if values["username"] and user is None:
            initial = password or secrets.token_urlsafe(9)
            user = User(username=values["username"], full_name=person.full_name, person=person)
            user.set_password(initial)
            user.save()
            result.accounts[user.username] = "" if password else initial
        if values["role"] and user is not None:
            role_unit = unit if values["role"] == Role.HAMLET_HEAD else commune
            assignment = RoleAssignment.objects.filter(
                user=user, role=values["role"], unit=role_unit
            ).first()
            if assignment is None:
                _save(
                    RoleAssignment(
                        user=user,
                        role=values["role"],
                        unit=role_unit,
                        organisation=org,
                        valid_from=values["valid_from"],
                        valid_to=values["valid_to"],
                    ),
                    by,
                )
                result.roles_created += 1
            elif (assignment.valid_from, assignment.valid_to) != (
                values["valid_from"],
                values["valid_to"],
            ):
                assignment.valid_from, assignment.valid_to = (
                    values["valid_from"],
                    values["valid_to"],
                )
                _save(assignment, by)
        if values["committee_role"]:
            committee = SteeringCommittee.objects.filter(unit=commune).first()
            if (
                committee is not None
                and not CommitteeMember.objects.filter(committee=committee, person=person).exists()
            ):
                _save(
                    CommitteeMember(
                        committee=committee,
                        person=person,
                        role=values["committee_role"],
                        sector=values["sector"],
                    ),
                    by,
                )


def _valid_username(name: str) -> bool:
    return all(ch.isascii() and (ch.isalnum() or ch in "._-@+") for ch in name)


ORG_ALIASES = {
    "ubnd": OrganisationKind.PEOPLES_COMMITTEE,
    "bcđ": OrganisationKind.STEERING_COMMITTEE,
    "bcd": OrganisationKind.STEERING_COMMITTEE,
    "mttq": OrganisationKind.FATHERLAND_FRONT,
    "đảng ủy": OrganisationKind.PARTY,
    "hđnd": OrganisationKind.COUNCIL,
}


def _organisation_kind(text: str) -> str | None:
    wanted = text.casefold()
    if wanted in ORG_ALIASES:
        return ORG_ALIASES[wanted]
    for value, label in OrganisationKind.choices:
        if wanted in {value, label.casefold()} and value not in {
            OrganisationKind.MASS_ORGANISATION,
            OrganisationKind.OTHER,
        }:
            return value
    return None


def _find_org(commune: AdministrativeUnit, text: str) -> Organisation | None:
    wanted = text.casefold()
    for org in Organisation.objects.filter(unit=commune):
        if wanted in {org.name.casefold(), org.short_name.casefold(), org.abbreviation.casefold()}:
            return org
    return None


def _organisation_for(commune: AdministrativeUnit, text: str, by: Any) -> Organisation:
    kind = _organisation_kind(text)
    if kind is None:
        found = _find_org(commune, text)
        assert found is not None  # checked before applying
        return found
    org = Organisation.objects.filter(unit=commune, kind=kind).order_by("order", "pk").first()
    if org is None:
        label = OrganisationKind(kind).label
        org = _save(
            Organisation(
                unit=commune,
                kind=kind,
                name=f"{label} {commune.kind_name.lower()} {commune.name}",
                abbreviation=text.upper() if text.casefold() in ORG_ALIASES else "",
            ),
            by,
        )
    return org


def import_units_xlsx(
    upload: IO[bytes] | Any,
    *,
    by: Any = None,
    password: str | None = None,
    scope: Any = None,
) -> UnitsImportResult:
    """Check, then apply, one workbook (see the module docstring). ``scope(unit) -> bool``
    limits the communes a person may touch (None: the command line, everything)."""
    problems = Problems()
    rows = read_sheets(upload, problems, SHEETS, max_rows=20_000)
    if rows is None:
        return UnitsImportResult(errors=list(problems))
    plan = _Plan(rows, problems, scope)
    with transaction.atomic():
        plan.check()
        if problems:
            return UnitsImportResult(errors=list(problems))
        result = UnitsImportResult()
        plan.apply(by=by, password=password, result=result)
        return result


def template_xlsx() -> bytes:
    """The empty workbook with its headers, one example row per sheet and a help sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_HAMLETS
    append_row(ws, [h for h, _ in HAMLET_COLUMNS])
    append_row(ws, ["25378", "Ấp", "An Lợi", ""])
    people = wb.create_sheet(SHEET_PEOPLE)
    append_row(people, [h for h, _ in PEOPLE_COLUMNS])
    append_row(
        people,
        [
            "25378",
            "Ấp An Lợi",
            "Nguyễn Văn A",
            "",
            "Trưởng ấp",
            "0912 345 678",
            "",
            "truongap.anloi",
            Role.HAMLET_HEAD.label,
            "01/07/2025",
            "",
            "",
            "",
        ],
    )
    help_ws = wb.create_sheet(SHEET_HELP)
    for line in [
        "Cách điền (xóa các dòng ví dụ trước khi nhập):",
        "Mã xã: mã 5 chữ số theo danh mục đơn vị hành chính từ 01/07/2025.",
        f"Gọi là: một trong {', '.join(HAMLET_KINDS)}.",
        "Ấp, thôn (sheet Người): để trống nếu người làm việc ở xã.",
        "Cơ quan: UBND, BCĐ, MTTQ, hoặc tên một cơ quan đã có của xã.",
        "Vai trò: " + "; ".join(r.label for r in FILE_ROLES) + ".",
        "Ban Chỉ đạo: " + "; ".join(label for _, label in CommitteeRole.choices) + " (nếu có).",
        "Ngày ghi dạng dd/mm/yyyy. Tệp có lỗi sẽ không thay đổi gì.",
    ]:
        append_row(help_ws, [line])
    for sheet in (ws, people):
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 20
    return workbook_bytes(wb)

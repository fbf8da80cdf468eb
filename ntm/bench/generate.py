"""A synthetic province (dữ liệu tổng hợp) for measuring speed at province scale.

Deterministic from a seed (``random.Random(seed)``, no clock, no global random), fast
(``bulk_create`` in batches, derived columns computed here, no ``save()`` per row) and honest:
every unit, person and criterion it invents is flagged illustrative / fictional and named
"(dữ liệu tổng hợp)". Evaluation results are computed with the same pure functions the services
use (:mod:`ntm.assessments.rules`), so every stored status agrees with the stored values.

Bulk inserts write no history rows (django-simple-history): this is measurement data.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from ntm.accounts.models import (
    CommitteeMember,
    CommitteeRole,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    RoleAssignment,
    SteeringCommittee,
    User,
)
from ntm.assessments import rules
from ntm.assessments.models import (
    CriterionResult,
    IndicatorResult,
    IndicatorValue,
    ResultSummary,
    SetRegistration,
    ValueStatus,
)
from ntm.core.text import person_sort_key, search_key
from ntm.criteria.loader import load_shipped_sets
from ntm.criteria.models import (
    Comparison,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorKind,
    Period,
    SetLevel,
    Target,
    TargetKeys,
)
from ntm.criteria.periods import ensure_period, load_period_kinds
from ntm.documents.models import Direction, Document, DocumentStatus, DocumentType
from ntm.geography.models import AdministrativeUnit, Level, Region
from ntm.geography.services import load_reference
from ntm.mobilisation.models import (
    Contribution,
    ContributionKind,
    ContributorKind,
    FundingSource,
    Work,
)
from ntm.participation.models import PublicPage
from ntm.plans.models import (
    Assignment,
    AssignmentNotice,
    Directive,
    DirectiveItem,
    DirectiveState,
    Plan,
    RecipientGroup,
    Task,
    TaskStatus,
)
from ntm.reports.models import (
    CommuneReport,
    ReportCycle,
    ReporterKind,
    Submission,
    SubmissionStatus,
)

SYNTHETIC = "(dữ liệu tổng hợp)"
COMMUNE_SET_CODE = "TONG-HOP-XA"
HAMLET_SET_CODE = "TONG-HOP-AP"
PROVINCE_CODE_PREFIX = "TH"
BENCH_PASSWORD = "mat-khau-do-hieu-nang"  # noqa: S105 - synthetic accounts on a bench database
# Commune values are kept for the periods the roll-up reads; hamlets report half-yearly.
COMMUNE_PERIOD_KINDS = ["quy1", "6thang", "9thang", "nam"]
HAMLET_PERIOD_KINDS = ["6thang", "nam"]
BATCH = 2000
MARGIN = Decimal(5)

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Minh", "Quốc", "Thanh", "Ngọc", "Hữu", "Đức", "Thu", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hòa", "Hùng", "Lan", "Linh", "Long",
         "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy"]  # fmt: skip
PLACE_A = ["Tân", "Phú", "Bình", "An", "Long", "Thạnh", "Hòa", "Phước", "Lộc", "Thuận", "Minh"]
PLACE_B = ["Lợi", "Hưng", "Thành", "Đông", "Tây", "Mỹ", "Khánh", "Hiệp", "Xuân", "Trung", "Hải"]
SECTORS = ["Văn hóa - Xã hội", "Địa chính - Xây dựng", "Kinh tế", "Y tế", "Giáo dục",
           "Môi trường", "Nông nghiệp", "Tư pháp", "Công an", "Quân sự"]  # fmt: skip

M = TypeVar("M", bound=models.Model)


@dataclass
class Tally:
    """Rows written per model and seconds per step, for the command's report."""

    rows: dict[str, int] = field(default_factory=dict)
    steps: list[tuple[str, float]] = field(default_factory=list)

    def add(self, name: str, count: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + count


class AlreadyGenerated(Exception):
    pass


def province_code(seed: int) -> str:
    return f"{PROVINCE_CODE_PREFIX}{seed}"


def _bulk(model: type[M], objs: Sequence[M], tally: Tally) -> list[M]:
    created = model.objects.bulk_create(objs, batch_size=BATCH)  # type: ignore[attr-defined]
    tally.add(model.__name__, len(objs))
    return list(created)


def _search(text: str) -> str:
    return (" " + search_key(text))[:500]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


# --- Criteria ---------------------------------------------------------------------------------


@dataclass
class IndicatorSpec:
    indicator: Indicator
    target: Target
    data: rules.IndicatorData
    target_data: rules.TargetData


@dataclass
class SetSpec:
    criteria_set: CriteriaSet
    criteria: list[tuple[Criterion, list[IndicatorSpec]]]


def _synthetic_set(code: str, level: str, n_criteria: int, per_criterion: int) -> SetSpec:
    """A criteria set with illustrative indicators and checked-as-illustrative targets.

    Built once per database (get-or-create by code); a second generator run reuses it.
    """
    label = "xã" if level == SetLevel.COMMUNE else "ấp"
    criteria_set, created = CriteriaSet.objects.get_or_create(
        code=code,
        defaults={
            "name": f"Bộ tiêu chí {label} {SYNTHETIC}",
            "short_name": f"Tiêu chí {label} {SYNTHETIC}",
            "level": level,
            "period": "2021-2025",
            "target_keys": TargetKeys.NONE,
            "status_note": "Bộ tiêu chí đặt ra để đo hiệu năng, không phải văn bản chính thức.",
            "order": 900,
        },
    )
    if created:
        kinds = [IndicatorKind.NUMBER, IndicatorKind.RATIO, IndicatorKind.BOOLEAN]
        for number in range(1, n_criteria + 1):
            criterion = Criterion.objects.create(
                criteria_set=criteria_set,
                number=number,
                name=f"Tiêu chí {number} {SYNTHETIC}",
                sector=SECTORS[number % len(SECTORS)],
            )
            for order in range(1, per_criterion + 1):
                kind = kinds[(number + order) % len(kinds)]
                indicator = Indicator.objects.create(
                    criterion=criterion,
                    code=f"{number}.{order}",
                    name=f"Chỉ tiêu {number}.{order} {SYNTHETIC}",
                    kind=kind,
                    unit_label={"number": "công trình", "ratio": "%", "boolean": ""}[kind],
                    comparison=Comparison.AT_LEAST,
                    is_illustrative=True,
                    order=order,
                )
                thresholds = {"number": Decimal(10 + number), "ratio": Decimal(80)}
                Target.objects.create(
                    indicator=indicator,
                    value=thresholds.get(kind, Decimal(1)),
                    legal_text=f"Ngưỡng minh họa {SYNTHETIC}",
                    is_illustrative=True,
                    verified=False,
                )
    criteria = []
    for criterion in Criterion.objects.filter(criteria_set=criteria_set).order_by("number"):
        specs = []
        for indicator in Indicator.objects.filter(criterion=criterion).order_by("order", "code"):
            target = Target.objects.get(indicator=indicator, key=Target.GENERAL, year=None)
            specs.append(
                IndicatorSpec(
                    indicator=indicator,
                    target=target,
                    data=rules.IndicatorData(
                        code=indicator.code,
                        name=indicator.name,
                        kind=indicator.kind,
                        comparison=indicator.comparison,
                        unit_label=indicator.unit_label,
                    ),
                    target_data=rules.TargetData(
                        id=target.pk,
                        key=target.key,
                        year=target.year,
                        value=target.value,
                        value_choice=target.value_choice,
                        verified=target.verified,
                        is_illustrative=target.is_illustrative,
                        legal_text=target.legal_text,
                    ),
                )
            )
        criteria.append((criterion, specs))
    return SetSpec(criteria_set=criteria_set, criteria=criteria)


# --- Values and results ------------------------------------------------------------------------


def _value(
    rng: random.Random, spec: IndicatorSpec, ability: float, step: int, steps: int
) -> dict[str, Any]:
    """Plausible typed value: units improve over the periods; some stay below target."""
    threshold = spec.target.value or Decimal(1)
    level = 0.7 + 0.45 * ability + 0.15 * step / max(steps - 1, 1) + rng.uniform(-0.08, 0.08)
    kind = spec.indicator.kind
    if kind == IndicatorKind.NUMBER:
        return {"number": Decimal(max(0, round(float(threshold) * level)))}
    if kind == IndicatorKind.RATIO:
        denominator = rng.randint(150, 1500)
        share = min(1.0, float(threshold) / 100 * level)
        return {
            "numerator": Decimal(round(denominator * share)),
            "denominator": Decimal(denominator),
        }
    return {"boolean": level >= 1.0}


@dataclass
class Context:
    rng: random.Random
    tally: Tally
    today: dt.date
    years: list[int]
    periods: dict[tuple[str, int], Period]
    commune_set: SetSpec
    hamlet_set: SetSpec
    keys: rules.UnitKeys
    password: str
    now: dt.datetime


def _insert(
    model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]], tally: Tally
) -> None:
    """Plain multi-row INSERT through Django's cursor: the three big tables (values and their
    evaluation) hold most rows, and building a model instance per row costs 5× the insert."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Table and column names come from the model's metadata, quoted; values are parameters.
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
    tally.add(model.__name__, len(rows))


def _values_and_results(
    ctx: Context,
    units: list[tuple[AdministrativeUnit, float]],
    spec: SetSpec,
    kinds: list[str],
    entered_by: dict[int, User | None],
) -> None:
    """Values for every indicator and period of ``units``, then their evaluation rows, computed
    by :mod:`ntm.assessments.rules` exactly as ``services.recompute`` would."""
    ordered = [
        p
        for p in sorted(
            (ctx.periods[(kind, year)] for year in ctx.years for kind in kinds),
            key=lambda p: (p.end, p.start),
        )
        if p.start <= ctx.today
    ]
    now = connection.ops.adapt_datetimefield_value(ctx.now)
    first_of_year = ctx.today.replace(month=1, day=1)
    statuses = list(ValueStatus)
    data: dict[tuple[int, int, int], rules.ValueData] = {}
    value_rows: list[tuple[Any, ...]] = []
    for unit, ability in units:
        user = entered_by.get(unit.pk)
        for _criterion, indicators in spec.criteria:
            for ind in indicators:
                kind = ind.indicator.kind
                for step, period in enumerate(ordered):
                    past = period.end < first_of_year
                    status = ValueStatus.APPROVED if past else ctx.rng.choice(statuses)
                    typed = _value(ctx.rng, ind, ability, step, len(ordered))
                    data[(unit.pk, ind.indicator.pk, period.pk)] = rules.ValueData(
                        kind=kind,
                        period_label=period.label,
                        approved=status == ValueStatus.APPROVED,
                        **typed,
                    )
                    value_rows.append(
                        (
                            unit.pk,
                            ind.indicator.pk,
                            period.pk,
                            typed.get("number"),
                            typed.get("numerator"),
                            typed.get("denominator"),
                            typed.get("boolean"),
                            "",
                            "",
                            "",
                            status,
                            past,
                            user.pk if user else None,
                            now if status != ValueStatus.DRAFT else None,
                            now if status == ValueStatus.APPROVED else None,
                            now,
                            1,
                        )
                    )
    _insert(
        IndicatorValue,
        [
            "unit_id",
            "indicator_id",
            "period_id",
            "number",
            "numerator",
            "denominator",
            "boolean",
            "choice",
            "text",
            "note",
            "status",
            "locked",
            "entered_by_id",
            "submitted_at",
            "approved_at",
            "updated_at",
            "version",
        ],
        value_rows,
        ctx.tally,
    )
    ids = {
        (u, i, p): pk
        for pk, u, i, p in IndicatorValue.objects.filter(
            unit_id__in=[unit.pk for unit, _ in units],
            indicator__criterion__criteria_set=spec.criteria_set,
        ).values_list("pk", "unit_id", "indicator_id", "period_id")
    }
    indicator_rows: list[tuple[Any, ...]] = []
    criterion_rows: list[tuple[Any, ...]] = []
    # (unit, period) → [(status, illustrative)] of the set's criteria, for the read model.
    tallies: dict[tuple[int, int], list[tuple[str, bool]]] = {}
    for unit, _ in units:
        for criterion, indicators in spec.criteria:
            previous: dict[int, rules.ValueData] = {}
            for period in ordered:
                lines = []
                illustrative = False
                for ind in indicators:
                    key = (unit.pk, ind.indicator.pk, period.pk)
                    current = data.get(key)
                    target = rules.select_target([ind.target_data], ctx.keys, period.year)
                    outcome = rules.evaluate_indicator(
                        ind.data,
                        current,
                        target,
                        ctx.keys,
                        previous=previous.get(ind.indicator.pk),
                        margin_percent=MARGIN,
                    )
                    basis = (
                        rules.MISSING
                        if outcome.status == rules.NO_TARGET
                        else rules.target_basis(
                            target, indicator_illustrative=ind.indicator.is_illustrative
                        )
                    )
                    illustrative = illustrative or basis == rules.ILLUSTRATIVE
                    indicator_rows.append(
                        (
                            unit.pk,
                            ind.indicator.pk,
                            period.pk,
                            ids.get(key),
                            target.id if target else None,
                            outcome.status,
                            outcome.explanation,
                            basis,
                            rules.requirement(ind.data, target)[:255],
                            now,
                        )
                    )
                    lines.append(rules.IndicatorLine(ind.data.code, outcome))
                    if current is not None:
                        previous[ind.indicator.pk] = current
                combined = rules.evaluate_criterion(lines)
                criterion_rows.append(
                    (
                        unit.pk,
                        criterion.pk,
                        period.pk,
                        combined.status,
                        combined.explanation,
                        combined.indicators_met,
                        combined.indicators_total,
                        illustrative,
                        now,
                    )
                )
                tallies.setdefault((unit.pk, period.pk), []).append((combined.status, illustrative))
    _insert(
        IndicatorResult,
        [
            "unit_id",
            "indicator_id",
            "period_id",
            "value_id",
            "target_id",
            "status",
            "explanation",
            "basis",
            "requirement",
            "computed_at",
        ],
        indicator_rows,
        ctx.tally,
    )
    _insert(
        CriterionResult,
        [
            "unit_id",
            "criterion_id",
            "period_id",
            "status",
            "explanation",
            "indicators_met",
            "indicators_total",
            "illustrative",
            "computed_at",
        ],
        criterion_rows,
        ctx.tally,
    )
    total = len(spec.criteria)
    summary_rows = []
    for (unit_id, period_id), found in tallies.items():
        summary = rules.summarize(
            [status for status, _ in found],
            total=max(total, len(found)),
            illustrative=sum(1 for st, ill in found if ill and st in rules.MET_STATUSES),
        )
        summary_rows.append(
            (
                unit_id,
                spec.criteria_set.pk,
                period_id,
                summary.met,
                summary.not_sustainable,
                summary.not_met,
                summary.no_target,
                summary.no_data,
                summary.total,
                summary.illustrative,
                now,
            )
        )
    _insert(
        ResultSummary,
        [
            "unit_id",
            "criteria_set_id",
            "period_id",
            "met",
            "not_sustainable",
            "not_met",
            "no_target",
            "no_data",
            "total",
            "illustrative",
            "computed_at",
        ],
        summary_rows,
        ctx.tally,
    )


# --- The province ------------------------------------------------------------------------------


@dataclass
class CommuneWorld:
    commune: AdministrativeUnit
    hamlets: list[AdministrativeUnit]
    ubnd: Organisation
    bcd: Organisation
    mttq: Organisation
    committee: SteeringCommittee
    members: list[CommitteeMember]
    member_users: list[User]
    officer: User
    hamlet_heads: dict[int, User]
    ability: float


def _units(
    ctx: Context, n_communes: int, per_commune: int, seed: int
) -> tuple[AdministrativeUnit, list[AdministrativeUnit], dict[int, list[AdministrativeUnit]]]:
    levels = {lvl.code: lvl for lvl in Level.objects.all()}
    region = Region.objects.filter(code="DNB").first()
    province = AdministrativeUnit(
        level=levels["tinh"],
        kind_name="Tỉnh",
        name=f"Bình Nguyên {SYNTHETIC}",
        code=province_code(seed),
        region=region,
        is_illustrative=True,
        note="Tỉnh tổng hợp để đo hiệu năng; không phải đơn vị thật.",
    )
    province.save()
    communes = []
    for i in range(n_communes):
        name = f"{ctx.rng.choice(PLACE_A)} {ctx.rng.choice(PLACE_B)} {i + 1:03d}"
        communes.append(
            AdministrativeUnit(
                level=levels["xa"],
                parent=province,
                kind_name="Xã",
                name=name,
                code=f"TH{seed}-{i + 1:03d}",
                is_illustrative=True,
                search=_search(f"Xã {name} TH{seed}-{i + 1:03d}"),
                depth=1,
            )
        )
    communes = _bulk(AdministrativeUnit, communes, ctx.tally)
    for commune in communes:
        commune.path = f"{province.path}{commune.pk}/"
    AdministrativeUnit.objects.bulk_update(communes, ["path"], batch_size=BATCH)
    hamlets: list[AdministrativeUnit] = []
    for commune in communes:
        count = max(1, per_commune + ctx.rng.randint(-2, 2))
        for j in range(count):
            kind = "Sóc" if ctx.rng.random() < 0.1 else "Ấp"
            name = f"{ctx.rng.choice(PLACE_A)} {ctx.rng.choice(PLACE_B)} {j + 1}"
            hamlets.append(
                AdministrativeUnit(
                    level=levels["ap"],
                    parent=commune,
                    kind_name=kind,
                    name=name,
                    is_illustrative=True,
                    search=_search(f"{kind} {name} "),
                    depth=2,
                )
            )
    hamlets = _bulk(AdministrativeUnit, hamlets, ctx.tally)
    by_commune: dict[int, list[AdministrativeUnit]] = {}
    for hamlet in hamlets:
        hamlet.path = f"{hamlet.parent.path}{hamlet.pk}/"  # type: ignore[union-attr]
        by_commune.setdefault(hamlet.parent_id, []).append(hamlet)  # type: ignore[arg-type]
    AdministrativeUnit.objects.bulk_update(hamlets, ["path"], batch_size=BATCH)
    return province, communes, by_commune


def _person(ctx: Context, unit: AdministrativeUnit, org: Organisation | None) -> Person:
    full_name = _name(ctx.rng)
    return Person(
        full_name=full_name,
        sort_name=person_sort_key(full_name)[:300],
        search=_search(full_name),
        unit=unit,
        organisation=org,
        is_fictional=True,
    )


def _user(ctx: Context, username: str, person: Person) -> User:
    return User(
        username=username,
        full_name=person.full_name,
        person=person,
        password=ctx.password,
        date_joined=ctx.now,
    )


def _people(
    ctx: Context,
    seed: int,
    province: AdministrativeUnit,
    communes: list[AdministrativeUnit],
    hamlets: dict[int, list[AdministrativeUnit]],
    members_per_commune: int,
) -> list[CommuneWorld]:
    tag = f"th{seed}"
    orgs: list[Organisation] = []
    kinds = [
        (OrganisationKind.PEOPLES_COMMITTEE, "Ủy ban nhân dân xã", "UBND"),
        (OrganisationKind.STEERING_COMMITTEE, "Ban Chỉ đạo các Chương trình MTQG xã", "BCĐ"),
        (OrganisationKind.FATHERLAND_FRONT, "Ủy ban MTTQ Việt Nam xã", "MTTQ"),
        (OrganisationKind.MASS_ORGANISATION, "Hội Nông dân xã", "HND"),
        (OrganisationKind.MASS_ORGANISATION, "Hội Liên hiệp Phụ nữ xã", "HLHPN"),
    ]
    for commune in communes:
        for order, (kind, label, abbr) in enumerate(kinds):
            name = f"{label} {commune.name}"
            orgs.append(
                Organisation(
                    unit=commune,
                    kind=kind,
                    name=name,
                    short_name=abbr,
                    abbreviation=abbr if order < 3 else "",
                    order=order + 1,
                    search=_search(f"{name} {abbr}"),
                )
            )
    orgs = _bulk(Organisation, orgs, ctx.tally)
    org_by_commune = {
        c.pk: orgs[i * len(kinds) : (i + 1) * len(kinds)] for i, c in enumerate(communes)
    }
    committees = _bulk(
        SteeringCommittee,
        [
            SteeringCommittee(
                unit=c,
                organisation=org_by_commune[c.pk][1],
                name=f"Ban Chỉ đạo các Chương trình MTQG xã {c.name}",
            )
            for c in communes
        ],
        ctx.tally,
    )
    people: list[Person] = []
    for commune in communes:
        ubnd = org_by_commune[commune.pk][0]
        people.append(_person(ctx, commune, ubnd))  # officer
        for _ in range(members_per_commune):
            people.append(_person(ctx, commune, ubnd))
        for hamlet in hamlets[commune.pk]:
            people.append(_person(ctx, hamlet, None))
    upper_person = _person(ctx, province, None)
    people.append(upper_person)
    people = _bulk(Person, people, ctx.tally)
    users: list[User] = []
    cursor = 0
    layout: list[tuple[Person, list[Person], list[Person]]] = []
    for commune in communes:
        officer = people[cursor]
        members = people[cursor + 1 : cursor + 1 + members_per_commune]
        cursor += 1 + members_per_commune
        heads = people[cursor : cursor + len(hamlets[commune.pk])]
        cursor += len(hamlets[commune.pk])
        layout.append((officer, members, heads))
        code = commune.code.lower()
        users.append(_user(ctx, f"{code}-canbo", officer))
        users += [_user(ctx, f"{code}-tv{k + 1:02d}", p) for k, p in enumerate(members)]
        users += [_user(ctx, f"{code}-ap{k + 1:02d}", p) for k, p in enumerate(heads)]
    users.append(_user(ctx, f"{tag}-tinh", people[-1]))
    users = _bulk(User, users, ctx.tally)
    user_by_person = {u.person_id: u for u in users}
    seats: list[CommitteeMember] = []
    roles: list[RoleAssignment] = []
    worlds: list[CommuneWorld] = []
    for commune, committee, (officer, members, heads) in zip(
        communes, committees, layout, strict=True
    ):
        for k, person in enumerate(members):
            role = (
                CommitteeRole.HEAD
                if k == 0
                else CommitteeRole.DEPUTY
                if k == 1
                else CommitteeRole.MEMBER
            )
            seats.append(
                CommitteeMember(
                    committee=committee,
                    person=person,
                    role=role,
                    sector=SECTORS[k % len(SECTORS)],
                    order=k + 1,
                )
            )
            roles.append(
                RoleAssignment(user=user_by_person[person.pk], role=Role.MEMBER, unit=commune)
            )
        roles.append(
            RoleAssignment(user=user_by_person[officer.pk], role=Role.OFFICER, unit=commune)
        )
        roles.append(
            RoleAssignment(user=user_by_person[members[0].pk], role=Role.LEADER, unit=commune)
        )
        for hamlet, head in zip(hamlets[commune.pk], heads, strict=True):
            roles.append(
                RoleAssignment(user=user_by_person[head.pk], role=Role.HAMLET_HEAD, unit=hamlet)
            )
    roles.append(RoleAssignment(user=users[-1], role=Role.UPPER_VIEWER, unit=province))
    seats = _bulk(CommitteeMember, seats, ctx.tally)
    _bulk(RoleAssignment, roles, ctx.tally)
    for i, (commune, committee, (officer, members, heads)) in enumerate(
        zip(communes, committees, layout, strict=True)
    ):
        mine = seats[i * members_per_commune : (i + 1) * members_per_commune]
        ubnd, bcd, mttq = org_by_commune[commune.pk][:3]
        worlds.append(
            CommuneWorld(
                commune=commune,
                hamlets=hamlets[commune.pk],
                ubnd=ubnd,
                bcd=bcd,
                mttq=mttq,
                committee=committee,
                members=mine,
                member_users=[user_by_person[p.pk] for p in members],
                officer=user_by_person[officer.pk],
                hamlet_heads={
                    h.pk: user_by_person[p.pk]
                    for h, p in zip(hamlets[commune.pk], heads, strict=True)
                },
                ability=ctx.rng.random(),
            )
        )
    return worlds


def _registrations(ctx: Context, worlds: list[CommuneWorld]) -> None:
    rows = []
    for world in worlds:
        for year in ctx.years:
            rows.append(
                SetRegistration(
                    unit=world.commune, criteria_set=ctx.commune_set.criteria_set, year=year
                )
            )
            rows += [
                SetRegistration(unit=h, criteria_set=ctx.hamlet_set.criteria_set, year=year)
                for h in world.hamlets
            ]
    _bulk(SetRegistration, rows, ctx.tally)
    _bulk(
        PublicPage,
        [
            PublicPage(unit=w.commune, enabled=True, intro=f"Trang công khai {SYNTHETIC}")
            for w in worlds
        ],
        ctx.tally,
    )


def _work_plans(ctx: Context, worlds: list[CommuneWorld]) -> None:
    """Assignments (a lead member per criterion and year), plans, tasks, one directive a year."""
    notices = _bulk(
        AssignmentNotice,
        [
            AssignmentNotice(
                unit=w.commune, committee=w.committee, year=y, number=1, date=dt.date(y, 1, 15)
            )
            for w in worlds
            for y in ctx.years
        ],
        ctx.tally,
    )
    assignments: list[Assignment] = []
    plans: list[Plan] = []
    it = iter(notices)
    for world in worlds:
        for year in ctx.years:
            notice = next(it)
            for k, (criterion, _) in enumerate(ctx.commune_set.criteria):
                lead = world.members[k % len(world.members)]
                assignments.append(
                    Assignment(
                        notice=notice, unit=world.commune, year=year, criterion=criterion, lead=lead
                    )
                )
                if k % 3 == 0:
                    plans.append(
                        Plan(
                            unit=world.commune,
                            year=year,
                            criterion=criterion,
                            owner=lead.person,
                            title=f"Kế hoạch thực hiện {criterion} năm {year}",
                            created_by=world.officer,
                        )
                    )
    _bulk(Assignment, assignments, ctx.tally)
    plans = _bulk(Plan, plans, ctx.tally)
    tasks: list[Task] = []
    for plan in plans:
        for k in range(4):
            deadline = dt.date(plan.year, 3 + 3 * k, 28)
            done = deadline < ctx.today and ctx.rng.random() < 0.7
            status = (
                TaskStatus.DONE
                if done
                else ctx.rng.choice([TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS])
            )
            tasks.append(
                Task(
                    unit=plan.unit,
                    plan=plan,
                    title=f"Nhiệm vụ {k + 1} – {plan.title}"[:300],
                    owner_person=plan.owner,
                    start=dt.date(plan.year, 1, 15),
                    deadline=deadline,
                    status=status,
                    progress=100 if done else ctx.rng.randint(0, 90),
                    completed_on=deadline if done else None,
                    budget_commune=ctx.rng.randint(0, 500) * 1_000_000,
                    created_by=plan.created_by,
                )
            )
    _bulk(Task, tasks, ctx.tally)
    directives = []
    for world in worlds:
        signer = world.members[0].person
        for year in ctx.years:
            directives.append(
                Directive(
                    unit=world.commune,
                    issuer=world.ubnd,
                    number=ctx.rng.randint(1, 200),
                    date=dt.date(year, 3, 1),
                    subject=f"Triển khai xây dựng nông thôn mới năm {year} {SYNTHETIC}",
                    signer=signer,
                    signer_title="Chủ tịch",
                    state=DirectiveState.ISSUED,
                    issued_at=ctx.now,
                )
            )
    directives = _bulk(Directive, directives, ctx.tally)
    items = []
    for directive in directives:
        issued = directive.date or dt.date(ctx.years[-1], 3, 1)
        items.append(
            DirectiveItem(
                directive=directive,
                order=1,
                group=RecipientGroup.MEMBERS,
                title="Rà soát tiêu chí",
                text="Rà soát, cập nhật số liệu các tiêu chí được phân công.",
                deadline=issued + dt.timedelta(days=60),
            )
        )
        items.append(
            DirectiveItem(
                directive=directive,
                order=2,
                group=RecipientGroup.HAMLET_HEADS,
                title="Vận động nhân dân",
                text="Vận động hộ dân tham gia chỉnh trang nhà ở, hàng rào.",
                deadline=issued + dt.timedelta(days=90),
            )
        )
    _bulk(DirectiveItem, items, ctx.tally)


def _reports(ctx: Context, worlds: list[CommuneWorld]) -> None:
    """A cycle per commune and reporting period, one submission per reporter, mostly done."""
    kinds = ["6thang", "9thang", "nam"]
    cycles: list[ReportCycle] = []
    for world in worlds:
        for year in ctx.years:
            for kind in kinds:
                period = ctx.periods[(kind, year)]
                if period.end - dt.timedelta(days=20) > ctx.today:
                    continue
                cycles.append(
                    ReportCycle(
                        unit=world.commune,
                        period=period,
                        title=f"Báo cáo {period.label[0].lower()}{period.label[1:]}",
                        deadline=period.end + dt.timedelta(days=5),
                        opened_by=world.officer,
                    )
                )
    cycles = _bulk(ReportCycle, cycles, ctx.tally)
    by_commune = {w.commune.pk: w for w in worlds}
    submissions: list[Submission] = []
    for cycle in cycles:
        world = by_commune[cycle.unit_id]
        period = cycle.period
        open_now = period.end >= ctx.today - dt.timedelta(days=30)
        deadline = period.end - dt.timedelta(days=3)

        def status(open_now: bool = open_now) -> str:
            if not open_now:
                return SubmissionStatus.APPROVED
            return ctx.rng.choice(list(SubmissionStatus))

        reporters: list[dict[str, Any]] = []
        leads = {}
        for k, _ in enumerate(ctx.commune_set.criteria):
            leads[world.members[k % len(world.members)].pk] = k % len(world.members)
        for member_pk, index in leads.items():
            reporters.append(
                {
                    "kind": ReporterKind.MEMBER,
                    "key": f"member:{member_pk}",
                    "unit": world.commune,
                    "member_id": member_pk,
                    "responsible": world.member_users[index],
                }
            )
        for hamlet in world.hamlets:
            reporters.append(
                {
                    "kind": ReporterKind.HAMLET,
                    "key": f"hamlet:{hamlet.pk}",
                    "unit": hamlet,
                    "responsible": world.hamlet_heads[hamlet.pk],
                }
            )
        reporters.append(
            {
                "kind": ReporterKind.ORGANISATION,
                "key": f"organisation:{world.mttq.pk}",
                "unit": world.commune,
                "organisation": world.mttq,
                "responsible": None,
            }
        )
        for reporter in reporters:
            state = status()
            submitted = state in {SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED}
            submissions.append(
                Submission(
                    cycle=cycle,
                    reporter_kind=reporter["kind"],
                    reporter_key=reporter["key"],
                    unit=reporter["unit"],
                    member_id=reporter.get("member_id"),
                    organisation=reporter.get("organisation"),
                    responsible=reporter["responsible"],
                    deadline=deadline,
                    status=state,
                    results="Hoàn thành các nhiệm vụ trong kỳ." if submitted else "",
                    submitted_at=ctx.now if submitted else None,
                    submitted_on=deadline if submitted else None,
                    submitted_by=reporter["responsible"] if submitted else None,
                    approved_at=ctx.now if state == SubmissionStatus.APPROVED else None,
                )
            )
    _bulk(Submission, submissions, ctx.tally)
    _bulk(CommuneReport, [CommuneReport(cycle=c) for c in cycles], ctx.tally)


def _documents_and_contributions(ctx: Context, worlds: list[CommuneWorld]) -> None:
    doc_type = DocumentType.objects.filter(active=True).order_by("order", "pk").first()
    if doc_type is not None:
        documents = []
        for world in worlds:
            for year in ctx.years:
                for number in range(1, 7):
                    subject = (
                        f"Kế hoạch số {number} về xây dựng nông thôn mới năm {year} {SYNTHETIC}"
                    )
                    documents.append(
                        Document(
                            direction=Direction.OUTGOING,
                            unit=world.commune,
                            organisation=world.ubnd,
                            doc_type=doc_type,
                            number=number,
                            year=year,
                            symbol=f"{doc_type.abbreviation or 'KH'}-UBND",
                            date=dt.date(year, 1 + number, 10),
                            subject=subject,
                            signer_name=world.members[0].person.full_name,
                            status=DocumentStatus.ISSUED,
                            is_illustrative=True,
                            issued_at=ctx.now,
                            search=_search(f"{doc_type.name} {number} {subject}"),
                        )
                    )
        _bulk(Document, documents, ctx.tally)
    source = FundingSource.objects.filter(is_community=True).order_by("order").first()
    if source is None:
        return
    works = []
    for world in worlds:
        for hamlet in world.hamlets[:4]:
            name = f"Đường bê tông {hamlet.display_name} {SYNTHETIC}"
            works.append(
                Work(
                    unit=hamlet,
                    name=name,
                    is_public=True,
                    search=_search(name),
                    start_date=dt.date(ctx.years[-1], 2, 1),
                )
            )
    works = _bulk(Work, works, ctx.tally)
    contributions = []
    for work in works:
        for k in range(8):
            contributions.append(
                Contribution(
                    unit=work.unit,
                    work=work,
                    source=source,
                    kind=ContributionKind.MONEY,
                    date=dt.date(ctx.years[-1], 3, 1 + k),
                    contributor_kind=ContributorKind.HOUSEHOLD,
                    contributor_name=f"Hộ {_name(ctx.rng)}",
                    amount=ctx.rng.randint(1, 50) * 100_000,
                )
            )
    _bulk(Contribution, contributions, ctx.tally)


def _reference(ctx_years: list[int]) -> dict[tuple[str, int], Period]:
    load_reference()
    load_period_kinds()
    if not CriteriaSet.objects.exclude(code__in=[COMMUNE_SET_CODE, HAMLET_SET_CODE]).exists():
        load_shipped_sets()
    kinds = sorted({*COMMUNE_PERIOD_KINDS, *HAMLET_PERIOD_KINDS})
    return {(k, y): ensure_period(k, y) for y in ctx_years for k in kinds}


def generate(
    *,
    communes: int = 170,
    hamlets_per_commune: int = 12,
    years: int = 3,
    seed: int = 42,
    last_year: int = 2024,
    today: dt.date | None = None,
    members_per_commune: int = 12,
    log: Callable[[str], None] = lambda _line: None,
) -> Tally:
    """Build the province. Refuses (AlreadyGenerated) if this seed's province exists."""
    if AdministrativeUnit.objects.filter(code=province_code(seed)).exists():
        raise AlreadyGenerated(province_code(seed))
    tally = Tally()
    today = today or dt.date(last_year, 10, 15)
    year_list = list(range(last_year - years + 1, last_year + 1))
    started = time.perf_counter()
    mark = started

    def step(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        tally.steps.append((name, now - mark))
        log(f"  {name}: {now - mark:.1f} s")
        mark = now

    with transaction.atomic():
        periods = _reference(year_list)
        commune_set = _synthetic_set(COMMUNE_SET_CODE, SetLevel.COMMUNE, 19, 3)
        hamlet_set = _synthetic_set(HAMLET_SET_CODE, SetLevel.HAMLET, 10, 2)
        region = Region.objects.filter(code="DNB").first()
        ctx = Context(
            rng=random.Random(seed),
            tally=tally,
            today=today,
            years=year_list,
            periods=periods,
            commune_set=commune_set,
            hamlet_set=hamlet_set,
            keys=rules.UnitKeys(
                target_keys=TargetKeys.NONE,
                region=region.code if region else "",
                region_label=region.name if region else "",
            ),
            # One hash for every synthetic account: hashing 5,000 passwords would take minutes.
            password=make_password(BENCH_PASSWORD, salt=f"bench{seed}"),
            now=timezone.make_aware(dt.datetime.combine(today, dt.time(9))),
        )
        step("danh mục, bộ tiêu chí")
        province, commune_units, hamlets = _units(ctx, communes, hamlets_per_commune, seed)
        step("đơn vị hành chính")
        worlds = _people(ctx, seed, province, commune_units, hamlets, members_per_commune)
        step("người, tài khoản, Ban Chỉ đạo")
        _registrations(ctx, worlds)
        step("đăng ký bộ tiêu chí")
    for start in range(0, len(worlds), 10):
        chunk = worlds[start : start + 10]
        with transaction.atomic():
            _values_and_results(
                ctx,
                [(w.commune, w.ability) for w in chunk],
                commune_set,
                COMMUNE_PERIOD_KINDS,
                {w.commune.pk: w.officer for w in chunk},
            )
            _values_and_results(
                ctx,
                [
                    (h, min(1.0, max(0.0, w.ability + ctx.rng.uniform(-0.3, 0.3))))
                    for w in chunk
                    for h in w.hamlets
                ],
                hamlet_set,
                HAMLET_PERIOD_KINDS,
                {h.pk: w.hamlet_heads[h.pk] for w in chunk for h in w.hamlets},
            )
    step("số liệu và kết quả đánh giá")
    with transaction.atomic():
        _work_plans(ctx, worlds)
        step("phân công, kế hoạch, nhiệm vụ, chỉ đạo")
        _reports(ctx, worlds)
        step("kỳ báo cáo, báo cáo")
        _documents_and_contributions(ctx, worlds)
        step("văn bản, công trình, đóng góp")
    # Fresh statistics for the query planner after a bulk load (SQLite has none until ANALYZE).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    step("ANALYZE")
    tally.steps.append(("tổng", time.perf_counter() - started))
    return tally

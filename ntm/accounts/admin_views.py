"""Province and commune administration screens (/quan-ly/): units, people, accounts, roles
and role periods, password resets, unlocking, required second factor, bulk import.

Every object is loaded through the person's scope (outside: 404); the administrator role is
checked after loading (inside scope without it: 403). Every write is audited (history rows
for units, people and roles; the account log for passwords, locks and unlocks).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ntm.accounts import administration as adm
from ntm.accounts import permissions
from ntm.accounts.admin_forms import (
    AccountForm,
    CommuneClassForm,
    CommuneGroupForm,
    FirstRunForm,
    HamletForm,
    PersonAddForm,
    RoleForm,
    SecondFactorForm,
    UnitsImportForm,
)
from ntm.accounts.models import (
    AccountAction,
    Organisation,
    Person,
    RoleAssignment,
    SecondFactorRequirement,
    User,
)
from ntm.accounts.provincial_setup import (
    AdminAccount,
    SetupError,
    province_exists,
    setup_province,
)
from ntm.accounts.scope import get_visible_or_404
from ntm.accounts.units_import import import_units_xlsx, template_xlsx
from ntm.core import clock
from ntm.geography.models import (
    AdministrativeUnit,
    CommuneClassAssignment,
    CommuneGroupAssignment,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unit_for_admin(request: HttpRequest, pk: int) -> AdministrativeUnit:
    unit = get_visible_or_404(
        AdministrativeUnit.objects.select_related("level", "parent"), request.user, pk=pk
    )
    if not permissions.can_administer(request.user, unit):
        raise PermissionDenied("Chỉ quản trị của tỉnh hoặc của xã được quản lý đơn vị này.")
    return unit


@login_required
@require_http_methods(["GET", "POST"])
def first_run(request: HttpRequest) -> HttpResponse:
    """From an empty database to a province: the system administrator (createsuperuser)
    chooses the province; its office, first administrator and communes are created."""
    if not request.user.is_superuser:  # type: ignore[union-attr]
        raise PermissionDenied("Chỉ quản trị hệ thống thiết lập tỉnh.")
    if province_exists():
        return redirect("administration:index")
    form = FirstRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = setup_province(
                province_code=data["province"],
                admins=[AdminAccount(data["username"], data["password"], data["full_name"])],
                by=request.user,
            )
        except SetupError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Đã thiết lập {result.province.display_name} với {len(result.communes)} xã, "
                f"phường. Tiếp theo: nhập ấp, thôn, người và vai trò từ Excel.",
            )
            return redirect("administration:index")
    return render(request, "administration/first_run.html", {"form": form})


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if request.user.is_superuser and not province_exists():  # type: ignore[union-attr]
        return redirect("administration:first_run")
    units = adm.administered_units(request.user)
    if not units:
        raise PermissionDenied("Chỉ quản trị của tỉnh hoặc của xã dùng được trang này.")
    return render(request, "administration/index.html", {"units": units})


@login_required
@require_http_methods(["GET", "POST"])
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_for_admin(request, pk)
    organisations = Organisation.objects.filter(unit=unit)
    hamlet_form = HamletForm(prefix="ap")
    person_form = PersonAddForm(prefix="nguoi", organisations=organisations)
    required = set(SecondFactorRequirement.objects.filter(unit=unit).values_list("role", flat=True))
    factor_form = SecondFactorForm(prefix="hb", initial={"roles": sorted(required)})
    action = request.POST.get("action")
    if action == "hamlet" and unit.level.is_commune:
        hamlet_form = HamletForm(request.POST, prefix="ap")
        if hamlet_form.is_valid():
            data = hamlet_form.cleaned_data
            if unit.children.filter(kind_name=data["kind_name"], name=data["name"]).exists():
                hamlet_form.add_error("name", "Xã đã có ấp, thôn này.")
            else:
                hamlet = adm.add_hamlet(
                    commune=unit, kind_name=data["kind_name"], name=data["name"], by=request.user
                )
                messages.success(request, f"Đã thêm {hamlet.display_name}.")
                return redirect("administration:unit", pk=unit.pk)
    elif action == "person":
        person_form = PersonAddForm(request.POST, prefix="nguoi", organisations=organisations)
        if person_form.is_valid():
            person = person_form.save(commit=False)
            person.unit = unit
            person.save()
            messages.success(request, f"Đã thêm {person.full_name}.")
            return redirect("administration:person", pk=person.pk)
    elif action == "second_factor":
        factor_form = SecondFactorForm(request.POST, prefix="hb")
        if factor_form.is_valid():
            adm.set_second_factor(
                unit=unit, roles=set(factor_form.cleaned_data["roles"]), by=request.user
            )
            messages.success(request, "Đã lưu yêu cầu xác thực hai bước.")
            return redirect("administration:unit", pk=unit.pk)
    children = unit.children.select_related("level").order_by("kind_name", "name")
    people = (
        Person.objects.filter(unit=unit)
        .select_related("position", "organisation", "user")
        .order_by("sort_name")
    )
    return render(
        request,
        "administration/unit.html",
        {
            "unit": unit,
            "children": children,
            "people": people,
            "hamlet_form": hamlet_form if unit.level.is_commune else None,
            "person_form": person_form,
            "factor_form": factor_form,
        },
    )


def _role_units(request: HttpRequest, person: Person) -> list[AdministrativeUnit]:
    """The person's unit and the units above it that the administrator administers."""
    units = [*person.unit.ancestors(), person.unit]
    return [u for u in units if permissions.can_administer(request.user, u)]


@login_required
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(
        Person.objects.select_related("unit", "unit__level", "organisation", "position"),
        request.user,
        pk=pk,
    )
    if not permissions.can_administer(request.user, person.unit):
        raise PermissionDenied("Chỉ quản trị của tỉnh hoặc của xã được quản lý người này.")
    account = User.objects.filter(person=person).first()
    units = _role_units(request, person)
    roles = sorted(
        {r for u in units for r in adm.grantable_roles(request.user, u)}, key=lambda r: r.label
    )
    role_form = RoleForm(prefix="vt", roles=roles, units=units)
    account_form = AccountForm(prefix="tk")
    action = request.POST.get("action")
    if request.method == "POST":
        if action == "account" and account is None:
            account_form = AccountForm(request.POST, prefix="tk")
            if account_form.is_valid():
                password = adm.create_account(
                    person=person, username=account_form.cleaned_data["username"], by=request.user
                )
                messages.success(
                    request,
                    f"Đã tạo tài khoản {account_form.cleaned_data['username']}. Mật khẩu ban đầu "
                    f"(chỉ hiện một lần, hãy trao tận tay): {password}",
                )
                return redirect("administration:person", pk=person.pk)
        elif account is not None and action == "reset_password":
            password = adm.reset_password(account=account, by=request.user)
            messages.success(
                request, f"Mật khẩu mới của {account.username} (chỉ hiện một lần): {password}"
            )
            return redirect("administration:person", pk=person.pk)
        elif account is not None and action == "unlock":
            adm.unlock(account=account, by=request.user)
            messages.success(request, f"Đã mở khóa đăng nhập cho {account.username}.")
            return redirect("administration:person", pk=person.pk)
        elif account is not None and action in {"deactivate", "activate"}:
            if account == request.user:
                raise PermissionDenied("Không tự khóa tài khoản của mình.")
            adm.set_active(account=account, active=action == "activate", by=request.user)
            messages.success(request, "Đã lưu.")
            return redirect("administration:person", pk=person.pk)
        elif account is not None and action == "role":
            role_form = RoleForm(request.POST, prefix="vt", roles=roles, units=units)
            if role_form.is_valid():
                data = role_form.cleaned_data
                target = next(u for u in units if str(u.pk) == data["unit"])
                if data["role"] not in adm.grantable_roles(request.user, target):
                    role_form.add_error("role", "Vai trò này không giao được tại đơn vị đã chọn.")
                else:
                    adm.give_role(
                        account=account,
                        role=data["role"],
                        unit=target,
                        valid_from=data["valid_from"],
                        valid_to=data["valid_to"],
                        by=request.user,
                    )
                    messages.success(request, "Đã giao vai trò.")
                    return redirect("administration:person", pk=person.pk)
        elif account is not None and action == "end_role":
            assignment = (
                RoleAssignment.objects.filter(user=account, pk=request.POST.get("assignment") or 0)
                .select_related("unit")
                .first()
            )
            if assignment is None or not permissions.can_administer(request.user, assignment.unit):
                raise PermissionDenied
            adm.end_role(assignment=assignment, last_day=clock.today(), by=request.user)
            messages.success(request, "Đã kết thúc vai trò từ hôm nay.")
            return redirect("administration:person", pk=person.pk)
    assignments = (
        RoleAssignment.objects.filter(user=account).select_related("unit").order_by("unit__path")
        if account
        else []
    )
    return render(
        request,
        "administration/person.html",
        {
            "person": person,
            "account": account,
            "assignments": assignments,
            "log": AccountAction.objects.filter(account=account).select_related("by")[:20]
            if account
            else [],
            "role_form": role_form,
            "account_form": account_form,
            "today": clock.today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def units_import(request: HttpRequest) -> HttpResponse:
    if not adm.administered_units(request.user):
        raise PermissionDenied("Chỉ quản trị của tỉnh hoặc của xã được nhập tệp này.")
    form = UnitsImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        user = request.user
        result = import_units_xlsx(
            form.cleaned_data["file"],
            by=user,
            scope=lambda unit: permissions.can_administer(user, unit),
        )
    return render(request, "administration/import.html", {"form": form, "result": result})


@login_required
def units_template(request: HttpRequest) -> HttpResponse:
    if not adm.administered_units(request.user):
        raise PermissionDenied
    response = HttpResponse(template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-don-vi-nguoi.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def commune_groups(request: HttpRequest, pk: int) -> HttpResponse:
    """Nhóm xã by year and loại xã by span of years, for the communes of a province; set by the
    province's administrators and its coordination office."""
    from django.core.exceptions import ValidationError

    from ntm.accounts.models import Role
    from ntm.accounts.scope import has_role

    province = get_visible_or_404(
        AdministrativeUnit.objects.select_related("level"), request.user, pk=pk
    )
    if province.parent_id is not None or not (
        permissions.can_administer(request.user, province)
        or has_role(request.user, {Role.UPPER_VIEWER}, province)
    ):
        raise PermissionDenied("Chỉ tỉnh (quản trị, văn phòng điều phối) xếp nhóm và loại xã.")
    communes = list(province.children.filter(level__is_commune=True).order_by("name"))
    try:
        year = int(request.GET.get("nam") or clock.today().year)
    except ValueError:
        year = clock.today().year
    group_form = CommuneGroupForm(prefix="nhom", communes=communes, initial={"year": year})
    class_form = CommuneClassForm(prefix="loai", communes=communes)
    by_pk = {str(c.pk): c for c in communes}
    action = request.POST.get("action")
    if action == "group":
        group_form = CommuneGroupForm(request.POST, prefix="nhom", communes=communes)
        if group_form.is_valid():
            data = group_form.cleaned_data
            row = CommuneGroupAssignment.objects.filter(
                unit=by_pk[data["commune"]], year=data["year"]
            ).first() or CommuneGroupAssignment(unit=by_pk[data["commune"]], year=data["year"])
            row.group, row.basis = data["group"], data["basis"]
            row.save()
            messages.success(request, "Đã lưu nhóm xã.")
            return redirect(f"{request.path}?nam={data['year']}")
    elif action == "class":
        class_form = CommuneClassForm(request.POST, prefix="loai", communes=communes)
        if class_form.is_valid():
            data = class_form.cleaned_data
            span = CommuneClassAssignment(
                unit=by_pk[data["commune"]],
                year_from=data["year_from"],
                year_to=data["year_to"],
                commune_class=data["commune_class"],
                basis=data["basis"],
            )
            try:
                span.full_clean()
            except ValidationError as exc:
                for message in exc.messages:
                    class_form.add_error(None, message)
            else:
                span.save()
                messages.success(request, "Đã lưu loại xã.")
                return redirect(f"{request.path}?nam={year}")
    groups = {
        g.unit_id: g
        for g in CommuneGroupAssignment.objects.filter(unit__in=communes, year=year).select_related(
            "group"
        )
    }
    classes: dict[int, list[CommuneClassAssignment]] = {}
    for c in CommuneClassAssignment.objects.filter(unit__in=communes).order_by("year_from"):
        classes.setdefault(c.unit_id, []).append(c)
    rows = [(c, groups.get(c.pk), classes.get(c.pk, [])) for c in communes]
    return render(
        request,
        "administration/commune_groups.html",
        {
            "province": province,
            "year": year,
            "rows": rows,
            "group_form": group_form,
            "class_form": class_form,
        },
    )

"""Stand-in for `setup_province` + `import_units` while those commands are not in this branch:
the province, two communes with their hamlets and the commune officers' accounts, made through
the ORM exactly as the XLSX describes them. Run by scripts/e2e-production.sh with
`manage.py shell -c "exec(open('scripts/e2e/fallback_setup.py').read())"`, env E2E_XLSX,
E2E_PROVINCE, E2E_PASSWORD_FILE.
"""

import os

from django.db import transaction
from openpyxl import load_workbook

from ntm.accounts.models import Organisation, OrganisationKind, Person, Role, RoleAssignment, User
from ntm.geography.models import AdministrativeUnit, Level

ROLES = {label: value for value, label in Role.choices}
password = open(os.environ["E2E_PASSWORD_FILE"], encoding="utf-8").read().strip()  # noqa: SIM115
book = load_workbook(os.environ["E2E_XLSX"], read_only=True)
levels = {level.code: level for level in Level.objects.all()}
with transaction.atomic():
    province, _ = AdministrativeUnit.objects.get_or_create(
        level=levels["tinh"],
        code=os.environ["E2E_PROVINCE"],
        defaults={"name": "Thử nghiệm", "kind_name": "Tỉnh"},
    )
    communes = {}
    for code, name, kind in list(book["Xã"].iter_rows(values_only=True))[1:]:
        communes[code], _ = AdministrativeUnit.objects.get_or_create(
            level=levels["xa"],
            parent=province,
            code=code,
            defaults={"name": name, "kind_name": kind},
        )
        Organisation.objects.get_or_create(
            unit=communes[code],
            kind=OrganisationKind.PEOPLES_COMMITTEE,
            defaults={"name": f"UBND xã {name}"},
        )
    hamlets = {}
    for code, name, kind in list(book["Ấp"].iter_rows(values_only=True))[1:]:
        hamlets[(code, name)], _ = AdministrativeUnit.objects.get_or_create(
            level=levels["ap"], parent=communes[code], name=name, defaults={"kind_name": kind}
        )
    for code, hamlet, full_name, _position, phone, email, username, role in list(
        book["Người"].iter_rows(values_only=True)
    )[1:]:
        unit = hamlets[(code, hamlet)] if hamlet else communes[code]
        person, _ = Person.objects.get_or_create(
            full_name=full_name, unit=unit, defaults={"phone": phone or "", "email": email or ""}
        )
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "person": person}
        )
        if created:
            user.set_password(password)
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=ROLES[role], unit=unit)
print(f"fallback: {len(communes)} xã, {len(hamlets)} ấp, {User.objects.count()} tài khoản")

"""The process a crash test kills: runs one service against the database named by the
environment (SQLITE_PATH or DATABASE_URL), as a real server process would.

    python -m tests.security.crash_child import <workbook.xlsx> <username>
    python -m tests.security.crash_child approve <submission id> <username>

With ``NTM_FAULTPOINT`` set it stops at that point (see ntm.core.faults) and waits to be killed.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.settings")
    import django

    django.setup()
    from ntm.accounts.models import User

    mode, target, username = argv
    user = User.objects.get(username=username)
    if mode == "import":
        from ntm.criteria.xlsx_import import import_set_xlsx

        with open(target, "rb") as handle:
            result = import_set_xlsx(handle, user=user, filename="crash.xlsx")
        if not result.ok:
            print("\n".join(str(e) for e in result.errors), file=sys.stderr)
            return 2
        return 0
    if mode == "approve":
        from ntm.reports.models import Submission
        from ntm.reports.services import approve

        approve(user=user, submission=Submission.objects.get(pk=int(target)))
        return 0
    print(f"unknown mode {mode}", file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Base QuerySet for rows bound to an administrative unit (see :mod:`ntm.accounts.scope`)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

_M = TypeVar("_M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[_M]):
    """``visible_to(user)``: the rows whose unit lies in the user's scope.

    Subclasses set ``scope_field`` to the path from the row to its unit ("unit",
    "plan__unit", …).
    """

    scope_field = "unit"

    def visible_to(self, user: Any) -> ScopedQuerySet[_M]:
        from ntm.accounts.scope import scope_q

        return self.filter(scope_q(user, self.scope_field))

"""Every URL of the criteria catalogue, for tests/test_url_scope.py.

The catalogue is public legal data and not bound to a unit: no signed-in person gets a 404
for it (``outsiders`` is empty). Who may import or edit is tested in test_views.py (403).
"""

from __future__ import annotations

from ntm.criteria.tests.factories import world_set, world_target
from tests.scope import Case

CASES: dict[str, Case] = {
    "criteria:set_list": Case(outsiders=()),
    "criteria:set_import": Case(insider="admin", outsiders=()),
    "criteria:set_derive": Case(insider="upper", outsiders=()),
    "criteria:set_detail": Case(kwargs=world_set, outsiders=()),
    "criteria:set_export": Case(kwargs=world_set, outsiders=()),
    "criteria:set_history": Case(kwargs=world_set, outsiders=()),
    "criteria:target_edit": Case(kwargs=world_target, insider="admin", outsiders=()),
    "criteria:target_history": Case(kwargs=world_target, outsiders=()),
}

"""The administration screens (/quan-ly/), for tests/test_url_scope.py."""

from __future__ import annotations

from tests.scope import Case

CASES: dict[str, Case] = {
    "administration:index": Case(insider="admin", outsiders=()),
    # Only a superuser on an empty database sets up a province; with the world's province
    # it sends the superuser on; other people get 403 (tested in test_provincial_setup.py).
    "administration:first_run": Case(insider="admin", outsiders=(), expect=403),
    "administration:unit": Case(
        kwargs=lambda w: {"pk": w.commune.pk}, insider="admin", outsiders=("outsider",)
    ),
    "administration:person": Case(
        kwargs=lambda w: {"pk": w.people["hamlet_head"].pk},
        insider="admin",
        outsiders=("outsider", "outsider_head", "hamlet_head2"),
    ),
    "administration:commune_groups": Case(
        kwargs=lambda w: {"pk": w.province.pk}, insider="upper", outsiders=()
    ),
    "administration:units_import": Case(insider="admin", outsiders=()),
    "administration:units_template": Case(insider="admin", outsiders=()),
}

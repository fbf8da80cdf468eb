"""``{% status_badge obj.status "kind" %}``: the one way a template shows a status (builtin)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from ntm.core import badges

register = template.Library()


@register.simple_tag
def status_badge(status: Any, kind: str | None = None, label: str = "", id: str = "") -> str:
    """A ``<span class="badge …">`` with the status's Vietnamese words.

    ``label`` replaces the words when a screen must say more (for example that a result
    rests on an illustrative threshold); the colour still comes from the status.
    """
    shown = badges.badge(status, kind)
    if id:
        return format_html(
            '<span class="badge {}" id="{}">{}</span>', shown.tone, id, label or shown.label
        )
    return format_html('<span class="badge {}">{}</span>', shown.tone, label or shown.label)

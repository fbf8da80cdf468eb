"""Administrator search that finds what the screens find.

Django's admin compares the typed text with the stored text as is, so "Tân Lợi" typed in
decomposed Unicode (NFD, as some keyboards send it) or "dinh quoc duy" without diacritics
finds nothing. :class:`VietnameseSearchMixin` normalises the query (NFC) for Django's own
search and adds the rows whose normalised search key (``search`` column, see
:func:`ntm.core.models.search_q`) matches every word, diacritics and case ignored. Models
without such a column name the text fields to fold in ``folded_search_fields`` (a small table:
users).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q

from ntm.core.models import search_q
from ntm.core.text import normalize, search_key


class VietnameseSearchMixin:
    search_key_fields: tuple[str, ...] = ("search",)
    folded_search_fields: tuple[str, ...] = ()

    def get_search_results(self, request: Any, queryset: Any, search_term: str) -> Any:
        term = normalize(search_term or "")
        results, may_have_duplicates = super().get_search_results(  # type: ignore[misc]
            request, queryset, term
        )
        words = search_key(term).split()
        if not words:
            return results, may_have_duplicates
        condition = Q(pk__in=[])
        for name in self.search_key_fields:
            if self._has_path(queryset.model, name):
                condition |= search_q(term, name)
        if self.folded_search_fields:
            matching = [
                row[0]
                for row in queryset.values_list("pk", *self.folded_search_fields)
                if all(
                    f" {word}" in " " + search_key(" ".join(str(v or "") for v in row[1:]))
                    for word in words
                )
            ]
            condition |= Q(pk__in=matching)
        return results | queryset.filter(condition), may_have_duplicates

    @staticmethod
    def _has_path(model: Any, path: str) -> bool:
        for part in path.split("__"):
            try:
                field = model._meta.get_field(part)
            except FieldDoesNotExist:
                return False
            model = field.related_model or model
        return True

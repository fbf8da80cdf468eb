"""Administrator screens for the catalogue (Django admin, in Vietnamese). Every change is
audited (SimpleHistoryAdmin); the loader never overwrites a row a person changed here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ntm.criteria.models import (
    CriteriaSet,
    Criterion,
    CriterionGroup,
    Indicator,
    LegalBasis,
    Period,
    PeriodKind,
    Programme,
    Target,
)


class VersionedAdmin(SimpleHistoryAdmin):
    """An admin save is an edit like any other: the optimistic-lock version moves on."""

    readonly_fields = ["version"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "start_year", "end_year"]
    search_fields = ["name", "code"]


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0
    fields = ["document", "date", "issuer", "part", "verified", "order"]


class GroupInline(admin.TabularInline):
    model = CriterionGroup
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(VersionedAdmin):
    list_display = ["code", "short_name", "level", "period", "is_provincial", "extends", "order"]
    list_filter = ["level", "period", "is_provincial"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["province"]
    inlines = [LegalBasisInline, GroupInline]


@admin.register(LegalBasis)
class LegalBasisAdmin(SimpleHistoryAdmin):
    list_display = ["document", "criteria_set", "date", "part", "verified"]
    list_filter = ["verified", "criteria_set"]
    search_fields = ["document", "title"]


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "criteria_set", "group", "name_verified", "sector_verified"]
    list_filter = ["criteria_set", "name_verified"]
    search_fields = ["name", "sector"]
    list_select_related = ["criteria_set", "group"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "criterion", "kind", "comparison", "name_verified"]
    list_filter = ["criterion__criteria_set", "kind", "comparison", "name_verified"]
    search_fields = ["code", "name"]
    list_select_related = ["criterion__criteria_set"]


@admin.register(Target)
class TargetAdmin(VersionedAdmin):
    list_display = ["__str__", "legal_text", "value", "value_choice", "verified", "is_illustrative"]
    list_filter = ["verified", "is_illustrative", "indicator__criterion__criteria_set", "key"]
    search_fields = ["indicator__code", "legal_text", "source"]
    list_select_related = ["indicator"]
    raw_id_fields = ["indicator"]


@admin.register(PeriodKind)
class PeriodKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "start_month", "end_month", "is_cumulative", "order"]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "year", "start", "end"]
    list_filter = ["kind", "year"]

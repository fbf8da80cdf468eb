from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ntm.core.admin_search import VietnameseSearchMixin
from ntm.geography.models import (
    AdministrativeUnit,
    CommuneClassAssignment,
    CommuneGroup,
    CommuneGroupAssignment,
    Level,
    Region,
)


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "rank", "is_commune", "is_hamlet", "valid_to"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(CommuneGroup)
class CommuneGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(VietnameseSearchMixin, SimpleHistoryAdmin):
    list_display = ["ten_don_vi", "level", "code", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "region"]
    search_fields = ["search", "name", "code"]
    autocomplete_fields = ["parent", "replaced_by"]
    exclude = ["search"]

    @admin.display(description="Tên đơn vị", ordering="name")
    def ten_don_vi(self, unit: AdministrativeUnit) -> str:
        return unit.display_name


@admin.register(CommuneGroupAssignment)
class CommuneGroupAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "group"]
    list_filter = ["year", "group"]
    autocomplete_fields = ["unit"]


@admin.register(CommuneClassAssignment)
class CommuneClassAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "commune_class", "year_from", "year_to", "basis"]
    list_filter = ["commune_class", "year_from"]
    search_fields = ["unit__name", "basis"]
    autocomplete_fields = ["unit"]

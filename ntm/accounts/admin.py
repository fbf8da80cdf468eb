"""Administrator screens (Django admin, in Vietnamese). History is shown, never edited."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from ntm.accounts.models import (
    AccessLog,
    CommitteeMember,
    Organisation,
    Person,
    Position,
    RoleAssignment,
    SteeringCommittee,
    User,
)
from ntm.core.admin_search import VietnameseSearchMixin


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit", "organisation"]


@admin.register(User)
class UserAdmin(VietnameseSearchMixin, BaseUserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    search_key_fields = ("person__search",)
    folded_search_fields = ("username", "full_name", "email")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("Thông tin ntm", {"fields": ("full_name", "person")}),
    )
    autocomplete_fields = ["person"]
    inlines = [RoleInline]


@admin.register(Organisation)
class OrganisationAdmin(VietnameseSearchMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "unit"]
    list_filter = ["kind"]
    search_fields = ["search", "name"]
    autocomplete_fields = ["unit"]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(VietnameseSearchMixin, SimpleHistoryAdmin):
    list_display = ["full_name", "position", "organisation", "unit", "is_fictional"]
    search_fields = ["search", "full_name"]
    autocomplete_fields = ["unit", "organisation"]


class MemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(SteeringCommittee)
class SteeringCommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit"]
    inlines = [MemberInline]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "object_label"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

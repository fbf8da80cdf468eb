"""Administrator screens (Django admin, in Vietnamese). History is shown, never edited."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from ntm.accounts.models import (
    AccessLog,
    CommitteeMember,
    Organisation,
    Person,
    Position,
    Role,
    RoleAssignment,
    SecondFactorRule,
    SteeringCommittee,
    User,
    UserSession,
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
    actions = ["dang_xuat_moi_noi"]

    @admin.action(description="Đăng xuất khỏi mọi thiết bị (mất điện thoại, thôi việc)")
    def dang_xuat_moi_noi(self, request, queryset):  # type: ignore[no-untyped-def]
        from ntm.accounts.sessions import end_all_sessions

        count = sum(end_all_sessions(user) for user in queryset)
        self.message_user(request, f"Đã kết thúc {count} phiên đăng nhập.")


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


@admin.register(SecondFactorRule)
class SecondFactorRuleAdmin(admin.ModelAdmin):
    """The province administrator makes two-step verification mandatory per role."""

    list_display = ["vai_tro", "required", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]

    @admin.display(description="Vai trò", ordering="role")
    def vai_tro(self, rule: SecondFactorRule) -> str:
        return dict(Role.choices).get(rule.role, rule.role)

    def formfield_for_dbfield(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name == "role":
            return forms.ChoiceField(label="Vai trò", choices=Role.choices)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "device", "ip_address", "created_at", "last_seen"]
    search_fields = ["user__username", "user__full_name"]
    actions = ["ket_thuc"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    @admin.action(description="Đăng xuất mọi phiên của những người dùng đã chọn")
    def ket_thuc(self, request, queryset):  # type: ignore[no-untyped-def]
        from ntm.accounts.sessions import end_all_sessions

        users = User.objects.filter(pk__in=queryset.values("user"))
        count = sum(end_all_sessions(user) for user in users)
        self.message_user(request, f"Đã kết thúc {count} phiên.")

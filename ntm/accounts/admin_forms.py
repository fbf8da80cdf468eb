"""Forms of the province and commune administration screens."""

from __future__ import annotations

from typing import Any

from django import forms

from ntm.accounts.administration import HAMLET_KINDS
from ntm.accounts.models import Person, Role, User
from ntm.accounts.units_import import _valid_username
from ntm.core import uploads
from ntm.core.forms import VNPlainIntegerField


class HamletForm(forms.Form):
    kind_name = forms.ChoiceField(label="Gọi là", choices=[(k, k) for k in HAMLET_KINDS])
    name = forms.CharField(label="Tên ấp, thôn", max_length=150)


class PersonAddForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "organisation", "position", "phone", "email"]

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class AccountForm(forms.Form):
    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=150,
        help_text="Chữ không dấu, số và các dấu . _ - @, ví dụ truongap.anloi.",
    )

    def clean_username(self) -> str:
        name = self.cleaned_data["username"].strip()
        if not _valid_username(name):
            raise forms.ValidationError("Tên đăng nhập chỉ gồm chữ không dấu, số và . _ - @.")
        if User.objects.filter(username__iexact=name).exists():
            raise forms.ValidationError("Tên đăng nhập này đã có người dùng.")
        return name


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Vai trò")
    unit = forms.ChoiceField(label="Tại đơn vị")
    valid_from = forms.DateField(label="Từ ngày", required=False)
    valid_to = forms.DateField(label="Đến ngày", required=False)

    def __init__(self, *args: Any, roles: list[Role], units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in roles]  # type: ignore[attr-defined]
        self.fields["unit"].choices = [(str(u.pk), u.display_name) for u in units]  # type: ignore[attr-defined]
        for name in ("valid_from", "valid_to"):
            self.fields[name].widget.attrs["placeholder"] = "dd/mm/yyyy"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "Ngày kết thúc phải sau ngày bắt đầu.")
        return data


class SecondFactorForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="Bắt buộc xác thực hai bước cho vai trò",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(r.value, r.label) for r in Role if r != Role.ADMIN],
    )


class UnitsImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        help_text="Theo mẫu tải ở trên. Tệp có lỗi sẽ không thay đổi gì.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self) -> Any:
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.NTM_UPLOAD_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(f"Tệp quá lớn: tối đa {settings.NTM_UPLOAD_MAX_MB} MB.")
        head = upload.read(8)
        upload.seek(0)
        if head.startswith(uploads.OLE2_MAGIC):
            raise forms.ValidationError(uploads.ENCRYPTED)
        if not head.startswith(b"PK\x03\x04"):
            raise forms.ValidationError("Tệp không phải là tệp Excel .xlsx.")
        return upload


class FirstRunForm(forms.Form):
    """Thiết lập ban đầu: chọn tỉnh, tạo quản trị viên đầu tiên của tỉnh."""

    province = forms.ChoiceField(label="Tỉnh, thành phố (danh mục từ 01/07/2025)")
    full_name = forms.CharField(label="Họ và tên quản trị viên của tỉnh", max_length=150)
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    password = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput)
    password2 = forms.CharField(label="Nhập lại mật khẩu", widget=forms.PasswordInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from ntm.geography import reference_2025

        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [  # type: ignore[attr-defined]
            (p.code, f"{p.display_name} ({p.code})") for p in reference_2025.provinces()
        ]

    def clean_username(self) -> str:
        name = self.cleaned_data["username"].strip()
        if not _valid_username(name):
            raise forms.ValidationError("Tên đăng nhập chỉ gồm chữ không dấu, số và . _ - @.")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "Hai lần nhập mật khẩu không giống nhau.")
        return data


class CommuneGroupForm(forms.Form):
    """Nhóm xã theo năm (QĐ 51/2025/QĐ-TTg)."""

    commune = forms.ChoiceField(label="Xã")
    year = VNPlainIntegerField(label="Năm", min_value=2021, max_value=2100)
    group: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Nhóm",
        queryset=None,  # type: ignore[arg-type]
    )
    basis = forms.CharField(label="Căn cứ", max_length=255, required=False)

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        from ntm.geography.models import CommuneGroup

        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [(str(c.pk), c.display_name) for c in communes]  # type: ignore[attr-defined]
        self.fields["group"].queryset = CommuneGroup.objects.all()  # type: ignore[attr-defined]


class CommuneClassForm(forms.Form):
    """Loại xã (đặc biệt khó khăn / còn lại) theo giai đoạn."""

    commune = forms.ChoiceField(label="Xã")
    year_from = VNPlainIntegerField(label="Từ năm", min_value=2000, max_value=2100)
    year_to = VNPlainIntegerField(label="Đến năm", min_value=2000, max_value=2100, required=False)
    commune_class = forms.ChoiceField(label="Loại xã")
    basis = forms.CharField(label="Căn cứ", max_length=255, required=False)

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        from ntm.geography.models import CommuneClass

        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [(str(c.pk), c.display_name) for c in communes]  # type: ignore[attr-defined]
        self.fields["commune_class"].choices = CommuneClass.choices  # type: ignore[attr-defined]

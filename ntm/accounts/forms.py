from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from ntm.accounts.models import Person


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường.",
        "inactive": "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none"}
        )
        self.fields["password"].label = "Mật khẩu"


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Mã xác thực 6 số",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={
            "required": "Vui lòng nhập mã 6 số trong ứng dụng xác thực.",
            "min_length": "Mã xác thực gồm đúng 6 chữ số.",
        },
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("Mã xác thực chỉ gồm chữ số.")
        return token


class PersonForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Person
        fields = ["full_name", "organisation", "position", "phone", "email"]

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["version"].initial = 0

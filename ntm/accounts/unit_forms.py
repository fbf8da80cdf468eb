from __future__ import annotations

from django import forms

from ntm.geography.models import AdministrativeUnit


class UnitForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = AdministrativeUnit
        fields = ["name", "kind_name", "code", "valid_from", "valid_to", "note"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "valid_to": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
        return data

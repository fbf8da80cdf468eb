from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from ntm.core.forms import VNModelForm, VNPlainIntegerField
from ntm.criteria.models import PeriodKind
from ntm.reports.models import CommuneReport, ReportingRule, Submission


class OpenCycleForm(forms.Form):
    period_kind = forms.ModelChoiceField(
        label="Kỳ báo cáo",
        # Months are periods for values; a monthly report is offered once a rule sets its deadline.
        queryset=PeriodKind.objects.exclude(code="dotxuat")
        .filter(~Q(code__startswith="thang") | Q(reportingrule__active=True))
        .distinct(),
        empty_label=None,
    )
    year = VNPlainIntegerField(label="Năm", min_value=2000, max_value=2100)


class AdhocCycleForm(forms.Form):
    title = forms.CharField(label="Tên báo cáo đột xuất", max_length=200)
    subject = forms.CharField(label="Nội dung yêu cầu", widget=forms.Textarea(attrs={"rows": 3}))
    start = forms.DateField(label="Số liệu từ ngày")
    end = forms.DateField(label="đến ngày")
    deadline = forms.DateField(label="Hạn nộp")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "Ngày kết thúc phải sau ngày bắt đầu.")
        return data


class NarrativeForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Submission
        fields = ["results", "shortcomings", "difficulties", "proposals", "next_tasks"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Lý do",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Vui lòng ghi lý do."},
    )


class ReportNarrativeForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = CommuneReport
        fields = ["results", "shortcomings", "difficulties", "proposals", "next_tasks"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
        help_texts = {"results": "Mỗi dòng một đoạn; dòng bắt đầu bằng “-” là gạch đầu dòng."}


class RuleForm(VNModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ReportingRule
        fields = ["days_after_period_end", "active"]

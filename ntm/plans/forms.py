"""Forms of the plans app. Edit forms carry ``version`` (no lost update); create forms carry
``form_token`` (a double click creates one object)."""

from __future__ import annotations

from typing import Any

from django import forms

from ntm.accounts.models import CommitteeMember, Person
from ntm.core.forms import VNModelForm
from ntm.core.idempotency import new_token
from ntm.criteria.models import Criterion, Indicator
from ntm.geography.models import AdministrativeUnit
from ntm.plans.models import (
    Assignment,
    AssignmentNotice,
    Directive,
    DirectiveItem,
    Obstacle,
    Plan,
    RecipientGroup,
    Task,
    TaskStatus,
)
from ntm.plans.rules import BUDGET_SOURCES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(VNModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version
        if not self.instance.pk:
            self.fields["version"].required = False


class TokenMixin(forms.Form):
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["form_token"].initial = new_token()


class NoticeForm(VersionedForm):
    class Meta:
        model = AssignmentNotice
        fields = [
            "number",
            "symbol",
            "date",
            "subject",
            "signer",
            "signer_authority",
            "signer_title",
        ]
        widgets = {"date": DATE}

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["signer"].queryset = people  # type: ignore[attr-defined]


class AssignmentForm(forms.Form):
    lead = forms.ModelChoiceField(
        label="Thành viên phụ trách (chủ trì)",
        queryset=CommitteeMember.objects.none(),
        error_messages={"required": "Hãy chọn thành viên phụ trách tiêu chí."},
    )
    supporting = forms.ModelMultipleChoiceField(
        label="Thành viên phối hợp",
        queryset=CommitteeMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_pk_value": "“%(pk)s” không phải là thành viên hợp lệ."},
    )
    note = forms.CharField(label="Ghi chú", max_length=400, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, members: Any, instance: Assignment | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = members  # type: ignore[attr-defined]
        self.fields["supporting"].queryset = members  # type: ignore[attr-defined]
        self.fields["lead"].label_from_instance = _member_label  # type: ignore[attr-defined]
        self.fields["supporting"].label_from_instance = _member_label  # type: ignore[attr-defined]
        if instance is not None and not self.is_bound:
            self.initial.update(
                {
                    "lead": instance.lead_id,
                    "supporting": [m.pk for m in instance.supporting.all()],
                    "note": instance.note,
                    "version": instance.version,
                }
            )


def _member_label(member: CommitteeMember) -> str:
    sector = f" – {member.sector}" if member.sector else ""
    return f"{member.person.full_name}{sector}"


class PlanForm(VersionedForm, TokenMixin):
    class Meta:
        model = Plan
        fields = ["title", "owner", "objectives"]
        widgets = {"objectives": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["owner"].queryset = people  # type: ignore[attr-defined]


class TaskForm(VersionedForm, TokenMixin):
    class Meta:
        model = Task
        fields = [
            "title",
            "description",
            "owner_person",
            "start",
            "deadline",
            "status",
            "progress",
            "result_note",
            *[name for name, _ in BUDGET_SOURCES],
            "indicators",
        ]
        widgets = {
            "start": DATE,
            "deadline": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "result_note": forms.Textarea(attrs={"rows": 2}),
            "indicators": forms.CheckboxSelectMultiple,
        }
        # Django has no Vietnamese for this one message.
        error_messages = {
            "indicators": {"invalid_pk_value": "“%(pk)s” không phải là chỉ tiêu hợp lệ."}
        }

    def __init__(
        self, *args: Any, people: Any = None, indicators: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["owner_person"].queryset = people  # type: ignore[attr-defined]
        self.fields["indicators"].queryset = (  # type: ignore[attr-defined]
            indicators if indicators is not None else Indicator.objects.none()
        )

    def clean_progress(self) -> int:
        value = self.cleaned_data["progress"]
        if not 0 <= value <= 100:
            raise forms.ValidationError("Tiến độ phải từ 0 đến 100%.")
        return int(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, deadline = data.get("start"), data.get("deadline")
        if start and deadline and deadline < start:
            self.add_error("deadline", "Hạn hoàn thành không được trước ngày bắt đầu.")
        return data


class ProgressForm(VersionedForm):
    """The short form a recipient uses on a phone: status, progress, a result note."""

    class Meta:
        model = Task
        fields = ["status", "progress", "result_note"]
        widgets = {"result_note": forms.Textarea(attrs={"rows": 2})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        progress = data.get("progress")
        if progress is not None and not 0 <= progress <= 100:
            self.add_error("progress", "Tiến độ phải từ 0 đến 100%.")
        if data.get("status") == TaskStatus.DONE:
            data["progress"] = 100
        return data


class DirectiveForm(VersionedForm, TokenMixin):
    class Meta:
        model = Directive
        fields = [
            "subject",
            "number",
            "symbol",
            "date",
            "recipients_text",
            "preamble",
            "closing",
            "distribution",
            "signer",
            "signer_authority",
            "signer_title",
        ]
        widgets = {
            "date": DATE,
            "recipients_text": forms.Textarea(attrs={"rows": 3}),
            "preamble": forms.Textarea(attrs={"rows": 4}),
            "closing": forms.Textarea(attrs={"rows": 3}),
            "distribution": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["signer"].queryset = people  # type: ignore[attr-defined]


class DirectiveItemForm(TokenMixin, VNModelForm):
    class Meta:
        model = DirectiveItem
        fields = ["group", "hamlet", "title", "text", "deadline"]
        widgets = {"deadline": DATE, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, hamlets: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hamlet"].queryset = (  # type: ignore[attr-defined]
            hamlets if hamlets is not None else AdministrativeUnit.objects.none()
        )
        self.fields["hamlet"].help_text = "Chỉ chọn khi gửi đến một ấp (sóc) cụ thể."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("group") == RecipientGroup.HAMLET and not data.get("hamlet"):
            self.add_error("hamlet", "Hãy chọn ấp (sóc) nhận nội dung chỉ đạo này.")
        if data.get("group") != RecipientGroup.HAMLET:
            data["hamlet"] = None
        return data


class ObstacleForm(VersionedForm, TokenMixin):
    unit = forms.ModelChoiceField(
        label="Ấp (sóc) hoặc xã",
        queryset=AdministrativeUnit.objects.none(),
        error_messages={"required": "Hãy chọn nơi có khó khăn."},
    )

    class Meta:
        model = Obstacle
        fields = ["unit", "title", "description", "criterion", "task"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self,
        *args: Any,
        units: Any = None,
        criteria: Any = None,
        tasks: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (  # type: ignore[attr-defined]
            units if units is not None else AdministrativeUnit.objects.none()
        )
        self.fields["criterion"].queryset = (  # type: ignore[attr-defined]
            criteria if criteria is not None else Criterion.objects.none()
        )
        self.fields["task"].queryset = tasks if tasks is not None else Task.objects.none()  # type: ignore[attr-defined]


class DirectionForm(VersionedForm):
    class Meta:
        model = Obstacle
        fields = ["direction", "assignee", "deadline"]
        widgets = {"deadline": DATE, "direction": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.fields[name].required = True
        self.fields["direction"].error_messages["required"] = "Hãy ghi ý kiến chỉ đạo."
        self.fields["assignee"].error_messages["required"] = "Hãy chọn người được giao xử lý."
        self.fields["deadline"].error_messages["required"] = "Hãy đặt hạn xử lý."
        if people is not None:
            self.fields["assignee"].queryset = people  # type: ignore[attr-defined]


class ObstacleActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label="Ghi chú, kết quả", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        return obj.full_name

"""Input of the upload pages: the file, the document fields and one target row. Parsing only (Vietnamese
numbers, years, closed choices); the rules of the draft live in services."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.numbers import is_ascii_digits, parse_number
from planwatch.domain.periods import FIRST_YEAR, LAST_YEAR
from planwatch.domain.vocabulary import Comparator, DocumentKind
from planwatch.web.uploads.selectors import comparator_label, number_text
from planwatch.web.uploads.services import DOC_ID_PATTERN, MAX_PARENTS, DocumentInput, TargetInput

# As validate_extraction: "tối thiểu" may stand without a number ("hoàn thành đạt và vượt chỉ tiêu").
NEEDS_NUMBER = (
    Comparator.LT,
    Comparator.LE,
    Comparator.GT,
    Comparator.EQ,
    Comparator.APPROX,
    Comparator.RANGE,
)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp văn bản (.txt, .docx, .pdf)"),
        allow_empty_file=True,  # the service says why an empty file is refused, in its own words
        error_messages={
            "required": gettext_lazy("Hãy chọn một tệp .txt, .docx hoặc .pdf."),
            "invalid": gettext_lazy("Không nhận được tệp: hãy chọn lại tệp."),
            "missing": gettext_lazy("Không nhận được tệp: hãy chọn lại tệp."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf"}),
    )


PARENT_LABELS = (
    gettext_lazy("Văn bản cấp trên trực tiếp"),
    gettext_lazy("Cấp trên tiếp theo"),
    gettext_lazy("Cấp trên tiếp theo"),
    gettext_lazy("Cấp trên tiếp theo"),
)


class DocumentForm(forms.Form):
    """The fields of one document of the draft (prefix ``d<index>``)."""

    doc_id = forms.CharField(label=gettext_lazy("Mã văn bản"), max_length=120)
    number = forms.CharField(label=gettext_lazy("Số hiệu"), max_length=60, required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại văn bản"),
        choices=[("", "—"), *((k.value, k.label) for k in DocumentKind)],
        required=False,
    )
    title = forms.CharField(
        label=gettext_lazy("Trích yếu"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    issuer = forms.CharField(label=gettext_lazy("Cơ quan ban hành"), max_length=200, required=False)
    province = forms.CharField(label=gettext_lazy("Tỉnh"), max_length=100, required=False)
    issued_on = forms.DateField(
        label=gettext_lazy("Ngày ban hành"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={
            "invalid": gettext_lazy("Ngày ban hành viết theo dạng ngày/tháng/năm, ví dụ 08/07/2024.")
        },
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, parent_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for position in range(MAX_PARENTS):
            self.fields[f"parent_{position + 1}"] = forms.ChoiceField(
                label=PARENT_LABELS[position],
                choices=[("", _("— không có —")), *parent_choices],
                required=False,
            )
        for field in self.fields.values():
            field.widget.attrs["form"] = "review-form"  # the inputs sit beside the targets, outside the form

    @staticmethod
    def initial_for(record: dict[str, Any], parents: list[str]) -> dict[str, Any]:
        issued = record.get("issued")
        initial = {
            "doc_id": record["doc_id"],
            "number": record.get("number") or "",
            "kind": record.get("kind") or "",
            "title": record.get("title") or "",
            "issuer": record.get("issuer") or "",
            "province": record.get("province") or "",
            "issued_on": date.fromisoformat(issued).strftime("%d/%m/%Y") if issued else "",
        }
        initial.update({f"parent_{i + 1}": p for i, p in enumerate(parents)})
        return initial

    def clean_doc_id(self) -> str:
        doc_id: str = self.cleaned_data["doc_id"].strip()
        if not DOC_ID_PATTERN.match(doc_id):
            raise forms.ValidationError(
                _("Mã văn bản chỉ gồm chữ không dấu, chữ số và dấu gạch ngang, ví dụ KG-219-KH-UBND-2.")
            )
        return doc_id

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        parents = [cleaned.get(f"parent_{i + 1}") or "" for i in range(MAX_PARENTS)]
        chosen = [p for p in parents if p]
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("Một văn bản cấp trên được chọn hai lần."))
        if "" in parents[: len(chosen)]:
            raise forms.ValidationError(
                _("Chọn văn bản cấp trên theo thứ tự: cấp trực tiếp trước, không để ô trống ở giữa.")
            )
        return cleaned

    def to_input(self) -> DocumentInput:
        data = self.cleaned_data
        return DocumentInput(
            doc_id=data["doc_id"],
            number=data["number"],
            kind=data["kind"],
            title=data["title"],
            issuer=data["issuer"],
            province=data["province"],
            issued_on=data["issued_on"],
            parents=[data[f"parent_{i + 1}"] for i in range(MAX_PARENTS) if data.get(f"parent_{i + 1}")],
        )


class TargetForm(forms.Form):
    """One target row: what the reviewer may change (the id and the quote stay as extracted)."""

    group = forms.CharField(label=gettext_lazy("Nhóm"), max_length=300, required=False)
    indicator = forms.CharField(
        label=gettext_lazy("Chỉ tiêu"),
        max_length=1000,
        error_messages={"required": gettext_lazy("Hãy ghi tên chỉ tiêu.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    unit = forms.CharField(label=gettext_lazy("Đơn vị tính"), max_length=60, required=False)
    comparator = forms.ChoiceField(
        label=gettext_lazy("So sánh"),
        choices=[(c.value, comparator_label(c)) for c in Comparator],
        error_messages={"invalid_choice": gettext_lazy("Cách so sánh '%(value)s' không có trong danh sách.")},
    )
    value = forms.CharField(
        label=gettext_lazy("Giá trị"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "99,5"}),
    )
    value_max = forms.CharField(
        label=gettext_lazy("Cận trên (mục tiêu trong khoảng)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "120"}),
    )
    value_text = forms.CharField(label=gettext_lazy("Nguyên văn"), max_length=300, required=False)
    target_year = forms.CharField(
        label=gettext_lazy("Năm đạt"),
        max_length=4,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2030", "size": 5}),
    )
    scope = forms.CharField(label=gettext_lazy("Phạm vi"), max_length=200, required=False)
    responsible = forms.CharField(label=gettext_lazy("Cơ quan theo văn bản"), max_length=200, required=False)
    agency = forms.ChoiceField(label=gettext_lazy("Cơ quan trong danh mục"), required=False)

    def __init__(
        self, *args: Any, agency_choices: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["agency"])
        field.choices = [("", _("— chưa gắn —")), *agency_choices]
        field.error_messages["invalid_choice"] = _("Cơ quan '%(value)s' không có trong danh mục.")

    @staticmethod
    def initial_for(target: dict[str, Any], agency_code: str | None) -> dict[str, Any]:
        value = target.get("value")
        year = target.get("target_year")
        return {
            "group": target.get("group") or "",
            "indicator": target["indicator"],
            "unit": target.get("unit") or "",
            "comparator": target["comparator"],
            "value": number_text(value) if value is not None else "",
            "value_max": number_text(target["value_max"]) if target.get("value_max") is not None else "",
            "value_text": target.get("value_text") or "",
            "target_year": str(year) if year is not None else "",
            "scope": target.get("scope") or "",
            "responsible": target.get("responsible") or "",
            "agency": agency_code or "",
        }

    def clean_value(self) -> float | None:
        return self._number("value")

    def clean_value_max(self) -> float | None:
        return self._number("value_max")

    def _number(self, name: str) -> float | None:
        text: str = self.cleaned_data[name].strip()
        if not text:
            return None
        try:
            return parse_number(text)
        except InvalidValueError:
            raise forms.ValidationError(
                _("'%(text)s' không phải là số; viết như 99,5 hoặc 1.500 (dấu phẩy thập phân).")
                % {"text": text}
            ) from None

    def clean_target_year(self) -> int | None:
        text: str = self.cleaned_data["target_year"].strip()
        if not text:
            return None
        if not is_ascii_digits(text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
            raise forms.ValidationError(
                _("Năm đạt phải là một năm từ %(first)s đến %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return int(text)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        if "comparator" not in cleaned or "value" not in cleaned:
            return cleaned
        comparator = Comparator(cleaned["comparator"])
        if comparator in NEEDS_NUMBER and cleaned["value"] is None:
            self.add_error(
                "value",
                _("Cách so sánh “%(comparator)s” cần một con số.")
                % {"comparator": comparator_label(comparator)},
            )
        if comparator is Comparator.QUALITATIVE and cleaned["value"] is not None:
            self.add_error("value", _("Mục tiêu định tính không có con số: hãy để trống giá trị."))
        self._check_range(comparator, cleaned)
        return cleaned

    def _check_range(self, comparator: Comparator, cleaned: dict[str, Any]) -> None:
        """A range has both bounds, in order; any other comparator has no upper bound."""
        if "value_max" not in cleaned:
            return
        low, high = cleaned.get("value"), cleaned["value_max"]
        if comparator is not Comparator.RANGE:
            if high is not None:
                self.add_error("value_max", _("Chỉ mục tiêu trong khoảng có cận trên: hãy để trống ô này."))
        elif high is None:
            self.add_error("value_max", _("Mục tiêu trong khoảng cần cận trên (ví dụ 120 của “115 - 120”)."))
        elif low is not None and low > high:
            self.add_error("value_max", _("Cận trên phải lớn hơn hoặc bằng giá trị (cận dưới)."))

    def to_input(self) -> TargetInput:
        data = self.cleaned_data
        return TargetInput(
            group=data["group"],
            indicator=data["indicator"],
            unit=data["unit"],
            comparator=data["comparator"],
            value=data["value"],
            value_max=data.get("value_max"),
            value_text=data["value_text"],
            target_year=data["target_year"],
            scope=data["scope"],
            responsible=data["responsible"],
            agency=data["agency"] or "",
        )

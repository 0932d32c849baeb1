"""Forms of personal data: the stated purpose an export needs, the filters of the DPO's log, and a
breach record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planwatch.domain.vocabulary import UnitLevel
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.privacy.models import AccessAction
from planwatch.web.privacy.purpose import MAX_CHARS, purpose_normalised, purpose_problem

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class PurposeForm(forms.Form):
    """A stated purpose (privacy.purpose): required to export personal data, and for a coordinator to
    see identifiers unmasked. ``cleaned_data["purpose"]`` is NFC with its spaces tidied."""

    purpose = forms.CharField(
        label=_("Mục đích sử dụng dữ liệu"),
        max_length=MAX_CHARS * 2,
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
    )

    def clean_purpose(self) -> str:
        text = self.cleaned_data.get("purpose") or ""
        problem = purpose_problem(text)
        if problem is not None:
            raise forms.ValidationError(problem)
        return purpose_normalised(text)


class LogFilterForm(forms.Form):
    user = forms.CharField(label=_("Người dùng"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Thao tác"), required=False, choices=[("", _("Tất cả")), *AccessAction.choices]
    )
    unit = forms.ModelChoiceField(
        label=_("Xã"),
        required=False,
        queryset=AdministrativeUnit.objects.all(),
        to_field_name="code",
        empty_label=_("Tất cả"),
    )
    date_from = forms.DateField(label=_("Từ ngày"), required=False, input_formats=DATE_FORMATS)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, input_formats=DATE_FORMATS)
    text = forms.CharField(label=_("Mục đích có chữ"), required=False, max_length=200)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any] | None:
        """The filters for ``selectors.access_log``; None for an invalid form (never the whole log)."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return {
            "username": (data.get("user") or "").strip(),
            "action": data.get("action") or "",
            "unit": data.get("unit"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "text": purpose_normalised(data.get("text")),
        }


class IncidentForm(forms.Form):
    what = forms.CharField(label=_("Sự cố"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    detected_at = forms.DateTimeField(
        label=_("Phát hiện lúc"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    communes = forms.CharField(
        label=_("Xã bị ảnh hưởng (mã, cách nhau bởi dấu phẩy)"), required=False, max_length=2000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["detected_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean_communes(self) -> list[AdministrativeUnit]:
        codes = [c.strip() for c in (self.cleaned_data.get("communes") or "").split(",") if c.strip()]
        found = {
            u.code: u
            for u in AdministrativeUnit.objects.filter(code__in=codes, level=UnitLevel.COMMUNE.value)
        }
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("Không có xã mang mã: %(codes)s.") % {"codes": ", ".join(unknown[:5])}
            )
        return [found[c] for c in dict.fromkeys(codes)]

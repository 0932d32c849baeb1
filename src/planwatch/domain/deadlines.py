"""When a reporting duty is due, as plans write it: the one place that reads and writes a deadline.

A deadline is one of five forms, each with its text (the annotation convention of corpus-dev):

- an hour of each day: ``19h00`` (``báo cáo trước 19 giờ hằng ngày``);
- a day and month of each year: ``15/11``; of the year after the one reported on: ``30/01 năm tiếp
  theo``; or once, with its year: ``31/12/2025``;
- a year, or a part of it: ``2030``, ``cuối năm 2030``, ``quý IV năm 2027`` (a mid-term or final review);
- a time limit from an event, kept as written: ``trong thời hạn 10 ngày kể từ ngày nhận Kế hoạch``.

``Deadline.parse(text)`` reads these texts (NFC, any spacing; ``19 giờ``, ``19:00`` and ``19h`` too) and
``Deadline.text`` writes them back; ``display_in(language)`` says them to people in Vietnamese or English.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, time

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.text import nfc
from planwatch.domain.vocabulary import is_english

# Parts of a year a review is set in, as written before "năm YYYY", with their English form.
YEAR_PARTS = {
    "đầu năm": "in early {year}",
    "giữa năm": "in mid-{year}",
    "cuối năm": "by the end of {year}",
    "quý I năm": "in Q1 {year}",
    "quý II năm": "in Q2 {year}",
    "quý III năm": "in Q3 {year}",
    "quý IV năm": "in Q4 {year}",
}
_RELATIVE_UNITS = {
    "ngày làm việc": "working days",
    "ngày": "days",
    "tuần": "weeks",
    "tháng": "months",
    "giờ": "hours",
}
_MAX_RELATIVE = 200
_FIRST_YEAR, _LAST_YEAR = 1900, 2100

_HOUR = re.compile(r"(\d{1,2})\s*(?:h|giờ|:)\s*(\d{2})?(?:\s*phút)?", re.IGNORECASE)
_DAY_MONTH = re.compile(
    r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4})|\s+(?:của\s+)?(năm tiếp theo|năm sau))?", re.IGNORECASE
)
_YEAR = re.compile(r"(?:(" + "|".join(YEAR_PARTS) + r")\s+|năm\s+)?(\d{4})", re.IGNORECASE)
_RELATIVE = re.compile(
    r"(?:trong\s+(?:thời hạn|vòng)|chậm nhất(?:\s+là)?|không quá|sau)\s+(\d{1,3})\s+("
    + "|".join(_RELATIVE_UNITS)
    + r")\b.*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A reporting deadline; exactly one form is set (see the module)."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    next_year: bool = False  # "30/01 năm tiếp theo": in the year after the one reported on
    part: str | None = None  # a key of YEAR_PARTS: "cuối năm 2030"
    at: time | None = None  # "19h00", each day
    relative: str | None = None  # "trong thời hạn 10 ngày kể từ …", as written

    def __post_init__(self) -> None:
        dated = self.day is not None or self.month is not None
        forms = [self.at is not None, dated, not dated and self.year is not None, self.relative is not None]
        if sum(forms) != 1:
            raise InvalidValueError("Hạn báo cáo phải là một giờ, một ngày, một năm hoặc một thời hạn.")
        if dated:
            self._check_day()
        if self.year is not None and not _FIRST_YEAR <= self.year <= _LAST_YEAR:
            raise InvalidValueError(f"Năm {self.year} của hạn báo cáo nằm ngoài {_FIRST_YEAR}–{_LAST_YEAR}.")
        if self.next_year and (not dated or self.year is not None):
            raise InvalidValueError("Chỉ một ngày/tháng không ghi năm mới có thể thuộc năm tiếp theo.")
        if self.part is not None and (dated or self.part not in YEAR_PARTS):
            raise InvalidValueError(f"'{self.part}' không phải là một phần của năm.")
        if self.relative is not None and (
            len(self.relative) > _MAX_RELATIVE or not _RELATIVE.fullmatch(self.relative)
        ):
            raise InvalidValueError(
                "Thời hạn báo cáo phải bắt đầu bằng 'trong thời hạn N ngày' và dài tối đa "
                f"{_MAX_RELATIVE} ký tự."
            )

    def _check_day(self) -> None:
        day, month = self.day, self.month
        if day is None or month is None or not 1 <= month <= 12:
            raise InvalidValueError(f"Hạn báo cáo '{day}/{month}' không phải là một ngày/tháng.")
        last = calendar.monthrange(self.year if self.year is not None else 2000, month)[1]  # 2000: 29/02
        if not 1 <= day <= last:
            raise InvalidValueError(f"Tháng {month} không có ngày {day}.")

    # --- making ----------------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> Deadline:
        """The deadline a text states.

        >>> Deadline.parse("trước ngày 30/01 năm tiếp theo".removeprefix("trước ngày ")).text
        '30/01 năm tiếp theo'
        >>> Deadline.parse("19 giờ").text
        '19h00'

        Raises:
            InvalidValueError: the text is none of the five forms, or names a day that does not exist.
        """
        written = " ".join(nfc(text).split())
        if match := _HOUR.fullmatch(written):
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            if hour > 23 or minute > 59:
                raise InvalidValueError(f"'{written}' không phải là một giờ trong ngày.")
            return cls(at=time(hour, minute))
        if match := _DAY_MONTH.fullmatch(written):
            year = int(match.group(3)) if match.group(3) else None
            return cls(int(match.group(1)), int(match.group(2)), year, next_year=bool(match.group(4)))
        if match := _YEAR.fullmatch(written):
            part = match.group(1).lower() if match.group(1) else None
            if part is not None:
                part = next(p for p in YEAR_PARTS if p.lower() == part)
            return cls(year=int(match.group(2)), part=part)
        if _RELATIVE.fullmatch(written):
            return cls(relative=written)
        raise InvalidValueError(
            f"Hạn báo cáo '{written}' không đúng dạng: hãy ghi giờ (19h00), ngày/tháng (15/11, "
            "30/01 năm tiếp theo), ngày/tháng/năm (31/12/2025), năm (2030, cuối năm 2030) hoặc thời hạn "
            "(trong thời hạn 10 ngày kể từ …)."
        )

    @classmethod
    def parse_optional(cls, text: str | None) -> Deadline | None:
        """``parse``, with no deadline for an empty text."""
        return cls.parse(text) if text and text.strip() else None

    # --- reading ---------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The deadline as the annotation writes it: ``19h00``, ``15/11``, ``31/12/2025``, ``cuối năm
        2030``."""
        if self.at is not None:
            return f"{self.at.hour}h{self.at.minute:02d}"
        if self.relative is not None:
            return self.relative
        if self.day is not None and self.month is not None:
            text = f"{self.day:02d}/{self.month:02d}"
            if self.year is not None:
                return f"{text}/{self.year}"
            return f"{text} năm tiếp theo" if self.next_year else text
        return f"{self.part} {self.year}" if self.part else str(self.year)

    @property
    def is_yearly(self) -> bool:
        """A day and month without a year: it comes back each year."""
        return self.day is not None and self.year is None

    def due_in_round(self, year: int) -> date | None:
        """The date the report on ``year`` is due (``30/01 năm tiếp theo`` falls in ``year + 1``); None
        unless the deadline comes back each year. 29/02 is the 28th in a year that has none."""
        if self.day is None or self.month is None or self.year is not None:
            return None
        due_year = year + 1 if self.next_year else year
        return date(due_year, self.month, min(self.day, calendar.monthrange(due_year, self.month)[1]))

    def display_in(self, language: str | None = None) -> str:
        """The deadline for people, in Vietnamese (default) or English: ``trước ngày 15/11`` / ``by
        15/11``."""
        english = is_english(language)
        if self.at is not None:
            return f"by {self.at:%H:%M} each day" if english else f"trước {self.text}"
        if self.relative is not None:
            if not english:
                return self.relative
            match = _RELATIVE.fullmatch(self.relative)
            unit = _RELATIVE_UNITS[match.group(2).lower()] if match else ""
            return f"within {match.group(1)} {unit} ({self.relative})" if match else self.relative
        if self.day is not None:
            if not english:
                return f"trước ngày {self.text}"
            day_month = f"{self.day:02d}/{self.month:02d}"
            if self.year is not None:
                return f"by {day_month}/{self.year}"
            return f"by {day_month} of the following year" if self.next_year else f"by {day_month}"
        if self.part is not None:
            return YEAR_PARTS[self.part].format(year=self.year) if english else self.text
        return f"in {self.year}" if english else f"năm {self.year}"

"""One sentence per evaluation, for people: the status label, then the numbers behind it.

"Cần đẩy nhanh: bình quân tăng 0,7 điểm phần trăm/năm, cần 1,5 điểm phần trăm/năm để đạt 80 % năm 2030"
"Đã đạt: 1,1 % năm 2026, mục tiêu dưới 2 % đến năm 2030"

Vietnamese by default; ``language="en"`` phrases the same facts in English ("Needs to speed up:
rising 0,7 percentage points a year on average; it needs 1,5 points a year to reach 80 % by 2030").
Numbers are written the Vietnamese way in both (decimal comma, thousands dot: domain.md §2), as
everywhere else on the pages.
"""

from dataclasses import dataclass

from planwatch.domain.numbers import format_number, format_quantity
from planwatch.domain.vocabulary import Assessment, Comparator, Status, TargetKind, is_english
from planwatch.evaluation.inputs import TargetSpec
from planwatch.evaluation.pace import PACE_STATUSES
from planwatch.evaluation.result import Evaluation

# Units as an English sentence says them; a unit not listed is kept as written.
UNITS_EN = {
    "tuổi": "years",
    "năm": "years",
    "triệu đồng": "million dong",
    "căn hộ": "flats",
    "lượt": "times",
    "lượt lao động": "workers",
    "người/10.000 dân": "per 10.000 people",
    "giường/10.000 dân": "beds per 10.000 people",
    "m2 sàn/người": "m² of floor per person",
    "con/phụ nữ": "children per woman",
    "nhóm": "group",
    "mức độ": "level",
}


def unit_in(unit: str | None, language: str | None) -> str | None:
    """The unit as the sentence's language says it."""
    if unit is None or not is_english(language):
        return unit
    return UNITS_EN.get(unit, unit)


def explain(
    spec: TargetSpec, evaluation: Evaluation, unit: str | None = None, language: str | None = None
) -> str:
    """A sentence that says the status and the figures it rests on.

    Args:
        spec: the target that was evaluated.
        evaluation: the result of evaluate() for it.
        unit: the unit the figures are in (``%``, ``căn hộ``); None takes the spec's.
        language: ``"vi"`` (default, also for None) or ``"en"``.

    Returns:
        For example ``"Đã đạt: 1,1 % năm 2026, mục tiêu dưới 2 % đến năm 2030"``.
    """
    words = _Words(spec, evaluation, unit if unit is not None else spec.unit, is_english(language))
    return words.sentence()


def describe_goal(spec: TargetSpec, language: str | None = None) -> str:
    """The promise alone, for a page's "Mục tiêu:" line.

    ``"dưới 2 % đến năm 2030"``, ``"từ 115 đến 120 triệu đồng đến năm 2025"``, ``"nhóm 2 đến năm 2030"``;
    in English ``"below 2 % by 2030"``.
    """
    return _Words(spec, Evaluation(Status.NO_DATA, None, 1), spec.unit, is_english(language)).commitment()


def compact_goal(
    comparator: Comparator, value: float | None, unit: str | None, value_max: float | None = None
) -> str:
    """The promise in a table cell: ``< 2 %``, ``115–120 triệu đồng``, ``nhóm 2``; ``—`` unquantified."""
    if value is None:
        return "—"
    if comparator is Comparator.RANGE and value_max is not None:
        return f"{format_number(value)}–{format_quantity(value_max, unit)}"
    if comparator is Comparator.LEVEL:
        grade_unit = unit if unit and unit != "mức độ" else "mức"
        return f"{grade_unit} {format_number(value)}"
    return f"{comparator.symbol} {format_quantity(value, unit)}".strip()


@dataclass(frozen=True, slots=True)
class _Words:
    spec: TargetSpec
    evaluation: Evaluation
    unit: str | None
    en: bool

    def sentence(self) -> str:
        evaluation = self.evaluation
        label = evaluation.status.label_in("en" if self.en else "vi")
        if evaluation.status is Status.NO_DATA:
            return f"{label}{self._no_data_when()}{'; ' if self.en else ': '}{self._goal()}"
        if evaluation.status in PACE_STATUSES:
            return f"{label}: {self._pace()}{self._trend_note()}"
        position = self._position()
        if evaluation.status is Status.INSUFFICIENT_DATA:
            if self.en:
                return f"{label}: {position}, not enough to judge the pace; {self._goal()}"
            return f"{label}: {position}, chưa đủ để đánh giá tiến độ so với {self._goal()}"
        if evaluation.overshot:
            beyond = "beyond the target band" if self.en else "vượt ra ngoài khoảng mục tiêu"
            return f"{label}: {position}, {beyond}; {self._goal()}"
        if evaluation.status is Status.ACHIEVED and evaluation.met_at_reference:
            return f"{label}: {position}, {self._held_since()}; {self._goal()}"
        return f"{label}: {position}, {self._goal()}"

    # --- pieces ---------------------------------------------------------------------------------

    def _no_data_when(self) -> str:
        year = self.evaluation.as_of
        if year is None:
            return ""
        if self.en:
            return f" for {year}" if self.spec.kind is TargetKind.ANNUAL else f" up to {year}"
        return f" năm {year}" if self.spec.kind is TargetKind.ANNUAL else f" đến năm {year}"

    def _goal(self) -> str:
        """The promise: "mục tiêu dưới 2 % đến năm 2030" / "target: below 2 % by 2030"."""
        return f"target: {self.commitment()}" if self.en else f"mục tiêu {self.commitment()}"

    def commitment(self) -> str:
        """ "dưới 2 % đến năm 2030", "hằng năm tối thiểu 35.000 lượt" / "below 2 % by 2030"."""
        spec = self.spec
        year = spec.target_year
        if self.en:
            by_year = f" by {year}" if year is not None else ""
            before = {TargetKind.MAINTAIN: "hold ", TargetKind.CUMULATIVE: "in total "}.get(spec.kind, "")
            after = " every year" if spec.kind is TargetKind.ANNUAL else ""
            return f"{before}{self._promise()}{after}{by_year}"
        by_year = f" đến năm {year}" if year is not None else ""
        kind_word = {
            TargetKind.ANNUAL: "hằng năm ",
            TargetKind.MAINTAIN: "duy trì ",
            TargetKind.CUMULATIVE: "lũy kế ",
        }.get(spec.kind, "")
        return f"{kind_word}{self._promise()}{by_year}"

    def _promise(self) -> str:
        spec = self.spec
        if spec.is_qualitative:
            return "completion" if self.en else "hoàn thành"
        if not spec.is_quantified or spec.value is None:
            return "not yet quantified" if self.en else "chưa có giá trị định lượng"
        if self._is_grade():
            return self._amount(spec.value)
        return self._compared()

    def _compared(self) -> str:
        """ "dưới 2 %", "đạt 55 %", "từ 115 đến 120 triệu đồng"."""
        spec = self.spec
        assert spec.value is not None
        if spec.comparator is Comparator.RANGE and spec.value_max is not None:
            low, high = format_number(spec.value), self._amount(spec.value_max)
            return f"between {low} and {high}" if self.en else f"từ {low} đến {high}"
        return f"{spec.comparator.label_in('en' if self.en else 'vi')} {self._amount(spec.value)}"

    def _is_grade(self) -> bool:
        return self.spec.comparator is Comparator.LEVEL or self.spec.kind is TargetKind.LEVEL

    def _amount(self, value: float) -> str:
        """ "55 %", "1.500 căn hộ"; a grade reads "nhóm 2" (its unit first) or "mức 2"."""
        if self._is_grade():
            grade_unit = self.unit if self.unit and self.unit != "mức độ" else None
            if self.en:
                return f"{unit_in(grade_unit, 'en') or 'level'} {format_number(value)}"
            return f"{grade_unit or 'mức'} {format_number(value)}"
        return format_quantity(value, unit_in(self.unit, "en" if self.en else "vi"))

    def _figure(self, value: float | Assessment | None, year: int | None) -> str:
        """A figure with its year: "52,5 % năm 2025" / "52,5 % in 2025"."""
        if isinstance(value, Assessment):
            if self.en:
                return f"assessed as {value.label_in('en').lower()} in {year}"
            return f"đánh giá năm {year} là {value.label.lower()}"
        if value is None:
            return "no figures yet" if self.en else "chưa có số liệu"
        return f"{self._amount(value)} {'in' if self.en else 'năm'} {year}"

    def _position(self) -> str:
        """Where the target stands, in the terms of its kind."""
        evaluation, spec = self.evaluation, self.spec
        latest = self._figure(evaluation.latest_value, evaluation.latest_year)
        if evaluation.cumulative_total is not None:
            total = self._amount(evaluation.cumulative_total)
            if self.en:
                return f"{total} in total up to {evaluation.as_of}"
            return f"lũy kế {total} đến năm {evaluation.as_of}"
        if evaluation.failing_years:
            years = ", ".join(str(year) for year in evaluation.failing_years)
            return f"not met in {years}" if self.en else f"chưa đạt trong năm {years}"
        if spec.kind in (TargetKind.ANNUAL, TargetKind.MAINTAIN) and evaluation.years_observed:
            met, observed = evaluation.years_met, evaluation.years_observed
            if self.en:
                return f"{latest} (met in {met} of {observed} years with figures)"
            return f"{latest} (đạt {met}/{observed} năm có số liệu)"
        return latest

    def _held_since(self) -> str:
        """ "giữ vững từ năm gốc 2023 (97 %)": the target was already met at the reference point."""
        evaluation = self.evaluation
        reference = evaluation.reference_value
        if reference is None:
            return ""
        amount = self._amount(reference)
        if self.en:
            return f"held since {evaluation.reference_year}, when it was already {amount}"
        return f"giữ vững từ năm {evaluation.reference_year} (khi đã đạt {amount})"

    def _pace(self) -> str:
        """Observed against required growth per year, then what it is for."""
        evaluation = self.evaluation
        aim = self._aim()
        if evaluation.cumulative_total is not None:
            return self._cumulative_pace(aim)
        observed, required = evaluation.cagr_observed, evaluation.cagr_required
        if observed is None or required is None:
            return f"{self._figure(evaluation.latest_value, evaluation.latest_year)}, {aim}"
        if self.en:
            return self._pace_en(observed, required, aim)
        observed_text = "không đổi" if observed == 0 else f"{_verb(observed)} {self._growth(observed)}"
        # the verb is said once when both move the same way: "tăng 0,7 %/năm, cần 1,5 %/năm"
        required_text = self._growth(required)
        if observed == 0 or _verb(required) != _verb(observed):
            required_text = f"{_verb(required)} {required_text}"
        return f"bình quân {observed_text}, cần {required_text} {aim}"

    def _pace_en(self, observed: float, required: float, aim: str) -> str:
        moving = "unchanged" if observed == 0 else f"{_verb_en(observed)} {self._growth(observed)}"
        needed = self._growth(required)
        if observed == 0 or _verb_en(required) != _verb_en(observed):
            needed = f"to {'fall' if required < 0 else 'rise'} {needed}"
        return f"{moving} on average; it needs {needed} {aim}"

    def _growth(self, growth: float) -> str:
        """A yearly change: "0,5 điểm phần trăm/năm" for a share, "0,97 %/năm" (relative) otherwise."""
        number = format_number(abs(growth) if self.evaluation.pace_in_points else abs(growth) * 100)
        if self.evaluation.pace_in_points:
            return f"{number} percentage points a year" if self.en else f"{number} điểm phần trăm/năm"
        relative = self.unit == "%"  # a share measured relatively (no unit on the spec): say so
        if self.en:
            return f"{number} % a year{' (relative)' if relative else ''}"
        return f"{number} %/năm{' (tương đối)' if relative else ''}"

    def _cumulative_pace(self, aim: str) -> str:
        """Average against required yearly flow.

        "lũy kế 600 căn hộ sau 2 năm, bình quân 300 căn hộ/năm, cần 250 căn hộ/năm để đạt …"
        """
        evaluation, spec = self.evaluation, self.spec
        total = evaluation.cumulative_total or 0.0
        start = evaluation.reference_year
        total_text = self._amount(total)
        if start is None or evaluation.as_of is None or spec.target_year is None or spec.value is None:
            return f"{total_text} in total, {aim}" if self.en else f"lũy kế {total_text}, {aim}"
        years_so_far = evaluation.as_of - start
        unit = unit_in(self.unit, "en" if self.en else "vi")
        average = format_number(total / years_so_far)
        needed = format_number(spec.value / (spec.target_year - start))
        if self.en:
            per_year = f" {unit} a year" if unit else " a year"
            return (
                f"{total_text} in total after {years_so_far} years, {average}{per_year} on average;"
                f" it needs {needed}{per_year} {aim}"
            )
        per_year = f" {unit}/năm" if unit else "/năm"
        return (
            f"lũy kế {total_text} sau {years_so_far} năm,"
            f" bình quân {average}{per_year}, cần {needed}{per_year} {aim}"
        )

    def _aim(self) -> str:
        """What the pace is for: "để đạt 80 % năm 2030" / "to reach 80 % by 2030"."""
        spec = self.spec
        year = spec.target_year
        if self.en:
            by_year = f" by {year}" if year is not None else ""
            if spec.value is None:
                return f"to meet the target{by_year}"
            if spec.comparator is Comparator.RANGE:
                return f"to come {self._compared()}{by_year}"
            if spec.comparator is Comparator.EQ or self._is_grade():
                return f"to reach {self._amount(spec.value)}{by_year}"
            return f"to be {self._compared()}{by_year}"
        by_year = f" năm {year}" if year is not None else ""
        if spec.value is None:
            return f"để đạt mục tiêu{by_year}"
        if spec.comparator is Comparator.RANGE:
            return f"để đạt {self._compared()}{by_year}"
        if spec.comparator is Comparator.EQ or self._is_grade():
            return f"để đạt {self._amount(spec.value)}{by_year}"
        return f"để đạt {self._compared()}{by_year}"

    def _trend_note(self) -> str:
        """Said when the trend cannot be extended to Y without leaving the plausible band."""
        year = self.spec.target_year
        if not self.evaluation.trend_beyond_limits or year is None:
            return ""
        if self.en:
            return f"; the trend cannot be extended to {year} (it would leave the plausible range)"
        return f"; không thể ngoại suy xu hướng này đến năm {year} (vượt giới hạn hợp lý của chỉ tiêu)"


def _verb(growth: float) -> str:
    return "giảm" if growth < 0 else "tăng"


def _verb_en(growth: float) -> str:
    return "falling" if growth < 0 else "rising"

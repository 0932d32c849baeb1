"""One Vietnamese sentence per evaluation, for people: the status label, then the numbers behind it.

"Cần đẩy nhanh: bình quân tăng 0,7 %/năm, cần 1,5 %/năm để đạt 80 % năm 2030"
"Đã đạt: 1,1 % năm 2026, mục tiêu dưới 2 % đến năm 2030"

Numbers are written the Vietnamese way (decimal comma, thousands dot: domain.md §2).
"""

from planwatch.domain.numbers import format_number, format_quantity
from planwatch.domain.vocabulary import Assessment, Comparator, Status, TargetKind
from planwatch.evaluation.inputs import TargetSpec
from planwatch.evaluation.pace import PACE_STATUSES
from planwatch.evaluation.result import Evaluation


def explain(spec: TargetSpec, evaluation: Evaluation, unit: str | None = None) -> str:
    """A sentence that says the status and the figures it rests on, in Vietnamese.

    Args:
        spec: the target that was evaluated.
        evaluation: the result of evaluate() for it.
        unit: the unit the figures are in (``%``, ``căn hộ``); None for none.

    Returns:
        For example ``"Đúng tiến độ: bình quân tăng 0,97 %/năm, cần 0,94 %/năm để đạt 55 % năm 2030"``.
    """
    label = evaluation.status.label
    if evaluation.status is Status.NO_DATA:
        return f"{label}{_no_data_when(spec, evaluation)}: {_goal(spec, unit)}"
    if evaluation.status in PACE_STATUSES:
        return f"{label}: {_pace(spec, evaluation, unit)}"
    position = _position(spec, evaluation, unit)
    if evaluation.status is Status.INSUFFICIENT_DATA:
        return f"{label}: {position}, chưa đủ để đánh giá tiến độ so với {_goal(spec, unit)}"
    return f"{label}: {position}, {_goal(spec, unit)}"


def _no_data_when(spec: TargetSpec, evaluation: Evaluation) -> str:
    if evaluation.as_of is None:
        return ""
    return f" năm {evaluation.as_of}" if spec.kind is TargetKind.ANNUAL else f" đến năm {evaluation.as_of}"


def _goal(spec: TargetSpec, unit: str | None) -> str:
    """The promise: "mục tiêu dưới 2 % đến năm 2030", "mục tiêu hằng năm tối thiểu 35.000 lượt"."""
    kind_word = {
        TargetKind.ANNUAL: "hằng năm ",
        TargetKind.MAINTAIN: "duy trì ",
        TargetKind.CUMULATIVE: "lũy kế ",
    }.get(spec.kind, "")
    by_year = f" đến năm {spec.target_year}" if spec.target_year is not None else ""
    return f"mục tiêu {kind_word}{_promise(spec, unit)}{by_year}"


def _promise(spec: TargetSpec, unit: str | None) -> str:
    if spec.is_qualitative:
        return "hoàn thành"
    if spec.value is None:
        return "chưa có giá trị định lượng"
    return f"{spec.comparator.label} {_amount(spec, spec.value, unit)}"


def _amount(spec: TargetSpec, value: float, unit: str | None) -> str:
    if spec.comparator is Comparator.LEVEL or spec.kind is TargetKind.LEVEL:
        return format_number(value)  # the comparator's label already says "mức độ"
    return format_quantity(value, unit)


def _figure(spec: TargetSpec, value: float | Assessment | None, year: int | None, unit: str | None) -> str:
    """A figure with its year: "52,5 % năm 2025", "mức độ 2 năm 2025", "đánh giá năm 2025 là đạt một phần"."""
    if isinstance(value, Assessment):
        return f"đánh giá năm {year} là {value.label.lower()}"
    if value is None:
        return "chưa có số liệu"
    if spec.comparator is Comparator.LEVEL or spec.kind is TargetKind.LEVEL:
        return f"mức độ {format_number(value)} năm {year}"
    return f"{format_quantity(value, unit)} năm {year}"


def _position(spec: TargetSpec, evaluation: Evaluation, unit: str | None) -> str:
    """Where the target stands, in the terms of its kind."""
    latest = _figure(spec, evaluation.latest_value, evaluation.latest_year, unit)
    if evaluation.cumulative_total is not None:
        return f"lũy kế {format_quantity(evaluation.cumulative_total, unit)} đến năm {evaluation.as_of}"
    if evaluation.failing_years:
        years = ", ".join(str(year) for year in evaluation.failing_years)
        return f"chưa đạt trong năm {years}"
    if spec.kind in (TargetKind.ANNUAL, TargetKind.MAINTAIN) and evaluation.years_observed:
        return f"{latest} (đạt {evaluation.years_met}/{evaluation.years_observed} năm có số liệu)"
    return latest


def _pace(spec: TargetSpec, evaluation: Evaluation, unit: str | None) -> str:
    """Observed against required growth: "bình quân tăng 0,7 %/năm, cần 1,5 %/năm để đạt 80 % năm 2030"."""
    aim = _aim(spec, unit)
    if evaluation.cumulative_total is not None:
        return _cumulative_pace(spec, evaluation, unit, aim)
    observed, required = evaluation.cagr_observed, evaluation.cagr_required
    if observed is None or required is None:
        return f"{_figure(spec, evaluation.latest_value, evaluation.latest_year, unit)}, {aim}"
    observed_verb, required_verb = _verb(observed), _verb(required)
    # the verb is said once when both move the same way: "tăng 0,7 %/năm, cần 1,5 %/năm"
    required_text = _growth(required)
    if required_verb != observed_verb:
        required_text = f"{required_verb} {required_text}"
    return f"bình quân {observed_verb} {_growth(observed)}, cần {required_text} {aim}"


def _cumulative_pace(spec: TargetSpec, evaluation: Evaluation, unit: str | None, aim: str) -> str:
    """Average against required yearly flow.

    "lũy kế 600 căn hộ sau 2 năm, bình quân 300 căn hộ/năm, cần 250 căn hộ/năm để đạt …"
    """
    total = evaluation.cumulative_total or 0.0
    start = evaluation.reference_year
    if start is None or evaluation.as_of is None or spec.target_year is None or spec.value is None:
        return f"lũy kế {format_quantity(total, unit)}, {aim}"
    years_so_far = evaluation.as_of - start
    per_year = f" {unit}/năm" if unit else "/năm"
    average = format_number(total / years_so_far)
    needed = format_number(spec.value / (spec.target_year - start))
    return (
        f"lũy kế {format_quantity(total, unit)} sau {years_so_far} năm,"
        f" bình quân {average}{per_year}, cần {needed}{per_year} {aim}"
    )


def _aim(spec: TargetSpec, unit: str | None) -> str:
    """What the pace is for: "để đạt 80 % năm 2030", "để đạt dưới 2 % năm 2030"."""
    by_year = f" năm {spec.target_year}" if spec.target_year is not None else ""
    if spec.value is None:
        return f"để đạt mục tiêu{by_year}"
    comparator = "" if spec.comparator is Comparator.EQ else f"{spec.comparator.label} "
    return f"để đạt {comparator}{_amount(spec, spec.value, unit)}{by_year}"


def _verb(growth: float) -> str:
    return "giảm" if growth < 0 else "tăng"


def _growth(growth: float) -> str:
    """A yearly growth rate as a percentage: 0.00966 -> "0,97 %/năm"."""
    return f"{format_number(abs(growth) * 100)} %/năm"

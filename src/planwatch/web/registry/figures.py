"""The registry's records as figures (issue #18, point 5): an approved poverty review writes the
commune's poverty and near-poverty rates and their elements for its year; a closed payment cycle
writes the month's beneficiaries, payments without cash and amounts paid. They are observations like
any other (docs/observations.md) with source ``registry``; the revision's ``source`` names the review
or the cycle they come from. Totals above the commune come from the roll-up engine (decision 0012),
which sums the elements; nothing here adds communes up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from django.contrib.auth.models import User

from planwatch.domain.errors import CatalogueError
from planwatch.domain.periods import Period, PeriodType
from planwatch.domain.vocabulary import ObservationSource, ValueState
from planwatch.intake.figures import Figure
from planwatch.registry.indicators import UnitRate, beneficiaries_per_category, payment_summary, poverty_rates
from planwatch.registry.poverty import LivingStandard
from planwatch.registry.synthetic import ILLUSTRATIVE_LABEL
from planwatch.web.catalogue.models import Indicator
from planwatch.web.figures.services import ObservationWrite, SeriesKey, observations_write
from planwatch.web.registry.models import PaymentCycle, PovertyReview

# Which catalogue indicator each registry figure is (codes of catalogue/data/indicators.json).
POVERTY_RATE = "ho-ngheo"
POOR_HOUSEHOLDS = "so-ho-ngheo-theo-chuan-ngheo-da-chieu"
HOUSEHOLDS = "tong-so-ho-dan-cu"
NEAR_POVERTY_RATE = "ty-le-ho-can-ngheo"
NEAR_POOR_HOUSEHOLDS = "so-ho-can-ngheo"
ASSISTANCE_BENEFICIARIES = "so-nguoi-huong-tro-cap-xa-hoi-hang-thang"
MERIT_BENEFICIARIES = "so-nguoi-co-cong-huong-tro-cap-hang-thang"
NON_CASH_SHARE = "ty-le-chi-tra-an-sinh-khong-dung-tien-mat"
PAYMENTS_NON_CASH = "so-luot-chi-tra-an-sinh-khong-dung-tien-mat"
PAYMENTS = "so-luot-chi-tra-an-sinh"
AMOUNT_PAID = "so-tien-chi-tra-an-sinh"
_REVIEW_CODES = (HOUSEHOLDS, POOR_HOUSEHOLDS, NEAR_POOR_HOUSEHOLDS, POVERTY_RATE, NEAR_POVERTY_RATE)


def review_reference(review: PovertyReview) -> str:
    return f"registry:poverty-review/{review.pk}"


def cycle_reference(cycle: PaymentCycle) -> str:
    return f"registry:payment-cycle/{cycle.pk}"


def review_figures_write(review: PovertyReview, *, user: User) -> dict[str, float]:
    """The approved review's figures for the commune and year: households, poor, near-poor, rates."""
    assessments = list(review.assessments.values_list("standard", flat=True))
    codes = [LivingStandard(s).code for s in assessments]
    rate = poverty_rates([review.commune.code] * len(codes), codes)[0]
    return reviews_figures_write([(review, rate)], user=user)[0]


def reviews_figures_write(
    reviews: Sequence[tuple[PovertyReview, UnitRate]], *, user: User, is_demo: bool = False
) -> list[dict[str, float]]:
    """Approved reviews (each with its commune's rates) as observations, in one write: the one place
    a review becomes figures. ``is_demo``: an illustrative review (the synthetic registry), whose
    figures are marked illustrative and say so ("Số liệu minh họa")."""
    indicators = _indicator_ids(_REVIEW_CODES)
    writes: list[ObservationWrite] = []
    written: list[dict[str, float]] = []
    for review, rate in reviews:
        figures = {
            HOUSEHOLDS: float(rate.households),
            POOR_HOUSEHOLDS: float(rate.poor),
            NEAR_POOR_HOUSEHOLDS: float(rate.near_poor),
            POVERTY_RATE: round(rate.poor_rate, 2),
            NEAR_POVERTY_RATE: round(rate.near_poor_rate, 2),
        }
        comment = (
            f"Sổ an sinh: kết quả rà soát hộ nghèo năm {review.year} của {review.commune.name}, "
            f"đã phê duyệt ({rate.households} hộ; {review.basis})"
        )
        if is_demo:
            comment = f"{ILLUSTRATIVE_LABEL}. {comment}"
        writes += _writes(
            figures,
            review.commune,
            Period.of_year(review.year),
            review_reference(review),
            comment,
            indicators,
        )
        written.append(figures)
    observations_write([replace(w, is_demo=is_demo) for w in writes], user=user)
    return written


def cycle_figures_write(cycle: PaymentCycle, *, user: User) -> dict[str, float]:
    """The closed cycle's figures for the commune and month."""
    lines = list(cycle.lines.values_list("kind", "person_id", "channel", "status", "amount", "category"))
    done = [line for line in lines if line[3] != "pending"]
    summary = payment_summary(
        [line[2] for line in done],
        [line[3] for line in done],
        [line[4] for line in done],
        unit=cycle.commune.code,
    )
    assistance = [line for line in lines if line[0] == "assistance"]
    per_category = beneficiaries_per_category(
        [cycle.commune.code] * len(assistance), [line[5] for line in assistance]
    )
    figures = {
        ASSISTANCE_BENEFICIARIES: float(len({line[1] for line in assistance})),
        MERIT_BENEFICIARIES: float(len({line[1] for line in lines if line[0] == "merit"})),
        PAYMENTS: float(summary.paid),
        PAYMENTS_NON_CASH: float(summary.paid_without_cash),
        AMOUNT_PAID: float(summary.amount_paid),
    }
    if summary.paid:
        figures[NON_CASH_SHARE] = round(summary.paid_without_cash / summary.paid * 100, 2)
    comment = f"Sổ an sinh: kỳ chi trả tháng {cycle.month:%m/%Y} của {cycle.commune.name}, đã khóa sổ"
    period = Period(cycle.month.year, PeriodType.MONTH, cycle.month.month)
    breakdown = {(ASSISTANCE_BENEFICIARIES, row.category): float(row.beneficiaries) for row in per_category}
    _write(figures, cycle.commune, period, cycle_reference(cycle), comment, user, breakdown=breakdown)
    return figures


def _indicator_ids(codes: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(codes))
    indicators = dict(Indicator.objects.filter(code__in=wanted).values_list("code", "pk"))
    missing = sorted(set(wanted) - set(indicators))
    if missing:
        raise CatalogueError(f"danh mục chưa có chỉ tiêu {', '.join(missing)}: hãy chạy 'planwatch init'")
    return indicators


def _writes(
    figures: dict[str, float],
    unit: object,
    period: Period,
    reference: str,
    comment: str,
    indicators: dict[str, int],
    *,
    breakdown: dict[tuple[str, str], float] | None = None,
) -> list[ObservationWrite]:
    """The writes of the totals (``figures``: code -> value) and their breakdowns ((code,
    disaggregation) -> value) of one unit and period."""
    values = {(code, ""): value for code, value in figures.items()} | (breakdown or {})
    return [
        ObservationWrite(
            series=SeriesKey(indicators[code], disaggregation),
            unit=unit,  # type: ignore[arg-type]
            period=period,
            figure=Figure(value, None),
            state=ValueState.APPROVED,
            source=ObservationSource.REGISTRY,
            source_detail=reference,
            comment=comment,
            reason=comment,
        )
        for (code, disaggregation), value in values.items()
    ]


def _write(
    figures: dict[str, float],
    unit: object,
    period: Period,
    reference: str,
    comment: str,
    user: User,
    *,
    breakdown: dict[tuple[str, str], float] | None = None,
) -> None:
    indicators = _indicator_ids(figures)
    observations_write(
        _writes(figures, unit, period, reference, comment, indicators, breakdown=breakdown), user=user
    )

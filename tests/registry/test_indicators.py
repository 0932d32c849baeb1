"""registry.indicators: rates, beneficiaries and payments computed by hand."""

import numpy as np
import pytest

from planwatch.registry.indicators import (
    CategoryCount,
    PaymentSummary,
    UnitRate,
    beneficiaries_per_category,
    payment_summaries,
    payment_summary,
    poverty_rates,
)


def test_poverty_rates_per_unit() -> None:
    units = np.array(["b", "a", "a", "b", "b"])
    codes = np.array([0, 1, 3, 0, 2])  # poor, near-poor, above, poor, average
    rates = poverty_rates(units, codes)
    assert rates == [
        UnitRate("a", households=2, poor=0, near_poor=1, poor_rate=0.0, near_poor_rate=50.0),
        UnitRate(
            "b", households=3, poor=2, near_poor=0, poor_rate=pytest.approx(200 / 3), near_poor_rate=0.0
        ),
    ]
    # the same through dictionary indices
    assert poverty_rates(np.array([1, 0, 0, 1, 1]), codes, unit_names=["a", "b"]) == rates


def test_a_unit_without_households_is_left_out_and_lengths_must_match() -> None:
    assert [
        r.unit for r in poverty_rates(np.array([2, 2]), np.array([0, 1]), unit_names=["x", "y", "z"])
    ] == ["z"]
    with pytest.raises(ValueError, match="dài bằng nhau"):
        poverty_rates(np.array(["a"]), np.array([0, 1]))


def test_beneficiaries_per_unit_and_category() -> None:
    rows = beneficiaries_per_category(
        np.array(["x", "x", "y", "x"]), np.array(["khuyet_tat_nang", "tu_80", "tu_80", "khuyet_tat_nang"])
    )
    assert rows == [
        CategoryCount("x", "khuyet_tat_nang", 2),
        CategoryCount("x", "tu_80", 1),
        CategoryCount("y", "tu_80", 1),
    ]


def test_the_non_cash_share_is_of_beneficiaries_paid() -> None:
    summary = payment_summary(
        ["bank", "cash", "social_security_account", "bank", "cash"],
        ["paid", "paid", "paid", "failed", "returned"],
        [500_000, 750_000, 1_000_000, 500_000, 300_000],
        unit="x",
    )
    assert summary == PaymentSummary(
        unit="x",
        payments=5,
        paid=3,
        paid_without_cash=2,
        amount_paid=2_250_000,
        amount_paid_without_cash=1_500_000,
        amount_failed=500_000,
        amount_returned=300_000,
    )
    assert summary.non_cash_share == pytest.approx(200 / 3)  # 2 of 3 paid, not 1.500.000 / 2.250.000


def test_payments_per_unit_and_an_empty_cycle() -> None:
    rows = payment_summaries(["b", "a", "b"], ["cash", "bank", "bank"], ["paid", "paid", "paid"], [1, 2, 3])
    assert [(r.unit, r.paid, r.non_cash_share) for r in rows] == [("a", 1, 100.0), ("b", 2, 50.0)]
    empty = payment_summary([], [], [], unit="x")
    assert (empty.payments, empty.non_cash_share) == (0, None)


@pytest.mark.parametrize(
    ("channel", "status", "amount", "message"),
    [
        ("momo", "paid", 1, "kênh chi trả 'momo'"),
        ("cash", "done", 1, "trạng thái chi trả 'done'"),
        ("cash", "paid", -1, "âm"),
    ],
)
def test_unknown_channels_statuses_and_negative_amounts_are_refused(
    channel: str, status: str, amount: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        payment_summary([channel], [status], [amount])

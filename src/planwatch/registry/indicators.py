"""Indicator arithmetic from registry columns: poverty rates per unit, beneficiaries per category,
payments without cash. Pure numpy; the figures the registry writes as observations (source "registry").

Definitions (one place):
- poverty rate of a unit = poor households / households classified × 100; near-poverty rate likewise
  with near-poor households (the households of the review, every living standard counted).
- share paid without cash = beneficiaries paid through a bank account or a social-security account /
  beneficiaries paid (status ``paid``, any channel) × 100, in a payment cycle, one payment per
  beneficiary. Failed and returned payments are not "paid" and count in neither term; their amounts
  are reported apart. The amounts paid without cash are given too, but the share is a share of people,
  not of money.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from planwatch.registry.poverty import LivingStandard


class PaymentChannel(StrEnum):
    BANK = "bank"
    SOCIAL_SECURITY_ACCOUNT = "social_security_account"
    CASH = "cash"

    @property
    def label(self) -> str:
        return {
            "bank": "tài khoản ngân hàng",
            "social_security_account": "tài khoản an sinh xã hội",
            "cash": "tiền mặt",
        }[self.value]

    @property
    def non_cash(self) -> bool:
        return self is not PaymentChannel.CASH


class PaymentStatus(StrEnum):
    PAID = "paid"
    FAILED = "failed"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return {"paid": "đã chi trả", "failed": "chi trả không thành", "returned": "bị trả lại"}[self.value]


@dataclass(frozen=True, slots=True)
class UnitRate:
    unit: str
    households: int
    poor: int
    near_poor: int
    poor_rate: float  # poor / households × 100
    near_poor_rate: float


@dataclass(frozen=True, slots=True)
class CategoryCount:
    unit: str
    category: str
    beneficiaries: int


@dataclass(frozen=True, slots=True)
class PaymentSummary:
    unit: str
    payments: int
    paid: int  # beneficiaries paid, any channel
    paid_without_cash: int
    amount_paid: int  # đồng
    amount_paid_without_cash: int
    amount_failed: int
    amount_returned: int

    @property
    def non_cash_share(self) -> float | None:
        """Beneficiaries paid without cash / beneficiaries paid × 100; None when nobody was paid."""
        return self.paid_without_cash / self.paid * 100 if self.paid else None


def _groups(
    unit_codes: npt.ArrayLike, unit_names: Sequence[str] | None
) -> tuple[list[str], npt.NDArray[np.intp]]:
    codes = np.asarray(unit_codes)
    if unit_names is not None:
        return [str(n) for n in unit_names], codes.astype(np.intp)
    names, inverse = np.unique(codes, return_inverse=True)
    return [str(n) for n in names], inverse.astype(np.intp).reshape(-1)


def poverty_rates(
    unit_codes: npt.ArrayLike, standard_codes: npt.ArrayLike, *, unit_names: Sequence[str] | None = None
) -> list[UnitRate]:
    """Households, poor, near-poor and both rates per unit, sorted by unit code.

    Args:
        unit_codes: each household's unit code — or, with ``unit_names``, an index into it (as the
            indices of a pyarrow dictionary column), which is much faster.
        standard_codes: each household's :attr:`LivingStandard.code` (``classify_columns``).

    Raises:
        ValueError: the columns differ in length.
    """
    names, index = _groups(unit_codes, unit_names)
    codes = np.asarray(standard_codes)
    if codes.shape != index.shape:
        raise ValueError("cột mã xã và cột kết quả phân loại phải dài bằng nhau")
    size = len(names)
    total = np.bincount(index, minlength=size)
    poor = np.bincount(index[codes == LivingStandard.POOR.code], minlength=size)
    near = np.bincount(index[codes == LivingStandard.NEAR_POOR.code], minlength=size)
    return [
        UnitRate(
            unit=names[i],
            households=int(total[i]),
            poor=int(poor[i]),
            near_poor=int(near[i]),
            poor_rate=float(poor[i] / total[i] * 100),
            near_poor_rate=float(near[i] / total[i] * 100),
        )
        for i in sorted(range(size), key=lambda i: names[i])
        if total[i]
    ]


def beneficiaries_per_category(
    unit_codes: npt.ArrayLike, category_codes: npt.ArrayLike
) -> list[CategoryCount]:
    """Beneficiaries per (unit, category), one row per person and category paid, sorted.

    Raises:
        ValueError: the columns differ in length.
    """
    units = np.asarray(unit_codes).astype(str)
    categories = np.asarray(category_codes).astype(str)
    if units.shape != categories.shape:
        raise ValueError("cột mã xã và cột diện đối tượng phải dài bằng nhau")
    pairs, counts = np.unique(np.stack([units, categories]), axis=1, return_counts=True)
    return [
        CategoryCount(unit=str(pairs[0, i]), category=str(pairs[1, i]), beneficiaries=int(counts[i]))
        for i in range(counts.size)
    ]


def payment_summaries(
    unit_codes: npt.ArrayLike, channels: npt.ArrayLike, statuses: npt.ArrayLike, amounts: npt.ArrayLike
) -> list[PaymentSummary]:
    """Per unit, the payments of a cycle: counts and amounts paid, paid without cash, failed, returned.

    Raises:
        ValueError: the columns differ in length, or a channel, status or amount is not allowed.
    """
    names, index = _groups(unit_codes, None)
    channel = np.asarray(channels).astype(str)
    status = np.asarray(statuses).astype(str)
    amount = np.asarray(amounts, dtype=np.int64)
    if not index.shape == channel.shape == status.shape == amount.shape:
        raise ValueError("các cột xã, kênh chi trả, trạng thái và số tiền phải dài bằng nhau")
    bad_channel = set(np.unique(channel).tolist()) - {c.value for c in PaymentChannel}
    if bad_channel:
        raise ValueError(
            f"kênh chi trả '{sorted(bad_channel)[0]}' không có: dùng bank, social_security_account, cash"
        )
    bad_status = set(np.unique(status).tolist()) - {s.value for s in PaymentStatus}
    if bad_status:
        raise ValueError(
            f"trạng thái chi trả '{sorted(bad_status)[0]}' không có: dùng paid, failed, returned"
        )
    if amount.size and amount.min() < 0:
        raise ValueError("số tiền chi trả không được âm")
    size = len(names)
    paid = status == PaymentStatus.PAID.value
    non_cash = paid & (channel != PaymentChannel.CASH.value)

    def count(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        return np.bincount(index[mask], minlength=size)

    def total(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        return np.bincount(index[mask], weights=amount[mask], minlength=size).round().astype(np.int64)

    every = np.ones(index.shape, dtype=bool)
    columns = (
        count(every),
        count(paid),
        count(non_cash),
        total(paid),
        total(non_cash),
        total(status == PaymentStatus.FAILED.value),
        total(status == PaymentStatus.RETURNED.value),
    )
    return [
        PaymentSummary(names[i], *(int(c[i]) for c in columns))
        for i in sorted(range(size), key=lambda i: names[i])
        if columns[0][i]
    ]


def payment_summary(
    channels: npt.ArrayLike, statuses: npt.ArrayLike, amounts: npt.ArrayLike, *, unit: str = ""
) -> PaymentSummary:
    """:func:`payment_summaries` for the payments of one unit (a cycle with no payment: all zero)."""
    channel = np.asarray(channels)
    rows = payment_summaries(np.full(channel.shape, unit, dtype=object), channel, statuses, amounts)
    return rows[0] if rows else PaymentSummary(unit, 0, 0, 0, 0, 0, 0, 0)

"""Monthly social assistance (Nghị định 20/2021/NĐ-CP, Điều 5–6, amended by 76/2024) and allowances of
people with meritorious service — every coefficient and level from the rule tables.

- Social assistance = base level in force on the day (national, or the province's higher one) ×
  the coefficient of the person's category for their age on that day. A person in several categories
  receives only the single highest coefficient; the table's exception (a single poor parent raising
  children, who also receives the per-child coefficient on top of the highest other one) is applied
  as written in ``rules/assistance_categories.toml`` and named in :attr:`Allowance.rule`.
- Ages are whole years on the day: one turns 4 on the 4th birthday (born 29/02: on 01/3 in a common year).
- Merit allowance = coefficient × reference level in force, rounded half up to 1.000 đ
  (1,5 × 2.789.000 = 4.183.500 → 4.184.000: a half thousand goes up).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from planwatch.domain.numbers import format_number
from planwatch.registry.rules import (
    AssistanceCategory,
    CoefficientBand,
    RuleBook,
    assistance_base_on,
    default_rules,
    merit_reference_on,
    money,
)

__all__ = [
    "Allowance",
    "AssistanceCategory",
    "AssistanceError",
    "age_on",
    "all_categories",
    "merit_allowance",
    "monthly_assistance",
]

THOUSAND = Decimal(1000)


class AssistanceError(ValueError):
    """An allowance that cannot be computed from what was given (one sentence)."""


@dataclass(frozen=True, slots=True)
class Allowance:
    amount: int  # đồng per month
    category: str  # the category whose coefficient was chosen (the highest)
    coefficient: Decimal  # the coefficient paid (the exception's added one included)
    base: int  # the base level applied
    rule: str  # Vietnamese: which rule chose it
    basis: str
    categories: tuple[str, ...] = ()  # every category paid: the chosen one, then the exception's


def all_categories(*, rules: RuleBook | None = None) -> tuple[AssistanceCategory, ...]:
    """The categories of the table, in its order."""
    return tuple((rules or default_rules()).categories.values())


def age_on(birth_date: date, day: date) -> int:
    """Whole years of age on ``day``: the day before the 4th birthday 3, the birthday itself 4."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _coefficient(word: str) -> str:
    return format_number(float(word))


def _band(category: AssistanceCategory, age: int | None) -> CoefficientBand | None:
    if age is None and any(b.needs_age for b in category.coefficients):
        raise AssistanceError(f"cần ngày sinh để tính hệ số của đối tượng '{category.label_vi}'")
    return next((b for b in category.coefficients if b.holds_at(age)), None)


def monthly_assistance(
    categories: Sequence[str],
    *,
    day: date,
    birth_date: date | None,
    province_code: str | None = None,
    children: int = 1,
    rules: RuleBook | None = None,
) -> Allowance | None:
    """The monthly social assistance of a person in ``categories`` on ``day`` (None: no category holds
    that day, e.g. a child past 16).

    Args:
        categories: category codes of ``rules/assistance_categories.toml``.
        day: a day of the month paid; the base level and the age are taken on it.
        birth_date: needed when a category's coefficient depends on age.
        province_code: the planwatch code of the province paying (its own higher level applies).
        children: for a per-child coefficient (a single parent raising children), how many.

    Raises:
        AssistanceError: an unknown category, a missing birth date or a number of children below 1.
        RuleNotFound: no base level in force that day.
    """
    book = rules or default_rules()
    codes = [categories] if isinstance(categories, str) else list(categories)
    unknown = [c for c in codes if c not in book.categories]
    if unknown:
        raise AssistanceError(f"không có đối tượng trợ giúp xã hội mã '{unknown[0]}' trong bảng quy định")
    if children < 1:
        raise AssistanceError("số con đang nuôi phải từ 1 trở lên")
    age = age_on(birth_date, day) if birth_date else None
    held: list[tuple[AssistanceCategory, CoefficientBand, Decimal]] = []
    for category in book.categories.values():  # the table's order breaks ties
        if category.code not in codes:
            continue
        band = _band(category, age)
        if band is not None:
            held.append((category, band, band.coefficient * (children if band.per_child else 1)))
    if not held:
        return None
    rule = book.highest_only
    ordinary = [h for h in held if h[0].code not in rule.exception_categories]
    added = [h for h in held if h[0].code in rule.exception_categories]
    chosen = max(ordinary or added, key=lambda h: h[2])
    paid = [chosen]
    sentence = f"hệ số {_coefficient(str(chosen[2]))} của đối tượng '{chosen[0].label_vi}'"
    if len(ordinary) > 1:
        sentence += f", hệ số cao nhất trong {len(ordinary)} diện đối tượng ({rule.basis})"
    if ordinary and added:
        extra = max(added, key=lambda h: h[2])
        paid.append(extra)
        sentence += (
            f", cộng hệ số {_coefficient(str(extra[2]))} của đối tượng '{extra[0].label_vi}' theo ngoại lệ: "
            f"{rule.exception} ({rule.exception_basis})"
        )
        if rule.assumption:
            sentence += f" (giả định: {rule.assumption})"
    coefficient = sum((h[2] for h in paid), Decimal(0))
    base = assistance_base_on(day, province_code, rules=book)
    amount = int((base.amount * coefficient).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    sentence = f"{money(base.amount)} × {_coefficient(str(coefficient))}: {sentence}"
    clauses = "; ".join(f"Nghị định 20/2021/NĐ-CP, {h[0].clause}, hệ số: {h[1].clause}" for h in paid)
    return Allowance(
        amount=amount,
        category=chosen[0].code,
        coefficient=coefficient,
        base=base.amount,
        rule=sentence,
        basis=f"{clauses}; mức chuẩn: {base.basis}",
        categories=tuple(h[0].code for h in paid),
    )


def merit_allowance(coefficient: Decimal, *, day: date, rules: RuleBook | None = None) -> int:
    """Coefficient × the reference level in force on ``day``, rounded half up to 1.000 đ.

    Raises:
        AssistanceError: a negative coefficient.
        RuleNotFound: no reference level in force that day.
    """
    if coefficient < 0:
        raise AssistanceError("hệ số trợ cấp ưu đãi không được âm")
    reference = merit_reference_on(day, rules=rules).amount
    thousands = (Decimal(reference) * coefficient / THOUSAND).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(thousands * THOUSAND)

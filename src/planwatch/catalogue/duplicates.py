"""Is an uploaded document one the catalogue already holds? (issue #15: never add a duplicate silently.)

Two tests, either suffices:

- the same identity: number, issuer and issue date all given and equal (domain.md §1: the number
  alone is not an identity, Kiên Giang's and Long An's 52-CTr/TU differ);
- near-identical text: the resemblance of the two texts' word shingles (5 words) is at least
  NEAR_IDENTICAL. It is estimated from a bottom-k sketch (the SKETCH_SIZE smallest shingle hashes),
  so a document's text can be remembered as a short list of numbers and compared without its file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date

from planwatch.domain.text import normalise_name

SHINGLE_WORDS = 5
SKETCH_SIZE = 128
NEAR_IDENTICAL = 0.8  # corpus plans resemble each other at most 0,19; a copy missing 5 % of lines 0,88

_WORD = re.compile(r"\w+")


def text_sketch(text: str) -> tuple[int, ...]:
    """The SKETCH_SIZE smallest hashes of the text's 5-word shingles (case, accents and spacing kept
    apart from the comparison: the words are read from the NFC-normalised, lower-cased text).

    >>> len(text_sketch("một hai ba bốn năm sáu")) == 2
    True
    """
    words = _WORD.findall(normalise_name(text))
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))}
    hashes = {_hash(shingle) for shingle in shingles if shingle}
    return tuple(sorted(hashes)[:SKETCH_SIZE])


def resemblance(first: Sequence[int], second: Sequence[int]) -> float:
    """The estimated share of shingles the two texts have in common (0 … 1), from their sketches.

    The k smallest hashes of the union are taken; the share of them present in both sketches
    estimates |A ∩ B| / |A ∪ B| (Broder's bottom-k estimator).
    """
    if not first or not second:
        return 0.0
    a, b = set(first), set(second)
    union = sorted(a | b)[: min(SKETCH_SIZE, len(a | b))]
    shared = sum(1 for value in union if value in a and value in b)
    return shared / len(union)


def is_near_identical(first: Sequence[int], second: Sequence[int]) -> bool:
    return resemblance(first, second) >= NEAR_IDENTICAL


def same_identity(
    first: tuple[str | None, str | None, date | None], second: tuple[str | None, str | None, date | None]
) -> bool:
    """Number, issuer and date, all given and equal (names compared without case and extra spaces)."""
    (number_a, issuer_a, day_a), (number_b, issuer_b, day_b) = first, second
    if not number_a or not number_b or not issuer_a or not issuer_b or day_a is None or day_b is None:
        return False
    return (
        _number_key(number_a) == _number_key(number_b)
        and normalise_name(issuer_a) == normalise_name(issuer_b)
        and day_a == day_b
    )


def _number_key(number: str) -> str:
    """``52-CTr/TU`` and ``52 - CTr/TU`` are one number."""
    return re.sub(r"\s+", "", normalise_name(number))


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=7).digest(), "big")

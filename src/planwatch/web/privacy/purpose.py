"""The one rule of a stated purpose (mục đích xử lý dữ liệu cá nhân): what an export of personal data,
or a coordinator's look at unmasked identifiers, must give. At least ``MIN_CHARS`` letters in at least
two words, NFC, outer and repeated spaces removed."""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

MIN_CHARS = 10
MAX_CHARS = 500


def purpose_normalised(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def purpose_problem(text: str | None) -> str | None:
    """Why ``text`` is not a stated purpose (one sentence in the active language), or None when it is."""
    purpose = purpose_normalised(text)
    if not purpose:
        return _("Hãy ghi mục đích sử dụng dữ liệu cá nhân.")
    if len(purpose) < MIN_CHARS or len(purpose.split()) < 2:
        return _("Mục đích phải nói rõ việc cần làm, ít nhất %(n)s ký tự và hai từ.") % {"n": MIN_CHARS}
    if len(purpose) > MAX_CHARS:
        return _("Mục đích dài tối đa %(n)s ký tự.") % {"n": MAX_CHARS}
    return None


def purpose_is_stated(text: str | None) -> bool:
    return purpose_problem(text) is None

"""Model fields whose values are encrypted at rest (AES-256-GCM, privacy.keys): health, disability
and other sensitive facts of the registry. The column holds ``pwenc1:<key id>:<ciphertext>``, never the
text; reading a value that was altered raises ``EncryptedValueError``.

An encrypted column cannot be searched or sorted in the database (each write uses a fresh nonce): the
only lookup allowed is ``isnull``; filter by other columns and read these in Python.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.db.models import Lookup

from planwatch.web.privacy.keys import EncryptedValueError, decrypt, encrypt

__all__ = ["EncryptedJSONField", "EncryptedTextField", "EncryptedValueError", "encrypted_text"]


class _Encrypted(models.TextField):  # type: ignore[type-arg]
    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def _dump(self, value: Any) -> str:
        raise NotImplementedError

    def _load(self, text: str) -> Any:
        raise NotImplementedError

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return encrypt(self._dump(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self._load(decrypt(value))

    def value_to_string(self, obj: models.Model) -> str:
        return self._dump(self.value_from_object(obj))


class EncryptedTextField(_Encrypted):
    """A text encrypted at rest; Python sees the ``str``. An empty text is stored empty: there is
    nothing to hide in it (a ciphertext's length tells as much), and a bulk load then encrypts only
    the values it has (:func:`encrypted_text`)."""

    def get_prep_value(self, value: Any) -> Any:
        return "" if value == "" else super().get_prep_value(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return "" if value == "" else super().from_db_value(value, expression, connection)

    def _dump(self, value: Any) -> str:
        return str(value)

    def _load(self, text: str) -> Any:
        return text

    def to_python(self, value: Any) -> Any:
        return value if value is None or isinstance(value, str) else str(value)


class EncryptedJSONField(_Encrypted):
    """A JSON value (dict, list, number, text, bool) encrypted at rest; Python sees the value. ``None``
    is stored as SQL NULL."""

    def _dump(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def _load(self, text: str) -> Any:
        return json.loads(text)

    def to_python(self, value: Any) -> Any:
        return value


def encrypted_text(value: str) -> str:
    """What an :class:`EncryptedTextField` stores for ``value`` (for loads that write SQL directly)."""
    stored: str = EncryptedTextField().get_prep_value(value)
    return stored

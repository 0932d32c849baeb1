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

__all__ = ["EncryptedJSONField", "EncryptedTextField", "EncryptedValueError"]


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
    """A text encrypted at rest; Python sees the ``str``."""

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

"""The keys of the personal data encrypted at rest, and the one format of an encrypted value.

A value is written ``pwenc1:<key id>:<nonce and AES-256-GCM ciphertext, URL-safe base64>``. The key id
is the first 8 hex digits of the SHA-256 of the key, so a value names the key that wrote it: after a
rotation (the new key in ``PLANWATCH_DATA_KEY``, the old one moved to ``PLANWATCH_DATA_KEYS_OLD``) old
values still read, and each is written with the new key the next time it is saved. GCM authenticates:
a value changed by one byte, or read with a key that did not write it, is refused with a clear error,
never decrypted into garbage.

Without ``PLANWATCH_DATA_KEY`` the key is made on first use in the data folder (``data_key``, 0600,
planwatch.paths.secret_made_once, as the Django secret key is). Back it up apart from the database:
a database without its key is unreadable, and a key stored with the database protects nothing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from planwatch.paths import data_dir, secret_made_once

PREFIX = "pwenc1"
KEY_FILE = "data_key"
_NONCE_BYTES = 12


class EncryptedValueError(ValueError):
    """An encrypted value that cannot be read: altered, cut, or written with a key no longer listed."""


@dataclass(frozen=True, slots=True)
class Keyring:
    current_id: str
    keys: dict[str, AESGCM]


def new_key() -> str:
    """A fresh key in the form ``PLANWATCH_DATA_KEY`` takes."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


def _decode(text: str, setting: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raw = b""
    if len(raw) != 32:
        raise ImproperlyConfigured(
            f"{setting} must be 32 bytes in URL-safe base64 (44 characters): `planwatch privacy new-key` "
            "prints one."
        )
    return raw


@lru_cache(maxsize=4)
def _keyring(current: str, old: tuple[str, ...], folder: str) -> Keyring:
    text = current or secret_made_once(data_dir() / KEY_FILE, new_key)
    current_key = _decode(text, "PLANWATCH_DATA_KEY" if current else f"{folder}/{KEY_FILE}")
    keys = {key_id(current_key): AESGCM(current_key)}
    for number, old_text in enumerate(old, start=1):
        old_key = _decode(old_text, f"PLANWATCH_DATA_KEYS_OLD (key {number})")
        keys.setdefault(key_id(old_key), AESGCM(old_key))
    return Keyring(current_id=key_id(current_key), keys=keys)


def keyring() -> Keyring:
    """The keys of the settings in force (read once per distinct setting)."""
    current = str(getattr(settings, "PLANWATCH_DATA_KEY", "") or "")
    old = tuple(str(k) for k in getattr(settings, "PLANWATCH_DATA_KEYS_OLD", []) or [])
    return _keyring(current, old, str(data_dir()))


def encrypt(text: str) -> str:
    ring = keyring()
    nonce = os.urandom(_NONCE_BYTES)
    sealed = ring.keys[ring.current_id].encrypt(nonce, text.encode("utf-8"), None)
    body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
    return f"{PREFIX}:{ring.current_id}:{body}"


def decrypt(stored: str) -> str:
    prefix, _, rest = stored.partition(":")
    kid, _, body = rest.partition(":")
    if prefix != PREFIX or not kid or not body:
        raise EncryptedValueError(
            "Giá trị được mã hóa không đúng định dạng (thiếu tiền tố pwenc1 hoặc mã khóa): "
            "dữ liệu đã bị sửa ngoài planwatch."
        )
    key = keyring().keys.get(kid)
    if key is None:
        raise EncryptedValueError(
            f"Giá trị được mã hóa bằng khóa {kid}, không có trong PLANWATCH_DATA_KEY hay "
            "PLANWATCH_DATA_KEYS_OLD: hãy thêm khóa cũ vào PLANWATCH_DATA_KEYS_OLD."
        )
    try:
        raw = base64.urlsafe_b64decode(body.encode("ascii"))
        return key.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], None).decode("utf-8")
    except (InvalidTag, binascii.Error, ValueError, UnicodeError) as error:
        raise EncryptedValueError(
            f"Giá trị được mã hóa (khóa {kid}) không xác thực được: dữ liệu đã bị sửa hoặc bị cắt."
        ) from error

"""Secrets are written 0600 from the first byte, and an old one readable by others is narrowed."""

import os
from pathlib import Path

from planwatch.paths import secret_read, secret_write


def test_a_secret_is_written_for_its_owner_alone_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        secret_write(tmp_path / "var" / "demo_logins.json", "{}")
    finally:
        os.umask(previous)
    assert (tmp_path / "var" / "demo_logins.json").stat().st_mode & 0o777 == 0o600


def test_rewriting_a_secret_that_was_readable_by_others_narrows_it(tmp_path: Path) -> None:
    path = tmp_path / "demo_logins.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0o644)

    secret_write(path, '{"a": "b"}')

    assert path.stat().st_mode & 0o777 == 0o600
    assert secret_read(path) == '{"a": "b"}'

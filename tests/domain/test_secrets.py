"""Secrets are written 0600 from the first byte, and an old one readable by others is narrowed."""

import os
from pathlib import Path

from planwatch.paths import secret_made_once, secret_read, secret_write


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


def test_a_secret_made_once_is_made_0600_on_first_use_and_then_only_read(tmp_path: Path) -> None:
    made: list[str] = []

    def make() -> str:
        made.append("new")
        return f"key-{len(made)}\n"

    first = secret_made_once(tmp_path / "var" / "data_key", make)
    second = secret_made_once(tmp_path / "var" / "data_key", make)

    assert (first, second, made) == ("key-1", "key-1", ["new"])
    assert (tmp_path / "var" / "data_key").stat().st_mode & 0o777 == 0o600
    assert [p.name for p in (tmp_path / "var").iterdir()] == ["data_key"]


def test_a_secret_another_process_made_first_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "data_key"

    def make_while_another_process_writes() -> str:
        secret_write(path, "theirs")  # the other process links its file in first
        return "mine"

    assert secret_made_once(path, make_while_another_process_writes) == "theirs"

"""The installed `planwatch` command on a fresh SQLite database, as a person runs it."""

import json
import os
import subprocess
import sys
from pathlib import Path


def _planwatch(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PLANWATCH_DATA_DIR": str(tmp_path),
    }
    command = [str(Path(sys.executable).with_name("planwatch")), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)


def test_init_twice_then_167_targets(tmp_path: Path) -> None:
    first = _planwatch(tmp_path, "init")
    second = _planwatch(tmp_path, "init")
    targets = _planwatch(tmp_path, "targets", "--json")

    assert first.returncode == 0, first.stderr
    assert f"Cơ sở dữ liệu: {tmp_path / 'db.sqlite3'}" in first.stdout
    assert "(không thay đổi)" in second.stdout
    assert len(json.loads(targets.stdout)) == 167


def test_commands_before_init_say_what_to_do(tmp_path: Path) -> None:
    result = _planwatch(tmp_path, "documents")

    assert result.returncode == 2
    assert "chưa được khởi tạo: hãy chạy 'planwatch init'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_values_file_is_refused(tmp_path: Path) -> None:
    _planwatch(tmp_path, "init")

    result = _planwatch(tmp_path, "values", "import", str(tmp_path / "absent.csv"))

    assert result.returncode == 2
    assert result.stderr.startswith("planwatch: không tìm thấy tệp")

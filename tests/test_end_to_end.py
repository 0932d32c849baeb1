"""The installed `planwatch` command on a fresh SQLite database, as a person runs it."""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path


def _env(tmp_path: Path) -> dict[str, str]:
    """A database of the test's own, whatever DATABASE_URL the suite runs with."""
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PLANWATCH_DATA_DIR": str(tmp_path),
    }


def _planwatch(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("planwatch")), *args]
    return subprocess.run(
        command, capture_output=True, text=True, env=_env(tmp_path), timeout=300, check=False
    )


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


def test_serve_asks_for_a_login_and_the_demo_login_opens_the_dashboard(tmp_path: Path) -> None:
    _planwatch(tmp_path, "init")
    demo = _planwatch(tmp_path, "demo")
    password = re.search(r"viewer\s+lanhdao\s+mật khẩu: (\S+)", demo.stdout)
    assert password, demo.stdout
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(Path(sys.executable).with_name("planwatch")), "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    try:
        login_page = _fetch_when_up(f"http://127.0.0.1:{port}/", seconds=30, opener=browser)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
        assert token, login_page
        form = {"username": "lanhdao", "password": password.group(1), "csrfmiddlewaretoken": token.group(1)}
        with browser.open(
            f"http://127.0.0.1:{port}/dang-nhap/", urllib.parse.urlencode(form).encode()
        ) as reply:
            dashboard = reply.read().decode("utf-8")
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert "Đăng nhập" in login_page
    assert "Số liệu minh họa" in dashboard
    assert "Tổng quan" in dashboard


def _fetch_when_up(url: str, seconds: float, opener: urllib.request.OpenerDirector) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with opener.open(url, timeout=5) as response:
                body: bytes = response.read()
                return body.decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_counts_failed_logins_across_its_processes_and_refuses_bad_arguments(tmp_path: Path) -> None:
    _planwatch(tmp_path, "init")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        str(Path(sys.executable).with_name("planwatch")),
        "serve",
        "--port",
        str(port),
        "--workers",
        "3",
    ]
    server = subprocess.Popen(
        command, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        _fetch_when_up(
            f"http://127.0.0.1:{port}/dang-nhap/", seconds=30, opener=urllib.request.build_opener()
        )
        # Each attempt is a new connection, answered by whichever of the three processes is free.
        answers = [_login_attempt(port, "không-ai", "sai-mật-khẩu") for _ in range(6)]
        taken = _planwatch(tmp_path, "serve", "--port", str(port))
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    zero = _planwatch(tmp_path, "serve", "--workers", "0")

    assert f"http://127.0.0.1:{port}/  (3 tiến trình" in output
    assert answers[:5] == [200] * 5
    assert answers[5] == 429
    assert taken.returncode == 2
    assert f"không mở được cổng 127.0.0.1:{port}" in taken.stderr
    assert "Traceback" not in taken.stderr
    assert zero.returncode == 2
    assert "--workers phải từ 1 trở lên" in zero.stderr


def _login_attempt(port: int, username: str, password: str) -> int:
    """One failed sign-in through the form, as a browser would send it; the answer's status."""
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with browser.open(f"http://127.0.0.1:{port}/dang-nhap/", timeout=10) as reply:
        form = reply.read().decode("utf-8")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token, form
    data = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    try:
        with browser.open(f"http://127.0.0.1:{port}/dang-nhap/", data, timeout=10) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as refused:
        return int(refused.code)

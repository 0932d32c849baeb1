"""Browser fixtures: a real planwatch server on a fresh SQLite data folder with the catalogue and the demo
figures, and a headless Debian Chromium driven by Playwright.

Playwright's own browser download is impossible here (and unwanted): the tests use the ``chromium``
executable of the Debian package (``bash scripts/system-packages.sh chromium``, done by
``make test-browser``) and fail, never skip, when it is missing. Every page a test opens through
``page_as``/``anonymous_page`` is photographed when the test ends, pass or fail, into
``test-artifacts/browser/<test name>[-<user>].png``; ``screenshot(page, step)`` adds named steps.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from planwatch.paths import corpus_dir

SERVER_START_SECONDS = 90
# Generous: the first request of each page warms Django up on a 2-core machine running other work.
EXPECT_TIMEOUT_MS = 20_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"

expect.set_options(timeout=EXPECT_TIMEOUT_MS)


@dataclass(frozen=True)
class Server:
    """A running ``planwatch serve`` and the data folder it serves."""

    url: str
    data_dir: Path
    env: dict[str, str]
    passwords: dict[str, str]

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run ``planwatch ARGS…`` on the server's database; fail the test on a non-zero exit."""
        result = subprocess.run(
            [str(_planwatch_executable()), *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        if result.returncode != 0:
            pytest.fail(f"planwatch {' '.join(args)} exited {result.returncode}: {result.stderr.strip()}")
        return result

    def cli_json(self, *args: str) -> Any:
        return json.loads(self.cli(*args).stdout)


def _planwatch_executable() -> Path:
    return Path(sys.executable).with_name("planwatch")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _status(url: str) -> int | None:
    """The HTTP status of GET url, None while nothing listens there yet."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


# Extra accounts the tests need beside the four demo logins: a reporter of another agency (Sở GDĐT).
EXTRA_USERS = {"baocao.gddt": ("reporter", "gddt-an-giang", "mật-khẩu-giáo-dục-2025")}


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``planwatch init`` + ``planwatch demo`` on a private SQLite folder, then ``planwatch serve``."""
    yield from serve(tmp_path_factory)


def serve(
    tmp_path_factory: pytest.TempPathFactory, prepare: Callable[[Server], None] | None = None
) -> Iterator[Server]:
    """A server as ``server`` makes it; ``prepare`` adds a module's own data before it starts (a
    module that needs figures the other tests must not see starts its own)."""
    data_dir = tmp_path_factory.mktemp("browser-data")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PLANWATCH_SECRET_KEY"}}
    env.update(PLANWATCH_DATA_DIR=str(data_dir), PLANWATCH_CORPUS=str(corpus_dir()), PYTHONUNBUFFERED="1")
    prepared = Server(url="", data_dir=data_dir, env=env, passwords={})
    prepared.cli("init")
    prepared.cli("demo")
    passwords: dict[str, str] = json.loads((data_dir / "demo_logins.json").read_text(encoding="utf-8"))
    for username, (role, agency, password) in EXTRA_USERS.items():
        prepared.cli(
            "users",
            "create",
            "--username",
            username,
            "--role",
            role,
            "--agency",
            agency,
            "--password-stdin",
            stdin=password + "\n",
        )
        passwords[username] = password
    if prepare is not None:
        prepare(prepared)

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = data_dir / "serve.log"
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [str(_planwatch_executable()), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while (status := _status(f"{url}/dang-nhap/")) != 200:
            # A status other than 200 (a 500 from an import error, say) will not get better by waiting.
            if status is not None or process.poll() is not None or time.monotonic() > deadline:
                log_text = log_path.read_text(encoding="utf-8")
                pytest.fail(f"planwatch serve on {url} is not answering (status {status}):\n{log_text}")
            time.sleep(0.2)
        yield Server(url=url, data_dir=data_dir, env=env, passwords=passwords)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        # The server's own log (tracebacks of any 500) beside the screenshots, for a failed run.
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(log_path, ARTIFACTS / "serve.log")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail(
            "Chromium not found on PATH: install the Debian package 'chromium' "
            "(bash scripts/system-packages.sh chromium, or run make test-browser)"
        )
    return path


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright, chromium_path: str) -> Iterator[Browser]:
    launched = playwright_driver.chromium.launch(executable_path=chromium_path, headless=True)
    yield launched
    launched.close()


def _file_safe(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text).strip("-")


def _artifact_path(request: pytest.FixtureRequest, step: str | None) -> Path:
    name = _file_safe(request.node.name)
    if step:
        name = f"{name}-{_file_safe(step)}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"


Screenshot = Callable[[Page, str], Path]


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Screenshot:
    """``screenshot(page, step)`` saves ``test-artifacts/browser/<test name>-<step>.png``."""

    def take(page: Page, step: str) -> Path:
        path = _artifact_path(request, step)
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def contexts(browser: Browser, request: pytest.FixtureRequest) -> Iterator[list[tuple[str, BrowserContext]]]:
    """The test's browser contexts (one per user, cookies apart); photographed and closed at the end."""
    opened: list[tuple[str, BrowserContext]] = []
    yield opened
    for label, context in opened:
        for index, page in enumerate(context.pages):
            suffix = label if len(opened) > 1 else None
            if index:
                suffix = f"{suffix or 'page'}-{index}"
            try:
                page.screenshot(path=str(_artifact_path(request, suffix)), full_page=True)
            except Exception as error:  # a closed or crashed page must not hide the test's own result
                print(f"screenshot of {label} failed: {error}")
        context.close()


def _new_page(browser: Browser, contexts: list[tuple[str, BrowserContext]], label: str) -> Page:
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900}
    )
    contexts.append((label, context))
    return context.new_page()


def login(page: Page, server: Server, username: str, password: str) -> None:
    """Sign in through the real login form."""
    page.goto(f"{server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form[action='/dang-nhap/'] button[type=submit]")


PageAs = Callable[[str], Page]


@pytest.fixture
def page_as(browser: Browser, server: Server, contexts: list[tuple[str, BrowserContext]]) -> PageAs:
    """A page signed in (through the login form) as a demo user or one of EXTRA_USERS."""

    def signed_in(username: str) -> Page:
        page = _new_page(browser, contexts, username)
        login(page, server, username, server.passwords[username])
        expect(page.locator(".whoami")).to_contain_text(username)
        return page

    return signed_in


@pytest.fixture
def anonymous_page(browser: Browser, contexts: list[tuple[str, BrowserContext]]) -> Page:
    return _new_page(browser, contexts, "anonymous")


@pytest.fixture(scope="session")
def server_url(server: Server) -> str:
    return server.url


CliJson = Callable[..., Any]


@pytest.fixture(scope="session")
def cli_json(server: Server) -> CliJson:
    """``cli_json("evaluate", "--json")``: the parsed output of a planwatch command on the server's data."""
    return server.cli_json

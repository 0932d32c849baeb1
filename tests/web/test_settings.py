"""Production differs from development only by environment variables, and refuses to start unsafe."""

import json
import os
import subprocess
import sys
from pathlib import Path

PRINT_SETTINGS = (
    "import json; from planwatch.web.config import settings as s; print(json.dumps({"
    "'debug': s.DEBUG, 'session_secure': getattr(s, 'SESSION_COOKIE_SECURE', False), "
    "'csrf_secure': getattr(s, 'CSRF_COOKIE_SECURE', False), 'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0), "
    "'session_httponly': s.SESSION_COOKIE_HTTPONLY, 'login_required': "
    "'django.contrib.auth.middleware.LoginRequiredMiddleware' in s.MIDDLEWARE}))"
)


def _settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PLANWATCH_") or k == "PLANWATCH_CORPUS"}
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        env={**clean, "PLANWATCH_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_sets_secure_cookies_and_hsts_and_keeps_debug_off(tmp_path: Path) -> None:
    result = _settings(tmp_path, PLANWATCH_PRODUCTION="1", PLANWATCH_SECRET_KEY="x" * 50)

    assert json.loads(result.stdout) == {
        "debug": False,
        "session_secure": True,
        "csrf_secure": True,
        "hsts": 31536000,
        "session_httponly": True,
        "login_required": True,
    }


def test_production_without_a_secret_key_refuses_to_start(tmp_path: Path) -> None:
    result = _settings(tmp_path, PLANWATCH_PRODUCTION="1")

    assert result.returncode != 0
    assert "PLANWATCH_SECRET_KEY must be set in production" in result.stderr


def test_development_keeps_debug_off_unless_asked_and_makes_a_key_outside_the_repository(
    tmp_path: Path,
) -> None:
    result = _settings(tmp_path)

    assert json.loads(result.stdout)["debug"] is False
    assert (tmp_path / "secret_key").exists()


def test_the_secret_key_made_for_a_data_folder_is_readable_by_its_owner_alone(tmp_path: Path) -> None:
    result = _settings(tmp_path)

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_a_secret_key_left_readable_by_others_is_narrowed(tmp_path: Path) -> None:
    key = tmp_path / "secret_key"
    key.write_text("k" * 64, encoding="ascii")
    key.chmod(0o644)

    assert _settings(tmp_path).returncode == 0
    assert key.stat().st_mode & 0o777 == 0o600

"""Where planwatch keeps its files and finds the corpus (environment overridable)."""

import os
from collections.abc import Callable
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """Folder of the default SQLite database, the secret key and uploads (``PLANWATCH_DATA_DIR``)."""
    return Path(os.environ.get("PLANWATCH_DATA_DIR") or _REPO_ROOT / "var").resolve()


def default_database_url() -> str:
    """SQLite file in the data folder, used when ``DATABASE_URL`` is not set."""
    return f"sqlite:///{data_dir() / 'planwatch.sqlite3'}"


def corpus_dir() -> Path:
    """The folder of the real source documents (``PLANWATCH_CORPUS``, default ``../shared/corpus``)."""
    configured = os.environ.get("PLANWATCH_CORPUS")
    if configured:
        return Path(configured).resolve()
    return (_REPO_ROOT.parent / "shared" / "corpus").resolve()


def gold_dir() -> Path:
    """The hand-checked annotation beside the corpus (``PLANWATCH_GOLD``, default ``<corpus>/../gold``)."""
    configured = os.environ.get("PLANWATCH_GOLD")
    if configured:
        return Path(configured).resolve()
    return (corpus_dir().parent / "gold").resolve()


def secret_write(path: Path, text: str) -> None:
    """Write a secret (the secret key, the demo passwords) readable by its owner alone (0600), from
    the first byte: the file is created with that mode, never written first and narrowed after."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        os.fchmod(file.fileno(), 0o600)  # a file that existed keeps its mode through os.open
        file.write(text)


def secret_read(path: Path) -> str:
    """A secret's text; a file an older version left readable by others is narrowed to 0600."""
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    return path.read_text(encoding="utf-8")


def secret_made_once(path: Path, make: Callable[[], str]) -> str:
    """The secret kept in ``path``, made by ``make`` and written 0600 the first time it is asked for.

    The file appears whole and at most once: it is written beside and linked into place, which fails
    when another process made it first, so two processes starting together never hold two keys (the
    second one reads the first's)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        secret_write(draft, make())
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return secret_read(path).strip()

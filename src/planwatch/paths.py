"""Where planwatch keeps its files and finds the corpus (environment overridable)."""

import os
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

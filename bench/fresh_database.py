"""A fresh database for a benchmark: a new data folder, SQLite in it unless ``DATABASE_URL`` names
another database, Django set up on it and migrated."""

import os
import tempfile
from pathlib import Path


def django_on_fresh_database() -> Path:
    """Set up Django on a new, migrated database; returns the data folder."""
    folder = Path(tempfile.mkdtemp(prefix="planwatch-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ["PLANWATCH_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "planwatch.web.config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return folder

"""Shared fixtures: the real corpus and its gold annotation.

Tests read the corpus from ``../shared/corpus`` (``PLANWATCH_CORPUS`` overrides). When it is missing,
tests that need it fail (never skip) so that CI cannot go green without the real documents.
"""

import os
from pathlib import Path

import pytest
from hypothesis import settings

from planwatch.paths import corpus_dir, gold_dir

# make test-fuzz: HYPOTHESIS_PROFILE=fuzz, many more examples for the tests marked fuzz.
settings.register_profile("fuzz", max_examples=1500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def _required_dir(path: Path, what: str) -> Path:
    if not path.is_dir():
        pytest.fail(f"{what} not found at {path}: set PLANWATCH_CORPUS (and PLANWATCH_GOLD) to its folder")
    return path


@pytest.fixture(scope="session")
def corpus() -> Path:
    """Folder of the four real corpus files."""
    return _required_dir(corpus_dir(), "corpus")


@pytest.fixture(scope="session")
def gold() -> Path:
    """Folder of the gold annotation JSON files."""
    return _required_dir(gold_dir(), "gold annotation")

"""The one font family of every generated file: Times New Roman, or a metric-compatible serif with
every Vietnamese glyph where Times New Roman is not installed.

The docx and xlsx files name Times New Roman (what the reader's Word or Excel has); LibreOffice, which
converts the docx to PDF, and matplotlib, which draws the charts, use the fonts of this machine. Debian's
``fonts-liberation`` (Liberation 1.07) has no Vietnamese letters with two marks (ầ, ờ, ữ…): LibreOffice
then takes them from DejaVu Serif, and a PDF line mixes two typefaces. ``fonts-liberation2``
(Liberation 2.1, metric-compatible with Times New Roman) has them all, and fontconfig prefers it as the
newer version; ``make run`` and ``make test`` install it (``scripts/system-packages.sh``).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass

FONT = "Times New Roman"
FALLBACK = "Liberation Serif"
FONT_PACKAGES = ("fonts-liberation2",)


@dataclass(frozen=True, slots=True)
class FontFamily:
    """A family installed here with its files that cover Vietnamese (fontconfig's ``:lang=vi``)."""

    name: str
    files: tuple[str, ...]


@functools.cache
def vietnamese_serif() -> FontFamily | None:
    """Times New Roman if it is installed with Vietnamese glyphs, else Liberation Serif 2; None when
    neither is (or fontconfig is missing): the caller then keeps its own default."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    listed = subprocess.run(
        [fc_list, ":lang=vi", "family", "file"], capture_output=True, text=True, check=False
    ).stdout
    files: dict[str, list[str]] = {}
    for line in listed.splitlines():
        path, _, families = line.partition(": ")
        for family in families.split(","):
            files.setdefault(family.strip(), []).append(path.strip())
    for name in (FONT, FALLBACK):
        if files.get(name):
            return FontFamily(name, tuple(sorted(files[name])))
    return None

"""The docx report converted to PDF by LibreOffice, headless.

Debian's ``libreoffice-writer-nogui`` with ``fonts-liberation2`` (Liberation Serif 2 is metric-compatible
with Times New Roman, so lines break where Word breaks them, and has every Vietnamese letter:
``reporting.fonts``) is what ``make run`` and ``make test`` install. Each
conversion runs in its own temporary folder with its own LibreOffice user profile
(``-env:UserInstallation``), so conversions never share state or clash with a desktop session, and is
stopped (with every process it started) after a timeout.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from planwatch.domain.errors import DomainError

DEFAULT_TIMEOUT = 120.0


class LibreOfficeMissingError(DomainError):
    """PDF was asked for but LibreOffice (``soffice``) is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "không tìm thấy LibreOffice (lệnh soffice) để tạo PDF: hãy cài gói Debian "
            "libreoffice-writer-nogui và fonts-liberation2, hoặc chọn định dạng docx "
            "(LibreOffice not found: install libreoffice-writer-nogui)"
        )


class PdfConversionError(DomainError):
    """LibreOffice ran but produced no PDF (a damaged document, a timeout)."""


def soffice_path() -> str | None:
    """The LibreOffice command on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx: bytes, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Convert a .docx file to PDF with ``soffice --headless --convert-to pdf``.

    Args:
        docx: the bytes of the Word file.
        timeout: seconds before the conversion is abandoned.

    Returns:
        The bytes of the PDF.

    Raises:
        LibreOfficeMissingError: ``soffice`` is not on PATH.
        PdfConversionError: LibreOffice failed or timed out.
    """
    soffice = soffice_path()
    if soffice is None:
        raise LibreOfficeMissingError()
    with tempfile.TemporaryDirectory(prefix="planwatch-pdf-") as folder:
        work = Path(folder)
        source = work / "report.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(source),
        ]
        environment = {**os.environ, "HOME": str(work), "SAL_USE_VCLPLUGIN": "svp"}
        # A session of its own, so that a timeout ends LibreOffice and every process it started.
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfConversionError(
                f"LibreOffice không chuyển xong sang PDF sau {timeout:g} giây (conversion timed out)"
            ) from None
        result = work / "report.pdf"
        if process.returncode != 0 or not result.exists():
            detail = errors.decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1] if detail else f"mã thoát {process.returncode}"
            raise PdfConversionError(f"LibreOffice không tạo được PDF: {reason}")
        return result.read_bytes()

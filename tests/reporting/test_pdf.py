"""PDF conversion without LibreOffice: a clear error, not a traceback. (The real conversion is tested
end to end in tests/web/test_reports.py: it is slow.)"""

from pathlib import Path

import pytest

from planwatch.domain.errors import DomainError
from planwatch.reporting import LibreOfficeMissingError, convert_to_pdf


def test_a_missing_libreoffice_is_a_domain_error_that_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(LibreOfficeMissingError) as raised:
        convert_to_pdf(b"PK")

    assert isinstance(raised.value, DomainError)
    assert "LibreOffice" in str(raised.value)
    assert "libreoffice-writer-nogui" in str(raised.value)

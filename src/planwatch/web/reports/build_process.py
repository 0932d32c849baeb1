"""One report laid out in a process of its own: ``python -m planwatch.web.reports.build_process
DOC_PK YEAR REVIEW FORMAT OUT`` writes the pickled ``ReportFile`` to OUT (exit 0), or one sentence to
OUT.error (exit 2) when the report cannot be made (a DomainError).

The build thread of a server process (``reports.builds``) starts it and waits: the seconds of Python
that lay a report out then run beside the server's worker, not inside it, so the worker answers its
next requests at full speed (a thread in the same process would share its interpreter lock)."""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.web.config.settings")
    import django

    django.setup()
    from planwatch.domain.errors import DomainError
    from planwatch.reporting import ReportFormat, ReviewKind
    from planwatch.web.catalogue.models import PolicyDocument
    from planwatch.web.reports.selectors import lay_out_report

    document_pk, year, review, report_format, out = argv
    try:
        report = lay_out_report(
            PolicyDocument.objects.get(pk=int(document_pk)),
            int(year),
            ReviewKind(review) if review != "year" else None,
            ReportFormat(report_format),
        )
    except DomainError as error:
        Path(out + ".error").write_text(str(error), encoding="utf-8")
        return 2
    Path(out).write_bytes(pickle.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

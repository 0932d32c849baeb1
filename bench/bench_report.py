"""The consolidated report of 219/KH-UBND (65 targets, 61 of them in its appendix, plus charts).

What is measured, on a fresh SQLite file (or ``DATABASE_URL``) with the catalogue and the demo figures
2023–2025 loaded, for the yearly report of 2025: assembling the facts from the database
(``report_facts``: territory series, evaluations for 2024 and 2025, tasks, duties, raw figures),
building the content (``build_report``), drawing the PNG charts of the targets off track
(``chart_pngs``), laying out the docx (charts included) and the xlsx, and the whole path up to the docx
(what ``planwatch report --format docx`` does after start-up). Also the SVG chart of the target page
(``chart_svg``), and one PDF conversion by LibreOffice when it is installed. Best of ``--repeat`` runs;
nothing is asserted.

Run: ``.venv/bin/python bench/bench_report.py [--repeat 3]``
"""

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from typing import Any

from fresh_database import django_on_fresh_database


def _best(action: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU time (the process's own, less disturbed by a busy machine)."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return min(wall), min(cpu)


def _line(name: str, timing: tuple[float, float], note: str = "") -> str:
    wall, cpu = timing
    return f"{name:28}: {wall * 1000:8.0f} ms wall {cpu * 1000:8.0f} ms CPU{note}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    load = os.getloadavg()
    django_on_fresh_database()
    from planwatch.catalogue import load_catalogue
    from planwatch.reporting import build_report, chart_svg, render_docx, render_xlsx
    from planwatch.reporting.chart import chart_pngs
    from planwatch.reporting.pdf import convert_to_pdf, soffice_path
    from planwatch.web.catalogue.selectors import document_get
    from planwatch.web.catalogue.services import catalogue_load
    from planwatch.web.figures.services import demo_figures_load
    from planwatch.web.reports.selectors import report_facts

    catalogue_load(catalogue=load_catalogue())
    demo_figures_load()
    document = document_get("219/KH-UBND")
    facts = report_facts(document, args.year)
    content = build_report(facts)
    render_docx(content)  # warm up: matplotlib's import and font cache are start-up costs

    facts_time = _best(lambda: report_facts(document, args.year), args.repeat)
    build_time = _best(lambda: build_report(facts), args.repeat)
    charts_time = _best(lambda: chart_pngs(content.charts), args.repeat)
    docx_time = _best(lambda: render_docx(content), args.repeat)
    xlsx_time = _best(lambda: render_xlsx(content), args.repeat)
    whole_time = _best(lambda: render_docx(build_report(report_facts(document, args.year))), args.repeat)
    svg_runs = 200
    svg_time = _best(lambda: [chart_svg(c) for c in content.charts for _ in range(svg_runs)], args.repeat)
    svg_each = svg_time[1] / (svg_runs * max(1, len(content.charts)))
    docx = render_docx(content)
    pdf_time = None
    if soffice_path():
        started = time.perf_counter()
        pdf = convert_to_pdf(docx)
        pdf_time = time.perf_counter() - started  # LibreOffice runs in a child process: wall time only

    database = os.environ["DATABASE_URL"].split("://")[0]
    print(f"python {platform.python_version()} on {platform.machine()} ({sys.platform}), {database}")
    print(f"load average before the run: {' '.join(f'{x:.2f}' for x in load)}")
    print(
        f"219/KH-UBND {args.year}: {len(content.annex.rows)} targets, {len(content.charts)} charts,"
        f" {len(facts.raw_values)} figures, docx {len(docx) / 1e6:.2f} MB"
    )
    charts = max(1, len(content.charts))
    print(_line("report_facts (database)", facts_time))
    print(_line("build_report (content)", build_time))
    print(
        _line(
            f"chart_pngs ({len(content.charts)} charts)",
            charts_time,
            f"  ({charts_time[1] / charts * 1000:.0f} ms CPU each)",
        )
    )
    print(_line("render_docx (with charts)", docx_time))
    print(_line("render_xlsx", xlsx_time))
    print(_line("facts + content + docx", whole_time))
    print(f"{'chart_svg, one chart':28}: {svg_each * 1e6:8.0f} µs CPU")
    if pdf_time is not None:
        print(f"{'convert_to_pdf (LibreOffice)':28}: {pdf_time * 1000:8.0f} ms wall, {len(pdf) / 1e6:.2f} MB")
    else:
        print("convert_to_pdf: LibreOffice not installed, not measured")
    return 0


if __name__ == "__main__":
    sys.exit(main())

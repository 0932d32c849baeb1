"""Writing figures: a 5,000-row API post, a 100,000-row file import, and evaluation after one change.

What is measured, on a fresh SQLite file (or ``DATABASE_URL``) with the built-in catalogue:
- ``POST /api/v1/values/`` with 5,000 rows (45 targets × 111 years, addressed by document and
  indicator name as every release accepts them), as the administrator, through the whole HTTP stack
  in-process, and the number of SQL queries it ran;
- ``values_import_rows`` of 100,000 rows (monthly figures of 75 series, addressed by target), the
  path of ``planwatch values import``;
- ``evaluation_rows`` of the whole catalogue, and ``evaluation_rows_cached`` after one more figure
  is written (only the targets of that figure's indicator are evaluated again).
Nothing is asserted. Run: ``.venv/bin/python bench/bench_values.py``
"""

import os
import platform
import sys
import time

from fresh_database import django_on_fresh_database

YEARS = range(1990, 2101)


def main() -> int:
    django_on_fresh_database()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from planwatch.catalogue import load_catalogue
    from planwatch.domain.vocabulary import ObservationSource, UserRole
    from planwatch.intake.rows import RawRow
    from planwatch.web.accounts.services import api_token_create, user_create
    from planwatch.web.catalogue.models import Target
    from planwatch.web.catalogue.services import catalogue_load
    from planwatch.web.figures.selectors import evaluation_rows, evaluation_rows_cached
    from planwatch.web.figures.services import values_import_rows

    call_command("createcachetable", verbosity=0)  # API rate limits live in the shared cache
    catalogue_load(catalogue=load_catalogue())
    numeric = [
        t
        for t in Target.objects.filter(unit="%", document__is_stub=False).select_related(
            "document", "indicator"
        )
        if t.comparator not in ("qualitative", "level") and t.kind != "qualitative" and t.document.province
    ]
    series: dict[tuple[int | None, str], Target] = {}
    for target in numeric:
        series.setdefault((target.indicator_id, target.disaggregation), target)
    distinct = list(series.values())
    named = [
        t
        for t in distinct
        if Target.objects.filter(document=t.document, indicator_name=t.indicator_name).count() == 1
    ]

    admin = user_create(
        username="bench", role=UserRole.ADMINISTRATOR, agency=None, unit_area=None, password=None
    )
    token = api_token_create(user=admin)
    client = Client(headers={"Authorization": f"Bearer {token}"}, HTTP_HOST="127.0.0.1")
    body = [
        {
            "document": t.document.doc_id,
            "indicator": t.indicator_name,
            "scope": t.scope,
            "year": year,
            "value": "50,5",
        }
        for t in named[:45]
        for year in YEARS
    ][:5000]
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        answer = client.post("/api/v1/values/", body, content_type="application/json")
        post_time = time.perf_counter() - started
    if answer.status_code != 201:
        print(answer.status_code, answer.content[:500])
        return 1

    rows = [
        RawRow(line=i + 2, target=t.address, period=f"{year}M{month:02d}", value="40")
        for i, (t, year, month) in enumerate(
            (t, year, month) for t in distinct[:75] for year in YEARS for month in range(1, 13)
        )
    ][:100_000]
    started = time.perf_counter()
    result = values_import_rows(rows=rows, source="bench", origin=ObservationSource.FILE)
    import_time = time.perf_counter() - started

    evaluation_rows()
    full_started = time.perf_counter()
    evaluation_rows()
    full_time = time.perf_counter() - full_started
    evaluation_rows_cached()
    one = [RawRow(line=2, target=distinct[0].address, period="2024", value="41")]
    values_import_rows(rows=one, source="bench", origin=ObservationSource.FILE)
    started = time.perf_counter()
    evaluated = evaluation_rows_cached()
    evaluate_time = time.perf_counter() - started

    database = os.environ["DATABASE_URL"].split("://")[0]
    print(f"python {platform.python_version()} on {platform.machine()}, database {database}")
    print(f"API post, {len(body):,} rows:          {post_time:8.2f} s  ({len(queries):,} SQL queries)")
    print(
        f"file import, {result.rows:,} rows:    {import_time:8.2f} s  "
        f"({result.rows / import_time:,.0f} rows/s)"
    )
    print(f"evaluation of everything ({len(evaluated)} rows):  {full_time * 1000:8.1f} ms")
    print(f"evaluation after one change:           {evaluate_time * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

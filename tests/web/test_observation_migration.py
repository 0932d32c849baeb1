"""A database made by the release before the observation store migrates with every figure and revision
kept (issue #11, point 7). The old database is built in a separate process on its own SQLite file:
migrating backwards and forwards must not touch the test database the other tests share."""

import json
import os
import subprocess
import sys
from pathlib import Path

SCENARIO = r"""
import json
from datetime import datetime, timezone

import django

django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD = [("figures", "0002_value_updated_at_index")]
call_command("migrate", "figures", "0002_value_updated_at_index", verbosity=0)
old = MigrationExecutor(connection).loader.project_state(OLD).apps
Document = old.get_model("catalogue", "PolicyDocument")
Indicator = old.get_model("catalogue", "Indicator")
Target = old.get_model("catalogue", "Target")
Unit = old.get_model("geography", "AdministrativeUnit")
DataValue = old.get_model("figures", "DataValue")
Revision = old.get_model("figures", "DataValueRevision")

rate = Indicator.objects.create(code="ty-le-thu", name="Tỷ lệ thử", unit="%", direction="up")
unit = Unit.objects.create(code="tinh-thu", name="Tỉnh Thử", level="province")
plan = Document.objects.create(doc_id="KH-THU", kind="ke_hoach", issuer="UBND", title="Kế hoạch thử")
programme = Document.objects.create(
    doc_id="CTR-THU", kind="chuong_trinh_hanh_dong", issuer="Tỉnh ủy", title="CTr"
)

def target(document, key, scope=""):
    return Target.objects.create(
        document=document, key=key, position=1, indicator_name="Tỷ lệ thử", indicator=rate, unit="%",
        comparator=">=", value=90, kind="state", scope=scope,
    )

def value(target, figure, state, when):
    stored = DataValue.objects.create(
        target=target, unit=unit, year=2024, value=figure, state=state, version=2
    )
    DataValue.objects.filter(pk=stored.pk).update(updated_at=when)
    for old_value, new_value, day in ((None, figure - 1, 1), (figure - 1, figure, 2)):
        revision = Revision.objects.create(
            data_value=stored, source=f"import {target.key}.csv", old_value=old_value, new_value=new_value,
            old_state="" if old_value is None else state, new_state=state,
        )
        Revision.objects.filter(pk=revision.pk).update(changed_at=datetime(2025, 1, day, tzinfo=timezone.utc))

value(target(plan, "t1"), 48.7, "approved", datetime(2025, 2, 1, tzinfo=timezone.utc))
value(target(programme, "t5"), 49.1, "submitted", datetime(2025, 3, 1, tzinfo=timezone.utc))
value(target(plan, "t2", scope="Nông thôn"), 40.0, "approved", datetime(2025, 2, 1, tzinfo=timezone.utc))

call_command("migrate", verbosity=0)

from planwatch.web.figures.models import Observation, ObservationRevision

print(json.dumps({
    "observations": sorted(
        Observation.objects.values_list("disaggregation", "period", "value", "state", "version", "source")
    ),
    "revisions": sorted(
        ObservationRevision.objects.values_list("target_key", "old_value", "new_value")
        .order_by("id"), key=str
    ),
    "first_change": min(r.changed_at for r in ObservationRevision.objects.all()).isoformat(),
}))
"""


def test_an_old_database_migrates_every_figure_and_revision(tmp_path: Path) -> None:
    database = tmp_path / "old.sqlite3"
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "planwatch.web.config.settings",
        "PLANWATCH_DATA_DIR": str(tmp_path),
    }

    done = subprocess.run(
        [sys.executable, "-c", SCENARIO], env=env, capture_output=True, text=True, timeout=300, check=False
    )

    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # One figure per indicator, disaggregation, place and year: the approved 48,7 wins over the
    # submitted 49,1 of another document; the rural series keeps its own figure.
    assert result["observations"] == [
        ["", "2024", 48.7, "approved", 2, "file"],
        ["rural", "2024", 40.0, "approved", 2, "file"],
    ]
    # Every revision of every old figure, with the target it was entered for, plus one saying which
    # figure gave way.
    assert result["revisions"] == sorted(
        [
            ["CTR-THU/t5", None, 48.1],
            ["CTR-THU/t5", 48.1, 49.1],
            ["CTR-THU/t5", 49.1, 48.7],
            ["KH-THU/t1", None, 47.7],
            ["KH-THU/t1", 47.7, 48.7],
            ["KH-THU/t2", None, 39.0],
            ["KH-THU/t2", 39.0, 40.0],
        ],
        key=str,
    )
    assert result["first_change"].startswith("2025-01-01")

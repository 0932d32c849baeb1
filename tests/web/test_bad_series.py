"""One series that cannot be evaluated (a figure stored before today's checks) never fails the pages,
the report, the API or the CLI for the others: it shows as "Số liệu không hợp lệ" and is logged."""

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from planwatch.web.accounts.services import api_token_create
from planwatch.web.catalogue.models import Target
from planwatch.web.figures.selectors import INVALID_SERIES_LABEL
from planwatch.web.figures.services import observations_of

CliRun = Callable[..., tuple[int, str, str]]
WriteValues = Callable[[list[list[str]]], Path]
ClientAs = Callable[[str], Client]
pytestmark = pytest.mark.django_db

POVERTY = "Tỉ lệ hộ nghèo đa chiều theo chuẩn nghèo quốc gia"
TRAINED = "Tỉ lệ lao động qua đào tạo có bằng cấp, chứng chỉ"


@pytest.fixture
def one_bad_series(cli: CliRun, values_file: WriteValues) -> Target:
    """Good figures for two targets of 219/KH-UBND; then one of them made infinite in the database."""
    code, _, err = cli(
        "values",
        "import",
        values_file(
            [
                ["219/KH-UBND", POVERTY, "", "", "2024", "1,8", ""],
                ["219/KH-UBND", POVERTY, "", "", "2025", "1,5", ""],
                ["219/KH-UBND", TRAINED, "", "", "2023", "51,5", ""],
                ["219/KH-UBND", TRAINED, "", "", "2025", "52,5", ""],
            ]
        ),
    )
    assert (code, err) == (0, "")
    target = Target.objects.get(document__doc_id="KG-219-KH-UBND", indicator_name=POVERTY)
    bad = observations_of(target).filter(year=2025)
    assert bad.update(value=math.inf) == 1
    return target


def test_the_cli_evaluates_the_others_and_names_the_bad_series(cli: CliRun, one_bad_series: Target) -> None:
    code, out, err = cli("evaluate", "--json", "--document", "219/KH-UBND")

    assert code == 0
    assert f"KG-219-KH-UBND/{one_bad_series.key} in kien-giang cannot be evaluated" in err  # the log
    rows = {
        r["target"]: r
        for r in json.loads(out)
        if r["latest_year"] or r["status_label"] == INVALID_SERIES_LABEL
    }
    assert rows[one_bad_series.key]["status_label"] == INVALID_SERIES_LABEL
    trained = next(
        r for r in rows.values() if r["indicator"].startswith("Tỉ lệ lao động qua đào tạo có bằng")
    )
    assert trained["latest_value"] == 52.5


def test_pages_report_and_api_answer_for_everyone(
    client_as: ClientAs, users: dict[str, User], one_bad_series: Target
) -> None:
    client = client_as("lanhdao")
    for path in (
        "/",
        "/?as_of=2025",
        "/van-ban/KG-219-KH-UBND/",
        f"/muc-tieu/{one_bad_series.pk}/",
    ):
        answer = client.get(path)
        assert answer.status_code == 200, path
    assert INVALID_SERIES_LABEL in client.get(f"/muc-tieu/{one_bad_series.pk}/").content.decode()
    report = client_as("quantri").get("/reports/KG-219-KH-UBND/2026.xlsx")
    assert report.status_code == 200
    api = Client(headers={"Authorization": f"Bearer {api_token_create(user=users['lanhdao'])}"})
    answer = api.get("/api/v1/evaluations/?document=219/KH-UBND")
    assert answer.status_code == 200
    labels = {row["target"]: row["status_label"] for row in answer.json()}
    assert labels[one_bad_series.key] == INVALID_SERIES_LABEL

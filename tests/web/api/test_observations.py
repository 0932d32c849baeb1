"""The observation store (issue #11): one figure per indicator, disaggregation, place and period, read
by every target that carries the indicator; addressing by target or indicator code; estimates and
official figures; changes of approved figures through review; optimistic locking on the API."""

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.periods import Period
from planwatch.domain.vocabulary import ChangeState, ObservationKind, ObservationSource, ValueState
from planwatch.intake.figures import Figure
from planwatch.web.accounts.access import access_scope
from planwatch.web.catalogue.models import Target
from planwatch.web.figures.models import Observation, ObservationRevision, ProposedChange
from planwatch.web.figures.selectors import evaluation_rows
from planwatch.web.figures.services import (
    ObservationWrite,
    observation_set,
    observations_of,
    proposed_change_decide,
    series_of,
)
from planwatch.web.geography.selectors import province_unit_for_year
from planwatch.web.rounds.models import Notification
from planwatch.web.rounds.selectors import changes_due_for

pytestmark = pytest.mark.django_db

CliRun = Callable[..., tuple[int, str, str]]


def _target(doc_id: str, key: str) -> Target:
    return Target.objects.select_related("document", "indicator").get(document__doc_id=doc_id, key=key)


def _csv(tmp_path: Path, header: str, rows: list[str]) -> Path:
    path = tmp_path / "values.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _latest(doc_id: str, key: str) -> Any:
    """The latest value of a target in its home territory, as `planwatch evaluate` gives it."""
    target = _target(doc_id, key)
    rows = [r for r in evaluation_rows(target.document) if r.target == key]
    return rows[0].latest_value


def test_one_poverty_figure_counts_for_every_document_that_carries_the_indicator(
    cli: CliRun, tmp_path: Path
) -> None:
    plan, programme = _target("KG-219-KH-UBND", "t12"), _target("KG-50-CTr-TU", "t10")
    assert plan.indicator_id == programme.indicator_id  # the catalogue links both to one indicator
    path = _csv(tmp_path, "target,year,value", ['KG-219-KH-UBND/t12,2024,"2,4"'])

    code, _, err = cli("values", "import", path)

    assert (code, err) == (0, "")
    assert Observation.objects.count() == 1
    assert _latest("KG-219-KH-UBND", "t12") == 2.4
    assert _latest("KG-50-CTr-TU", "t10") == 2.4


def test_two_targets_with_one_name_in_a_document_take_their_shared_series_by_name(
    cli: CliRun, values_file: Callable[[list[list[str]]], Path]
) -> None:
    # Two milestones of one indicator (2025 and 2030): the same series, so the name is not ambiguous.
    path = values_file([["LA-52-CTr-TU", "Thu nhập bình quân đầu người", "", "", "2024", "70", ""]])

    code, _, err = cli("values", "import", path)

    assert (code, err) == (0, "")
    assert observations_of(_target("LA-52-CTr-TU", "t2")).get().value == 70
    assert observations_of(_target("LA-52-CTr-TU", "t4")).get().value == 70


def test_a_name_for_two_different_series_lists_the_candidates_with_their_codes(
    cli: CliRun, tmp_path: Path
) -> None:
    path = _csv(tmp_path, "indicator,unit_area,year,value", ["Không có chỉ tiêu tên này,an-giang,2026,1"])

    code, _, err = cli("values", "import", path)

    assert code == 2
    assert "không có chỉ tiêu mã hoặc tên 'Không có chỉ tiêu tên này'" in err
    assert not Observation.objects.exists()


def test_an_indicator_code_with_a_scope_writes_the_disaggregated_series(cli: CliRun, tmp_path: Path) -> None:
    urban = _target("KG-219-KH-UBND", "t51")  # clean water, urban
    rural = _target("KG-219-KH-UBND", "t52")
    assert urban.indicator is not None
    path = _csv(
        tmp_path,
        "indicator,scope,unit_area,year,value",
        [
            f"{urban.indicator.code},Thành thị,Kiên Giang,2024,98",
            f"{urban.indicator.code},Nông thôn,Kiên Giang,2024,80",
        ],
    )

    code, _, err = cli("values", "import", path)

    assert (code, err) == (0, "")
    assert observations_of(urban).get().value == 98
    assert observations_of(rural).get().value == 80


def test_an_official_figure_supersedes_the_estimate_and_both_stay_in_the_history(
    cli: CliRun, tmp_path: Path
) -> None:
    header = "target,period,kind,value"
    first = _csv(tmp_path, header, ['KG-219-KH-UBND/t12,2024,ước thực hiện,"2,6"'])
    assert cli("values", "import", first)[0] == 0
    second = _csv(tmp_path, header, ['KG-219-KH-UBND/t12,2024,official,"2,5"'])
    assert cli("values", "import", second)[0] == 0

    observation = Observation.objects.get()
    assert (observation.kind, observation.value) == (ObservationKind.OFFICIAL.value, 2.5)
    history = list(observation.revisions.order_by("id").values_list("new_kind", "new_value"))
    assert history == [("estimate", 2.6), ("official", 2.5)]

    late_estimate = _csv(tmp_path, header, ['KG-219-KH-UBND/t12,2024,estimate,"2,7"'])
    code, _, err = cli("values", "import", late_estimate)
    assert code == 2
    assert "số ước thực hiện không thay thế được nó" in err
    assert Observation.objects.get().value == 2.5


def test_half_year_figures_are_their_own_period_with_the_decree_cutoff(cli: CliRun, tmp_path: Path) -> None:
    path = _csv(tmp_path, "target,period,value", ['KG-219-KH-UBND/t12,2024H1,"2,9"'])

    assert cli("values", "import", path)[0] == 0

    observation = Observation.objects.get()
    assert (observation.period, observation.period_type, observation.year) == ("2024H1", "half", 2024)
    assert (observation.period_start.isoformat(), observation.period_end.isoformat()) == (
        "2023-12-15",
        "2024-06-14",
    )
    # Evaluation reads yearly figures only: a half year is not the year's result.
    assert _latest("KG-219-KH-UBND", "t12") is None


def _approved_health_figure(value: float) -> tuple[Target, Observation]:
    """An approved 2024 figure of a target Sở Y tế monitors (written by the operator)."""
    target = next(
        t
        for t in Target.objects.filter(responsible_agency__code="y-te-kien-giang", unit="%").select_related(
            "document", "indicator"
        )
        if t.kind != "qualitative" and t.comparator not in ("level", "qualitative")
    )
    unit = province_unit_for_year(target.document.province, 2024)
    observation_set(
        ObservationWrite(
            series=series_of(target),
            unit=unit,
            period=Period.of_year(2024),
            figure=Figure(value, None),
            state=ValueState.APPROVED,
            source=ObservationSource.FILE,
            source_detail="test",
        )
    )
    return target, observations_of(target).get()


def _api_post(client: Client, rows: list[dict[str, Any]], **headers: str) -> Any:
    return client.post("/api/v1/values/", rows, content_type="application/json", headers=headers)


def test_a_reporters_change_of_an_approved_figure_waits_for_the_coordinator(
    api_as: Callable[[str], Client], users: dict[str, User]
) -> None:
    target, before = _approved_health_figure(60.0)

    answer = _api_post(api_as("yte"), [{"target": target.address, "year": 2024, "value": "65"}])

    assert answer.status_code == 201, answer.content
    assert answer.json()["proposed"] == 1
    observation = Observation.objects.get(pk=before.pk)
    assert (observation.value, observation.state) == (60.0, ValueState.APPROVED.value)  # still counts
    change = ProposedChange.objects.get()
    assert (change.value, change.state, change.proposed_by) == (65.0, "pending", users["yte"])
    assert Notification.objects.filter(user=users["daumoi"], text__contains="đề nghị sửa").exists()
    # Issue #19: it waits on the coordinator's Việc cần làm, with its age, and nobody else's.
    [waiting] = changes_due_for(users["daumoi"])
    assert (waiting.change.pk, waiting.age_days, waiting.target) == (change.pk, 0, target)
    assert changes_due_for(users["yte"]) == []

    with pytest.raises(InvalidValueError):
        proposed_change_decide(
            scope=access_scope(users["daumoi"]), user=users["daumoi"], change=change, accept=False
        )
    proposed_change_decide(
        scope=access_scope(users["daumoi"]), user=users["daumoi"], change=change, accept=True
    )
    assert changes_due_for(users["daumoi"]) == []

    observation.refresh_from_db()
    assert (observation.value, observation.state) == (65.0, ValueState.APPROVED.value)
    assert ProposedChange.objects.get().state == ChangeState.ACCEPTED.value
    assert list(observation.revisions.order_by("id").values_list("new_value", flat=True)) == [60.0, 65.0]


def test_the_coordinator_decides_on_the_target_page(
    client_as: Callable[[str], Client], api_as: Callable[[str], Client]
) -> None:
    target, _ = _approved_health_figure(60.0)
    _api_post(api_as("yte"), [{"target": target.address, "year": 2024, "value": "61"}])
    change = ProposedChange.objects.get()

    page = client_as("daumoi").get(f"/muc-tieu/{target.pk}/")
    refused = client_as("yte").post(f"/muc-tieu/{target.pk}/de-nghi/{change.pk}/", {"decision": "accept"})
    accepted = client_as("daumoi").post(f"/muc-tieu/{target.pk}/de-nghi/{change.pk}/", {"decision": "accept"})

    assert 'id="proposals"' in page.content.decode()
    assert refused.status_code == 302
    assert accepted.status_code == 302
    assert ProposedChange.objects.get().state == ChangeState.ACCEPTED.value
    assert observations_of(target).get().value == 61


def test_a_stale_api_write_is_refused_with_409(api_as: Callable[[str], Client]) -> None:
    target, observation = _approved_health_figure(60.0)
    client = api_as("daumoi")
    row = {"target": target.address, "year": 2024, "value": "62"}

    stale = _api_post(client, [row | {"version": observation.version + 1}])
    stale_header = _api_post(client, [row], **{"If-Match": str(observation.version + 5)})
    fresh = _api_post(client, [row | {"version": observation.version}])

    assert stale.status_code == 409
    assert "chưa được lưu" in stale.json()["detail"]
    assert stale_header.status_code == 409
    assert fresh.status_code == 201
    assert observations_of(target).get().value == 62


def test_a_large_import_runs_a_bounded_number_of_queries(
    cli: CliRun, tmp_path: Path, django_assert_max_num_queries: Any
) -> None:
    target = _target("KG-219-KH-UBND", "t12")
    # Ten years of monthly figures: 120 rows of one series.
    rows = [
        f'{target.address},{year}M{month:02d},"{1 + month / 10:.1f}"'.replace(".", ",")
        for year in range(2015, 2025)
        for month in range(1, 13)
    ]
    path = _csv(tmp_path, "target,period,value", rows)

    with django_assert_max_num_queries(40):
        code, _, err = cli("values", "import", path)

    assert (code, err) == (0, "")
    assert Observation.objects.count() == 120
    assert ObservationRevision.objects.count() == 120


def test_the_target_page_takes_a_period_and_a_kind(client_as: Callable[[str], Client]) -> None:
    target, observation = _approved_health_figure(60.0)
    client = client_as("yte")
    unit = observation.unit_id

    estimate = client.post(
        f"/muc-tieu/{target.pk}/so-lieu/",
        {"unit": unit, "year": "2025H1", "kind": "estimate", "value": "62", "version": "0"},
    )
    change = client.post(
        f"/muc-tieu/{target.pk}/so-lieu/",
        {"unit": unit, "year": "2024", "value": "63", "version": str(observation.version)},
        follow=True,
    )
    bad_version = client.post(
        f"/muc-tieu/{target.pk}/so-lieu/", {"unit": unit, "year": "2024", "value": "64", "version": "abc"}
    )

    assert estimate.status_code == 302
    half = observations_of(target).get(period="2025H1")
    assert (half.kind, half.value, half.state) == ("estimate", 62.0, ValueState.SUBMITTED.value)
    assert "Đã gửi đề nghị sửa số liệu đã duyệt" in change.content.decode()
    assert observations_of(target).get(period="2024").value == 60.0  # still the approved figure
    assert bad_version.status_code == 400
    assert "phiên bản 'abc' phải là số nguyên" in html.unescape(bad_version.content.decode())


def test_a_district_takes_a_first_half_2025_figure_and_refuses_the_second_half(
    cli: CliRun, tmp_path: Path
) -> None:
    header = "target,unit_area,period,value"
    first = _csv(tmp_path, header, ['KG-219-KH-UBND/t12,Huyện Kiên Hải,2025H1,"2,1"'])
    assert cli("values", "import", first)[0] == 0
    second = _csv(tmp_path, header, ['KG-219-KH-UBND/t12,Huyện Kiên Hải,2025H2,"2,0"'])

    code, _, err = cli("values", "import", second)

    assert Observation.objects.filter(period="2025H1", unit__code="kien-giang-huyen-kien-hai").exists()
    assert code == 2
    assert "không còn tồn tại vào 14/12/2025" in err
    assert "6 tháng cuối năm 2025" in err

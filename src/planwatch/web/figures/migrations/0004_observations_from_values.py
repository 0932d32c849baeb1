"""Every figure and revision of the per-target store (DataValue) copied into the observation store.

Targets that read one series (same indicator and scope) held one figure each; the observation keeps
the one that counted most (approved over submitted over draft, then the latest change), and every
revision of every one of them stays in its history, marked with the target it was entered for. A
figure that lost is recorded as a revision of its own, so no value is lost (issue #11, point 7).
"""

from collections import defaultdict
from datetime import date

from django.db import migrations

from planwatch.domain.series import disaggregation_for_scope

_STATE_RANK = {"approved": 2, "submitted": 1, "draft": 0}


def _source(is_demo, sources):
    """The kind of source of a figure, from the text its revisions recorded."""
    if is_demo:
        return "demo"
    latest = sources[-1] if sources else ""
    if latest.startswith("import"):
        return "file"
    if latest.startswith("API"):
        return "api"
    if latest.startswith("trang mục tiêu"):
        return "form"
    if "đợt" in latest or "biểu mẫu" in latest:
        return "round"
    return "migrated"


def _indicator_for(target, Indicator):
    if target.indicator_id is not None:
        return target.indicator_id
    code = f"{target.document.doc_id}-{target.key}".lower()
    indicator, _ = Indicator.objects.get_or_create(
        code=code[:160], defaults={"name": target.indicator_name[:400], "unit": target.unit, "direction": "unknown"}
    )
    target.indicator_id = indicator.pk
    target.save(update_fields=["indicator"])
    return indicator.pk


def forward(apps, schema_editor):
    DataValue = apps.get_model("figures", "DataValue")
    DataValueRevision = apps.get_model("figures", "DataValueRevision")
    Observation = apps.get_model("figures", "Observation")
    ObservationRevision = apps.get_model("figures", "ObservationRevision")
    Indicator = apps.get_model("catalogue", "Indicator")

    groups = defaultdict(list)
    for value in DataValue.objects.select_related("target__document").order_by("id").iterator(chunk_size=2000):
        target = value.target
        key = (
            _indicator_for(target, Indicator),
            target.disaggregation or disaggregation_for_scope(target.scope),
            value.unit_id,
            value.year,
        )
        groups[key].append(value)
    revisions_of = defaultdict(list)
    for revision in DataValueRevision.objects.order_by("changed_at", "id").iterator(chunk_size=5000):
        revisions_of[revision.data_value_id].append(revision)

    for (indicator_id, disaggregation, unit_id, year), values in groups.items():
        winner = max(values, key=lambda v: (_STATE_RANK.get(v.state, 0), v.updated_at, v.id))
        own = revisions_of.get(winner.id, [])
        observation = Observation.objects.create(
            indicator_id=indicator_id,
            disaggregation=disaggregation,
            unit_id=unit_id,
            period=str(year),
            period_type="year",
            year=year,
            period_start=date(year - 1, 12, 15),
            period_end=date(year, 12, 14),
            value=winner.value,
            assessment=winner.assessment,
            kind="official",
            source=_source(winner.is_demo, [r.source for r in own]),
            state=winner.state,
            comment=winner.comment,
            is_demo=winner.is_demo,
            version=winner.version,
            updated_by_id=winner.updated_by_id,
        )
        copied = []
        for value in values:
            target_key = f"{value.target.document.doc_id}/{value.target.key}"
            for revision in revisions_of.get(value.id, []):
                copied.append(
                    ObservationRevision(
                        observation=observation,
                        changed_by_id=revision.changed_by_id,
                        source=revision.source,
                        target_key=target_key,
                        old_value=revision.old_value,
                        new_value=revision.new_value,
                        old_assessment=revision.old_assessment,
                        new_assessment=revision.new_assessment,
                        old_state=revision.old_state,
                        new_state=revision.new_state,
                        reason=revision.reason,
                    )
                )
                copied[-1]._changed_at = revision.changed_at
            if value.id != winner.id:
                copied.append(
                    ObservationRevision(
                        observation=observation,
                        source="chuyển sang kho số liệu (một số liệu cho mỗi chỉ tiêu, địa bàn và kỳ)",
                        target_key=target_key,
                        old_value=value.value,
                        new_value=winner.value,
                        old_assessment=value.assessment,
                        new_assessment=winner.assessment,
                        old_state=value.state,
                        new_state=winner.state,
                        reason=(
                            f"số của mục tiêu {target_key} nhường cho số "
                            f"{'đã duyệt' if winner.state == 'approved' else 'mới hơn'} cùng chỉ tiêu, địa bàn và năm"
                        ),
                    )
                )
                copied[-1]._changed_at = value.updated_at
        created = ObservationRevision.objects.bulk_create(copied, batch_size=1000)
        # changed_at is set on creation (auto_now_add): put back when each change really happened.
        for revision, original in zip(created, copied, strict=True):
            revision.changed_at = original._changed_at
        ObservationRevision.objects.bulk_update(created, ["changed_at"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("figures", "0003_observations"),
        ("catalogue", "0002_target_disaggregation"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)]

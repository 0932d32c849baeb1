"""From the facts of a document and a year to the content of its consolidated report.

The report follows the outline of a yearly implementation report (báo cáo kết quả thực hiện) in the
format of Nghị định 30/2020/NĐ-CP: I. how the plan was carried out (tasks, reporting duties, the
reporting round), II. one sentence per target from its evaluation, by group, III. an overall
assessment (targets needing action first, then counts by status), IV. proposals left for the
coordinator to write; then Phụ lục I (every target) and Phụ lục II (charts of the targets off track).
Nothing is invented: what planwatch does not know (the report number, the signer, the proposals,
a reporting round that was not run) is left blank or said plainly.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from planwatch.domain.numbers import format_number
from planwatch.domain.vocabulary import ReportingFrequency, Status
from planwatch.evaluation import TargetSpec
from planwatch.reporting.chart import ChartData, chart_data
from planwatch.reporting.content import (
    AnnexGroup,
    AnnexRow,
    AnnexTable,
    Block,
    BlockStyle,
    DutyFacts,
    IssuingBody,
    Paragraph,
    ReportContent,
    ReportFacts,
    ReportHeader,
    ReviewKind,
    Section,
    SenderState,
    TableBlock,
    TargetFacts,
    TaskFacts,
)
from planwatch.reporting.wording import (
    OFF_TRACK,
    figure_text,
    file_safe,
    format_date,
    goal_cell,
    goal_phrase,
    history_phrase,
    issuing_body,
    place_date_line,
    roman,
    target_sentence,
    with_former_name,
)

OTHER_GROUP = "Các chỉ tiêu khác"
PLACEHOLDER = "(Cơ quan đầu mối bổ sung nội dung.)"
# Better first, for "how each status changed" (evaluation.md "Aggregating": the score order).
_RANK = {
    Status.ACHIEVED: 5,
    Status.ON_TRACK: 4,
    Status.NEEDS_ACCELERATION: 3,
    Status.LIMITED_PROGRESS: 2,
    Status.DETERIORATING: 1,
    Status.MISSED: 0,
}


def report_years(facts: ReportFacts) -> tuple[int, ...]:
    """The years whose figures the annex shows (see ``shown_years``)."""
    return shown_years(facts.year, facts.review, facts.document.issued_on)


def shown_years(year: int, review: ReviewKind | None, issued_on: date | None) -> tuple[int, ...]:
    """The year before and the report year; for a review, every year of the review window, starting
    no earlier than the plan's issue year: a 2024 plan reviewed for 2028 shows 2024–2028."""
    if review is None:
        return (year - 1, year)
    first = year - review.years + 1
    if issued_on is not None:
        first = min(max(first, issued_on.year), year)
    return tuple(range(first, year + 1))


def document_label(facts: ReportFacts) -> str:
    """``Kế hoạch số 219/KH-UBND``; a document without a number is named by its title."""
    document = facts.document
    return f"{document.kind.label} số {document.number}" if document.number else document.title


def summary_line(facts: ReportFacts) -> str:
    """``Kết quả thực hiện Kế hoạch số 219/KH-UBND ngày 08/07/2024 của UBND tỉnh Kiên Giang năm 2026``."""
    document = facts.document
    issued = f" ngày {format_date(document.issued_on)}" if document.issued_on else ""
    subject = f"{document_label(facts)}{issued} của {document.issuer}"
    if facts.review is None:
        return f"Kết quả thực hiện {subject} năm {facts.year}"
    years = report_years(facts)
    return f"{facts.review.label} thực hiện {subject} (giai đoạn {years[0]}–{years[-1]})"


def build_report(facts: ReportFacts) -> ReportContent:
    """The content of the report of ``facts.document`` for ``facts.year`` (or its review).

    Args:
        facts: what the web layer assembled from the database.

    Returns:
        The content, ready for ``render_docx`` and ``render_xlsx``.
    """
    body = issuing_body(facts.coordinator, facts.coordinator_province)
    years = report_years(facts)
    header = ReportHeader(
        body=body,
        number_line=f"Số:          /BC-{body.abbreviation}",
        place_date=place_date_line(body.place, facts.report_date),
        type_name="BÁO CÁO",
        summary=summary_line(facts),
    )
    annex = _annex(facts, body, years)
    number = facts.document.number or facts.document.doc_id
    review_part = "-so-ket-5-nam" if facts.review else ""
    review_title = f" {facts.review.label.lower()}" if facts.review else ""
    return ReportContent(
        header=header,
        sections=(
            _deployment(facts),
            _results(facts, years),
            _assessment(facts, years),
            _proposals(),
        ),
        recipients=_recipients(facts, body),
        signer="……………………",
        annex=annex,
        charts_heading="Phụ lục II",
        charts_title=f"BIỂU ĐỒ CÁC CHỈ TIÊU CHƯA ĐẠT TIẾN ĐỘ NĂM {facts.year}",
        charts=_charts(facts, annex),
        raw_values=facts.raw_values,
        is_demo=facts.is_demo,
        year=facts.year,
        review=facts.review,
        timeliness=facts.timeliness,
        file_stem=f"Bao-cao-{file_safe(number)}-{facts.year}{review_part}",
        file_title=f"Báo cáo{review_title} {number.replace('/', '-')} năm {facts.year}",
    )


# --- I. Tình hình triển khai ----------------------------------------------------------------------


def _deployment(facts: ReportFacts) -> Section:
    year = facts.year
    blocks: list[Block] = [Paragraph("1. Công tác chỉ đạo, triển khai", BlockStyle.ITEM)]
    if facts.tasks:
        blocks.append(
            Paragraph(
                f"{document_label(facts)} giao {len(facts.tasks)} nhiệm vụ tổ chức thực hiện. Cơ quan"
                " thực hiện được ghi theo tổ chức bộ máy hiện nay, kèm tên trong văn bản khi đã thay đổi:"
            )
        )
        blocks.extend(Paragraph(f"- {_task_text(task)}", BlockStyle.BULLET) for task in facts.tasks)
    else:
        blocks.append(Paragraph("Văn bản không giao nhiệm vụ tổ chức thực hiện cho cơ quan cụ thể."))
    blocks.append(Paragraph("2. Chế độ báo cáo", BlockStyle.ITEM))
    if facts.duties:
        blocks.extend(Paragraph(f"- {_duty_text(duty)}", BlockStyle.BULLET) for duty in facts.duties)
    else:
        blocks.append(Paragraph("Văn bản không quy định chế độ báo cáo riêng."))
    blocks.append(Paragraph(f"3. Tình hình gửi báo cáo năm {year}", BlockStyle.ITEM))
    blocks.extend(_timeliness_blocks(facts))
    blocks.append(Paragraph("4. Số liệu sử dụng", BlockStyle.ITEM))
    blocks.extend(_data_blocks(facts))
    return Section("I. TÌNH HÌNH TRIỂN KHAI", tuple(blocks))


def _task_text(task: TaskFacts) -> str:
    by_role: dict[str, list[str]] = {}
    for mention in task.agencies:
        name = with_former_name(mention.name_today, mention.name_in_document)
        by_role.setdefault(mention.role.value, []).append(name)
    roles = "; ".join(f"{role}: {', '.join(names)}" for role, names in by_role.items())
    return f"{task.description}" + (f" — {roles}." if roles else ".")


def _duty_text(duty: DutyFacts) -> str:
    text = f"{duty.frequency.label}: {duty.what}"
    if duty.to:
        text += f"; gửi {duty.to}"
    if duty.via or duty.via_today:
        text += f" qua {with_former_name(duty.via_today, duty.via)}"
    if duty.deadline_day is not None and duty.deadline_month is not None:
        text += f"; trước ngày {duty.deadline_day:02d}/{duty.deadline_month:02d}"
    return text + "."


def _timeliness_blocks(facts: ReportFacts) -> list[Block]:
    timeliness = facts.timeliness
    if timeliness is None:
        return [
            Paragraph(
                f"Năm {facts.year} chưa có đợt báo cáo nào của {document_label(facts)} được tổ chức trên"
                " planwatch, nên báo cáo này không có thông tin về đơn vị gửi báo cáo đúng hạn, trễ hạn"
                " hay chưa gửi."
            )
        ]
    deadline = f" (hạn {format_date(timeliness.deadline)})" if timeliness.deadline else ""
    counts = (
        f"Đợt báo cáo năm {facts.year}{deadline} có {len(timeliness.senders)} đơn vị phải gửi:"
        f" {timeliness.count(SenderState.ON_TIME)} đơn vị gửi đúng hạn,"
        f" {timeliness.count(SenderState.LATE)} đơn vị gửi trễ hạn,"
        f" {timeliness.count(SenderState.MISSING)} đơn vị chưa gửi."
    )
    order = {SenderState.MISSING: 0, SenderState.LATE: 1, SenderState.ON_TIME: 2}
    senders = sorted(timeliness.senders, key=lambda s: (order[s.state], s.name_today))
    rows = tuple(
        (
            str(number),
            sender.name_today,
            sender.name_in_document or "",
            sender.state.label,
            format_date(sender.submitted_on) if sender.submitted_on else "",
        )
        for number, sender in enumerate(senders, start=1)
    )
    return [
        Paragraph(counts),
        TableBlock(("TT", "Đơn vị (hiện nay)", "Tên trong văn bản", "Tình trạng", "Ngày gửi"), rows),
    ]


def _data_blocks(facts: ReportFacts) -> list[Block]:
    year, total = facts.year, len(facts.targets)
    this_year = sum(1 for t in facts.targets if t.value_in(year) is not None)
    last_year = sum(1 for t in facts.targets if t.value_in(year - 1) is not None)
    blocks: list[Block] = [
        Paragraph(
            f"Báo cáo tổng hợp {total} chỉ tiêu của {document_label(facts)}: {this_year} chỉ tiêu có số liệu"
            f" năm {year}, {last_year} chỉ tiêu có số liệu năm {year - 1}. Chỉ tính số liệu đã gửi hoặc đã"
            " được duyệt; tiến độ được đánh giá theo tốc độ tăng bình quân hằng năm so với tốc độ cần"
            " thiết để đạt mục tiêu."
        )
    ]
    if facts.is_demo:
        blocks.append(
            Paragraph(
                "Lưu ý: số liệu trong báo cáo này là số liệu minh họa, không phải số liệu thống kê"
                " chính thức."
            )
        )
    return blocks


# --- II. Kết quả thực hiện các chỉ tiêu -----------------------------------------------------------


def _grouped(targets: tuple[TargetFacts, ...]) -> list[tuple[str, list[TargetFacts]]]:
    groups: dict[str, list[TargetFacts]] = {}
    for target in targets:
        groups.setdefault(target.group or OTHER_GROUP, []).append(target)
    return list(groups.items())


def _results(facts: ReportFacts, years: tuple[int, ...]) -> Section:
    blocks: list[Block] = []
    for number, (group, targets) in enumerate(_grouped(facts.targets), start=1):
        blocks.append(Paragraph(f"{number}. {group}", BlockStyle.ITEM))
        for target in targets:
            sentence = target_sentence(target, facts.year)
            if facts.review is not None:
                history = history_phrase([(year, target.status(year)) for year in years])
                sentence += f" Đánh giá qua các năm: {history}."
            blocks.append(Paragraph(f"- {sentence}", BlockStyle.BULLET))
    if not blocks:
        blocks.append(Paragraph("Văn bản không có chỉ tiêu định lượng."))
    return Section("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", tuple(blocks))


# --- III. Đánh giá chung --------------------------------------------------------------------------


def _assessment(facts: ReportFacts, years: tuple[int, ...]) -> Section:
    year, targets = facts.year, facts.targets
    off_track = sorted(
        (t for t in targets if t.status(year) in OFF_TRACK), key=lambda t: OFF_TRACK.index(t.status(year))
    )
    blocks: list[Block] = [
        Paragraph("1. Các chỉ tiêu cần tập trung chỉ đạo, đẩy nhanh tiến độ", BlockStyle.ITEM)
    ]
    if off_track:
        blocks.append(
            Paragraph(
                f"Có {len(off_track)}/{len(targets)} chỉ tiêu chưa đạt tiến độ cần thiết (xếp theo mức độ,"
                " nặng nhất trước):"
            )
        )
        blocks.extend(Paragraph(f"- {_off_track_text(t, year)}", BlockStyle.BULLET) for t in off_track)
    else:
        blocks.append(Paragraph("Không có chỉ tiêu nào chậm tiến độ, đi lùi hoặc không đạt."))
    counts = Counter(t.status(year) for t in targets)
    blocks.append(Paragraph("2. Tổng hợp theo mức đánh giá", BlockStyle.ITEM))
    listed = ", ".join(f"{counts[s]} chỉ tiêu {s.label.lower()}" for s in Status if counts[s])
    blocks.append(
        Paragraph(f"Trong {len(targets)} chỉ tiêu năm {year}: {listed or 'không có chỉ tiêu nào'}.")
    )
    rows = (
        *((s.label, str(counts[s]), _percent(counts[s], len(targets))) for s in Status if counts[s]),
        ("Tổng số", str(len(targets)), _percent(len(targets), len(targets))),
    )
    blocks.append(TableBlock(("Đánh giá", "Số chỉ tiêu", "Tỷ lệ (%)"), rows))
    if facts.review is not None:
        blocks.append(Paragraph(f"3. Diễn biến giai đoạn {years[0]}–{years[-1]}", BlockStyle.ITEM))
        blocks.append(Paragraph(_change_text(targets, years)))
    return Section("III. ĐÁNH GIÁ CHUNG", tuple(blocks))


def _off_track_text(target: TargetFacts, year: int) -> str:
    result = target.result(year)
    latest = ""
    if result is not None and result.latest_year is not None:
        latest = f", năm {result.latest_year}: {figure_text(result.latest_value, target)}"
    return f"{target.name} ({target.status(year).label}{latest}; {goal_phrase(target)})."


def _percent(part: int, whole: int) -> str:
    return format_number(100 * part / whole, 1) if whole else "0"


def _change_text(targets: tuple[TargetFacts, ...], years: tuple[int, ...]) -> str:
    first, last = years[0], years[-1]
    better = worse = same = unjudged = 0
    for target in targets:
        before, after = _RANK.get(target.status(first)), _RANK.get(target.status(last))
        if before is None or after is None:
            unjudged += 1
        elif after > before:
            better += 1
        elif after < before:
            worse += 1
        else:
            same += 1
    return (
        f"So với năm {first}, năm {last} có {better} chỉ tiêu được đánh giá tốt hơn, {worse} chỉ tiêu kém"
        f" hơn, {same} chỉ tiêu giữ nguyên mức đánh giá; {unjudged} chỉ tiêu chưa đủ số liệu để so sánh."
    )


# --- IV. Kiến nghị, đề xuất -----------------------------------------------------------------------


def _proposals() -> Section:
    headings = (
        "1. Đối với Trung ương",
        "2. Đối với Ủy ban nhân dân tỉnh",
        "3. Đối với các sở, ban, ngành và Ủy ban nhân dân cấp xã",
    )
    blocks: list[Block] = []
    for heading in headings:
        blocks.append(Paragraph(heading, BlockStyle.ITEM))
        blocks.append(Paragraph(PLACEHOLDER, BlockStyle.PLACEHOLDER))
    return Section("IV. KIẾN NGHỊ, ĐỀ XUẤT", tuple(blocks))


# --- Nơi nhận -------------------------------------------------------------------------------------


def _recipients(facts: ReportFacts, body: IssuingBody) -> tuple[str, ...]:
    """``Nơi nhận``: whom the duty reports to, the agencies monitoring the targets today, the archive."""
    entries: list[str] = []
    yearly = [d for d in facts.duties if d.frequency is ReportingFrequency.ANNUAL and d.to]
    for duty in yearly or [d for d in facts.duties if d.to][:1]:
        to = duty.to or ""
        if body.abbreviation == "UBND" and "UBND" in to:
            continue
        entry = f"{to} {body.place}" if to.endswith("tỉnh") and body.place != "…" else to
        entries.append(f"{entry} (để báo cáo)")
    agencies = sorted({t.responsible_now for t in facts.targets if t.responsible_now} - {body.full_name})
    entries.extend(agencies)
    unique = list(dict.fromkeys(entries))
    return (*(f"- {entry};" for entry in unique), "- Lưu: VT, ….")


# --- Phụ lục --------------------------------------------------------------------------------------


def _annex(facts: ReportFacts, body: IssuingBody, years: tuple[int, ...]) -> AnnexTable:
    label = document_label(facts).upper() if facts.document.number else "VĂN BẢN"
    if facts.review is None:
        title = f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CỦA {label} NĂM {facts.year}"
    else:
        title = f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CỦA {label} GIAI ĐOẠN {years[0]}–{years[-1]}"
    subtitle = (
        f"(Kèm theo Báo cáo số          /BC-{body.abbreviation} ngày {format_date(facts.report_date)}"
        f" của {body.full_name})"
    )
    groups: list[AnnexGroup] = []
    number = 0
    has_groups = any(t.group for t in facts.targets)
    for index, (group, targets) in enumerate(_grouped(facts.targets), start=1):
        rows = []
        for target in targets:
            number += 1
            rows.append(_annex_row(number, target, facts.year, years))
        groups.append(
            AnnexGroup(roman(index) if has_groups else "", group if has_groups else "", tuple(rows))
        )
    return AnnexTable(
        heading="Phụ lục I",
        title=title,
        subtitle=subtitle,
        years=years,
        groups=tuple(groups),
        is_review=facts.review is not None,
    )


def _annex_row(number: int, target: TargetFacts, year: int, years: tuple[int, ...]) -> AnnexRow:
    return AnnexRow(
        number=number,
        key=target.key,
        indicator=target.name,
        unit=target.unit,
        goal=goal_cell(target),
        baseline_value=target.baseline.value if target.baseline else None,
        baseline_year=target.baseline.year if target.baseline else None,
        values=tuple(target.value_in(y) for y in years),
        status=target.status(year),
        history=tuple(target.status(y) for y in years),
        responsible=with_former_name(target.responsible_now, target.responsible),
    )


def _charts(facts: ReportFacts, annex: AnnexTable) -> tuple[ChartData, ...]:
    numbers = {row.key: row.number for row in annex.rows}
    charts: list[ChartData] = []
    for target in facts.targets:
        status = target.status(facts.year)
        if status not in OFF_TRACK:
            continue
        spec = TargetSpec(
            comparator=target.comparator,
            value=target.value,
            target_year=target.target_year,
            kind=target.kind,
            start_year=target.start_year,
            value_max=target.value_max,
            unit=target.unit,
        )
        chart = chart_data(
            f"{numbers[target.key]}. {target.name}",
            spec,
            target.observations,
            target.baseline,
            unit=target.unit,
            as_of=facts.year,
            status=status,
            is_demo=facts.is_demo,
        )
        if chart is not None and not chart.is_empty:
            charts.append(chart)
    return tuple(charts)

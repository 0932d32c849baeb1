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

import re
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
    NarrativePart,
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
        number_line=body.number_line(),
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
            _directions(facts),
            _proposals(facts),
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
        blocks.extend(Paragraph(f"- {_task_text(task, facts)}", BlockStyle.BULLET) for task in facts.tasks)
    else:
        blocks.append(Paragraph("Văn bản không giao nhiệm vụ tổ chức thực hiện cho cơ quan cụ thể."))
    blocks.append(Paragraph("2. Chế độ báo cáo", BlockStyle.ITEM))
    if facts.duties:
        blocks.extend(Paragraph(f"- {_duty_text(duty, facts)}", BlockStyle.BULLET) for duty in facts.duties)
    else:
        blocks.append(Paragraph("Văn bản không quy định chế độ báo cáo riêng."))
    blocks.append(Paragraph(f"3. Tình hình gửi báo cáo năm {year}", BlockStyle.ITEM))
    blocks.extend(_timeliness_blocks(facts))
    blocks.append(Paragraph("4. Số liệu sử dụng", BlockStyle.ITEM))
    blocks.extend(_data_blocks(facts))
    return Section("I. TÌNH HÌNH TRIỂN KHAI", tuple(blocks))


_DISTRICTS = re.compile(r"(UBND|Ủy ban nhân dân) các huyện(, thị xã)?, thành phố", re.IGNORECASE)
# Luật Tổ chức chính quyền địa phương 2025: no district level from 01/07/2025.
DISTRICTS_ENDED = date(2025, 7, 1)


def renamed_agencies(facts: ReportFacts) -> list[tuple[str, str]]:
    """(name in the document, name today) of every agency the document named that is another one today,
    longest first (so ``Sở Lao động - Thương binh và Xã hội`` goes before ``Sở LĐTBXH``)."""
    pairs: dict[str, str] = {}
    for task in facts.tasks:
        for mention in task.agencies:
            if mention.name_today and with_former_name(mention.name_today, mention.name_in_document) != (
                mention.name_today
            ):
                pairs.setdefault(mention.name_in_document, mention.name_today)
    for duty in facts.duties:
        if duty.via and duty.via_today and with_former_name(duty.via_today, duty.via) != duty.via_today:
            pairs.setdefault(duty.via, duty.via_today)
    for former, today in list(pairs.items()):
        short = _short_name(former)
        if short:
            pairs.setdefault(short, today)
    return sorted(pairs.items(), key=lambda pair: -len(pair[0]))


def _short_name(name: str) -> str | None:
    """``Sở Lao động - Thương binh và Xã hội`` -> ``Sở LĐTBXH``, as documents abbreviate it."""
    if not name.startswith("Sở ") or len(name.split()) < 4:
        return None
    words = [w for w in name[3:].split() if w not in {"-", "và", "–"}]
    return "Sở " + "".join(w[0].upper() for w in words)


def with_todays_agencies(text: str, facts: ReportFacts) -> str:
    """The document's words with today's agencies, the former name in brackets: ``… qua Sở Nội vụ tỉnh
    An Giang (trước đây là Sở LĐTBXH)``; district committees, gone since 01/07/2025, as the communes'."""
    for former, today in renamed_agencies(facts):
        pattern = re.compile(rf"(?<![\w(]){re.escape(former)}(?![\w)])")
        first = f"{today} (trước đây là {former})"
        text = pattern.sub(first.replace("\\", "\\\\"), text, count=1)
        text = pattern.sub(today.replace("\\", "\\\\"), text)
    return _without_districts(text, facts)


def _without_districts(text: str, facts: ReportFacts) -> str:
    if facts.report_date >= DISTRICTS_ENDED:
        text = _DISTRICTS.sub(lambda m: f"UBND cấp xã (trước đây là {m.group(0)})", text)
    return text


def _task_text(task: TaskFacts, facts: ReportFacts) -> str:
    by_role: dict[str, list[str]] = {}
    for mention in task.agencies:
        name = with_former_name(mention.name_today, mention.name_in_document)
        by_role.setdefault(mention.role.value, []).append(name)
    roles = "; ".join(f"{role}: {', '.join(names)}" for role, names in by_role.items())
    roles = _without_districts(roles, facts)
    return with_todays_agencies(task.description, facts) + (f" — {roles}." if roles else ".")


def _duty_text(duty: DutyFacts, facts: ReportFacts) -> str:
    text = f"{duty.frequency.label}: {with_todays_agencies(duty.what, facts)}"
    if duty.to:
        text += f"; gửi {duty.to}"
    if duty.via or duty.via_today:
        text += f" qua {with_former_name(duty.via_today, duty.via)}"
    if duty.deadline is not None:
        text += f"; {duty.deadline.display_in('vi')}"
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
        TableBlock(
            ("TT", "Đơn vị (hiện nay)", "Tên trong văn bản", "Tình trạng", "Ngày gửi"),
            rows,
            widths=(1.0, 5.6, 4.2, 2.7, 3.0),
        ),
    ]


def territory_phrase(facts: ReportFacts) -> str:
    """The area the figures cover: ``địa bàn tỉnh Kiên Giang (cũ), nay thuộc tỉnh An Giang`` when the
    document's province was merged into another (Nghị quyết 202/2025/QH15), else ``địa bàn tỉnh An Giang``."""
    then, now = facts.document.province, facts.coordinator_province
    if then and now and then != now:
        return f"địa bàn tỉnh {then} (cũ), nay thuộc tỉnh {now}"
    place = then or now
    return f"địa bàn tỉnh {place}" if place else "địa bàn thực hiện văn bản"


def _kind_sentence(facts: ReportFacts) -> str:
    """Whether the report year's figures are estimates (due before the year ends) or the result."""
    year = facts.year
    estimated = sum(1 for t in facts.targets if t.value_in(year) is not None and t.is_estimate(year))
    counted = sum(1 for t in facts.targets if t.value_in(year) is not None)
    if not counted:
        return ""
    if estimated == counted:
        return (
            f" Số liệu năm {year} là số ước thực hiện cả năm (báo cáo trước khi kết thúc năm), sẽ được"
            " cập nhật bằng số thực hiện chính thức."
        )
    if estimated:
        return (
            f" Trong {counted} chỉ tiêu có số liệu năm {year}, {estimated} chỉ tiêu là số ước thực hiện"
            " (ghi rõ tại từng chỉ tiêu), các chỉ tiêu còn lại là số thực hiện."
        )
    return f" Số liệu năm {year} là số thực hiện."


def _data_blocks(facts: ReportFacts) -> list[Block]:
    year, total = facts.year, len(facts.targets)
    this_year = sum(1 for t in facts.targets if t.value_in(year) is not None)
    last_year = sum(1 for t in facts.targets if t.value_in(year - 1) is not None)
    blocks: list[Block] = [
        Paragraph(
            f"Phạm vi báo cáo: {territory_phrase(facts)}. Cơ quan, đơn vị được ghi theo tổ chức bộ máy"
            " hiện nay, kèm tên trước đây khi văn bản giao cho cơ quan đã được sắp xếp lại."
            + _kind_sentence(facts)
        ),
        Paragraph(
            f"Báo cáo tổng hợp {total} chỉ tiêu của {document_label(facts)}: {this_year} chỉ tiêu có số liệu"
            f" năm {year}, {last_year} chỉ tiêu có số liệu năm {year - 1}. Chỉ tính số liệu đã gửi hoặc đã"
            " được duyệt; tiến độ được đánh giá theo tốc độ tăng bình quân hằng năm so với tốc độ cần"
            " thiết để đạt mục tiêu."
        ),
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
    written = _narrative_blocks(facts, NarrativePart.RESULTS)
    if written:
        number = len(_grouped(facts.targets)) + 1
        blocks.append(
            Paragraph(f"{number}. Kết quả đạt được theo báo cáo của các cơ quan, đơn vị", BlockStyle.ITEM)
        )
        blocks.extend(written)
    return Section("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", tuple(blocks))


def _narrative_blocks(facts: ReportFacts, part: NarrativePart) -> list[Block]:
    """What each sender wrote for ``part``, one agency after the other, each credited to its agency."""
    blocks: list[Block] = []
    for narrative in (n for n in facts.narratives if n.part is part and n.text.strip()):
        blocks.append(Paragraph(f"{narrative.agency}:", BlockStyle.POINT))
        for line in narrative.text.strip().splitlines():
            line = line.strip()
            if line:
                style = BlockStyle.BULLET if line.startswith(("-", "+", "•")) else BlockStyle.BODY
                blocks.append(Paragraph(line, style))
    return blocks


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
    number = 3
    if facts.review is not None:
        blocks.append(Paragraph(f"{number}. Diễn biến giai đoạn {years[0]}–{years[-1]}", BlockStyle.ITEM))
        blocks.append(Paragraph(_change_text(targets, years)))
        blocks.append(_review_table(facts, years))
        number += 1
    blocks.append(Paragraph(f"{number}. {NarrativePart.SHORTCOMINGS.heading(year)}", BlockStyle.ITEM))
    blocks.extend(_narrative_blocks(facts, NarrativePart.SHORTCOMINGS) or [_missing(facts)])
    return Section("III. ĐÁNH GIÁ CHUNG", tuple(blocks))


def _missing(facts: ReportFacts) -> Paragraph:
    """What stands where no agency wrote a part: a plain note for the coordinator, never invented text."""
    if facts.timeliness is None:
        return Paragraph(
            "(Chưa có đợt báo cáo trên planwatch để các cơ quan, đơn vị gửi nội dung này; cơ quan đầu mối"
            " bổ sung.)",
            BlockStyle.PLACEHOLDER,
        )
    return Paragraph(PLACEHOLDER, BlockStyle.PLACEHOLDER)


def _review_table(facts: ReportFacts, years: tuple[int, ...]) -> TableBlock:
    """Every target at the start and the end of the review period, with the cause its agency gave."""
    first, last = years[0], years[-1]
    rows = []
    for number, target in enumerate(facts.targets, start=1):
        start = _first_figure(target, first, last)
        end = target.result(last)
        end_text = (
            f"{figure_text(end.latest_value, target)} ({end.latest_year}"
            f"{', ước' if target.is_estimate(end.latest_year) else ''})"
            if end is not None and end.latest_year is not None
            else "Chưa có số liệu"
        )
        cause = target.cause(end.latest_year) if end is not None and end.latest_year else ""
        rows.append(
            (
                str(number),
                target.name,
                start,
                end_text,
                goal_cell(target),
                target.status(last).label,
                cause or "Chưa nêu",
            )
        )
    return TableBlock(
        (
            "TT",
            "Chỉ tiêu",
            f"Đầu kỳ ({first})",
            f"Cuối kỳ ({last})",
            "Mục tiêu",
            "Đánh giá",
            "Nguyên nhân (cơ quan báo cáo)",
        ),
        tuple(rows),
        widths=(1.0, 4.6, 2.2, 2.2, 2.0, 1.9, 2.6),
    )


def _first_figure(target: TargetFacts, first: int, last: int) -> str:
    """The figure at the start of the period: the baseline or the earliest figure from ``first`` on."""
    if target.baseline is not None and target.baseline.year <= first:
        return f"{figure_text(target.baseline.value, target)} ({target.baseline.year})"
    for observation in sorted(target.observations, key=lambda o: o.year):
        if first <= observation.year <= last:
            return f"{figure_text(observation.value, target)} ({observation.year})"
    return "Chưa có số liệu"


def _off_track_text(target: TargetFacts, year: int) -> str:
    result = target.result(year)
    latest = ""
    if result is not None and result.latest_year is not None:
        estimate = "ước thực hiện " if target.is_estimate(result.latest_year) else ""
        latest = f", {estimate}năm {result.latest_year}: {figure_text(result.latest_value, target)}"
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


def _directions(facts: ReportFacts) -> Section:
    heading = NarrativePart.DIRECTIONS.heading(facts.year).upper()
    blocks = _narrative_blocks(facts, NarrativePart.DIRECTIONS) or [_missing(facts)]
    return Section(f"IV. {heading}", tuple(blocks))


def _proposals(facts: ReportFacts) -> Section:
    blocks = _narrative_blocks(facts, NarrativePart.PROPOSALS) or [_missing(facts)]
    return Section("V. KIẾN NGHỊ, ĐỀ XUẤT", tuple(blocks))


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
    number_line = body.number_line().replace("Số: ", "số ").replace("Số ", "số ")
    subtitle = (
        f"(Kèm theo Báo cáo {number_line} ngày {format_date(facts.report_date)} của {body.full_name};"
        f" {territory_phrase(facts)})"
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
        estimated_years=frozenset(
            year
            for year in years
            if any(t.value_in(year) is not None for t in facts.targets)
            and all(t.is_estimate(year) for t in facts.targets if t.value_in(year) is not None)
        ),
    )


def _annex_row(number: int, target: TargetFacts, year: int, years: tuple[int, ...]) -> AnnexRow:
    """A target's row; without a stated baseline the base column shows the figure the progress is
    measured from (the earliest one) and its year, so "từ năm gốc" always names a year."""
    baseline_value: float | None = target.baseline.value if target.baseline else None
    baseline_year = target.baseline.year if target.baseline else None
    if target.baseline is None:
        result = target.result(year)
        if result is not None and result.reference_year is not None:
            baseline_value, baseline_year = result.reference_value, result.reference_year
    return AnnexRow(
        number=number,
        key=target.key,
        indicator=target.name,
        unit=target.unit,
        goal=goal_cell(target),
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        estimated=tuple(target.value_in(y) is not None and target.is_estimate(y) for y in years),
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

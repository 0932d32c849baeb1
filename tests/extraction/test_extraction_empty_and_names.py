"""An empty extraction says why (issue #14), names keep their capitals in titles, and long texts are
shortened between words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planwatch.cli import main
from planwatch.domain.text import shorten
from planwatch.extraction import extract_text
from planwatch.extraction.extractor import no_target_reason
from planwatch.extraction.names import restore_capitals

# Our own sentences: a meeting notice with no figure, a report with figures but no target, English.
NO_FIGURE = (
    "Ủy ban nhân dân tỉnh tổ chức hội nghị sơ kết công tác cải cách hành chính cho các sở, ngành.\n"
    "Các đơn vị chuẩn bị báo cáo tham luận và gửi về Văn phòng trước khi hội nghị diễn ra.\n"
)
FIGURES_NO_TARGET = (
    "Năm qua toàn tỉnh đã xây mới 14 phòng học và sửa chữa 9 trạm y tế xã bằng nguồn vốn ngân sách.\n"
    "Hội nghị có 120 đại biểu tham dự, trong đó 35 người là cán bộ cấp xã.\n"
)
ENGLISH = (
    "The provincial committee will hold a review meeting with every department next month.\n"
    "Each department sends its written contribution to the office one week before the meeting.\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (NO_FIGURE, "không có con số hay tỷ lệ nào"),
        (FIGURES_NO_TARGET, "không có câu nào mang dạng chỉ tiêu"),
        (ENGLISH, "không phải tiếng Việt"),
    ],
)
def test_an_extraction_without_targets_says_why(text: str, expected: str) -> None:
    extraction = extract_text(text)
    assert not any(d.targets for d in extraction.documents)
    assert extraction.no_target_reason is not None
    assert expected in extraction.no_target_reason


def test_a_plan_with_a_target_has_no_reason() -> None:
    text = "II. MỤC TIÊU\n1. Mục tiêu cụ thể đến năm 2030\n- Phấn đấu 95% trạm y tế xã có bác sĩ.\n"
    extraction = extract_text(text)
    assert len(extraction.documents[0].targets) == 1
    assert extraction.no_target_reason is None


def test_garbled_letters_are_their_own_reason() -> None:
    garbled = "Các đ n v  th ng xuyên ki m tra vi c th c hi n k  ho ch và báo cáo k t qu  đ nh k  " * 3
    assert "lẫn lộn" in no_target_reason(garbled)


def test_the_cli_says_that_no_target_was_found_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hoi-nghi.txt"
    path.write_text(NO_FIGURE, encoding="utf-8")

    code = main(["extract", str(path)])
    out = capsys.readouterr().out
    json_code = main(["extract", "--json", str(path)])
    captured = capsys.readouterr()

    assert code == 0
    assert out.splitlines()[1] == (
        "Không tìm thấy mục tiêu nào: văn bản không có con số hay tỷ lệ nào, nên không có câu nào mang "
        "dạng chỉ tiêu."
    )
    assert json_code == 0
    assert json.loads(captured.out)["documents"][0]["targets"] == []
    assert captured.err.startswith("planwatch: Không tìm thấy mục tiêu nào: ")


def test_a_capitalised_title_keeps_the_capitals_of_names() -> None:
    # given a plan whose title is typed in capitals, with the signer's line right under it
    text = (
        "KẾ HOẠCH\n"
        "THỰC HIỆN NGHỊ QUYẾT SỐ 12/NQ-CP CỦA CHÍNH PHỦ VÀ KẾT LUẬN CỦA BAN CHẤP HÀNH TRUNG ƯƠNG\n"
        "ĐẢNG KHÓA XIII VỀ PHÁT TRIỂN NGUỒN NHÂN LỰC ASEAN TẠI TỈNH AN GIANG\n"
        "ỦY BAN NHÂN DÂN TỈNH\n"
        "\n"
        "Căn cứ tình hình thực tế, Ủy ban nhân dân tỉnh ban hành kế hoạch như sau.\n"
    )
    title = extract_text(text).documents[0].title
    assert title == (
        "Kế hoạch thực hiện Nghị quyết số 12/NQ-CP của Chính phủ và kết luận của Ban Chấp hành Trung "
        "ương Đảng khóa XIII về phát triển nguồn nhân lực ASEAN tại tỉnh An Giang"
    )


def test_names_get_their_capitals_back_in_either_spelling() -> None:
    assert restore_capitals("báo cáo uỷ ban nhân dân và tỉnh ủy thừa thiên huế") == (
        "báo cáo Uỷ ban nhân dân và Tỉnh ủy Thừa Thiên Huế"
    )
    assert restore_capitals("nhân viên chính phủ điện tử") == "nhân viên Chính phủ điện tử"
    assert restore_capitals("thủ tướng chính phủ") == "Thủ tướng Chính phủ"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("định kỳ báo cáo Ủy ban nhân dân tỉnh", 23, "định kỳ báo cáo Ủy ban…"),
        ("định kỳ báo cáo Ủy ban nhân dân tỉnh", 22, "định kỳ báo cáo Ủy…"),
        ("ngắn gọn", 30, "ngắn gọn"),
        ("tổng hợp, đánh giá, báo cáo", 20, "tổng hợp, đánh giá…"),
    ],
)
def test_shortening_cuts_between_words_with_an_ellipsis(text: str, limit: int, expected: str) -> None:
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit


def test_an_agency_task_longer_than_the_limit_ends_on_a_whole_word() -> None:
    duty = "tổng hợp ý kiến của các sở, ngành về dự thảo quy chế phối hợp trong công tác quản lý " * 4
    text = (
        "II. MỤC TIÊU\n1. Mục tiêu cụ thể đến năm 2030\n- Phấn đấu 95% trạm y tế xã có bác sĩ.\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        f"1. Sở Y tế chủ trì, phối hợp với các đơn vị liên quan {duty}\n"
    )
    tasks = [a.task for a in extract_text(text).documents[0].lead_agencies]
    assert tasks
    for task in tasks:
        assert len(task) <= 200
        if len(task) > 150:
            assert task.endswith("…")
            assert task[:-1].split()[-1] in duty.split()


def test_a_capitalised_heading_gives_its_targets_a_group_that_keeps_the_capitals_of_names() -> None:
    text = (
        "II. MỤC TIÊU\n"
        "1. CHỈ TIÊU PHÁT TRIỂN CHÍNH PHỦ SỐ TẠI TỈNH KHÁNH HÒA ĐẾN NĂM 2030\n"
        "- Phấn đấu 100% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng.\n"
    )
    target = extract_text(text).documents[0].targets[0]
    assert target.group == "Chỉ tiêu phát triển Chính phủ số tại tỉnh Khánh Hòa đến năm 2030"

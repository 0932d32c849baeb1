"""Reporting duties by construction (``planwatch.extraction.reporting``), on made-up sentences."""

from __future__ import annotations

import pytest

from planwatch.domain.deadlines import Deadline
from planwatch.extraction import extract_text
from planwatch.extraction.reporting import is_duty


def duties(text: str) -> list[tuple[str, str | None]]:
    document = extract_text(text).documents[0]
    return [(d.frequency, d.deadline) for d in document.reporting]


def test_two_dates_of_one_yearly_report_are_two_duties() -> None:
    text = "Các phòng, ban định kỳ trước ngày 10/6 và 20/11 hằng năm báo cáo kết quả về Sở Văn hóa."
    assert duties(text) == [("annual", "10/06"), ("annual", "20/11")]


def test_each_period_takes_the_date_written_beside_it() -> None:
    text = "Định kỳ 6 tháng (trước ngày 05/6) và hằng năm (trước ngày 05/12), các xã báo cáo Sở Y tế."
    assert duties(text) == [("annual", "05/12"), ("periodic", "05/06")]


def test_as_many_dates_as_periods_go_to_them_in_order() -> None:
    text = "Định kỳ 6 tháng, hằng năm, các xã báo cáo UBND huyện trước ngày 10/6 và 10/12."
    assert duties(text) == [("annual", "10/12"), ("periodic", "10/06")]


@pytest.mark.parametrize(
    "text",
    [
        "Hằng năm, các huyện báo cáo kết quả về Sở Tài chính chậm nhất ngày 12 tháng 12.",
        "Các huyện báo cáo kết quả về Sở Tài chính vào ngày 12/12 hằng năm.",
        "Hằng năm, các huyện báo cáo kết quả về Sở Tài chính chậm nhất vào ngày 12/12.",
        "Các huyện báo cáo kết quả về Sở Tài chính trước ngày 12 tháng 12 hàng năm.",
    ],
)
def test_latest_day_is_a_deadline_like_before(text: str) -> None:
    assert duties(text) == [("annual", "12/12")]


def test_a_report_due_in_the_following_year_is_yearly() -> None:
    text = "Sở Nội vụ tổng hợp, báo cáo Thủ tướng Chính phủ trước ngày 31 tháng 01 của năm tiếp theo."
    assert duties(text) == [("annual", "31/01 năm tiếp theo")]


def test_a_yearly_report_or_on_request_is_also_ad_hoc() -> None:
    text = "Định kỳ báo cáo UBND tỉnh kết quả hằng năm (trước ngày 01 tháng 12) hoặc theo yêu cầu."
    assert duties(text) == [("annual", "01/12"), ("ad-hoc", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Trường hợp vượt thẩm quyền, Sở Xây dựng tổng hợp báo cáo và đề xuất UBND tỉnh xem xét, quyết định.",
        "Nếu cần điều chỉnh nội dung, các đơn vị gửi Sở Công Thương tổng hợp, báo cáo UBND tỉnh xem xét.",
        "Các xã báo cáo ngay khi có diễn biến bất thường về dịch bệnh.",
        "Kịp thời báo cáo các hành vi vi phạm cho cơ quan có thẩm quyền để xử lý theo quy định.",
        "Nguồn kinh phí sẽ được báo cáo, đề xuất cấp có thẩm quyền bố trí theo quy định.",
    ],
)
def test_reports_on_occasion_are_ad_hoc(text: str) -> None:
    assert duties(text) == [("ad-hoc", None)]


def test_a_condition_in_an_earlier_clause_makes_the_report_ad_hoc() -> None:
    text = (
        "Nếu có vướng mắc, các đơn vị phản ánh về Sở Tư pháp để hướng dẫn; Sở Tư pháp tổng hợp, "
        "báo cáo UBND tỉnh."
    )
    assert duties(text) == [("ad-hoc", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Sở Y tế tổ chức sơ kết, tổng kết, báo cáo kịp thời về Bộ Y tế.",
        "Bộ Công Thương tổ chức sơ kết, tổng kết việc thực hiện Đề án; kiến nghị Thủ tướng điều chỉnh.",
        "Sở Nội vụ định kỳ tổng hợp, báo cáo UBND tỉnh để kịp thời chỉ đạo.",
        "Các sở tổng hợp tình hình thực hiện, báo cáo UBND tỉnh theo quy định.",
    ],
)
def test_reviews_and_stated_routine_reports_are_periodic(text: str) -> None:
    assert duties(text) == [("periodic", None)]


def test_petitions_passed_up_to_be_compiled_are_an_ad_hoc_duty() -> None:
    text = "Hội Nông dân tiếp nhận kiến nghị của hội viên trong quá trình thực hiện, gửi Sở Tư pháp tổng hợp."
    assert duties(text) == [("ad-hoc", None)]
    assert duties("Các xã phản ánh về Sở Tư pháp để phối hợp giải quyết.") == []


def test_a_review_of_the_plan_without_a_report_word_is_one_duty() -> None:
    text = "Sở Giáo dục và Đào tạo tổ chức sơ kết, tổng kết việc thực hiện Kế hoạch."
    assert duties(text) == [("periodic", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Các xã báo cáo UBND huyện trước 17h00’ hằng ngày.", [("daily", "17h00")]),
        ("Các xã báo cáo UBND huyện trước 17 giờ hằng ngày.", [("daily", "17h00")]),
        ("Các xã báo cáo UBND huyện hằng ngày về số hộ đã nhận gạo.", [("daily", None)]),
        (
            "Các điểm tiếp nhận báo cáo 03 lần/ngày (trước 8h00, 12h30 và 17h00) về Sở Công Thương.",
            [("daily", "8h00"), ("daily", "12h30"), ("daily", "17h00")],
        ),
    ],
)
def test_a_daily_report_is_one_duty_per_hour_written(text: str, expected: list[tuple[str, str]]) -> None:
    assert duties(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sở Tài chính tổ chức sơ kết vào giữa năm 2028 và tổng kết vào cuối năm 2031, báo cáo UBND tỉnh.",
            [("one-off", "giữa năm 2028"), ("one-off", "cuối năm 2031")],
        ),
        (
            "Báo cáo đánh giá giữa kỳ (năm 2028) và báo cáo tổng kết (năm 2031) gửi UBND tỉnh.",
            [("one-off", "2028"), ("one-off", "2031")],
        ),
        (
            "Sở Tư pháp tổ chức sơ kết vào quý IV năm 2028 để báo cáo UBND tỉnh.",
            [("one-off", "quý IV năm 2028")],
        ),
        ("Sở Y tế tổng kết việc thực hiện vào năm 2029, báo cáo UBND tỉnh.", [("one-off", "2029")]),
        ("Sở Nội vụ tổ chức sơ kết 5 năm vào năm 2028, báo cáo UBND tỉnh.", [("one-off", "2028")]),
        (
            "Trước ngày 15 tháng 01 năm 2027, các sở báo cáo UBND tỉnh kế hoạch chi tiết.",
            [("one-off", "15/01/2027")],
        ),
        (
            "Các xã báo cáo kế hoạch về Sở Y tế trong thời hạn 15 ngày kể từ ngày nhận văn bản này.",
            [("one-off", "trong thời hạn 15 ngày kể từ ngày nhận văn bản")],
        ),
    ],
)
def test_a_one_off_report_takes_its_year_date_or_time_limit(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert duties(text) == expected


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        (
            "Các phường lập kế hoạch thực hiện, gửi kế hoạch về UBND quận trong vòng 07 ngày kể từ ngày ký.",
            "trong vòng 07 ngày kể từ ngày ký",
        ),
        (
            "Trước ngày 20 tháng 3 năm 2027, các sở ban hành kế hoạch triển khai, gửi Sở Nội vụ để tổng hợp.",
            "20/03/2027",
        ),
    ],
)
def test_a_plan_sent_up_once_by_a_deadline_is_a_one_off_duty(text: str, deadline: str) -> None:
    assert duties(text) == [("one-off", deadline)]


def test_a_plan_sent_up_without_a_deadline_is_no_duty() -> None:
    assert duties("Các sở xây dựng kế hoạch chi tiết, gửi Sở Nội vụ theo dõi.") == []


def test_a_daily_report_that_is_also_ad_hoc_keeps_both_duties() -> None:
    text = "Sở Công Thương báo cáo UBND tỉnh trước 18h00 hằng ngày và đột xuất khi cần thiết."
    assert sorted(duties(text), key=str) == [("ad-hoc", None), ("daily", "18h00")]


def test_every_deadline_written_reads_back_as_itself() -> None:
    text = (
        "Các xã báo cáo UBND huyện trước 7h00 hằng ngày. Sở Tài chính tổ chức sơ kết vào cuối năm 2028, "
        "báo cáo UBND tỉnh. Hằng năm, các sở báo cáo UBND tỉnh trước ngày 05/02 của năm sau."
    )
    written = [d for _, d in duties(text) if d is not None]
    assert written == ["7h00", "cuối năm 2028", "05/02 năm tiếp theo"]
    assert [Deadline.parse(d).text for d in written] == written


@pytest.mark.parametrize(
    "clause",
    [
        "theo báo cáo của Sở Y tế, tỷ lệ tiêm chủng đạt 95%",
        "rà soát, cắt giảm các chế độ báo cáo không cần thiết",
        "thiết lập hệ thống báo cáo trực tuyến cho cấp xã",
        "100% chế độ báo cáo được thực hiện trên Hệ thống thông tin báo cáo",
        "Dự thảo Báo cáo đánh giá tác động môi trường hoàn thành trong năm 2027",
        "Báo cáo tổng hợp về chất lượng nước được ban hành và cập nhật định kỳ",
        "Báo cáo nhanh tình hình thiệt hại do bão ngày 12/10/2026 của Sở Nông nghiệp",
        "- Văn phòng UBND tỉnh (để báo cáo)",
        "Thời gian báo cáo định kỳ hằng năm tính từ ngày 01/12 năm trước đến ngày 30/11",
        "xây dựng báo cáo quốc gia về đa dạng sinh học",
        "một số địa phương chưa báo cáo đầy đủ số liệu",
        "xây dựng phần mềm báo cáo trực tuyến cho các trường học",
        "tăng cường công tác thông tin, báo cáo giữa các cơ quan",
    ],
)
def test_a_mention_of_a_report_is_no_duty(clause: str) -> None:
    assert is_duty(clause) is False


@pytest.mark.parametrize(
    "clause",
    [
        "định kỳ báo cáo UBND tỉnh",
        "gửi Sở Xây dựng tổng hợp và báo cáo UBND tỉnh",
        "Các huyện gửi báo cáo về Sở Tài chính",
        "- Báo cáo định kỳ về tình hình vận hành các trạm quan trắc",
        "nguồn vốn sẽ được báo cáo, đề xuất cấp có thẩm quyền",
        "thực hiện nghiêm chế độ thông tin, báo cáo định kỳ theo quy định",
    ],
)
def test_report_as_a_verb_is_a_duty(clause: str) -> None:
    assert is_duty(clause) is True


def test_a_deliverable_list_gives_no_duty() -> None:
    text = "- Sản phẩm: Cơ sở dữ liệu được xây dựng. Báo cáo đánh giá hiện trạng"
    assert duties(text) == []


def test_recipients_and_relay_are_read() -> None:
    text = (
        "Hằng năm, trước ngày 05 tháng 12, các phường báo cáo kết quả về Ủy ban nhân dân Thành phố "
        "(qua Sở Khoa học và Công nghệ) để tổng hợp."
    )
    duty = extract_text(text).documents[0].reporting[0]
    assert (duty.to, duty.via) == ("Ủy ban nhân dân Thành phố", "Sở Khoa học và Công nghệ")


@pytest.mark.parametrize(
    ("text", "to", "via"),
    [
        (
            "Các phường gửi Sở Tài chính tổng hợp, báo cáo UBND tỉnh theo quy định.",
            "UBND tỉnh",
            "Sở Tài chính",
        ),
        (
            "Nếu có vướng mắc, các xã phản ánh về Sở Nội vụ để tổng hợp, trình Ủy ban nhân dân tỉnh xem xét.",
            "Ủy ban nhân dân tỉnh",
            "Sở Nội vụ",
        ),
        (
            "Sở Công Thương định kỳ báo cáo Bộ Công Thương và UBND tỉnh kết quả thực hiện.",
            "Bộ Công Thương; UBND tỉnh",
            None,
        ),
        (
            "Hằng năm, Sở Y tế báo cáo kết quả về Bộ Y tế, đồng gửi UBND tỉnh để theo dõi.",
            "Bộ Y tế; UBND tỉnh",
            None,
        ),
    ],
)
def test_the_final_recipient_and_the_relay_that_compiles_for_it(text: str, to: str, via: str | None) -> None:
    duty = extract_text(text).documents[0].reporting[0]
    assert (duty.to, duty.via) == (to, via)

"""Reporting deadlines (``planwatch.domain.deadlines``): read, written and said in both languages."""

import unicodedata
from datetime import date, time

import pytest

from planwatch.domain.deadlines import Deadline
from planwatch.domain.errors import InvalidValueError
from planwatch.domain.vocabulary import ReportingFrequency


@pytest.mark.parametrize(
    ("written", "expected", "text"),
    [
        ("19h00", Deadline(at=time(19, 0)), "19h00"),
        ("8 giờ 30", Deadline(at=time(8, 30)), "8h30"),
        ("07:05", Deadline(at=time(7, 5)), "7h05"),
        ("5/6", Deadline(5, 6), "05/06"),
        ("31/01 của năm sau", Deadline(31, 1, next_year=True), "31/01 năm tiếp theo"),
        ("1/3/2027", Deadline(1, 3, 2027), "01/03/2027"),
        ("năm 2031", Deadline(year=2031), "2031"),
        ("Cuối năm  2029", Deadline(year=2029, part="cuối năm"), "cuối năm 2029"),
        ("quý ii năm 2028", Deadline(year=2028, part="quý II năm"), "quý II năm 2028"),
        (
            "trong vòng 05 ngày làm việc kể từ ngày có văn bản",
            Deadline(relative="trong vòng 05 ngày làm việc kể từ ngày có văn bản"),
            "trong vòng 05 ngày làm việc kể từ ngày có văn bản",
        ),
    ],
)
def test_each_form_is_read_and_written_as_the_annotation_writes_it(
    written: str, expected: Deadline, text: str
) -> None:
    deadline = Deadline.parse(written)
    assert deadline == expected
    assert deadline.text == text
    assert Deadline.parse(deadline.text) == deadline


def test_a_decomposed_text_is_read_as_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "trong thời hạn 10 ngày kể từ ngày ký")
    assert Deadline.parse(decomposed).text == unicodedata.normalize("NFC", decomposed)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("30/02", "Tháng 2 không có ngày 30."),
        ("29/02/2027", "Tháng 2 không có ngày 29."),
        ("24h00", "'24h00' không phải là một giờ trong ngày."),
        ("5/13", "Hạn báo cáo '5/13' không phải là một ngày/tháng."),
        ("năm 3025", "Năm 3025 của hạn báo cáo nằm ngoài 1900–2100."),
        ("sớm nhất có thể", "Hạn báo cáo 'sớm nhất có thể' không đúng dạng"),
    ],
)
def test_a_deadline_that_cannot_be_is_refused_in_one_sentence(written: str, message: str) -> None:
    with pytest.raises(InvalidValueError) as error:
        Deadline.parse(written)
    assert str(error.value).startswith(message)


def test_only_one_form_at_a_time() -> None:
    with pytest.raises(InvalidValueError):
        Deadline(5, 6, at=time(9, 0))
    with pytest.raises(InvalidValueError):
        Deadline(year=2030, next_year=True)
    with pytest.raises(InvalidValueError):
        Deadline()
    with pytest.raises(InvalidValueError):
        Deadline(relative="khi có yêu cầu")
    with pytest.raises(InvalidValueError):
        Deadline(relative="trong thời hạn 10 ngày kể từ ngày nhận" + " văn bản" * 30)


def test_a_yearly_round_is_due_on_the_day_and_month_and_in_the_next_year_when_written() -> None:
    assert Deadline(15, 11).due_in_round(2026) == date(2026, 11, 15)
    assert Deadline(30, 1, next_year=True).due_in_round(2026) == date(2027, 1, 30)
    assert Deadline(29, 2).due_in_round(2027) == date(2027, 2, 28)
    assert Deadline(29, 2).due_in_round(2028) == date(2028, 2, 29)
    for once in ("31/12/2025", "2030", "cuối năm 2030", "19h00", "trong thời hạn 10 ngày kể từ ngày ký"):
        assert Deadline.parse(once).due_in_round(2026) is None, once


@pytest.mark.parametrize(
    ("text", "vietnamese", "english"),
    [
        ("19h00", "trước 19h00", "by 19:00 each day"),
        ("15/11", "trước ngày 15/11", "by 15/11"),
        ("30/01 năm tiếp theo", "trước ngày 30/01 năm tiếp theo", "by 30/01 of the following year"),
        ("31/12/2025", "trước ngày 31/12/2025", "by 31/12/2025"),
        ("2030", "năm 2030", "in 2030"),
        ("cuối năm 2027", "cuối năm 2027", "by the end of 2027"),
        ("quý IV năm 2027", "quý IV năm 2027", "in Q4 2027"),
        (
            "trong thời hạn 10 ngày kể từ ngày ký",
            "trong thời hạn 10 ngày kể từ ngày ký",
            "within 10 days (trong thời hạn 10 ngày kể từ ngày ký)",
        ),
    ],
)
def test_a_deadline_is_said_in_vietnamese_and_in_english(text: str, vietnamese: str, english: str) -> None:
    deadline = Deadline.parse(text)
    assert (deadline.display_in("vi"), deadline.display_in("en-gb")) == (vietnamese, english)


def test_daily_and_one_off_frequencies_have_labels_in_both_languages() -> None:
    assert ReportingFrequency("daily").label == "Hằng ngày"
    assert ReportingFrequency("one-off").label == "Một lần"
    assert ReportingFrequency.ONE_OFF.label_in("en") == "One-off"
    english = {f.label_in("en") for f in ReportingFrequency}
    assert len(english) == len(ReportingFrequency)
    assert not english & {f.label for f in ReportingFrequency}

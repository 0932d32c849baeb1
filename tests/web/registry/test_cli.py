"""``planwatch registry …``: the README's walkthrough from the command line; errors exit 2 with one
sentence per problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import review_workbook, sample_rows

pytestmark = pytest.mark.django_db


def test_the_walkthrough_runs_from_the_command_line(cli, communes, staff, workbook, tmp_path: Path) -> None:
    here, _ = communes
    code, out, err = cli("registry", "template", "--out", tmp_path / "mau.xlsx")
    assert code == 0
    assert (tmp_path / "mau.xlsx").read_bytes()[:2] == b"PK"

    code, out, err = cli("registry", "import", workbook(), "--commune", here.code, "--user", "canbo")
    assert (code, err) == (0, "")
    assert "4 hộ mới" in out
    assert "7 người mới" in out

    survey = tmp_path / "ra-soat.xlsx"
    lacks = "viec_lam;bao_hiem_y_te;chat_luong_nha_o"
    survey.write_bytes(
        review_workbook(
            [
                ("H01", "1200000", lacks),
                ("H02", "1400000", ""),
                ("H03", "2000000", ""),
                ("H04", "3000000", ""),
            ]
        )
    )
    base = ("--commune", here.code, "--year", "2026")
    assert cli("registry", "review", "open", *base, "--user", "canbo")[0] == 0
    assert cli("registry", "review", "survey", *base, "--file", survey, "--user", "canbo")[0] == 0
    assert cli("registry", "review", "propose", *base, "--user", "canbo")[0] == 0
    code, out, err = cli("registry", "review", "approve", *base, "--user", "chutich", "--reason", "đồng ý")
    assert code == 0
    assert "đã phê duyệt" in out

    month = ("--commune", here.code, "--month", "2026-07")
    assert cli("registry", "cycle", "prepare", *month, "--user", "canbo")[0] == 0
    code, _, err = cli("registry", "cycle", "approve", *month, "--user", "canbo")
    assert code == 2
    assert "người thứ hai" in err
    assert cli("registry", "cycle", "approve", *month, "--user", "chutich")[0] == 0
    assert (
        cli("registry", "cycle", "record", *month, "--user", "canbo", "--channel", "social_security_account")[
            0
        ]
        == 0
    )
    code, out, _ = cli("registry", "cycle", "close", *month, "--user", "canbo")
    assert code == 0
    assert "tỷ lệ chi trả không dùng tiền mặt: 100,0 %" in out

    code, out, _ = cli("registry", "summary", "--commune", here.code)
    assert code == 0
    assert "Tỷ lệ hộ nghèo (2026): 25 %" in out


def test_a_bad_file_lists_its_rows_and_exits_2(cli, communes, staff, workbook) -> None:
    here, _ = communes
    rows = sample_rows()
    rows[2] = rows[2] | {"sex": "không rõ"}
    code, out, err = cli("registry", "import", workbook(rows), "--commune", here.code, "--user", "canbo")
    assert code == 2
    assert out == ""
    assert "dòng 4: giới tính 'không rõ'" in err
    assert "Traceback" not in err


def test_unknown_commune_or_user_is_one_sentence(cli, communes, staff, workbook) -> None:
    here, _ = communes
    code, _, err = cli("registry", "import", workbook(), "--commune", "khong-co", "--user", "canbo")
    assert code == 2
    assert "không có xã, phường mã 'khong-co'" in err
    code, _, err = cli("registry", "import", workbook(), "--commune", here.code, "--user", "ai-do")
    assert code == 2
    assert "không có người dùng 'ai-do'" in err

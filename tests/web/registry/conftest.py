"""Two communes of the former Kiên Giang (now in An Giang), their staff, and household lists built
with openpyxl at test time."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from planwatch.domain.vocabulary import UserRole
from planwatch.registry.identity import Sex, sex_digit
from planwatch.web.accounts.services import user_create
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.registry.importing import household_template_xlsx

PASSWORD = "mật-khẩu-thử-nghiệm-123"


def personal_id(year: int, sex: str, serial: int, province: str = "091") -> str:
    """A 12-digit id of the right structure: birth-registration province, century/sex digit, year."""
    return f"{province}{sex_digit(year, Sex(sex))}{year % 100:02d}{serial:06d}"


@pytest.fixture
def communes(db: None) -> tuple[AdministrativeUnit, AdministrativeUnit]:
    """Two communes in force today that continue the former Kiên Giang (the home of 219/KH-UBND)."""
    from planwatch.web.geography.selectors import communes_by_territory

    codes = sorted(communes_by_territory()["kien-giang"])
    found = list(AdministrativeUnit.objects.filter(code__in=codes, valid_to=None).order_by("code")[:2])
    assert len(found) == 2
    return found[0], found[1]


@pytest.fixture
def staff(communes: tuple[AdministrativeUnit, AdministrativeUnit]) -> dict[str, User]:
    here, there = communes
    made = {
        "canbo": (UserRole.COMMUNE_OFFICER, here.code),
        "canbo2": (UserRole.COMMUNE_OFFICER, here.code),
        "chutich": (UserRole.COMMUNE_CHAIR, here.code),
        "canbo.khac": (UserRole.COMMUNE_OFFICER, there.code),
        "chutich.khac": (UserRole.COMMUNE_CHAIR, there.code),
        "lanhdao": (UserRole.VIEWER, None),
        "quantri": (UserRole.ADMINISTRATOR, None),
    }
    return {
        name: user_create(username=name, role=role, unit_area=unit, password=PASSWORD)
        for name, (role, unit) in made.items()
    }


@pytest.fixture
def signed_in(staff: dict[str, User]) -> Callable[[str], Client]:
    def client(name: str) -> Client:
        c = Client()
        c.force_login(staff[name])
        return c

    return client


def sample_rows() -> list[dict[str, str]]:
    """Three households, seven people: one without an id (a newborn), two assistance beneficiaries
    and a person with meritorious service."""
    return [
        {
            "household_code": "H01",
            "address": "Ấp Một",
            "area": "nông thôn",
            "full_name": "Trần Văn Bình",
            "birth": "02/03/1950",
            "sex": "Nam",
            "personal_id": personal_id(1950, "nam", 11),
            "relation": "Chủ hộ",
            "categories": "cao_tuoi_ngheo_khong_nguoi_phung_duong",
            "since": "01/01/2025",
            "decision": "12/QĐ-UBND",
        },
        {
            "household_code": "H01",
            "address": "Ấp Một",
            "area": "nông thôn",
            "full_name": "Lê Thị Cúc",
            "birth": "1955",
            "sex": "Nữ",
            "personal_id": personal_id(1955, "nu", 12),
            "relation": "Vợ",
        },
        {
            "household_code": "H02",
            "address": "Ấp Hai",
            "area": "nông thôn",
            "full_name": "Phạm Văn Dũng",
            "birth": "15/08/1980",
            "sex": "Nam",
            "personal_id": personal_id(1980, "nam", 13),
            "relation": "Chủ hộ",
            "merit": "1,5",
            "since": "01/01/2025",
            "decision": "7/QĐ-SNV",
        },
        {
            "household_code": "H02",
            "address": "Ấp Hai",
            "area": "nông thôn",
            "full_name": "Phạm Thị Em",
            "birth": "01/10/2025",
            "sex": "Nữ",
            "personal_id": "",
            "relation": "Con",
            "no_id_reason": "mới sinh, chưa đăng ký khai sinh",
        },
        {
            "household_code": "H03",
            "address": "Khóm Ba",
            "area": "nông thôn",
            "full_name": "Võ Văn Giàu",
            "birth": "20/11/1990",
            "sex": "Nam",
            "personal_id": personal_id(1990, "nam", 14),
            "relation": "Chủ hộ",
        },
        {
            "household_code": "H03",
            "address": "Khóm Ba",
            "area": "nông thôn",
            "full_name": "Võ Thị Hạnh",
            "birth": "05/05/2012",
            "sex": "Nữ",
            "personal_id": personal_id(2012, "nu", 15),
            "relation": "Con",
            "categories": "tre_em_khong_nguon_nuoi_duong",
            "since": "01/06/2025",
        },
        {
            "household_code": "H04",
            "address": "Khóm Bốn",
            "area": "nông thôn",
            "full_name": "Đỗ Văn Kiên",
            "birth": "09/09/1975",
            "sex": "Nam",
            "personal_id": personal_id(1975, "nam", 16),
            "relation": "Chủ hộ",
        },
    ]


@pytest.fixture
def workbook(tmp_path: Path) -> Callable[..., Path]:
    """Write rows (dicts by field) into the template and return the file."""

    def write(rows: list[dict[str, str]] | None = None, name: str = "danh-sach-ho.xlsx") -> Path:
        path = tmp_path / name
        path.write_bytes(household_template_xlsx(sample=sample_rows() if rows is None else rows))
        return path

    return write


def review_workbook(rows: list[tuple[str, str, str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Mã hộ", "Thu nhập (đồng/người/tháng)", "Chỉ số thiếu hụt"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


TODAY = date.today()

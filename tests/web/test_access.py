"""The permission rules (planwatch.web.accounts.access) and the users they apply to."""

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser, User

from planwatch.domain.errors import AccessDeniedError, InvalidValueError, NotFoundError
from planwatch.domain.vocabulary import UserRole
from planwatch.web.accounts.access import access_scope
from planwatch.web.accounts.services import api_token_create, api_token_use, user_create
from planwatch.web.catalogue.models import PolicyDocument, Target
from planwatch.web.geography.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

CliRun = Callable[..., tuple[int, str, str]]


def _target(doc_id: str, named_agency: str) -> Target:
    return Target.objects.filter(document__doc_id=doc_id, responsible_agency__code=named_agency).order_by(
        "position"
    )[0]


def _unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code)


def test_an_administrator_may_do_everything(users: dict[str, User]) -> None:
    scope = access_scope(users["quantri"])

    assert scope.can_enter(_target("KG-219-KH-UBND", "gddt-kien-giang"), _unit("an-giang"))
    assert scope.coordinates(PolicyDocument.objects.get(doc_id="LA-52-CTr-TU"))
    assert scope.can_upload_documents


def test_the_coordinator_of_219_is_todays_successor_of_the_agency_the_plan_names(
    users: dict[str, User],
) -> None:
    scope = access_scope(users["daumoi"])  # Sở Nội vụ tỉnh An Giang

    # 219/KH-UBND names Sở LĐTBXH Kiên Giang as lead of its first task; its general successor is Sở Nội
    # vụ Kiên Giang (01/3/2025), then Sở Nội vụ An Giang (01/7/2025).
    assert scope.coordinates(PolicyDocument.objects.get(doc_id="KG-219-KH-UBND"))
    assert scope.coordinates(PolicyDocument.objects.get(doc_id="KG-KH-UBND-2024-06-51-CTr-TU"))  # đầu mối
    assert not scope.coordinates(PolicyDocument.objects.get(doc_id="LA-52-CTr-TU"))
    assert scope.can_enter(_target("KG-219-KH-UBND", "gddt-kien-giang"))
    assert not scope.can_enter(Target.objects.filter(document__doc_id="LA-52-CTr-TU").order_by("position")[0])


def test_a_reporter_enters_only_what_their_agency_monitors_then_or_now(users: dict[str, User]) -> None:
    scope = access_scope(users["yte"])  # Sở Y tế tỉnh An Giang

    assert scope.can_enter(_target("KG-219-KH-UBND", "y-te-kien-giang"))
    assert not scope.can_enter(_target("KG-219-KH-UBND", "gddt-kien-giang"))
    assert not scope.coordinates(PolicyDocument.objects.get(doc_id="KG-219-KH-UBND"))
    with pytest.raises(AccessDeniedError, match="do cơ quan hoặc địa bàn khác theo dõi"):
        scope.require_enter(_target("KG-219-KH-UBND", "gddt-kien-giang"))


def test_the_successor_by_function_counts_sở_ldtbxh_vocational_targets_go_to_sở_gddt(
    users: dict[str, User],
) -> None:
    education = access_scope(users["gddt"])
    ldtbxh_targets = Target.objects.filter(
        document__doc_id="KG-219-KH-UBND", responsible_agency__code="ldtbxh-kien-giang"
    ).select_related("indicator", "responsible_agency", "document")

    entered = {t.indicator.domain for t in ldtbxh_targets if t.indicator and education.can_enter(t)}

    assert entered == {"vocational_education"}


def test_a_commune_reporter_enters_only_for_their_commune(users: dict[str, User]) -> None:
    scope = access_scope(users["phuquoc"])
    target = _target("KG-219-KH-UBND", "y-te-kien-giang")

    assert scope.can_enter(target, _unit("an-giang-dac-khu-phu-quoc"))
    assert not scope.can_enter(target, _unit("an-giang"))
    assert not scope.can_enter(target, _unit("an-giang-dac-khu-kien-hai"))


def test_viewers_anonymous_users_and_users_without_a_role_may_only_read_or_nothing(
    users: dict[str, User],
) -> None:
    target = _target("KG-219-KH-UBND", "y-te-kien-giang")
    viewer = access_scope(users["lanhdao"])
    anonymous = access_scope(AnonymousUser())
    no_role = access_scope(User.objects.create_user("khach", password="x"))

    assert viewer.can_view
    assert not viewer.can_enter(target)
    assert not viewer.can_upload_documents
    assert not anonymous.can_view
    assert not anonymous.can_enter(target)
    with pytest.raises(AccessDeniedError, match="chưa được gán vai trò"):
        no_role.require_view()


def test_user_create_refuses_incomplete_or_wrong_roles() -> None:
    with pytest.raises(InvalidValueError, match="phải thuộc một cơ quan"):
        user_create(username="a", role=UserRole.REPORTER)
    with pytest.raises(InvalidValueError, match="phải gắn với một cơ quan"):
        user_create(username="b", role=UserRole.COORDINATOR)
    with pytest.raises(InvalidValueError, match="không gắn với cơ quan"):
        user_create(username="c", role=UserRole.VIEWER, agency="y-te-an-giang")
    with pytest.raises(NotFoundError, match="gần nhất: Sở Y tế tỉnh An Giang"):
        user_create(username="d", role=UserRole.REPORTER, agency="Sở Y tế tỉnh An Giag")
    with pytest.raises(InvalidValueError, match="Mật khẩu chưa đủ mạnh"):
        user_create(username="e", role=UserRole.VIEWER, password="123")


@pytest.mark.parametrize(
    "username", ["x<script>", "Yte", "yte tỉnh", "tỉnh", ".yte", "a" * 65, "y\nte", "ｙｔｅ"]
)
def test_a_username_outside_the_safe_alphabet_is_refused(username: str) -> None:
    with pytest.raises(InvalidValueError, match="không hợp lệ: chỉ gồm chữ thường không dấu"):
        user_create(username=username, role=UserRole.VIEWER)


def test_the_cli_refuses_an_unsafe_username_with_exit_code_2(cli: CliRun) -> None:
    code, _out, err = cli("users", "create", "--username", "x<script>", "--role", "viewer")

    assert code == 2
    assert "Tên đăng nhập 'x<script>' không hợp lệ" in err


def test_an_agency_may_be_named_instead_of_coded() -> None:
    user = user_create(username="yte2", role=UserRole.REPORTER, agency="sở y tế tỉnh an giang")

    assert user.profile.agency.code == "y-te-an-giang"


def test_tokens_are_stored_hashed_and_work_until_revoked(users: dict[str, User]) -> None:
    token = api_token_create(user=users["yte"])

    assert api_token_use(token) == users["yte"]
    assert not users["yte"].api_tokens.filter(key_hash=token).exists()
    users["yte"].api_tokens.update(is_revoked=True)
    assert api_token_use(token) is None
    assert api_token_use("pw_not-a-token") is None


def test_the_cli_creates_a_user_with_a_password_from_stdin_and_prints_a_token(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("một-mật-khẩu-đủ-dài-2026\n"))

    code, out, err = cli(
        "users", "create", "--username", "gd1", "--role", "reporter", "--agency", "gddt-an-giang",
        "--password-stdin", "--token",
    )  # fmt: skip

    assert (code, err) == (0, "")
    token = out.split("API token (chỉ hiện một lần): ")[1].strip()
    user = api_token_use(token)
    assert user is not None
    assert user.username == "gd1"
    assert user.check_password("một-mật-khẩu-đủ-dài-2026")


def test_the_cli_refuses_a_duplicate_user_with_exit_code_2(cli: CliRun, users: dict[str, User]) -> None:
    code, _out, err = cli("users", "create", "--username", "yte", "--role", "viewer")

    assert code == 2
    assert err == "planwatch: Tên đăng nhập 'yte' đã có.\n"


def test_demo_logins_are_printed_and_kept_for_the_next_run(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANWATCH_DATA_DIR", str(tmp_path))

    out = cli("demo")[1]

    logins = [line.split() for line in out.splitlines() if "mật khẩu:" in line]
    assert [login[0] for login in logins] == [
        "administrator",
        "coordinator",
        "reporter",
        "viewer",
        "dpo",
        "commune_officer",
        "commune_chair",
    ]
    assert "an-giang-dac-khu-phu-quoc" in next(line for line in out.splitlines() if "canbo.phuquoc" in line)
    for name in ("canbo.phuquoc", "chutich.phuquoc"):
        assert User.objects.get(username=name).profile.unit.code == "an-giang-dac-khu-phu-quoc"
    kept = json.loads((tmp_path / "demo_logins.json").read_text(encoding="utf-8"))
    assert {login[1]: login[4] for login in logins} == kept
    assert all(User.objects.get(username=name).check_password(password) for name, password in kept.items())

"""What every request reads before its page: the session (accounts.sessions) and the signed-in user with
their profile (accounts.backends), each in one plain statement, must answer exactly as Django's own
ORM-built reads would."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from planwatch.web.accounts.access import access_scope
from planwatch.web.accounts.backends import ProfileFacts, UserProfileBackend
from planwatch.web.accounts.models import UserProfile
from planwatch.web.catalogue.models import Target

from .conftest import TEST_PASSWORD, TEST_USERS, ClientAs

pytestmark = pytest.mark.django_db


def test_the_backend_reads_every_field_of_the_user_as_the_orm_does(users: dict[str, User]) -> None:
    user = users["yte"]
    User.objects.filter(pk=user.pk).update(
        last_login=datetime(2026, 11, 2, 7, 30, 15, 123456, tzinfo=UTC), first_name="Lê Thị", is_staff=True
    )
    expected = User.objects.get(pk=user.pk)

    read = UserProfileBackend().get_user(user.pk)

    assert read is not None
    for field in User._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
    assert read.last_login == datetime(2026, 11, 2, 7, 30, 15, 123456, tzinfo=UTC)
    assert read.last_login.tzinfo is not None
    assert read.is_staff is True
    assert read.is_active is True
    assert read.check_password(TEST_PASSWORD)
    assert read._state.adding is False


@pytest.mark.parametrize("username", sorted(TEST_USERS))
def test_the_backend_brings_the_profile_and_the_scope_is_the_same(
    users: dict[str, User], username: str
) -> None:
    profile = UserProfile.objects.select_related("agency").get(user=users[username])

    read = UserProfileBackend().get_user(users[username].pk)
    from_backend = access_scope(read)
    from_orm = access_scope(User.objects.get(pk=users[username].pk))  # no facts attached: the ORM path

    assert read._planwatch_profile == ProfileFacts(
        profile.role, profile.agency.code if profile.agency else None, profile.unit_id
    )
    assert (from_backend.role, from_backend.agency_code, from_backend.unit_ids) == (
        from_orm.role,
        from_orm.agency_code,
        from_orm.unit_ids,
    )
    assert from_backend.role is TEST_USERS[username][0]


def test_a_user_without_profile_has_no_role_unless_superuser() -> None:
    plain = User.objects.create_user("khong.ho.so", password=TEST_PASSWORD)
    root = User.objects.create_superuser("goc", password=TEST_PASSWORD)

    backend = UserProfileBackend()

    assert backend.get_user(plain.pk)._planwatch_profile == ProfileFacts(None, None, None)
    assert access_scope(backend.get_user(plain.pk)).role is None
    assert access_scope(backend.get_user(root.pk)).is_administrator


def test_an_inactive_unknown_or_malformed_user_id_is_nobody(users: dict[str, User]) -> None:
    User.objects.filter(pk=users["gddt"].pk).update(is_active=False)
    backend = UserProfileBackend()

    assert backend.get_user(users["gddt"].pk) is None
    assert backend.get_user(10**9) is None
    assert backend.get_user("không-phải-số") is None


def test_a_page_reads_session_user_and_profile_in_two_statements(client_as: ClientAs) -> None:
    client = client_as("yte")
    client.get("/")  # fills the page caches

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/")

    sql = [q["sql"] for q in queries.captured_queries]
    assert page.status_code == 200
    assert sum("django_session" in s for s in sql) == 1
    assert sum('"auth_user"' in s or "auth_user " in s for s in sql) == 1
    assert not any(s.lstrip().upper().startswith('SELECT "ACCOUNTS_USERPROFILE"') for s in sql)


def test_an_expired_session_is_signed_out(client_as: ClientAs) -> None:
    client = client_as("yte")
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))

    page = client.get("/")

    assert page.status_code == 302
    assert page["Location"].startswith("/dang-nhap/")


def test_a_session_signed_out_elsewhere_no_longer_opens_a_page(client_as: ClientAs) -> None:
    browser = client_as("yte")
    stolen = Client()
    stolen.cookies["sessionid"] = browser.cookies["sessionid"].value
    assert stolen.get("/").status_code == 200

    browser.post("/dang-xuat/")

    assert stolen.get("/").status_code == 302


def test_an_unknown_session_key_is_anonymous(users: dict[str, User]) -> None:
    client = Client()
    client.cookies["sessionid"] = "khongtontai" * 3

    assert client.get("/").status_code == 302
    assert client.get("/dang-nhap/").context["user"] == AnonymousUser()


def test_a_deactivated_user_is_signed_out_on_the_next_request(
    client_as: ClientAs, users: dict[str, User]
) -> None:
    client = client_as("lanhdao")
    assert client.get("/").status_code == 200

    User.objects.filter(pk=users["lanhdao"].pk).update(is_active=False)

    assert client.get("/").status_code == 302


def test_a_changed_password_signs_out_other_sessions(client_as: ClientAs, users: dict[str, User]) -> None:
    client = client_as("lanhdao")
    user = users["lanhdao"]
    user.set_password("một-mật-khẩu-mới-2026")
    user.save()

    assert client.get("/").status_code == 302


def test_failed_logins_are_counted_where_every_process_sees_them(
    client: Client, users: dict[str, object]
) -> None:
    for _ in range(5):
        client.post("/dang-nhap/", {"username": "yte", "password": "sai"})
    caches["default"].clear()  # what another server process would have: none of this one's memory

    locked = client.post("/dang-nhap/", {"username": "yte", "password": TEST_PASSWORD})

    assert locked.status_code == 429


def test_the_target_page_follows_a_renamed_target(client_as: ClientAs) -> None:
    client = client_as("lanhdao")
    target = Target.objects.filter(document__doc_id="KG-219-KH-UBND").order_by("position").first()
    assert target is not None
    before = client.get(f"/muc-tieu/{target.pk}/").content.decode()

    target.indicator_name = "Chỉ tiêu đã đổi tên để thử"
    target.save()
    after = client.get(f"/muc-tieu/{target.pk}/").content.decode()

    assert "Chỉ tiêu đã đổi tên để thử" not in before
    assert "Chỉ tiêu đã đổi tên để thử" in after

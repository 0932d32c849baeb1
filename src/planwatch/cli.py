"""The ``planwatch`` command. Errors are one clear sentence on stderr and exit code 2, never a traceback."""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from planwatch.domain.errors import DomainError
from planwatch.domain.numbers import format_number
from planwatch.domain.vocabulary import Assessment, Comparator

EXIT_USAGE = 2


class CliError(DomainError):
    """A problem with how the command was called or with the environment it runs in."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        result: int = args.handler(args)
        return result
    except DomainError as error:
        print(f"planwatch: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (`| head`) has gone: stop quietly, as command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planwatch", description="Theo dõi chỉ tiêu của các văn bản chính sách."
    )
    commands = parser.add_subparsers(title="lệnh", metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help_: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_, description=help_)
        sub.set_defaults(handler=handler)
        return sub

    command("init", _init, "tạo hoặc nâng cấp cơ sở dữ liệu và nạp danh mục có sẵn")
    demo = command("demo", _demo, "nạp số liệu minh họa 2023–2025 (Số liệu minh họa)")
    demo.add_argument(
        "--national",
        action="store_true",
        help="số liệu minh họa toàn quốc 2015–2025: 34 tỉnh, 3.321 xã (63 tỉnh, 10.035 xã trước 1/7/2025)",
    )
    demo.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="với --national: tỷ lệ số xã mỗi tỉnh được sinh số liệu (0 < S ≤ 1, mặc định 1)",
    )
    command("documents", _documents, "các văn bản theo cây phân cấp")

    targets = command("targets", _targets, "các mục tiêu (chỉ tiêu) của một văn bản hoặc của cả danh mục")
    targets.add_argument("--document", help="số hiệu (219/KH-UBND) hoặc mã văn bản (KG-219-KH-UBND)")
    targets.add_argument("--json", action="store_true", help="in JSON")

    indicators = command(
        "indicators",
        _indicators,
        "các chỉ tiêu: đơn vị, chiều tốt lên, cách cộng gộp theo địa bàn và theo kỳ",
    )
    indicators.add_argument("--json", action="store_true", help="in JSON (kèm định nghĩa và lý do)")

    rollup = command(
        "rollup",
        _rollup,
        "số liệu của một chỉ tiêu cộng gộp từ các xã lên tỉnh, cả nước (và địa bàn cũ), kèm số xã đã báo cáo",
    )
    rollup.add_argument("indicator", metavar="INDICATOR_CODE", help="mã chỉ tiêu (planwatch indicators)")
    rollup.add_argument("--level", choices=["country", "province", "district", "area"], help="chỉ một cấp")
    rollup.add_argument("--period", help="kỳ: 2025, 2025H1, 2025Q3, 2025M07")
    rollup.add_argument("--json", action="store_true", help="in JSON")

    values = command("values", lambda _args: _usage("planwatch values import FILE"), "số liệu")
    value_commands = values.add_subparsers(metavar="ACTION")
    value_import = value_commands.add_parser(
        "import", help="nhập số liệu từ CSV hoặc XLSX (tất cả hoặc không)"
    )
    value_import.add_argument("file", type=Path)
    value_import.add_argument(
        "--state",
        choices=["draft", "submitted", "approved"],
        default="approved",
        help="trạng thái ghi (mặc định approved)",
    )
    value_import.set_defaults(handler=_values_import)

    evaluate = command("evaluate", _evaluate, "đánh giá tiến độ từng mục tiêu")
    evaluate.add_argument("--document", help="số hiệu hoặc mã văn bản")
    evaluate.add_argument(
        "--as-of", type=int, dest="as_of", help="năm đánh giá (mặc định: năm có số liệu gần nhất)"
    )
    evaluate.add_argument("--json", action="store_true", help="in JSON")

    compare = command("compare", _compare, "so sánh một chỉ tiêu giữa các văn bản và các tỉnh")
    compare.add_argument("indicator", help="tên hoặc mã chỉ tiêu")

    report = command("report", _report, "báo cáo tổng hợp kết quả thực hiện một văn bản (docx, pdf, xlsx)")
    report.add_argument("--document", required=True, help="số hiệu (219/KH-UBND) hoặc mã văn bản")
    report.add_argument("--year", required=True, type=int, help="năm báo cáo")
    report.add_argument(
        "--format",
        choices=["docx", "pdf", "xlsx"],
        help="định dạng (mặc định: theo đuôi tệp --out, hay docx)",
    )
    report.add_argument("--out", required=True, type=Path, help="tệp ghi ra")
    report.add_argument("--review", choices=["5y"], help="5y: báo cáo sơ kết 5 năm")

    _registry_commands(command)

    users = command(
        "users", lambda _args: _usage("planwatch users create --username U --role R"), "người dùng"
    )
    user_commands = users.add_subparsers(metavar="ACTION")
    user_create = user_commands.add_parser("create", help="tạo người dùng với một vai trò")
    user_create.add_argument("--username", required=True)
    user_create.add_argument(
        "--role",
        required=True,
        choices=[
            "administrator",
            "coordinator",
            "reporter",
            "viewer",
            "commune_officer",
            "commune_chair",
            "dpo",
        ],
    )
    user_create.add_argument("--agency", help="mã hoặc tên cơ quan (người báo cáo, cơ quan đầu mối)")
    user_create.add_argument(
        "--unit-area", dest="unit_area", help="mã hoặc tên địa bàn (người báo cáo cấp xã)"
    )
    user_create.add_argument(
        "--password-stdin", dest="password_stdin", action="store_true", help="đọc mật khẩu từ stdin"
    )
    user_create.add_argument("--token", action="store_true", help="tạo và in một mã API (token)")
    user_create.set_defaults(handler=_users_create)

    privacy = command(
        "privacy", lambda _args: _usage("planwatch privacy new-key | rekey"), "khóa mã hóa dữ liệu cá nhân"
    )
    privacy_commands = privacy.add_subparsers(metavar="ACTION")
    privacy_commands.add_parser("new-key", help="in một khóa mới cho PLANWATCH_DATA_KEY").set_defaults(
        handler=_privacy_new_key
    )
    privacy_commands.add_parser(
        "rekey", help="ghi lại mọi giá trị mã hóa bằng khóa hiện hành (sau khi đổi khóa)"
    ).set_defaults(handler=_privacy_rekey)

    agencies = command("agencies", _agencies, "các cơ quan (sở, ngành) của một tỉnh vào một ngày")
    agencies.add_argument("--province", required=True, help="tên hoặc mã tỉnh (Lào Cai, 15)")
    agencies.add_argument("--on", type=_iso_date, help="ngày (YYYY-MM-DD; mặc định hôm nay)")
    agencies.add_argument("--json", action="store_true", help="in JSON")

    units = command(
        "units", _units, "đơn vị hành chính: danh sách theo ngày, lịch sử sáp nhập, nguồn dữ liệu"
    )
    units.add_argument("--on", type=_iso_date, help="ngày (YYYY-MM-DD): các đơn vị có hiệu lực ngày đó")
    units.add_argument("--level", choices=["province", "district", "commune"], help="chỉ một cấp")
    units.add_argument("--within", help="chỉ các đơn vị thuộc đơn vị này (mã hoặc tên)")
    units.add_argument("--history", metavar="CODE", help="đơn vị cũ tạo nên đơn vị mới, và ngược lại")
    units.add_argument("--about", action="store_true", help="nguồn và phiên bản dữ liệu đơn vị hành chính")
    units.add_argument("--json", action="store_true", help="in JSON")

    serve = command("serve", _serve, "chạy ứng dụng web")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help="số tiến trình phục vụ (mặc định 2 × số lõi + 1; mỗi tiến trình một bộ đệm riêng)",
    )

    load = command("load", _load, "nạp một bản trích xuất đã soát (JSON của planwatch extract) vào danh mục")
    load.add_argument("file", type=Path)

    extract = command("extract", _extract, "đọc một văn bản (txt, docx, pdf) và đề xuất các mục tiêu")
    extract.add_argument("file", type=Path)
    extract.add_argument("--json", action="store_true", help="in JSON theo cấu trúc của bộ chú giải")
    return parser


def _registry_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """``planwatch registry …``: the social-protection registry of a commune (issue #18)."""
    registry = command(
        "registry",
        lambda _args: _usage("planwatch registry template|import|review|cycle|summary|synthetic …"),
        "sổ an sinh xã hội của xã: danh sách hộ, rà soát hộ nghèo, chi trả hằng tháng",
    )
    actions = registry.add_subparsers(metavar="ACTION")

    def action(name: str, handler: str, help_: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help_, description=help_)
        sub.set_defaults(handler=lambda args: _registry(handler, args))
        return sub

    template = action("template", "template", "ghi tệp mẫu danh sách hộ (xlsx)")
    template.add_argument("--out", type=Path, required=True)
    imported = action("import", "import_", "nhập danh sách hộ của một xã từ xlsx (tất cả hoặc không)")
    imported.add_argument("file", type=Path)
    review = action("review", "review", "rà soát hộ nghèo: mở, nhập kết quả, đề nghị, phê duyệt, trả lại")
    review.add_argument("step", choices=["open", "survey", "propose", "approve", "return", "show"])
    review.add_argument("--year", type=int, required=True)
    review.add_argument("--file", type=Path, help="survey: tệp xlsx Mã hộ, Thu nhập, Chỉ số thiếu hụt")
    review.add_argument("--reason", help="lý do, ý kiến (bắt buộc khi trả lại)")
    cycle = action(
        "cycle", "cycle", "chi trả hằng tháng: lập, phê duyệt (người thứ hai), ghi kết quả, khóa sổ"
    )
    cycle.add_argument("step", choices=["prepare", "approve", "record", "close", "show"])
    cycle.add_argument("--month", required=True, help="tháng chi trả: 2026-07")
    cycle.add_argument("--status", choices=["paid", "failed", "returned"], default="paid")
    cycle.add_argument("--channel", choices=["bank", "social_security_account", "cash"], default="bank")
    cycle.add_argument("--line", type=int, help="record: chỉ một khoản (mặc định: mọi khoản chờ chi)")
    summary = action(
        "summary", "summary", "tóm tắt sổ của một xã: số hộ, tỷ lệ hộ nghèo, mục tiêu dùng số liệu"
    )
    synthetic = action(
        "synthetic",
        "synthetic",
        "tạo sổ hộ minh họa (tổng hợp, không phải người thật) cho một tỉnh: hộ, người, rà soát, chỉ tiêu",
    )
    synthetic.add_argument(
        "--province", required=True, help="mã tỉnh, thành phố (planwatch units --level province)"
    )
    synthetic.add_argument("--households", type=int, default=600_000, help="số hộ (mặc định 600.000)")
    synthetic.add_argument("--seed", type=int, default=42, help="hạt giống: cùng hạt giống, cùng sổ hộ")
    synthetic.add_argument("--year", type=int, default=2025, help="năm rà soát hộ nghèo (mặc định 2025)")
    for sub in (imported, review, cycle, summary):
        sub.add_argument("--commune", required=True, help="mã xã, phường (planwatch units --level commune)")
    for sub in (imported, review, cycle):
        sub.add_argument("--user", required=True, help="tên đăng nhập của người thực hiện")


def _registry(handler: str, args: argparse.Namespace) -> int:
    _require_database()
    from planwatch.web.registry import commands

    result: int = getattr(commands, handler)(args)
    return result


def _usage(text: str) -> int:
    print(f"cách dùng: {text}", file=sys.stderr)
    return EXIT_USAGE


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.web.config.settings")
    import django

    django.setup()


def _require_database() -> None:
    """Refuse clearly when ``planwatch init`` has not been run on this database."""
    _setup_django()
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        tables = set(connection.introspection.table_names())
    except OperationalError as error:
        raise CliError(f"không kết nối được cơ sở dữ liệu ({error}); kiểm tra DATABASE_URL") from None
    if "catalogue_policydocument" not in tables:
        raise CliError(f"cơ sở dữ liệu {_database_label()} chưa được khởi tạo: hãy chạy 'planwatch init'")


def _database_label() -> str:
    from django.db import connection

    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        return str(settings["NAME"])
    return (
        f"{settings['ENGINE'].rsplit('.', 1)[-1]}://{settings.get('HOST') or 'localhost'}/{settings['NAME']}"
    )


def _init(_args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command
    from django.db.utils import OperationalError

    from planwatch.catalogue import load_catalogue
    from planwatch.web.agencies.services import province_agencies_load
    from planwatch.web.catalogue.services import catalogue_load
    from planwatch.web.geography.services import country_units_load

    try:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
    except OperationalError as error:
        raise CliError(f"không tạo được cơ sở dữ liệu ({error}); kiểm tra DATABASE_URL") from None
    counts = catalogue_load(catalogue=load_catalogue())
    country = country_units_load()
    departments = province_agencies_load()
    print(f"Cơ sở dữ liệu: {_database_label()}")
    loads = (
        ("Danh mục", counts),
        ("Đơn vị hành chính cả nước", country),
        ("Sở, ngành các tỉnh", departments),
    )
    for label, loaded in loads:
        print(
            f"{label}: {loaded.total_created} bản ghi mới, {loaded.total_changed} bản ghi cập nhật"
            + ("" if loaded.total_created or loaded.total_changed else " (không thay đổi)")
        )
    return 0


def _demo(args: argparse.Namespace) -> int:
    _require_database()
    if args.national:
        return _demo_national(args.scale)
    from planwatch.demo import DEMO_LABEL
    from planwatch.web.accounts.services import DEMO_USERS, demo_users_ensure
    from planwatch.web.figures.services import demo_figures_load

    result = demo_figures_load()
    print(f"{DEMO_LABEL}: {result.created} mới, {result.changed} thay đổi, {result.unchanged} giữ nguyên")
    logins = demo_users_ensure(passwords=_demo_passwords([d.username for d in DEMO_USERS]))
    print("Tài khoản minh họa (demo logins):")
    for demo, password in logins:
        where = "".join(f", {place}" for place in (demo.agency, demo.unit_area) if place)
        print(
            f"  {demo.role.value:<15} {demo.username:<15} mật khẩu: {password}   ({demo.role.label}{where})"
        )
    return 0


def _demo_national(scale: float) -> int:
    from planwatch.demo import DEMO_LABEL
    from planwatch.web.figures.national import national_demo_load

    def say(line: str) -> None:
        print(f"{DEMO_LABEL}: {line}", flush=True)

    result = national_demo_load(scale=scale, say=say)
    old, new = result.communes
    say(
        f"{format_number(result.written)} số liệu mới ({format_number(old)} xã trước 1/7/2025, "
        f"{format_number(new)} xã sau, năm 2015–2025); {format_number(result.replaced)} số liệu "
        f"minh họa cũ được thay; {format_number(result.kept)} khóa đã có số liệu khác, giữ nguyên"
    )
    say(
        f"{result.documents} kế hoạch minh họa thực hiện 42-NQ/TW, {format_number(result.targets)} mục tiêu; "
        f"{format_number(round(result.seconds))} giây"
    )
    return 0


def _demo_passwords(usernames: list[str]) -> dict[str, str]:
    """Demo passwords, made once per data folder (never committed) and kept so logins stay the same."""
    import secrets

    from planwatch.paths import data_dir, secret_read, secret_write

    path = data_dir() / "demo_logins.json"
    stored: dict[str, str] = json.loads(secret_read(path)) if path.exists() else {}
    missing = [u for u in usernames if u not in stored]
    if missing:
        stored.update({u: secrets.token_urlsafe(9) for u in missing})
        secret_write(path, json.dumps(stored, indent=2))
    return stored


def _privacy_new_key(_args: argparse.Namespace) -> int:
    _setup_django()
    from planwatch.web.privacy.keys import new_key

    print(new_key())
    return 0


def _privacy_rekey(_args: argparse.Namespace) -> int:
    _require_database()
    from django.core.exceptions import ImproperlyConfigured

    from planwatch.web.privacy.keys import EncryptedValueError
    from planwatch.web.privacy.services import encrypted_values_rewrite

    try:
        counts = encrypted_values_rewrite()
    except (EncryptedValueError, ImproperlyConfigured) as error:
        print(f"planwatch: {error}", file=sys.stderr)
        return EXIT_USAGE
    for label, rows in counts.items():
        print(f"{label}: {rows} dòng đã ghi lại bằng khóa hiện hành")
    if not counts:
        print("Không có bảng nào có trường mã hóa.")
    return 0


def _users_create(args: argparse.Namespace) -> int:
    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CliError("--password-stdin: stdin không có mật khẩu")
    _require_database()
    from planwatch.domain.vocabulary import UserRole
    from planwatch.web.accounts.services import api_token_create, user_create

    user = user_create(
        username=args.username,
        role=UserRole(args.role),
        agency=args.agency,
        unit_area=args.unit_area,
        password=password,
    )
    print(f"Đã tạo người dùng {user.username} ({UserRole(args.role).label})")
    if args.token:
        print(f"API token (chỉ hiện một lần): {api_token_create(user=user)}")
    return 0


def _documents(_args: argparse.Namespace) -> int:
    _require_database()
    from planwatch.web.catalogue.selectors import document_tree

    for depth, document in document_tree():
        issued = document.issued_on.strftime("%d/%m/%Y") if document.issued_on else "chưa rõ ngày"
        note = (
            " (chỉ tham chiếu, chưa có toàn văn)"
            if document.is_stub
            else f" — {document.targets.count()} mục tiêu"
        )
        label = document.number or "(chưa có số)"
        print(f"{'    ' * depth}{label}  [{document.doc_id}]  {document.issuer}, {issued}{note}")
    return 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' không phải ngày dạng YYYY-MM-DD") from None


def _units(args: argparse.Namespace) -> int:
    from planwatch.catalogue.country import package_about

    if args.about:
        print(f"Nguồn: {package_about()} (MIT), đọc từ tệp dữ liệu của gói; xem docs/decisions/0008")
        return 0
    _require_database()
    from planwatch.web.geography.selectors import unit_history, unit_resolve, units_on

    if args.history:
        _print_history(unit_history(unit_resolve(args.history)), as_json=args.json)
        return 0
    if args.on is None:
        return _usage(
            "planwatch units --on YYYY-MM-DD [--level L] [--within X] [--json] | --history MÃ | --about"
        )
    within = _unit_containing(args.within, args.on) if args.within else None
    found = units_on(args.on, level=args.level, within=within)
    if args.json:
        _print_json([_unit_json(u) for u in found])
        return 0
    rows = [[u.official_code or "", u.name, u.level, u.code] for u in found]
    print(_table(["mã", "tên", "cấp", "mã planwatch"], rows))
    print(f"{len(found)} đơn vị có hiệu lực ngày {args.on:%d/%m/%Y}")
    return 0


def _agencies(args: argparse.Namespace) -> int:
    _require_database()
    from django.utils import timezone

    from planwatch.web.agencies.selectors import agencies_of_province
    from planwatch.web.geography.selectors import unit_resolve

    day = args.on or timezone.localdate()
    province = unit_resolve(args.province, day, level="province")
    found = agencies_of_province(province, day)
    if args.json:
        _print_json([{"code": a.code, "name": a.name, "short_name": a.short_name or None} for a in found])
        return 0
    print(_table(["mã", "tên"], [[a.code, a.name] for a in found]))
    print(f"{len(found)} cơ quan của {province.name} ngày {day:%d/%m/%Y}")
    return 0


def _unit_containing(text: str, day: date) -> Any:
    """The unit ``--within`` means: a province of that name first ("Lào Cai", not Phường Lào Cai)."""
    from planwatch.domain.errors import NotFoundError
    from planwatch.web.geography.selectors import unit_resolve

    try:
        return unit_resolve(text, day, level="province")
    except NotFoundError:
        return unit_resolve(text, day)


def _unit_json(unit: Any) -> dict[str, Any]:
    return {
        "code": unit.code,
        "official_code": unit.official_code or None,
        "name": unit.name,
        "level": unit.level,
        "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
    }


def _print_history(history: Any, *, as_json: bool) -> None:
    def link_json(link: Any) -> dict[str, Any]:
        share = {"share": link.share, "share_basis": link.basis, "assumed": link.assumed}
        return {**_unit_json(link.unit), **(share if link.share is not None else {})}

    if as_json:
        _print_json(
            {
                **_unit_json(history.unit),
                "effective_on": history.effective_on.isoformat() if history.effective_on else None,
                "legal_basis": history.legal_basis or None,
                "formed_from": [link_json(link) for link in history.predecessors],
                "became": [link_json(link) for link in history.successors],
            }
        )
        return

    def line(link: Any) -> str:
        code = f"{link.unit.official_code} " if link.unit.official_code else ""
        part = ""
        if link.share is not None:
            assumed = ", giả định" if link.assumed else ""
            part = f" — một phần: {format_number(link.share * 100, 1)} % (theo {link.basis}{assumed})"
        return f"  {code}{link.unit.name} [{link.unit.code}]{part}"

    unit = history.unit
    where = f", {history.province.name}" if history.province else ""
    print(f"{unit.official_code or ''} {unit.name}{where} [{unit.code}]".strip())
    day = f"{history.effective_on:%d/%m/%Y}" if history.effective_on else ""
    if history.predecessors:
        print(f"Hình thành ngày {day} ({history.legal_basis}) từ:")
        print("\n".join(line(link) for link in history.predecessors))
    if history.successors:
        print(f"Từ ngày {day} ({history.legal_basis}) trở thành:")
        print("\n".join(line(link) for link in history.successors))
    if not history.predecessors and not history.successors:
        print(f"Không có sắp xếp nào được ghi nhận ({history.children} đơn vị trực thuộc).")


def _targets(args: argparse.Namespace) -> int:
    _require_database()
    from planwatch.web.catalogue.selectors import document_get, target_as_record, target_list_for_document

    document = document_get(args.document) if args.document else None
    records = [target_as_record(t) for t in target_list_for_document(document)]
    if args.json:
        _print_json(records)
        return 0
    rows = [
        [
            r["doc_id"],
            r["id"],
            _shorten(r["indicator"], 60),
            r["scope"] or "",
            _target_text(r["comparator"], r["value"], r["unit"], r["value_max"]),
            str(r["target_year"] or ""),
            r["responsible"] or "",
        ]
        for r in records
    ]
    print(_table(["Văn bản", "Mã", "Chỉ tiêu", "Phạm vi", "Mục tiêu", "Năm", "Theo dõi"], rows))
    print(f"\n{len(records)} mục tiêu")
    return 0


def _indicators(args: argparse.Namespace) -> int:
    _require_database()
    from planwatch.domain.vocabulary import Aggregation, Direction, Disaggregation, PeriodAggregation
    from planwatch.web.catalogue.selectors import indicator_as_record, indicator_list

    records = [indicator_as_record(i) for i in indicator_list()]
    if args.json:
        _print_json(records)
        return 0
    rows = [
        [
            r["code"],
            _shorten(r["name"], 50),
            r["unit"] or "",
            Direction(r["direction"]).label,
            _aggregation_text(r),
            PeriodAggregation(r["period_aggregation"]).label,
            "; ".join(Disaggregation(d).label for d in r["disaggregations"]) or "—",
        ]
        for r in records
    ]
    headers = ["Mã", "Chỉ tiêu", "Đơn vị", "Chiều", "Cộng gộp theo địa bàn", "Theo kỳ", "Phân tổ"]
    print(_table(headers, rows))
    indicators = [r for r in records if not r["element"]]
    combined = sum(1 for r in indicators if r["aggregation"] != Aggregation.NONE)
    elements = len(records) - len(indicators)
    print(
        f"\n{len(indicators)} chỉ tiêu, {combined} cộng gộp được theo địa bàn; "
        f"{elements} phần tử dữ liệu (tử số, mẫu số, trọng số)"
    )
    return 0


def _rollup(args: argparse.Namespace) -> int:
    _require_database()
    from planwatch.domain.numbers import format_quantity
    from planwatch.domain.periods import parse_period
    from planwatch.web.catalogue.models import Indicator
    from planwatch.web.figures.analytics import rollups

    period = parse_period(args.period).code if args.period else None
    rows = rollups(args.indicator, level=args.level, period=period)
    if args.json:
        _print_json([row.as_record() for row in rows])
        return 0
    unit = Indicator.objects.get(code=args.indicator).unit or None
    table = [
        [
            row.period,
            row.disaggregation or "tổng",
            _shorten(row.unit_name, 40),
            format_quantity(row.value, unit) if row.value is not None else "—",
            f"{row.reported}/{row.expected} xã đã báo cáo" + ("" if row.complete else " (chưa đủ)"),
        ]
        for row in rows
    ]
    print(_table(["Kỳ", "Phân tổ", "Địa bàn", "Số liệu", "Báo cáo"], table))
    incomplete = sum(1 for row in rows if not row.complete)
    print(f"\n{len(rows)} tổng, {incomplete} chưa đủ xã báo cáo (không phải số liệu của cả địa bàn)")
    return 0


def _aggregation_text(record: dict[str, Any]) -> str:
    """``tỷ số của hai tổng``, ``bình quân gia quyền theo dan-so-trung-binh``: --json names the elements."""
    from planwatch.domain.vocabulary import Aggregation

    aggregation = Aggregation(record["aggregation"])
    if aggregation is Aggregation.WEIGHTED_MEAN:
        return f"{aggregation.label} theo {record['weight']}"
    return aggregation.label


def _values_import(args: argparse.Namespace) -> int:
    _require_database()
    from planwatch.domain.vocabulary import ValueState
    from planwatch.web.figures.services import values_import

    result = values_import(path=args.file, state=ValueState(args.state))
    print(
        f"Đã nhập {result.rows} dòng: {result.created} số liệu mới, {result.changed} thay đổi, "
        f"{result.unchanged} giữ nguyên"
    )
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    _require_database()
    from planwatch.demo import DEMO_LABEL
    from planwatch.web.catalogue.selectors import document_get
    from planwatch.web.figures.selectors import evaluation_rows

    document = document_get(args.document) if args.document else None
    rows = evaluation_rows(document, as_of=args.as_of)
    if args.json:
        _print_json([row.as_json() for row in rows])
        return 0
    table = [
        [
            row.doc_id,
            row.target,
            _shorten(row.indicator, 48) + (f" ({row.scope})" if row.scope else ""),
            row.unit_area,
            _target_text(row.comparator, row.target_value, row.unit, row.target_value_max)
            + (f" ({row.target_year})" if row.target_year else ""),
            _value_text(row.baseline_value, row.unit, row.baseline_year),
            _value_text(row.latest_value, row.unit, row.latest_year),
            row.status_label,
            "" if row.ratio is None else format_number(row.ratio, 2),
        ]
        for row in rows
    ]
    headers = ["Văn bản", "Mã", "Chỉ tiêu", "Địa bàn", "Mục tiêu", "Cơ sở", "Mới nhất", "Đánh giá", "R"]
    print(_table(headers, table))
    if any(row.is_demo for row in rows):
        print(f"\n* {DEMO_LABEL}: các số liệu trên là số liệu minh họa, không phải số liệu thật.")
    return 0


def _compare(args: argparse.Namespace) -> int:
    _require_database()
    from planwatch.web.catalogue.comparison import indicator_comparison

    comparison = indicator_comparison(args.indicator)
    print(f"Chỉ tiêu: {comparison.indicator.name} [{comparison.indicator.code}]\n")
    rows = [
        [
            line.doc_id,
            line.province or "",
            _shorten(line.indicator_name, 50),
            line.scope or "",
            _target_text(line.comparator, line.value, line.unit, line.value_max)
            + (f" ({line.target_year})" if line.target_year else ""),
            line.parent_text or "—",
        ]
        for line in comparison.lines
    ]
    print(_table(["Văn bản", "Tỉnh", "Tên trong văn bản", "Phạm vi", "Mục tiêu", "Văn bản cấp trên"], rows))
    return 0


def _report(args: argparse.Namespace) -> int:
    from planwatch.reporting import LibreOfficeMissingError, ReportFormat, ReviewKind, render
    from planwatch.reporting.pdf import soffice_path

    out: Path = args.out
    suffix = out.suffix.lower().lstrip(".")
    report_format = ReportFormat(args.format or (suffix if suffix in ("docx", "pdf", "xlsx") else "docx"))
    _check_writable(out)
    if report_format is ReportFormat.PDF and soffice_path() is None:
        raise LibreOfficeMissingError()
    _require_database()
    from planwatch.web.catalogue.selectors import document_get
    from planwatch.web.reports.selectors import report_content

    document = document_get(args.document)
    content = report_content(document, args.year, ReviewKind(args.review) if args.review else None)
    data = render(content, report_format)
    _write_atomically(out, data)
    demo = " — có số liệu minh họa" if content.is_demo else ""
    size = format_number(len(data))
    print(f"Đã ghi {out} ({report_format.value}, {len(content.annex.rows)} chỉ tiêu, {size} byte){demo}")
    return 0


def _check_writable(out: Path) -> None:
    """Refuse an --out that cannot be written before any work is done."""
    folder = out.parent
    if out.is_dir():
        raise CliError(f"không ghi được {out}: đó là một thư mục")
    if not folder.is_dir():
        raise CliError(f"không ghi được {out}: thư mục {folder} không tồn tại")
    if not os.access(folder, os.W_OK):
        raise CliError(f"không ghi được {out}: không có quyền ghi vào thư mục {folder}")


def _write_atomically(out: Path, data: bytes) -> None:
    """Write to a temporary file beside ``out``, then rename: a reader never sees half a file."""
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, out)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise CliError(f"không ghi được {out}: {error.strerror or error}") from None


def _serve(args: argparse.Namespace) -> int:
    from planwatch.web.config.server import default_workers, serve

    workers = args.workers if args.workers is not None else default_workers()
    if workers < 1:
        raise CliError("--workers phải từ 1 trở lên")
    _require_database()
    from django.core.management import call_command
    from django.db import connections

    from planwatch.web.config.wsgi import application

    call_command("createcachetable", verbosity=0)  # the shared cache of a database made before it existed
    # The workers are forked from this process: none may inherit its database connection.
    connections.close_all()
    print(f"planwatch: http://{args.host}:{args.port}/  ({workers} tiến trình; Ctrl+C để dừng)", flush=True)
    serve(application, args.host, args.port, workers)
    return 0


def _extract(args: argparse.Namespace) -> int:
    from planwatch.extraction import extract_file, format_summary
    from planwatch.extraction.summary import no_target_line

    extraction = extract_file(args.file)
    if args.json:
        _print_json(extraction.to_json())
        if extraction.no_target_reason:  # stdout stays the JSON; the warning goes beside it
            print(f"planwatch: {no_target_line(extraction.no_target_reason)}", file=sys.stderr)
    else:
        print(format_summary(extraction))
    return 0


def _load(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise CliError(f"không tìm thấy tệp {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CliError(f"{path.name} không phải JSON UTF-8 hợp lệ ({error})") from None
    _require_database()
    from planwatch.web.catalogue.services import extraction_load

    result = extraction_load(data=data)
    print(
        f"Đã nạp {', '.join(result.doc_ids)}: {result.created} bản ghi mới, {result.changed} cập nhật, "
        f"{result.removed} mục tiêu bỏ đi"
    )
    return 0


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _target_text(
    comparator: str, value: float | None, unit: str | None, value_max: float | None = None
) -> str:
    symbol = Comparator(comparator).symbol
    if value is None:
        return "định tính" if comparator == Comparator.QUALITATIVE else symbol
    unit_text = f" {unit}" if unit and unit != "mức độ" else ""
    if value_max is not None:  # a range: "115–120 triệu đồng"
        return f"{format_number(value)}–{format_number(value_max)}{unit_text}"
    return f"{symbol} {format_number(value)}{unit_text}".strip()


def _value_text(value: float | str | None, unit: str | None, year: int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = Assessment(value).label
    else:
        text = format_number(value) + (" %" if unit == "%" else "")
    return f"{text} ({year})" if year else text


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(cells)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


if __name__ == "__main__":
    sys.exit(main())

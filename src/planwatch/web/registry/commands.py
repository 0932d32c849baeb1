"""``planwatch registry …``: the registry from the command line (the README's walkthrough). Each
command acts as a named user (``--user``), so that every decision says who took it; errors are one
sentence and exit code 2 (``planwatch.cli``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planwatch.domain.errors import ImportRejectedError, InvalidValueError, NotFoundError
from planwatch.domain.numbers import format_number
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.registry import selectors, services
from planwatch.web.registry.importing import household_template_xlsx
from planwatch.web.registry.models import PaymentCycle, PovertyReview


def _commune(code: str) -> AdministrativeUnit:
    commune = AdministrativeUnit.objects.filter(code=code.strip(), level="commune").first()
    if commune is None:
        raise NotFoundError(f"không có xã, phường mã '{code}' (xem 'planwatch units --level commune')")
    return commune


def _file(path: Path) -> Path:
    if not path.is_file():
        raise InvalidValueError(f"không có tệp {path}")
    return path


def template(args: argparse.Namespace) -> int:
    args.out.write_bytes(household_template_xlsx())
    print(f"Đã ghi tệp mẫu {args.out}")
    return 0


def import_(args: argparse.Namespace) -> int:
    commune = _commune(args.commune)
    user = services.user_acting(args.user)
    path = _file(args.file)
    try:
        report = services.registry_import(path, path.name, commune=commune, user=user)
    except ImportRejectedError as refused:
        print(f"Tệp bị từ chối, không nhập dòng nào ({len(refused.problems)} dòng lỗi):", file=sys.stderr)
        for line, reason in refused.problems:
            print(f"  dòng {line}: {reason}", file=sys.stderr)
        return 2
    print(
        f"{commune.name}: {report.households_created} hộ mới, {report.households_kept} hộ đã có; "
        f"{report.people_created} người mới, {report.people_updated} người cập nhật, "
        f"{report.people_unchanged} người không đổi; "
        f"{report.entitlements_created} chế độ trợ cấp mới"
    )
    for duplicate in report.duplicates:
        print(
            f"  có thể trùng: dòng {duplicate.line} {duplicate.full_name} với {duplicate.other}"
            + (
                f" (gộp: người #{duplicate.person_id} vào #{duplicate.other_person_id})"
                if duplicate.other_person_id
                else ""
            )
        )
    return 0


def review(args: argparse.Namespace) -> int:
    commune = _commune(args.commune)
    user = services.user_acting(args.user)
    if args.step == "open":
        found = services.review_open(commune, args.year, user=user)
    else:
        existing = PovertyReview.objects.filter(commune=commune, year=args.year).first()
        if existing is None:
            raise NotFoundError(
                f"{commune.name} chưa mở đợt rà soát năm {args.year} ('registry review open')"
            )
        found = existing
    if args.step == "survey":
        if args.file is None:
            raise InvalidValueError("hãy cho tệp kết quả rà soát: --file FILE.xlsx")
        path = _file(args.file)
        try:
            count = services.assessments_import(found, path, path.name, user=user)
        except ImportRejectedError as refused:
            print(f"Tệp bị từ chối ({len(refused.problems)} dòng lỗi):", file=sys.stderr)
            for line, reason in refused.problems:
                print(f"  dòng {line}: {reason}", file=sys.stderr)
            return 2
        print(f"Đã nhập kết quả rà soát của {count} hộ")
    elif args.step == "propose":
        services.review_propose(found, user=user, reason=args.reason or "")
    elif args.step == "approve":
        services.review_approve(found, user=user, reason=args.reason or "")
    elif args.step == "return":
        services.review_return(found, user=user, reason=args.reason or "")
    found.refresh_from_db()
    counts: dict[str, int] = {}
    for standard in found.assessments.values_list("standard", flat=True):
        counts[standard] = counts.get(standard, 0) + 1
    labels = dict(found.assessments.model._meta.get_field("standard").choices or [])
    shown = ", ".join(f"{labels[k]}: {v}" for k, v in sorted(counts.items()))
    print(
        f"Rà soát năm {found.year} của {commune.name}: {found.get_state_display()}"
        + (f" ({shown})" if shown else "")
    )
    return 0


def cycle(args: argparse.Namespace) -> int:
    commune = _commune(args.commune)
    user = services.user_acting(args.user)
    month = services.month_start(args.month)
    if args.step == "prepare":
        found = services.cycle_prepare(commune, month, user=user)
    else:
        existing = PaymentCycle.objects.filter(commune=commune, month=month).first()
        if existing is None:
            raise NotFoundError(
                f"{commune.name} chưa lập danh sách chi trả tháng {month:%m/%Y} ('registry cycle prepare')"
            )
        found = existing
    if args.step == "approve":
        services.cycle_approve(found, user=user)
    elif args.step == "record":
        lines = (
            found.lines.filter(status="pending") if args.line is None else found.lines.filter(pk=args.line)
        )
        if not lines.exists():
            raise InvalidValueError("không có khoản chi trả nào để ghi")
        for line in lines:
            services.payment_record(line, status=args.status, channel=args.channel, user=user)
    elif args.step == "close":
        services.cycle_close(found, user=user)
    found.refresh_from_db()
    totals = selectors.reconciliation(found)
    print(f"Chi trả tháng {month:%m/%Y} của {commune.name}: {found.get_state_display()}")
    print(f"  được hưởng: {totals.entitled_count} khoản, {format_number(totals.entitled_amount)} đ")
    print(f"  đã chi: {totals.paid_count} khoản, {format_number(totals.paid_amount)} đ")
    print(
        f"  không chi được: {totals.failed_count}; bị trả lại: {totals.returned_count}; "
        f"chờ chi: {totals.pending_count}"
    )
    for channel, (count, amount) in sorted(totals.by_channel.items()):
        print(f"  qua {channel}: {count} khoản, {format_number(amount)} đ")
    if totals.non_cash_share is not None:
        print(f"  tỷ lệ chi trả không dùng tiền mặt: {format_number(totals.non_cash_share, 1)} %")
    return 0


def summary(args: argparse.Namespace) -> int:
    commune = _commune(args.commune)
    found = selectors.commune_summary(commune)
    print(f"{commune.name}: {found.households} hộ, {found.people} người")
    for observation in found.figures:
        unit = observation.indicator.unit or ""
        value = format_number(observation.value or 0)
        print(f"  {observation.indicator.name} ({observation.period}): {value} {unit}".rstrip())
    for target, observation in found.targets:
        value = format_number(observation.value or 0)
        print(f"  mục tiêu {target.document.doc_id}/{target.key}: {target.indicator_name} — của xã {value}")
    return 0


def synthetic(args: argparse.Namespace) -> int:
    from planwatch.web.registry.synthetic import synthetic_load

    load = synthetic_load(
        args.province,
        households=args.households,
        seed=args.seed,
        year=args.year,
        say=lambda text: print(text),
    )
    seconds = ", ".join(f"{step} {value:.1f} s".replace(".", ",") for step, value in load.timings.items())
    print(
        f"{load.province} (số liệu minh họa): {format_number(load.households)} hộ, "
        f"{format_number(load.people)} người ở {load.communes} xã, phường; {load.reviews} đợt rà soát năm "
        f"{args.year} đã phê duyệt, {format_number(load.observations)} số liệu chỉ tiêu"
        + (
            f"; thay {format_number(load.replaced_households)} hộ minh họa cũ"
            if load.replaced_households
            else ""
        )
        + f" ({seconds})"
    )
    return 0

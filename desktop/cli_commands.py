"""The screenless commands behind ``desktop.cli``. They use the services, never the database directly."""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from desktop.demo import demo_clients, demo_requests, demo_visits
from desktop.messages import Translator
from desktop.models.accounts import staff
from desktop.models.clients import clients as clients_svc
from desktop.models.clients import clients_io
from desktop.models.core import station
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, Refused
from desktop.paths import database_path, resolve_data_dir

DEMO_REQUESTS = 600  # in the --demo station: a few years of work, some of it open now
DEMO_VISITS = 40  # signed on-site records, with their archived PDFs


def _open(args: argparse.Namespace, tr: Translator, *, must_be_set_up: bool = True) -> Database | None:
    data_dir = resolve_data_dir(args.data_dir)
    if must_be_set_up and not database_path(data_dir).exists():  # a mistyped --data-dir: make nothing there
        print(tr("The station in {dir} is not set up yet: run \"quality-station setup\" first.",
                 dir=str(data_dir)), file=sys.stderr)
        return None
    db = Database(database_path(data_dir))
    if must_be_set_up and not station.is_set_up(db):
        print(tr("The station in {dir} is not set up yet: run \"quality-station setup\" first.",
                 dir=str(data_dir)), file=sys.stderr)
        return None
    return db


def _print_invalid(tr: Translator, exc: Invalid) -> None:
    for field, message in exc.errors.items():
        print(f"{tr.field(field)}: {tr(message)}", file=sys.stderr)


def setup(args: argparse.Namespace) -> int:
    from desktop.cli import LEVELS

    tr = Translator(args.lang)
    if sys.stdin.isatty():  # typed by a person: no echo, and typed twice
        password = getpass.getpass(tr("Password for {admin}: ", admin=args.admin))
        if getpass.getpass(tr("Repeat the password: ")) != password:
            print(tr("The two passwords differ."), file=sys.stderr)
            return 2
    else:  # piped by an installation script
        password = sys.stdin.readline().rstrip("\r\n")
    db = _open(args, tr, must_be_set_up=False)
    assert db is not None
    inp = station.StationInput(args.station_code.strip().upper(), args.station_name, LEVELS[args.level],
                               args.district, args.address, args.complaint_phone, args.complaint_email)
    try:
        station.setup(db, inp, args.admin, args.admin_name or args.admin, password)
    except Invalid as exc:
        _print_invalid(tr, exc)
        return 2
    except Refused as exc:
        print(tr(exc.message), file=sys.stderr)
        return 1
    print(tr("Station {code} {name} is set up; admin: {admin}.", code=inp.code, name=inp.name,
             admin=args.admin))
    return 0


def _actor(db: Database, login: str | None) -> int | None:
    accounts = staff.list_staff(db)
    for a in accounts:
        if a.active and (a.login == login if login else a.role == "admin"):
            return a.id
    return None


def _file_problem(tr: Translator, exc: clients_io.BadFile | OSError) -> int:
    if isinstance(exc, clients_io.BadFile):
        print(tr(exc.message), file=sys.stderr)
    else:
        print(tr("The file could not be read or written: {error}", error=exc.strerror or exc), file=sys.stderr)
    return 2


def clients(args: argparse.Namespace) -> int:
    tr = Translator(args.lang)
    db = _open(args, tr)
    if db is None:
        return 1
    if args.action == "export":
        try:
            n = clients_io.export_clients(db, args.file)
        except (clients_io.BadFile, OSError) as exc:
            return _file_problem(tr, exc)
        print(tr("Exported {n} clients to {file}.", n=n, file=str(args.file)))
        return 0
    actor = _actor(db, args.user)
    if actor is None:
        print(tr("No active account {user}.", user=args.user or "admin"), file=sys.stderr)
        return 2
    try:
        report = clients_io.import_clients(db, actor, args.file)
    except (clients_io.BadFile, OSError) as exc:
        return _file_problem(tr, exc)
    by_line: dict[int, list[str]] = defaultdict(list)
    for p in report.rejected:
        by_line[p.line].append(f"{tr.field(p.field)}: {tr(p.message)}" if p.field else tr(p.message))
    for line in sorted(by_line):
        print(tr("Line {line}: {reasons}", line=line, reasons="; ".join(by_line[line])), file=sys.stderr)
    print(tr("Added {added}, already registered {skipped}, rejected {rejected}.", added=report.added,
             skipped=report.skipped, rejected=report.rejected_lines))
    return 1 if report.rejected else 0


def demo_data(args: argparse.Namespace) -> int:
    tr = Translator(args.lang)
    db = _open(args, tr)
    if db is None:
        return 1
    actor = _actor(db, None)
    count = args.clients
    if count is None:  # requests alone need clients only when there are none yet
        count = 0 if args.requests and clients_svc.count_clients(db) else max(1000, args.requests // 5)
    if count:
        start = time.perf_counter()
        n = demo_clients.generate_clients(db, count, actor)
        print(tr("Added {n} demo clients in {seconds} s.", n=n, seconds=f"{time.perf_counter() - start:.1f}"))
    if args.requests:
        start = time.perf_counter()
        try:
            n = demo_requests.generate_requests(db, args.requests, actor, progress=_progress(tr))
        except Refused as exc:  # more requests a day than a day's numbers
            print(tr(exc.message), file=sys.stderr)
            return 1
        print(tr("Added {n} demo requests in {seconds} s.", n=n, seconds=f"{time.perf_counter() - start:.1f}"))
    if args.visits:
        start = time.perf_counter()
        n = add_demo_visits(db, resolve_data_dir(args.data_dir), args.visits)
        print(tr("Added {n} signed demo visit records in {seconds} s.", n=n,
                 seconds=f"{time.perf_counter() - start:.1f}"))
    return 0


def add_demo_visits(db: Database, data_dir: Path, count: int) -> int:
    """Signed demo visits and their archived PDFs."""
    from desktop.printing.archive import archive_signed_record  # reportlab loads only when needed

    made = demo_visits.generate_visits(db, count, data_dir / "attachments")
    for visit_id in made:
        archive_signed_record(db, data_dir, visit_id)
    return len(made)


def _progress(tr: Translator) -> Callable[[int, int], None]:
    """Progress on standard error: one line rewritten on a terminal, a line per batch otherwise."""
    tty = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        line = tr("Making demo requests: {done} of {total}", done=done, total=total)
        print(f"\r{line}" if tty else line, end="\n" if done == total or not tty else "", file=sys.stderr,
              flush=True)

    return show


def ensure_demo_station(data_dir: Path) -> None:
    """Set up the demo station once: the README gives its admin's password."""
    from desktop.cli import DEMO_LOGIN, DEMO_PASSWORD

    db = Database(database_path(data_dir))
    try:
        if station.is_set_up(db):
            return
        admin = station.setup(db, station.StationInput(
            "LZ-DEMO", "柳州市鱼峰区质量服务站（演示）", "district", "鱼峰区", "柳州市鱼峰区文昌路 1 号",
            "0772-2800000", "zlfw@example.cn"), DEMO_LOGIN, "演示管理员", DEMO_PASSWORD)
        demo_clients.generate_clients(db, 2000, admin)
        demo_requests.generate_requests(db, DEMO_REQUESTS, admin)
        add_demo_visits(db, data_dir, DEMO_VISITS)
    finally:
        db.close()


VERIFY_EXIT = {"match": 0, "altered": 1, "unknown": 2}


def verify(args: argparse.Namespace) -> int:
    """Print whether the PDF matches the archived record; exit 0 only for a match."""
    from desktop.printing.verify import verify_pdf  # reportlab and PDFium load only for this command

    tr = Translator(args.lang)
    db = _open(args, tr)
    if db is None:
        return 3
    try:
        if not args.file.is_file():
            print(tr("The file {file} cannot be read.", file=str(args.file)), file=sys.stderr)
            return 3
        verdict = verify_pdf(db, resolve_data_dir(args.data_dir), args.file)
    finally:
        db.close()
    headline = {"match": tr("MATCHES the archive"), "altered": tr("ALTERED: does not match the archive"),
                "unknown": tr("UNKNOWN record")}[verdict.outcome]
    print(f"{args.file.name}: {headline}")
    if verdict.uuid:
        print(tr("Record {uuid} (request {number})", uuid=verdict.uuid, number=verdict.request_number or "-"))
    for reason in verdict.reasons:
        print(f"  {tr(reason)}")
    return VERIFY_EXIT[verdict.outcome]


def sync(args: argparse.Namespace) -> int:
    """One full sync without a screen (a scheduled task); the first run enrols with ``--enrol``."""
    from desktop.models.city_sync import sync_state
    from desktop.sync import service
    from desktop.sync.client import HubError
    from desktop.sync.credentials import CredentialError
    from desktop.sync.engine import SyncFailed

    tr = Translator(args.lang)
    db = _open(args, tr)
    if db is None:
        return 2
    try:
        settings = sync_state.load_settings(db)
        if args.hub_url or args.ca_bundle is not None or args.batch_size:
            settings = sync_state.SyncSettings(
                args.hub_url or settings.hub_url,
                settings.ca_bundle if args.ca_bundle is None else args.ca_bundle,
                args.batch_size or settings.batch_size)
            sync_state.save_settings(db, None, settings)
        if args.enrol:
            name = service.enrol(db, args.enrol, settings)
            print(tr("Enrolled with the city platform as a device of {station}.", station=name))
        summary = service.sync_once(db, resolve_data_dir(args.data_dir), trigger="command", timeout=args.timeout)
    except Invalid as exc:
        _print_invalid(tr, exc)
        return 2
    except (service.NotConfigured, CredentialError) as exc:
        print(tr(exc.message), file=sys.stderr)
        return 2
    except SyncFailed as exc:
        print(tr("Sync failed: {error}", error=tr(exc.message)), file=sys.stderr)
        _print_summary(tr, exc.summary)
        return 1
    except HubError as exc:  # enrolment refused
        print(tr("Sync failed: {error}", error=tr(exc.message)), file=sys.stderr)
        return 1
    finally:
        db.close()
    _print_summary(tr, summary)
    return 0


def _print_summary(tr: Translator, s: object) -> None:
    from desktop.sync.engine import SyncSummary

    assert isinstance(s, SyncSummary)
    print(tr("Pushed: {accepted} accepted, {already} already at the city, {aside} set aside; "
             "{remaining} still waiting.", accepted=s.accepted, already=s.already_had, aside=s.set_aside,
             remaining=s.remaining))
    print(tr("Pulled: {pulled} decisions of the city, {applied} applied.", pulled=s.pulled, applied=s.applied))
    if s.files_missing:
        print(tr("{count} attached files are missing on this computer and were not sent.",
                 count=len(s.files_missing)), file=sys.stderr)

"""The ``cityhub`` command: serve the hub, enrol and revoke devices, record decisions, report.

Exit codes: 0 done, 1 refused or not found (the message on stderr), 2 usage, 141 the reader of the output closed it
early (as for a command ended by SIGPIPE). Every command takes ``--db`` (default ``$CITYHUB_DB``, else
``sqlite:///cityhub.sqlite3`` in the current directory). ``serve`` takes the limits on failed enrolments
(``--enrol-failures-per-address``, ``--enrol-failures-per-station``) and ``--docs`` for the browsable API docs
(docs/sync-protocol.md).
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import ArgumentError

from cityhub import __version__, auth, chains, feed, holidays, monthly, report
from cityhub.db import Database, Device, HubStation, default_url, open_db, wire_time
from cityhub.errors import HubError
from cityhub.throttle import EnrolLimits, parse_limit

OK, REFUSED, USAGE = 0, 1, 2
PIPE_CLOSED = 128 + 13  # 128 + SIGPIPE (a number here: Windows has no signal.SIGPIPE)


def _time(value: datetime | None) -> str:
    return wire_time(value) if value is not None else "-"


def _enroll(db: Database, args: argparse.Namespace) -> int:
    with db.transaction() as session:
        code = auth.make_enrolment_code(session, args.station, args.name)
        expires = auth.code_expiry(session, code)
        station = auth.ensure_station(session, args.station)
        label = f"{station.code} {station.name}".strip()
    print(code)
    print(f"one-time enrolment code for a device of station {label}; valid until {wire_time(expires)} (UTC)")
    return OK


def _decide(db: Database, args: argparse.Namespace) -> int:
    if args.accept:
        kind, text, assignee = "accepted", "", ""
    elif args.assign is not None:
        kind, text, assignee = "assigned", "", args.assign
    elif args.answer is not None:
        kind, text, assignee = "answered", args.answer, ""
    else:
        kind, text, assignee = "returned", args.return_reason, ""
    with db.transaction() as session:
        decision = feed.decide(session, args.number, kind, text, assignee)
    detail = f" to {decision.assignee}" if decision.assignee else (f": {decision.text}" if decision.text else "")
    print(f"{decision.request_number}: {decision.decision}{detail} (recorded {decision.decided_at}, "
          f"decision {decision.uuid})")
    return OK


def _report(db: Database, args: argparse.Namespace) -> int:
    if args.period:
        with db.transaction() as session:
            rows = monthly.monthly_figures(session, args.period)
        print(monthly.monthly_json(rows) if args.json else monthly.monthly_text(args.period, rows))
        return OK
    with db.transaction() as session:
        summaries = report.station_summaries(session)
    print(report.report_json(summaries) if args.json else report.report_text(summaries))
    return OK


def _month(text: str) -> str:
    if not re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(f"not a month (YYYY-MM): {text!r}")
    return text


def _revoke(db: Database, args: argparse.Namespace) -> int:
    with db.transaction() as session:
        device = auth.revoke(session, args.device_uuid)
        print(f"device {device.uuid} revoked at {_time(device.revoked_at)}")
    return OK


def _devices(db: Database, _args: argparse.Namespace) -> int:
    with db.transaction() as session:
        rows = session.execute(select(Device, HubStation.code).join(HubStation, HubStation.id == Device.station_id)
                               .order_by(HubStation.code, Device.enrolled_at)).all()
        table = [["device", "station", "name", "enrolled", "revoked", "last seen"]] + [
            [d.uuid, code, d.name, _time(d.enrolled_at), _time(d.revoked_at), _time(d.last_seen_at)]
            for d, code in rows]
    print(report.format_table(table) if rows else "no devices enrolled")
    return OK


def _history(db: Database, args: argparse.Namespace) -> int:
    if args.action == "list":
        with db.transaction() as session:
            alerts = report.history_alerts(session)
        table = [["station", "device", "chain", "found", "acknowledged entry", "entry presented"]] + [
            [a.station_code, a.device_uuid, a.chain, _time(a.found_at), str(a.held_id), str(a.said_id or "-")]
            for a in alerts]
        print(report.format_table(table) if alerts else "no station history found changed")
        return OK
    if not args.device:
        print("cityhub history clear: name the device (--device DEVICE_UUID)", file=sys.stderr)
        return REFUSED
    with db.transaction() as session:
        cleared = chains.clear(session, args.device)
    print(f"device {args.device}: {cleared} alerts cleared; its chains start again from its next sync")
    return OK


def _holidays(db: Database, args: argparse.Namespace) -> int:
    if args.action == "list":
        with db.transaction() as session:
            years = holidays.schedule(session).years
        table = [["year", "days", "holidays", "make-up workdays", "published"]] + [
            [str(y.year), str(len(y.days)), str(sum(d.kind == "holiday" for d in y.days)),
             str(sum(d.kind == "workday" for d in y.days)), y.published_at] for y in years]
        print(report.format_table(table) if years else "no holiday schedule published")
        return OK
    try:
        data = Path(args.file).read_bytes()
    except OSError as error:
        print(f"cityhub holidays publish: cannot read {args.file}: {error.strerror or error}", file=sys.stderr)
        return REFUSED
    schedule = holidays.read_csv(data, args.year)
    with db.transaction() as session:
        row = holidays.publish(session, schedule)
        published = wire_time(row.published_at)
    kinds = [d.kind for d in schedule.days]
    print(f"{args.year}: published {kinds.count('holiday')} holidays and {kinds.count('workday')} make-up workdays "
          f"at {published}; stations apply it at their next sync")
    return OK


def _serve(db_url: str, args: argparse.Namespace) -> int:
    import uvicorn

    from cityhub.app import create_app

    limits = EnrolLimits(per_address=args.enrol_failures_per_address, per_station=args.enrol_failures_per_station)
    app = create_app(db_url, enrol_limits=limits, docs=args.docs)
    # What start-up made (modules, the app, the ORM's and pydantic's schemas) lives as long as the server: frozen,
    # no collection walks it again. A push allocates tens of thousands of containers (its parsed JSON), which
    # made the collector walk all of it several times a batch (about a fifth of the hub's time on a push).
    gc.collect()
    gc.freeze()
    uvicorn.run(app, host=args.host, port=args.port,
                log_level="info", ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile,
                proxy_headers=False)  # the client's address is the TCP peer's (enrolment limits count per address)
    return OK


def _limit(text: str) -> str:
    try:
        parse_limit(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cityhub", description="Quality Station city hub (市级平台).")
    parser.add_argument("--version", action="version", version=f"cityhub {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    db_help = "database URL (default: $CITYHUB_DB or sqlite:///cityhub.sqlite3)"

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--db", default=None, help=db_help)
        return sub

    serve = command("serve", "serve the sync API and the overview page")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument("--ssl-certfile", metavar="FILE")
    serve.add_argument("--ssl-keyfile", metavar="FILE")
    serve.add_argument("--docs", action="store_true",
                       help="serve the browsable API docs at /docs (from the hub itself, no internet needed); "
                            "/openapi.json is always served")
    serve.add_argument("--enrol-failures-per-address", type=_limit, default=EnrolLimits.per_address,
                       metavar="LIMIT", help="failed enrolments taken from one client address, e.g. 10/minute "
                                             f"(default {EnrolLimits.per_address}); then 429 until the window passes")
    serve.add_argument("--enrol-failures-per-station", type=_limit, default=EnrolLimits.per_station,
                       metavar="LIMIT", help="failed enrolments taken for one station code, from any address "
                                             f"(default {EnrolLimits.per_station})")

    enroll = command("enroll", "print a one-time enrolment code for a device of a station")
    enroll.add_argument("--station", required=True, metavar="CODE", help="station code, e.g. LZ-CZ")
    enroll.add_argument("--name", help="the station's name (creates or renames it)")

    decide = command("decide", "record the city's decision on an escalated request")
    decide.add_argument("number", metavar="REQUEST_NUMBER",
                        help="the request's number, or its UUID when two requests share a number")
    choice = decide.add_mutually_exclusive_group(required=True)
    choice.add_argument("--accept", action="store_true", help="the city takes it")
    choice.add_argument("--assign", metavar="NAME", help="assign it to NAME")
    choice.add_argument("--answer", metavar="TEXT", help="answer it: the station completes the request")
    choice.add_argument("--return", dest="return_reason", metavar="REASON",
                        help="return it to the station, with the reason")

    rep = command("report", "per station: escalations, archive records, missing files, last sync")
    rep.add_argument("--json", action="store_true", help="JSON instead of a table")
    rep.add_argument("--period", type=_month, metavar="YYYY-MM",
                     help="the city-wide table of that month: each station's figures (requests, outcomes, "
                          "evaluations, complaints, rectifications, on-time rates)")

    revoke = command("revoke", "revoke a device's token")
    revoke.add_argument("device_uuid", metavar="DEVICE_UUID")

    command("devices", "list the enrolled devices")

    history = command("history", "the stations whose audit log or timelines changed after they reported them "
                                 "(list), or clear a device's once looked into (clear --device)")
    history.add_argument("action", choices=("list", "clear"))
    history.add_argument("--device", metavar="DEVICE_UUID", help="the device whose alerts to clear (clear)")

    hol = command("holidays", "publish a year's official holiday schedule to every station, or list what is published")
    hol.add_argument("action", choices=("publish", "list"))
    hol.add_argument("--year", type=int, metavar="YEAR", help="the year the file holds (publish)")
    hol.add_argument("--file", metavar="FILE.csv",
                     help="UTF-8 CSV: date,kind,name (or 日期,类型,名称), kind holiday/workday (publish)")
    return parser


HANDLERS: dict[str, Callable[[Database, argparse.Namespace], int]] = {
    "enroll": _enroll, "decide": _decide, "report": _report, "revoke": _revoke, "devices": _devices,
    "holidays": _holidays, "history": _history}


def main(argv: list[str] | None = None) -> int:
    """The command, run with its output's reader possibly gone (``cityhub enroll ... | head -1``)."""
    try:
        code = _main(argv)
        sys.stdout.flush()  # a reader gone away shows here, not in the flush at the interpreter's exit
        return code
    except BrokenPipeError:
        return _reader_gone()


def _reader_gone() -> int:
    """Stop quietly when the reader of standard output has closed it: Python's advice on SIGPIPE (the ``signal``
    module's documentation) is to point stdout at devnull, so the flush at exit does not fail again, and exit
    with an error. The code is a shell's for a command ended by SIGPIPE."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return PIPE_CLOSED


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse: --help/--version (0) or a usage error (2)
        return exit_.code if isinstance(exit_.code, int) else USAGE
    db_url = args.db or default_url()
    if args.command == "serve":
        if (args.ssl_certfile is None) != (args.ssl_keyfile is None):
            print("cityhub serve: --ssl-certfile and --ssl-keyfile go together", file=sys.stderr)
            return USAGE
        return _serve(db_url, args)
    if args.command == "holidays" and args.action == "publish" and (args.year is None or args.file is None):
        print("cityhub holidays publish: --year and --file are required", file=sys.stderr)
        return USAGE
    try:
        db = open_db(db_url)
    except ArgumentError as error:
        print(f"cityhub: bad --db URL: {error}", file=sys.stderr)
        return USAGE
    try:
        return HANDLERS[args.command](db, args)
    except HubError as error:
        print(f"cityhub {args.command}: {error.message}", file=sys.stderr)
        return REFUSED
    finally:
        db.dispose()

"""``quality-station``: the app, and the commands IT staff run without a screen.

    quality-station [--data-dir DIR] [--demo] [--lang zh_CN|en]        the desktop app
    quality-station setup --data-dir DIR --station-code CODE --station-name NAME --district NAME
                          [--level county|district|new-district|park] --admin USER   (password on stdin)
    quality-station demo-data --data-dir DIR [--clients N] [--requests N] [--visits N]
    quality-station clients import FILE --data-dir DIR [--user LOGIN]
    quality-station clients export FILE --data-dir DIR
    quality-station verify FILE.pdf --data-dir DIR      does a 现场服务记录 PDF match the archive? (exit 0 if so)
    quality-station sync --data-dir DIR [--hub-url URL] [--enrol CODE] [--ca-bundle FILE]
                                                         one full sync with the city platform (exit 0 if it worked)

``setup`` and ``demo-data`` are the station's own; the other subcommands, and the options of ``demo-data``, come
from the registered areas (``Area.commands``, ``Area.demo``), which this module loops over. Messages are printed in
the UI language (Chinese by default, ``--lang en`` for English).
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from desktop import __version__
from desktop.demo.demo_station import DEMO_LOGIN, DEMO_PASSWORD

PIPE_CLOSED = 128 + 13  # 128 + SIGPIPE (a number here: Windows has no signal.SIGPIPE)
LEVELS = {"county": "county", "district": "district", "new-district": "new_district", "park": "park"}

if TYPE_CHECKING:  # the translator loads Qt's translation machinery (QtCore): only when a command runs
    from desktop.messages import Translator
    from desktop.models.core.db import Database
    from desktop.models.core.errors import Invalid


def _common(default: object) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=default, help="station data directory "
                        "(default: $QUALITY_STATION_DATA_DIR, else the platform's app-data folder)")
    common.add_argument("--lang", choices=("zh_CN", "en"), default=default,
                        help="language of messages (default: zh_CN)")
    return common


def _parser() -> tuple[argparse.ArgumentParser, dict[str, Callable[[argparse.Namespace], int]]]:
    """The parser, and each subcommand's handler."""
    from desktop.models.core.registry import areas

    # The options may stand before or after the subcommand. The subcommands' copies default to SUPPRESS,
    # so an option given before the subcommand is not overwritten by the subcommand's default.
    top, common = _common(None), _common(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="quality-station", parents=[top],
                                     description="Quality Station (质量服务\"一站式\"工作站)")
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("--demo", action="store_true",
                        help=f"open a ready demo station (user {DEMO_LOGIN}, password {DEMO_PASSWORD})")
    sub = parser.add_subparsers(dest="command")

    setup_parser = sub.add_parser("setup", parents=[common], help="set up a station without a screen "
                                  "(the admin password is read from standard input)")
    setup_parser.add_argument("--station-code", required=True)
    setup_parser.add_argument("--station-name", required=True)
    setup_parser.add_argument("--district", required=True)
    setup_parser.add_argument("--level", choices=tuple(LEVELS), default="district")
    setup_parser.add_argument("--address", default="")
    setup_parser.add_argument("--complaint-phone", default="")
    setup_parser.add_argument("--complaint-email", default="")
    setup_parser.add_argument("--admin", required=True, metavar="USER", help="the first admin's user name")
    setup_parser.add_argument("--admin-name", help="the first admin's full name (default: USER)")

    demo = sub.add_parser("demo-data", parents=[common], help="add realistic demo data")
    for area in areas():
        for option in area.demo:
            demo.add_argument(option.option, type=int, metavar="N", help=option.help)

    handlers: dict[str, Callable[[argparse.Namespace], int]] = {"setup": setup, "demo-data": demo_data}
    for area in areas():
        for command in area.commands:
            module = importlib.import_module(command.module)
            module.configure(sub.add_parser(command.name, parents=[common], help=command.help), common)
            handlers[command.name] = module.run
    return parser, handlers


def main(argv: Sequence[str] | None = None) -> int:
    """The app or a command, run with its output's reader possibly gone (``quality-station ... | head -1``)."""
    try:
        code = _main(argv)
        if sys.stdout is not None:  # None in a windowed app on Windows
            sys.stdout.flush()  # a reader gone away shows here, not in the flush at the interpreter's exit
        return code
    except BrokenPipeError:
        # Python's advice on SIGPIPE (the signal module's documentation): stdout to devnull, so the flush at exit
        # does not fail again, and an error exit: 141 is what a shell reports for a command ended by SIGPIPE
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return PIPE_CLOSED


def _main(argv: Sequence[str] | None) -> int:
    parser, handlers = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from desktop.app import run_gui  # Qt widgets load only for the app itself

        return run_gui(args)
    from desktop.paths import DataDirConflict

    try:
        return handlers[args.command](args)
    except DataDirConflict as exc:  # a station in both the roaming and the local folder (Windows)
        from desktop.messages import Translator

        print(Translator(args.lang)(exc.message), file=sys.stderr)
        return 1


# ---- what the commands share ------------------------------------------------------------------------------

def open_station(args: argparse.Namespace, tr: Translator, *, must_be_set_up: bool = True) -> Database | None:
    """The station's database in ``--data-dir``; None (having said why) when it is not set up or is damaged."""
    from desktop.models.core import station
    from desktop.models.core.db import Database, SchemaDamaged
    from desktop.paths import database_path, resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    if must_be_set_up and not database_path(data_dir).exists():  # a mistyped --data-dir: make nothing there
        print(tr("The station in {dir} is not set up yet: run \"quality-station setup\" first.",
                 dir=str(data_dir)), file=sys.stderr)
        return None
    try:
        db = Database(database_path(data_dir))
    except SchemaDamaged as exc:  # part of the schema is missing and cannot be put back: say what to do
        print(tr(exc.message), file=sys.stderr)
        return None
    if must_be_set_up and not station.is_set_up(db):
        print(tr("The station in {dir} is not set up yet: run \"quality-station setup\" first.",
                 dir=str(data_dir)), file=sys.stderr)
        return None
    return db


@contextmanager
def station_database(args: argparse.Namespace, tr: Translator) -> Iterator[Database | None]:
    """``open_station`` for a ``with`` block: closed after it (None, having said why, when not set up)."""
    db = open_station(args, tr)
    try:
        yield db
    finally:
        if db is not None:
            db.close()


def print_invalid(tr: Translator, exc: Invalid) -> None:
    for field, message in exc.errors.items():
        print(f"{tr.field(field)}: {tr(message)}", file=sys.stderr)


def actor_id(db: Database, login: str | None) -> int | None:
    """The active account ``login``, or the first active admin."""
    from desktop.models.accounts import staff

    for a in staff.list_staff(db):
        if a.active and (a.login == login if login else a.role == "admin"):
            return a.id
    return None


def progress_printer(tr: Translator, message: str) -> Callable[[int, int], None]:
    """Progress on standard error: one line rewritten on a terminal, a line per batch otherwise."""
    tty = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        line = tr(message, done=done, total=total)
        print(f"\r{line}" if tty else line, end="\n" if done == total or not tty else "", file=sys.stderr,
              flush=True)

    return show


# ---- the station's own commands ---------------------------------------------------------------------------

def setup(args: argparse.Namespace) -> int:
    from desktop.messages import Translator
    from desktop.models.core import station
    from desktop.models.core.errors import Invalid, Refused

    tr = Translator(args.lang)
    if sys.stdin.isatty():  # typed by a person: no echo, and typed twice
        password = getpass.getpass(tr("Password for {admin}: ", admin=args.admin))
        if getpass.getpass(tr("Repeat the password: ")) != password:
            print(tr("The two passwords differ."), file=sys.stderr)
            return 2
    else:  # piped by an installation script
        password = sys.stdin.readline().rstrip("\r\n")
    db = open_station(args, tr, must_be_set_up=False)
    if db is None:  # damaged beyond repair (it said so)
        return 1
    inp = station.StationInput(args.station_code.strip().upper(), args.station_name, LEVELS[args.level],
                               args.district, args.address, args.complaint_phone, args.complaint_email)
    try:
        station.setup(db, inp, args.admin, args.admin_name or args.admin, password)
    except Invalid as exc:
        print_invalid(tr, exc)
        return 2
    except Refused as exc:
        print(tr(exc.message), file=sys.stderr)
        return 1
    finally:
        db.close()
    print(tr("Station {code} {name} is set up; admin: {admin}.", code=inp.code, name=inp.name,
             admin=args.admin))
    return 0


def demo_data(args: argparse.Namespace) -> int:
    """Every registered area's demo data, in the areas' order (clients before the requests made for them)."""
    from desktop.messages import Translator

    tr = Translator(args.lang)
    with station_database(args, tr) as db:
        return 1 if db is None else _demo_data(args, tr, db)


def _demo_data(args: argparse.Namespace, tr: Translator, db: Database) -> int:
    from desktop.models.core.area import resolve
    from desktop.models.core.errors import Refused
    from desktop.models.core.registry import areas
    from desktop.paths import resolve_data_dir

    actor = actor_id(db, None)
    options = [option for area in areas() for option in area.demo]
    counts = {o.option.lstrip("-"): getattr(args, o.option.lstrip("-")) for o in options}
    for option in options:
        count = counts[option.option.lstrip("-")]
        if count is None:
            count = resolve(option.default)(db, counts) if option.default else 0
        if not count:
            continue
        start = time.perf_counter()
        progress = progress_printer(tr, option.progress) if option.progress else lambda _done, _total: None
        try:
            n = resolve(option.generate)(db, resolve_data_dir(args.data_dir), count, actor, progress)
        except Refused as exc:  # more requests a day than a day's numbers, say
            print(tr(exc.message), file=sys.stderr)
            return 1
        print(tr(option.done, n=n, seconds=f"{time.perf_counter() - start:.1f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

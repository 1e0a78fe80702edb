"""``quality-station``: the app, and the commands IT staff run without a screen.

    quality-station [--data-dir DIR] [--demo] [--lang zh_CN|en]        the desktop app
    quality-station setup --data-dir DIR --station-code CODE --station-name NAME --district NAME
                          [--level county|district|new-district|park] --admin USER   (password on stdin)
    quality-station clients import FILE --data-dir DIR [--user LOGIN]
    quality-station clients export FILE --data-dir DIR
    quality-station demo-data --data-dir DIR [--clients N] [--requests N] [--visits N]
    quality-station verify FILE.pdf --data-dir DIR      does a 现场服务记录 PDF match the archive? (exit 0 if so)
    quality-station sync --data-dir DIR [--hub-url URL] [--enrol CODE] [--ca-bundle FILE]
                                                         one full sync with the city platform (exit 0 if it worked)

Messages are printed in the UI language (Chinese by default, ``--lang en`` for English).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__

LEVELS = {"county": "county", "district": "district", "new-district": "new_district", "park": "park"}
DEMO_LOGIN = "admin"
DEMO_PASSWORD = "demo2026"


def _common(default: object) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=default, help="station data directory "
                        "(default: $QUALITY_STATION_DATA_DIR, else the platform's app-data folder)")
    common.add_argument("--lang", choices=("zh_CN", "en"), default=default,
                        help="language of messages (default: zh_CN)")
    return common


def _parser() -> argparse.ArgumentParser:
    # The options may stand before or after the subcommand. The subcommands' copies default to SUPPRESS,
    # so an option given before the subcommand is not overwritten by the subcommand's default.
    top, common = _common(None), _common(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="quality-station", parents=[top],
                                     description="Quality Station (质量服务\"一站式\"工作站)")
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("--demo", action="store_true",
                        help=f"open a ready demo station (user {DEMO_LOGIN}, password {DEMO_PASSWORD})")
    sub = parser.add_subparsers(dest="command")

    setup = sub.add_parser("setup", parents=[common], help="set up a station without a screen "
                           "(the admin password is read from standard input)")
    setup.add_argument("--station-code", required=True)
    setup.add_argument("--station-name", required=True)
    setup.add_argument("--district", required=True)
    setup.add_argument("--level", choices=tuple(LEVELS), default="district")
    setup.add_argument("--address", default="")
    setup.add_argument("--complaint-phone", default="")
    setup.add_argument("--complaint-email", default="")
    setup.add_argument("--admin", required=True, metavar="USER", help="the first admin's user name")
    setup.add_argument("--admin-name", help="the first admin's full name (default: USER)")

    clients = sub.add_parser("clients", help="import or export the client registry")
    csub = clients.add_subparsers(dest="action", required=True)
    imp = csub.add_parser("import", parents=[common], help="import clients from .xlsx or .csv")
    imp.add_argument("file", type=Path)
    imp.add_argument("--user", help="the staff member recorded as registering them (default: first admin)")
    exp = csub.add_parser("export", parents=[common], help="export all clients to .xlsx or .csv")
    exp.add_argument("file", type=Path)

    demo = sub.add_parser("demo-data", parents=[common], help="add realistic demo data")
    demo.add_argument("--clients", type=int, metavar="N",
                      help="clients to add (default: 1000; with --requests, none if the station has clients, "
                      "else one for every five requests, at least 1000)")
    demo.add_argument("--requests", type=int, default=0, metavar="N",
                      help="service requests to add, spread over four years, for the station's clients")
    demo.add_argument("--visits", type=int, default=0, metavar="N",
                      help="signed on-site visit records to add (with their archived PDFs), for requests in "
                      "service or finished")
    verify = sub.add_parser("verify", parents=[common], help="check a printed 现场服务记录 (PDF) against the "
                            "station's archive: exit code 0 when it matches, 1 when altered, 2 when unknown")
    verify.add_argument("file", type=Path, metavar="FILE.pdf")
    sync = sub.add_parser("sync", parents=[common], help="push escalations and archive records to the city "
                          "platform and pull its decisions, once (for a scheduled task); exit code 0 when it "
                          "worked, 1 when it failed, 2 when it cannot start (not set up, not enrolled)")
    sync.add_argument("--hub-url", metavar="URL", help="the city platform's address (kept for the next syncs)")
    sync.add_argument("--enrol", metavar="CODE", help="the one-time enrolment code from the city: enrol this "
                      "device first")
    sync.add_argument("--ca-bundle", metavar="FILE", help="a CA certificate bundle (PEM) for a city server "
                      "with its own CA (kept for the next syncs)")
    sync.add_argument("--batch-size", type=int, metavar="N", help="records per push (1-500, default 100)")
    sync.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="network timeout per call")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        from desktop.app import run_gui  # Qt widgets load only for the app itself

        return run_gui(args)
    from desktop import cli_commands

    handlers = {"setup": cli_commands.setup, "clients": cli_commands.clients,
                "demo-data": cli_commands.demo_data, "verify": cli_commands.verify,
                "sync": cli_commands.sync}
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())

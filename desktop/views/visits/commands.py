"""``quality-station verify FILE``: does a printed 现场服务记录 (a PDF) match the archive, or an archive bundle (a zip
exported from the archive room) its manifest and the station's records? Exit 0 when it matches, 1 when it was
altered, 2 when the record or bundle is unknown, 3 when it cannot be checked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli import actor_id, open_station
from desktop.messages import Translator
from desktop.models.core.db import Database
from desktop.paths import resolve_data_dir

VERIFY_EXIT = {"match": 0, "altered": 1, "unknown": 2}


def configure(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    del common
    parser.add_argument("file", type=Path, metavar="FILE.pdf|BUNDLE.zip")


def run(args: argparse.Namespace) -> int:
    """Print whether the PDF matches the archived record; exit 0 only for a match."""
    from desktop.printing.verify import verify_pdf  # reportlab and PDFium load only for this command

    tr = Translator(args.lang)
    db = open_station(args, tr)
    if db is None:
        return 3
    try:
        if not args.file.is_file():
            print(tr("The file {file} cannot be read.", file=str(args.file)), file=sys.stderr)
            return 3
        if args.file.suffix.lower() == ".zip":
            return _verify_bundle(db, args.file, resolve_data_dir(args.data_dir), tr)
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


def _verify_bundle(db: Database, path: Path, data_dir: Path, tr: Translator) -> int:
    from desktop.printing.archive_bundle import verify_bundle

    verdict = verify_bundle(db, path, actor_id(db, None), data_dir)  # as its maker read it, else as an admin
    headline = {"match": tr("MATCHES its manifest and the station's records"),
                "altered": tr("ALTERED: does not match its manifest or the station's records"),
                "unknown": tr("UNKNOWN: not an archive bundle of this station")}[verdict.outcome]
    print(f"{path.name}: {headline}")
    print(tr("{count} records", count=verdict.records))
    for problem in verdict.problems:
        print(f"  {tr(problem)}")
    return VERIFY_EXIT[verdict.outcome]

"""``quality-station check``: what is wrong with the station's folder, each problem on its own line. Exit codes:
0 nothing found, 1 problems, 2 no station there. The database is read only, never repaired (opening the app
puts back missing protections; this says they were missing)."""

from __future__ import annotations

import argparse
import sys

from desktop.messages import Translator


def configure(_parser: argparse.ArgumentParser, _common: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    from desktop.models.backups.check import check_station
    from desktop.paths import database_path, resolve_data_dir

    tr = Translator(args.lang)
    data_dir = resolve_data_dir(args.data_dir)
    if not database_path(data_dir).is_file():
        print(tr("There is no station in {folder}.", folder=str(data_dir)), file=sys.stderr)
        return 2
    problems = check_station(data_dir)
    for problem in problems:
        print(tr(problem))
    if problems:
        return 1
    print(tr("Nothing wrong found in {folder}.", folder=str(data_dir)))
    return 0

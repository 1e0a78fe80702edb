"""``quality-station sync``: one full sync with the city platform without a screen (a scheduled task); the first
run enrols this computer with ``--enrol``. Exit 0 when it worked, 1 when it failed, 2 when it cannot start."""

from __future__ import annotations

import argparse
import sys

from desktop.cli import open_station, print_invalid
from desktop.messages import Translator
from desktop.paths import resolve_data_dir


def configure(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    del common
    parser.add_argument("--hub-url", metavar="URL", help="the city platform's address (kept for the next syncs)")
    parser.add_argument("--enrol", metavar="CODE", help="the one-time enrolment code from the city: enrol this "
                        "device first")
    parser.add_argument("--ca-bundle", metavar="FILE", help="a CA certificate bundle (PEM) for a city server "
                        "with its own CA (kept for the next syncs)")
    parser.add_argument("--batch-size", type=int, metavar="N", help="records per push (1-500, default 100)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="network timeout per call")


def run(args: argparse.Namespace) -> int:
    from desktop.models.city_sync import sync_state
    from desktop.models.core.errors import Invalid
    from desktop.sync import service
    from desktop.sync.client import HubError
    from desktop.sync.credentials import CredentialError
    from desktop.sync.engine import SyncFailed

    tr = Translator(args.lang)
    db = open_station(args, tr)
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
        print_invalid(tr, exc)
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
    if s.history_changed:
        print(tr("The city platform found this station's history changed since the last sync ({chains}): run "
                 "'quality-station check'.", chains=", ".join(s.history_changed)), file=sys.stderr)

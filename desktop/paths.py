"""Where the station's data lives. No Qt here: the CLI uses it too."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from desktop import APP_NAME, APP_ORG

ENV_DATA_DIR = "QUALITY_STATION_DATA_DIR"
DB_FILE = "station.sqlite3"


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: ``--data-dir`` first, then the environment, then the platform's app-data place."""
    if cli_value:
        path = Path(cli_value)
    elif os.environ.get(ENV_DATA_DIR):
        path = Path(os.environ[ENV_DATA_DIR])
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, APP_ORG, roaming=True))
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILE

#!/usr/bin/env bash
# Launch Quality Station. First use sets everything up (system packages on Debian/Ubuntu, .venv).
# With no options it opens the station in the platform's app-data folder (first run: the set-up wizard).
#   ./run.sh --demo              a ready demo station (user admin, password liuzhou-demo-kapok)
#   ./run.sh --data-dir DIR      another data directory
set -euo pipefail
source "$(dirname "$0")/scripts/bootstrap.sh"
exec "$VENV/bin/quality-station" "$@"

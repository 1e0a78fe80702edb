#!/usr/bin/env bash
# Run the tests. First use sets everything up (system packages on Debian/Ubuntu, .venv).
# Arguments go to pytest, e.g.  ./test.sh tests/models -k uscc
# The tests run on every core (pytest-xdist); ./test.sh -n 0 runs them in this one process.
set -euo pipefail
source "$(dirname "$0")/scripts/bootstrap.sh"
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
exec "$VENV/bin/python" -m pytest -n auto "$@"

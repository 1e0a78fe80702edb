#!/usr/bin/env bash
# A city server installs the hub alone: ".[hub]" in a venv of its own must bring no Qt and no other GUI or
# desktop-only package, and the hub must start there and answer its health check.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${1:-python3.11}"
WORK="$(mktemp -d)"
trap 'kill "${HUB_PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$PY" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1
# from a copy, so the build leaves nothing in the working tree
mkdir "$WORK/src"
cp -r "$ROOT/pyproject.toml" "$ROOT/README.md" "$ROOT/desktop" "$ROOT/cityhub" "$WORK/src/"
"$WORK/venv/bin/python" -m pip install -q "$WORK/src[hub]" >"$WORK/pip.log" 2>&1 || { cat "$WORK/pip.log" >&2; exit 1; }
if "$WORK/venv/bin/python" -m pip list 2>/dev/null | grep -i -E "^(pyside6|shiboken6|reportlab|pypdfium2|pillow|openpyxl|keyring) "; then
  echo "the hub's installation pulled in desktop packages (above)" >&2
  exit 1
fi
PORT=$("$WORK/venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$WORK/venv/bin/cityhub" serve --db "sqlite:///$WORK/hub.sqlite3" --port "$PORT" >"$WORK/hub.log" 2>&1 &
HUB_PID=$!
for _ in $(seq 1 100); do
  if "$WORK/venv/bin/python" -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:$PORT/v1/health').status == 200 else 1)" 2>/dev/null; then
    "$WORK/venv/bin/cityhub" enroll --station LZ-TEST --db "sqlite:///$WORK/hub.sqlite3" >/dev/null
    echo "the hub installs and runs without Qt: $("$WORK/venv/bin/python" -m pip list 2>/dev/null | wc -l) packages"
    exit 0
  fi
  sleep 0.2
done
cat "$WORK/hub.log" >&2
echo "the hub did not start in its own venv" >&2
exit 1

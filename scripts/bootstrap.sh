# Sourced by run.sh and test.sh: make sure this machine can run the app, then the project's venv.
#  - Linux: the Qt runtime libraries and a CJK font (Debian/Ubuntu packages; installed with apt-get when
#    running as root, otherwise the command to run is printed).
#  - Python 3.11 in .venv with the project and its dev tools, reinstalled when pyproject.toml changes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

DEBIAN_PACKAGES=(
  # a CJK font: without one Chinese shows as boxes
  fonts-wqy-microhei fontconfig
  # Qt's runtime libraries (offscreen and desktop)
  libegl1 libgl1 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0
  libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  # headless runs (CI, screenshots) and reading PDFs back in tests (poppler-data: without it pdffonts and
  # pdftotext cannot read a PDF that uses the non-embedded CJK fallback font)
  xvfb poppler-utils poppler-data
  # decoding the QR codes of printed records in tests
  zbar-tools
)

need_system_packages() {
  [ "$(uname -s)" = "Linux" ] || return 1
  command -v dpkg-query >/dev/null 2>&1 || return 1
  local pkg
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || return 0
  done
  return 1
}

if need_system_packages; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${DEBIAN_PACKAGES[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${DEBIAN_PACKAGES[@]}" >/dev/null
  else
    echo "Missing system packages. Install them with:" >&2
    echo "  sudo apt-get install ${DEBIAN_PACKAGES[*]}" >&2
    exit 1
  fi
fi

find_python() {
  local candidate
  for candidate in python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && \
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

STAMP="$VENV/.installed"
if [ ! -x "$VENV/bin/python" ]; then
  PY="$(find_python)" || { echo "Python 3.11 is required (python3.11 not found)." >&2; exit 1; }
  "$PY" -m venv "$VENV"
fi
if [ ! -f "$STAMP" ] || [ "$ROOT/pyproject.toml" -nt "$STAMP" ]; then
  "$VENV/bin/python" -m pip install -q --upgrade pip >&2
  "$VENV/bin/python" -m pip install -q -e "$ROOT[app,hub,dev]" >&2
  touch "$STAMP"
fi

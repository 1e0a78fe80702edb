"""Write the SQL of the kept figures (``desktop/models/statistics/kept_figures.py``) as a migration's frozen copy.

    python scripts/freeze_figures.py desktop/models/migrations/versions/0015_request_figures.json

A migration is history: it keeps the SQL it was written with. When the rules of the figures change, write a new
migration with a new copy (tests/models/test_kept_figures.py says when the newest copy is out of date).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.models.statistics import kept_figures


def main() -> None:
    Path(sys.argv[1]).write_text(json.dumps(kept_figures.frozen(), ensure_ascii=False, indent=1) + "\n",
                                 encoding="utf-8")


if __name__ == "__main__":
    main()

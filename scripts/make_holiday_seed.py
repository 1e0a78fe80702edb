"""Write the official holiday schedule that a station is seeded with (desktop/resources/holidays/official.csv).

The State Council publishes each year's public holidays and make-up workdays (调休上班) in a notice
(国务院办公厅关于某年部分节假日安排的通知). The ``chinesecalendar`` package on PyPI keeps those notices as data
from 2004 on. This script was run once, in a virtual environment where that package was installed for it:

    pip install chinesecalendar==1.11.0      # 2004-2026; not a dependency of the app or of its tests
    python scripts/make_holiday_seed.py

and its output was committed. The app reads the CSV file only: it never imports ``chinesecalendar``, which
raises an error for a year it does not know. Run it again (with a newer release) when a new year's notice is out,
and ship the new rows with a migration that merges them (rows a station already has win).

The file keeps what the station's calendar stores: weekdays that are public holidays (a holiday falling on a
weekend is a day off anyway) and weekend days that are make-up workdays, with the festival's Chinese name.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "desktop" / "resources" / "holidays" / "official.csv"

NAMES = {  # the package names the festivals in English; the station shows the official Chinese names
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def main() -> int:
    from chinese_calendar import __version__
    from chinese_calendar.constants import holidays, workdays

    rows = [(day, "holiday", NAMES[name]) for day, name in holidays.items() if day.weekday() < 5]
    rows += [(day, "workday", f"{NAMES[name]}调休上班") for day, name in workdays.items() if day.weekday() >= 5]
    rows.sort()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# official holiday schedule {rows[0][0].year}-{rows[-1][0].year}, "
                f"from chinesecalendar {__version__} by scripts/make_holiday_seed.py\n")
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["date", "kind", "name"])
        writer.writerows((day.isoformat(), kind, name) for day, kind, name in rows)
    print(f"{len(rows)} days written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

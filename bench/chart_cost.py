"""What the statistics page's charting costs (reportlab.graphics drawn as SVG through Qt's QSvgRenderer), each
figure against a baseline measured in the same fresh process; medians of several processes.

    python bench/chart_cost.py [--runs 7]

Figures: the import of the charting (``desktop.printing.charts`` and the chart widget) against ``import
PySide6.QtWidgets``; the first chart (build, SVG, paint: it registers the CJK font) and a further one against
grabbing an empty ``QMainWindow``; the memory the charting adds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

PROBE = r'''
import json, os, time

def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

t = time.perf_counter(); import PySide6.QtWidgets; t_qt = time.perf_counter() - t
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(800, 500); w.grab()
t = time.perf_counter(); w.grab(); t_win = time.perf_counter() - t
r0 = rss()
t = time.perf_counter()
import desktop.printing.charts as charts
from desktop.views.statistics.chart_view import ChartView
t_imp = time.perf_counter() - t
t = time.perf_counter()
c = charts.bar_chart([f"{m}月" for m in range(1, 13)], [m * 10 for m in range(12)])
v = ChartView(); v.resize(460, 200); v.set_chart(c, c.svg()); v.grab()
t_first = time.perf_counter() - t
t = time.perf_counter()
c = charts.bar_chart(["计量", "标准", "认证"], [3, 2, 1], horizontal=True); v.set_chart(c, c.svg()); v.grab()
t_next = time.perf_counter() - t
print(json.dumps(dict(qt=t_qt, win=t_win, imp=t_imp, first=t_first, next=t_next, rss=rss() - r0)))
'''


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    runs = []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=env)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"import PySide6.QtWidgets {med['qt'] * 1000:.0f} ms; empty QMainWindow grab {med['win'] * 1000:.1f} ms")
    print(f"charting import {med['imp'] * 1000:.0f} ms = {med['imp'] / med['qt']:.2f}x import PySide6.QtWidgets")
    print(f"first chart (build, SVG, paint; registers the font) {med['first'] * 1000:.0f} ms; "
          f"a further chart {med['next'] * 1000:.1f} ms = {med['next'] / med['win']:.1f}x an empty window's grab")
    print(f"memory added {med['rss']:.1f} MB")


if __name__ == "__main__":
    main()

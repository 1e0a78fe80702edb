"""Every benchmark of issue 12 in one command, then one table of project / baseline / ratio.

    python bench/run_all.py [--reuse] [--runs 5] [--only requests,search] [--out bench/out/figures]

Runs each benchmark script in its own process (so none inherits another's memory or caches), with ``--runs`` and,
with ``--reuse``, on the stations already built under bench/out (the first run builds them: the 1M-request
station takes a few minutes). Each writes its figures to ``--out/<name>.json``; this script then prints them all
as one Markdown table (the README's) and a summary of the targets met. The machine should be otherwise idle:
every figure is a ratio to a baseline measured in the same run, which absorbs a steady load but not bursts.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from common import Figure, read_json

# name -> the script and its own arguments (each takes --runs, --reuse and --json-out)
BENCHMARKS: dict[str, tuple[str, ...]] = {
    "gc": ("bench_gc.py",),
    "requests": ("bench_requests.py",),
    "search": ("bench_search.py",),
    "stalls": ("bench_stalls.py",),
    "visits": ("bench_visits.py",),
    "sync": ("bench_sync.py",),
    "pages": ("bench_pages.py",),
}


def run(name: str, args: argparse.Namespace) -> Path | None:
    script, *extra = BENCHMARKS[name]
    out = args.out / f"{name}.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, str(ROOT / "bench" / script), "--runs", str(args.runs), "--json-out", str(out),
               *extra, *(["--reuse"] if args.reuse else [])]
    print(f"\n=== {name}: {' '.join(command[1:])}", flush=True)
    started = time.perf_counter()
    finished = subprocess.run(command, cwd=ROOT, check=False)
    print(f"=== {name}: exit {finished.returncode} after {time.perf_counter() - started:.0f} s", flush=True)
    return out if finished.returncode == 0 and out.exists() else None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reuse", action="store_true", help="measure the stations already built under bench/out")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="a comma-separated choice of: "
                        + ", ".join(BENCHMARKS))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "figures")
    args = parser.parse_args()
    chosen = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in chosen if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    args.out.mkdir(parents=True, exist_ok=True)
    results: list[tuple[str, str, list[Figure]]] = []
    failed = []
    for name in chosen:
        path = run(name, args)
        if path is None:
            failed.append(name)
            continue
        title, _command, figures = read_json(path)
        results.append((name, title, figures))
    print("\n| benchmark | figure | project | baseline | ratio | target | |")
    print("|---|---|---|---|---|---|---|")
    met = missed = 0
    for name, _title, figures in results:
        for f in figures:
            print(f"| {name} {f.row()}")
            met += f.met is True
            missed += f.met is False
    print(f"\ntargets met: {met}, not met: {missed}" + (f"; failed to run: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

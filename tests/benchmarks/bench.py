"""MeshDesk benchmarks: each figure beside a baseline measured in the same run.

    python -m tests.benchmarks.bench            # everything
    python -m tests.benchmarks.bench core       # only some sections

Targets are printed with the figures; they are never asserted in the test suite.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class Row:
    section: str
    what: str
    median_s: float
    baseline: str
    baseline_s: float
    target: str

    @property
    def ratio(self) -> float:
        return self.median_s / self.baseline_s if self.baseline_s else float("nan")


def median_time(
    fn: Callable[[], object], repeat: int, setup: Callable[[], object] | None = None
) -> float:
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


# --- sections -------------------------------------------------------------------------------------


def bench_core(workdir: Path) -> list[Row]:
    from meshdesk.core.scoring import PreparedScores
    from meshdesk.io.csv_import import import_csv
    from meshdesk.io.project import load_project, project_to_dict, save_project
    from tests.benchmarks.stress import make_stress_workbook

    wb = make_stress_workbook()
    rows: list[Row] = []

    # one weight change -> all totals and ranks
    weights = wb.weights.copy()
    state = {"k": 0}

    prepared = PreparedScores(wb.scores)  # built once per scores edit, as the window does

    def recompute() -> None:
        state["k"] += 1
        weights[state["k"] % weights.size] += 1.0
        prepared.rank(weights)

    filled = np.nan_to_num(wb.scores)

    def bare_product() -> None:
        state["k"] += 1
        weights[state["k"] % weights.size] += 1.0
        filled @ (weights / weights.sum())

    rows.append(
        Row(
            "core",
            "recompute totals+ranks after one weight change (1,000 x 200)",
            median_time(recompute, 300),
            "bare numpy scores @ w/sum(w)",
            median_time(bare_product, 300),
            "< 2 ms",
        )
    )

    path = workdir / "stress.meshdesk"
    save_project(wb, path)
    data = project_to_dict(wb)
    raw_path = workdir / "stress.json"
    size_mib = path.stat().st_size / 2**20

    def baseline_dump() -> None:
        with raw_path.open("w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, ensure_ascii=False)

    rows.append(
        Row(
            "core",
            f"project save, atomic + fsync ({size_mib:.1f} MiB)",
            median_time(lambda: save_project(wb, path), 7),
            "json.dump of the same dict (no fsync)",
            median_time(baseline_dump, 7),
            "within 2x baseline",
        )
    )

    def baseline_load() -> None:
        with path.open(encoding="utf-8") as handle:
            json.load(handle)

    rows.append(
        Row(
            "core",
            "project load + validation",
            median_time(lambda: load_project(path), 7),
            "json.load of the same file",
            median_time(baseline_load, 7),
            "within 2x baseline",
        )
    )

    csv_path = workdir / "stress.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Tool", *[c.name for c in wb.criteria]])
        for tool, row in zip(wb.tools, wb.scores.tolist(), strict=True):
            writer.writerow([tool.name, *row])

    def baseline_csv() -> None:
        import pandas as pd

        pd.read_csv(csv_path, index_col=0)

    rows.append(
        Row(
            "core",
            "CSV import 1,000 x 200 (validated)",
            median_time(lambda: import_csv(csv_path), 5),
            "pandas.read_csv of the same file",
            median_time(baseline_csv, 5),
            "report",
        )
    )
    return rows


SECTIONS: dict[str, Callable[[Path], list[Row]]] = {"core": bench_core}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "sections", nargs="*", metavar="SECTION", help=f"any of {', '.join(SECTIONS)}"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    chosen = args.sections or list(SECTIONS)
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section {unknown[0]!r}; choose from {', '.join(SECTIONS)}")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in chosen:
            rows += SECTIONS[name](Path(tmp))
    width = max(len(r.what) for r in rows)
    print(
        f"{'measurement'.ljust(width)}  {'median':>9}  {'baseline':>9}  {'ratio':>6}  target / baseline"
    )
    for r in rows:
        print(
            f"{r.what.ljust(width)}  {fmt(r.median_s):>9}  {fmt(r.baseline_s):>9}  {r.ratio:6.2f}  "
            f"{r.target}; baseline: {r.baseline}"
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps([r.__dict__ | {"ratio": r.ratio} for r in rows], indent=2)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

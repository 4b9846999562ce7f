"""MeshDesk benchmarks: each figure beside a baseline measured in the same run.

    pip install -e '.[test,bench]'              # the baselines need pandas (the bench extra)
    python -m tests.benchmarks.bench            # everything
    python -m tests.benchmarks.bench core       # only some sections

Targets are printed with the figures; they are never asserted in the test suite.
"""

from __future__ import annotations

import argparse
import csv
import gc
import importlib.util
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

    # every name gives the id "mesh": before the id allocator (meshdesk.core.ids) each row
    # rebuilt the set of taken ids and counted suffixes up from 2, which is quadratic
    one_id_path = workdir / "one-id.csv"
    with one_id_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Tool", "Core", "Ease", "Security"])
        for i in range(10_000):
            writer.writerow([f"Mesh {chr(0x4E00 + i)}", i % 11, (i * 7) % 11, 5.5])

    def baseline_one_id() -> None:
        import pandas as pd

        pd.read_csv(one_id_path, index_col=0)

    rows.append(
        Row(
            "core",
            "CSV import of 10,000 rows whose names map to one id",
            median_time(lambda: import_csv(one_id_path), 5),
            "pandas.read_csv of the same file",
            median_time(baseline_one_id, 5),
            "< 2 s",
        )
    )
    return rows


# --- the window ------------------------------------------------------------------------------------

PAINT_PROBE = """
import os, sys
from PySide6.QtCore import QEvent, QObject

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            sys.stdout.write("painted\\n"); sys.stdout.flush(); os._exit(0)
        return False
"""
BARE_WINDOW = (
    PAINT_PROBE
    + """
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication([])
window = QMainWindow(); table = QTableView(); window.setCentralWidget(table)
probe = FirstPaint(); table.viewport().installEventFilter(probe)
window.show(); app.exec()
"""
)
MESHDESK_WINDOW = (
    PAINT_PROBE
    + """
from meshdesk.ui.app import create_application, create_main_window
app = create_application()
window = create_main_window([])
probe = FirstPaint()
for part in (window.grid.viewport(), window.grid._frozen.viewport()):
    part.installEventFilter(probe)  # the grid's first paint, whichever part is shown
window.show(); app.exec()
"""
)


def _time_to_paint(script: str, env: dict[str, str]) -> float:
    import subprocess

    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if "painted" not in result.stdout:
        raise RuntimeError(f"window never painted: {result.stderr[-800:]}")
    return elapsed


def bench_gui(workdir: Path) -> list[Row]:
    import os

    # a 1920 x 1080 virtual screen, so the window has a typical desktop size
    screen = workdir / "screen.json"
    screen.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "bench",
                        "x": 0,
                        "y": 0,
                        "width": 1920,
                        "height": 1080,
                        "logicalDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    platform = f"offscreen:configfile={screen}"
    env = {**os.environ, "QT_QPA_PLATFORM": platform, "MESHDESK_HOME": str(workdir / "home")}
    # An installed copy has compiled bytecode (pip compiles on install); a checkout under
    # PYTHONDONTWRITEBYTECODE would recompile MeshDesk on every start but not PySide6.
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[2] / "meshdesk"), quiet=1)
    rows: list[Row] = []
    bare = statistics.median(_time_to_paint(BARE_WINDOW, env) for _ in range(5))
    ours = statistics.median(_time_to_paint(MESHDESK_WINDOW, env) for _ in range(5))
    rows.append(
        Row(
            "gui",
            "start-up to first painted window (process start included)",
            ours,
            "bare PySide6 window with one empty QTableView",
            bare,
            "within 1.5x",
        )
    )

    os.environ["QT_QPA_PLATFORM"] = platform
    os.environ["MESHDESK_HOME"] = str(workdir / "home")
    from PySide6.QtWidgets import QApplication

    from meshdesk.core.commands import SetScores
    from meshdesk.io.project import load_project, save_project
    from meshdesk.io.tsv import format_tsv
    from meshdesk.ui.main_window import MainWindow
    from tests.benchmarks.stress import make_stress_workbook

    app = QApplication.instance() or QApplication([])
    stress = make_stress_workbook()
    path = workdir / "stress.meshdesk"
    save_project(stress, path)
    window = MainWindow()  # sized from the screen, as at a real start
    window.show()
    app.processEvents()

    def open_in_window() -> None:
        window.open_path(path, ask=False)
        window.grid.viewport().repaint()
        app.processEvents()

    rows.append(
        Row(
            "gui",
            "open the stress workbook in the window (load + show)",
            median_time(open_in_window, 3),
            "load_project of the same file",
            median_time(lambda: load_project(path), 3),
            "report",
        )
    )

    panel = window.weights
    first = window.document.workbook.criterion_ids[0]
    state = {"w": 10.0}

    def weight_change_repaint() -> None:
        # the real cycle: the edit, the ranking, the model's signals, then Qt paints what
        # changed when control returns to the event loop (processEvents)
        state["w"] = 30.0 if state["w"] == 10.0 else 10.0
        panel.set_weight(first, state["w"], ("bench", first))
        app.processEvents()

    def repaint_only() -> None:
        window.grid.viewport().repaint()
        app.processEvents()

    rows.append(
        Row(
            "gui",
            "one weight change on 1,000 x 200 until the window has repainted",
            median_time(weight_change_repaint, 30),
            "full repaint of the grid, no change",
            median_time(repaint_only, 30),
            "< 16 ms",
        )
    )
    sorted_by = __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.SortOrder
    window.grid.sortByColumn(window.model.col_total, sorted_by.DescendingOrder)
    app.processEvents()
    rows.append(
        Row(
            "gui",
            "same, with the grid sorted by weighted total (rows move)",
            median_time(weight_change_repaint, 30),
            "full repaint of the grid, no change",
            median_time(repaint_only, 30),
            "< 16 ms",
        )
    )
    window.grid.sortByColumn(-1, sorted_by.AscendingOrder)

    block = [[f"{(i * 7 + j) % 100 / 10:.1f}" for j in range(10)] for i in range(1000)]
    text = format_tsv(block)
    wb = window.document.workbook
    cells = tuple(
        (wb.tools[i].id, wb.criteria[j].id, float(block[i][j]))
        for i in range(1000)
        for j in range(10)
    )

    def paste_block() -> None:
        window.grid.select_cell(0, window.grid.horizontalHeader().visualIndex(1))
        if not window.grid.paste(text):
            raise RuntimeError(window.statusBar().currentMessage())

    def core_apply() -> None:
        SetScores(cells).apply(window.document.workbook.copy())

    rows.append(
        Row(
            "gui",
            "paste a 1,000 x 10 block (checked, one undo step)",
            median_time(paste_block, 5),
            "core SetScores of the same 10,000 cells on a copy",
            median_time(core_apply, 5),
            "< 1 s",
        )
    )
    window.document.undo_stack.setClean()
    window.close()
    return rows


# --- xlsx export and import ------------------------------------------------------------------------


def bench_xlsx(workdir: Path) -> list[Row]:
    """Export of the stress workbook beside pandas and a bare openpyxl dump; its import."""
    import openpyxl
    import pandas as pd

    from meshdesk.io.xlsx_export import export_xlsx
    from meshdesk.io.xlsx_import import import_xlsx
    from tests.benchmarks.stress import make_stress_workbook

    wb = make_stress_workbook()
    names = [t.name for t in wb.tools]
    frame = pd.DataFrame(wb.scores, index=names, columns=[c.name for c in wb.criteria])
    path = workdir / "stress.xlsx"

    def bare_dump() -> None:
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Scores")
        sheet.append(["Tool", *frame.columns])
        for name, row in zip(names, wb.scores.tolist(), strict=True):
            sheet.append([name, *row])
        book.save(workdir / "bare.xlsx")

    def baseline_read() -> None:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
        for sheet in book.worksheets:
            for _ in sheet.iter_rows(values_only=True):
                pass
        book.close()

    export_s = median_time(lambda: export_xlsx(wb, path), 5)
    size_mib = path.stat().st_size / 2**20
    what = f"xlsx export 1,000 x 200 + {len(wb.notes):,} notes ({size_mib:.1f} MiB)"
    return [
        Row(
            "xlsx",
            what,
            export_s,
            "pandas.DataFrame.to_excel of the bare matrix",
            median_time(lambda: frame.to_excel(workdir / "pandas.xlsx"), 3),
            "no slower than pandas (with formulas, styles, validation)",
        ),
        Row(
            "xlsx",
            what,
            export_s,
            "bare openpyxl write-only dump of the numbers",
            median_time(bare_dump, 3),
            "report the ratio",
        ),
        Row(
            "xlsx",
            "xlsx import of that export (every cell checked)",
            median_time(lambda: import_xlsx(path), 5),
            "openpyxl read-only pass over the same file",
            median_time(baseline_read, 3),
            "< 3 s",
        ),
    ]


# --- pdf decision memo ------------------------------------------------------------------------------


def _bare_reportlab_memo(workdir: Path, rows: list[list[str]], name: str) -> None:
    """The baseline: reportlab with one paragraph and one table of the same ranking."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    doc = SimpleDocTemplate(str(workdir / name))
    doc.build([Paragraph("Ranking", getSampleStyleSheet()["Normal"]), Table(rows, repeatRows=1)])


def bench_pdf(workdir: Path) -> list[Row]:
    """The memo for the bundled dataset (with answers) and for the stress workbook."""
    from meshdesk.core.recommendation import recommend
    from meshdesk.core.scoring import rank_workbook
    from meshdesk.core.workbook import Workbook
    from meshdesk.io.dataset import load_dataset
    from meshdesk.io.questionnaire import load_answers, load_questionnaire
    from meshdesk.locations import data_dir
    from meshdesk.render.pdf import export_pdf
    from tests.benchmarks.stress import make_stress_workbook

    def ranking_rows(book: Workbook) -> list[list[str]]:
        ranking = rank_workbook(book)
        return [["Rank", "Tool", "Total"]] + [
            [str(ranking.ranks[i]), book.tools[i].name, f"{ranking.totals[i]:.2f}"]
            for i in ranking.order()
        ]

    dataset = load_dataset()
    questionnaire = load_questionnaire(dataset=dataset)
    wb = dataset.new_workbook(title="Benchmark", author="bench")
    answers = load_answers(data_dir() / "examples" / "enterprise.yaml", questionnaire)
    rec = recommend(wb, questionnaire, answers)
    path = workdir / "memo.pdf"
    export_pdf(wb, path, rec, questionnaire=questionnaire)  # fonts registered, imports done
    small = ranking_rows(wb)
    _bare_reportlab_memo(workdir, small, "bare.pdf")
    pages = export_pdf(wb, path, rec, questionnaire=questionnaire)
    rows = [
        Row(
            "pdf",
            f"memo, bundled dataset + enterprise answers ({pages} pages, after imports)",
            median_time(lambda: export_pdf(wb, path, rec, questionnaire=questionnaire), 7),
            "bare SimpleDocTemplate: one paragraph + the ranking table",
            median_time(lambda: _bare_reportlab_memo(workdir, small, "bare.pdf"), 7),
            "< 0.5 s",
        )
    ]
    stress = make_stress_workbook()
    big = ranking_rows(stress)
    stress_path = workdir / "stress-memo.pdf"
    stress_pages = export_pdf(stress, stress_path)
    size_mib = stress_path.stat().st_size / 2**20
    rows.append(
        Row(
            "pdf",
            f"memo, stress 1,000 x 200 with its score appendix ({stress_pages} pages, "
            f"{size_mib:.1f} MiB)",
            median_time(lambda: export_pdf(stress, stress_path), 3),
            "bare SimpleDocTemplate: the 1,000-row ranking table",
            median_time(lambda: _bare_reportlab_memo(workdir, big, "bare-stress.pdf"), 3),
            "< 10 s",
        )
    )
    return rows


NEEDS_PANDAS = ("core", "xlsx")  # their baselines are pandas' CSV reader and xlsx writer


def bench_robustness_section(workdir: Path) -> list[Row]:
    """The robustness analysis and the Analysis panel (tests/benchmarks/bench_robustness.py)."""
    from tests.benchmarks.bench_robustness import bench_analysis_panel, bench_robustness

    return bench_robustness(workdir) + bench_analysis_panel(workdir)


SECTIONS: dict[str, Callable[[Path], list[Row]]] = {
    "core": bench_core,
    "gui": bench_gui,
    "xlsx": bench_xlsx,
    "pdf": bench_pdf,
    "robustness": bench_robustness_section,
}


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
    pandas_sections = [s for s in chosen if s in NEEDS_PANDAS]
    if pandas_sections and importlib.util.find_spec("pandas") is None:
        parser.error(
            f"the {' and '.join(pandas_sections)} baselines need pandas, which MeshDesk itself "
            "does not use: pip install -e '.[bench]'"
        )
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

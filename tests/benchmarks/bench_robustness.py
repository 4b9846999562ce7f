"""Benchmarks of the robustness analysis, each beside a baseline measured in the same run:
the deterministic part beside a plain ranking of the same workbook, the Monte Carlo beside
the bare numpy product of the same sample matrices (the least any implementation must do)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.benchmarks.bench import Row, median_time


def _bare_product(scores: np.ndarray, weights: np.ndarray, half: float, samples: int) -> None:
    """Draw the same sample matrices (weights around, scores with noise) and multiply them,
    chunked as the analysis is, on one thread; nothing else (no clipping, no ranks, no
    counting, no threads)."""
    from meshdesk.core.acceptability import CHUNK_CELLS

    rng = np.random.default_rng(0)
    tools, criteria = scores.shape
    chunk = max(1, CHUNK_CELLS // (tools * criteria))
    done = 0
    while done < samples:
        size = min(chunk, samples - done)
        w = weights * rng.uniform(0.75, 1.25, (size, criteria))
        # the same draws as the analysis makes (16 bits a cell, as float32), and the products
        bits = np.frombuffer(rng.bytes(2 * size * tools * criteria), dtype=np.uint16)
        noise = bits.reshape(size, tools, criteria).astype(np.float32)
        np.einsum("stk,sk->st", noise, w.astype(np.float32))
        w @ scores.T
        done += size


def bench_robustness(workdir: Path) -> list[Row]:
    from meshdesk.core.acceptability import Settings, acceptability
    from meshdesk.core.analysis import deterministic
    from meshdesk.core.scoring import compute
    from meshdesk.io.dataset import load_dataset
    from tests.benchmarks.stress import make_stress_workbook

    rows: list[Row] = []
    bundled = load_dataset().new_workbook()
    stress = make_stress_workbook()
    for label, wb, target, repeat in (
        ("bundled dataset", bundled, "< 1 ms", 200),
        ("1,000 x 200", stress, "< 20 ms", 10),
    ):
        rows.append(
            Row(
                "robustness",
                f"deterministic analysis (contributions, stability, flips, score flips, tornado), {label}",
                median_time(lambda wb=wb: deterministic(wb), repeat),
                "ranking the same workbook (scoring.compute)",
                median_time(lambda wb=wb: compute(wb.scores, wb.weights), repeat),
                target,
            )
        )
    for label, wb, target, repeat in (
        ("bundled dataset", bundled, "< 100 ms", 10),
        ("1,000 x 200", stress, "< 3 s", 3),
    ):
        c = deterministic(wb).candidates
        half = np.full(c.scores.shape, 0.5)
        settings = Settings(samples=10_000)
        rows.append(
            Row(
                "robustness",
                f"rank acceptability, 10,000 samples, scores ±0.5, {label}",
                median_time(
                    lambda c=c, half=half, s=settings: acceptability(c.scores, c.weights, half, s),
                    repeat,
                ),
                "bare numpy product of the same sample matrices",
                median_time(lambda c=c: _bare_product(c.scores, c.weights, 0.5, 10_000), repeat),
                target,
            )
        )
    return rows


def bench_analysis_panel(workdir: Path) -> list[Row]:
    """A weight change with the Analysis panel open, until the window has repainted."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["MESHDESK_HOME"] = str(workdir / "home-panel")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from meshdesk.io.project import save_project
    from meshdesk.ui.main_window import MainWindow
    from tests.benchmarks.stress import make_stress_workbook

    app = QApplication.instance() or QApplication([])
    rows: list[Row] = []
    window = MainWindow()
    window.show()
    app.processEvents()
    path = workdir / "stress-panel.meshdesk"
    save_project(make_stress_workbook(), path)

    def cycle(sorted_grid: bool) -> tuple[float, float]:
        first = window.document.workbook.criterion_ids[0]
        state = {"w": 10.0}

        def change() -> None:
            state["w"] = 30.0 if state["w"] == 10.0 else 10.0
            window.weights.set_weight(first, state["w"], ("bench", first))
            app.processEvents()

        if sorted_grid:
            window.grid.sortByColumn(window.model.col_total, Qt.SortOrder.DescendingOrder)
            app.processEvents()
        window.show_analysis(False)
        without = median_time(change, 20)
        window.show_analysis(True)
        app.processEvents()
        with_panel = median_time(change, 20)
        return with_panel, without

    ours, base = cycle(False)
    rows.append(
        Row(
            "robustness",
            "weight change until repainted, Analysis panel open, bundled dataset",
            ours,
            "the same without the panel",
            base,
            "< 16 ms",
        )
    )
    window.open_path(path, ask=False)
    app.processEvents()
    ours, base = cycle(True)
    rows.append(
        Row(
            "robustness",
            "same, 1,000 x 200 sorted by weighted total",
            ours,
            "the same without the panel",
            base,
            "< 50 ms",
        )
    )
    window.show_analysis(False)
    window.document.undo_stack.setClean()
    window.close()
    return rows

"""The workbook's Robustness sheet: the analysis as computed at export time, with the settings
that reproduce it; still a workbook that imports back unchanged."""

from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
import pytest

from meshdesk.core.acceptability import Settings
from meshdesk.core.commands import SetWeights, UpdateTool
from meshdesk.io.robustness import analyse, analyse_if_possible
from meshdesk.io.xlsx_export import build_xlsx_bytes
from meshdesk.io.xlsx_import import import_xlsx
from meshdesk.io.xlsx_robustness import ROBUSTNESS


def sheet_values(data: bytes) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [list(row) for row in book[ROBUSTNESS].iter_rows(values_only=True)]


def test_the_sheet_states_the_analysis_and_its_settings(workbook) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse(workbook, Settings(samples=3_000, seed=5))
    data = build_xlsx_bytes(workbook, analysis=analysis)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames.index(ROBUSTNESS) == book.sheetnames.index("Ranking") + 1
    rows = sheet_values(data)
    text = [str(cell) for row in rows for cell in row if cell is not None]
    assert rows[0][0] == "How robust the leader is"
    assert text[1].startswith("Istio stays first unless the weight of Ease of use rises above 26.7")
    assert "of 3,000 variations of the weights and scores." in text[1]
    settings = next(t for t in text if t.startswith("Values, not formulas."))
    assert "meshdesk robustness PROJECT --samples 3000 --seed 5 --weights-mode around" in settings
    # the stability table, as numbers
    start = next(i for i, row in enumerate(rows) if row[0] == "Criterion" and row[3] == "up to")
    table = {row[0]: tuple(row[1:4]) for row in rows[start + 1 : start + 8]}
    assert table["Core features"] == (25.0, pytest.approx(7.5), "no limit")
    assert table["Ease of use"][2] == pytest.approx(26 + 2 / 3)
    # acceptability shares are fractions shown as percent
    head = next(i for i, row in enumerate(rows) if row[0] == "Tool" and row[1] == "Rank 1")
    shares = {row[0]: row[1] for row in rows[head + 1 : head + 8]}
    istio = analysis.candidates.ids.index("istio")
    assert shares["Istio"] == pytest.approx(float(analysis.acceptability.first[istio]))


def test_the_workbook_still_imports_back(workbook, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "with-robustness.xlsx"
    path.write_bytes(build_xlsx_bytes(workbook, analysis=analyse(workbook, Settings(samples=500))))
    back = import_xlsx(path, base=workbook)
    assert back.tool_ids == workbook.tool_ids and back.criterion_ids == workbook.criterion_ids
    assert (back.scores == workbook.scores).all() and (back.weights == workbook.weights).all()


def test_nothing_choosable_leaves_the_sheet_out(workbook) -> None:  # type: ignore[no-untyped-def]
    SetWeights(tuple((c.id, 0.0) for c in workbook.criteria)).apply(workbook)
    assert analyse_if_possible(workbook) is None
    data = build_xlsx_bytes(workbook, analysis=analyse_if_possible(workbook))
    assert ROBUSTNESS not in openpyxl.load_workbook(io.BytesIO(data)).sheetnames


def test_names_are_text_in_the_sheet(workbook) -> None:  # type: ignore[no-untyped-def]
    istio = workbook.tool("istio")
    UpdateTool(replace(istio, name='=HYPERLINK("http://x","y")')).apply(workbook)
    data = build_xlsx_bytes(workbook, analysis=analyse(workbook, Settings(samples=200)))
    book = openpyxl.load_workbook(io.BytesIO(data))
    for row in book[ROBUSTNESS].iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate

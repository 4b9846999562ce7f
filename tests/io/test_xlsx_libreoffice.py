"""Proof with a real spreadsheet application: LibreOffice, told to recalculate every formula on
load, computes from the exported workbook exactly the engine's totals and ranks, before and
after a colleague edits weights and scores in the file; importing the edited file and ranking
it gives the same numbers again. Injected text stays text; the export prints."""

from __future__ import annotations

import math

import openpyxl
import pypdf
import pytest

from meshdesk.core.commands import AddCriterion, AddTool, SetNote, SetScores, SetWeights
from meshdesk.core.scoring import rank_workbook
from meshdesk.core.workbook import CellNote, Criterion, Tool, Workbook
from meshdesk.io.xlsx_export import SCORES, export_xlsx
from meshdesk.io.xlsx_import import import_xlsx
from tests.helpers.libreoffice import LibreOffice

pytestmark = pytest.mark.libreoffice

TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    return LibreOffice(tmp_path_factory.mktemp("libreoffice"))


@pytest.fixture
def evaluation(workbook):
    """The dataset plus a tie (a twin of Kuma), an incomplete row, and a criterion of weight
    0 that only one tool is scored on (blank cells there must not make anyone incomplete)."""
    twin = tuple((c, workbook.score("kuma", c)) for c in workbook.criterion_ids)
    AddTool(Tool("kuma-twin", "Kuma twin"), scores=twin).apply(workbook)
    AddTool(Tool("half-mesh", "Half mesh"), scores=(("core", 9.0), ("ease", 9.0))).apply(workbook)
    AddCriterion(Criterion("docs", "Documentation"), weight=0, scores=(("istio", 7.0),)).apply(
        workbook
    )
    SetNote("istio", "core", CellNote("=1+1 says the vendor", "@source", "2026-11-20")).apply(
        workbook
    )
    return workbook


def computed(path, workbook: Workbook) -> tuple[list[float | None], list[int | None]]:
    """The totals and ranks a spreadsheet user sees, by the workbook's tool order."""
    ws = openpyxl.load_workbook(path, data_only=True)[SCORES]
    n = len(workbook.criteria)
    by_name = {
        row[0]: (row[n + 1], row[n + 2]) for row in ws.iter_rows(min_row=2, values_only=True)
    }
    assert set(by_name) == {t.name for t in workbook.tools}
    totals = [by_name[t.name][0] for t in workbook.tools]
    ranks = [by_name[t.name][1] for t in workbook.tools]
    return [None if v in (None, "") else float(v) for v in totals], [
        None if v in (None, "") else int(v) for v in ranks
    ]


def assert_matches_engine(totals, ranks, workbook: Workbook) -> None:
    engine = rank_workbook(workbook)
    for i, tool in enumerate(workbook.tools):
        if engine.complete[i]:
            assert totals[i] is not None, tool.id
            assert abs(totals[i] - engine.totals[i]) <= TOLERANCE, tool.id
            assert ranks[i] == engine.ranks[i], tool.id
        else:  # incomplete: no total and no rank, never a total counting blanks as 0
            assert totals[i] is None and ranks[i] is None, tool.id


def test_libreoffice_computes_the_engines_totals_before_and_after_edits(
    evaluation, office, tmp_path
):
    exported = tmp_path / "evaluation.xlsx"
    export_xlsx(evaluation, exported)
    totals, ranks = computed(office.recalculate(exported), evaluation)
    assert_matches_engine(totals, ranks, evaluation)
    kuma, twin = evaluation.tool_row("kuma"), evaluation.tool_row("kuma-twin")
    assert ranks[kuma] == ranks[twin]  # the tie shares a rank ...
    assert ranks.count(ranks[kuma] + 1) == 0  # ... and the next rank is skipped
    assert totals[evaluation.tool_row("half-mesh")] is None

    # a colleague changes weights and scores in the file, formulas untouched
    book = openpyxl.load_workbook(exported)
    scores, weights = book["Scores"], book["Weights"]
    weights["B2"], weights["B8"] = 40, 5  # core 25 -> 40, value 15 -> 5
    row = {scores.cell(r, 1).value: r for r in range(2, scores.max_row + 1)}
    scores.cell(row["Istio"], 3).value = 9.5  # ease of use 6 -> 9.5
    scores.cell(row["Cilium service mesh"], 5).value = None  # security: now not scored
    for col in range(4, 9):  # Half mesh gets its missing weighted scores
        scores.cell(row["Half mesh"], col).value = 7
    edited = tmp_path / "edited.xlsx"
    book.save(edited)

    expected = evaluation.copy()
    SetWeights((("core", 40.0), ("value", 5.0))).apply(expected)
    changes = [("istio", "ease", 9.5), ("cilium", "security", math.nan)]
    changes += [("half-mesh", c, 7.0) for c in expected.criterion_ids[2:7]]
    SetScores(tuple(changes)).apply(expected)
    recalculated = office.recalculate(edited)
    totals, ranks = computed(recalculated, expected)
    assert_matches_engine(totals, ranks, expected)
    assert totals[expected.tool_row("cilium")] is None
    assert totals[expected.tool_row("half-mesh")] is not None

    # the file LibreOffice saved comes back as the edited evaluation, with the same numbers
    back = import_xlsx(recalculated, base=evaluation)
    assert back.equals(expected)
    engine = rank_workbook(back)
    for i, (total, rank) in enumerate(zip(totals, ranks, strict=True)):
        if total is None:
            assert not engine.complete[i]
        else:
            assert abs(engine.totals[i] - total) <= TOLERANCE and engine.ranks[i] == rank


def test_libreoffice_shows_injected_text_as_text(workbook, office, tmp_path):
    attempts = ["=1+1", "+1+1", "-1+1", "@SUM(1,1)", "\uff1d1+1", '=HYPERLINK("http://x.test")']
    for i, text in enumerate(attempts):
        AddTool(Tool(f"evil-{i}", text), scores=(("core", 5.0),)).apply(workbook)
        SetNote(f"evil-{i}", "core", CellNote(text, text, "")).apply(workbook)
    path = tmp_path / "hostile.xlsx"
    export_xlsx(workbook, path)
    book = openpyxl.load_workbook(office.recalculate(path), data_only=True)
    names = [r[0] for r in book["Scores"].iter_rows(min_row=2, values_only=True)]
    assert names[-len(attempts) :] == attempts  # the text, not 2 or 0 or a link
    notes = [r[2:4] for r in book["Notes"].iter_rows(min_row=2, values_only=True)]
    assert notes == [(t, t) for t in attempts]


def test_export_prints_as_a_finished_document(evaluation, office, tmp_path):
    exported = tmp_path / "print.xlsx"
    export_xlsx(evaluation, exported)
    pdf = pypdf.PdfReader(office.to_pdf(exported, tmp_path / "pdf"))
    pages = [page.extract_text() for page in pdf.pages]
    assert len(pages) >= 5  # every sheet prints
    first = pages[0]
    assert "Weighted total" in first and "Istio" in first and "Kuma twin" in first
    assert "Scores · page 1 of" in first  # the footer
    assert any("MeshDesk evaluation workbook" in page for page in pages)
    weights = next(page for page in pages if "Criterion id" in page)
    assert "Core features" in weights and "25.0" in weights and "25.0%" in weights

"""Proof with a real spreadsheet application: LibreOffice, told to recalculate every formula on
load, computes from the exported workbook exactly the engine's totals and ranks, before and
after a colleague edits weights and scores in the file, and after a colleague adds a
criterion and a tool the way the file's About sheet says; importing the edited file and
ranking it gives the same numbers again. Injected text stays text; the export prints."""

from __future__ import annotations

import math

import numpy as np
import openpyxl
import pypdf
import pytest
from openpyxl.formula.translate import Translator

from meshdesk.core.commands import AddCriterion, AddTool, SetNote, SetScores, SetWeights
from meshdesk.core.scoring import compute, rank_workbook
from meshdesk.core.workbook import CellNote, Criterion, Tool, Workbook
from meshdesk.io.xlsx_export import (
    ABOUT,
    HOW_TO_RETURN,
    RANK_HEADER,
    RANKING,
    SCORES,
    TOTAL_HEADER,
    WEIGHTS,
    export_xlsx,
)
from meshdesk.io.xlsx_import import import_xlsx
from tests.helpers.libreoffice import LibreOffice
from tests.helpers.pdf import flat
from tests.helpers.pdf import pages as pdf_pages
from tests.io.test_xlsx_print import headings, long_recommendation

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


def new_scores(workbook: Workbook, step: int) -> dict[str, float]:
    """A score for every tool on an added criterion; Kuma and its twin stay tied."""
    scores = {t.id: float((step * i + 3) % 11) for i, t in enumerate(workbook.tools)}
    scores["kuma-twin"] = scores["kuma"]
    return scores


def test_a_criterion_and_a_tool_added_as_the_about_sheet_says_count_and_come_back(
    evaluation, office, tmp_path
):
    """HOW_TO_RETURN followed literally with openpyxl, which moves cells but never rewrites a
    formula (Excel and LibreOffice adjust references when they insert a column; the formulas
    name no criterion column, so both ways give the same file): one criterion column inserted
    right before 'Weighted total' with its weight row under the last one, another between two
    criterion columns with its weight row inserted inside the list, a weight changed, and a
    tool row added with the total and rank cells copied into it. LibreOffice then computes
    exactly the engine's totals and ranks for those inputs, and the import rebuilds them."""
    assert "insert a column anywhere between 'Tool' and 'Weighted total'" in HOW_TO_RETURN
    assert "anywhere in the list on the Weights sheet" in HOW_TO_RETURN
    exported = tmp_path / "evaluation.xlsx"
    export_xlsx(evaluation, exported)
    book = openpyxl.load_workbook(exported)
    assert HOW_TO_RETURN in [row[1] for row in book[ABOUT].iter_rows(values_only=True)]
    scores, weights = book[SCORES], book[WEIGHTS]
    rows = {scores.cell(r, 1).value: r for r in range(2, scores.max_row + 1)}
    ids = {t.name: t.id for t in evaluation.tools}
    multi, wildcard = new_scores(evaluation, 4), new_scores(evaluation, 7)

    # a criterion right before 'Weighted total'; its weight row under the last one
    total_col = [c.value for c in scores[1]].index(TOTAL_HEADER) + 1
    scores.insert_cols(total_col)
    scores.cell(1, total_col, "Multi-cluster")
    for name, r in rows.items():
        scores.cell(r, total_col, multi[ids[name]])
    last = weights.max_row
    weights.cell(last + 1, 1, "Multi-cluster")
    weights.cell(last + 1, 2, 20)
    # a criterion between 'Core features' and 'Ease of use', its weight row inside the list;
    # its name read as a SUMIF pattern would also match 'Performance' (weight 10)
    assert scores.cell(1, 2).value == "Core features" and scores.cell(1, 3).value == "Ease of use"
    scores.insert_cols(3)
    scores.cell(1, 3, "Performance*")
    for name, r in rows.items():
        scores.cell(r, 3, wildcard[ids[name]])
    weights.insert_rows(4)
    weights.cell(4, 1, "Performance*")
    weights.cell(4, 2, 12)
    assert weights.cell(2, 1).value == "Core features"
    weights.cell(2, 2, 30)  # 25 -> 30
    # a tool: a row with its name and scores, the total and rank cells copied from Istio's row
    header = [c.value for c in scores[1]]
    total_col, rank_col = header.index(TOTAL_HEADER) + 1, header.index(RANK_HEADER) + 1
    new_row = scores.max_row + 1
    ours = {name: float(8 - j % 3) for j, name in enumerate(header[1 : total_col - 1])}
    scores.cell(new_row, 1, "Our mesh")
    for j, name in enumerate(header[1 : total_col - 1], start=2):
        scores.cell(new_row, j, ours[name])
    for col in (total_col, rank_col):
        source = scores.cell(rows["Istio"], col)
        target = scores.cell(new_row, col)
        target.value = Translator(source.value, origin=source.coordinate).translate_formula(
            target.coordinate
        )
    edited = tmp_path / "with-criteria.xlsx"
    book.save(edited)

    expected = evaluation.copy()
    AddCriterion(
        Criterion("performance-2", "Performance*"), index=1, scores=tuple(wildcard.items())
    ).apply(expected)
    AddCriterion(Criterion("multi-cluster", "Multi-cluster"), scores=tuple(multi.items())).apply(
        expected
    )
    SetWeights((("core", 30.0), ("performance-2", 12.0), ("multi-cluster", 20.0))).apply(expected)
    by_name = {c.name: c.id for c in expected.criteria}
    AddTool(
        Tool("our-mesh", "Our mesh"), scores=tuple((by_name[k], v) for k, v in ours.items())
    ).apply(expected)
    assert [c.name for c in expected.criteria] == header[1 : total_col - 1]

    recalculated = office.recalculate(edited)
    totals, ranks = computed(recalculated, expected)
    engine = compute(expected.scores, expected.weights)
    for i, tool in enumerate(expected.tools):
        if engine.complete[i]:
            assert totals[i] is not None, tool.id
            assert abs(totals[i] - engine.totals[i]) <= TOLERANCE, tool.id
            assert ranks[i] == engine.ranks[i], tool.id
        else:
            assert totals[i] is None and ranks[i] is None, tool.id
    assert totals[expected.tool_row("half-mesh")] is None  # still missing weighted scores
    assert totals[expected.tool_row("our-mesh")] is not None
    assert ranks[expected.tool_row("kuma")] == ranks[expected.tool_row("kuma-twin")]
    # the new criteria count: without them (weight 0) the engine's totals are different
    unweighted = expected.weights.copy()
    unweighted[
        [expected.criterion_col("performance-2"), expected.criterion_col("multi-cluster")]
    ] = 0
    without = compute(expected.scores, unweighted)
    complete = engine.complete & without.complete
    assert np.abs(engine.totals[complete] - without.totals[complete]).max() > 0.01

    back = import_xlsx(recalculated, base=evaluation)
    assert back.equals(expected)


def test_libreoffice_matches_weights_by_the_exact_name(office, tmp_path):
    """Names a SUMIF criterion would read as a pattern, a comparison or a number, and a
    criterion called like the 'Weighted total' column: each column gets its own weight."""
    names = ["Weighted total", "Cost*", "Cost", "HA?", "HA!", "~tilde", "<10 ms", ">5 nodes"]
    names += ["=x", "1/2", "10", "Rank"]
    criteria = [Criterion(f"c{i}", name) for i, name in enumerate(names)]
    weights = [float(5 + 3 * i) for i in range(len(names))]
    scores = np.round(np.random.default_rng(7).uniform(0, 10, (5, len(names))), 1)
    scores[4, 3] = math.nan  # a weighted criterion without a score: no total
    tools = [Tool(f"t{i}", f"T{i}") for i in range(5)]
    wb = Workbook(tools, criteria, weights, scores)
    path = tmp_path / "names.xlsx"
    export_xlsx(wb, path)
    recalculated = office.recalculate(path)
    totals, ranks = computed(recalculated, wb)
    assert_matches_engine(totals, ranks, wb)
    assert totals[4] is None
    assert import_xlsx(recalculated, base=wb).equals(wb)


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


def printed(office, workbook: Workbook, tmp_path, name: str, **kwargs) -> list[str]:
    """The pages of the export as LibreOffice prints them (text of each page)."""
    exported = tmp_path / f"{name}.xlsx"
    export_xlsx(workbook, exported, **kwargs)
    reader = pypdf.PdfReader(office.to_pdf(exported, tmp_path))
    return [page.extract_text() for page in reader.pages]


def test_libreoffice_lists_and_charts_every_tool_in_rank_order(evaluation, office, tmp_path):
    """The Ranking sheet as LibreOffice computes it is the engine's order, and its printed
    chart names every ranked tool, one label per bar, best first (none skipped)."""
    exported = tmp_path / "ranking.xlsx"
    export_xlsx(evaluation, exported)
    ranking = openpyxl.load_workbook(office.recalculate(exported), data_only=True)[RANKING]
    engine = rank_workbook(evaluation)
    order = [evaluation.tools[i].name for i in engine.order()]
    listed = [r[1] for r in ranking.iter_rows(min_row=2, max_row=len(order) + 1, values_only=True)]
    assert listed == order
    pages = printed(office, evaluation, tmp_path, "chart")
    chart = next(page for page in pages if "Weighted totals, best first" in page)
    lines = [line.strip() for line in chart.splitlines()]
    labels = [line for line in lines if line in set(order)]
    # every place labelled, in rank order; the tool without a total is last, with no bar
    assert labels == order and not engine.complete[engine.order()[-1]]


def test_printed_pages_keep_headings_with_their_rows_and_show_whole_footers(
    workbook, office, tmp_path
):
    rec = long_recommendation(7)  # puts a heading at a page foot unless it is kept
    exported = tmp_path / "long.xlsx"
    export_xlsx(workbook, exported, recommendation=rec)
    book = openpyxl.load_workbook(exported)
    kept = {  # compared without spaces: a PDF line joins its cells' text without them
        flat("".join(str(c.value) for c in ws[r] if c.value is not None))
        for ws in book.worksheets
        for r in headings(ws)
    }
    assert {"Weightchanges", "Sourcescited", "Must-haves"} <= kept
    assert "CriterionBefore(%)After(%)Why" in kept  # a section's header row
    pdf = office.to_pdf(exported, tmp_path / "long")
    # the body as LibreOffice lays it out, line by line (the footer, lower, is left out)
    body = pdf_pages(pdf, margin=40)
    assert len(body) >= 8
    for page in body:
        assert page.lines, page.number
        assert flat(page.lines[-1].text) not in kept, (page.number, page.lines[-1].text)
    # every page has its whole footer, with room under it
    reader = pypdf.PdfReader(pdf)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert any(f"{s} · page {number} of {len(body)}" in text for s in book.sheetnames)
        baselines: list[float] = []

        def footer(text, cm, tm, font, size, into=baselines):
            if " · page " in text:
                into.append(pypdf.mult(tm, cm)[5])

        page.extract_text(visitor_text=footer)
        assert baselines and min(baselines) >= 18, (number, baselines)  # 0.25 in at least

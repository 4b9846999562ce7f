"""Importing .xlsx: MeshDesk's own export (unchanged and edited), plain tables from
elsewhere, and every bad cell reported with its address while nothing is imported."""

from __future__ import annotations

import math
import zipfile
from datetime import datetime

import numpy as np
import openpyxl
import pytest

from meshdesk.core.commands import (
    AddCriterion,
    AddTool,
    RemoveTool,
    SetAnswers,
    SetNote,
    SetScores,
    SetWeights,
)
from meshdesk.core.errors import DataError, InputError
from meshdesk.core.scoring import rank_workbook
from meshdesk.core.workbook import CellNote, Criterion, Tool
from meshdesk.io.importers import import_file
from meshdesk.io.xlsx_export import export_xlsx
from meshdesk.io.xlsx_import import import_xlsx


@pytest.fixture
def evaluation(workbook):
    """The dataset workbook as a user leaves it: notes, answers, an added, incomplete tool."""
    SetNote(
        "istio", "core", CellNote("Measured in the pilot", "https://wiki.test/p", "2026-11-20")
    ).apply(workbook)
    SetNote("linkerd", "ease", CellNote("Very easy", "", "")).apply(workbook)
    SetAnswers({"organization": "enterprise"}).apply(workbook)
    AddTool(Tool("our-mesh", "Our mesh"), scores=(("core", 7.5), ("ease", 9.0))).apply(workbook)
    return workbook


@pytest.fixture
def exported(evaluation, tmp_path):
    path = tmp_path / "evaluation.xlsx"
    export_xlsx(evaluation, path)
    return path


def edit(path, change, name="edited.xlsx"):
    """Open an .xlsx as a spreadsheet user would (formulas kept), change it, save a copy."""
    book = openpyxl.load_workbook(path)
    change(book)
    target = path.with_name(name)
    book.save(target)
    return target


def test_own_export_comes_back_identical_into_its_project(evaluation, exported):
    back = import_xlsx(exported, base=evaluation)
    assert back.equals(evaluation)
    assert back.tools[0].facts is evaluation.tools[0].facts


def test_own_export_without_project_keeps_numbers_notes_and_ids(evaluation, exported):
    back = import_xlsx(exported)
    assert [t.name for t in back.tools] == [t.name for t in evaluation.tools]
    assert back.criteria == evaluation.criteria  # ids from the Weights sheet, descriptions too
    assert np.array_equal(back.weights, evaluation.weights)
    assert np.array_equal(back.scores, evaluation.scores, equal_nan=True)
    names = {t.id: t.name for t in back.tools}
    original = {t.id: t.name for t in evaluation.tools}
    assert {(names[t], c): n for (t, c), n in back.notes.items()} == {
        (original[t], c): n for (t, c), n in evaluation.notes.items()
    }
    assert back.metadata.title == evaluation.metadata.title
    assert back.metadata.dataset_as_of == evaluation.metadata.dataset_as_of
    assert all(t.facts is None for t in back.tools)  # facts live in the project, not the sheet
    engine, imported = rank_workbook(evaluation), rank_workbook(back)
    assert np.array_equal(engine.totals, imported.totals, equal_nan=True)
    assert np.array_equal(engine.ranks, imported.ranks)


def test_edited_export_becomes_the_expected_workbook(evaluation, exported):
    n = len(evaluation.criteria)

    def colleague(book):
        scores, weights, notes = book["Scores"], book["Weights"], book["Notes"]
        scores["C2"] = 9  # Istio, ease of use: 6 -> 9
        scores["B3"] = None  # Linkerd, core: cleared (not scored)
        traefik = next(c.row for c in scores["A"] if c.value == "Traefik Mesh")
        scores.delete_rows(traefik)
        scores.insert_cols(n + 2, 2)  # two criteria before "Weighted total"
        scores.cell(1, n + 2, "Cost")
        scores.cell(1, n + 3, "Docs")
        scores.cell(2, n + 2, 6)
        new_row = scores.max_row + 1
        for col, value in enumerate(["New mesh", 5, 6, 7, 8, 9, 5, 6, 7, 4], start=1):
            scores.cell(new_row, col, value)
        weights["B2"] = 40  # core: 25 -> 40
        weights.append(["Cost", 10])  # a weight for the new column; none for Docs
        notes["C2"] = "Measured again"
        notes.delete_rows(3)
        notes.append(["New mesh", "Cost", "Quoted by the vendor", "", datetime(2026, 11, 24)])

    back = import_xlsx(edit(exported, colleague), base=evaluation)

    expected = evaluation.copy()
    SetScores((("istio", "ease", 9.0), ("linkerd", "core", math.nan))).apply(expected)
    RemoveTool("traefik-mesh").apply(expected)
    AddCriterion(Criterion("cost", "Cost"), weight=10, scores=(("istio", 6.0),)).apply(expected)
    AddCriterion(Criterion("docs", "Docs"), weight=0).apply(expected)
    new_scores = zip(expected.criterion_ids, (5, 6, 7, 8, 9, 5, 6, 7, 4), strict=True)
    AddTool(Tool("new-mesh", "New mesh"), scores=tuple((c, float(v)) for c, v in new_scores)).apply(
        expected
    )
    SetWeights((("core", 40.0),)).apply(expected)
    SetNote("istio", "core", CellNote("Measured again", "https://wiki.test/p", "2026-11-20")).apply(
        expected
    )
    SetNote("linkerd", "ease", None).apply(expected)
    SetNote("new-mesh", "cost", CellNote("Quoted by the vendor", "", "2026-11-24")).apply(expected)
    assert back.equals(expected)
    assert back.tool("istio").facts is evaluation.tool("istio").facts
    assert back.tool("new-mesh").facts is None


def test_cached_and_overwritten_derived_columns_are_ignored(evaluation, exported):
    n = len(evaluation.criteria)

    def junk(book):
        ws = book["Scores"]
        for r in range(2, ws.max_row + 1):
            ws.cell(r, n + 2, 99)  # a typed "total"
            ws.cell(r, n + 3, "=1/0")  # a formula in the rank column
            ws.cell(r, n + 4, "made up")

    back = import_xlsx(edit(exported, junk), base=evaluation)
    assert back.equals(evaluation)


def test_a_criterion_named_like_a_computed_column_is_still_read(workbook, tmp_path):
    AddCriterion(Criterion("rank", "Rank"), weight=5, scores=(("istio", 3.0),)).apply(workbook)
    path = tmp_path / "rank.xlsx"
    export_xlsx(workbook, path)
    assert import_xlsx(path, base=workbook).equals(workbook)


def write_table(path, header, rows, weights=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Evaluation 2026"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if weights is not None:
        ws = book.create_sheet("Weights")
        for row in weights:
            ws.append(row)
    book.save(path)
    return path


def test_plain_table_without_weights_gets_equal_weights(tmp_path):
    path = write_table(
        tmp_path / "from-elsewhere.xlsx",
        ["Platform", "Core features", "Ease of use", "Docs"],
        [
            ["Istio", 10, 6, 7],
            ["Linkerd", 8, "9,5", None],
            [None, None, None, None],
            ["Kuma", 8.5, 8, 8],
        ],
    )
    wb = import_xlsx(path)
    assert wb.tool_ids == ["istio", "linkerd", "kuma"]
    assert [c.id for c in wb.criteria] == ["core-features", "ease-of-use", "docs"]
    assert wb.weights.tolist() == pytest.approx([100 / 3] * 3)
    assert wb.score("linkerd", "ease-of-use") == 9.5  # text with a decimal comma
    assert math.isnan(wb.score("linkerd", "docs"))
    assert wb.metadata.title == "from-elsewhere"


@pytest.mark.parametrize("header_row", [True, False])
def test_plain_table_with_a_weights_sheet(tmp_path, header_row):
    weights = [["Core", 70], ["ease", "30%"]]
    if header_row:
        weights.insert(0, ["Criterion", "Weight"])
    path = write_table(
        tmp_path / "t.xlsx",
        ["Tool", "Core", "Ease", "Docs"],
        [["A", 1, 2, 3], ["B", 4, 5, 6]],
        weights,
    )
    wb = import_xlsx(path)
    assert wb.weights.tolist() == [70, 30, 0]  # names matched ignoring case; Docs has none


def test_csv_and_xlsx_through_import_file(tmp_path):
    csv_path = tmp_path / "t.csv"
    csv_path.write_text("Tool,Core\nIstio,9\n", encoding="utf-8")
    assert import_file(csv_path).score("istio", "core") == 9
    xlsx_path = write_table(tmp_path / "t.xlsx", ["Tool", "Core"], [["Istio", 9]])
    assert import_file(xlsx_path).score("istio", "core") == 9


def test_import_file_refuses_macros_and_unknown_types(tmp_path):
    with pytest.raises(
        InputError, match=r"macro-enabled workbook; MeshDesk does not import macros"
    ):
        import_file(tmp_path / "scores.xlsm")
    with pytest.raises(InputError, match=r"imports \.csv and \.xlsx files; this one ends in \.ods"):
        import_file(tmp_path / "scores.ods")


def test_every_bad_cell_is_reported_with_its_address_and_nothing_imported(evaluation, exported):
    def mistakes(book):
        scores, weights, notes = book["Scores"], book["Weights"], book["Notes"]
        scores["C2"] = "high"
        scores["D3"] = 11
        scores["E4"] = "=B4*2"  # a formula where a typed score belongs
        scores["A6"] = "istio"  # the same tool twice
        weights["B3"] = "lots"
        weights.append(["Ghost criterion", 5])
        notes.append(["Nobody", "Core features", "?", "", "someday"])

    with pytest.raises(DataError) as info:
        import_xlsx(edit(exported, mistakes), base=evaluation)
    message = str(info.value)
    assert message.startswith(
        f"{exported.with_name('edited.xlsx')}: nothing was imported; 8 problems"
    )
    for expected in (
        'Scores!C2: "high" is not a number from 0 to 10',
        "Scores!D3: 11 is outside the score range 0 to 10",
        "Scores!E4: is a formula (=B4*2); MeshDesk imports typed values only",
        "Scores!A6: the tool 'istio' appears twice (first at Scores!A2)",
        'Weights!B3: "lots" is not a weight',
        "Weights!A9: the criterion 'Ghost criterion' has no column on the Scores sheet",
        "Notes!A4: the tool 'Nobody' is not on the Scores sheet",
        "Notes!E4: 'someday' is not a date written YYYY-MM-DD or YYYY-MM",
    ):
        assert expected in message


def test_weights_that_add_up_to_zero_are_refused(exported, evaluation):
    def zero(book):
        for row in book["Weights"].iter_rows(min_row=2, max_col=2):
            row[1].value = 0

    with pytest.raises(
        DataError, match="the weights of the criteria on the Scores sheet add up to 0"
    ):
        import_xlsx(edit(exported, zero), base=evaluation)


def test_quote_prefixed_text_and_escapes_come_back_as_typed(tmp_path):
    path = write_table(
        tmp_path / "t.xlsx",
        ["Tool", "Core"],
        [["'=cmd|' /C calc'!A0", 5], ["'plain", 4], ["=plus", 3]],
    )
    book = openpyxl.load_workbook(path)
    book.active["A4"].data_type = "s"  # typed as text with a leading apostrophe in Excel
    book.active["A4"].quotePrefix = True
    book.save(path)
    wb = import_xlsx(path)
    assert [t.name for t in wb.tools] == ["=cmd|' /C calc'!A0", "'plain", "=plus"]


def test_date_cells_typed_in_a_spreadsheet_become_iso_dates(evaluation, exported):
    def dated(book):
        book["Notes"]["E2"] = datetime(2026, 12, 1, 0, 0)

    back = import_xlsx(edit(exported, dated), base=evaluation)
    assert back.note("istio", "core").date == "2026-12-01"


HAND_MADE_PARTS = {
    "[Content_Types].xml": "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>",
    "_rels/.rels": (
        "<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
        "<Relationship Id='rId1' Type='http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships/officeDocument' Target='xl/workbook.xml'/></Relationships>"
    ),
    "xl/workbook.xml": (
        "<x:workbook xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main' "
        "xmlns:r='http://schemas.openxmlformats.org/officeDocument/2006/relationships'>"
        "<x:sheets><x:sheet name='Chart' sheetId='2' r:id='rId2'/>"
        "<x:sheet name='Scores' sheetId='1' r:id='rId1'/></x:sheets></x:workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        "<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
        "<Relationship Id='rId1' Type='http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships/worksheet' Target='/xl/worksheets/data.xml'/>"
        "<Relationship Id='rId2' Type='http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships/chartsheet' Target='chartsheets/sheet1.xml'/></Relationships>"
    ),
    "xl/sharedStrings.xml": (
        "<x:sst xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
        "<x:si><x:t>Tool</x:t></x:si>"
        "<x:si><x:r><x:t>Core </x:t></x:r><x:r><x:t>features</x:t></x:r>"
        "<x:rPh><x:t>phonetic</x:t></x:rPh></x:si>"
        "<x:si><x:t>Mesh_x0020_&amp; co</x:t></x:si></x:sst>"
    ),
    "xl/worksheets/data.xml": (
        "<x:worksheet xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
        "<x:sheetData><x:row r='1'><x:c r='A1' t='s'><x:v>0</x:v></x:c>"
        "<x:c r='B1' t='s'><x:v>1</x:v></x:c></x:row>"
        "<x:row r='3'><x:c t='s'><x:v>2</x:v></x:c><x:c><x:v>7.5E0</x:v></x:c></x:row>"
        "</x:sheetData></x:worksheet>"
    ),
}


def test_hand_made_workbook_with_shared_strings_prefixes_and_gaps(tmp_path):
    """Shared strings with rich-text runs and phonetic guides, prefixed namespaces, an
    absolute part path, a chart sheet listed first, cells without addresses, a skipped row."""
    path = tmp_path / "hand.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in HAND_MADE_PARTS.items():
            archive.writestr(name, text)
    wb = import_xlsx(path)
    assert [c.name for c in wb.criteria] == ["Core features"]
    assert [t.name for t in wb.tools] == ["Mesh & co"]  # _x0020_ is a space
    assert wb.scores.tolist() == [[7.5]]


def test_names_longer_than_a_project_allows_are_refused(tmp_path):
    """A project file keeps names up to 200 characters; a longer one would import, save,
    and then not load again."""
    long_name = "x" * 201
    path = write_table(tmp_path / "long.xlsx", ["Tool", long_name], [[long_name, 5]])
    with pytest.raises(DataError) as info:
        import_xlsx(path)
    assert "Evaluation 2026!B1: the criterion name is 201 characters long; the limit is 200" in str(
        info.value
    )
    assert "Evaluation 2026!A2: the tool name is 201 characters long; the limit is 200" in str(
        info.value
    )


def test_criterion_descriptions_edited_in_the_weights_sheet_come_back(evaluation, exported):
    def describe(book):
        book["Weights"]["E3"] = "How fast a new team gets productive."

    back = import_xlsx(edit(exported, describe), base=evaluation)
    assert back.criterion("ease").description == "How fast a new team gets productive."
    assert back.criterion("core").description == evaluation.criterion("core").description


@pytest.mark.parametrize("name", ["'=x", "''+1", "=y", "'quoted", "'"])
def test_names_with_apostrophes_and_formula_signs_come_back_as_typed(workbook, tmp_path, name):
    """Found by the long fuzz campaign: a name's own apostrophe before `=` was dropped."""
    AddTool(Tool("odd", name), scores=(("core", 5.0),)).apply(workbook)
    path = tmp_path / "odd.xlsx"
    export_xlsx(workbook, path)
    back = import_xlsx(path, base=workbook)
    assert back.tool("odd").name == name


def test_evidence_grades_come_back_by_id_or_by_name(evaluation, tmp_path):
    SetNote(
        "istio", "core", CellNote("Measured in the pilot", "", "2026-11-20", "own-pilot")
    ).apply(evaluation)
    SetNote("kuma", "ease", CellNote("", "", "", "vendor-claim")).apply(evaluation)  # grade alone
    path = tmp_path / "graded.xlsx"
    export_xlsx(evaluation, path)
    assert import_xlsx(path, base=evaluation).equals(evaluation)

    def regrade(book):
        notes = book["Notes"]
        for row in notes.iter_rows(min_row=2):
            if row[0].value == "Istio":
                row[5].value = "  Independent   BENCHMARK "  # a grade's name, as typed
            if row[0].value == "Linkerd":
                row[5].value = "documentation"
        notes.append(["Cilium service mesh", "Core features", None, None, None, "Vendor claim"])

    back = import_xlsx(edit(path, regrade), base=evaluation)
    assert back.note("istio", "core").evidence == "independent-benchmark"
    assert back.note("linkerd", "ease") == CellNote("Very easy", "", "", "documentation")
    assert back.note("cilium", "core") == CellNote("", "", "", "vendor-claim")


def test_an_unknown_grade_is_refused_with_its_cell(evaluation, exported):
    def rumour(book):
        book["Notes"]["F2"] = "rumour"

    with pytest.raises(DataError) as info:
        import_xlsx(edit(exported, rumour), base=evaluation)
    message = str(info.value)
    assert message.startswith(f"{exported.with_name('edited.xlsx')}: nothing was imported")
    assert "Notes!F2: 'rumour' is not an evidence grade; the grades are guide, judgement" in (
        message
    )


def test_an_export_from_before_grades_imports_with_the_default_grade(evaluation, exported):
    def older(book):  # the layout of an export without the Evidence column
        notes = book["Notes"]
        notes.delete_cols(6)
        notes["F2"] = "not a header, not read"  # what a user typed beside an old sheet

    back = import_xlsx(edit(exported, older), base=evaluation)
    assert back.equals(evaluation)
    assert all(note.evidence == "" for note in back.notes.values())

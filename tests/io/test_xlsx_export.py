"""The .xlsx export: layout, live formulas, the finish, reproducibility (no LibreOffice here;
tests/io/test_xlsx_libreoffice.py proves the formulas compute the engine's numbers)."""

from __future__ import annotations

import io
import math
import re
import zipfile

import openpyxl
import pytest

from meshdesk import __version__
from meshdesk.core.commands import AddTool, SetNote
from meshdesk.core.errors import InputError, MeshDeskError
from meshdesk.core.reasons import Lifecycle, MustHaveMet, Standing
from meshdesk.core.recommendation import (
    Exclusion,
    MustHave,
    Pick,
    Recommendation,
    WeightChange,
    WhatIf,
)
from meshdesk.core.workbook import CellNote, Criterion, Tool, Workbook
from meshdesk.io.xlsx_export import (
    ABOUT,
    COLUMN_WEIGHTS_NAME,
    COUNT_NAME,
    FACTS,
    NAMES_NAME,
    NOTES,
    RANKING,
    RECOMMENDATION,
    SCORES,
    TOTALS_NAME,
    WEIGHTS,
    WEIGHTS_NAME,
    build_xlsx_bytes,
    export_xlsx,
)
from meshdesk.io.xlsx_import import import_xlsx
from tests.benchmarks.stress import make_stress_workbook
from tests.expected import CRITERION_IDS, INACTIVE, TOOL_IDS


def load(data: bytes) -> openpyxl.Workbook:
    """The export as openpyxl sees it (normal mode: styles, validation, charts, formulas)."""
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture
def noted(workbook):
    """The dataset workbook with notes, a user-added tool and an incomplete row."""
    SetNote(
        "istio", "core", CellNote("Measured in the pilot", "https://wiki.test/p", "2026-11-20")
    ).apply(workbook)
    SetNote("kuma", "ease", CellNote("Two-line\nnote", "", "", "vendor-claim")).apply(workbook)
    AddTool(Tool("our-mesh", "Our mesh"), scores=(("core", 7.5), ("ease", 9.0))).apply(workbook)
    return workbook


def test_sheets_in_order_and_recommendation_only_when_given(noted):
    plain = load(build_xlsx_bytes(noted)).sheetnames
    assert plain == [SCORES, WEIGHTS, RANKING, NOTES, FACTS, ABOUT]
    with_rec = load(build_xlsx_bytes(noted, recommendation=make_recommendation()))
    assert with_rec.sheetnames == [SCORES, WEIGHTS, RANKING, RECOMMENDATION, NOTES, FACTS, ABOUT]


def test_scores_sheet_holds_inputs_and_live_formulas(noted):
    ws = load(build_xlsx_bytes(noted))[SCORES]
    n = len(noted.criteria)
    header = [c.value for c in ws[1]]
    assert header == [
        "Tool",
        *[c.name for c in noted.criteria],
        "Weighted total",
        "Rank",
        "Lifecycle",
    ]
    for i, tool in enumerate(noted.tools):
        row = ws[i + 2]
        assert row[0].value == tool.name
        for j in range(n):
            expected = noted.scores[i, j]
            got = row[j + 1].value
            assert (got is None) if math.isnan(expected) else got == expected
        total, rank = row[n + 1], row[n + 2]
        # live formulas over the Weights sheet (through defined names), never cached numbers
        assert total.data_type == "f" and rank.data_type == "f"
        assert COLUMN_WEIGHTS_NAME in total.value and f"{i + 2}:{i + 2}" in total.value
        assert "RANK.EQ" in rank.value and TOTALS_NAME in rank.value
    lifecycle = {
        ws.cell(i + 2, 1).value: ws.cell(i + 2, n + 4).value for i in range(len(noted.tools))
    }
    assert lifecycle["Istio"] == "Active"
    assert lifecycle["AWS App Mesh"].startswith("End of support since ")
    assert lifecycle["Our mesh"] is None  # a tool the user added has no lifecycle facts
    assert ws.max_row == len(noted.tools) + 1  # nothing below the table but the chart


def test_weights_sheet_and_defined_name(noted):
    book = load(build_xlsx_bytes(noted))
    ws = book[WEIGHTS]
    assert [c.value for c in ws[1]][:3] == ["Criterion", "Weight (%)", "Criterion id"]
    rows = list(ws.iter_rows(min_row=2, max_col=3, values_only=True))
    assert [r[0] for r in rows] == [c.name for c in noted.criteria]
    assert [r[1] for r in rows] == noted.weights.tolist()
    assert [r[2] for r in rows] == CRITERION_IDS
    names = {name: book.defined_names[name].attr_text for name in book.defined_names}
    assert names[NAMES_NAME] == "Weights!$A:$A"  # whole columns: a row added anywhere counts
    assert names[WEIGHTS_NAME] == "Weights!$B:$B"
    assert names[COUNT_NAME] == 'MATCH("Weighted total",Scores!$1:$1,0)-2'
    assert names[COLUMN_WEIGHTS_NAME] == (
        'SUMIF(CriterionNames,"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE('
        "INDEX(Scores!$1:$1,2):INDEX(Scores!$1:$1,CriterionCount+1)"
        ',"~","~~"),"*","~*"),"?","~?"),CriterionWeights)'
    )
    assert names[TOTALS_NAME] == "INDEX(Scores!$A:$XFD,0,CriterionCount+2)"


# References that name a column: cells (B7, $C$2, AA10) and whole columns ($J:$J); whole rows
# (7:7, $1:$1) name none.
CELL_REFERENCE = re.compile(r"(?<![A-Za-z0-9_.])\$?[A-Z]{1,3}\$?[0-9]+(?![0-9(])")
COLUMN_RANGE = re.compile(r"(?<![A-Za-z0-9_.])\$?[A-Z]{1,3}:\$?[A-Z]{1,3}(?![A-Za-z0-9(])")


def column_references(formula: str) -> list[str]:
    return CELL_REFERENCE.findall(formula) + COLUMN_RANGE.findall(formula)


def test_live_formulas_name_no_column_so_an_inserted_criterion_counts(noted):
    """The totals find the criterion columns by the `Weighted total` header and each weight by
    its criterion's name: no formula on Scores names a column, so inserting a criterion
    column (where HOW_TO_RETURN says) changes nothing in them, whether or not the program
    that inserts it adjusts references (tests/io/test_xlsx_libreoffice.py proves the sums)."""
    book = load(build_xlsx_bytes(noted))
    ws = book[SCORES]
    formulas = [c.value for row in ws.iter_rows(min_row=2) for c in row if c.data_type == "f"]
    assert len(formulas) == 2 * len(noted.tools)
    for formula in formulas:
        assert column_references(formula) == [], formula
    for name in (COUNT_NAME, COLUMN_WEIGHTS_NAME, TOTALS_NAME):
        text = book.defined_names[name].attr_text
        assert set(column_references(text)) <= {"$A:$XFD"}, text  # the whole sheet at most


def test_a_criterion_named_weighted_total_does_not_cut_the_criteria_short():
    wb = Workbook(
        [Tool("a", "A")],
        [Criterion("wt", "Weighted total"), Criterion("core", "Core")],
        [50.0, 50.0],
    )
    count = load(build_xlsx_bytes(wb)).defined_names[COUNT_NAME].attr_text
    assert count == 'LOOKUP(2,1/(Scores!$1:$1="Weighted total"),COLUMN(Scores!$1:$1))-2'


def test_notes_sheet_lists_every_note_by_name(noted):
    ws = load(build_xlsx_bytes(noted))[NOTES]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    names = {t.id: t.name for t in noted.tools}
    criteria = {c.id: c.name for c in noted.criteria}
    expected = [
        (
            names[t],
            criteria[c],
            note.text,
            note.source or None,
            note.date or None,
            note.evidence or None,
        )
        for t, c, note in noted.sorted_notes()
    ]
    assert rows == expected
    assert len(rows) == 2
    assert [c.value for c in ws[1]] == ["Tool", "Criterion", "Note", "Source", "Date", "Evidence"]
    assert ("Kuma", "Ease of use") in {r[:2] for r in rows if r[5] == "vendor-claim"}
    assert ws.auto_filter.ref == "A1:F3"


def test_facts_sheet_matrix_and_sources_resolved_to_urls(workbook):
    ws = load(build_xlsx_bytes(workbook))[FACTS]
    header = [c.value for c in ws[1]]
    features = workbook.catalogue.features
    assert header[:5] == ["Tool", "Lifecycle", "Since", "Editions and licences", "CNCF status"]
    assert header[7 : 7 + len(features)] == [f.name for f in features]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, max_row=len(TOOL_IDS) + 1, values_only=True)}
    istio = workbook.tool("istio")
    row = rows[istio.name]
    assert row[1] == "Active"
    assert row[3].startswith(f"Istio: {istio.facts.license.value}")
    for k, feature in enumerate(features):
        fact = istio.facts.feature(feature.id)
        assert row[7 + k] == fact.value + ("" if fact.certain else "*")
    # a fact that holds in one edition only is marked, and said in words under the matrix
    consul = rows[workbook.tool("consul").name]
    assert "Consul Enterprise: Proprietary, paid" in consul[3]
    assert "Consul Community Edition: BUSL-1.1 (source-available), free" in consul[3]
    # the wording spans the columns after the label (which spans Tool, Lifecycle, Since)
    words = [
        r[3] for r in ws.iter_rows(values_only=True) if r[0] == "Consul service mesh: FIPS builds"
    ]
    assert workbook.tool("consul").facts.feature("fips").editions == ("enterprise",)
    assert words == ["yes, Consul Enterprise only"]
    cited = row[7 + len(features)].split(", ")
    assert set(cited) >= set(istio.facts.lifecycle.sources)
    # under the matrix: every cited source with its title and address
    listed = {r[0]: r[1] for r in ws.iter_rows(min_row=len(TOOL_IDS) + 5, values_only=True) if r[0]}
    for source_id in cited:
        source = workbook.catalogue.sources[source_id]
        assert source.title in listed[source_id]
        if source.url:
            assert source.url in listed[source_id]


def test_about_sheet_dates_version_and_how_to_return(workbook, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    ws = load(build_xlsx_bytes(workbook))[ABOUT]
    fields = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert fields["Dataset as of"] == workbook.metadata.dataset_as_of
    assert fields["Exported by"] == f"MeshDesk {__version__}"
    assert fields["Generated"] == "2026-09-21T14:13:20+00:00"
    assert "meshdesk import" in fields["How to bring it back"]
    assert workbook.catalogue.sources["I1"].url in [r[2] for r in ws.iter_rows(values_only=True)]


def test_export_is_reproducible_under_source_date_epoch(noted, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    first = build_xlsx_bytes(noted)
    assert build_xlsx_bytes(noted) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 9, 21, 14, 13, 20)}
        core = archive.read("docProps/core.xml").decode()
    assert "2026-09-21T14:13:20Z" in core


def test_looks_finished(noted):
    book = load(build_xlsx_bytes(noted))
    ws = book[SCORES]
    n, m = len(noted.criteria), len(noted.tools)
    assert ws.freeze_panes == "B2"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["A"].width >= len("Gloo Mesh (Solo Enterprise for Istio)")
    assert ws["B2"].number_format == "0.0"
    assert ws.cell(2, n + 2).number_format == "0.00"
    assert ws["A1"].font.bold and ws["A1"].fill.fgColor.rgb.endswith("1F3864")
    last = openpyxl.utils.get_column_letter(n + 1)
    scores_ref = f"B2:{last}{m + 1}"
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert [r.type for r in rules] == ["colorScale"]
    assert str(next(iter(ws.conditional_formatting)).sqref) == scores_ref
    validations = {
        str(v.sqref): (v.type, v.formula1, v.formula2) for v in ws.data_validations.dataValidation
    }
    assert validations == {scores_ref: ("decimal", "0", "10")}
    weights_checks = [
        (v.formula1, v.formula2) for v in book[WEIGHTS].data_validations.dataValidation
    ]
    assert weights_checks == [("0", "100")]
    assert ws._charts == []  # the chart is on Ranking, which lists the tools best first
    charts = book[RANKING]._charts
    assert len(charts) == 1 and charts[0].tagname == "barChart"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(n + 4)}{m + 1}"
    for sheet in (WEIGHTS, NOTES, FACTS):
        assert book[sheet].freeze_panes is not None
        assert book[sheet].page_setup.orientation == "landscape"


def test_inactive_tools_are_marked(workbook):
    ws = load(build_xlsx_bytes(workbook))[SCORES]
    n = len(workbook.criteria)
    for i, tool in enumerate(workbook.tools):
        name_cell, life_cell = ws.cell(i + 2, 1), ws.cell(i + 2, n + 4)
        filled = name_cell.fill.fill_type == "solid"
        assert filled == (tool.id in INACTIVE), tool.id
        assert (life_cell.value != "Active") == (tool.id in INACTIVE)


def test_wrapped_text_rows_get_a_height_that_shows_them(noted):
    ws = load(build_xlsx_bytes(noted))[NOTES]
    two_lines = next(r for r in ws.iter_rows(min_row=2) if r[2].value == "Two-line\nnote")
    assert ws.row_dimensions[two_lines[0].row].height >= 30
    assert two_lines[2].alignment.wrap_text


def test_text_xml_cannot_carry_never_enters_and_escape_syntax_survives(workbook, tmp_path):
    """Control characters other than tab/CR/LF cannot be stored in XML, so no text that holds
    one is accepted in the first place (meshdesk.core.text). Excel's own _xHHHH_ escape
    syntax, typed literally, is escaped so it survives the round trip."""
    with pytest.raises(InputError, match=r"A note contains the control character U\+0007"):
        SetNote("istio", "core", CellNote("bell\x07", "", "")).apply(workbook)
    text = "tab\tand _x0041_ literally\nsecond line"
    SetNote("istio", "core", CellNote(text, "", "")).apply(workbook)
    path = tmp_path / "odd.xlsx"
    export_xlsx(workbook, path)
    with zipfile.ZipFile(path) as archive:
        notes_sheet = (
            f"xl/worksheets/sheet{load(path.read_bytes()).sheetnames.index(NOTES) + 1}.xml"
        )
        assert "_x005F_x0041_" in archive.read(notes_sheet).decode()
    back = import_xlsx(path, base=workbook)
    assert back.note("istio", "core").text == text


def test_recommendation_sheet_shows_the_result(workbook):
    rec = make_recommendation()
    ws = load(build_xlsx_bytes(workbook, recommendation=rec))[RECOMMENDATION]
    text = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    assert "A service mesh fits these answers." in text
    assert "Enterprise platform: many teams" in text
    assert "Istio" in text and "Linkerd" in text
    assert "Its weighted total is 8.90, rank 1 of the 10 tools" in text
    assert "Open Service Mesh" in text and "archived" in text and "Use Istio or Linkerd" in text
    assert "priority security: security 10 -> 18" in text
    assert "(not answered: the default)" in text
    assert "Runs VM workloads" in text
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert rows["Istio"][1] == pytest.approx(8.9) and rows["Istio"][2] == 1
    assert rows["Security & compliance"][1:3] == (10.0, 18.0)


def test_no_mesh_verdict(workbook):
    rec = make_recommendation(needs_mesh=False)
    ws = load(build_xlsx_bytes(workbook, recommendation=rec))[RECOMMENDATION]
    values = [v for row in ws.iter_rows(values_only=True) for v in row if v]
    assert any(
        str(v).startswith("No service mesh is needed yet. Use instead: a plain ingress")
        for v in values
    )
    assert "Shortlist" not in values


def test_empty_and_criterionless_workbooks_export():
    no_tools = Workbook([], [Criterion("core", "Core")], [100.0])
    assert [c.value for c in load(build_xlsx_bytes(no_tools))[SCORES][1]][:2] == ["Tool", "Core"]
    no_criteria = Workbook([Tool("a", "A")], [], [])
    ws = load(build_xlsx_bytes(no_criteria))[SCORES]
    assert [c.value for c in ws[2]] == ["A", None, None, None]  # no formulas over nothing


def test_export_writes_atomically(noted, tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    export_xlsx(noted, target)
    assert load(target.read_bytes())[SCORES]["A2"].value == "Istio"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]  # no temporary left behind
    with pytest.raises(MeshDeskError, match="does not exist"):
        export_xlsx(noted, tmp_path / "missing" / "out.xlsx")


def test_big_workbook_has_one_formula_pair_per_row():
    wb = make_stress_workbook(tools=300, criteria=40, note_share=0.05)
    data = build_xlsx_bytes(wb)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count("<f ") + sheet.count("<f>") == 2 * 300
    assert '<dimension ref="A1:AR301"/>' in sheet
    assert (
        SCORES not in load(data)[SCORES].title or load(data)[SCORES]._charts == []
    )  # too many bars


def make_recommendation(needs_mesh: bool = True) -> Recommendation:
    """A recommendation built by hand, as the engine would return it."""
    return Recommendation(
        needs_mesh=needs_mesh,
        alternative=None if needs_mesh else "a plain ingress controller",
        segment="enterprise",
        segment_reason="many teams",
        weights={
            "core": 25,
            "ease": 15,
            "integrations": 15,
            "security": 18,
            "performance": 7,
            "support": 10,
            "value": 10,
        },
        weight_changes=(
            WeightChange(
                "security", 10, 18, "priority security: security 10 -> 18", "priorities", "security"
            ),
        ),
        must_haves=(
            MustHave(
                "vm",
                "Runs VM workloads",
                "vm_workloads",
                ("yes",),
                "You run VMs.",
                "workloads",
                "vms",
            ),
        ),
        shortlist=(
            Pick(
                "istio",
                "Istio",
                8.9,
                1,
                (
                    Standing("istio", 8.9, 1, 10),
                    MustHaveMet("istio", "vm", "Runs VM workloads", "vm_workloads", "yes"),
                ),
            ),
            Pick("linkerd", "Linkerd", 8.5, 2, (Standing("linkerd", 8.5, 2, 10),)),
        ),
        excluded=(
            Exclusion(
                "open-service-mesh",
                "Open Service Mesh",
                (Lifecycle("open-service-mesh", "Archived", "2023-07-11"),),
                "archived",
                "2023-07-11",
                "Use Istio or Linkerd.",
            ),
        ),
        what_if=(WhatIf("vm", ("kuma",)),),
        answers={"organization": "enterprise", "priorities": ("security", "ease")},
        defaulted=("priorities",),
        segment_label="Enterprise platform",
    )


def test_recommendation_sheet_follows_the_current_weights(workbook, questionnaire):
    """After Apply and a later weight change, the sheet leads with what the grid ranks first
    and shows both the weights used and the profile."""
    from meshdesk.core.commands import SetWeights
    from meshdesk.core.recommendation import apply_answers, recommend
    from meshdesk.core.scoring import rank_workbook

    answers = {
        "organization": "enterprise",
        "kubernetes": "multi_cluster",
        "compliance": "regulated",
    }
    apply_answers(workbook, questionnaire, answers).apply(workbook)
    SetWeights((("security", 80.0),)).apply(workbook)
    grid_first = workbook.tools[int(rank_workbook(workbook).order()[0])].name
    rec = recommend(workbook, questionnaire, answers)
    ws = load(build_xlsx_bytes(workbook, recommendation=rec, questionnaire=questionnaire))[
        RECOMMENDATION
    ]
    rows = list(ws.iter_rows(values_only=True))
    shortlist_at = next(i for i, r in enumerate(rows) if r[0] == "Shortlist")
    assert rows[shortlist_at + 2][0] == grid_first == "Tetrate Service Bridge"
    weights_at = next(i for i, r in enumerate(rows) if r[0] == "Weights used")
    used, profile = next(r[1:3] for r in rows[weights_at:] if r[0] == "Security & compliance")
    assert used == pytest.approx(80.0 / (80.0 + 100 - rec.weights["security"]) * 100, abs=0.01)
    assert profile == rec.weights["security"]
    text = "\n".join(str(v) for r in rows for v in r if v is not None)
    assert "current weights differ from the weight profile" in text

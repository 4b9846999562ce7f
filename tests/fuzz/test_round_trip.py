"""Everything MeshDesk accepts it can save, and everything it writes it reads back: generated
workbooks through every writer and reader (the project file, the Excel workbook, the CSV of a
ranking, the clipboard's TSV, the memo)."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pypdf
from hypothesis import given, settings

from meshdesk.io.project import dumps_project, project_from_dict
from meshdesk.io.textsafety import unescape_from_csv
from meshdesk.io.tsv import format_tsv, parse_tsv
from meshdesk.io.xlsx_export import build_xlsx_bytes
from meshdesk.io.xlsx_import import import_xlsx
from meshdesk.render.pdf import build_memo
from tests.fuzz.conftest import PROFILE
from tests.fuzz.contract import note_round_trip_failure
from tests.io.strategies import workbooks


def same_table(a, b) -> bool:
    return (
        [t.name for t in a.tools] == [t.name for t in b.tools]
        and [c.name for c in a.criteria] == [c.name for c in b.criteria]
        and np.array_equal(a.scores, b.scores, equal_nan=True)
        and np.array_equal(a.weights, b.weights)
        and {(a.tool(t).name, a.criterion(c).name): n for (t, c), n in a.notes.items()}
        == {(b.tool(t).name, b.criterion(c).name): n for (t, c), n in b.notes.items()}
    )


def expect(condition: bool, what: str) -> None:
    if not condition:
        note_round_trip_failure()
        raise AssertionError(what)


@settings(settings.get_profile(PROFILE))
@given(wb=workbooks())
def test_project_file(wb):
    import json

    again = project_from_dict(json.loads(dumps_project(wb)), "generated.meshdesk")
    expect(again.equals(wb), "a project does not read back as written")


@settings(settings.get_profile(PROFILE))
@given(wb=workbooks())
def test_excel_workbook(tmp_path_factory, wb):
    if not wb.criteria or wb.weights.sum() <= 0:
        return  # an Excel export needs weights to total on; the window refuses such exports
    path = tmp_path_factory.mktemp("xlsx") / "round.xlsx"
    path.write_bytes(build_xlsx_bytes(wb))
    back = import_xlsx(path, base=wb)
    expect(same_table(back, wb), "an Excel export does not import back as the same table")


@settings(settings.get_profile(PROFILE))
@given(wb=workbooks())
def test_clipboard_tsv(wb):
    rows = [
        [t.name, *(None if math.isnan(v) else v for v in row)]
        for t, row in zip(wb.tools, wb.scores.tolist(), strict=True)
    ]
    if not rows:
        return
    parsed = parse_tsv(format_tsv(rows))
    expect([r[0] for r in parsed] == [t.name for t in wb.tools], "TSV changed the names")


@settings(settings.get_profile(PROFILE))
@given(wb=workbooks())
def test_ranking_csv(wb, capsys, tmp_path_factory):
    if not wb.criteria or wb.weights.sum() <= 0:
        return
    from meshdesk.cli.main import main
    from meshdesk.io.project import save_project

    path = tmp_path_factory.mktemp("csv") / "p.meshdesk"
    save_project(wb, path)
    capsys.readouterr()
    assert main(["rank", str(path), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out)))
    expect(len(rows) == len(wb.tools), "the ranking CSV lost rows")
    names = sorted(unescape_from_csv(r["name"]) for r in rows)
    expect(names == sorted(t.name for t in wb.tools), "the ranking CSV changed the names")


@settings(
    settings.get_profile(PROFILE), max_examples=min(settings.get_profile(PROFILE).max_examples, 10)
)
@given(wb=workbooks())
def test_memo(wb):
    if not wb.criteria or wb.weights.sum() <= 0:
        return
    pdf = build_memo(wb)
    expect(len(pypdf.PdfReader(io.BytesIO(pdf)).pages) >= 1, "the memo has no pages")

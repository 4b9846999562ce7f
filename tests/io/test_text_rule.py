"""One rule for text at every entry point: what any reader accepts, every writer can write.

Lone surrogates (216 fields accepted them) made every later save fail with
UnicodeEncodeError; a NUL from a Weights sheet was imported and the written project then
refused to open. Now each is refused where it enters, with the field and the character."""

from __future__ import annotations

import json

import openpyxl
import pytest

from meshdesk.core.commands import SetNote, UpdateTool
from meshdesk.core.errors import DataError, InputError
from meshdesk.core.workbook import CellNote
from meshdesk.io.project import dumps_project, load_project
from meshdesk.io.xlsx_export import build_xlsx_bytes
from meshdesk.io.xlsx_import import import_xlsx
from tests.helpers.xlsx_parts import cell, row, sheet, table_rows, write_xlsx


def test_a_lone_surrogate_in_a_project_file_is_refused_where_it_is(workbook, tmp_path):
    data = json.loads(dumps_project(workbook))
    data["notes"] = [{"tool": "istio", "criterion": "core", "text": "bad \ud800 text"}]
    path = tmp_path / "surrogate.meshdesk"
    path.write_text(json.dumps(data), encoding="ascii")  # \\ud800 as JSON writes it
    with pytest.raises(DataError, match=r"surrogate U\+D800"):
        load_project(path)
    data["notes"] = []
    data["tools"][0]["profile"]["pros"] = ["\udfff"]
    path.write_text(json.dumps(data), encoding="ascii")
    with pytest.raises(DataError, match=r"tool 'istio'.*pros\[0\].*surrogate U\+DFFF"):
        load_project(path)


def xlsx_with(tmp_path, workbook, edit) -> object:
    book = openpyxl.load_workbook(__import__("io").BytesIO(build_xlsx_bytes(workbook)))
    edit(book)
    path = tmp_path / "edited.xlsx"
    book.save(path)
    return path


def test_xlsx_escapes_that_decode_to_a_surrogate_or_a_nul_are_refused(workbook, tmp_path):
    def surrogate_name(book):
        book["Scores"]["A2"] = "Istio_xD800_"

    with pytest.raises(DataError, match=r"Scores!A2.*U\+D800"):
        import_xlsx(xlsx_with(tmp_path, workbook, surrogate_name), base=workbook)

    # openpyxl escapes a typed "_x0000_" when it saves; Excel's own escape, written by hand:
    scores = sheet(table_rows([["Tool", "Core"], ["Istio", 9]]))
    header = table_rows([["Criterion", "Weight (%)", "Criterion id", "Share", "About"]])
    core = row(2, [cell("A2", "Core"), cell("B2", 100), cell("E2", "before_x0000_after")])
    weights = sheet([*header, core])
    path = write_xlsx(tmp_path / "nul.xlsx", {"Scores": scores, "Weights": weights})
    with pytest.raises(DataError, match=r"Weights!E2.*NUL"):
        import_xlsx(path)


@pytest.mark.parametrize("text", ["\ud800", "a\x00b", "\x1b[2J", "\x9b", "\ufffe"])
def test_typed_and_pasted_text_follows_the_same_rule(workbook, text):
    tool = workbook.tool("kuma")
    with pytest.raises(InputError, match="contains"):
        UpdateTool(tool.__class__(tool.id, f"Kuma{text}")).apply(workbook)
    with pytest.raises(InputError, match="contains"):
        SetNote("kuma", "core", CellNote(f"note {text}")).apply(workbook)
    assert workbook.tool("kuma").name == "Kuma"

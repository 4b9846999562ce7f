"""Hostile .xlsx files, hand-made: the parts are written as text so that a test can put
anything where Excel would put something sensible. Every one is refused with one sentence
that says what and where (or imported as it is), never with a traceback, never half-read.

The builders are in tests/helpers/xlsx_parts.py."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from meshdesk.cli.main import main
from meshdesk.core.errors import DataError
from meshdesk.io import xlsx_import, xlsx_reader
from meshdesk.io.xlsx_import import import_xlsx
from tests.helpers.xlsx_parts import (
    ENCRYPTED_STREAMS,
    MAIN,
    SMALL_SCORES,
    cell,
    ole_file,
    patch_member,
    row,
    sheet,
    table_rows,
    workbook_parts,
    write_xlsx,
    zip_bytes,
)


def refused(path: Path) -> str:
    """The one sentence an import of `path` is refused with."""
    with pytest.raises(DataError) as info:
        import_xlsx(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message, message
    assert len(message) < len(str(path)) + 400, message
    return message


def refused_on_the_command_line(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """`meshdesk import path -o OUT`: exit code 2, one sentence on stderr, nothing written."""
    out = path.with_name("out.meshdesk")
    code = main(["import", str(path), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and "internal error" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"meshdesk: {path}: ")
    assert not out.exists()
    return lines[0]


def book(tmp_path: Path, scores: str = SMALL_SCORES, name: str = "book.xlsx", **options: object):
    return write_xlsx(tmp_path / name, {"Scores": scores}, **options)


# === 2. what zipfile raises, and workbooks Excel encrypted ========================================
@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
@pytest.mark.parametrize(
    "flags",
    [0x01, 0x40, 0x41],  # encrypted (zipfile: RuntimeError), strong encryption (NotImplemented)
    ids=["encrypted", "strong-encryption", "both"],
)
def test_an_encrypted_part_is_refused_as_password_protected(tmp_path, capsys, part, flags):
    path = tmp_path / "book.xlsx"
    path.write_bytes(
        patch_member(zip_bytes(workbook_parts({"Scores": SMALL_SCORES})), part, flags=flags)
    )
    message = refused(path)
    assert "password-protected" in message
    assert "without a password" in message
    assert refused_on_the_command_line(path, capsys) == f"meshdesk: {message}"


def test_a_part_with_patched_data_is_refused(tmp_path):
    path = tmp_path / "book.xlsx"
    data = zip_bytes(workbook_parts({"Scores": SMALL_SCORES}))
    path.write_bytes(patch_member(data, "xl/worksheets/sheet1.xml", flags=0x20))  # bit 5
    assert "xl/worksheets/sheet1.xml" in refused(path)


def test_a_zip_format_version_zipfile_cannot_read_is_one_sentence(tmp_path, capsys):
    path = tmp_path / "book.xlsx"
    data = zip_bytes(workbook_parts({"Scores": SMALL_SCORES}))
    path.write_bytes(patch_member(data, "xl/workbook.xml", version=255))  # zipfile: NotImplemented
    assert "zip" in refused(path)
    refused_on_the_command_line(path, capsys)


def test_a_password_protected_workbook_says_so(tmp_path, capsys):
    """Excel writes a workbook saved with a password as a compound document holding an
    EncryptedPackage stream, not as a zip archive."""
    path = tmp_path / "secret.xlsx"
    path.write_bytes(ole_file(ENCRYPTED_STREAMS))
    message = refused(path)
    assert message.startswith(f"{path}: is password-protected")
    assert "save a copy without a password" in message
    refused_on_the_command_line(path, capsys)


def test_an_old_excel_file_named_xlsx_says_what_it_is(tmp_path, capsys):
    path = tmp_path / "old.xlsx"
    path.write_bytes(ole_file(["Workbook", "\x05SummaryInformation"]))
    message = refused(path)
    assert "Excel 97-2003 workbook (.xls)" in message
    assert "password" not in message
    refused_on_the_command_line(path, capsys)


# --- declared sizes and methods cannot get around the limits ------------------------------------
def bomb_parts(padding: int) -> dict[str, str | bytes]:
    """A workbook whose only sheet is mostly spaces (which deflate about 1,000:1), followed in
    the archive by a stored part of noise."""
    noise = random.Random(7).randbytes(400_000)
    scores = SMALL_SCORES.replace("</worksheet>", " " * padding + "</worksheet>")
    parts = workbook_parts({"Scores": scores})
    parts["xl/media/image1.bin"] = noise
    return parts


def test_a_compressed_size_that_lies_does_not_get_a_zip_bomb_past_the_ratio_check(tmp_path):
    """The ratio check reads the declared compressed size; a bomb that declares more than it
    has (the bytes of the next part) must not pass for a 50:1 part."""
    data = zip_bytes(bomb_parts(20 * 2**20), methods={"xl/media/image1.bin": zipfile.ZIP_STORED})
    honest = tmp_path / "honest.xlsx"
    honest.write_bytes(data)
    assert "zip bomb" in refused(honest)  # 20 MiB from about 20 KiB
    lying = tmp_path / "lying.xlsx"
    lying.write_bytes(patch_member(data, "xl/worksheets/sheet1.xml", compressed=420_000))
    message = refused(lying)
    assert "xl/worksheets/sheet1.xml" in message
    assert "zip bomb" in message


def test_a_declared_size_that_lies_is_never_read_past(tmp_path):
    """zipfile unpacks no more than a member declares, then checks the CRC: a part declared
    smaller than it is cannot be read whole, and one declared larger is only what it holds
    (its declared size counts towards the limit on the unpacked total all the same)."""
    data = zip_bytes(workbook_parts({"Scores": SMALL_SCORES}))
    smaller = tmp_path / "smaller.xlsx"
    smaller.write_bytes(patch_member(data, "xl/worksheets/sheet1.xml", size=10))
    assert "is not a readable .xlsx workbook (Bad CRC-32" in refused(smaller)
    larger = tmp_path / "larger.xlsx"
    larger.write_bytes(patch_member(data, "xl/worksheets/sheet1.xml", size=10**6))
    assert import_xlsx(larger).tool_ids == ["istio", "linkerd"]
    too_large = tmp_path / "too-large.xlsx"
    too_large.write_bytes(patch_member(data, "xl/worksheets/sheet1.xml", size=2**32 - 1))
    assert "would unpack from" in refused(too_large)  # 4 GiB from a few hundred bytes


def test_a_compression_method_only_the_central_directory_names_is_refused(tmp_path):
    path = tmp_path / "book.xlsx"
    data = zip_bytes(workbook_parts({"Scores": SMALL_SCORES}))
    path.write_bytes(patch_member(data, "xl/worksheets/sheet1.xml", method=99, central_only=True))
    assert "uses a compression method (number 99)" in refused(path)


def test_a_part_twice_in_the_archive_is_refused(tmp_path):
    path = tmp_path / "book.xlsx"
    parts = workbook_parts({"Scores": SMALL_SCORES})
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("xl/worksheets/sheet1.xml", sheet(table_rows([["Tool", "X"]])))
    assert "xl/worksheets/sheet1.xml" in refused(path)


# === 3. macros whatever their name, hidden sheets, row and cell references =====================
VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
MACRO_WORKBOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
MACRO_SHEET = "application/vnd.ms-excel.macrosheet+xml"
MACRO_CASES = {
    "override": {
        "extra_types": f"<Override PartName='/xl/stuff.dat' ContentType='{VBA_TYPE}'/>",
        "extra_parts": {"xl/stuff.dat": b"\xd0\xcf\x11\xe0" + bytes(60)},
    },
    "default-by-extension": {
        "extra_types": f"<Default Extension='dat' ContentType='{VBA_TYPE}'/>",
        "extra_parts": {"xl/stuff.dat": b"\xd0\xcf\x11\xe0" + bytes(60)},
    },
    "relationship": {
        "extra_relationships": f"<Relationship Id='rId99' Type='{VBA_REL}' Target='stuff.dat'/>",
        "extra_parts": {"xl/stuff.dat": b"\xd0\xcf\x11\xe0" + bytes(60)},
    },
    "macro-enabled-workbook": {  # an .xlsm renamed, its VBA project taken out
        "extra_types": f"<Override PartName='/xl/workbook.xml' ContentType='{MACRO_WORKBOOK}'/>",
    },
    "excel-4-macro-sheet": {
        "extra_types": f"<Override PartName='/xl/macrosheets/sheet1.xml' ContentType='{MACRO_SHEET}'/>",
        "extra_parts": {"xl/macrosheets/sheet1.xml": f"<xm:macrosheet xmlns:xm='{MAIN}'/>"},
    },
}


@pytest.mark.parametrize("case", list(MACRO_CASES))
def test_macros_are_refused_whatever_the_part_is_called(tmp_path, capsys, case):
    path = book(tmp_path, **MACRO_CASES[case])
    message = refused(path)
    assert "contains macros" in message
    assert "MeshDesk does not import macro-enabled workbooks" in message
    refused_on_the_command_line(path, capsys)


def test_a_workbook_without_macros_is_not_taken_for_one(tmp_path):
    """Parts that merely sit near macros in the format (a printer settings .bin) are fine."""
    path = book(
        tmp_path,
        extra_types="<Default Extension='bin' ContentType='application/vnd.openxmlformats-"
        "officedocument.spreadsheetml.printerSettings'/>",
        extra_parts={"xl/printerSettings/printerSettings1.bin": bytes(64)},
    )
    assert import_xlsx(path).tool_ids == ["istio", "linkerd"]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
@pytest.mark.parametrize("title", ["Scores", "Weights", "Notes"])
def test_a_hidden_sheet_that_would_be_read_is_refused(tmp_path, capsys, state, title):
    """The user cannot see what a hidden sheet would import (a very hidden one cannot even be
    unhidden from Excel's menus), so MeshDesk does not read one."""
    sheets = {
        "Scores": SMALL_SCORES,
        "Weights": sheet(table_rows([["Criterion", "Weight (%)"], ["Core", 90], ["Ease", 10]])),
        "Notes": sheet(table_rows([["Tool", "Criterion", "Note"], ["Istio", "Core", "Hi"]])),
    }
    path = write_xlsx(tmp_path / "book.xlsx", sheets, states={title: state})
    message = refused(path)
    assert f"the sheet '{title}' is hidden" in message
    assert "unhide it" in message
    refused_on_the_command_line(path, capsys)


def test_without_a_scores_sheet_the_first_visible_sheet_is_read(tmp_path):
    lookup = sheet(table_rows([["Tool", "Secret"], ["Evil", 1]]))
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {"Lookup": lookup, "Evaluation": SMALL_SCORES},
        states={"Lookup": "hidden"},
    )
    assert import_xlsx(path).tool_ids == ["istio", "linkerd"]
    only_hidden = write_xlsx(
        tmp_path / "hidden.xlsx", {"Lookup": lookup}, states={"Lookup": "veryHidden"}
    )
    assert "has no visible worksheet" in refused(only_hidden)


def test_two_sheets_of_the_name_read_are_refused(tmp_path):
    path = tmp_path / "book.xlsx"
    parts = workbook_parts({"Scores": SMALL_SCORES, "x": SMALL_SCORES})
    parts["xl/workbook.xml"] = str(parts["xl/workbook.xml"]).replace('name="x"', 'name="SCORES"')
    path.write_bytes(zip_bytes(parts))
    assert "has two sheets named 'Scores'" in refused(path)


HEADER = row(1, [cell("A1", "Tool"), cell("B1", "Core")])
ISTIO = row(2, [cell("A2", "Istio"), cell("B2", 9)])
BAD_REFERENCES = {
    # row numbers
    "row-0-first": (
        [row(0, [cell(None, "Evil"), cell(None, 1)]), HEADER, ISTIO],
        "row numbered '0'",
    ),
    "row-0-last": ([HEADER, ISTIO, row(0, [cell(None, "Evil")])], "row numbered '0'"),
    "row-negative": ([HEADER, row(-1, [cell(None, "Evil")]), ISTIO], "row numbered '-1'"),
    "row-words": ([HEADER, row("two", [cell(None, "Evil")]), ISTIO], "row numbered 'two'"),
    "row-fraction": ([HEADER, row("2.0", [cell(None, "Evil")])], "row numbered '2.0'"),
    "row-arabic-digit": ([HEADER, row("\u0662", [cell(None, "Evil")])], "row numbered '\u0662'"),
    "row-leading-zero": ([HEADER, row("02", [cell("A2", "Evil")])], "row numbered '02'"),
    "row-twice": ([HEADER, ISTIO, row(2, [cell("A2", "Evil")])], "lists row 2 twice"),
    "rows-out-of-order": (
        [HEADER, row(3, [cell("A3", "Linkerd")]), ISTIO],
        "lists row 2 after row 3, but rows come in order",
    ),
    # cell references
    "cell-row-0": ([HEADER, row(2, [cell("A0", "Evil")])], "'A0'"),
    "cell-in-another-row": ([HEADER, row(2, [cell("A1", "Evil")])], "'A1' inside row 2"),
    "cell-twice": (
        [HEADER, row(2, [cell("A2", "Istio"), cell("A2", "Evil")])],
        "Scores!A2: the cell is listed twice",
    ),
    "cells-out-of-order": (
        [HEADER, row(2, [cell("B2", 9), cell("A2", "Istio")])],
        "Scores!A2: the cell is listed after Scores!B2",
    ),
    "cell-after-an-addressed-one": (  # B2, then one without an address (C2), then B2 again
        [HEADER, row(2, [cell("A2", "Istio"), cell("B2", 9), cell(None, 1), cell("B2", 1)])],
        "Scores!B2: the cell is listed after Scores!C2",
    ),
    "cell-lower-case": ([HEADER, row(2, [cell("a2", "Evil")])], "'a2'"),
    "cell-absolute": ([HEADER, row(2, [cell("$A$2", "Evil")])], "'$A$2'"),
    "cell-negative-row": ([HEADER, row(2, [cell("A-2", "Evil")])], "'A-2'"),
    "cell-outside-any-row": ([HEADER, cell("A2", "Evil")], "outside any row"),
    "cell-inside-a-cell": (  # the outer </c> would store 1 in B2 again
        [HEADER, row(2, [cell("A2", "Istio"), '<c r="B2"><c r="C2"><v>9</v></c><v>1</v></c>'])],
        "Scores!B2: the cell has another cell inside it",
    ),
    "row-inside-a-row": (
        [HEADER, row(2, [cell("A2", "Istio"), row(3, [cell("A3", "Evil")])])],
        "a row inside row 2",
    ),
}


@pytest.mark.parametrize("case", list(BAD_REFERENCES))
def test_bad_row_and_cell_references_are_refused_with_where(tmp_path, capsys, case):
    """Nothing a reference says may overwrite another cell (`<row r="0">` used to overwrite
    the header row), so any reference that is not the next row or cell is refused."""
    rows, where = BAD_REFERENCES[case]
    path = book(tmp_path, sheet(rows))
    message = refused(path)
    assert "Scores" in message
    assert where in message
    refused_on_the_command_line(path, capsys)


def test_rows_and_cells_without_references_follow_on(tmp_path):
    """A reference is optional: a row without one is the next row, a cell the next cell."""
    rows = [HEADER, row(None, [cell(None, "Istio"), cell(None, 9)]), row(4, [cell(None, "Kuma")])]
    rows[-1] = rows[-1].replace("</row>", cell("B4", 7) + "</row>")
    workbook = import_xlsx(book(tmp_path, sheet(rows)))
    assert workbook.tool_ids == ["istio", "kuma"]
    assert workbook.scores.tolist() == [[9.0], [7.0]]


# === 4. values echoed in messages are cut ======================================================
LONG = "x" * 100_000


def with_notes(notes_rows: list[list[object]]) -> dict[str, str]:
    return {
        "Scores": SMALL_SCORES,
        "Notes": sheet(table_rows([["Tool", "Criterion", "Note", "Source", "Date"], *notes_rows])),
    }


ECHOES = {
    "number-cell": {
        "Scores": sheet([HEADER, row(2, [cell("A2", "Istio"), f'<c r="B2"><v>{LONG}</v></c>'])])
    },
    "score-text": {"Scores": sheet([HEADER, row(2, [cell("A2", "Istio"), cell("B2", LONG)])])},
    "shared-string-index": {
        "Scores": sheet(
            [HEADER, row(2, [cell("A2", "Istio"), f'<c r="B2" t="s"><v>{LONG}</v></c>'])]
        )
    },
    "row-number": {"Scores": sheet([HEADER, row(LONG, [cell(None, "Istio")])])},
    "row-digits": {"Scores": sheet([HEADER, row("1" * 5000, [cell(None, "Istio")])])},
    "cell-reference": {"Scores": sheet([HEADER, row(2, [cell("A" + "1" * 5000, "Istio")])])},
    "note-tool": with_notes([[LONG, "Core", "text"]]),
    "note-criterion": with_notes([["Istio", LONG, "text"]]),
    "note-date": with_notes([["Istio", "Core", "text", "", LONG]]),
    "weight-name": {
        "Scores": SMALL_SCORES,
        "Weights": sheet(table_rows([["Criterion", "Weight"], [LONG, 5], [LONG, 5]])),
    },
    "weight-value": {
        "Scores": SMALL_SCORES,
        "Weights": sheet(table_rows([["Criterion", "Weight"], ["Core", LONG]])),
    },
    "sheet-title": {"T" * 10_000: sheet([HEADER, row(2, [cell("A2", "Istio"), cell("B2", "x")])])},
}


@pytest.mark.parametrize("case", list(ECHOES))
def test_a_long_value_is_cut_in_the_message(tmp_path, case):
    path = write_xlsx(tmp_path / "book.xlsx", ECHOES[case])
    with pytest.raises(DataError) as info:
        import_xlsx(path)
    message = str(info.value)
    assert len(message) < len(str(path)) + 600, message[:300]
    assert all(len(line) < len(str(path)) + 300 for line in message.splitlines())


def test_a_long_part_name_is_cut_in_the_message(tmp_path):
    name = "xl/" + "n" * 5_000 + ".xml"
    parts = workbook_parts({"Scores": SMALL_SCORES}, extra_parts={name: "<x/>"})
    path = tmp_path / "book.xlsx"
    path.write_bytes(zip_bytes(parts, methods={name: zipfile.ZIP_BZIP2}))
    assert "uses a compression method (number 12)" in refused(path)


# === what parsing may build ===================================================================
def test_cells_past_the_budget_of_all_sheets_read_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "XLSX_MAX_CELLS", 8)  # SMALL_SCORES has 9
    message = refused(book(tmp_path))
    assert "the sheets MeshDesk reads have more than 8 filled cells (counted up to Scores!C3)" in (
        message
    )


def test_cells_right_of_the_columns_a_sheet_has_are_not_kept(tmp_path, monkeypatch):
    """A Notes cell in column G (right of the evidence column) is checked (its address) and
    not counted or kept."""
    monkeypatch.setattr(xlsx_reader, "XLSX_MAX_CELLS", 9 + 3)
    notes = sheet(table_rows([["Tool", "Criterion", "Note"], [None] * 6 + ["x"]]))
    path = write_xlsx(tmp_path / "book.xlsx", {"Scores": SMALL_SCORES, "Notes": notes})
    assert import_xlsx(path).notes == {}
    far = sheet([row(1, [cell("A1", "Tool")]), row(2, [cell("G2", "x"), cell("F2", "y")])])
    assert "Notes!F2: the cell is listed after Notes!G2, but cells come in order" in refused(
        write_xlsx(tmp_path / "far.xlsx", {"Scores": SMALL_SCORES, "Notes": far})
    )


def test_shared_strings_past_the_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "XLSX_MAX_STRINGS", 2)
    strings = f'<sst xmlns="{MAIN}"><si><t>a</t></si><si><t>b</t></si><si><t>c</t></si></sst>'
    path = book(tmp_path, extra_parts={"xl/sharedStrings.xml": strings})
    assert "has more than 2 shared strings, the most MeshDesk reads" in refused(path)


def test_a_shared_string_used_past_the_text_budget_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "XLSX_MAX_SHARED_TEXT", 25)
    strings = f'<sst xmlns="{MAIN}"><si><t>{"9" * 10}</t></si></sst>'
    uses = [row(2, [cell("A2", "Istio"), *(f'<c r="{c}2" t="s"><v>0</v></c>' for c in "BCD")])]
    header = row(1, [cell(f"{c}1", c) for c in "ABCD"])
    path = book(tmp_path, sheet([header, *uses]), extra_parts={"xl/sharedStrings.xml": strings})
    assert "repeat shared text more than 25 characters in all (counted up to Scores!D2)" in (
        refused(path)
    )


def test_a_workbook_listing_too_many_sheets_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "XLSX_MAX_LISTED", 2)
    path = write_xlsx(tmp_path / "book.xlsx", {"Scores": SMALL_SCORES, "B": "", "C": ""})
    assert "the part xl/_rels/workbook.xml.rels lists more than 2 relationships" in refused(path)
    parts = workbook_parts({"Scores": SMALL_SCORES})
    parts["xl/workbook.xml"] = str(parts["xl/workbook.xml"]).replace(
        "</sheets>", "<sheet name='B' sheetId='2' r:id='rId9'/>" * 2 + "</sheets>"
    )
    path.write_bytes(zip_bytes(parts))
    assert "the part xl/workbook.xml lists more than 2 sheets" in refused(path)


def test_only_the_problems_listed_are_kept_as_text():
    problems = xlsx_import.ListedProblems("book.xlsx")
    for i in range(1_000):
        problems.add(f"Notes!A{i + 2}: problem {i}")
    assert problems.items[:25] == [f"Notes!A{i + 2}: problem {i}" for i in range(25)]
    assert set(problems.items[25:]) == {""}
    with pytest.raises(DataError) as info:
        problems.raise_if_any()
    message = str(info.value)
    assert message.startswith("book.xlsx: nothing was imported; 1000 problems found:")
    assert message.endswith("  Notes!A26: problem 24\n  ... and 975 more.")

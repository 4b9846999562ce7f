"""The classes of hostile .xlsx input, generated: row and cell references, damaged archive
headers, macros by any name, and long or invisible values echoed in messages. Each property
is bounded to run in a few seconds; any exception but a one-sentence DataError is a failure,
and so is a well-formed file that is not imported as it is."""

from __future__ import annotations

import math
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meshdesk.core.errors import InputError
from meshdesk.core.workbook import Workbook
from meshdesk.io.xlsx_import import import_xlsx
from tests.helpers.xlsx_parts import (
    PKG,
    SMALL_SCORES,
    cell,
    column,
    patch_member,
    row,
    sheet,
    table_rows,
    workbook_parts,
    zip_bytes,
)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def attempt(folder: Path, data: bytes) -> Workbook | InputError:
    """Import the bytes: the workbook, or the error it was refused with (any other
    exception fails the test)."""
    path = folder / "book.xlsx"
    path.write_bytes(data)
    try:
        return import_xlsx(path)
    except InputError as exc:
        check_message(str(exc), path)
        return exc


def check_message(message: str, path: Path) -> None:
    """One sentence, or the list of bad cells; each line bounded and nothing invisible in it.
    (A quoted value is cut to 40 characters and an invisible one is written as its escape, up
    to 10 characters each; a line may quote a sheet name and a value.)"""
    lines = message.split("\n")
    assert lines[0].startswith(f"{path}: ")
    if len(lines) > 1:
        assert "problem" in lines[0] and "found:" in lines[0], message[:500]
        assert all(line.startswith("  ") for line in lines[1:]), message[:500]
    for line in lines:
        assert len(line) < len(str(path)) + 1_000, line[:500]
        assert all(ch.isprintable() for ch in line), repr(line[:500])


# --- row and cell references --------------------------------------------------------------------
BREAKS = [
    "row-zero",
    "row-negative",
    "row-junk",
    "row-leading-zero",
    "row-again",
    "row-back",
    "cell-in-another-row",
    "cell-again",
    "cell-back",
    "cell-lower-case",
    "cell-junk",
    "cell-row-zero",
    "cell-outside-rows",
    "cell-inside-a-cell",
]


@dataclass
class Layout:
    """A score table as a sheet's XML, and what importing it must give."""

    rows: list[str] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    scores: list[list[float]] = field(default_factory=list)
    broken: str | None = None


@st.composite
def layouts(draw: st.DrawFn) -> Layout:
    """A table whose rows and cells are addressed, or not, as a writer may (rows skipped, a
    reference left out where it is the next row or cell), and perhaps one reference that is
    out of order, repeated or not one at all."""
    width = draw(st.integers(1, 3))
    layout = Layout(criteria=[f"C{j}" for j in range(1, width + 1)])
    grid: list[list[object]] = [["Tool", *layout.criteria]]
    for i in range(draw(st.integers(0, 4))):
        scores = [draw(st.one_of(st.none(), st.integers(0, 10))) for _ in range(width)]
        grid.append([f"T{i}", *scores])
        layout.tools.append(f"T{i}")
        layout.scores.append([math.nan if s is None else float(s) for s in scores])
    layout.broken = draw(st.one_of(st.none(), st.sampled_from(BREAKS)))
    target = draw(st.integers(0, len(grid) - 1))  # the row a break goes into
    number = 0
    for r, values in enumerate(grid):
        gap = draw(st.integers(1, 3)) if r else 1
        number += gap
        row_ref: object = None if gap == 1 and draw(st.booleans()) else number
        cells: list[str] = []
        previous = -1
        for c, value in enumerate(values):
            if value is not None:
                omit = c == previous + 1 and draw(st.booleans())  # the next cell
                cells.append(cell(None if omit else f"{column(c)}{number}", value))
                previous = c
        if r == target and layout.broken is not None:
            bad = _bad_row(layout.broken, number, draw)
            row_ref = row_ref if bad is None else bad
            cells += _bad_cells(layout.broken, number, previous, draw)
        layout.rows.append(row(row_ref, cells))
    if layout.broken in ("row-again", "row-back"):  # a row number already used
        used = (
            draw(st.integers(1, number - 1))
            if layout.broken == "row-back" and number > 1
            else number
        )
        layout.rows.append(row(used, [cell(f"A{used}", "Evil")]))
    if layout.broken == "cell-outside-rows":
        layout.rows.insert(draw(st.integers(0, len(layout.rows))), cell(None, "Evil"))
    return layout


def _bad_row(kind: str, number: int, draw: st.DrawFn) -> object:
    """The reference of a row with a bad one of this kind (None: the row's own)."""
    return {
        "row-zero": 0,
        "row-negative": -number,
        "row-junk": draw(st.sampled_from(["x", "1.0", "1e1", " 1", "\u0661", "+1", ""])),
        "row-leading-zero": f"0{number}",
    }.get(kind)


def _bad_cells(kind: str, number: int, previous: int, draw: st.DrawFn) -> list[str]:
    """Cells to add to a row (whose last cell is in column `previous`) for a break of this
    kind: a cell addressed in another row, again, further left, or not addressed at all."""
    if kind == "cell-back" and previous == 0:
        return [cell(f"B{number}", 1), cell(f"A{number}", "Evil")]
    ref = {
        "cell-in-another-row": f"A{number + draw(st.integers(1, 3))}",
        "cell-again": f"{column(previous)}{number}",
        "cell-back": f"{column(previous - 1)}{number}",
        "cell-lower-case": f"z{number}",
        "cell-junk": draw(st.sampled_from(["1A", "A", "$Z$1", "A1:B2", "R1C1", "", "AAAA1"])),
        "cell-row-zero": "Z0",
    }.get(kind)
    if kind == "cell-inside-a-cell":  # a cell written inside the row's last one
        return [f'<c r="{column(previous + 1)}{number}">{cell(None, "Evil")}<v>1</v></c>']
    return [] if ref is None else [cell(ref, "Evil")]


@FAST
@given(layout=layouts())
def test_any_references_are_read_as_they_say_or_refused(folder, layout):
    """Where no reference breaks the rules, the table is imported exactly; where one does, the
    import is refused with the sheet named, and nothing is overwritten in between."""
    result = attempt(folder, zip_bytes(workbook_parts({"Scores": sheet(layout.rows)})))
    if layout.broken is not None:
        assert isinstance(result, InputError), layout.broken
        assert "Scores" in str(result).split("\n")[0]
    else:  # no tool rows is an empty table: MeshDesk writes those and reads them back
        assert isinstance(result, Workbook), result
        assert [c.name for c in result.criteria] == layout.criteria
        assert [t.name for t in result.tools] == layout.tools
        expected = np.array(layout.scores).reshape(len(layout.tools), len(layout.criteria))
        assert np.array_equal(result.scores, expected, equal_nan=True)


# --- damaged archive headers ----------------------------------------------------------------
PLAIN = zip_bytes(workbook_parts({"Scores": SMALL_SCORES}))
MEMBERS = list(workbook_parts({"Scores": SMALL_SCORES}))


@st.composite
def damaged_archives(draw: st.DrawFn) -> bytes:
    """The small workbook with some of its zip headers' fields set to anything (flags,
    compression method, sizes, version; central directory, local header or both), then
    perhaps some bytes overwritten or the file cut short."""
    data = PLAIN
    for _ in range(draw(st.integers(1, 3))):
        field_values = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "flags": st.integers(0, 0xFFFF),
                    "method": st.sampled_from([0, 1, 6, 8, 9, 12, 14, 93, 98, 99, 0xFFFF]),
                    "compressed": st.integers(0, 2**32 - 1),
                    "size": st.integers(0, 2**32 - 1),
                    "version": st.integers(0, 0xFFFF),
                },
            )
        )
        member = draw(st.sampled_from(MEMBERS))
        data = patch_member(data, member, central_only=draw(st.booleans()), **field_values)
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data) - 1))
        junk = draw(st.binary(min_size=1, max_size=16))
        data = data[:at] + junk + data[at + len(junk) :]
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


@FAST
@given(data=damaged_archives())
def test_damaged_zip_headers_are_one_sentence(folder, data):
    attempt(folder, data)  # a workbook, or refused with one sentence: nothing else


# --- macros, whatever their parts are called ---------------------------------------------------
MACRO_KINDS = [
    ("content", "application/vnd.ms-office.vbaProject"),
    ("content", "application/vnd.ms-office.vbaProjectSignature"),
    ("content", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
    ("content", "application/vnd.ms-excel.template.macroEnabled.main+xml"),
    ("content", "application/vnd.ms-excel.addin.macroEnabled.main+xml"),
    ("content", "application/vnd.ms-excel.macrosheet+xml"),
    ("content", "application/vnd.ms-excel.intlmacrosheet+xml"),
    ("relationship", "http://schemas.microsoft.com/office/2006/relationships/vbaProject"),
    ("relationship", "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet"),
    ("relationship", "http://schemas.microsoft.com/office/2006/relationships/xlIntlMacrosheet"),
]
part_names = st.from_regex(r"xl/[a-z][a-z0-9]{0,12}(/[a-z0-9]{1,8})?\.[a-z]{1,4}", fullmatch=True)


@FAST
@given(
    kind=st.sampled_from(MACRO_KINDS),
    part=part_names,
    case=st.sampled_from([str, str.lower, str.upper]),
    how=st.sampled_from(["override", "default", "workbook-rels", "sheet-rels", "package-rels"]),
)
def test_macros_are_found_by_content_type_or_relationship(folder, kind, part, case, how):
    where, kind_name = kind
    kind_name = case(kind_name)
    relationship = f"<Relationship Id='rId77' Type='{kind_name}' Target='/{part}'/>"
    extra_types = extra_relationships = ""
    if where == "content" and how == "default":
        extension = part.rsplit(".", 1)[1]
        extra_types = f"<Default Extension='{extension}' ContentType='{kind_name}'/>"
    elif where == "content":
        extra_types = f"<Override PartName='/{part}' ContentType='{kind_name}'/>"
    elif how == "workbook-rels":
        extra_relationships = relationship
    parts = workbook_parts(
        {"Scores": SMALL_SCORES},
        extra_types=extra_types,
        extra_relationships=extra_relationships,
        extra_parts={part: b"\xd0\xcf\x11\xe0" + bytes(28)},
    )
    if where == "relationship" and how == "sheet-rels":
        parts["xl/worksheets/_rels/sheet1.xml.rels"] = (
            f"<Relationships xmlns='{PKG}'>{relationship}</Relationships>"
        )
    elif where == "relationship" and how in ("package-rels", "override", "default"):
        parts["_rels/.rels"] = str(parts["_rels/.rels"]).replace(
            "</Relationships>", relationship + "</Relationships>"
        )
    result = attempt(folder, zip_bytes(parts))
    assert isinstance(result, InputError)
    assert "contains macros" in str(result)


# --- values echoed in messages ---------------------------------------------------------------
# Text XML can carry, including Excel's _xHHHH_ escapes (through which a cell may hold any
# control character), in lengths from none to far more than a message may show.
piece = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\x00\ufffe\uffff",
        max_codepoint=0x10FFFF,
    ).filter(lambda ch: ch >= " " or ch in "\t\n\r"),
    max_size=12,
) | st.sampled_from(["_x001B_", "_x0007_", "_x202E_", "\u202e", "\u200b", "\xa0", "'", '"'])
long_text = st.builds(lambda p, n: (p * n)[:20_000], piece, st.integers(1, 3_000))


def _echo_file(where: str, text: str) -> dict[str, str]:
    escaped = escape(text)
    header = row(1, [cell("A1", "Tool"), cell("B1", "Core")])
    notes_header = ["Tool", "Criterion", "Note", "Source", "Date"]
    if where == "sheet-title":
        return {text or "x": sheet([header, row(2, [cell("A2", "Istio"), cell("B2", "bad")])])}
    if where.startswith("note-"):
        note = ["Istio", "Core", "text", "", ""]
        note[
            ["note-tool", "note-criterion", "note-text", "note-source", "note-date"].index(where)
        ] = text
        return {"Scores": SMALL_SCORES, "Notes": sheet(table_rows([notes_header, note]))}
    if where.startswith("weight-"):
        weight: list[object] = ["Core", 50]
        weight[0 if where == "weight-name" else 1] = text
        return {
            "Scores": SMALL_SCORES,
            "Weights": sheet(table_rows([["Criterion", "Weight"], weight])),
        }
    raw = {
        "score": cell("B2", text),
        "tool": cell("A2", text),
        "criterion": cell("C1", text),
        "number": f'<c r="B2"><v>{escaped}</v></c>',
        "shared-index": f'<c r="B2" t="s"><v>{escaped}</v></c>',
        "formula": f"<c r='B2'><f>{escaped}</f></c>",
    }
    if where == "row-number":
        return {"Scores": sheet([header, f"<row r={quoteattr(text)}>{cell(None, 'Istio')}</row>"])}
    if where == "cell-address":
        return {"Scores": sheet([header, row(2, [f"<c r={quoteattr(text)}><v>1</v></c>"])])}
    if where == "criterion":
        return {
            "Scores": sheet(
                [
                    row(1, [cell("A1", "Tool"), cell("B1", "Core"), raw[where]]),
                    row(2, [cell("A2", "Istio")]),
                ]
            )
        }
    first = cell("A2", "Istio") if where != "tool" else ""
    return {"Scores": sheet([header, row(2, [first, raw[where]])])}


ECHO_PLACES = [
    "sheet-title",
    "note-tool",
    "note-criterion",
    "note-text",
    "note-source",
    "note-date",
    "weight-name",
    "weight-value",
    "score",
    "tool",
    "criterion",
    "number",
    "shared-index",
    "formula",
    "row-number",
    "cell-address",
]


@FAST
@given(where=st.sampled_from(ECHO_PLACES), text=st.one_of(long_text, piece))
def test_a_value_a_message_quotes_is_cut_and_made_visible(folder, where, text):
    attempt(folder, zip_bytes(workbook_parts(_echo_file(where, text))))

"""Tab-separated text and HTML tables as spreadsheets put them on the clipboard.

Excel and LibreOffice Calc copy a block as TSV: cells separated by tabs, rows by newlines,
and a cell containing a tab, newline or quote wrapped in double quotes with quotes doubled.
Text that a spreadsheet would take for a formula is escaped with an apostrophe on the way out
and unescaped on the way in (see meshdesk.io.textsafety).
"""

from __future__ import annotations

import csv
import html
import io
import math
from collections.abc import Sequence

import numpy as np

from meshdesk.io.textsafety import escape_for_csv, unescape_from_csv

Cell = str | float | int | None


def positional(value: float) -> str:
    """The shortest text that reads back as exactly `value`, in plain digits (1e-05 ->
    "0.00001", 8.0 -> "8")."""
    return np.format_float_positional(value, trim="-")


def _cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):  # not scored: an empty cell
            return ""
        # every digit, never an exponent: what is pasted back (the score rule takes plain
        # digits only) is exactly the value that was copied
        return positional(value) if abs(value) < 1e15 else repr(value)
    if isinstance(value, int):
        return str(value)
    return escape_for_csv(value)


def format_tsv(rows: Sequence[Sequence[Cell]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([_cell_text(v) for v in row])
    return buffer.getvalue()


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cell texts; a trailing newline does not make an extra row; ragged rows are
    padded with empty cells."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    rows = [
        list(row)
        for row in csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"')
    ]
    width = max(len(r) for r in rows)
    return [[unescape_from_csv(c) for c in r] + [""] * (width - len(r)) for r in rows]


def format_html(rows: Sequence[Sequence[Cell]], header_rows: int = 0) -> str:
    """An HTML table that pastes into spreadsheets and word processors; all text escaped."""
    out = ['<html><head><meta charset="utf-8"></head><body><table>']
    for i, row in enumerate(rows):
        tag = "th" if i < header_rows else "td"
        cells = []
        for value in row:
            text = html.escape(_cell_text(value))
            # a leading apostrophe would show in HTML; the text type is explicit instead
            if isinstance(value, str) and text.startswith("'") and not value.startswith("'"):
                text = text[1:]
            style = ' style="mso-number-format:\\@"' if isinstance(value, str) else ""
            cells.append(f"<{tag}{style}>{text}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table></body></html>")
    return "".join(out)

"""Import a plain CSV table of scores (first column tool names, one column per criterion)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from meshdesk.core.errors import DataError
from meshdesk.core.workbook import Workbook
from meshdesk.io.guards import (
    CSV_MAX_BYTES,
    MAX_TABLE_COLUMNS,
    MAX_TABLE_ROWS,
    decode_utf8,
    read_limited,
)
from meshdesk.io.table import workbook_from_table

DELIMITERS = ",;\t"


def _delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of , ; and tab outside quotes.

    csv.Sniffer guesses the quote character too and is fooled by apostrophes in names, so
    only the delimiter is guessed here; quotes are always RFC 4180 double quotes.
    """
    header = text.split("\n", 1)[0]
    unquoted = "".join(part for i, part in enumerate(header.split('"')) if i % 2 == 0)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv_rows(path: str | os.PathLike[str]) -> tuple[list[list[str]], str]:
    """All rows of a CSV file (size- and shape-checked) and its delimiter."""
    file = Path(path)
    text = decode_utf8(read_limited(file, CSV_MAX_BYTES, "CSV file"), file)
    if not text.strip():
        raise DataError(f"{file}: is empty.")
    delimiter = _delimiter(text)
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"'):
            if len(rows) >= MAX_TABLE_ROWS + 1:
                raise DataError(
                    f"{file}: has more than {MAX_TABLE_ROWS:,} rows, the most MeshDesk imports."
                )
            if len(row) > MAX_TABLE_COLUMNS + 1:
                raise DataError(
                    f"{file}: row {len(rows) + 1} has {len(row)} columns; "
                    f"MeshDesk imports at most {MAX_TABLE_COLUMNS:,} criteria."
                )
            rows.append(row)
    except csv.Error as exc:
        raise DataError(
            f"{file}: is not a readable CSV table (row {len(rows) + 1}: {exc})."
        ) from None
    return rows, delimiter


def import_csv(path: str | os.PathLike[str]) -> Workbook:
    """Build a workbook from a CSV score table; equal weights; nothing built if any cell is bad."""
    rows, delimiter = read_csv_rows(path)
    name = Path(path).name
    return workbook_from_table(
        rows[0],
        rows[1:],
        source=str(path),
        sheet=name,
        decimal_comma=delimiter == ";",
        title=Path(path).stem,
    )

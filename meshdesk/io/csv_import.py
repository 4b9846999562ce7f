"""Import a plain CSV table of scores (first column tool names, one column per criterion).

The file is read strictly, so that nothing is imported from a file that could be read two
ways:

- it must be UTF-8 text: UTF-16 and UTF-32 (with a byte order mark, or recognised by the NUL
  bytes every ASCII character then carries) are named as such, and any other NUL byte makes
  the file binary; either way the position is given;
- fields follow RFC 4180: a field is quoted as a whole ("Istio, Inc") with its quotes
  doubled; a quote that is never closed (which would swallow the rest of the file into one
  cell), text after a closing quote, and a quote inside an unquoted field are refused with
  the line and the cell;
- the cells are then checked by `meshdesk.io.table` (one rule for scores, with addresses).
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path
from typing import Final

from meshdesk.core.errors import DataError
from meshdesk.core.workbook import Workbook
from meshdesk.io.guards import (
    CSV_MAX_BYTES,
    MAX_TABLE_CELLS,
    MAX_TABLE_COLUMNS,
    MAX_TABLE_ROWS,
    read_limited,
)
from meshdesk.io.table import cell_address, workbook_from_table

DELIMITERS = ",;\t"
_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
_BYTE_LINE_BREAK: Final = re.compile(rb"\r\n|\r|\n")
_QUOTED: Final = re.compile(r'"([^"]*+(?:""[^"]*+)*+)"')
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "UTF-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_WIDE: Final = (
    ("UTF-32", "utf-32-le"),
    ("UTF-32", "utf-32-be"),
    ("UTF-16", "utf-16-le"),
    ("UTF-16", "utf-16-be"),
)
_SAMPLE_BYTES: Final = 64 * 1024


# --- bytes to text ------------------------------------------------------------------------------


def _line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset of UTF-8-ish data."""
    line, start = 1, 0
    for found in _BYTE_LINE_BREAK.finditer(data, 0, offset):
        line, start = line + 1, found.end()
    prefix = data[start:offset].decode("utf-8", errors="replace")
    if start == 0:
        prefix = prefix.removeprefix("\ufeff")
    return line, len(prefix) + 1


def _wide_encoding(data: bytes) -> str | None:
    """The name of the encoding ("UTF-16", "UTF-32") if the data is text in one, else None.

    A byte order mark says so. Without one, such text shows in its NUL bytes: every ASCII
    character (each delimiter, digit and line break of a CSV table) carries one or three. The
    start of the file must then decode in that encoding to text without NUL characters that
    has a line break or a delimiter, and enough of its characters must be such ASCII ones,
    so that a UTF-8 file with a stray NUL or two is not taken for UTF-16."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[:_SAMPLE_BYTES]
    if b"\0" not in sample:
        return None
    for name, codec in _WIDE:
        try:
            text = codecs.getincrementaldecoder(codec)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        if "\0" in text or not any(mark in text for mark in "\n\r" + DELIMITERS):
            continue
        ascii_units = sum(1 for char in text if char < "\x80")
        if ascii_units >= max(4, len(text) // 16):
            return name
    return None


def decode_csv(data: bytes, file: Path) -> str:
    """The text of a CSV file's bytes, which must be UTF-8 (a byte order mark is dropped)."""
    wide = _wide_encoding(data)
    if wide is not None:
        raise DataError(f"{file}: is {wide} text; save it as UTF-8 CSV.")
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = _line_and_column(data, nul)
        raise DataError(
            f"{file}: is binary, not text: it has a NUL byte on line {line}, column {column}; "
            "save the table as UTF-8 CSV."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _line_and_column(data, exc.start)
        raise DataError(
            f"{file}: is not UTF-8 text (the byte 0x{data[exc.start]:02X} on line {line}, "
            f"column {column}); save it as UTF-8 CSV."
        ) from None


# --- text to rows -------------------------------------------------------------------------------


def _delimiter(text: str, file: Path) -> str:
    """The delimiter: tab, semicolon or comma, chosen from the header line outside quotes.

    csv.Sniffer guesses the quote character too and is fooled by apostrophes in names, so
    only the delimiter is guessed here; quotes are always RFC 4180 double quotes.

    - A tab in the header is the delimiter: no name may hold one.
    - Else the one of , and ; that the header has. A header with both (a criterion
      "Ease, of use" in a semicolon file) is decided by the rows: the delimiter that gives the
      first rows as many columns as the header. If both do, the one the header has more of;
      if that does not decide it either, the file is refused rather than read one way of two.
    """
    first_break = _LINE_BREAK.search(text)
    header = text[: first_break.start()] if first_break else text
    unquoted = "".join(part for i, part in enumerate(header.split('"')) if i % 2 == 0)
    if "\t" in unquoted:
        return "\t"
    present = [d for d in ",;" if d in unquoted]
    if len(present) < 2:
        return present[0] if present else ","
    consistent = [d for d in present if _same_width(text, d, file)]
    if len(consistent) == 1:
        return consistent[0]
    if consistent and unquoted.count(",") != unquoted.count(";"):
        return max(consistent, key=unquoted.count)
    raise DataError(
        f"{file}: line 1 has both commas and semicolons, and the rows do not show which one "
        "separates the columns; put the names that hold the other one in double quotes "
        '("Ease, of use").'
    )


def _same_width(text: str, delimiter: str, file: Path, rows: int = 100) -> bool:
    """Whether the first rows, read with this delimiter, are as wide as the header."""
    try:
        header, *data = _Reader(text, delimiter, file).read(limit=rows + 1)
    except DataError:
        return False
    return all(len(row) == len(header) for row in data if row != [""])


class _Reader:
    """RFC 4180 rows of a text, strictly: one pass, each row split at once unless it has a
    quote (most rows of a score table have none)."""

    def __init__(self, text: str, delimiter: str, file: Path) -> None:
        self.text = text
        self.delimiter = delimiter
        self.file = file
        self.field_end = re.compile(f'["{re.escape(delimiter)}\r\n]')
        self.pos = 0
        self.line = 1  # line of the text at self.pos
        self.rows: list[list[str]] = []
        self.cells = 0

    def _where(self, line: int, column: int) -> str:
        return f"line {line} ({cell_address(self.file.name, len(self.rows), column)})"

    def _too_wide(self, columns: int) -> DataError:
        return DataError(
            f"{self.file}: row {len(self.rows) + 1} has {columns:,} columns; "
            f"MeshDesk imports at most {MAX_TABLE_COLUMNS:,} criteria."
        )

    def _count(self, cells: int) -> None:
        """Refuse a table past MAX_TABLE_CELLS before it is held in memory."""
        self.cells += cells
        if self.cells > MAX_TABLE_CELLS:
            raise DataError(
                f"{self.file}: has more than {MAX_TABLE_CELLS:,} cells, the most MeshDesk "
                "imports from one table."
            )

    def read(self, limit: int | None = None) -> list[list[str]]:
        """The rows (the first `limit` of them, if given)."""
        text, end_of_text, delimiter = self.text, len(self.text), self.delimiter
        while self.pos < end_of_text and len(self.rows) != limit:
            if len(self.rows) >= MAX_TABLE_ROWS + 1:
                raise DataError(
                    f"{self.file}: has more than {MAX_TABLE_ROWS:,} rows, "
                    "the most MeshDesk imports."
                )
            found = _LINE_BREAK.search(text, self.pos)
            end = found.start() if found else end_of_text
            if text.find('"', self.pos, end) >= 0:
                self.rows.append(self._quoted_row())
                self._count(len(self.rows[-1]))
                continue
            columns = text.count(delimiter, self.pos, end) + 1
            if columns > MAX_TABLE_COLUMNS + 1:
                raise self._too_wide(columns)
            self.rows.append(text[self.pos : end].split(delimiter))
            self._count(columns)
            self.pos = found.end() if found else end_of_text
            self.line += 1
        return self.rows

    def _quoted_row(self) -> list[str]:
        """The row at self.pos, field by field; quoted fields may hold line breaks."""
        text, end_of_text, delimiter = self.text, len(self.text), self.delimiter
        cells: list[str] = []
        while True:
            if len(cells) > MAX_TABLE_COLUMNS:
                raise self._too_wide(len(cells) + 1)
            if text.startswith('"', self.pos):
                quoted = _QUOTED.match(text, self.pos)
                if quoted is None:
                    raise DataError(
                        f"{self.file}: the quoted field that starts on "
                        f"{self._where(self.line, len(cells))} has no closing quote, so the "
                        "rest of the file would be read into that one cell; close the quote "
                        'or double the quotes inside the field ("").'
                    )
                value = quoted[1]
                self.line += len(_LINE_BREAK.findall(value))
                cells.append(value.replace('""', '"'))
                self.pos = quoted.end()
                if self.pos < end_of_text and text[self.pos] not in (delimiter, "\r", "\n"):
                    raise DataError(
                        f"{self.file}: {self._where(self.line, len(cells) - 1)} has text after "
                        "the closing quote of a field; put the whole field inside the quotes "
                        'and double the quotes inside it ("").'
                    )
            else:
                stop = self.field_end.search(text, self.pos)
                stop_at = stop.start() if stop else end_of_text
                cells.append(text[self.pos : stop_at])
                self.pos = stop_at
                if text.startswith('"', self.pos):
                    raise DataError(
                        f"{self.file}: {self._where(self.line, len(cells) - 1)} has a double "
                        "quote inside an unquoted field; quote the whole field, with nothing "
                        'before the opening quote, and double the quotes inside it ("").'
                    )
            if self.pos >= end_of_text:
                return cells
            if text[self.pos] == delimiter:
                self.pos += 1
                continue
            self.pos += 2 if text.startswith("\r\n", self.pos) else 1  # the row's line break
            self.line += 1
            return cells


def read_csv_rows(path: str | os.PathLike[str]) -> tuple[list[list[str]], str]:
    """All rows of a CSV file (size-, encoding- and shape-checked) and its delimiter."""
    file = Path(path)
    text = decode_csv(read_limited(file, CSV_MAX_BYTES, "CSV file"), file)
    if not text.strip():
        raise DataError(f"{file}: is empty.")
    delimiter = _delimiter(text, file)
    return _Reader(text, delimiter, file).read(), delimiter


def import_csv(path: str | os.PathLike[str]) -> Workbook:
    """Build a workbook from a CSV score table; equal weights; nothing built if any cell is bad.

    A decimal comma is read only in a file whose delimiter is the semicolon (as European
    Excel writes it); elsewhere "6,5" is refused, never read as 6.5 or as 65."""
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

"""The worksheets and shared strings of a checked .xlsx, read with the hardened parser of
meshdesk.io.xlsx_guards (see there for every rule), within a budget of cells and text."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final

from meshdesk.core.errors import DataError
from meshdesk.io.guards import MiB
from meshdesk.io.table import cell_address, shown_text
from meshdesk.io.xlsx_guards import (
    _Attributes,
    _Collector,
    _local,
    _MacroScan,
    _unescape,
    parse_errors,
)

# What parsing may build, whatever the unpacked size: a cell with a value costs about 60 bytes
# (a dict entry and a float), a shared string about 60 plus its text, so these keep a
# workbook's sheets and strings to a few hundred MiB. The stress export has about 300,000
# cells in the sheets MeshDesk reads and 60,000 shared strings.
XLSX_MAX_CELLS: Final = 2_000_000  # cells with a value or formula, in all the sheets read
XLSX_MAX_STRINGS: Final = 2_000_000
# A shared string is stored once and may be used by any number of cells; each use is text the
# checks then read, so the uses are counted too (a 1 MiB string in every cell would otherwise
# be terabytes of work).
XLSX_MAX_SHARED_TEXT: Final = 64 * MiB  # characters, over all uses
XLSX_MAX_LISTED: Final = 10_000  # sheets in workbook.xml, relationships in its .rels


class _SharedStrings(_Collector):
    """The shared string table: each <si>'s text, phonetic runs (<rPh>) left out."""

    def __init__(self, refusal: str) -> None:
        super().__init__()
        self.refusal = refusal
        self.strings: list[str] = []
        self.parts: list[str] = []
        self.phonetic = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = _local(tag)
        if tag == "si":
            self.parts = []
        elif tag == "t" and not self.phonetic:
            self.text = []
        elif tag == "rPh":
            self.phonetic += 1

    def end(self, tag: str) -> None:
        tag = _local(tag)
        if tag == "t" and self.text is not None:
            self.parts.append("".join(self.text))
            self.text = None
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "si":
            if len(self.strings) == XLSX_MAX_STRINGS:
                raise DataError(self.refusal)
            self.strings.append(_unescape("".join(self.parts)))


_CELL_ADDRESS = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")  # re's [0-9] is ASCII
_ROW_NUMBER = re.compile(r"[1-9][0-9]{0,6}")
_NO_ROW: Final[dict[int, Any]] = {}  # the open row outside <row> elements; never written


@dataclass
class SheetCells:
    """A sheet's cells that hold a value, by 0-based row and then column (rows and cells in
    the file's order, which is ascending), and its formulas by (row, column).

    Values are str, float (every number) or bool; a formula cell has no value and its
    formula text (without '=') is in `formulas`, whatever result a spreadsheet cached.
    `title` is the sheet's name as messages show it (cut, invisible characters escaped)."""

    title: str
    rows: dict[int, dict[int, Any]] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass(frozen=True)
class SheetInfo:
    """A worksheet as workbook.xml lists it."""

    title: str
    part: str
    hidden: bool  # state="hidden" or "veryHidden" (which Excel's menus cannot unhide)

    @property
    def shown(self) -> str:
        return shown_text(self.title)


@dataclass(frozen=True)
class SheetLimits:
    rows: int
    columns: int
    kept_columns: int  # cells further right are checked but not kept (they are not read)


@dataclass
class _Budget:
    """What all the sheets read may still hold (see XLSX_MAX_CELLS, XLSX_MAX_SHARED_TEXT)."""

    cells: int
    shared_text: int


class _SheetParser(_Collector):
    """Cells of one worksheet, with the limits enforced and the references checked while
    parsing: rows and cells strictly in order (so none can overwrite another), and each
    cell's address in its own row."""

    def __init__(
        self,
        cells: SheetCells,
        shared: list[str],
        limits: SheetLimits,
        budget: _Budget,
        file: str,
    ) -> None:
        super().__init__()
        self.cells, self.shared, self.file = cells, shared, file
        self.max_rows, self.max_columns = limits.rows, limits.columns
        self.kept = limits.kept_columns
        self.cells_left, self.text_left = budget.cells, budget.shared_text
        self.row = _NO_ROW
        self.in_cell = False  # between a <c> and its </c>
        self.r = -1
        self.c = -1
        self.digits = ""  # the open row's number as cell addresses write it
        self.cut = 0  # -len(digits): where a cell address's column letters end
        self.kind = "n"
        self.value: str | None = None
        self.formula: str | None = None
        self.inline: list[str] | None = None
        self.phonetic = 0
        self.columns: dict[str, int] = {}  # column letters seen -> 0-based index

    def _here(self, c: int | None = None) -> str:
        return cell_address(self.cells.title, self.r, self.c if c is None else c)

    def _damaged(self, what: str) -> DataError:
        return DataError(
            f"{self.file}: {what}; the file is damaged (saving it again from Excel or "
            "LibreOffice may repair it)."
        )

    def _too_big(self, what: str) -> DataError:
        return DataError(
            f"{self.file}: the sheet '{self.cells.title}' has more than {what}, the most "
            "MeshDesk imports."
        )

    def _misplaced_cell(self) -> DataError:
        if self.in_cell:  # its </c> would store a value in the outer cell's place again
            return self._damaged(f"{self._here()}: the cell has another cell inside it")
        return self._damaged(f"the sheet '{self.cells.title}' has a cell outside any row")

    def _out_of_order(self, c: int) -> DataError:
        if c == self.c:
            return self._damaged(f"{self._here()}: the cell is listed twice")
        return self._damaged(
            f"{self._here(c)}: the cell is listed after {self._here()}, but cells come in order"
        )

    def _column(self, ref: str) -> int:
        """0-based column of a cell address in the open row ("AB12" -> 27), remembered by
        its letters; an address that is not one, or is in another row, is refused."""
        match = _CELL_ADDRESS.fullmatch(ref) if len(ref) <= 10 else None
        if match is None:
            raise self._damaged(
                f"the sheet '{self.cells.title}' has a cell with the address "
                f"'{shown_text(ref)}' in row {self.r + 1}, which is not a cell address"
            )
        letters, digits = match.groups()
        if digits != self.digits:
            raise self._damaged(
                f"the sheet '{self.cells.title}' has a cell addressed '{ref}' inside row "
                f"{self.r + 1}"
            )
        index = 0
        for letter in letters:
            index = index * 26 + ord(letter) - 64
        self.columns[letters] = index = index - 1
        return index

    # The handlers run once per XML element (about 700,000 for the stress export): the
    # common cases, <c> and <v>, come first and do as little as possible.
    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "c":
            if self.row is _NO_ROW or self.in_cell:
                raise self._misplaced_cell()
            ref = attrs.get("r")
            if ref is None:
                c = self.c + 1
            else:
                c = self.columns.get(ref[: self.cut], -1) if ref.endswith(self.digits) else -1
                if c < 0:
                    c = self._column(ref)
                if c <= self.c:
                    raise self._out_of_order(c)
            if c >= self.max_columns:
                raise self._too_big(f"{self.max_columns:,} columns")
            self.c = c
            self.kind = attrs.get("t", "n")
            self.value = self.formula = None
            self.in_cell = True
        elif tag == "v":
            self.text = []
        elif ":" in tag:
            self.start(_local(tag), attrs)
        else:
            self._start_other(tag, attrs)

    def _start_other(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "f":
            self.text = []
            self.formula = ""
        elif tag == "row":
            self._start_row(attrs.get("r"))
        elif tag == "is":
            self.inline = []
        elif tag == "t" and self.inline is not None and not self.phonetic:
            self.text = []
        elif tag == "rPh":
            self.phonetic += 1

    def _start_row(self, ref: str | None) -> None:
        title = self.cells.title
        if self.row is not _NO_ROW:
            raise self._damaged(f"the sheet '{title}' has a row inside row {self.r + 1}")
        if ref is None:
            r = self.r + 1
        elif _ROW_NUMBER.fullmatch(ref):
            r = int(ref) - 1
        else:
            raise self._damaged(
                f"the sheet '{title}' has a row numbered '{shown_text(ref)}', which is not a "
                "row number (rows count from 1)"
            )
        if r == self.r:
            raise self._damaged(f"the sheet '{title}' lists row {r + 1} twice")
        if r < self.r:
            raise self._damaged(
                f"the sheet '{title}' lists row {r + 1} after row {self.r + 1}, but rows come "
                "in order"
            )
        if r >= self.max_rows:
            raise self._too_big(f"{self.max_rows:,} rows")
        self.r, self.c, self.row = r, -1, {}
        self.digits = str(r + 1)
        self.cut = -len(self.digits)

    def end(self, tag: str) -> None:
        if tag == "v":
            self.value = "".join(self.text or ())
            self.text = None
        elif tag == "c":
            self.in_cell = False
            self._store()
        elif ":" in tag:
            self.end(_local(tag))
        elif tag == "row":
            if self.row:
                self.cells.rows[self.r] = self.row
            self.row = _NO_ROW
        elif tag == "f":
            self.formula = "".join(self.text or ())
            self.text = None
        elif tag == "t" and self.inline is not None and self.text is not None:
            self.inline.append("".join(self.text))
            self.text = None
        elif tag == "is" and self.inline is not None:
            self.value = _unescape("".join(self.inline))
            self.inline = None
        elif tag == "rPh":
            self.phonetic -= 1

    def _store(self) -> None:
        c = self.c
        if c >= self.kept:
            return
        if self.formula is not None:
            self.cells.formulas[self.r, c] = self.formula
        else:
            text = self.value
            if text is None:
                return
            if self.kind == "n":
                try:
                    value: Any = float(text)
                except ValueError:
                    if text.strip():
                        raise self._damaged(
                            f"{self._here()}: the number cell holds '{shown_text(text)}', "
                            "which is not a number"
                        ) from None
                    return  # <v></v>: some writers mark an empty cell so
            else:
                value = self._typed(self.kind, text)
            self.row[c] = value
        self.cells_left -= 1
        if self.cells_left < 0:
            raise DataError(
                f"{self.file}: the sheets MeshDesk reads have more than {XLSX_MAX_CELLS:,} "
                f"filled cells (counted up to {self._here()}), the most it imports."
            )

    def _typed(self, kind: str, text: str) -> Any:
        if kind == "s":
            try:
                index = int(text)
            except ValueError:
                index = -1
            if not 0 <= index < len(self.shared):
                raise self._damaged(
                    f"{self._here()}: the cell refers to shared string '{shown_text(text)}', "
                    "which the file does not have"
                )
            value = self.shared[index]
            self.text_left -= len(value)
            if self.text_left < 0:
                raise DataError(
                    f"{self.file}: the cells MeshDesk reads repeat shared text more than "
                    f"{XLSX_MAX_SHARED_TEXT:,} characters in all (counted up to "
                    f"{self._here()}), the most it imports."
                )
            return value
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "str":
            return _unescape(text)
        return text  # inlineStr (already unescaped), e (an error such as #N/A), d (ISO date)


class XlsxReader:
    """The worksheets of a checked .xlsx, read with the hardened parser; macros refused."""

    def __init__(self, data: bytes, file: str) -> None:
        self.file = file
        self.budget = _Budget(XLSX_MAX_CELLS, XLSX_MAX_SHARED_TEXT)
        with parse_errors(file):
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            self._refuse_macros()
            self.sheets = self._worksheets()
            self.shared = self._shared_strings()

    def _parse(self, name: str, collector: _Collector) -> None:
        with self.archive.open(name) as source:
            collector.feed(source)

    def _refuse_macros(self) -> None:
        """Macros by content type and by relationship, whatever their parts are called."""
        for name in self.archive.NameToInfo:
            if name == "[Content_Types].xml" or name.endswith(".rels"):
                self._parse(name, _MacroScan(self.file))

    def _listed(self, part: str, wanted: str) -> list[dict[str, str]]:
        what = "sheets" if wanted == "sheet" else "relationships"
        collector = _Attributes(
            wanted,
            XLSX_MAX_LISTED,
            f"{self.file}: the part {part} lists more than {XLSX_MAX_LISTED:,} {what}, "
            "more than a workbook MeshDesk imports has.",
        )
        self._parse(part, collector)
        return collector.found

    def _relationships(self, rels_name: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target) of a .rels part (empty if there is none)."""
        if rels_name not in self.archive.NameToInfo:
            return {}
        found = self._listed(rels_name, "Relationship")
        return {a.get("Id", ""): (a.get("Type", ""), a.get("Target", "")) for a in found}

    def _worksheets(self) -> list[SheetInfo]:
        """The worksheets in workbook order (chart sheets left out)."""
        rels = self._relationships("xl/_rels/workbook.xml.rels")
        sheets: list[SheetInfo] = []
        for attrs in self._listed("xl/workbook.xml", "sheet"):  # check_archive: it is there
            rel_id = next((v for k, v in attrs.items() if k.endswith(":id")), "")
            kind, target = rels.get(rel_id, ("", ""))
            if not kind.endswith("/worksheet") or "name" not in attrs:
                continue
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            hidden = attrs.get("state", "visible") in ("hidden", "veryHidden")
            sheets.append(SheetInfo(attrs["name"], posixpath.normpath(part), hidden))
        return sheets

    def _shared_strings(self) -> list[str]:
        name = "xl/sharedStrings.xml"
        if name not in self.archive.NameToInfo:
            return []
        table = _SharedStrings(
            f"{self.file}: has more than {XLSX_MAX_STRINGS:,} shared strings, the most "
            "MeshDesk reads."
        )
        self._parse(name, table)
        return table.strings

    def read_sheet(self, sheet: SheetInfo, limits: SheetLimits) -> SheetCells:
        cells = SheetCells(sheet.shown)
        with parse_errors(self.file):
            if sheet.part not in self.archive.NameToInfo:
                raise DataError(
                    f"{self.file}: the sheet '{sheet.shown}' is missing from the archive."
                )
            parser = _SheetParser(cells, self.shared, limits, self.budget, self.file)
            self._parse(sheet.part, parser)
            self.budget = _Budget(parser.cells_left, parser.text_left)
        return cells

    def close(self) -> None:
        self.archive.close()


@contextmanager
def open_xlsx(data: bytes, file: str) -> Iterator[XlsxReader]:
    """A reader over checked bytes (see `read_xlsx_bytes`)."""
    reader = XlsxReader(data, file)
    try:
        yield reader
    finally:
        reader.close()

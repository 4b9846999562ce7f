"""Reading an .xlsx file from outside safely: checks before parsing, and a hardened parser.

An .xlsx is a zip archive of XML parts. Before anything is parsed, the file must be small
enough, a zip archive, with a reasonable number of members, a bounded total unpacked size, no
member that inflates more than 100:1 (a zip bomb; legitimate workbooks stay near 4-15:1),
only the STORED and DEFLATE compression methods, and no macros. The XML is then parsed with
defusedxml's rules in effect (no entity declarations, hence no "billion laughs", no external
entities, and here no DTD at all), formulas are seen as formulas, and rows and columns are
counted while they are parsed, so an oversized sheet stops the parse.

Decisions: macro-enabled workbooks (`.xlsm`, or any archive with a VBA project) are refused
rather than stripped: MeshDesk never runs them, but a macro in a file that claims to be a
score table is a reason to stop, not to carry on. External links (`xl/externalLinks/`) are
ignored: they are never opened or followed, and a cell that uses one is a formula, which the
importer refuses in input cells.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any, Final
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from meshdesk.core.errors import DataError
from meshdesk.io.guards import MiB, describe_size, read_limited

XLSX_MAX_BYTES: Final = 32 * MiB  # the 1,000 x 200 stress export is about 1.5 MiB
XLSX_MAX_MEMBERS: Final = 1_000
XLSX_MAX_UNPACKED: Final = 128 * MiB  # total declared unpacked size (stress export: about 17 MiB)
XLSX_RATIO_MIN_MEMBER: Final = 1 * MiB  # small parts may compress well; only big ones matter
XLSX_MAX_RATIO: Final = 100
ALLOWED_METHODS: Final = frozenset((zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED))
MACRO_MARKERS: Final = ("vbaproject.bin", "vbadata.xml")


def read_xlsx_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, size-checked, after the archive checks. Reading once and parsing
    the bytes means what was checked is what is parsed."""
    name = os.fspath(path)
    if name.lower().endswith((".xlsm", ".xltm")):
        raise DataError(
            f"{name}: is a macro-enabled workbook; MeshDesk does not import macros. Save it as "
            "an Excel workbook (.xlsx) and import that."
        )
    data = read_limited(path, XLSX_MAX_BYTES, "spreadsheet")
    check_archive(data, name)
    return data


def check_archive(data: bytes, file: str) -> None:
    """Refuse what is not a plain .xlsx before any XML is parsed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise DataError(
            f"{file}: is not an .xlsx workbook (it is not a zip archive); save it from Excel "
            "or LibreOffice as .xlsx, or export it as .csv."
        ) from None
    with archive:
        members = archive.infolist()
        if len(members) > XLSX_MAX_MEMBERS:
            raise DataError(
                f"{file}: has {len(members):,} parts; a workbook MeshDesk imports has at most "
                f"{XLSX_MAX_MEMBERS:,}."
            )
        unpacked = 0
        for member in members:
            _check_member(member, file)
            unpacked += member.file_size
        if unpacked > XLSX_MAX_UNPACKED:
            raise DataError(
                f"{file}: would unpack to {describe_size(unpacked)}, more than the "
                f"{describe_size(XLSX_MAX_UNPACKED)} MeshDesk allows a workbook."
            )
        if "xl/workbook.xml" not in {m.filename for m in members}:
            raise DataError(f"{file}: is a zip archive but not an .xlsx workbook.")


def _check_member(member: zipfile.ZipInfo, file: str) -> None:
    name = member.filename
    if name.lower().rsplit("/", 1)[-1] in MACRO_MARKERS:
        raise DataError(
            f"{file}: contains macros ({name}); MeshDesk does not import macro-enabled "
            "workbooks. Save it as an Excel workbook (.xlsx) without macros and import that."
        )
    if member.compress_type not in ALLOWED_METHODS:
        raise DataError(
            f"{file}: the part {name} uses a compression method (number "
            f"{member.compress_type}) that Excel does not write; refused."
        )
    if member.file_size > XLSX_RATIO_MIN_MEMBER and (
        member.compress_size == 0 or member.file_size / member.compress_size > XLSX_MAX_RATIO
    ):
        ratio = member.file_size / max(member.compress_size, 1)
        raise DataError(
            f"{file}: the part {name} would unpack from {describe_size(member.compress_size)} "
            f"to {describe_size(member.file_size)} ({ratio:,.0f}:1), which is how a zip bomb "
            "looks; refused before reading it."
        )


# --- reading: a hardened XML parser --------------------------------------------------------
# openpyxl's reader builds an ElementTree element for every XML node through defusedxml's
# pure-Python parser class: about 17 µs per cell here, 7 s for the stress export against a
# target of 3 s. Cells are read instead by plain expat callbacks on a parser guarded by
# defusedxml's own handlers (its DefusedExpatParser's), with one rule more than its default:
# no document type declaration at all, which no part of an .xlsx has. A "billion laughs"
# therefore stops at its DOCTYPE, before any entity exists.

_DEFUSED = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)


def hardened_parser() -> Any:
    """An expat parser that refuses DTDs, entity declarations and external references."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _DEFUSED.defused_start_doctype_decl
    parser.EntityDeclHandler = _DEFUSED.defused_entity_decl
    parser.UnparsedEntityDeclHandler = _DEFUSED.defused_unparsed_entity_decl
    parser.ExternalEntityRefHandler = _DEFUSED.defused_external_entity_ref_handler
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    return parser


def _local(tag: str) -> str:
    """`x:c` -> `c`: some writers prefix the spreadsheet namespace."""
    return tag.rpartition(":")[2]


_OOXML_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """Excel writes characters XML cannot carry as _xHHHH_ (and a literal one as _x005F_...)."""
    if "_x" not in text:
        return text
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


class _Collector:
    """Base for the part parsers: runs expat over a part, collecting text where asked."""

    def __init__(self) -> None:
        self.text: list[str] | None = None

    def data(self, chunk: str) -> None:
        if self.text is not None:
            self.text.append(chunk)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        raise NotImplementedError

    def end(self, tag: str) -> None:
        raise NotImplementedError

    def feed(self, source: IO[bytes]) -> None:
        parser = hardened_parser()
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.data
        parser.ParseFile(source)


class _Attributes(_Collector):
    """Every element's attributes, by local tag name (workbook.xml, .rels)."""

    def __init__(self, wanted: str) -> None:
        super().__init__()
        self.wanted = wanted
        self.found: list[dict[str, str]] = []

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == self.wanted:
            self.found.append(attrs)

    def end(self, tag: str) -> None:
        pass


class _SharedStrings(_Collector):
    """The shared string table: each <si>'s text, phonetic runs (<rPh>) left out."""

    def __init__(self) -> None:
        super().__init__()
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
            self.strings.append(_unescape("".join(self.parts)))


_COLUMN_LETTERS = re.compile(r"[A-Z]{1,3}")
_DIGITS = "0123456789"


@dataclass
class SheetCells:
    """A sheet's cell values by 0-based row and column (None = empty), and its formulas.

    Values are str, float (every number) or bool; a formula cell's value is None and its
    formula text (without '=') is in `formulas`, whatever result a spreadsheet cached."""

    title: str
    values: list[list[Any]] = field(default_factory=list)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


class _SheetParser(_Collector):
    """Cells of one worksheet, with the row and column limits enforced while parsing."""

    def __init__(
        self, cells: SheetCells, shared: list[str], limits: tuple[int, int], file: str
    ) -> None:
        super().__init__()
        self.cells, self.shared, self.file = cells, shared, file
        self.max_rows, self.max_columns = limits
        self.row: list[Any] = []
        self.r = -1
        self.c = -1
        self.kind = "n"
        self.value: str | None = None
        self.formula: str | None = None
        self.inline: list[str] | None = None
        self.phonetic = 0
        self.columns: dict[str, int] = {}

    def _too_big(self, what: str) -> DataError:
        return DataError(
            f"{self.file}: the sheet {self.cells.title!r} has more than {what}, the most "
            "MeshDesk imports."
        )

    def _column(self, ref: str) -> int:
        """0-based column of a cell address ("AB12" -> 27); cached by its letters."""
        letters = ref.rstrip(_DIGITS)
        index = self.columns.get(letters)
        if index is None:
            if not _COLUMN_LETTERS.fullmatch(letters) or not ref[len(letters) :].isdigit():
                raise DataError(
                    f"{self.file}: the sheet {self.cells.title!r} has a cell with the address "
                    f"{ref[:20]!r}, which is not one."
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
            ref = attrs.get("r")
            self.c = c = self.c + 1 if ref is None else self._column(ref)
            if c >= self.max_columns:
                raise self._too_big(f"{self.max_columns:,} columns")
            self.kind = attrs.get("t", "n")
            self.value = self.formula = None
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
            ref = attrs.get("r")
            r = int(ref) - 1 if ref is not None and ref.isdigit() else self.r + 1
            if r >= self.max_rows:
                raise self._too_big(f"{self.max_rows:,} rows")
            values = self.cells.values
            if r < len(values):  # rows out of order: Excel never writes them, others might
                self.row = values[r]
            else:
                values.extend([] for _ in range(r - len(values)))
                self.row = []
                values.append(self.row)
            self.r, self.c = r, -1
        elif tag == "is":
            self.inline = []
        elif tag == "t" and self.inline is not None and not self.phonetic:
            self.text = []
        elif tag == "rPh":
            self.phonetic += 1

    def end(self, tag: str) -> None:
        if tag == "v":
            self.value = "".join(self.text or ())
            self.text = None
        elif tag == "c":
            self._store()
        elif ":" in tag:
            self.end(_local(tag))
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
        if self.formula is not None:
            self.cells.formulas[self.r, self.c] = self.formula
            return
        text = self.value
        if text is None:
            return
        value = float(text) if self.kind == "n" else self._typed(self.kind, text)
        row, c = self.row, self.c
        size = len(row)
        if size == c:
            row.append(value)
        elif size < c:
            row.extend([None] * (c - size))
            row.append(value)
        else:
            row[c] = value

    def _typed(self, kind: str, text: str) -> Any:
        if kind == "s":
            return self.shared[int(text)]
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "str":
            return _unescape(text)
        return text  # inlineStr (already unescaped), e (an error such as #N/A), d (ISO date)


class XlsxReader:
    """The worksheets of a checked .xlsx, by title, read with the hardened parser."""

    def __init__(self, data: bytes, file: str) -> None:
        self.file = file
        with parse_errors(file):
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            self.paths = self._worksheet_paths()
            self.shared = self._shared_strings()

    @property
    def titles(self) -> list[str]:
        return list(self.paths)

    def _parse(self, name: str, collector: _Collector) -> None:
        with self.archive.open(name) as source:
            collector.feed(source)

    def _relationships(self, rels_name: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target) of a .rels part (empty if there is none)."""
        if rels_name not in self.archive.NameToInfo:
            return {}
        rels = _Attributes("Relationship")
        self._parse(rels_name, rels)
        return {a.get("Id", ""): (a.get("Type", ""), a.get("Target", "")) for a in rels.found}

    def _worksheet_paths(self) -> dict[str, str]:
        """Worksheet title -> part name, in workbook order (chart sheets left out)."""
        rels = self._relationships("xl/_rels/workbook.xml.rels")
        sheets = _Attributes("sheet")
        self._parse("xl/workbook.xml", sheets)  # check_archive made sure it is there
        paths: dict[str, str] = {}
        for attrs in sheets.found:
            rel_id = next((v for k, v in attrs.items() if k.endswith(":id")), "")
            kind, target = rels.get(rel_id, ("", ""))
            if not kind.endswith("/worksheet") or "name" not in attrs:
                continue
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            paths[attrs["name"]] = posixpath.normpath(part)
        return paths

    def _shared_strings(self) -> list[str]:
        name = "xl/sharedStrings.xml"
        if name not in self.archive.NameToInfo:
            return []
        table = _SharedStrings()
        self._parse(name, table)
        return table.strings

    def read_sheet(self, title: str, max_rows: int, max_columns: int) -> SheetCells:
        cells = SheetCells(title)
        with parse_errors(self.file):
            path = self.paths[title]
            if path not in self.archive.NameToInfo:
                raise DataError(f"{self.file}: the sheet {title!r} is missing from the archive.")
            self._parse(path, _SheetParser(cells, self.shared, (max_rows, max_columns), self.file))
        while cells.values and not cells.values[-1]:
            cells.values.pop()
        return cells

    def close(self) -> None:
        self.archive.close()


@contextmanager
def parse_errors(file: str) -> Iterator[None]:
    """Turn whatever a damaged or hostile file makes the parser raise into one sentence."""
    try:
        yield
    except DataError:
        raise
    except DefusedXmlException:
        raise DataError(
            f"{file}: contains an XML document type or entity declaration (the shape of a "
            "'billion laughs' attack); MeshDesk refuses such files."
        ) from None
    except expat.ExpatError as exc:
        raise DataError(f"{file}: is not a readable .xlsx workbook (damaged XML: {exc}).") from None
    except (
        KeyError,
        IndexError,
        ValueError,
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
    ) as exc:
        detail = str(exc).strip().rstrip(".") or type(exc).__name__
        raise DataError(f"{file}: is not a readable .xlsx workbook ({detail}).") from None


@contextmanager
def open_xlsx(data: bytes, file: str) -> Iterator[XlsxReader]:
    """A reader over checked bytes (see `read_xlsx_bytes`)."""
    reader = XlsxReader(data, file)
    try:
        yield reader
    finally:
        reader.close()

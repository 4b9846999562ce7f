"""Reading an .xlsx file from outside safely: checks before parsing, and a hardened parser.

An .xlsx is a zip archive of XML parts. Before anything is parsed, the file must be small
enough, not a compound document (what Excel writes for a password-protected workbook, or an
old .xls), a zip archive with a reasonable number of distinct members, none encrypted, their
declared data not overlapping (so that the declared compressed sizes the checks rely on are
bytes the file really has), a bounded total unpacked size (zipfile never unpacks more than a
member declares), no member that inflates more than 100:1 (a zip bomb; legitimate workbooks
stay near 4-15:1), only the STORED and DEFLATE compression methods, and no macros. The XML is
then parsed with defusedxml's rules in effect (no entity declarations, hence no "billion
laughs", no external entities, and here no DTD at all), formulas are seen as formulas, and
rows, columns and cells are counted while they are parsed, so an oversized sheet stops the
parse. A sheet is kept sparse, as the cells it has, so memory follows what the file holds,
not the addresses it names.

Decisions: macro-enabled workbooks (`.xlsm`, or any archive with a VBA project or an Excel 4
macro sheet, whatever the part is called: found by name, by content type and by relationship)
are refused rather than stripped: MeshDesk never runs them, but a macro in a file that claims
to be a score table is a reason to stop, not to carry on. External links (`xl/externalLinks/`)
are ignored: they are never opened or followed, and a cell that uses one is a formula, which
the importer refuses in input cells. Rows and cells must come in order, each once, with
addresses that agree with their row (as Excel writes them, and as it requires to open a
file): anything else is refused with where it is, so no reference can overwrite another cell.

This module holds the checks before parsing and the hardened parser; the sheets and shared
strings are read in meshdesk.io.xlsx_reader, which also holds the parse budget.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any, Final
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from meshdesk.core.errors import DataError
from meshdesk.io.guards import MiB, describe_size, read_limited
from meshdesk.io.table import shown_text

XLSX_MAX_BYTES: Final = 32 * MiB  # the 1,000 x 200 stress export is about 1.5 MiB
XLSX_MAX_MEMBERS: Final = 1_000
XLSX_MAX_UNPACKED: Final = 128 * MiB  # total declared unpacked size (stress export: about 17 MiB)
XLSX_RATIO_MIN_MEMBER: Final = 1 * MiB  # small parts may compress well; only big ones matter
XLSX_MAX_RATIO: Final = 100
ALLOWED_METHODS: Final = frozenset((zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED))
MACRO_MARKERS: Final = ("vbaproject.bin", "vbadata.xml")
# Lower-case pieces of the content types and relationship types of macros, and what they are:
# a VBA project (and its signatures), Excel 4 (XLM) macro sheets, and the main part of a
# macro-enabled workbook, template or add-in ("...sheet.macroEnabled.main+xml").
MACRO_TYPES: Final = {
    "vbaproject": "a VBA project",
    "vbadata": "VBA data",
    "macrosheet": "an Excel 4 macro sheet",
    "macroenabled": "a macro-enabled workbook part",
}
OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound document (.xls, .doc, ...)
# The stream an encrypted OOXML package is in, as a compound document's directory names it
ENCRYPTED_PACKAGE: Final = "EncryptedPackage".encode("utf-16-le")
_LOCAL_HEADER: Final = 30  # bytes of a zip member's local header before its name
# General purpose flags zipfile cannot read: encrypted, patched data, strong encryption
_ENCRYPTED_FLAGS: Final = 0x01 | 0x40
_PATCHED_FLAG: Final = 0x20


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
    if data.startswith(OLE_MAGIC):
        raise DataError(_compound_document(data, name))
    check_archive(data, name)
    return data


def _compound_document(data: bytes, file: str) -> str:
    """Why a compound document is not read. Excel saves a workbook with a password ("Encrypt
    with Password") as one holding the encrypted .xlsx in an EncryptedPackage stream; any
    other is most likely an Excel 97-2003 workbook given the .xlsx extension."""
    if ENCRYPTED_PACKAGE in data:
        return (
            f"{file}: is password-protected, so MeshDesk cannot read it; open it in Excel or "
            "LibreOffice, save a copy without a password and import that."
        )
    return (
        f"{file}: is an Excel 97-2003 workbook (.xls) or another older Office file, not an "
        ".xlsx; open it in Excel or LibreOffice, save it as an Excel workbook (.xlsx) and "
        "import that."
    )


def _password_protected(file: str, part: str) -> str:
    return (
        f"{file}: is password-protected (its part {shown_text(part)} is encrypted), so MeshDesk "
        "cannot read it; open it in Excel or LibreOffice, save a copy without a password and "
        "import that."
    )


def check_archive(data: bytes, file: str) -> None:
    """Refuse what is not a plain .xlsx before any XML is parsed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except NotImplementedError:  # a zip format version zipfile does not know
        raise DataError(
            f"{file}: is a zip archive of a kind Excel does not write (it needs a newer zip "
            "reader); save it from Excel or LibreOffice as .xlsx and import that."
        ) from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        OSError,
        EOFError,
        struct.error,
    ):
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
        names: set[str] = set()
        for member in members:
            if member.filename in names:
                raise DataError(
                    f"{file}: holds the part {shown_text(member.filename)} twice, so what it "
                    "says is ambiguous; refused."
                )
            names.add(member.filename)
            _check_member(member, file)
            unpacked += member.file_size
        _check_extents(members, len(data), file)
        if unpacked > XLSX_MAX_UNPACKED:
            raise DataError(
                f"{file}: would unpack to {describe_size(unpacked)}, more than the "
                f"{describe_size(XLSX_MAX_UNPACKED)} MeshDesk allows a workbook."
            )
        if "xl/workbook.xml" not in names:
            raise DataError(f"{file}: is a zip archive but not an .xlsx workbook.")


def _check_member(member: zipfile.ZipInfo, file: str) -> None:
    name = shown_text(member.filename)
    if member.filename.lower().rsplit("/", 1)[-1] in MACRO_MARKERS:
        raise DataError(_macros(file, name))
    if member.flag_bits & _ENCRYPTED_FLAGS:
        raise DataError(_password_protected(file, member.filename))
    if member.flag_bits & _PATCHED_FLAG:
        raise DataError(
            f"{file}: the part {name} is stored as zip patch data, which Excel does not write; "
            "refused."
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


def _check_extents(members: list[zipfile.ZipInfo], size: int, file: str) -> None:
    """Each member's declared data must lie in the file before the next member's header:
    otherwise its declared compressed size (what the ratio check divides by) is bytes that
    belong to another member or to nothing, and overlapping members are the shape of a zip
    bomb that reuses one compressed kernel many times."""
    ordered = sorted(members, key=lambda m: m.header_offset)
    for member, following in zip(ordered, [*ordered[1:], None], strict=True):
        end = size if following is None else following.header_offset
        if member.header_offset + _LOCAL_HEADER + member.compress_size > end:
            raise DataError(
                f"{file}: the part {shown_text(member.filename)} claims more compressed data "
                "than the archive has room for, which is how a zip bomb looks; refused before "
                "reading it."
            )


def _macros(file: str, what: str) -> str:
    return (
        f"{file}: contains macros ({what}); MeshDesk does not import macro-enabled "
        "workbooks. Save it as an Excel workbook (.xlsx) without macros and import that."
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
    """Every element's attributes, by local tag name (workbook.xml, .rels), at most `limit`."""

    def __init__(self, wanted: str, limit: int, refusal: str) -> None:
        super().__init__()
        self.wanted, self.limit, self.refusal = wanted, limit, refusal
        self.found: list[dict[str, str]] = []

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == self.wanted:
            if len(self.found) == self.limit:
                raise DataError(self.refusal)
            self.found.append(attrs)

    def end(self, tag: str) -> None:
        pass


class _MacroScan(_Collector):
    """Refuses a content type ([Content_Types].xml) or relationship (a .rels part) of macros."""

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = _local(tag)
        if tag in ("Default", "Override"):
            kind, what = attrs.get("ContentType", ""), attrs.get("PartName", "")
            what = what or f"the parts ending in .{attrs.get('Extension', '')}"
        elif tag == "Relationship":
            kind, what = attrs.get("Type", ""), attrs.get("Target", "")
        else:
            return
        kind = kind.lower()
        for marker, macro in MACRO_TYPES.items():
            if marker in kind:
                raise DataError(_macros(self.file, f"{macro}, {shown_text(what)}"))

    def end(self, tag: str) -> None:
        pass


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
    except expat.ExpatError as exc:  # expat's messages are short: a reason, a line, a column
        raise DataError(f"{file}: is not a readable .xlsx workbook (damaged XML: {exc}).") from None
    except (
        KeyError,
        IndexError,
        ValueError,
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        struct.error,
        RuntimeError,  # zipfile: an encrypted member (check_archive refuses them first)
        NotImplementedError,  # zipfile: a feature it does not read
    ) as exc:
        detail = shown_text(str(exc).strip().rstrip(".")) or type(exc).__name__
        raise DataError(f"{file}: is not a readable .xlsx workbook ({detail}).") from None

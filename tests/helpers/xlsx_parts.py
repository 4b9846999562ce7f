"""Hand-made .xlsx parts for hostile-input tests: the parts are written as text, so that a test
can put anything where Excel would put something sensible."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def column(index: int) -> str:
    """0 -> A, 1003 -> ALP."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell(ref: str | None, value: object) -> str:
    """A <c> element: str as an inline string, bool as a boolean, anything else as a number."""
    where = "" if ref is None else f" r={quoteattr(ref)}"
    if isinstance(value, str):
        return f'<c{where} t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c{where} t="b"><v>{int(value)}</v></c>'
    return f"<c{where}><v>{value}</v></c>"


def row(number: int | str | None, cells: Iterable[str]) -> str:
    where = "" if number is None else f" r={quoteattr(str(number))}"
    return f"<row{where}>{''.join(cells)}</row>"


def table_rows(rows: Iterable[Iterable[object]], first: int = 1) -> list[str]:
    """Dense rows as <row> elements with addresses, from sheet row `first`."""
    return [
        row(r, (cell(f"{column(c)}{r}", v) for c, v in enumerate(values) if v is not None))
        for r, values in enumerate(rows, start=first)
    ]


def sheet(rows: Iterable[str]) -> str:
    return f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(rows)}</sheetData></worksheet>'


def workbook_parts(
    sheets: Mapping[str, str],
    *,
    states: Mapping[str, str] | None = None,
    extra_types: str = "",
    extra_relationships: str = "",
    extra_parts: Mapping[str, str | bytes] | None = None,
) -> dict[str, str | bytes]:
    """The parts of a workbook with these sheets (title -> sheet XML), in this order."""
    states = states or {}
    entries = "".join(
        f"<sheet name={quoteattr(title)} sheetId='{i}' r:id='rId{i}'"
        + (f" state={quoteattr(states[title])}" if title in states else "")
        + "/>"
        for i, title in enumerate(sheets, start=1)
    )
    relationships = "".join(
        f"<Relationship Id='rId{i}' Type='{REL}/worksheet' Target='worksheets/sheet{i}.xml'/>"
        for i in range(1, len(sheets) + 1)
    )
    overrides = "".join(
        f"<Override PartName='/xl/worksheets/sheet{i}.xml' ContentType='{SHEET_TYPE}'/>"
        for i in range(1, len(sheets) + 1)
    )
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": (
            f"<Types xmlns='{TYPES}'>"
            "<Default Extension='rels' "
            "ContentType='application/vnd.openxmlformats-package.relationships+xml'/>"
            "<Default Extension='xml' ContentType='application/xml'/>"
            f"<Override PartName='/xl/workbook.xml' ContentType='{WORKBOOK_TYPE}'/>"
            f"{overrides}{extra_types}</Types>"
        ),
        "_rels/.rels": (
            f"<Relationships xmlns='{PKG}'><Relationship Id='rId1' "
            f"Type='{REL}/officeDocument' Target='xl/workbook.xml'/></Relationships>"
        ),
        "xl/workbook.xml": (
            f"<workbook xmlns='{MAIN}' xmlns:r='{REL}'><sheets>{entries}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f"<Relationships xmlns='{PKG}'>{relationships}{extra_relationships}</Relationships>"
        ),
    }
    for i, xml in enumerate(sheets.values(), start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    parts.update(extra_parts or {})
    return parts


def zip_bytes(parts: Mapping[str, str | bytes], methods: Mapping[str, int] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            method = (methods or {}).get(name, zipfile.ZIP_DEFLATED)
            archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data, method)
    return buffer.getvalue()


def write_xlsx(path: Path, sheets: Mapping[str, str], **options: object) -> Path:
    path.write_bytes(zip_bytes(workbook_parts(sheets, **options)))  # type: ignore[arg-type]
    return path


SMALL_SCORES = sheet(table_rows([["Tool", "Core", "Ease"], ["Istio", 9, 6], ["Linkerd", 8, 9]]))


# --- patching an archive's headers ----------------------------------------------------------
_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"


def _central_entry(data: bytes | bytearray, name: str) -> int:
    """Offset of the central directory entry of `name`."""
    at = data.find(_CENTRAL)
    while at != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_length]) == name.encode():
            return at
        at = data.find(_CENTRAL, at + 4)
    raise AssertionError(f"{name} is not in the archive")


def patch_member(
    data: bytes,
    name: str,
    *,
    flags: int | None = None,
    method: int | None = None,
    compressed: int | None = None,
    size: int | None = None,
    central_only: bool = False,
    version: int | None = None,
) -> bytes:
    """The archive with fields of one member's headers overwritten (central directory and,
    unless `central_only`, the local header: zipfile trusts the first for sizes)."""
    patched = bytearray(data)
    central = _central_entry(patched, name)
    local = struct.unpack_from("<I", patched, central + 42)[0]
    assert patched[local : local + 4] == _LOCAL
    if version is not None:  # "version needed to extract", in the central directory
        struct.pack_into("<H", patched, central + 6, version)
    headers = [(central, 8)] if central_only else [(central, 8), (local, 6)]
    for start, flag_at in headers:
        if flags is not None:
            struct.pack_into("<H", patched, start + flag_at, flags)
        if method is not None:
            struct.pack_into("<H", patched, start + flag_at + 2, method)
        if compressed is not None:
            struct.pack_into("<I", patched, start + flag_at + 12, compressed)
        if size is not None:
            struct.pack_into("<I", patched, start + flag_at + 16, size)
    return bytes(patched)


def member_flags(data: bytes, name: str) -> int:
    return int(struct.unpack_from("<H", data, _central_entry(data, name) + 8)[0])


# --- an encrypted workbook as Excel writes one --------------------------------------------------
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole_file(streams: Iterable[str]) -> bytes:
    """A compound document (the container of .xls files and of password-protected .xlsx
    files) with a directory naming these streams; their content does not matter here."""
    header = bytearray(512)
    header[:8] = OLE_MAGIC
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)  # minor, major, byte order, 2^9
    struct.pack_into("<I", header, 48, 0)  # the directory starts in sector 0
    directory = bytearray()
    for name in ("Root Entry", *streams):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry[: len(encoded)] = encoded
        struct.pack_into("<HB", entry, 64, len(encoded), 5 if name == "Root Entry" else 2)
        directory += entry
    directory += bytes(-len(directory) % 512)
    return bytes(header + directory)


ENCRYPTED_STREAMS = ("\x06DataSpaces", "EncryptionInfo", "EncryptedPackage")


# === checks ===================================================================================

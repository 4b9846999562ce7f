"""The Notes and About sheets of an imported .xlsx (see meshdesk.io.xlsx_import)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final

from meshdesk import __version__
from meshdesk.core.errors import MeshDeskError
from meshdesk.core.workbook import ID_PATTERN, CellNote, Metadata
from meshdesk.io.fields import DATE_PATTERN
from meshdesk.io.table import Problems, clean_label, shown_text
from meshdesk.io.textsafety import unescape_from_csv
from meshdesk.io.xlsx_export import SCORES
from meshdesk.io.xlsx_import_cells import ImportSheet, formula_problem, is_number, shown_value
from meshdesk.io.xlsx_layout import EVIDENCE_HEADER, NOTES_HEADERS

NOTE_TEXT_MAX: Final = 20_000  # as in project files
NOTE_SOURCE_MAX: Final = 2_000


def note_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else str(value)
    return unescape_from_csv(text)


EXCEL_EPOCH: Final = datetime(1899, 12, 30)  # serial 1 = 1900-01-01 (past Excel's 1900-02-29)
EXCEL_LAST_SERIAL: Final = 2_958_465  # 9999-12-31


def note_date(value: Any) -> str | None:
    """The date as YYYY-MM-DD or YYYY-MM, "" for none, None when it is not a date.

    A date typed into a spreadsheet is stored as a day number with a date format; the
    cells are read without their formats, so a number in the date column is taken as one."""
    if value is None:
        return ""
    if is_number(value):
        if 61 <= value <= EXCEL_LAST_SERIAL:
            return (EXCEL_EPOCH + timedelta(days=float(value))).date().isoformat()
        return None
    if isinstance(value, str):
        text = value.strip()
        return text if not text or DATE_PATTERN.match(text) else None
    return None


EVIDENCE_COLUMN: Final = NOTES_HEADERS.index(EVIDENCE_HEADER)


class Grades:
    """The evidence grades a Notes cell may name: a grade's id or its name, ignoring case
    ("vendor-claim", "Vendor claim"). The scale is read on first use; when it cannot be read,
    any id-shaped value is kept (the analysis that needs the scale says why it cannot)."""

    def __init__(self) -> None:
        self._by_label: dict[str, str] | None = None
        self.listing = ""

    def _load(self) -> dict[str, str]:
        from meshdesk.io.evidence import load_evidence

        by_label: dict[str, str] = {}
        try:
            scale = load_evidence()
        except MeshDeskError:
            return by_label
        for grade in scale.grades:
            by_label[grade.id.casefold()] = grade.id
            by_label.setdefault(grade.name.strip().casefold(), grade.id)
        self.listing = ", ".join(grade.id for grade in scale.grades)
        return by_label

    def lookup(self, label: str) -> str | None:
        if self._by_label is None:
            self._by_label = self._load()
        key = " ".join(label.split()).casefold()
        if not self._by_label:
            return key if ID_PATTERN.fullmatch(key) else None
        return self._by_label.get(key)


def has_evidence_column(sheet: ImportSheet) -> bool:
    """An export older than grades has no Evidence column: its notes take the default."""
    header = sheet.value(0, EVIDENCE_COLUMN)
    return isinstance(header, str) and header.strip().casefold() == EVIDENCE_HEADER.casefold()


def read_notes(
    sheet: ImportSheet,
    tool_ids: dict[str, str],
    criterion_ids: dict[str, str],
    problems: Problems,
) -> dict[tuple[str, str], CellNote]:
    """Notes keyed by (tool id, criterion id); names are matched ignoring case."""
    graded = has_evidence_column(sheet)
    last = EVIDENCE_COLUMN if graded else EVIDENCE_COLUMN - 1
    grades = Grades()
    for r, c in sorted(sheet.formulas):
        if r > 0 and c <= last:
            formula_problem(sheet, r, c, problems)
    notes: dict[tuple[str, str], CellNote] = {}
    first_at: dict[tuple[str, str], int] = {}
    for r in sheet.rows:
        if r == 0:
            continue
        tool = clean_label(sheet.value(r, 0))
        criterion = clean_label(sheet.value(r, 1))
        text, source = note_text(sheet.value(r, 2)), note_text(sheet.value(r, 3))
        when = note_date(sheet.value(r, 4))
        label = clean_label(sheet.value(r, EVIDENCE_COLUMN)) if graded else ""
        if not (tool or criterion or text or source or when or label):
            continue
        bad = False
        evidence = grades.lookup(label) if label else ""
        if evidence is None:
            known = f"; the grades are {grades.listing}" if grades.listing else ""
            problems.add(
                f"{sheet.address(r, EVIDENCE_COLUMN)}: {shown_value(label)} is not an evidence "
                f"grade{known}"
            )
            bad = True
        if tool.casefold() not in tool_ids:
            problems.add(
                f"{sheet.address(r, 0)}: the tool {shown_value(tool)} is not on the {SCORES} sheet"
            )
            bad = True
        if criterion.casefold() not in criterion_ids:
            problems.add(
                f"{sheet.address(r, 1)}: the criterion {shown_value(criterion)} is not on the "
                f"{SCORES} sheet"
            )
            bad = True
        if len(text) > NOTE_TEXT_MAX:
            problems.add(
                f"{sheet.address(r, 2)}: the note is {len(text):,} characters long; "
                f"the limit is {NOTE_TEXT_MAX:,}"
            )
            bad = True
        if len(source) > NOTE_SOURCE_MAX:
            problems.add(
                f"{sheet.address(r, 3)}: the source is {len(source):,} characters "
                f"long; the limit is {NOTE_SOURCE_MAX:,}"
            )
            bad = True
        if when is None:
            problems.add(
                f"{sheet.address(r, 4)}: {shown_value(sheet.value(r, 4))} is not a date written "
                "YYYY-MM-DD or YYYY-MM"
            )
            bad = True
        if bad or not (text or source or when or evidence):
            continue
        key = (tool_ids[tool.casefold()], criterion_ids[criterion.casefold()])
        if key in notes:
            problems.add(
                f"{sheet.address(r, 0)}: a second note on {shown_text(tool)} / "
                f"{shown_text(criterion)} "
                f"(first at {sheet.address(first_at[key], 0)})"
            )
            continue
        first_at[key] = r
        notes[key] = CellNote(text, source, when or "", evidence or "")
    return notes


def read_metadata(sheet: ImportSheet | None, fallback_title: str) -> Metadata:
    """Title, author and dataset from an exported About sheet; values that do not fit are
    left out (About is a description, not an input)."""
    fields: dict[str, str] = {}
    for cells in sheet.rows.values() if sheet is not None else []:
        label, value = cells.get(0), cells.get(1)
        if isinstance(label, str) and isinstance(value, str) and len(value) <= 500:
            fields.setdefault(label.strip(), value.strip())
    as_of = fields.get("Dataset as of", "")
    return Metadata(
        title=fields.get("Title") or fallback_title,
        author=fields.get("Author", ""),
        app_version=__version__,
        dataset_title=fields.get("Dataset", ""),
        dataset_as_of=as_of if DATE_PATTERN.match(as_of) else "",
    )

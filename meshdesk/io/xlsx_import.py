"""Import an .xlsx workbook: a MeshDesk export after edits in Excel or LibreOffice, or a plain
score table from elsewhere.

What is read (see `meshdesk.io.xlsx_export` for the layout):
- `Scores` (or, when there is no sheet of that name, the first visible sheet): tool names down
  column A, criterion names across row 1, scores in the cells; an empty cell is "not scored".
  The columns MeshDesk derives (`Weighted total`, `Rank`, `Lifecycle`) are skipped; their
  formulas and cached values are ignored, everything is rebuilt from the inputs.
- `Weights` (optional): criterion name in A, weight (percent) in B, criterion id in C (and,
  in an export, the description in E). A criterion column without a row here gets weight 0,
  so adding a column never moves the existing totals until it is given a weight; a row
  without a column is an error (most likely a renamed header). Without a Weights sheet the
  weights are equal.
- `Notes` (optional): tool, criterion, text, source, date, evidence (the last optional). When
  the sheet is there it is the whole truth (a deleted row deletes the note); when it is not,
  notes of `base` are kept.
- `About` (optional): title, author and dataset, used only when there is no `base`.
`Recommendation` and `Facts` are outputs and never read. A sheet that would be read but is
hidden (or "very hidden") is refused: the user cannot see what it would import.

Matching: rows are matched to the tools of `base` by name (ignoring case), and keep that
tool's id, facts, profile and published total; other names become new tools. Criteria keep
the id from the Weights sheet, else the id of the `base` criterion of the same name.

Every cell is checked before anything is built, and every problem is reported with its
address (`Scores!D7: "high" is not a number from 0 to 10`); one problem imports nothing. A
formula in an input cell is refused: only typed values are imported. A leading apostrophe
before a formula character is taken as an escape and dropped, as in CSV.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

import numpy as np

from meshdesk.core.errors import DataError, InputError
from meshdesk.core.text import bad_character
from meshdesk.core.workbook import (
    ID_PATTERN,
    CellNote,
    Criterion,
    Tool,
    Workbook,
    make_id,
)
from meshdesk.io.guards import MAX_TABLE_CELLS, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS
from meshdesk.io.table import (
    CellValue,
    Problems,
    Table,
    clean_label,
    parse_table,
    shown_text,
)
from meshdesk.io.xlsx_export import (
    ABOUT,
    DERIVED_HEADERS,
    NOTES,
    SCORES,
    WEIGHTS,
    WEIGHTS_HEADERS,
)
from meshdesk.io.xlsx_guards import read_xlsx_bytes
from meshdesk.io.xlsx_import_cells import (
    ImportSheet,
    ListedProblems,
    formula_problem,
    is_number,
    shown_value,
)
from meshdesk.io.xlsx_notes import note_text, read_metadata, read_notes
from meshdesk.io.xlsx_reader import SheetInfo, SheetLimits, XlsxReader, open_xlsx

MAX_NOTE_ROWS: Final = 250_000  # the stress workbook has about 20,000
MAX_ABOUT_ROWS: Final = 10_000
DESCRIPTION_MAX: Final = 20_000  # as in project files
WEIGHT_MAX: Final = 1e6  # as in project files
# Tool rows x columns of the score table built from the Scores sheet, checked before it is
# built: a sheet keeps only the cells it has, but the table has a slot for every score, and
# 20,000 rows each with one far cell would make 20 million. The stress export has 200,000.
# Columns read of the other sheets; cells further right are checked, not kept.
WEIGHTS_COLUMNS: Final = 5  # criterion, weight, id, share of total (not read), about
NOTES_COLUMNS: Final = 6  # tool, criterion, note, source, date, evidence
ABOUT_COLUMNS: Final = 2  # label, value
DERIVED: Final = frozenset(h.casefold() for h in DERIVED_HEADERS)


@dataclass
class _Sources:
    file: str
    scores: ImportSheet
    weights: ImportSheet | None
    notes: ImportSheet | None
    about: ImportSheet | None


def _named(book: XlsxReader, name: str) -> SheetInfo | None:
    found = [s for s in book.sheets if s.title.casefold() == name.casefold()]
    if len(found) > 1:
        raise DataError(
            f"{book.file}: has two sheets named {name!r} (ignoring case), so which to read is "
            "not clear; rename or delete one and import again."
        )
    return found[0] if found else None


def _read_sheets(data: bytes, file: str) -> _Sources:
    with open_xlsx(data, file) as book:
        if not book.sheets:
            raise DataError(f"{file}: has no worksheets.")
        wide = MAX_TABLE_COLUMNS + 1 + len(DERIVED_HEADERS)

        def read(sheet: SheetInfo, rows: int, columns: int) -> ImportSheet:
            if sheet.hidden:
                raise DataError(
                    f"{file}: the sheet '{sheet.shown}' is hidden, so what it holds would be "
                    "imported unseen; unhide it in Excel or LibreOffice, check it, save the "
                    "file and import it again."
                )
            cells = book.read_sheet(sheet, SheetLimits(rows, wide, columns))
            return ImportSheet(cells.title, cells.rows, cells.formulas)

        def optional(name: str, rows: int, columns: int) -> ImportSheet | None:
            sheet = _named(book, name)
            return None if sheet is None else read(sheet, rows, columns)

        scores = _named(book, SCORES) or next((s for s in book.sheets if not s.hidden), None)
        if scores is None:
            raise DataError(
                f"{file}: has no visible worksheet; unhide the sheet with the scores in Excel "
                "or LibreOffice, check it, save the file and import it again."
            )
        return _Sources(
            file,
            read(scores, MAX_TABLE_ROWS + 1, wide),
            optional(WEIGHTS, MAX_TABLE_COLUMNS + 1, WEIGHTS_COLUMNS),
            optional(NOTES, MAX_NOTE_ROWS + 1, NOTES_COLUMNS),
            optional(ABOUT, MAX_ABOUT_ROWS, ABOUT_COLUMNS),
        )


# --- Scores -----------------------------------------------------------------------------------
def _derived_columns(header: Sequence[CellValue]) -> set[int]:
    """The columns MeshDesk computes: its three headers side by side where they are (so a
    criterion that happens to be called "Rank" elsewhere is still read), else any column
    with one of those headers (a sheet where a colleague deleted one of them)."""
    names = [h.strip().casefold() if isinstance(h, str) else "" for h in header]
    triple = [h.casefold() for h in DERIVED_HEADERS]
    for c in range(1, len(names) - 2):
        if names[c : c + 3] == triple:
            return {c, c + 1, c + 2}
    return {c for c, name in enumerate(names) if c > 0 and name in DERIVED}


def _dense(cells: dict[int, Any], width: int) -> list[CellValue]:
    """A row as parse_table reads it: the tool name and the `width` criterion columns, then
    the first value further right, if there is one (which parse_table reports, at the first
    column past the last criterion, whichever column it is in)."""
    n = width + 1
    last = next(reversed(cells))  # the cells are in column order
    if last < n:
        if last + 1 == len(cells):  # no gaps (most rows of a spreadsheet)
            return list(cells.values())
        return [cells.get(c) for c in range(last + 1)]
    dense = [cells.get(c) for c in range(n)]
    beyond = next((v for c, v in cells.items() if c >= n and clean_label(v)), None)
    if beyond is not None:
        dense.append(beyond)
    return dense


def _table_rows(sheet: ImportSheet, width: int, file: str) -> list[Sequence[CellValue]]:
    """The rows under the header as parse_table reads them, the table's size checked before
    it is built (a row without cells stays an empty tuple)."""
    body = len(sheet.rows) - (0 in sheet.rows)
    if body * width > MAX_TABLE_CELLS:
        raise DataError(
            f"{file}: the sheet '{sheet.title}' has {body:,} rows with cells by {width:,} "
            f"columns, {body * width:,} cells in all; MeshDesk imports a table of at most "
            f"{MAX_TABLE_CELLS:,} from a spreadsheet."
        )
    rows: list[Sequence[CellValue]] = [()] * max(sheet.rows, default=0)
    for r, cells in sheet.rows.items():
        if r:
            rows[r - 1] = _dense(cells, width)
    return rows


def _read_scores(sheet: ImportSheet, problems: Problems) -> Table:
    first = sheet.rows.get(0, {})
    header: list[CellValue] = [first.get(c) for c in range(max(first, default=-1) + 1)]
    derived = _derived_columns(header)
    for r, c in sorted(sheet.formulas):
        if c not in derived or r == 0:
            formula_problem(sheet, r, c, problems)
    names = [clean_label(h) for h in header[1:]]  # the criterion columns, as parse_table counts
    width = len(names)
    while width and not names[width - 1]:
        width -= 1
    rows = _table_rows(sheet, width, problems.source)
    return parse_table(
        header,
        rows,
        problems=problems,
        sheet=sheet.title,
        decimal_comma=True,
        first_row=1,
        skip_columns=derived,
    )


# --- Weights ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _WeightRow:
    weight: float
    criterion_id: str | None
    row: int
    description: str | None  # from the exported "About" column, when there is one


def _parse_weight(value: Any) -> float | str:
    """A weight, or the reason the value is not one."""
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        return "the weight is empty; enter a percentage (0 leaves the criterion out)"
    if isinstance(value, str):
        text = value.strip().removesuffix("%").strip().replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            return f'"{shown_text(value)}" is not a weight (a percentage of 0 or more)'
    if not isinstance(value, int | float):
        return f"{shown_value(value)} is not a weight (a percentage of 0 or more)"
    number = float(value)
    if not math.isfinite(number) or not 0 <= number <= WEIGHT_MAX:
        return f"{number:g} is not a weight (a percentage from 0 to {WEIGHT_MAX:g})"
    return number


def _read_weights(
    sheet: ImportSheet, criteria: Sequence[Criterion], problems: Problems
) -> dict[str, _WeightRow]:
    """Weight rows by criterion name (case-folded), every cell checked."""
    for r, c in sorted(sheet.formulas):
        if c <= 2:  # other columns (the exported share of total) are not read
            formula_problem(sheet, r, c, problems)
    on_scores = {c.name.casefold() for c in criteria}
    first = 0 if is_number(sheet.value(0, 1)) else 1  # a header row, unless B1 is a weight
    about = first == 1 and sheet.value(0, 4) == WEIGHTS_HEADERS[4]
    found: dict[str, _WeightRow] = {}
    ids: dict[str, int] = {}
    for r in sheet.row_numbers(first):
        name = clean_label(sheet.value(r, 0))
        raw_weight, raw_id = sheet.value(r, 1), sheet.value(r, 2)
        formula_row = (r, 0) in sheet.formulas or (r, 1) in sheet.formulas
        if not name and raw_weight is None and raw_id is None and not formula_row:
            continue
        if not name:
            problems.add(f"{sheet.address(r, 0)}: the criterion name is empty")
            continue
        key = name.casefold()
        if key in found:
            problems.add(
                f"{sheet.address(r, 0)}: the criterion {shown_value(name)} has a second weight row "
                f"(first at {sheet.address(found[key].row, 0)})"
            )
            continue
        if key not in on_scores:
            problems.add(
                f"{sheet.address(r, 0)}: the criterion {shown_value(name)} has no column on the "
                f"{SCORES} sheet; add the column there or delete this row"
            )
        weight = _parse_weight(raw_weight)
        if isinstance(weight, str):
            if (r, 1) not in sheet.formulas:
                problems.add(f"{sheet.address(r, 1)}: {weight}")
            weight = 0.0
        criterion_id = clean_label(raw_id) or None
        if criterion_id is not None and not ID_PATTERN.match(criterion_id):
            criterion_id = None  # typed by hand: an id is made from the name instead
        if criterion_id is not None:
            if criterion_id in ids:
                problems.add(
                    f"{sheet.address(r, 2)}: the criterion id {shown_value(criterion_id)} is "
                    f"used twice (first at {sheet.address(ids[criterion_id], 2)})"
                )
            ids[criterion_id] = r
        description = None
        if about:
            description = note_text(sheet.value(r, 4))
            bad = bad_character(description)
            if len(description) > DESCRIPTION_MAX:
                problems.add(
                    f"{sheet.address(r, 4)}: the description is {len(description):,} characters "
                    f"long; the limit is {DESCRIPTION_MAX:,}"
                )
            elif bad is not None:
                problems.add(f"{sheet.address(r, 4)}: the description contains {bad}")
        found[key] = _WeightRow(weight, criterion_id, r, description)
    return found


# --- building ---------------------------------------------------------------------------------
def _criteria(
    table: Table, weight_rows: dict[str, _WeightRow] | None, base: Workbook | None
) -> tuple[list[Criterion], list[float]]:
    """Criteria with their ids (Weights sheet, else `base` by name, else made from the name),
    descriptions (Weights sheet, else `base`) and weights (equal without a Weights sheet)."""
    rows = weight_rows or {}
    by_name = {c.name.casefold(): c for c in (base.criteria if base else [])}
    by_id = {c.id: c for c in (base.criteria if base else [])}
    matched = [
        (rows.get(c.name.casefold()), by_name.get(c.name.casefold())) for c in table.criteria
    ]
    chosen = [
        (row.criterion_id if row else None) or (known.id if known else None)
        for row, known in matched
    ]
    taken = {cid for cid in chosen if cid}
    criteria: list[Criterion] = []
    weights: list[float] = []
    for criterion, given, (row, by_its_name) in zip(table.criteria, chosen, matched, strict=True):
        cid = given or make_id(criterion.name, taken)
        taken.add(cid)
        known = by_id.get(cid) or by_its_name
        if row is not None and row.description is not None:
            description = row.description
        else:
            description = known.description if known else ""
        criteria.append(Criterion(cid, criterion.name, description))
        if weight_rows is None:
            weights.append(100.0 / len(table.criteria))
        else:
            weights.append(row.weight if row else 0.0)
    return criteria, weights


def _tools(table: Table, base: Workbook | None) -> list[Tool]:
    known: dict[str, Tool] = {}
    for tool in base.tools if base else []:
        known.setdefault(tool.name.casefold(), tool)
    matched = [known.get(t.name.casefold()) for t in table.tools]
    taken = {t.id for t in matched if t is not None}
    tools: list[Tool] = []
    for imported, original in zip(table.tools, matched, strict=True):
        if original is not None:
            tools.append(replace(original, name=imported.name))
        else:
            tool_id = make_id(imported.name, taken)
            taken.add(tool_id)
            tools.append(Tool(tool_id, imported.name))
    return tools


def build_workbook(sources: _Sources, base: Workbook | None) -> Workbook:
    """Check every sheet, report every problem, then build the workbook."""
    problems = ListedProblems(sources.file)
    table = _read_scores(sources.scores, problems)
    weight_rows = (
        None
        if sources.weights is None
        else _read_weights(sources.weights, table.criteria, problems)
    )
    criteria, weights = _criteria(table, weight_rows, base)
    if criteria and weight_rows is not None and sum(weights) <= 0:
        problems.add(
            f"{WEIGHTS}: the weights of the criteria on the {SCORES} sheet add up to 0; give "
            "at least one a weight above 0"
        )
    tools = _tools(table, base)
    tool_ids = {t.name.casefold(): t.id for t in tools}
    criterion_ids = {c.name.casefold(): c.id for c in criteria}
    notes: dict[tuple[str, str], CellNote] = {}
    if sources.notes is not None:
        notes = read_notes(sources.notes, tool_ids, criterion_ids, problems)
    elif base is not None:
        present = set(tool_ids.values()), set(criterion_ids.values())
        notes = {k: v for k, v in base.notes.items() if k[0] in present[0] and k[1] in present[1]}
    problems.raise_if_any()

    try:
        return Workbook(
            tools,
            criteria,
            weights,
            np.array(table.scores, dtype=np.float64).reshape(len(tools), len(criteria)),
            publication=base.publication if base else None,
            notes=notes,
            answers=base.answers if base else None,
            metadata=base.metadata
            if base
            else read_metadata(sources.about, Path(sources.file).stem),
            catalogue=base.catalogue if base else None,
        )
    except InputError as exc:
        raise DataError(f"{sources.file}: {exc}") from None


def import_xlsx(path: str | os.PathLike[str], base: Workbook | None = None) -> Workbook:
    """A workbook from an .xlsx file; `base` (the open project) supplies what a spreadsheet
    does not carry: tool facts and profiles, answers, metadata and the catalogue."""
    return import_xlsx_table(path, base)[0]


def import_xlsx_table(
    path: str | os.PathLike[str], base: Workbook | None = None
) -> tuple[Workbook, bool]:
    """The workbook, and whether the file has a Weights sheet (its weights are the file's)."""
    file = os.fspath(path)
    data = read_xlsx_bytes(file)
    sources = _read_sheets(data, file)
    return build_workbook(sources, base), sources.weights is not None

"""Import a score table from outside, choosing the reader by the file's extension."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from meshdesk.core.errors import InputError
from meshdesk.core.merge import adopt_known_tools
from meshdesk.core.workbook import Workbook

IMPORTABLE = (".csv", ".xlsx")
MACRO_ENABLED = (".xlsm", ".xltm")


@dataclass(frozen=True)
class ImportedTable:
    workbook: Workbook
    weights_given: bool  # the file states weights (a Weights sheet), rather than equal ones


def read_score_table(path: str | os.PathLike[str], base: Workbook | None = None) -> ImportedTable:
    """As `import_file`, saying also whether the weights came from the file."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        from meshdesk.io.xlsx_import import import_xlsx_table

        workbook, weights_given = import_xlsx_table(path, base)
        return ImportedTable(workbook, weights_given)
    return ImportedTable(import_file(path, base), weights_given=False)


def import_file(path: str | os.PathLike[str], base: Workbook | None = None) -> Workbook:
    """A workbook from a .csv table or an .xlsx workbook; every cell is checked and nothing
    is built on any error.

    `base` (the open project, or the bundled dataset) is what the rows are matched to by name:
    a matched row keeps that tool's facts and profile, so a platform's lifecycle survives the
    trip through a spreadsheet. For .xlsx its answers, metadata and catalogue carry over too;
    a .csv table stays a new evaluation with its own criteria and equal weights.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        from meshdesk.io.csv_import import import_csv

        workbook = import_csv(path)
        return adopt_known_tools(workbook, base) if base is not None else workbook
    if suffix == ".xlsx":
        from meshdesk.io.xlsx_import import import_xlsx

        return import_xlsx(path, base)
    if suffix in MACRO_ENABLED:
        raise InputError(
            f"{path}: is a macro-enabled workbook; MeshDesk does not import macros. Save it as "
            "an Excel workbook (.xlsx) and import that."
        )
    raise InputError(
        f"{path}: MeshDesk imports {' and '.join(IMPORTABLE)} files; this one ends in "
        f"{suffix or 'no extension'}."
    )

"""Import a score table from outside, choosing the reader by the file's extension."""

from __future__ import annotations

import os
from pathlib import Path

from meshdesk.core.errors import InputError
from meshdesk.core.workbook import Workbook

IMPORTABLE = (".csv", ".xlsx")
MACRO_ENABLED = (".xlsm", ".xltm")


def import_file(path: str | os.PathLike[str], base: Workbook | None = None) -> Workbook:
    """A workbook from a .csv table or an .xlsx workbook; every cell is checked and nothing
    is built on any error.

    `base` (the open project) matters for .xlsx: rows matched to its tools by name keep their
    facts and profile, and its answers, metadata and catalogue carry over. A .csv table is a
    new evaluation and ignores it.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        from meshdesk.io.csv_import import import_csv

        return import_csv(path)
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

"""Turn a plain table (tool names down the first column, criteria across the header row,
scores in the cells) into a workbook, checking every cell before anything is built.

Shared by the CSV import and the import of plain xlsx tables. An empty cell means "not
scored". Every problem is reported with its cell address (`Scores!D7: "high" is not a number
from 0 to 10`); if there is any, nothing is imported.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np

from meshdesk import __version__
from meshdesk.core.errors import DataError
from meshdesk.core.workbook import Criterion, Metadata, Tool, Workbook, make_id
from meshdesk.io.textsafety import unescape_from_csv

MAX_LISTED_PROBLEMS: Final = 25
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
CellValue = str | int | float | None


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_address(sheet: str, row: int, col: int) -> str:
    """Spreadsheet address of a 0-based cell: ("Scores", 6, 3) -> "Scores!D7"."""
    return f"{sheet}!{column_letter(col)}{row + 1}"


@dataclass
class Problems:
    """Collects every problem of an import so the user sees them all at once."""

    source: str
    items: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.items.append(message)

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = self.items[:MAX_LISTED_PROBLEMS]
        more = len(self.items) - len(shown)
        lines = "\n".join(f"  {item}" for item in shown)
        tail = f"\n  ... and {more} more." if more else ""
        count = len(self.items)
        noun = "problem" if count == 1 else "problems"
        raise DataError(
            f"{self.source}: nothing was imported; {count} {noun} found:\n{lines}{tail}"
        )


def parse_score(value: CellValue, decimal_comma: bool = False) -> float | str:
    """A score from a cell: the number, NaN for an empty cell, or the reason it is not valid."""
    if value is None:
        return math.nan
    if isinstance(value, bool):
        return f"{value!r} is not a number from 0 to 10"
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = value.strip()
        if not text:
            return math.nan
        if decimal_comma and _DECIMAL_COMMA.match(text):
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            shown = text if len(text) <= 40 else text[:37] + "..."
            return f'"{shown}" is not a number from 0 to 10'
    if not math.isfinite(number):
        return f"{value} is not a finite number"
    if not 0 <= number <= 10:
        return f"{number:g} is outside the score range 0 to 10"
    return number


def clean_label(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_from_csv(str(value).strip())


def _criteria_from_header(
    header: Sequence[CellValue], sheet: str, first_row: int, problems: Problems
) -> tuple[list[Criterion], int]:
    """Criteria named in the header row (after the tool-name column) and the table width."""
    names = [clean_label(h) for h in header[1:]]
    while names and not names[-1]:
        names.pop()
    if not names:
        problems.add(
            f"{cell_address(sheet, first_row - 1, 1)}: the header row names no criteria; "
            "put criterion names in the first row, after the tool-name column"
        )
        problems.raise_if_any()
    criteria: list[Criterion] = []
    seen_names: set[str] = set()
    for j, name in enumerate(names, start=1):
        where = cell_address(sheet, first_row - 1, j)
        if not name:
            problems.add(f"{where}: the criterion name is empty")
        elif name.casefold() in seen_names:
            problems.add(f"{where}: the criterion {name!r} appears twice")
        else:
            seen_names.add(name.casefold())
            criteria.append(Criterion(make_id(name, [c.id for c in criteria]), name))
    return criteria, len(names)


def workbook_from_table(
    header: Sequence[CellValue],
    rows: Sequence[Sequence[CellValue]],
    *,
    source: str,
    sheet: str,
    weights: dict[str, float] | None = None,
    decimal_comma: bool = False,
    first_row: int = 1,
    title: str = "",
) -> Workbook:
    """Build a workbook; `rows` are the data rows (0-based sheet row of rows[0] is first_row)."""
    problems = Problems(source)
    criteria, width = _criteria_from_header(header, sheet, first_row, problems)
    tools: list[Tool] = []
    matrix: list[list[float]] = []
    seen_tools: dict[str, str] = {}
    for offset, row in enumerate(rows):
        r = first_row + offset
        cells = list(row)
        if not any(clean_label(c) for c in cells):
            continue  # blank line
        name = clean_label(cells[0]) if cells else ""
        if not name:
            problems.add(f"{cell_address(sheet, r, 0)}: the tool name is empty")
            continue
        if name.casefold() in seen_tools:
            problems.add(
                f"{cell_address(sheet, r, 0)}: the tool {name!r} appears twice "
                f"(first at {seen_tools[name.casefold()]})"
            )
            continue
        seen_tools[name.casefold()] = cell_address(sheet, r, 0)
        extra = [c for c in cells[width + 1 :] if clean_label(c)]
        if extra:
            problems.add(
                f"{cell_address(sheet, r, width + 1)}: has values beyond the last criterion column"
            )
        values: list[float] = []
        for j in range(1, width + 1):
            parsed = parse_score(cells[j] if j < len(cells) else None, decimal_comma)
            if isinstance(parsed, str):
                problems.add(f"{cell_address(sheet, r, j)}: {parsed}")
                parsed = math.nan
            values.append(parsed)
        tools.append(Tool(make_id(name, [t.id for t in tools]), name))
        matrix.append(values)
    if not tools and not problems.items:
        problems.add(f"{source}: the table has no tool rows under the header")
    problems.raise_if_any()

    if weights is None:
        weight_list = [100.0 / len(criteria)] * len(criteria)
    else:
        weight_list = [weights.get(c.name.casefold(), 0.0) for c in criteria]
    return Workbook(
        tools,
        criteria,
        weight_list,
        np.array(matrix, dtype=np.float64).reshape(len(tools), len(criteria)),
        metadata=Metadata(title=title or "Imported evaluation", app_version=__version__),
    )

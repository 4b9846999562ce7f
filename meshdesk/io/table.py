"""Turn a plain table (tool names down the first column, criteria across the header row,
scores in the cells) into a workbook, checking every cell before anything is built.

Shared by the CSV import and the import of plain xlsx tables. An empty cell means "not
scored". Every problem is reported with its cell address (`Scores!D7: "high" is not a number
from 0 to 10`); if there is any, nothing is imported.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Final, cast

import numpy as np

from meshdesk import __version__
from meshdesk.core.errors import DataError
from meshdesk.core.ids import IdAllocator
from meshdesk.core.score_rule import (
    SCALE,
    SCORE_MAX,
    SCORE_MIN,
    in_range,
    not_a_number,
    number_problem,
    outside_range,
)
from meshdesk.core.text import bad_character
from meshdesk.core.workbook import (
    NAME_MAX,
    Criterion,
    Metadata,
    Tool,
    Workbook,
)
from meshdesk.io.textsafety import unescape_from_csv

MAX_LISTED_PROBLEMS: Final = 25
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


# The one rule for a score written as text (a CSV cell, a text cell of a spreadsheet, a pasted
# or typed cell): ASCII digits with at most one decimal separator, the point or, where the
# source uses it, the comma; plain spaces around it; nothing else. Python's float() accepts
# much more ("0_5", "١٫٥", full-width digits, "1e-400", "nan", "inf", odd Unicode spaces), and
# every one of those is refused with the reason rather than read as some number.
_NUMBER: Final = r"(?:[0-9]++(?:[.,][0-9]*+)?+|[.,][0-9]++)"
_SCORE_TEXT: Final = re.compile(rf" *+({_NUMBER}) *+", re.ASCII)
_SIGNED: Final = re.compile(rf"[+-]{_NUMBER}", re.ASCII)
_EXPONENT: Final = re.compile(rf"[+-]?{_NUMBER}[eE][+-]?[0-9]++", re.ASCII)
_SHOWN_MAX: Final = 40


def shown_text(text: str) -> str:
    """Cell text as a message can show it: at most 40 characters, and every character that
    is invisible or would act on a terminal (controls, odd spaces, bidi marks) escaped."""
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text[:_SHOWN_MAX])
    if len(shown) > _SHOWN_MAX or len(text) > _SHOWN_MAX:  # escapes count: cut what is shown
        shown = shown[: _SHOWN_MAX - 3] + "..."
    return shown


_CONTROL_NAMES: Final = {"\t": "a tab", "\n": "a line break", "\r": "a line break", "\0": "a NUL"}


def _describe(char: str) -> str:
    """A character as a message names it: "U+00A0 NO-BREAK SPACE", "a tab (U+0009)"."""
    code = f"U+{ord(char):04X}"
    if char in _CONTROL_NAMES:
        return f"{_CONTROL_NAMES[char]} ({code})"
    if unicodedata.category(char) == "Cc":
        return f"the control character {code}"
    name = unicodedata.name(char, "")
    return f"{code} {name}" if name else f"the character {code}"


def _refusal(text: str, decimal_comma: bool) -> str:
    """Why text that is not a score by the rule is refused, in the user's terms."""
    core = text.strip(" ")
    shown = f'"{shown_text(core)}"'
    separators = "one decimal point or comma" if decimal_comma else "one decimal point"
    if _SCORE_TEXT.fullmatch(core):  # a comma where the table does not use one
        point = shown_text(core.replace(",", "."))
        return f"{shown} has a decimal comma, which this table does not use; write {point}"
    if _SIGNED.fullmatch(core) and (decimal_comma or "," not in core):
        if core[0] == "-" and float(core[1:].replace(",", ".")) > 0:
            return outside_range(shown_text(core))
        return f"{shown} has a sign; write the score as plain digits from {SCALE}"
    folded = core.casefold()
    if folded.lstrip("+-") == "nan":
        return f'{shown} is not a score; leave the cell empty for "not scored"'
    if folded.lstrip("+-") in ("inf", "infinity"):
        return f"{shown} is not a finite number"
    if _EXPONENT.fullmatch(core):
        return f"{shown} is in exponent notation; write the score as plain digits, such as 7.5"
    if not core.strip():  # looks empty in a spreadsheet, but is not
        return (
            f'{shown} holds only {_describe(core[0])} and the like; empty the cell for "not scored"'
        )
    if any(ch.isdigit() for ch in core):  # a number, but written with something else
        for ch in core:
            if ch.isascii() and ch.isprintable():
                continue
            if ch.isdigit():
                return (
                    f"{shown} has the digit {ch} ({_describe(ch)}); "
                    "write scores with the digits 0 to 9"
                )
            return (
                f"{shown} contains {_describe(ch)}; a score is the digits 0 to 9 with at most "
                f"{separators}, and only plain spaces around it"
            )
    return not_a_number(shown)


def parse_score(value: CellValue, decimal_comma: bool = False) -> float | str:
    """A score from a cell: the number, NaN for an empty cell, or the reason it is not valid.

    Text is read by one rule, the same for files, pasted and typed cells: ASCII digits with at
    most one decimal separator (the point; also the comma if `decimal_comma`), with plain
    spaces around it allowed. Empty text, or only plain spaces, is "not scored". A number
    cell of a spreadsheet (int or float) is taken as it is, if finite and from 0 to 10.
    """
    if isinstance(value, str):  # first: a CSV import checks 200,000 of these
        match = _SCORE_TEXT.fullmatch(value)
        if match is None:
            return math.nan if not value.strip(" ") else _refusal(value, decimal_comma)
        written = match[1]
        if "," in written:
            if not decimal_comma:
                return _refusal(value, decimal_comma)
            written = written.replace(",", ".")
        # digits and one point: the nearest float (a thousand digits give inf, refused here)
        number = float(written)
        if in_range(number):
            return number
        return outside_range(shown_text(match[1]))
    if value is None:
        return math.nan
    # a number cell holding NaN or infinity is refused: "not scored" is an empty cell
    if isinstance(value, int | float) and not isinstance(value, bool) and not math.isfinite(value):
        return f"{value} is not a finite number"
    problem = number_problem(value)
    return float(value) if problem is None else problem


def clean_label(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_from_csv(str(value).strip())


def _criteria_from_header(
    header: Sequence[CellValue],
    sheet: str,
    first_row: int,
    problems: Problems,
    skip_columns: Collection[int] = (),
) -> tuple[list[Criterion], list[int], int]:
    """Criteria named in the header row (after the tool-name column), the sheet column of
    each, and the table width. Columns in `skip_columns` (0-based) are not criteria."""
    names = [clean_label(h) for h in header[1:]]
    while names and not names[-1]:
        names.pop()
    if not any(name for j, name in enumerate(names, start=1) if j not in skip_columns):
        problems.add(
            f"{cell_address(sheet, first_row - 1, 1)}: the header row names no criteria; "
            "put criterion names in the first row, after the tool-name column"
        )
        problems.raise_if_any()
    criteria: list[Criterion] = []
    columns: list[int] = []
    seen_names: set[str] = set()
    ids = IdAllocator()
    for j, name in enumerate(names, start=1):
        if j in skip_columns:
            continue
        where = cell_address(sheet, first_row - 1, j)
        if not name:
            problems.add(f"{where}: the criterion name is empty")
        elif (bad := bad_character(name, single_line=True)) is not None:
            problems.add(f"{where}: the criterion name contains {bad}")
        elif len(name) > NAME_MAX:
            problems.add(
                f"{where}: the criterion name is {len(name)} characters long; "
                f"the limit is {NAME_MAX}"
            )
        elif name.casefold() in seen_names:
            problems.add(f"{where}: the criterion {name!r} appears twice")
        else:
            seen_names.add(name.casefold())
            criteria.append(Criterion(ids.take(name), name))
            columns.append(j)
    return criteria, columns, len(names)


def _plain_scores(cells: Sequence[CellValue], columns: Sequence[int]) -> list[float] | None:
    """The row's scores when every one is a float from 0 to 10 (most rows of a spreadsheet),
    else None. A fast path: a big import checks 200,000 cells."""
    if columns and columns[-1] >= len(cells):
        return None
    picked = [cells[j] for j in columns]
    if all(type(v) is float and SCORE_MIN <= v <= SCORE_MAX for v in picked):
        return cast(list[float], picked)
    return None


@dataclass
class Table:
    """A checked score table: criteria and tools in sheet order, where each came from, and
    the scores (NaN = not scored). Built even when there are problems, so that callers can
    check more of a file before they report."""

    criteria: list[Criterion]
    criterion_columns: list[int]  # 0-based sheet column of each criterion
    tools: list[Tool]
    tool_rows: list[int]  # 0-based sheet row of each tool
    scores: list[list[float]]


def parse_table(
    header: Sequence[CellValue],
    rows: Sequence[Sequence[CellValue]],
    *,
    problems: Problems,
    sheet: str,
    decimal_comma: bool = False,
    first_row: int = 1,
    skip_columns: Collection[int] = (),
) -> Table:
    """Check every cell of a table and collect its problems; `rows` are the data rows (0-based
    sheet row of rows[0] is first_row). Columns in `skip_columns` are ignored."""
    criteria, columns, width = _criteria_from_header(
        header, sheet, first_row, problems, skip_columns
    )
    table = Table(criteria, columns, [], [], [])
    seen_tools: dict[str, str] = {}
    tool_ids = IdAllocator()
    for offset, row in enumerate(rows):
        r = first_row + offset
        cells = list(row)
        if not any(clean_label(c) for j, c in enumerate(cells) if j not in skip_columns):
            continue  # blank line
        name = clean_label(cells[0]) if cells else ""
        if not name:
            problems.add(f"{cell_address(sheet, r, 0)}: the tool name is empty")
            continue
        bad = bad_character(name, single_line=True)
        if bad is not None:
            problems.add(f"{cell_address(sheet, r, 0)}: the tool name contains {bad}")
            continue
        if len(name) > NAME_MAX:
            problems.add(
                f"{cell_address(sheet, r, 0)}: the tool name is {len(name)} characters long; "
                f"the limit is {NAME_MAX}"
            )
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
        values = _plain_scores(cells, columns)
        if values is None:  # something other than in-range floats: check cell by cell
            values = []
            for j in columns:
                parsed = parse_score(cells[j] if j < len(cells) else None, decimal_comma)
                if isinstance(parsed, str):
                    problems.add(f"{cell_address(sheet, r, j)}: {parsed}")
                    parsed = math.nan
                values.append(parsed)
        table.tools.append(Tool(tool_ids.take(name), name))
        table.tool_rows.append(r)
        table.scores.append(values)
    return table


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
    table = parse_table(
        header,
        rows,
        problems=problems,
        sheet=sheet,
        decimal_comma=decimal_comma,
        first_row=first_row,
    )
    problems.raise_if_any()  # a table with no rows is an empty evaluation, which can be saved

    criteria = table.criteria
    if weights is None:
        weight_list = [100.0 / len(criteria)] * len(criteria)
    else:
        weight_list = [weights.get(c.name.casefold(), 0.0) for c in criteria]
    return Workbook(
        table.tools,
        criteria,
        weight_list,
        np.array(table.scores, dtype=np.float64).reshape(len(table.tools), len(criteria)),
        metadata=Metadata(title=title or "Imported evaluation", app_version=__version__),
    )

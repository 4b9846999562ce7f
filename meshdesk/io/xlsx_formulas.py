"""The live formulas of the export, and the defined names they use.

Totals follow `meshdesk.core.scoring` exactly: a tool missing a score on a criterion with a
weight above 0 gets no total and no rank; totals are rounded to 9 decimals (as the engine
does before ranking) so that equal totals share a rank (RANK.EQ). The formulas match each
criterion column to its weight by name and find the criterion columns by the position of
the `Weighted total` header, never by column letters, so they stay right when a colleague
adds a criterion as the About sheet says (`HOW_TO_RETURN`; see `total_formula`).

The Ranking sheet lists the tools in the order of their live ranks (`ranking_formulas`), and
the chart draws that list, so both follow every edit of a score or a weight.

No formula holds user text: they refer to cells, and to the headers MeshDesk writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from openpyxl import Workbook as XlsxBook
from openpyxl.workbook.defined_name import DefinedName

from meshdesk.core.facts import ACTIVE, LIFECYCLE_LABELS
from meshdesk.io.xlsx_cells import Formula
from meshdesk.io.xlsx_layout import (
    COLUMN_WEIGHTS_NAME,
    COUNT_NAME,
    NAMES_NAME,
    SCORES,
    TOTAL_DECIMALS,
    TOTAL_HEADER,
    TOTALS_NAME,
    WEIGHTS,
    WEIGHTS_NAME,
)


def criterion_count_formula(names: Sequence[str]) -> str:
    """The number of criterion columns on Scores: those between `Tool` (column A) and
    `Weighted total`, found by its header so that it holds wherever columns were inserted.
    MATCH finds the first `Weighted total`; when a criterion has that name too, LOOKUP finds
    the last one (slower: it reads the whole header row)."""
    if any(name.strip().casefold() == TOTAL_HEADER.casefold() for name in names):
        return f'LOOKUP(2,1/({SCORES}!$1:$1="{TOTAL_HEADER}"),COLUMN({SCORES}!$1:$1))-2'
    return f'MATCH("{TOTAL_HEADER}",{SCORES}!$1:$1,0)-2'


def _row_span(row: str, first: str, last: str) -> str:
    """The cells of a row from position `first` to `last` (formulas; 1 = column A), found
    with INDEX over the whole row: no column letter that inserting a column could leave
    behind, and unlike OFFSET not volatile (Microsoft KB Q73586 recommends the form)."""
    return f"INDEX({row},{first}):INDEX({row},{last})"


def define_names(book: XlsxBook, names: Sequence[str]) -> None:
    """The defined names the live formulas use; see `total_formula`."""
    headers = _row_span(f"{SCORES}!$1:$1", "2", f"{COUNT_NAME}+1")
    for char in "~*?":  # SUMIF criteria are patterns: ~ escapes the wildcards and itself
        headers = f'SUBSTITUTE({headers},"{char}","~{char}")'
    defined = {
        NAMES_NAME: f"{WEIGHTS}!$A:$A",
        WEIGHTS_NAME: f"{WEIGHTS}!$B:$B",
        COUNT_NAME: criterion_count_formula(names),
        COLUMN_WEIGHTS_NAME: f'SUMIF({NAMES_NAME},"="&{headers},{WEIGHTS_NAME})',
        TOTALS_NAME: f"INDEX({SCORES}!$A:$XFD,0,{COUNT_NAME}+2)",
    }
    for name, text in defined.items():
        book.defined_names[name] = DefinedName(name, attr_text=text)


def total_formula(r: int) -> Formula:
    """The live `Weighted total` of sheet row r.

    The row's scores are its cells from column B to the last criterion column (the count of
    criterion columns comes from the position of the `Weighted total` header), and the
    weight of each is the weight on the Weights sheet of the criterion named in its header
    (`ColumnWeights`, a SUMIF over the whole Weights columns A and B). Nothing refers to a
    criterion column by its letter, so the formula holds unchanged when a colleague inserts
    a criterion column anywhere before `Weighted total` (whether or not the program adjusts
    formulas) or adds a weight row anywhere on the Weights sheet.

    Empty when a criterion with a weight above 0 has no score; otherwise the sum of score x
    weight divided by the sum of the weights of the criteria on the sheet, rounded as the
    engine rounds before ranking. A blank score counts as 0 only where its weight is 0, where
    it changes nothing.
    """
    scores = _row_span(f"{r}:{r}", "2", f"{COUNT_NAME}+1")
    w = COLUMN_WEIGHTS_NAME
    return Formula(
        f'IF(SUMPRODUCT(({scores}="")*({w}>0)),"",'
        f"ROUND(SUMPRODUCT({scores}*{w})/SUMPRODUCT({w}),{TOTAL_DECIMALS}))"
    )


def rank_formula(r: int) -> Formula:
    """Competition rank of row r's total among the totals of its column (ties share); the
    total is found as the scores are: by the criterion count, not by a column letter."""
    total = f"INDEX({r}:{r},{COUNT_NAME}+2)"
    return Formula(f'IF({total}="","",_xlfn.RANK.EQ({total},{TOTALS_NAME}))')


def share_formula(r: int) -> Formula:
    """A weight's share of the weights of the criteria on Scores (Weights sheet row r)."""
    w = COLUMN_WEIGHTS_NAME
    return Formula(f'IF(SUMPRODUCT({w})=0,"",B{r}/SUMPRODUCT({w}))')


# --- the Ranking sheet ------------------------------------------------------------------------
# Columns of the Ranking sheet: what a reader sees (A:D), then helpers, hidden (F:I).
RANK_COLUMN, NAME_COLUMN, TOTAL_COLUMN, LIFECYCLE_COLUMN = "A", "B", "C", "D"
LABEL_COLUMN, ROW_COLUMN, PLACE_COLUMN, ROW_RANK_COLUMN = "F", "G", "H", "I"
HELPER_HEADERS: Final = (
    "Chart label",
    "Scores row at this place",
    "Place of Scores row",
    "Rank of Scores row",
)
UNRANKED_PLACE: Final = 2_000_000  # beyond any rank: tools without a total come last
CHART_LABEL_MAX: Final = 40  # characters of a name on the chart; longer ones are cut with "…"


@dataclass(frozen=True)
class RankingRow:
    """The formulas of one row of the Ranking sheet (sheet row r = place r - 1)."""

    rank: Formula
    name: Formula
    total: Formula
    lifecycle: Formula
    label: Formula
    row: Formula
    place: Formula
    row_rank: Formula


def _scores_cell(row: str, offset: int) -> str:
    """The cell of Scores row `row` in the column `offset` after the last criterion (1: the
    Weighted total, 2: Rank, 3: Lifecycle): found by the criterion count, as the totals are."""
    return f"INDEX({SCORES}!$A:$XFD,{row},{COUNT_NAME}+{offset + 1})"


def ranking_formulas(r: int, tools: int) -> RankingRow:
    """Row r of the Ranking sheet, which lists the `tools` tools of Scores rows 2 to
    tools + 1 by their live rank.

    Columns I and H work per Scores row (Scores row r on sheet row r): I is the tool's rank,
    H its place in the list, the rank plus the number of rows above with the same rank, so
    that tied tools keep their order of the Scores sheet, and tools without a rank come
    last in that order. G finds the Scores row whose place is the (r-1)-th smallest, and
    A:D show that row's rank, name, total and lifecycle; F is the name cut for the chart.
    The places are distinct whatever the ranks are (a tool someone adds on Scores below the
    listed ones is ranked there, and the places of the listed ones stay apart), so every
    listed tool appears exactly once."""
    last = tools + 1
    places = f"${PLACE_COLUMN}$2:${PLACE_COLUMN}${last}"
    row = f"${ROW_COLUMN}{r}"
    rank_here = f"{ROW_RANK_COLUMN}{r}"
    name = f"{NAME_COLUMN}{r}"
    cut = CHART_LABEL_MAX - 1
    return RankingRow(
        rank=Formula(_scores_cell(row, 2)),
        name=Formula(f'INDEX({SCORES}!$A:$A,{row})&""'),
        total=Formula(_scores_cell(row, 1)),
        lifecycle=Formula(f'{_scores_cell(row, 3)}&""'),
        label=Formula(f'IF(LEN({name})>{CHART_LABEL_MAX},LEFT({name},{cut})&"…",{name})'),
        row=Formula(f"MATCH(SMALL({places},{r - 1}),{places},0)+1"),
        place=Formula(
            f'IF({rank_here}="",{UNRANKED_PLACE}+ROW(),'
            f"{rank_here}+COUNTIF(${ROW_RANK_COLUMN}$1:{ROW_RANK_COLUMN}{r - 1},{rank_here}))"
        ),
        row_rank=Formula(_scores_cell(str(r), 2)),
    )


def inactive_rule(first_row: int) -> str:
    """A conditional-format formula true for a Ranking row whose tool is not active (its
    lifecycle is stated and is not the active one)."""
    active = LIFECYCLE_LABELS[ACTIVE]
    cell = f"${LIFECYCLE_COLUMN}{first_row}"
    return f'AND({cell}<>"",LEFT({cell},{len(active)})<>"{active}")'

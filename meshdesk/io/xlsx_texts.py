"""What the workbook tells its reader about itself (the About sheet, the notes on sheets)."""

from __future__ import annotations

from typing import Final

HOW_TO_RETURN: Final = (
    "Edit scores on the Scores sheet and weights on the Weights sheet; keep the sheet names, "
    "the header rows, and 'Weighted total', 'Rank' and 'Lifecycle' as the last three columns "
    "of Scores. To add a tool, add a row with its name in column A and its scores; to see "
    "its total and rank, copy the 'Weighted total' and 'Rank' cells of another tool into its "
    "row. To add a criterion, insert a column anywhere between 'Tool' and 'Weighted total' "
    "(right before 'Weighted total' is fine), type its name in row 1 and each tool's score "
    "under it, and add a row with the same name and its weight anywhere in the list on the "
    "Weights sheet (under the last criterion is fine). Weights are matched to the criterion "
    "columns by name, ignoring case, so the totals count the new criterion at once; a "
    "criterion without a weight row gets weight 0. Add, edit or delete rows on the Notes "
    "sheet. Then use File > Import in MeshDesk, or run: meshdesk import FILE.xlsx -o "
    "PROJECT.meshdesk. Only typed values are read: totals, ranks, lifecycle, facts and this "
    "sheet are rebuilt, and a formula typed into a score, weight or note cell is refused "
    "(paste values instead). Tools are matched by name; a renamed tool is a new tool."
)
HOW_TOTALS_WORK: Final = (
    "Weighted total = sum of score x weight over the criterion columns, divided by the sum "
    "of their weights, rounded to 9 decimals; the weight of a column is the one in the row "
    "with its name on the Weights sheet (0 when there is none). A tool without a score on a "
    "criterion whose weight is above 0 gets no total and no rank (a missing score is never "
    "counted as 0). Equal totals share a rank (1, 2, 2, 4). Tools shown in red are no longer "
    "active."
)
RANKING_NOTE: Final = (
    "The tools of the Scores sheet, best first, as the Rank column there ranks them now: "
    "change a score or a weight and this list and its chart move with it. Tied tools keep "
    "their order on the Scores sheet; tools without a total come last. A tool added on the "
    "Scores sheet later is ranked there but not listed here."
)
FACTS_LEGEND: Final = (
    "Values marked * are unverified or come from third parties only. The sources each tool's "
    "facts cite are listed by id beside it, with their titles and addresses below."
)


def chart_title(charted: int, tools: int) -> str:
    """The chart's title: what it shows, and that it follows the ranking."""
    if charted < tools:
        return f"Weighted totals of the {charted} highest-ranked of {tools} tools"
    return "Weighted totals, best first (tools without a total have no bar)"

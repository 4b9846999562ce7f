"""The layout of MeshDesk's Excel workbook: what the export writes where and the import reads
back (sheet names, header texts, defined names), and the limits of the format.

`meshdesk.io.xlsx_export` builds the workbook from these names; `meshdesk.io.xlsx_import`
reads `Scores`, `Weights`, `Notes` and `About` by them. The other sheets (`Ranking`,
`Recommendation`, `Facts`) are outputs and are never read.
"""

from __future__ import annotations

from typing import Final

# --- sheets, in the order the workbook has them: inputs, results, reference --------------------
SCORES: Final = "Scores"
WEIGHTS: Final = "Weights"
RANKING: Final = "Ranking"
RECOMMENDATION: Final = "Recommendation"
NOTES: Final = "Notes"
FACTS: Final = "Facts"
ABOUT: Final = "About"

# --- headers ----------------------------------------------------------------------------------
TOOL_HEADER: Final = "Tool"
TOTAL_HEADER: Final = "Weighted total"
RANK_HEADER: Final = "Rank"
LIFECYCLE_HEADER: Final = "Lifecycle"
DERIVED_HEADERS: Final = (TOTAL_HEADER, RANK_HEADER, LIFECYCLE_HEADER)
WEIGHTS_HEADERS: Final = ("Criterion", "Weight (%)", "Criterion id", "Share of total", "About")
# Evidence (the id of a grade of data/evidence.yaml) came later: an export without that column
# imports as before, its notes taking the default grade
EVIDENCE_HEADER: Final = "Evidence"
NOTES_HEADERS: Final = ("Tool", "Criterion", "Note", "Source", "Date", EVIDENCE_HEADER)
RANKING_HEADERS: Final = (RANK_HEADER, TOOL_HEADER, TOTAL_HEADER, LIFECYCLE_HEADER)
ABOUT_FIELDS: Final = ("Title", "Author", "Dataset", "Dataset as of")

# --- defined names the live formulas use --------------------------------------------------------
WEIGHTS_NAME: Final = "CriterionWeights"  # Weights!$B:$B
NAMES_NAME: Final = "CriterionNames"  # Weights!$A:$A
COUNT_NAME: Final = "CriterionCount"  # the number of criterion columns on Scores
COLUMN_WEIGHTS_NAME: Final = "ColumnWeights"  # the weight of each criterion column, by name
TOTALS_NAME: Final = "WeightedTotals"  # the Weighted total column on Scores
TOTAL_DECIMALS: Final = 9  # = meshdesk.core.scoring.TIE_DECIMALS

# --- limits of the format ---------------------------------------------------------------------
EXCEL_MAX_ROWS: Final = 1_048_576
EXCEL_MAX_COLUMNS: Final = 16_384
EXCEL_MAX_TEXT: Final = 32_767
EXCEL_MAX_ROW_HEIGHT: Final = 409.0
WEIGHT_VALIDATION_SPARE_ROWS: Final = 100  # room to add criteria on the Weights sheet
# The Ranking sheet sorts the tools with one SMALL and one MATCH per row over all rows: a
# spreadsheet does rows x rows steps on every change, so it lists at most this many tools.
RANKING_MAX_TOOLS: Final = 2_000
# The chart shows the leaders, each with its name: as many bars as one printed page holds
# with room for every bar's label (LibreOffice drops labels it finds crowded, and a bar per
# tool of a long list labels none of them).
CHART_MAX_TOOLS: Final = 18

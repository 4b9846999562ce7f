"""The `Robustness` sheet: how sure the leader is, as MeshDesk computed it at export time.

Plain values, not formulas (the analysis is not a spreadsheet calculation): the sheet says so,
and gives the settings (samples, seed, weights mode and spread, score uncertainty) that
reproduce it with `meshdesk robustness`. The words come from meshdesk.report.robustness.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from openpyxl import Workbook as XlsxBook

from meshdesk.core.analysis import Analysis
from meshdesk.core.workbook import Workbook
from meshdesk.io.xlsx_cells import Cells, SheetRows
from meshdesk.io.xlsx_pages import fixed_scale
from meshdesk.io.xlsx_sheets import BuiltSheet, Paging, merge_cells, setup_sheet
from meshdesk.io.xlsx_styles import Styles
from meshdesk.report.robustness import left_out, summary
from meshdesk.report.robustness_words import command, settings_sentence

ROBUSTNESS: Final = "Robustness"
RANKS_SHOWN: Final = 10  # acceptability columns: rank 1 to 10


def _settings_text(analysis: Analysis) -> str:
    """The settings in the words the memo and the decision record use, and the command line
    that reproduces the figures (meshdesk.report.robustness_words)."""
    return f"{settings_sentence(analysis)} Reproduce with: {command(analysis)}"


def robustness_sheet(book: XlsxBook, st: Styles, wb: Workbook, analysis: Analysis) -> BuiltSheet:
    c = analysis.candidates
    found = analysis.acceptability
    ranks = min(RANKS_SHOWN, len(c.ids))
    widths = [30, 14, 14, 14, 22] + [9] * max(0, ranks - 4)
    scale = fixed_scale(widths)
    ws = setup_sheet(book, ROBUSTNESS, widths, freeze=None, title_rows=0, scale=scale)
    sheet = SheetRows(widths)
    tool = {t.id: t.name for t in wb.tools}
    crit = {cr.id: cr.name for cr in wb.criteria}

    def rows() -> Iterator[str]:
        r = 1
        yield sheet.row(r, [("How robust the leader is", st.title)])
        r += 2
        yield sheet.row(r, [(str(summary(analysis, wb)), st.wrap)], spans=(len(widths),))
        skipped = left_out(analysis, wb)
        if skipped is not None:
            r += 1
            yield sheet.row(r, [(str(skipped), st.muted_wrap)], spans=(len(widths),))
        r += 1
        computed = "Values, not formulas. "
        yield sheet.row(
            r, [(computed + _settings_text(analysis), st.muted_wrap)], spans=(len(widths),)
        )

        def table(title: str, headers: list[str], body: list[Cells]) -> Iterator[str]:
            nonlocal r
            if not body:
                return
            r += 2
            yield sheet.row(r, [(title, st.section)], keep_with_next=True)
            r += 1
            yield sheet.row(r, [(h, st.header_left) for h in headers], keep_with_next=True)
            for cells in body:
                r += 1
                yield sheet.row(r, cells)

        yield from table(
            "Stability of the first place, one weight at a time (others as they are)",
            ["Criterion", "Weight", "Leader first from", "up to"],
            [
                [
                    (crit[c.criteria[s.criterion]], st.wrap),
                    (s.weight, st.percent),
                    (s.low, st.percent),
                    (s.high if s.high is not None else "no limit", st.percent),
                ]
                for s in analysis.stability
            ],
        )
        yield from table(
            "Weights at which another tool takes first place",
            ["Criterion", "Direction", "Weight", "", "New leader"],
            [
                [
                    (crit[c.criteria[f.criterion]], st.wrap),
                    (f.direction, st.text),
                    (f.to, st.percent),
                    (None, st.text),
                    (tool[c.ids[f.new_leader]], st.wrap),
                ]
                for f in analysis.flips
            ],
        )
        yield from table(
            "Smallest change of one score that changes the leader",
            ["Tool", "Criterion", "From", "To", "New leader"],
            [
                [
                    (tool[c.ids[f.tool]], st.wrap),
                    (crit[c.criteria[f.criterion]], st.wrap),
                    (f.before, st.number),
                    (f.after, st.number),
                    (tool[c.ids[f.new_leader]], st.wrap),
                ]
                for f in analysis.score_flips
            ],
        )
        low, high = 1 - analysis.swing, 1 + analysis.swing
        yield from table(
            f"Tornado: the lead with one weight at ×{low:g} and ×{high:g}",
            ["Criterion", "Low weight", "High weight", "Lead at low", "Lead at high"],
            [
                [
                    (crit[c.criteria[b.criterion]], st.wrap),
                    (b.low_weight, st.percent),
                    (b.high_weight, st.percent),
                    (b.lead_at_low, st.number),
                    (b.lead_at_high, st.number),
                ]
                for b in analysis.tornado
            ],
        )
        if found is not None:
            yield from table(
                "Rank acceptability: share of the samples in which each tool takes each rank",
                ["Tool", *(f"Rank {k + 1}" for k in range(ranks))],
                [
                    [(tool[tool_id], st.wrap), *((float(x), st.share) for x in row[:ranks])]
                    for tool_id, row in zip(c.ids, found.shares, strict=True)
                ],
            )

    def finish() -> None:
        Paging(scale).apply(ws, sheet)
        merge_cells(ws, sheet)

    return BuiltSheet(ws, rows, sheet, finish)

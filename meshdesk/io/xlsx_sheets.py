"""The sheets of the export, and what all of them share: each builder sets up its sheet's
frame in openpyxl (columns, panes, checks, print setup) and returns the rows to put into it,
with what printing them needs (`BuiltSheet`). The input sheets (Scores, Weights, Notes) and
About are here; Ranking is in `meshdesk.io.xlsx_ranking`, Facts in `meshdesk.io.xlsx_facts`
and Recommendation in `meshdesk.io.xlsx_recommendation`."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook as XlsxBook
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.worksheet.datavalidation import DataValidation

from meshdesk import __version__
from meshdesk.core.clock import now_iso
from meshdesk.core.workbook import Tool, Workbook
from meshdesk.io.xlsx_cells import LETTERS, Cells, SheetRows, cell_xml
from meshdesk.io.xlsx_formulas import define_names, rank_formula, share_formula, total_formula
from meshdesk.io.xlsx_layout import (
    ABOUT,
    ABOUT_FIELDS,
    LIFECYCLE_HEADER,
    NOTES,
    NOTES_HEADERS,
    RANK_HEADER,
    SCORES,
    TOOL_HEADER,
    TOTAL_HEADER,
    WEIGHT_VALIDATION_SPARE_ROWS,
    WEIGHTS,
    WEIGHTS_HEADERS,
)
from meshdesk.io.xlsx_metrics import text_width
from meshdesk.io.xlsx_pages import (
    Block,
    apply_breaks,
    fixed_scale,
    page_breaks,
    page_capacity,
    setup_print,
)
from meshdesk.io.xlsx_styles import Styles
from meshdesk.io.xlsx_texts import FACTS_LEGEND, HOW_TO_RETURN, HOW_TOTALS_WORK

RowSource = Callable[[], Iterator[str]]


@dataclass
class BuiltSheet:
    """A sheet's frame (an openpyxl write-only worksheet), its rows, and what is done once the
    rows are written (page breaks and print titles depend on the rows' heights)."""

    frame: Any
    rows: RowSource
    writer: SheetRows  # knows the used range, the heights and the merged cells once written
    finish: Callable[[], None] | None = None


@dataclass(frozen=True)
class Paging:
    """How a sheet of sections prints: at a fixed scale, with planned page breaks."""

    scale: int
    title_rows: int = 0
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def apply(self, ws: Any, writer: SheetRows) -> None:
        breaks = page_breaks(
            writer.plan, page_capacity(self.scale), title_rows=self.title_rows, blocks=self.blocks
        )
        apply_breaks(ws, breaks)


def merge_cells(ws: Any, writer: SheetRows) -> None:
    for ref in writer.merged:
        ws.merged_cells.add(ref)


def setup_sheet(
    book: XlsxBook,
    title: str,
    widths: Sequence[float],
    *,
    freeze: str | None = "A2",
    title_rows: int = 1,
    scale: int | None = None,
) -> Any:
    """A sheet with its columns, frozen panes and print setup (all before any row)."""
    ws = book.create_sheet(title)
    for index, width in enumerate(widths):
        ws.column_dimensions[LETTERS[index]].width = round(width, 1)
    if freeze:
        ws.freeze_panes = freeze
    setup_print(ws, title_rows=title_rows, scale=scale)
    return ws


def column_width(
    texts: Iterable[str], lo: float, hi: float, pad: float = 2.0, bold: bool = False
) -> float:
    """A column width (in characters) from the longest text, within [lo, hi]."""
    longest = max((text_width(t, bold=bold) for t in texts), default=0.0)
    return max(lo, min(hi, math.ceil(longest + pad)))


def lifecycle_text(tool: Tool) -> str:
    if tool.facts is None:
        return ""
    life = tool.facts.lifecycle
    return f"{life.label} since {life.since}" if life.since else life.label


def number_check(high: int, title: str, error: str) -> DataValidation:
    """A cell check that accepts an empty cell or a number from 0 to `high`."""
    return DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2=str(high),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=error,
    )


def _score_checks(ws: Any, scores_ref: str) -> None:
    """Data validation (0 to 10, empty allowed) and a red-amber-green scale on the scores."""
    validation = number_check(
        10, "Score", "A score is a number from 0 to 10; leave the cell empty for 'not scored'."
    )
    validation.add(scores_ref)
    ws.data_validations.append(validation)
    ws.conditional_formatting.add(
        scores_ref,
        ColorScaleRule(
            start_type="num",
            start_value=0,
            start_color="F8696B",
            mid_type="num",
            mid_value=5,
            mid_color="FFEB84",
            end_type="num",
            end_value=10,
            end_color="63BE7B",
        ),
    )


def natural_key(text: str) -> list[int | str]:
    """Sort key that puts L2 before L10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


# --- Scores -----------------------------------------------------------------------------------
def scores_sheet(book: XlsxBook, st: Styles, wb: Workbook) -> BuiltSheet:
    n, m = len(wb.criteria), len(wb.tools)
    names = [c.name for c in wb.criteria]
    widths = [
        column_width([t.name for t in wb.tools] + [TOOL_HEADER], 12, 40, bold=True),
        *(column_width([name], 8, 16) for name in names),
        14,
        7,
        column_width([lifecycle_text(t) for t in wb.tools] + [LIFECYCLE_HEADER], 12, 34, bold=True),
    ]
    ws = setup_sheet(book, SCORES, widths, freeze="B2")
    ws.auto_filter.ref = f"A1:{LETTERS[n + 3]}{m + 1}"
    if n and m:
        _score_checks(ws, f"B2:{LETTERS[n]}{m + 1}")
    sheet = SheetRows(widths)

    def rows() -> Iterator[str]:
        header = [TOOL_HEADER, *names, TOTAL_HEADER, RANK_HEADER, LIFECYCLE_HEADER]
        yield sheet.row(1, [(h, st.header) for h in header])
        sid = st.score.id
        letters = [LETTERS[j + 1] for j in range(n)]
        total_col, rank_col, life_col = LETTERS[n + 1], LETTERS[n + 2], LETTERS[n + 3]
        isnan = math.isnan
        for i, (tool, scores) in enumerate(zip(wb.tools, wb.scores.tolist(), strict=True)):
            r = i + 2
            sheet.extend(r, n + 4)
            active = tool.is_active
            parts = [
                f'<row r="{r}">',
                cell_xml(f"A{r}", tool.name, st.name if active else st.name_inactive),
            ]
            # the hot loop of a big export: one f-string per score cell, NaN = not scored
            parts += [
                f'<c r="{col}{r}" s="{sid}"/>'
                if isnan(v)
                else f'<c r="{col}{r}" s="{sid}"><v>{v!r}</v></c>'
                for col, v in zip(letters, scores, strict=True)
            ]
            parts += [
                cell_xml(
                    f"{total_col}{r}",
                    total_formula(r) if n else None,
                    st.total if active else st.total_inactive,
                ),
                cell_xml(
                    f"{rank_col}{r}",
                    rank_formula(r) if n else None,
                    st.rank if active else st.rank_inactive,
                ),
                cell_xml(
                    f"{life_col}{r}",
                    lifecycle_text(tool) or None,
                    st.lifecycle if active else st.lifecycle_inactive,
                ),
                "</row>",
            ]
            yield "".join(parts)

    return BuiltSheet(ws, rows, sheet)


# --- Weights ----------------------------------------------------------------------------------
def weights_sheet(book: XlsxBook, st: Styles, wb: Workbook) -> BuiltSheet:
    n = len(wb.criteria)
    widths = [
        column_width([c.name for c in wb.criteria] + [WEIGHTS_HEADERS[0]], 14, 40, bold=True),
        12,
        column_width([c.id for c in wb.criteria] + [WEIGHTS_HEADERS[2]], 14, 30),
        12,
        column_width([c.description for c in wb.criteria], 20, 80),
    ]
    ws = setup_sheet(book, WEIGHTS, widths)
    if n:
        define_names(book, [c.name for c in wb.criteria])
    validation = number_check(
        100, "Weight", "A weight is a percentage from 0 to 100 (0 leaves the criterion out)."
    )
    validation.add(f"B2:B{n + 1 + WEIGHT_VALIDATION_SPARE_ROWS}")
    ws.data_validations.append(validation)
    sheet = SheetRows(widths)

    def rows() -> Iterator[str]:
        yield sheet.row(1, [(h, st.header) for h in WEIGHTS_HEADERS])
        weights = wb.weights.tolist()
        for i, (criterion, weight) in enumerate(zip(wb.criteria, weights, strict=True)):
            r = i + 2
            yield sheet.row(
                r,
                [
                    (criterion.name, st.name),
                    (weight, st.weight),
                    (criterion.id, st.muted),
                    (share_formula(r), st.share),
                    (criterion.description or None, st.wrap),
                ],
            )

    return BuiltSheet(ws, rows, sheet)


# --- Notes ------------------------------------------------------------------------------------
def notes_sheet(book: XlsxBook, st: Styles, wb: Workbook) -> BuiltSheet:
    widths = [24, 24, 70, 40, 12, 22]
    ws = setup_sheet(book, NOTES, widths)
    notes = wb.sorted_notes()
    ws.auto_filter.ref = f"A1:F{len(notes) + 1}"
    tool_names = {t.id: t.name for t in wb.tools}
    criterion_names = {c.id: c.name for c in wb.criteria}
    sheet = SheetRows(widths)

    def rows() -> Iterator[str]:
        yield sheet.row(1, [(h, st.header) for h in NOTES_HEADERS])
        for i, (tool_id, criterion_id, note) in enumerate(notes):
            yield sheet.row(
                i + 2,
                [
                    (tool_names[tool_id], st.wrap),
                    (criterion_names[criterion_id], st.wrap),
                    (note.text or None, st.wrap),
                    (note.source or None, st.wrap),
                    (note.date or None, st.text),
                    (note.evidence or None, st.text),
                ],
            )

    return BuiltSheet(ws, rows, sheet)


# --- About ------------------------------------------------------------------------------------
def about_sheet(book: XlsxBook, st: Styles, wb: Workbook) -> BuiltSheet:
    widths = [24, 70, 50, 50]
    scale = fixed_scale(widths)
    ws = setup_sheet(book, ABOUT, widths, freeze=None, title_rows=0, scale=scale)
    sheet = SheetRows(widths, fixed_heights=True)
    m = wb.metadata
    score_source = wb.catalogue.sources.get(wb.catalogue.score_source or "")
    fields = dict(
        zip(ABOUT_FIELDS, (m.title, m.author, m.dataset_title, m.dataset_as_of), strict=True)
    )
    fields |= {
        "Scores from": score_source.title if score_source else "",
        "Exported by": f"MeshDesk {__version__}",
        "Generated": now_iso(),
        "How totals work": HOW_TOTALS_WORK,
        "How to bring it back": HOW_TO_RETURN,
        "Facts sheet": FACTS_LEGEND,
    }

    def rows() -> Iterator[str]:
        yield sheet.row(1, [("MeshDesk evaluation workbook", st.title)])
        r = 3
        for label, value in fields.items():
            yield sheet.row(r, [(label, st.label), (value or None, st.wrap)])
            r += 1
        sources = sorted(wb.catalogue.sources.values(), key=lambda s: natural_key(s.id))
        if not sources:
            return
        r += 1
        yield sheet.row(r, [("Sources", st.section)], keep_with_next=True)
        r += 1
        heads = [(h, st.header_left) for h in ("Id", "Title", "URL", "Note")]
        yield sheet.row(r, heads, keep_with_next=True)
        for s in sources:
            r += 1
            cells: Cells = [
                (s.id, st.text),
                (s.title, st.wrap),
                (s.url, st.wrap),
                (s.note or None, st.wrap),
            ]
            yield sheet.row(r, cells)

    def finish() -> None:
        Paging(scale).apply(ws, sheet)
        merge_cells(ws, sheet)

    return BuiltSheet(ws, rows, sheet, finish)

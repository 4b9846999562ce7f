"""How the workbook prints: paper, margins, footer, scale, and page breaks that keep every
heading on the page of the rows it heads.

A spreadsheet has no "keep with next": it breaks a page wherever the next row does not fit,
so a section heading can end a page while its rows start the next one. The only tools the
file format offers are print titles (rows repeated on every page), manual page breaks, and a
fixed print scale. The export uses all three:

- Sheets people edit (`Scores`, `Weights`, `Notes`) are single tables: their header row is
  repeated on every page and they print one page wide at whatever scale that takes.
- Sheets of sections (`Ranking`, `Recommendation`, `Facts`, `About`) print at a fixed scale,
  chosen so that the widest application's columns fit the page width, and every row states
  its height; so the rows per page are known, and the export puts a manual page break before
  any heading (and the rows it keeps with) that would otherwise be cut from them. The breaks
  are planned for the shorter page of A4 and US Letter (landscape), with a margin for
  rounding, so that they fall before the application would break a page by itself.

The paper is left to the application (its default, A4 or Letter, follows the locale).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from openpyxl.worksheet.pagebreak import Break

from meshdesk.io.xlsx_cells import RowPlan

POINTS_PER_INCH: Final = 72.0
# Landscape pages: the narrower (US Letter, 11 in) and the shorter (A4, 210 mm) of the two
PAGE_WIDTH: Final = 11.0 * POINTS_PER_INCH
PAGE_HEIGHT: Final = 210 / 25.4 * POINTS_PER_INCH
MARGIN_SIDE: Final = 0.5  # inches
MARGIN_TOP: Final = 0.6
MARGIN_BOTTOM: Final = 0.9  # the footer sits in it, with room for its line (it was cut at 0.6)
MARGIN_HEADER: Final = 0.3
MARGIN_FOOTER: Final = 0.35  # from the paper's edge to the footer's line
FOOTER: Final = "&A · page &P of &N"
BODY_WIDTH: Final = PAGE_WIDTH - 2 * MARGIN_SIDE * POINTS_PER_INCH
BODY_HEIGHT: Final = PAGE_HEIGHT - (MARGIN_TOP + MARGIN_BOTTOM) * POINTS_PER_INCH
# Points per column width unit at most: LibreOffice without Calibri or Carlito sets the workbook
# in DejaVu Sans, whose "0" is 7.0 pt wide at 11 pt (Excel's unit is 7 pixels, 5.25 pt).
POINTS_PER_WIDTH_UNIT: Final = 7.1
PAGE_FILL: Final = 0.96  # of a page's rows, what the plan fills at most (rounding, row spacing)
MIN_SCALE: Final = 10
CM: Final = 72 / 2.54
DEFAULT_ROW_HEIGHT: Final = 15.0  # a row that states no height: one line of 11 pt text


def fixed_scale(widths: Sequence[float], *, extra_points: float = 0.0) -> int:
    """The print scale (percent) at which columns this wide (and a drawing `extra_points`
    wide) fit the page width in every application."""
    content = max(sum(widths) * POINTS_PER_WIDTH_UNIT, extra_points)
    if content <= 0:
        return 100
    return max(MIN_SCALE, min(100, math.floor(100 * BODY_WIDTH / content)))


def page_capacity(scale: int) -> float:
    """The points of row height one printed page holds at this scale (unscaled points)."""
    return BODY_HEIGHT * 100 / scale * PAGE_FILL


def setup_print(
    ws: Any, *, title_rows: int = 0, scale: int | None = None, pages_wide: int = 1
) -> None:
    """Landscape, margins with room for the footer, the footer, print titles, and either a
    fixed scale (`scale`) or "fit to `pages_wide` pages wide, as many down as it takes"."""
    ws.page_setup.orientation = "landscape"
    if scale is None:
        ws.page_setup.fitToWidth = pages_wide
        ws.page_setup.fitToHeight = 0  # as many pages down as it takes
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        ws.page_setup.scale = scale
        ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE
    ws.page_margins.top = MARGIN_TOP
    ws.page_margins.bottom = MARGIN_BOTTOM
    ws.page_margins.header = MARGIN_HEADER
    ws.page_margins.footer = MARGIN_FOOTER
    ws.oddFooter.center.text = FOOTER
    if title_rows:
        ws.print_title_rows = f"1:{title_rows}"


@dataclass(frozen=True)
class Block:
    """Something that is not a row but takes room on the page (a chart), placed after row
    `after`; it starts a page when it does not fit on the current one."""

    after: int
    height: float  # points


def page_breaks(
    plan: RowPlan,
    capacity: float,
    *,
    title_rows: int = 0,
    blocks: Sequence[Block] = (),
) -> list[int]:
    """The rows after which a page must end: every page holds at most `capacity` points of
    rows (the print titles, `title_rows`, repeat on each page after the first), a row kept
    with the next one never ends a page when that can be helped, and a block starts a page
    unless it fits under the rows before it."""
    last = max([*plan.heights, *(b.after for b in blocks)], default=0)
    heights = [plan.heights.get(r, DEFAULT_ROW_HEIGHT) for r in range(last + 1)]  # 0: unused
    titles = sum(heights[1 : title_rows + 1])
    by_row = {b.after: b for b in blocks}
    breaks: list[int] = []
    used = 0.0
    page_first = 1

    def new_page(after: int) -> None:
        nonlocal used, page_first
        breaks.append(after)
        used = titles
        page_first = after + 1

    for r in range(1, last + 1):
        height = heights[r]
        if used + height > capacity and r > page_first:
            # end the page before r, or before the headings r is kept with
            start = r
            while start - 1 in plan.keep_with_next and start - 1 > page_first:
                start -= 1
            new_page(start - 1)
            used += sum(heights[start:r])
        used += height
        block = by_row.get(r)
        if block is not None:
            if used + block.height > capacity and used > titles:
                new_page(r)
            used += block.height
    return breaks


def apply_breaks(ws: Any, breaks: Sequence[int]) -> None:
    for row in breaks:
        ws.row_breaks.append(Break(id=row))

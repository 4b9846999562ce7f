"""The cell formats of the export: fonts, fills, alignment and number formats.

Numbers follow MeshDesk's one rounding rule (`meshdesk.core.numbers`: half away from zero, on
the decimal value), which is what Excel and LibreOffice show for a "0.0" format; each kind of
number is shown with as many decimals as the window shows it (a score 9.25 reads 9.3 in the
grid and in the workbook).
"""

from __future__ import annotations

from typing import Any, Final

from openpyxl import Workbook as XlsxBook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from meshdesk.io.xlsx_cells import Style
from meshdesk.io.xlsx_metrics import BASE_FONT_SIZE

# --- number formats: decimals as the window shows each kind of number --------------------------
SCORE_FORMAT: Final = "0.0"  # scores: one decimal, as the grid
TOTAL_FORMAT: Final = "0.00"  # weighted totals: two decimals, as the grid and the memo
PERCENT_FORMAT: Final = "0.0"  # weights in percent: one decimal, as the weights panel
SHARE_FORMAT: Final = "0.0%"  # a weight's share of all weights
RANK_FORMAT: Final = "0"
FORMAT_DECIMALS: Final = {
    SCORE_FORMAT: 1,
    TOTAL_FORMAT: 2,
    PERCENT_FORMAT: 1,
    SHARE_FORMAT: 1,
    RANK_FORMAT: 0,
}

# --- colours ----------------------------------------------------------------------------------
HEADER_FILL: Final = "1F3864"
INACTIVE_FILL: Final = "F4CCCC"
INACTIVE_TEXT: Final = "9C0006"
MUTED_TEXT: Final = "595959"
FEATURE_COLOURS: Final = {
    "yes": ("C6EFCE", "006100"),
    "no": ("FFC7CE", "9C0006"),
    "partial": ("FFEB9C", "9C5700"),
    "unknown": ("EDEDED", "595959"),
}
TITLE_SIZE: Final = 14.0
SECTION_SIZE: Final = 12.0


def _font(*, size: float = BASE_FONT_SIZE, **style: Any) -> Font:
    """The workbook's font (Calibri 11, as openpyxl's default cell style), named so that no
    application falls back to a serif font; LibreOffice uses metric-compatible Carlito."""
    return Font(name="Calibri", size=size, **style)


class Styles:
    """Every cell format the export uses, registered with openpyxl before any cell is written
    (openpyxl writes styles.xml before the cells are put in)."""

    def __init__(self, book: XlsxBook) -> None:
        self._probe = book.create_sheet("_styles")
        thin = Side(style="thin", color="BFBFBF")
        white_bold = _font(bold=True, color="FFFFFF")
        navy = PatternFill("solid", fgColor=HEADER_FILL)
        top = Alignment(vertical="top")
        wrap_top = Alignment(wrap_text=True, vertical="top")
        pink = PatternFill("solid", fgColor=INACTIVE_FILL)
        dark_red = _font(color=INACTIVE_TEXT)
        dark_red_bold = _font(bold=True, color=INACTIVE_TEXT)
        centred = Alignment(horizontal="center", vertical="top")
        centred_wrap = Alignment(horizontal="center", vertical="top", wrap_text=True)
        name_border = Border(right=thin)

        self.header = self._add(
            font=white_bold,
            fill=navy,
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
        )
        self.header_left = self._add(
            font=white_bold, fill=navy, alignment=Alignment(wrap_text=True, vertical="center")
        )
        self.header_rotated = self._add(
            font=white_bold,
            fill=navy,
            alignment=Alignment(text_rotation=90, horizontal="center", vertical="bottom"),
        )
        self.title = self._add(font=_font(bold=True, size=TITLE_SIZE, color=HEADER_FILL))
        self.section = self._add(font=_font(bold=True, size=SECTION_SIZE, color=HEADER_FILL))
        self.label = self._add(font=_font(bold=True), alignment=wrap_top)
        self.text = self._add(alignment=top)
        self.wrap = self._add(alignment=wrap_top)
        self.muted = self._add(font=_font(color=MUTED_TEXT), alignment=top)
        self.muted_wrap = self._add(font=_font(color=MUTED_TEXT), alignment=wrap_top)
        self.name = self._add(font=_font(bold=True), border=name_border, alignment=top)
        self.name_inactive = self._add(
            font=dark_red_bold, fill=pink, border=name_border, alignment=top
        )
        self.name_wrap = self._add(font=_font(bold=True), border=name_border, alignment=wrap_top)
        self.name_wrap_inactive = self._add(
            font=dark_red_bold, fill=pink, border=name_border, alignment=wrap_top
        )
        self.score = self._add(number_format=SCORE_FORMAT, alignment=Alignment(horizontal="center"))
        self.total = self._add(number_format=TOTAL_FORMAT, font=_font(bold=True))
        self.total_inactive = self._add(number_format=TOTAL_FORMAT, font=dark_red_bold, fill=pink)
        self.rank = self._add(number_format=RANK_FORMAT, alignment=Alignment(horizontal="center"))
        self.rank_inactive = self._add(
            number_format=RANK_FORMAT,
            font=dark_red,
            fill=pink,
            alignment=Alignment(horizontal="center"),
        )
        self.lifecycle = self._add(font=_font(color=MUTED_TEXT), alignment=top)
        self.lifecycle_inactive = self._add(font=dark_red_bold, fill=pink, alignment=top)
        self.lifecycle_wrap = self._add(font=_font(color=MUTED_TEXT), alignment=wrap_top)
        self.lifecycle_wrap_inactive = self._add(font=dark_red_bold, fill=pink, alignment=wrap_top)
        self.weight = self._add(
            number_format=PERCENT_FORMAT, font=_font(bold=True, color="0000CC"), alignment=top
        )
        self.share = self._add(number_format=SHARE_FORMAT, alignment=top)
        self.percent = self._add(number_format=PERCENT_FORMAT, alignment=centred)
        self.number = self._add(number_format=TOTAL_FORMAT, alignment=centred)
        self.integer = self._add(number_format=RANK_FORMAT, alignment=centred)
        # the Ranking sheet: live values, no fill (the rows move as the ranking does)
        self.ranked_rank = self._add(number_format=RANK_FORMAT, alignment=centred)
        self.ranked_name = self._add(font=_font(bold=True), alignment=top)
        self.ranked_total = self._add(number_format=TOTAL_FORMAT, font=_font(bold=True))
        self.ranked_lifecycle = self._add(font=_font(color=MUTED_TEXT), alignment=top)
        self.helper = self._add(font=_font(color=MUTED_TEXT), alignment=top)
        self.features = {
            value: self._add(
                fill=PatternFill("solid", fgColor=fill),
                font=_font(color=ink),
                alignment=centred_wrap,
            )
            for value, (fill, ink) in FEATURE_COLOURS.items()
        }
        self.features_uncertain = {
            value: self._add(
                fill=PatternFill("solid", fgColor=fill),
                font=_font(color=ink, italic=True),
                alignment=centred_wrap,
            )
            for value, (fill, ink) in FEATURE_COLOURS.items()
        }
        book.remove(self._probe)

    def _add(self, **formats: Any) -> Style:
        ids = []
        for quoted in (False, True):
            cell = WriteOnlyCell(self._probe)
            for name, value in formats.items():
                setattr(cell, name, value)
            if quoted:
                cell.quotePrefix = True
            ids.append(int(cell.style_id) if formats or quoted else 0)
        font = formats.get("font")
        alignment = formats.get("alignment")
        return Style(
            ids[0],
            ids[1],
            wraps=bool(alignment is not None and alignment.wrap_text),
            bold=bool(font is not None and font.b),
            size=float(font.sz) if font is not None and font.sz else BASE_FONT_SIZE,
        )

"""How much room text takes in a spreadsheet cell: widths, wrapped lines, row heights.

Spreadsheets do not all fit row heights to wrapped text when they open a file, and neither
keeps a heading with its rows on a printed page, so the export works out both itself: a row
with wrapped text gets a height that shows all of it, and page breaks go where they keep
headings with what follows (`meshdesk.io.xlsx_pages`).

A column width counts the widths of the digit "0" of the workbook's font (so says the file
format), and text is measured in the same unit: the advance widths of DejaVu Sans (regular
and bold), divided by the width of its "0". The proportions of Calibri, of its metric twin
Carlito and of DejaVu Sans (what LibreOffice uses when neither is installed) are close in that
unit, so one measure serves every application; `TEXT_SAFETY` covers the differences.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

# Advance widths (1/1000 em) of DejaVu Sans for the printable ASCII characters, U+0020..U+007E
_REGULAR: Final = (
    *(318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337),
    *(636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531),
    *(1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787),
    *(603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500),
    *(500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612),
    *(635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838),
)
_BOLD: Final = (
    *(348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365),
    *(696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580),
    *(1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850),
    *(733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500),
    *(500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687),
    *(716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838),
)
_DIGIT: Final = 636.0  # the "0" of the regular face: the unit of a column width
_OTHER: Final = 650.0  # a letter outside ASCII (accented Latin, Greek, Cyrillic, symbols)
_WIDE: Final = 1000.0  # an East Asian wide or full-width character
TEXT_SAFETY: Final = 1.06  # measured text is taken this much wider than DejaVu Sans sets it
CELL_PADDING: Final = 0.6  # of a column's width, what the cell's margins take (in "0" widths)
BASE_FONT_SIZE: Final = 11.0


@lru_cache(maxsize=8192)
def _char_width(char: str, bold: bool) -> float:
    code = ord(char)
    if 32 <= code <= 126:
        return (_BOLD if bold else _REGULAR)[code - 32] / _DIGIT
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return _WIDE / _DIGIT
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    return _OTHER / _DIGIT * (1.09 if bold else 1.0)


def text_width(text: str, *, bold: bool = False, size: float = BASE_FONT_SIZE) -> float:
    """The width of one line of text, in widths of the "0" of the 11 pt font."""
    scale = TEXT_SAFETY * size / BASE_FONT_SIZE
    return sum(_char_width(char, bold) for char in text) * scale


def wrapped_lines(
    text: str, width: float, *, bold: bool = False, size: float = BASE_FONT_SIZE
) -> int:
    """How many lines `text` takes in a wrapping cell `width` columns units wide: words go on
    a line while they fit; a word longer than a line is cut where the line ends (as both
    Excel and LibreOffice do with a long address)."""
    room = max(width - CELL_PADDING, 1.0)
    space = text_width(" ", bold=bold, size=size)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            wide = text_width(word, bold=bold, size=size)
            if used and used + space + wide <= room:
                used += space + wide
                continue
            if used:
                lines += 1
            if wide <= room:
                used = wide
                continue
            # a word longer than the line: cut it, one line after another
            used = 0.0
            for char in word:
                step = _char_width(char, bold) * TEXT_SAFETY * size / BASE_FONT_SIZE
                if used + step > room and used:
                    lines += 1
                    used = 0.0
                used += step
    return lines


def cell_lines(texts: Sequence[tuple[str, float, bool, float]]) -> int:
    """The most lines any of a row's wrapping cells needs: (text, width, bold, size) each."""
    return max((wrapped_lines(t, w, bold=b, size=s) for t, w, b, s in texts), default=1)


def line_height(size: float = BASE_FONT_SIZE) -> float:
    """Points per line of text of this size (Excel's 15 for 11 pt, so that LibreOffice's
    slightly tighter lines always fit)."""
    return math.ceil(size * 15 / BASE_FONT_SIZE * 2) / 2

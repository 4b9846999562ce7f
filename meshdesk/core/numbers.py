"""One rounding rule for every number MeshDesk shows: half away from zero, on the decimal
value as written (9.25 to one place is 9.3, 8.745 to two is 8.75), which is what Excel and
LibreOffice show for the same number format. Python's own formatting rounds the binary value
half to even (`f"{9.25:.1f}"` is "9.2"), so a grid that used it would disagree with the
exported workbook. Every display (grid, details, wizard, memo, command line tables) formats
through `fixed`; files that other programs read keep full precision.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

CSV_SIGNIFICANT_DIGITS: Final = 10  # totals in a CSV: enough for any score, no 8.739999999999998


def rounded(value: float, places: int) -> Decimal:
    """`value` rounded half away from zero to `places` decimals (of its shortest repr)."""
    quantum = Decimal(1).scaleb(-places)
    result = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    return abs(result) if result == 0 else result  # never "-0.0"


def fixed(value: float, places: int) -> str:
    """`value` with exactly `places` decimals, by the rule above; "" for NaN."""
    if math.isnan(value):
        return ""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    return f"{rounded(value, places):f}"


def significant(value: float, digits: int = CSV_SIGNIFICANT_DIGITS) -> float:
    """`value` to `digits` significant digits, for machine-read text such as CSV."""
    if not math.isfinite(value) or value == 0:
        return value
    return float(f"{value:.{digits}g}")

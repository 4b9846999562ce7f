"""Rules on a workbook's weights as a whole."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from meshdesk.core.commands import SetWeights
from meshdesk.core.workbook import Workbook

NORMALIZED_TOTAL: Final = 100.0  # weights read as percentages once normalized


def normalized(weights: Mapping[str, float]) -> dict[str, float] | None:
    """The same weights scaled to add up to 100, in the same proportions; None when they add
    up to 0 (there are no proportions to keep)."""
    total = sum(weights.values())
    if total <= 0:
        return None
    return {cid: w * NORMALIZED_TOTAL / total for cid, w in weights.items()}


def normalize_weights(workbook: Workbook) -> SetWeights | None:
    """The edit that normalizes the workbook's weights to 100, or None when they add up to 0."""
    scaled = normalized(workbook.weights_by_id())
    if scaled is None:
        return None
    return SetWeights.from_mapping(scaled, "Normalize weights to 100")

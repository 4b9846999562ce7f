"""Weight presets: what one is, when it is usable, and the weights it sets on a workbook.
(meshdesk.io.presets only reads them from data/presets.yaml.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from meshdesk.core.commands import SetWeights
from meshdesk.core.errors import InputError
from meshdesk.core.workbook import Workbook

PRESET_WEIGHT_MAX: Final = 1000.0  # a preset's weight, in the panel's units


@dataclass(frozen=True)
class Preset:
    """A named set of weights, or "equal" weights for whatever criteria a workbook has."""

    id: str
    name: str
    description: str = ""
    weights: dict[str, float] = field(default_factory=dict)
    equal: bool = False

    def problem(self) -> tuple[str, str | None] | None:
        """What makes the preset unusable, with the field it is about (None: the whole)."""
        if self.equal == bool(self.weights):
            return "needs either 'weights' or 'equal: true' (not both)", None
        if self.weights and sum(self.weights.values()) <= 0:
            return "its weights add up to 0", "weights"
        return None

    def weights_for(self, criterion_ids: Sequence[str]) -> dict[str, float]:
        """The weights this preset sets on a workbook with these criteria."""
        if self.equal:
            return (
                dict.fromkeys(criterion_ids, round(100.0 / len(criterion_ids), 6))
                if criterion_ids
                else {}
            )
        return {cid: w for cid, w in self.weights.items() if cid in criterion_ids}


def apply_preset(workbook: Workbook, preset: Preset) -> SetWeights:
    """The edit that sets the preset's weights; InputError when it names none of the
    workbook's criteria (criteria it does not name keep their weights)."""
    weights = preset.weights_for(workbook.criterion_ids)
    if not weights:
        raise InputError(f"The preset “{preset.name}” names none of this workbook's criteria.")
    return SetWeights.from_mapping(weights, f"Preset: {preset.name}")

"""Weight presets from data/presets.yaml."""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from meshdesk.io.codec import read_id
from meshdesk.io.fields import Fields
from meshdesk.io.yamlio import load_yaml_file
from meshdesk.locations import dataset_dir

PRESETS_FORMAT = "meshdesk-presets"
PRESETS_FILE = "presets.yaml"


@dataclass(frozen=True)
class Preset:
    id: str
    name: str
    description: str = ""
    weights: dict[str, float] = field(default_factory=dict)
    equal: bool = False

    def weights_for(self, criterion_ids: list[str]) -> dict[str, float]:
        """The weights this preset sets on a workbook with these criteria."""
        if self.equal:
            return (
                dict.fromkeys(criterion_ids, round(100.0 / len(criterion_ids), 6))
                if criterion_ids
                else {}
            )
        return {cid: w for cid, w in self.weights.items() if cid in criterion_ids}


def load_presets(
    folder: str | os.PathLike[str] | None = None, criterion_ids: Collection[str] | None = None
) -> list[Preset]:
    """Read the presets; when `criterion_ids` is given, every named criterion must exist."""
    path = Path(folder if folder is not None else dataset_dir()) / PRESETS_FILE
    top = Fields(
        load_yaml_file(path, "presets file"),
        str(path),
        allowed=("format", "schema_version", "presets"),
        required=("format", "schema_version", "presets"),
    )
    if top.raw("format") != PRESETS_FORMAT:
        top.fail(f"should be {PRESETS_FORMAT!r}", "format")
    if top.integer("schema_version") != 1:
        top.fail("this MeshDesk reads schema version 1", "schema_version")
    presets: list[Preset] = []
    for raw in top.records(
        "presets",
        allowed=("id", "name", "description", "weights", "equal"),
        required_fields=("id", "name"),
        required=True,
    ):
        preset_id = read_id(raw, "id", "Preset")
        entry = raw.with_record(f"preset {preset_id!r}")
        if any(p.id == preset_id for p in presets):
            entry.fail(f"the preset id {preset_id!r} is used twice", "id")
        equal = entry.boolean("equal")
        weights: dict[str, float] = {}
        for cid, value in entry.mapping("weights").items():
            if criterion_ids is not None and cid not in criterion_ids:
                entry.fail(
                    f"names the criterion {cid!r}, which the dataset does not define", "weights"
                )
            weights[cid] = entry.check_number(value, f"weights.{cid}", 0, 1000)
        if equal == bool(weights):
            entry.fail("needs either 'weights' or 'equal: true' (not both)")
        if weights and sum(weights.values()) <= 0:
            entry.fail("its weights add up to 0", "weights")
        presets.append(
            Preset(
                preset_id,
                entry.text("name", non_empty=True),
                entry.text("description"),
                weights,
                equal,
            )
        )
    return presets

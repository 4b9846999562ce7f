"""Read the weight presets from data/presets.yaml (what a preset is: meshdesk.core.presets)."""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

from meshdesk.core.presets import PRESET_WEIGHT_MAX, Preset
from meshdesk.io.codec import read_id
from meshdesk.io.fields import Fields
from meshdesk.io.yamlio import load_yaml_file
from meshdesk.locations import dataset_dir

PRESETS_FORMAT = "meshdesk-presets"
PRESETS_FILE = "presets.yaml"


__all__ = ["Preset", "load_presets"]  # Preset is core's, imported here by older callers


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
            weights[cid] = entry.check_number(value, f"weights.{cid}", 0, PRESET_WEIGHT_MAX)
        preset = Preset(
            preset_id, entry.text("name", non_empty=True), entry.text("description"), weights, equal
        )
        if (problem := preset.problem()) is not None:
            entry.fail(*problem)
        presets.append(preset)
    return presets

"""The default dataset in data/: manifest, one file per tool, sources.

`load_dataset()` reads and validates everything and returns a `Dataset`; nothing is loaded
half-way. `new_workbook()` turns it into a fresh workbook for a new project.
"""

from __future__ import annotations

import functools
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from meshdesk import __version__
from meshdesk.core.facts import FeatureDef, Source
from meshdesk.core.publication import Publication
from meshdesk.core.workbook import Catalogue, Criterion, Metadata, Tool, Workbook
from meshdesk.io.codec import (
    read_criterion,
    read_features,
    read_id,
    read_sources,
    read_tool_description,
)
from meshdesk.io.fields import Fields
from meshdesk.io.yamlio import load_yaml_file
from meshdesk.locations import dataset_dir

DATASET_FORMAT = "meshdesk-dataset"
DATASET_SCHEMA_VERSION = 2  # 2: editions per tool, features per edition
MANIFEST = "dataset.yaml"
SOURCES = "sources.yaml"


@dataclass(frozen=True)
class Dataset:
    folder: Path
    title: str
    as_of: str
    description: str
    criteria: tuple[Criterion, ...]
    weights: tuple[float, ...]
    tools: tuple[Tool, ...]
    scores: tuple[tuple[float, ...], ...]  # NaN = not scored
    catalogue: Catalogue

    @property
    def features(self) -> tuple[FeatureDef, ...]:
        return self.catalogue.features

    @property
    def sources(self) -> dict[str, Source]:
        return dict(self.catalogue.sources)

    @property
    def publication(self) -> Publication:
        """The scores and weights as the dataset's source published them."""
        ids = [c.id for c in self.criteria]
        return Publication(
            weights=dict(zip(ids, self.weights, strict=True)),
            scores={
                tool.id: {c: v for c, v in zip(ids, row, strict=True) if not math.isnan(v)}
                for tool, row in zip(self.tools, self.scores, strict=True)
            },
        )

    def new_workbook(self, *, title: str = "", author: str = "", created: str = "") -> Workbook:
        return Workbook(
            self.tools,
            self.criteria,
            self.weights,
            np.array(self.scores, dtype=np.float64).reshape(len(self.tools), len(self.criteria)),
            publication=self.publication,
            metadata=Metadata(
                title=title or "Service mesh evaluation",
                author=author,
                created=created,
                modified=created,
                app_version=__version__,
                dataset_title=self.title,
                dataset_as_of=self.as_of,
            ),
            catalogue=self.catalogue,
        )


def load_dataset(folder: str | os.PathLike[str] | None = None) -> Dataset:
    """Read and validate a dataset folder (default: MESHDESK_DATASET or the bundled data/)."""
    root = Path(folder) if folder is not None else dataset_dir()
    manifest_path = root / MANIFEST
    manifest = Fields(
        load_yaml_file(manifest_path, "dataset manifest"),
        str(manifest_path),
        allowed=(
            "format",
            "schema_version",
            "title",
            "as_of",
            "description",
            "score_source",
            "criteria",
            "features",
            "tools",
        ),
        required=("format", "schema_version", "title", "as_of", "criteria", "features", "tools"),
    )
    if manifest.raw("format") != DATASET_FORMAT:
        manifest.fail(f"should be {DATASET_FORMAT!r}", "format")
    version = manifest.integer("schema_version", required=True)
    if version != DATASET_SCHEMA_VERSION:
        manifest.fail(
            f"is {version}, but this MeshDesk reads schema version {DATASET_SCHEMA_VERSION}"
            + (
                " (the dataset is newer: update MeshDesk)"
                if (version or 0) > DATASET_SCHEMA_VERSION
                else ""
            ),
            "schema_version",
        )
    sources_path = root / SOURCES
    sources = read_sources(
        Fields(
            load_yaml_file(sources_path, "sources file"),
            str(sources_path),
            allowed=("sources",),
            required=("sources",),
        )
    )
    score_source = manifest.optional_text("score_source")
    if score_source is not None and score_source not in sources:
        manifest.fail(
            f"cites the source {score_source!r}, which {SOURCES} does not define", "score_source"
        )

    criteria: list[Criterion] = []
    weights: list[float] = []
    for entry in manifest.records(
        "criteria",
        allowed=("id", "name", "weight", "description"),
        required_fields=("id", "name", "weight"),
    ):
        criterion = read_criterion(entry)
        if any(c.id == criterion.id for c in criteria):
            entry.fail(f"repeats the criterion id {criterion.id!r}", "id")
        criteria.append(criterion)
        weights.append(entry.check_number(entry.raw("weight"), "weight", 0, 1000))
    if not criteria:
        manifest.fail("must list at least one criterion", "criteria")
    if sum(weights) <= 0:
        manifest.fail("the criteria weights add up to 0", "criteria")
    features = read_features(manifest)
    feature_ids = [f.id for f in features]

    tools: list[Tool] = []
    scores: list[tuple[float, ...]] = []
    tool_list = manifest.items("tools", required=True)
    if not tool_list:
        manifest.fail("must list at least one tool", "tools")
    for i, _ in enumerate(tool_list):
        tool_id = read_id(
            Fields({"id": tool_list[i]}, str(manifest_path), path=f"tools[{i}]"), "id", "Tool"
        )
        if any(t.id == tool_id for t in tools):
            manifest.fail(f"lists the tool {tool_id!r} twice", f"tools[{i}]")
        tool, row = _load_tool(
            root / "tools" / f"{tool_id}.yaml", tool_id, criteria, feature_ids, sources
        )
        tools.append(tool)
        scores.append(row)

    return Dataset(
        folder=root,
        title=manifest.text("title", non_empty=True),
        as_of=manifest.date("as_of", required=True) or "",
        description=manifest.text("description"),
        criteria=tuple(criteria),
        weights=tuple(weights),
        tools=tuple(tools),
        scores=tuple(scores),
        catalogue=Catalogue(features=features, sources=sources, score_source=score_source),
    )


def _load_tool(
    path: Path,
    tool_id: str,
    criteria: list[Criterion],
    feature_ids: list[str],
    sources: dict[str, Source],
) -> tuple[Tool, tuple[float, ...]]:
    fields = Fields(
        load_yaml_file(path, "tool file"),
        str(path),
        allowed=("id", "name", "published_total", "scores", "profile", "facts"),
        required=("id", "name"),
    )
    found_id, name, published, profile, facts = read_tool_description(fields, feature_ids, sources)
    fields = fields.with_record(f"tool {found_id!r}")
    if found_id != tool_id:
        fields.fail(f"is {found_id!r}, but the manifest and the file name say {tool_id!r}", "id")
    score_fields = fields.sub("scores", optional=True)
    row = [float("nan")] * len(criteria)
    if score_fields is not None:
        column = {c.id: j for j, c in enumerate(criteria)}
        for criterion_id, value in score_fields.data.items():
            if criterion_id not in column:
                score_fields.fail(f"scores the unknown criterion {criterion_id!r}")
            row[column[criterion_id]] = score_fields.check_number(value, criterion_id, 0, 10)
    return Tool(tool_id, name, published, profile, facts), tuple(row)


@functools.cache
def default_dataset() -> Dataset:
    """The dataset the app starts from; read once per process."""
    return load_dataset()

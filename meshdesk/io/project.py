"""The `.meshdesk` project file: JSON text, stable order, atomic saves, clear errors.

Layout (schema version 3; documented in README, "Project files"):

    {
      "format": "meshdesk-project",
      "schema_version": 3,
      "metadata": {title, author, created, modified, app_version, dataset_title, dataset_as_of,
                   reviewers},
      "criteria": [{id, name, description, weight}],
      "tools": [{id, name, published_total, scores: {criterion id: score}, profile, facts}],
      "notes": [{tool, criterion, text, source, date, evidence}],
      "answers": {question id: option id or [option ids]},
      "publication": {weights: {criterion id: weight}, scores: {tool id: {criterion id: score}}},
      "catalogue": {features: [...], sources: {...}, score_source}
    }

Version 1 files (the first release) kept a `published_weight` on each criterion and no
published scores; they are read as they were, the published scores taken from the dataset
the project was made from when it is the one installed (see `_publication_of_v1`). Versions 1
and 2 gave each tool one licence instead of editions: it is read as the tool's one edition
(paid when the licence is proprietary or a managed service). A refresh from the dataset
(`meshdesk refresh`) brings the editions and the facts that depend on them.

Keys are written in this order and records in workbook order (notes in grid order), so a
project diffs and merges cleanly. A score that is not there is "not scored".
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shlex
from collections.abc import Mapping
from typing import Any, NoReturn

import numpy as np

from meshdesk.core.errors import DataError
from meshdesk.core.facts import Source
from meshdesk.core.publication import Publication
from meshdesk.core.score_rule import SCALE, in_range, in_range_mask, outside_range
from meshdesk.core.text import is_clean
from meshdesk.core.workbook import (
    ID_PATTERN,
    NAME_MAX,
    REVIEWERS_MAX,
    TITLE_MAX,
    Catalogue,
    Criterion,
    Metadata,
    Tool,
    Workbook,
)
from meshdesk.io.codec import (
    TOOL_FIELDS,
    read_criterion,
    read_features,
    read_sources,
    read_tool_description,
)
from meshdesk.io.fields import Fields, describe, type_name
from meshdesk.io.guards import PROJECT_MAX_BYTES, check_parse_budget, decode_utf8, read_limited
from meshdesk.io.project_format import (
    METADATA_FIELDS,
    PROJECT_FORMAT,
    READABLE_VERSIONS,
    SCHEMA_VERSION,
    SUFFIX,
    TOP_FIELDS,
)
from meshdesk.io.project_notes import read_notes
from meshdesk.io.project_writer import dumps_project, fingerprint, project_to_dict, save_project

__all__ = [
    "PROJECT_FORMAT",
    "SCHEMA_VERSION",
    "SUFFIX",
    "dumps_project",
    "fingerprint",
    "load_project",
    "load_project_with_fingerprint",
    "project_from_dict",
    "project_to_dict",
    "save_project",
]


# --- reading --------------------------------------------------------------------------------


def _refuse_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(text: str, file: str) -> Any:
    try:
        # No object_pairs_hook for duplicate keys: it costs a Python call per object and the
        # load target is 2x json.load; a repeated key keeps its last value, as in most readers.
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        # the parser stops at the end, or in a string that the end of the text left open
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise DataError(
                f"{file}: is cut off (the JSON ends unexpectedly at line {exc.lineno}); "
                "the file is truncated or damaged."
            ) from None
        raise DataError(
            f"{file}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except ValueError as exc:
        raise DataError(f"{file}: is not valid project JSON: {exc}.") from None
    except RecursionError:
        raise DataError(f"{file}: is nested too deeply to be a project file.") from None


IMPORTABLE_TABLES = (".csv", ".xlsx")  # = meshdesk.io.importers.IMPORTABLE
OTHER_TABLES = (".tsv", ".xlsm", ".xls", ".ods")
_ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx (or .ods) workbook is a zip archive


def _refuse_table(file: str, raw: bytes) -> None:
    """A score table given where a project is expected (`meshdesk rank scores.csv`): say what
    it is and how to make a project of it, rather than that it is not valid JSON."""
    suffix = os.path.splitext(file)[1].lower()
    if suffix in IMPORTABLE_TABLES:
        how = f"meshdesk import {shlex.quote(file)} -o PROJECT{SUFFIX}"
        raise DataError(
            f"{file}: is a table ({suffix}), not a MeshDesk project; make a project of it "
            f"with: {how} (or File > Import in the window)."
        )
    if suffix in OTHER_TABLES or raw.startswith(_ZIP_MAGIC):
        kind = f"a table ({suffix})" if suffix in OTHER_TABLES else "a zip archive (a workbook?)"
        raise DataError(
            f"{file}: is {kind}, not a MeshDesk project; save it as .xlsx or .csv, then make "
            f"a project of it with: meshdesk import FILE.xlsx -o PROJECT{SUFFIX}."
        )


def load_project(path: str | os.PathLike[str]) -> Workbook:
    """Read and validate a project file; any problem raises DataError and loads nothing."""
    return load_project_with_fingerprint(path)[0]


def load_project_with_fingerprint(path: str | os.PathLike[str]) -> tuple[Workbook, str]:
    """`load_project`, and the fingerprint of the bytes it read."""
    file = str(path)
    raw = read_limited(path, PROJECT_MAX_BYTES, "project file")
    _refuse_table(file, raw)
    check_parse_budget(raw, file, "project file")
    digest = hashlib.sha256(raw).hexdigest()
    data = parse_json(decode_utf8(raw, file), file)
    del raw
    return project_from_dict(data, file), digest


def project_from_dict(data: Any, file: str) -> Workbook:
    if not isinstance(data, dict) or data.get("format") != PROJECT_FORMAT:
        raise DataError(f'{file}: is not a MeshDesk project (no "format": "{PROJECT_FORMAT}").')
    # the version first: a newer file may have fields this version does not know
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        Fields(data, file).fail(
            f"should be a whole number, not {describe(version)}", "schema_version"
        )
    if version > SCHEMA_VERSION:
        shown = f"schema version {version}" if version < 10**6 else "a schema version far ahead"
        raise DataError(
            f"{file}: was written by a newer MeshDesk ({shown}; this "
            f"version reads {SCHEMA_VERSION}). Update MeshDesk to open it."
        )
    top = Fields(data, file, allowed=TOP_FIELDS, required=("metadata", "criteria", "tools"))
    if version not in READABLE_VERSIONS:
        top.fail(f"{version} is not a schema version MeshDesk knows", "schema_version")
    if version == 1 and top.has("publication"):
        top.fail("is not part of a schema version 1 file", "publication")

    catalogue = _read_catalogue(top)
    feature_ids = [f.id for f in catalogue.features]
    criteria, weights, published = _read_criteria(top, version)
    tools, scores = _read_tools(top, criteria, feature_ids, catalogue.sources, legacy=version < 3)
    notes = read_notes(top, {t.id for t in tools}, {c.id for c in criteria})
    metadata = _read_metadata(top)
    publication = (
        _publication_of_v1(published, metadata) if version == 1 else _read_publication(top)
    )
    try:
        return Workbook(
            tools,
            criteria,
            weights,
            scores,
            publication=publication,
            notes=notes,
            answers=_read_answers(top),
            metadata=metadata,
            catalogue=catalogue,
        )
    except DataError:
        raise
    except Exception as exc:  # Workbook.validate raises InputError with a plain sentence
        raise DataError(f"{file}: {exc}") from None


def _read_metadata(top: Fields) -> Metadata:
    m = top.need_sub("metadata", allowed=METADATA_FIELDS)
    return Metadata(
        title=m.text("title", max_len=TITLE_MAX),
        author=m.text("author", max_len=TITLE_MAX),
        created=m.timestamp("created"),
        modified=m.timestamp("modified"),
        app_version=m.text("app_version", max_len=100),
        dataset_title=m.text("dataset_title", max_len=TITLE_MAX),
        dataset_as_of=m.date("dataset_as_of") or "",
        reviewers=m.texts("reviewers", max_items=REVIEWERS_MAX),
    )


def _read_catalogue(top: Fields) -> Catalogue:
    section = top.sub("catalogue", allowed=("features", "sources", "score_source"), optional=True)
    if section is None:
        return Catalogue()
    sources: dict[str, Source] = read_sources(section) if section.has("sources") else {}
    score_source = section.optional_text("score_source")
    if score_source is not None and score_source not in sources:
        section.fail(
            f"cites the source {score_source!r}, which the catalogue does not define",
            "score_source",
        )
    return Catalogue(features=read_features(section), sources=sources, score_source=score_source)


def _read_criteria(
    top: Fields, version: int
) -> tuple[list[Criterion], list[float], dict[str, float]]:
    """Criteria and weights; version 1 files also give each criterion's published weight."""
    criteria: list[Criterion] = []
    weights: list[float] = []
    published: dict[str, float] = {}
    seen: set[str] = set()
    allowed = ("id", "name", "description", "weight")
    for entry in top.records(
        "criteria",
        required=True,
        allowed=(*allowed, "published_weight") if version == 1 else allowed,
        required_fields=("id", "name", "weight"),
    ):
        criterion = read_criterion(entry)
        located = entry.with_record(f"criterion {criterion.id!r}")
        if criterion.id in seen:
            located.fail(f"the criterion id {criterion.id!r} is used twice", "id")
        seen.add(criterion.id)
        criteria.append(criterion)
        weights.append(located.check_number(entry.raw("weight"), "weight", 0, 1e6))
        value = located.number("published_weight", lo=0, hi=1e6)
        if value is not None:
            published[criterion.id] = value
    return criteria, weights, published


def _read_publication(top: Fields) -> Publication | None:
    section = top.sub("publication", allowed=("weights", "scores"), optional=True)
    if section is None:
        return None
    weights: dict[str, float] = {}
    for criterion_id, weight in section.mapping("weights").items():
        _check_publication_id(section, criterion_id, "weights")
        weights[criterion_id] = section.check_number(weight, f"weights.{criterion_id}", 0, 1e6)
    scores: dict[str, dict[str, float]] = {}
    for tool_id, row in section.mapping("scores").items():
        _check_publication_id(section, tool_id, "scores")
        if type(row) is not dict:
            section.fail(
                f"should be a mapping of criterion id to score, not {type_name(row)}",
                f"scores.{tool_id}",
            )
        scores[tool_id] = {}
        for criterion_id, value in row.items():
            _check_publication_id(section, criterion_id, f"scores.{tool_id}")
            scores[tool_id][criterion_id] = section.check_number(
                value, f"scores.{tool_id}.{criterion_id}", 0, 10
            )
    return Publication(weights, scores)


def _check_publication_id(section: Fields, key: object, where: str) -> None:
    if not isinstance(key, str) or not ID_PATTERN.match(key):
        section.fail(f"{describe(key)} is not a valid id", where)


def _publication_of_v1(weights: dict[str, float], metadata: Metadata) -> Publication | None:
    """A first-release project kept the published weights but not the published scores. When
    it was made from the dataset installed here, that dataset has them; otherwise only the
    weights are known, and no published total can be checked."""
    if not weights:
        return None
    from meshdesk.io.dataset import load_dataset

    scores: dict[str, dict[str, float]] = {}
    try:
        dataset = load_dataset()
    except DataError:
        dataset = None
    if dataset is not None and metadata.dataset_title == dataset.title:
        scores = {t: dict(s) for t, s in dataset.publication.scores.items()}
    return Publication(weights, scores)


_NUMBER_TYPES = frozenset((int, float))
_SIMPLE_TOOL_FIELDS = frozenset(("id", "name", "published_total", "scores"))


def _read_tools(
    top: Fields,
    criteria: list[Criterion],
    feature_ids: list[str],
    sources: Mapping[str, Source],
    *,
    legacy: bool = False,
) -> tuple[list[Tool], np.ndarray]:
    """Tools and the scores matrix. The common shapes take a fast path; anything unusual is
    re-read field by field so the error names the exact place."""
    records = top.items("tools", required=True)
    ids_in_order = [c.id for c in criteria]
    column = {cid: j for j, cid in enumerate(ids_in_order)}
    width = len(criteria)
    rows: list[list[float]] = []
    tools: list[Tool] = []
    seen: set[str] = set()
    for i, record in enumerate(records):
        tool = _simple_tool(record)
        if tool is None:
            fields = Fields(
                record, top.file, path=f"tools[{i}]", allowed=TOOL_FIELDS, required=("id", "name")
            )
            tool = Tool(*read_tool_description(fields, feature_ids, sources, legacy=legacy))
        fields = Fields(record, top.file, path=f"tools[{i}]", record=f"tool {tool.id!r}")
        if tool.id in seen:
            fields.fail(f"the tool id {tool.id!r} is used twice", "id")
        seen.add(tool.id)
        tools.append(tool)
        scores = record.get("scores", {})
        if type(scores) is not dict:
            fields.fail(
                f"should be a mapping of criterion id to score, not {type_name(scores)}", "scores"
            )
        values = scores.values()
        if not set(map(type, values)) <= _NUMBER_TYPES:
            _bad_score(
                fields,
                next(k for k, v in scores.items() if type(v) not in _NUMBER_TYPES),
                scores,
                column,
            )
        if list(scores) == ids_in_order:
            rows.append(list(values))
            continue
        row = [math.nan] * width
        for criterion_id, value in scores.items():
            j = column.get(criterion_id)
            if j is None:
                _bad_score(fields, criterion_id, scores, column)
            row[j] = value
        rows.append(row)
    try:
        matrix = np.array(rows, dtype=np.float64).reshape(len(tools), width)
    except OverflowError:  # an integer too large for a float: find it and name it
        r, c = next(
            (r, c)
            for r, row in enumerate(rows)
            for c, value in enumerate(row)
            if isinstance(value, int) and not -(2**1023) < value < 2**1023
        )
        fields = Fields(records[r], top.file, path=f"tools[{r}]", record=f"tool {tools[r].id!r}")
        fields.fail(f"is far outside the score range {SCALE}", f"scores.{ids_in_order[c]}")
    bad = ~np.isnan(matrix) & ~in_range_mask(matrix)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        fields = Fields(records[r], top.file, path=f"tools[{r}]", record=f"tool {tools[r].id!r}")
        _bad_score(fields, ids_in_order[c], records[r]["scores"], column)
    return tools, matrix


def _simple_tool(record: Any) -> Tool | None:
    """A tool record with only id, name, published total and scores (most rows of a big
    imported workbook), built without the general field reader."""
    if type(record) is not dict or not record.keys() <= _SIMPLE_TOOL_FIELDS:
        return None
    tool_id, name, published = record.get("id"), record.get("name"), record.get("published_total")
    if not (
        type(tool_id) is str
        and ID_PATTERN.match(tool_id)
        and type(name) is str
        and name.strip()
        and len(name) <= NAME_MAX
        and is_clean(name, single_line=True)
    ):
        return None
    if published is not None and not (type(published) in _NUMBER_TYPES and in_range(published)):
        return None
    return Tool(tool_id, name, None if published is None else float(published))


def _bad_score(
    fields: Fields, criterion_id: str, scores: dict[str, Any], column: dict[str, int]
) -> NoReturn:
    key = f"scores.{criterion_id}"
    value = scores.get(criterion_id)
    if criterion_id not in column:
        fields.fail(
            f"scores the criterion {criterion_id!r}, which the project does not define", key
        )
    if isinstance(value, bool) or not isinstance(value, int | float):
        fields.fail(f"{describe(value)} is not a score (a number from {SCALE})", key)
    fields.fail(outside_range(f"{value:g}"), key)


def _read_answers(top: Fields) -> dict[str, str | tuple[str, ...]]:
    answers: dict[str, str | tuple[str, ...]] = {}
    section = top.mapping("answers")
    for question, value in section.items():
        if isinstance(value, str):
            answers[question] = value
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            answers[question] = tuple(value)
        else:
            top.fail(
                f"should be an option id or a list of option ids, not {describe(value)}",
                f"answers.{question}",
            )
    return answers

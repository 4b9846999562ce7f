"""Writing a project file: the workbook as canonical JSON (see meshdesk.io.project for the
format), written atomically, and the fingerprint that tells later whether it changed."""

from __future__ import annotations

import hashlib
import json
import math
import os
from typing import Any

from meshdesk.core.errors import MeshDeskError
from meshdesk.core.workbook import (
    Workbook,
)
from meshdesk.io.atomic import atomic_write_bytes
from meshdesk.io.codec import (
    facts_to_dict,
    profile_to_dict,
    sources_to_dict,
)
from meshdesk.io.guards import PROJECT_MAX_BYTES, read_limited
from meshdesk.io.project_format import PROJECT_FORMAT, SCHEMA_VERSION


def _number(value: float) -> int | float:
    """8.0 is written as 8 so files stay tidy; any other float keeps its exact repr."""
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def project_to_dict(workbook: Workbook) -> dict[str, Any]:
    m = workbook.metadata
    criteria = []
    for criterion, weight in zip(workbook.criteria, workbook.weights.tolist(), strict=True):
        record: dict[str, Any] = {"id": criterion.id, "name": criterion.name}
        if criterion.description:
            record["description"] = criterion.description
        record["weight"] = _number(weight)
        criteria.append(record)
    criterion_ids = workbook.criterion_ids
    tools = []
    for tool, row in zip(workbook.tools, workbook.scores.tolist(), strict=True):
        record = {"id": tool.id, "name": tool.name}
        if tool.published_total is not None:
            record["published_total"] = _number(tool.published_total)
        record["scores"] = {
            cid: _number(v) for cid, v in zip(criterion_ids, row, strict=True) if not math.isnan(v)
        }
        if not tool.profile.is_empty:
            record["profile"] = profile_to_dict(tool.profile)
        if tool.facts is not None:
            record["facts"] = facts_to_dict(tool.facts)
        tools.append(record)
    notes = []
    for tool_id, criterion_id, note in workbook.sorted_notes():
        entry = {"tool": tool_id, "criterion": criterion_id, "text": note.text}
        if note.source:
            entry["source"] = note.source
        if note.date:
            entry["date"] = note.date
        if note.evidence:
            entry["evidence"] = note.evidence
        notes.append(entry)
    catalogue: dict[str, Any] = {
        "features": [
            {
                "id": f.id,
                "name": f.name,
                **({"description": f.description} if f.description else {}),
            }
            for f in workbook.catalogue.features
        ],
        "sources": sources_to_dict(workbook.catalogue.sources),
    }
    if workbook.catalogue.score_source:
        catalogue["score_source"] = workbook.catalogue.score_source
    publication = {}
    if workbook.publication is not None:
        publication = {
            "publication": {
                "weights": {c: _number(w) for c, w in workbook.publication.weights.items()},
                "scores": {
                    tool: {c: _number(v) for c, v in scores.items()}
                    for tool, scores in workbook.publication.scores.items()
                },
            }
        }
    return {
        "format": PROJECT_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "metadata": {
            "title": m.title,
            "author": m.author,
            "created": m.created,
            "modified": m.modified,
            "app_version": m.app_version,
            "dataset_title": m.dataset_title,
            "dataset_as_of": m.dataset_as_of,
            "reviewers": list(m.reviewers),
        },
        "criteria": criteria,
        "tools": tools,
        "notes": notes,
        "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in workbook.answers.items()},
        **publication,
        "catalogue": catalogue,
    }


def dumps_project(workbook: Workbook) -> bytes:
    text = json.dumps(project_to_dict(workbook), indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


def save_project(workbook: Workbook, path: str | os.PathLike[str]) -> str:
    """Write the workbook atomically: a crash leaves the old file or the new one. Returns the
    fingerprint of what was written (see `fingerprint`)."""
    data = dumps_project(workbook)
    atomic_write_bytes(path, data)
    return hashlib.sha256(data).hexdigest()


def fingerprint(path: str | os.PathLike[str]) -> str | None:
    """The SHA-256 of a file's bytes, or None when it cannot be read: compared with the one
    taken at open or save, it tells whether someone else (another MeshDesk window, a sync
    tool, git) changed the file on disk since."""
    try:
        return hashlib.sha256(read_limited(path, PROJECT_MAX_BYTES, "project file")).hexdigest()
    except MeshDeskError:
        return None

"""Evidence grades from data/evidence.yaml (the scale of meshdesk.core.uncertainty)."""

from __future__ import annotations

import os
from pathlib import Path

from meshdesk.core.errors import InputError
from meshdesk.core.uncertainty import EvidenceScale, Grade
from meshdesk.io.codec import read_id
from meshdesk.io.fields import Fields
from meshdesk.io.yamlio import load_yaml_file
from meshdesk.locations import dataset_dir

EVIDENCE_FORMAT = "meshdesk-evidence"
EVIDENCE_FILE = "evidence.yaml"


def load_evidence(folder: str | os.PathLike[str] | None = None) -> EvidenceScale:
    path = Path(folder if folder is not None else dataset_dir()) / EVIDENCE_FILE
    top = Fields(
        load_yaml_file(path, "evidence file"),
        str(path),
        allowed=("format", "schema_version", "published", "judgement", "grades"),
        required=("format", "schema_version", "published", "judgement", "grades"),
    )
    if top.raw("format") != EVIDENCE_FORMAT:
        top.fail(f"should be {EVIDENCE_FORMAT!r}", "format")
    if top.integer("schema_version") != 1:
        top.fail("this MeshDesk reads schema version 1", "schema_version")
    grades = []
    for raw in top.records(
        "grades",
        allowed=("id", "name", "half_width", "description"),
        required_fields=("id", "name", "half_width"),
        required=True,
    ):
        grade_id = read_id(raw, "id", "Evidence grade")
        entry = raw.with_record(f"grade {grade_id!r}")
        grades.append(
            Grade(
                grade_id,
                entry.text("name", non_empty=True),
                entry.check_number(entry.raw("half_width"), "half_width", 0, 10),
                entry.text("description"),
            )
        )
    scale = EvidenceScale(
        tuple(grades), top.text("published", non_empty=True), top.text("judgement", non_empty=True)
    )
    try:
        return scale.check()
    except InputError as exc:
        top.fail(str(exc))

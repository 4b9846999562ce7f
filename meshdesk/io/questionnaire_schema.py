"""The shape of data/questionnaire.yaml: its format, version, and the fields each kind of
record allows and needs (read by meshdesk.io.questionnaire_reader)."""

from __future__ import annotations

import re
from typing import Final

QUESTIONNAIRE_FORMAT: Final = "meshdesk-questionnaire"
# 2: licence rules allow editions (allow_categories, allow_paid) instead of excluding a
# tool's one licence; candidate rules may cite sources
QUESTIONNAIRE_SCHEMA_VERSION: Final = 2
QUESTIONNAIRE_FILE: Final = "questionnaire.yaml"
# option ids may also hold '+' ("100+"), since they name ranges as well as things
OPTION_ID: Final = re.compile(r"^[a-z0-9][a-z0-9_+-]{0,63}$")

TOP_FIELDS: Final = (
    "format",
    "schema_version",
    "title",
    "intro",
    "shortlist",
    "memo",
    "groups",
    "questions",
    "no_mesh",
    "segments",
    "segment_rules",
    "weight_rules",
    "must_have_rules",
    "candidate_rules",
    "licence_rules",
)


Spec = tuple[tuple[str, ...], tuple[str, ...]]  # (allowed fields, required fields)

QUESTION_FIELDS: Final = (
    ("id", "kind", "title", "text", "help", "options", "default", "default_note", "max_choices"),
    ("id", "kind", "title", "text", "options", "default"),
)
GROUP_FIELDS: Final = (("id", "title", "text", "questions"), ("id", "title", "questions"))
SEGMENT_FIELDS: Final = (
    ("id", "label", "description", "candidates", "candidate_reason"),
    ("id", "label", "candidates", "candidate_reason"),
)
SEGMENT_RULE_FIELDS: Final = (("id", "when", "segment", "reason"), ("id", "segment", "reason"))
NO_MESH_FIELDS: Final = (
    ("id", "when", "alternative", "reason"),
    ("id", "when", "alternative", "reason"),
)
WEIGHT_RULE_FIELDS: Final = (
    ("id", "label", "when", "changes", "reason"),
    ("id", "label", "when", "changes", "reason"),
)
MUST_HAVE_FIELDS: Final = (
    ("id", "label", "when", "feature", "accepted", "reason"),
    ("id", "label", "when", "feature", "accepted", "reason"),
)
CANDIDATE_FIELDS: Final = (
    ("id", "when", "tools", "reason", "sources"),
    ("id", "when", "tools", "reason"),
)
LICENCE_FIELDS: Final = (
    (
        "id",
        "when",
        "allow_categories",
        "allow_paid",
        "caution_categories",
        "caution_text",
        "reason",
    ),
    ("id", "when", "reason"),
)

"""The project file's format: its name, versions, suffix and the fields of its records."""

from __future__ import annotations

PROJECT_FORMAT = "meshdesk-project"
SCHEMA_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
SUFFIX = ".meshdesk"
TOP_FIELDS = (
    "format",
    "schema_version",
    "metadata",
    "criteria",
    "tools",
    "notes",
    "answers",
    "publication",
    "catalogue",
)
METADATA_FIELDS = (
    "title",
    "author",
    "created",
    "modified",
    "app_version",
    "dataset_title",
    "dataset_as_of",
    "reviewers",
)
NOTE_FIELDS = ("tool", "criterion", "text", "source", "date", "evidence")

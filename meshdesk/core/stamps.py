"""When a project was created and last saved, and by which MeshDesk: the stamps a save or an
import puts on its metadata (the window and the command line stamp alike)."""

from __future__ import annotations

from dataclasses import replace

from meshdesk.core.workbook import Metadata


def stamped_saved(metadata: Metadata, when: str, version: str) -> Metadata:
    """The metadata a save writes: modified now, by this version; the creation time kept, or
    `when` for a project that never had one (a file from before the stamps)."""
    return replace(metadata, modified=when, app_version=version, created=metadata.created or when)


def stamped_new(metadata: Metadata, when: str) -> Metadata:
    """The metadata of a project made now (from an imported table): created and modified."""
    return replace(metadata, created=when, modified=when)

"""The created/modified stamps a save or an import puts on a project (meshdesk.core.stamps)."""

from __future__ import annotations

from meshdesk.core.stamps import stamped_new, stamped_saved
from meshdesk.core.workbook import Metadata


def test_a_save_stamps_modified_and_version_and_keeps_created() -> None:
    saved = stamped_saved(Metadata(title="T", created="2024-01-01T00:00:00"), "2025-05-05", "9.9")
    assert (saved.created, saved.modified, saved.app_version) == (
        "2024-01-01T00:00:00",
        "2025-05-05",
        "9.9",
    )
    assert saved.title == "T"


def test_a_project_without_a_creation_time_gets_the_save_time() -> None:
    assert stamped_saved(Metadata(), "2025-05-05", "9.9").created == "2025-05-05"


def test_a_new_project_is_created_and_modified_now() -> None:
    new = stamped_new(Metadata(author="A", modified="old"), "2025-05-05")
    assert (new.created, new.modified, new.author) == ("2025-05-05", "2025-05-05", "A")

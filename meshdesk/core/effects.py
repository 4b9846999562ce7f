"""What an edit is and which part of a workbook it changes.

Each command class declares its `effect` (an `Effect`), and `place(workbook)` says where it
acts in rows and columns before it applies, so a view can emit the narrowest change signal
without knowing every command type.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar, Protocol

from meshdesk.core.workbook import Workbook


class Effect(Enum):
    """The part of a workbook a command changes."""

    SCORES = "scores"  # score cells
    NOTES = "notes"  # the note of a cell
    WEIGHTS = "weights"
    TOOL = "tool"  # one tool's record (name, facts): its row stays where it is
    TOOL_ADDED = "tool added"
    TOOL_REMOVED = "tool removed"
    TOOL_MOVED = "tool moved"
    CRITERION = "criterion"  # one criterion's record (name)
    CRITERION_ADDED = "criterion added"
    CRITERION_REMOVED = "criterion removed"
    CRITERION_MOVED = "criterion moved"
    ANSWERS = "answers"
    METADATA = "metadata"
    CATALOGUE = "catalogue"  # features and sources: anything may show them
    CONTENT = "content"  # the whole workbook
    BATCH = "batch"  # the effects of the commands it holds


@dataclass(frozen=True)
class Place:
    """Where a command acts, in the rows and columns of the workbook before it applies."""

    cells: tuple[tuple[int, int], ...] = ()  # (row, column) of each cell changed
    first: int = -1  # the row or column inserted, removed, moved or updated
    target: int = -1  # where a moved row or column goes


class Command(Protocol):
    effect: ClassVar[Effect]

    @property
    def label(self) -> str:
        """Short text for the undo history ("Edit score", "Add tool <name>")."""
        ...

    def apply(self, workbook: Workbook) -> Command:
        """Perform the edit and return its inverse; raise InputError before changing anything."""
        ...

    def place(self, workbook: Workbook) -> Place:
        """Where the edit acts (indices before it applies)."""
        ...


class Edit:
    """Base of the command classes: an edit that acts on no particular row or column."""

    __slots__ = ()

    def place(self, workbook: Workbook) -> Place:
        return Place()

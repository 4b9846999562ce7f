"""Edits to a workbook as small immutable commands.

`command.apply(workbook)` checks the whole edit first, then performs it and returns the
command that undoes it. A command that cannot be applied raises InputError and leaves the
workbook untouched, so a paste of a block with one bad cell changes nothing. Each command
class declares its `effect` (meshdesk.core.effects), which tells a view what to refresh. The
Qt undo stack is a thin wrapper around these (see meshdesk.ui.document).

The commands live in data_commands (content) and structure_commands (rows and columns);
this module is the one place callers import them from.
"""

from meshdesk.core.command_text import DEFAULT_SCORES_TEXT, DEFAULT_WEIGHTS_TEXT, describe
from meshdesk.core.data_commands import (
    Batch,
    CellKey,
    ReplaceContent,
    SetAnswers,
    SetCatalogue,
    SetMetadata,
    SetNote,
    SetScores,
    SetWeights,
)
from meshdesk.core.effects import Command, Effect, Place
from meshdesk.core.structure_commands import (
    AddCriterion,
    AddTool,
    MoveCriterion,
    MoveTool,
    RemoveCriterion,
    RemoveTool,
    UpdateCriterion,
    UpdateTool,
)

__all__ = [
    "DEFAULT_SCORES_TEXT",
    "DEFAULT_WEIGHTS_TEXT",
    "AddCriterion",
    "AddTool",
    "Batch",
    "CellKey",
    "Command",
    "Effect",
    "MoveCriterion",
    "MoveTool",
    "Place",
    "RemoveCriterion",
    "RemoveTool",
    "ReplaceContent",
    "SetAnswers",
    "SetCatalogue",
    "SetMetadata",
    "SetNote",
    "SetScores",
    "SetWeights",
    "UpdateCriterion",
    "UpdateTool",
    "describe",
]

"""The undo-history text of a command: what changed, named ("Alpha, Security: 8 -> 9")."""

from __future__ import annotations

import math

import numpy as np

from meshdesk.core.data_commands import Batch, SetMetadata, SetNote, SetScores, SetWeights
from meshdesk.core.effects import Command
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
from meshdesk.core.workbook import Metadata, Workbook

# A label names what changed ("Alpha, Security: 8 -> 9"), which the command alone cannot: it
# holds ids and new values only. `describe` reads the names from the workbook and the old
# values from the inverse, after the command applied, so a merged run of edits of one cell
# (first inverse, last command) is described as one change.

DEFAULT_SCORES_TEXT = SetScores.text
DEFAULT_WEIGHTS_TEXT = SetWeights.text


def _number(value: float) -> str:
    """A score or weight as typed: every digit it has, no trailing zeros (8.0 -> "8")."""
    if math.isnan(value):
        return "not scored"
    return str(np.format_float_positional(value, trim="-"))


def _tool_name(workbook: Workbook, tool_id: str) -> str:
    return workbook.tool(tool_id).name if workbook.has_tool(tool_id) else tool_id


def _criterion_name(workbook: Workbook, criterion_id: str) -> str:
    return (
        workbook.criterion(criterion_id).name
        if workbook.has_criterion(criterion_id)
        else criterion_id
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _direction(before: int, after: int, back: str, forward: str) -> str:
    return forward if after > before else back


def describe(command: Command, inverse: Command, workbook: Workbook) -> str:
    """The undo-history text of `command`, applied to `workbook` with `inverse` as its undo."""
    match command, inverse:
        case SetScores(changes=((tool_id, criterion_id, new),)), SetScores(changes=((_, _, old),)):
            tool, criterion = _tool_name(workbook, tool_id), _criterion_name(workbook, criterion_id)
            return f"{tool}, {criterion}: {_number(old)} -> {_number(new)}"
        case SetScores(changes=changes, text=text), _:
            return f"Edit {_count(len(changes), 'score')}" if text == DEFAULT_SCORES_TEXT else text
        case SetWeights(weights=((criterion_id, new),)), SetWeights(weights=((_, old),)):
            name = _criterion_name(workbook, criterion_id)
            return f"Weight of {name}: {_number(old)} -> {_number(new)}"
        case SetWeights(weights=weights, text=text), _:
            return (
                f"Change {_count(len(weights), 'weight')}" if text == DEFAULT_WEIGHTS_TEXT else text
            )
        case SetNote(tool_id=tool_id, criterion_id=criterion_id, note=note), SetNote(note=old):
            where = f"{_tool_name(workbook, tool_id)}, {_criterion_name(workbook, criterion_id)}"
            removed = note is None or note.is_empty
            if removed:
                return f"Remove the note on {where}"
            return f"{'Edit' if old is not None else 'Add'} the note on {where}"
        case UpdateTool(tool=tool, text=text), UpdateTool(tool=old):
            if tool.name != old.name:
                return f"Rename tool {old.name} -> {tool.name}"
            return f"Edit tool {tool.name}" if text == UpdateTool.text else text
        case UpdateCriterion(criterion=criterion, text=text), UpdateCriterion(criterion=old):
            if criterion.name != old.name:
                return f"Rename criterion {old.name} -> {criterion.name}"
            return f"Edit criterion {criterion.name}" if text == UpdateCriterion.text else text
        case RemoveTool(), AddTool(tool=tool):
            return f"Delete tool {tool.name}"
        case RemoveCriterion(), AddCriterion(criterion=criterion):
            return f"Delete criterion {criterion.name}"
        case AddCriterion(criterion=criterion, weight=weight), _:
            return f"Add criterion {criterion.name} (weight {_number(weight)})"
        case MoveTool(tool_id=tool_id, to_index=to), MoveTool(to_index=source):
            way = _direction(source, to, "up", "down")
            return f"Move tool {_tool_name(workbook, tool_id)} {way} (to row {to + 1})"
        case MoveCriterion(criterion_id=criterion_id, to_index=to), MoveCriterion(to_index=source):
            way = _direction(source, to, "left", "right")
            name = _criterion_name(workbook, criterion_id)
            return f"Move criterion {name} {way} (to column {to + 1})"
        case SetMetadata(metadata=metadata, text=text), SetMetadata(metadata=old):
            if text != SetMetadata.text:
                return text
            changed = [
                f.replace("_", " ")
                for f in Metadata.__dataclass_fields__
                if getattr(metadata, f) != getattr(old, f)
            ]
            return f"Edit document properties: {', '.join(changed)}" if changed else text
        case Batch(commands=(SetScores(changes=(_,)) as only,)), Batch(commands=(undo,)):
            return describe(only, undo, workbook)  # a paste into one cell: old -> new
    return command.label

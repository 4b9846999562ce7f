"""Edits to a workbook as small immutable commands.

`command.apply(workbook)` checks the whole edit first, then performs it and returns the
command that undoes it. A command that cannot be applied raises InputError and leaves the
workbook untouched, so a paste of a block with one bad cell changes nothing. The Qt undo
stack is a thin wrapper around these (see meshdesk.ui.undo).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from meshdesk.core.errors import InputError
from meshdesk.core.workbook import (
    NAME_MAX,
    Answers,
    Catalogue,
    CellNote,
    Criterion,
    Metadata,
    Tool,
    Workbook,
    check_id,
    check_metadata,
    check_note,
    check_score,
    check_text,
    check_weight,
)


def _check_tool_name(workbook: Workbook, tool: Tool) -> None:
    """A tool name: not empty, not too long, and not another tool's (ignoring case)."""
    check_text(tool.name, NAME_MAX, "A tool name", required=True, single_line=True, name=True)
    other = workbook.tool_named(tool.name)
    if other is not None and other.id != tool.id:
        raise InputError(f"There is already a tool named {other.name!r}.")


def _check_criterion_name(workbook: Workbook, criterion: Criterion) -> None:
    check_text(
        criterion.name, NAME_MAX, "A criterion name", required=True, single_line=True, name=True
    )
    other = workbook.criterion_named(criterion.name)
    if other is not None and other.id != criterion.id:
        raise InputError(f"There is already a criterion named {other.name!r}.")


class Command(Protocol):
    @property
    def label(self) -> str:
        """Short text for the undo history ("Edit score", "Add tool <name>")."""
        ...

    def apply(self, workbook: Workbook) -> Command:
        """Perform the edit and return its inverse; raise InputError before changing anything."""
        ...


CellKey = tuple[str, str]


@dataclass(frozen=True)
class SetScores:
    """Set one or many score cells; NaN clears a cell to "not scored"."""

    changes: tuple[tuple[str, str, float], ...]
    text: str = "Edit score"

    @property
    def label(self) -> str:
        return self.text

    def apply(self, workbook: Workbook) -> SetScores:
        rows, cols, values = [], [], []
        for tool_id, criterion_id, value in self.changes:
            rows.append(workbook.tool_row(tool_id))
            cols.append(workbook.criterion_col(criterion_id))
            values.append(check_score(value, f"Score of {tool_id!r} on {criterion_id!r}"))
        r, c = np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)
        old = workbook.scores[r, c].tolist()
        workbook.scores[r, c] = values
        inverse = tuple((t, k, o) for (t, k, _), o in zip(self.changes, old, strict=True))
        return SetScores(tuple(reversed(inverse)), self.text)

    def cells(self) -> set[CellKey]:
        return {(t, c) for t, c, _ in self.changes}


@dataclass(frozen=True)
class SetWeights:
    weights: tuple[tuple[str, float], ...]
    text: str = "Change weights"

    @property
    def label(self) -> str:
        return self.text

    def apply(self, workbook: Workbook) -> SetWeights:
        cols = [workbook.criterion_col(cid) for cid, _ in self.weights]
        values = [check_weight(w, f"Weight of {cid!r}") for cid, w in self.weights]
        old = tuple(
            (cid, float(workbook.weights[j]))
            for (cid, _), j in zip(self.weights, cols, strict=True)
        )
        workbook.weights[cols] = values
        return SetWeights(old, self.text)

    @staticmethod
    def from_mapping(weights: Mapping[str, float], text: str = "Change weights") -> SetWeights:
        return SetWeights(tuple(weights.items()), text)


@dataclass(frozen=True)
class SetNote:
    """Attach, replace or (with `note=None`) remove the note of one cell."""

    tool_id: str
    criterion_id: str
    note: CellNote | None
    text: str = "Edit note"

    @property
    def label(self) -> str:
        return self.text

    def apply(self, workbook: Workbook) -> SetNote:
        workbook.tool_row(self.tool_id)
        workbook.criterion_col(self.criterion_id)
        if self.note is not None:
            check_note(self.note)
        key = (self.tool_id, self.criterion_id)
        old = workbook.notes.get(key)
        if self.note is None or self.note.is_empty:
            workbook.notes.pop(key, None)
        else:
            workbook.notes[key] = self.note
        return SetNote(self.tool_id, self.criterion_id, old, self.text)


@dataclass(frozen=True)
class AddTool:
    """Insert a tool at `index` with optional scores (criterion id -> score) and notes."""

    tool: Tool
    index: int | None = None
    scores: tuple[tuple[str, float], ...] = ()
    notes: tuple[tuple[str, CellNote], ...] = ()

    @property
    def label(self) -> str:
        return f"Add tool {self.tool.name}"

    def apply(self, workbook: Workbook) -> RemoveTool:
        check_id(self.tool.id, "Tool")
        if workbook.has_tool(self.tool.id):
            raise InputError(f"A tool with the id {self.tool.id!r} already exists.")
        _check_tool_name(workbook, self.tool)
        row = np.full(len(workbook.criteria), np.nan)
        for cid, value in self.scores:
            row[workbook.criterion_col(cid)] = check_score(
                value, f"Score of {self.tool.id!r} on {cid!r}"
            )
        for cid, note in self.notes:
            workbook.criterion_col(cid)
            check_note(note)
        index = len(workbook.tools) if self.index is None else self.index
        if not 0 <= index <= len(workbook.tools):
            raise InputError(f"Cannot insert a tool at position {index + 1}.")
        tools = list(workbook.tools)
        tools.insert(index, self.tool)
        workbook.scores = np.insert(workbook.scores, index, row, axis=0)
        workbook._set_structure(tools, workbook.criteria)
        for cid, note in self.notes:
            workbook.notes[(self.tool.id, cid)] = note
        return RemoveTool(self.tool.id)


@dataclass(frozen=True)
class RemoveTool:
    tool_id: str

    @property
    def label(self) -> str:
        return f"Delete tool {self.tool_id}"

    def apply(self, workbook: Workbook) -> AddTool:
        index = workbook.tool_row(self.tool_id)
        tool = workbook.tools[index]
        row = workbook.scores[index]
        scores = tuple(
            (c.id, float(v))
            for c, v in zip(workbook.criteria, row, strict=True)
            if not math.isnan(v)
        )
        notes = tuple(
            (cid, note) for (tid, cid), note in workbook.notes.items() if tid == self.tool_id
        )
        for cid, _ in notes:
            del workbook.notes[(self.tool_id, cid)]
        tools = list(workbook.tools)
        del tools[index]
        workbook.scores = np.delete(workbook.scores, index, axis=0)
        workbook._set_structure(tools, workbook.criteria)
        return AddTool(tool, index, scores, notes)


@dataclass(frozen=True)
class UpdateTool:
    """Replace a tool's descriptive record (rename, edit facts); the id stays the same."""

    tool: Tool
    text: str = "Rename tool"

    @property
    def label(self) -> str:
        return self.text

    def apply(self, workbook: Workbook) -> UpdateTool:
        index = workbook.tool_row(self.tool.id)
        _check_tool_name(workbook, self.tool)
        old = workbook.tools[index]
        tools = list(workbook.tools)
        tools[index] = self.tool
        workbook._set_structure(tools, workbook.criteria)
        return UpdateTool(old, self.text)


@dataclass(frozen=True)
class MoveTool:
    tool_id: str
    to_index: int

    @property
    def label(self) -> str:
        return "Move tool"

    def apply(self, workbook: Workbook) -> MoveTool:
        source = workbook.tool_row(self.tool_id)
        if not 0 <= self.to_index < len(workbook.tools):
            raise InputError(f"Cannot move a tool to position {self.to_index + 1}.")
        order = list(range(len(workbook.tools)))
        order.insert(self.to_index, order.pop(source))
        workbook.scores = workbook.scores[order]
        workbook._set_structure([workbook.tools[i] for i in order], workbook.criteria)
        return MoveTool(self.tool_id, source)


@dataclass(frozen=True)
class AddCriterion:
    """Insert a criterion column with a weight and optional scores (tool id -> score)."""

    criterion: Criterion
    weight: float = 0.0
    index: int | None = None
    scores: tuple[tuple[str, float], ...] = ()
    notes: tuple[tuple[str, CellNote], ...] = ()

    @property
    def label(self) -> str:
        return f"Add criterion {self.criterion.name}"

    def apply(self, workbook: Workbook) -> RemoveCriterion:
        check_id(self.criterion.id, "Criterion")
        if workbook.has_criterion(self.criterion.id):
            raise InputError(f"A criterion with the id {self.criterion.id!r} already exists.")
        _check_criterion_name(workbook, self.criterion)
        weight = check_weight(self.weight, f"Weight of {self.criterion.id!r}")
        column = np.full(len(workbook.tools), np.nan)
        for tid, value in self.scores:
            column[workbook.tool_row(tid)] = check_score(
                value, f"Score of {tid!r} on {self.criterion.id!r}"
            )
        for tid, note in self.notes:
            workbook.tool_row(tid)
            check_note(note)
        index = len(workbook.criteria) if self.index is None else self.index
        if not 0 <= index <= len(workbook.criteria):
            raise InputError(f"Cannot insert a criterion at position {index + 1}.")
        criteria = list(workbook.criteria)
        criteria.insert(index, self.criterion)
        workbook.scores = np.insert(workbook.scores, index, column, axis=1)
        workbook.weights = np.insert(workbook.weights, index, weight)
        workbook._set_structure(workbook.tools, criteria)
        for tid, note in self.notes:
            workbook.notes[(tid, self.criterion.id)] = note
        return RemoveCriterion(self.criterion.id)


@dataclass(frozen=True)
class RemoveCriterion:
    criterion_id: str

    @property
    def label(self) -> str:
        return f"Delete criterion {self.criterion_id}"

    def apply(self, workbook: Workbook) -> AddCriterion:
        index = workbook.criterion_col(self.criterion_id)
        criterion = workbook.criteria[index]
        column = workbook.scores[:, index]
        scores = tuple(
            (t.id, float(v))
            for t, v in zip(workbook.tools, column, strict=True)
            if not math.isnan(v)
        )
        notes = tuple(
            (tid, note) for (tid, cid), note in workbook.notes.items() if cid == self.criterion_id
        )
        for tid, _ in notes:
            del workbook.notes[(tid, self.criterion_id)]
        weight = float(workbook.weights[index])
        criteria = list(workbook.criteria)
        del criteria[index]
        workbook.scores = np.delete(workbook.scores, index, axis=1)
        workbook.weights = np.delete(workbook.weights, index)
        workbook._set_structure(workbook.tools, criteria)
        return AddCriterion(criterion, weight, index, scores, notes)


@dataclass(frozen=True)
class UpdateCriterion:
    criterion: Criterion
    text: str = "Rename criterion"

    @property
    def label(self) -> str:
        return self.text

    def apply(self, workbook: Workbook) -> UpdateCriterion:
        index = workbook.criterion_col(self.criterion.id)
        _check_criterion_name(workbook, self.criterion)
        old = workbook.criteria[index]
        criteria = list(workbook.criteria)
        criteria[index] = self.criterion
        workbook._set_structure(workbook.tools, criteria)
        return UpdateCriterion(old, self.text)


@dataclass(frozen=True)
class MoveCriterion:
    criterion_id: str
    to_index: int

    @property
    def label(self) -> str:
        return "Move criterion"

    def apply(self, workbook: Workbook) -> MoveCriterion:
        source = workbook.criterion_col(self.criterion_id)
        if not 0 <= self.to_index < len(workbook.criteria):
            raise InputError(f"Cannot move a criterion to position {self.to_index + 1}.")
        order = list(range(len(workbook.criteria)))
        order.insert(self.to_index, order.pop(source))
        workbook.scores = workbook.scores[:, order]
        workbook.weights = workbook.weights[order]
        workbook._set_structure(workbook.tools, [workbook.criteria[j] for j in order])
        return MoveCriterion(self.criterion_id, source)


@dataclass(frozen=True)
class SetAnswers:
    answers: Answers
    text: str = "Store questionnaire answers"

    @property
    def label(self) -> str:
        return self.text

    def apply(self, workbook: Workbook) -> SetAnswers:
        old = dict(workbook.answers)
        workbook.answers = dict(self.answers)
        return SetAnswers(old, self.text)


@dataclass(frozen=True)
class SetMetadata:
    metadata: Metadata
    text: str = "Edit document properties"

    @property
    def label(self) -> str:
        return self.text

    def apply(self, workbook: Workbook) -> SetMetadata:
        check_metadata(self.metadata)
        old = workbook.metadata
        workbook.metadata = self.metadata
        return SetMetadata(old, self.text)


@dataclass(frozen=True)
class SetCatalogue:
    """Replace the reference material facts point into (features and sources)."""

    catalogue: Catalogue
    text: str = "Update the catalogue"

    @property
    def label(self) -> str:
        return self.text

    def apply(self, workbook: Workbook) -> SetCatalogue:
        old = workbook.catalogue
        workbook.catalogue = self.catalogue
        return SetCatalogue(old, self.text)


@dataclass(frozen=True)
class ReplaceContent:
    """Swap the whole content for another workbook's (an import applied in place)."""

    content: Workbook = field(compare=False)
    text: str = "Import"

    @property
    def label(self) -> str:
        return self.text

    def apply(self, workbook: Workbook) -> ReplaceContent:
        self.content.validate()
        old = workbook.copy()
        workbook.assign_from(self.content)
        return ReplaceContent(old, self.text)


@dataclass(frozen=True)
class Batch:
    """Several commands as one edit: all of them apply, or none does."""

    commands: tuple[Command, ...]
    text: str = "Edit"

    @property
    def label(self) -> str:
        return self.text

    def apply(self, workbook: Workbook) -> Batch:
        inverses: list[Command] = []
        try:
            for command in self.commands:
                inverses.append(command.apply(workbook))
        except InputError:
            for inverse in reversed(inverses):
                inverse.apply(workbook)
            raise
        return Batch(tuple(reversed(inverses)), self.text)


# --- undo-history text ------------------------------------------------------------------------
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

"""Edits of a workbook's structure: add, remove, rename and move tools and criteria (see
meshdesk.core.commands)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from meshdesk.core.effects import Edit, Effect, Place
from meshdesk.core.errors import InputError
from meshdesk.core.score_rule import check_score
from meshdesk.core.workbook import (
    NAME_MAX,
    CellNote,
    Criterion,
    Tool,
    Workbook,
    check_id,
    check_note,
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


@dataclass(frozen=True)
class AddTool(Edit):
    """Insert a tool at `index` with optional scores (criterion id -> score) and notes."""

    effect: ClassVar[Effect] = Effect.TOOL_ADDED

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

    def place(self, workbook: Workbook) -> Place:
        return Place(first=len(workbook.tools) if self.index is None else self.index)


@dataclass(frozen=True)
class RemoveTool(Edit):
    effect: ClassVar[Effect] = Effect.TOOL_REMOVED

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

    def place(self, workbook: Workbook) -> Place:
        return Place(first=workbook.tool_row(self.tool_id))


@dataclass(frozen=True)
class UpdateTool(Edit):
    """Replace a tool's descriptive record (rename, edit facts); the id stays the same."""

    effect: ClassVar[Effect] = Effect.TOOL

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

    def place(self, workbook: Workbook) -> Place:
        return Place(first=workbook.tool_row(self.tool.id))


@dataclass(frozen=True)
class MoveTool(Edit):
    effect: ClassVar[Effect] = Effect.TOOL_MOVED

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

    def place(self, workbook: Workbook) -> Place:
        return Place(first=workbook.tool_row(self.tool_id), target=self.to_index)


@dataclass(frozen=True)
class AddCriterion(Edit):
    """Insert a criterion column with a weight and optional scores (tool id -> score)."""

    effect: ClassVar[Effect] = Effect.CRITERION_ADDED

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

    def place(self, workbook: Workbook) -> Place:
        return Place(first=len(workbook.criteria) if self.index is None else self.index)


@dataclass(frozen=True)
class RemoveCriterion(Edit):
    effect: ClassVar[Effect] = Effect.CRITERION_REMOVED

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

    def place(self, workbook: Workbook) -> Place:
        return Place(first=workbook.criterion_col(self.criterion_id))


@dataclass(frozen=True)
class UpdateCriterion(Edit):
    effect: ClassVar[Effect] = Effect.CRITERION

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

    def place(self, workbook: Workbook) -> Place:
        return Place(first=workbook.criterion_col(self.criterion.id))


@dataclass(frozen=True)
class MoveCriterion(Edit):
    effect: ClassVar[Effect] = Effect.CRITERION_MOVED

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

    def place(self, workbook: Workbook) -> Place:
        return Place(first=workbook.criterion_col(self.criterion_id), target=self.to_index)

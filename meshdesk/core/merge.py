"""Bring an imported score table into an open workbook without losing anything.

File > Import Scores merges; it never replaces (File > Open of the table does that):

- rows are matched to the workbook's tools by name (ignoring case and surrounding spaces),
  columns to its criteria by name (or id);
- a matched cell with a value updates the score; an empty cell leaves the score as it is
  (an empty cell says nothing, and clearing is one Delete away in the window);
- a row nobody knows becomes a new tool, a column nobody knows a new criterion (weight from
  the file when the file states weights, else 0, so that existing totals do not move);
- weights the file states (an Excel export's Weights sheet) update the matched criteria;
- notes in the file are added or replace the note of their cell;
- nothing absent from the file is deleted: tools, criteria, notes, facts, answers and the
  project's metadata stay.

The result is one command (one undo step) and a summary of what it changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from meshdesk.core.commands import (
    AddCriterion,
    AddTool,
    Batch,
    Command,
    SetNote,
    SetScores,
    SetWeights,
)
from meshdesk.core.ids import IdAllocator
from meshdesk.core.workbook import CellNote, Criterion, Tool, Workbook, make_id


@dataclass(frozen=True)
class MergeSummary:
    scores_changed: int
    tools_updated: int  # matched tools with at least one changed score
    tools_added: tuple[str, ...]  # names
    criteria_added: tuple[str, ...]
    weights_changed: int
    notes_changed: int
    rows_matched: int

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.scores_changed
            or self.tools_added
            or self.criteria_added
            or self.weights_changed
            or self.notes_changed
        )

    def describe(self, source: str) -> str:
        """One plain sentence (or two) for the status bar."""
        if not self.changes_anything:
            return (
                f"{source} matched {self.rows_matched} tool(s) and changes nothing: every "
                "score in it is already in the workbook."
            )
        parts = [
            f"{self.scores_changed} score{'s' if self.scores_changed != 1 else ''} "
            f"changed on {self.tools_updated} tool{'s' if self.tools_updated != 1 else ''}"
        ]
        if self.tools_added:
            parts.append(f"{_count(self.tools_added, 'tool')} added ({_listed(self.tools_added)})")
        if self.criteria_added:
            parts.append(
                f"{_count(self.criteria_added, 'criterion', 'criteria')} added "
                f"({_listed(self.criteria_added)})"
            )
        if self.weights_changed:
            parts.append(
                f"{self.weights_changed} weight{'s' if self.weights_changed != 1 else ''} changed"
            )
        if self.notes_changed:
            parts.append(
                f"{self.notes_changed} note{'s' if self.notes_changed != 1 else ''} "
                "added or changed"
            )
        return (
            f"Imported {source}: {'; '.join(parts)}. Nothing was deleted; Undo restores the "
            "previous state."
        )


def _count(items: tuple[str, ...], one: str, many: str | None = None) -> str:
    return f"{len(items)} {one if len(items) == 1 else (many or one + 's')}"


def _listed(names: tuple[str, ...], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _key(name: str) -> str:
    return name.strip().casefold()


@dataclass
class _Plan:
    """The steps of a merge as they are worked out, and the mapping of the file's ids."""

    current: Workbook
    imported: Workbook
    label: str
    criterion_of: dict[str, str] = field(default_factory=dict)  # file id -> workbook id
    tool_of: dict[str, str] = field(default_factory=dict)
    steps: list[Command] = field(default_factory=list)
    criteria_added: list[str] = field(default_factory=list)
    tools_added: list[AddTool] = field(default_factory=list)
    updated: set[str] = field(default_factory=set)
    changed_cells: int = 0
    rows_matched: int = 0
    weights_changed: int = 0
    notes_changed: int = 0

    def criteria(self, weights_given: bool) -> None:
        """Matched criteria map to the workbook's id; the others are added (weight 0 unless
        the file states one), after the existing ones."""
        by_name = {_key(c.name): c for c in self.current.criteria}
        by_id = {c.id: c for c in self.current.criteria}
        weights = self.imported.weights_by_id()
        taken = IdAllocator(self.current.criterion_ids)
        for criterion in self.imported.criteria:
            known = by_name.get(_key(criterion.name)) or by_id.get(criterion.id)
            if known is not None:
                self.criterion_of[criterion.id] = known.id
                continue
            cid = criterion.id if criterion.id not in taken else make_id(criterion.name, taken)
            taken.add(cid)
            self.criterion_of[criterion.id] = cid
            weight = weights[criterion.id] if weights_given else 0.0
            self.steps.append(
                AddCriterion(Criterion(cid, criterion.name, criterion.description), weight)
            )
            self.criteria_added.append(criterion.name)

    def rows(self) -> None:
        """Matched rows update the scores they have; other rows become new tools."""
        by_name = {_key(t.name): t for t in self.current.tools}
        taken = IdAllocator(self.current.tool_ids)
        changes: list[tuple[str, str, float]] = []
        imported = self.imported
        for row, tool in enumerate(imported.tools):
            values = {
                self.criterion_of[c.id]: float(v)
                for c, v in zip(imported.criteria, imported.scores[row], strict=True)
                if not math.isnan(v)
            }
            known = by_name.get(_key(tool.name))
            if known is None:
                tid = tool.id if tool.id not in taken else make_id(tool.name, taken)
                taken.add(tid)
                self.tool_of[tool.id] = tid
                added = Tool(tid, tool.name.strip(), tool.published_total, tool.profile, tool.facts)
                self.tools_added.append(AddTool(added, scores=tuple(values.items())))
                continue
            self.rows_matched += 1
            self.tool_of[tool.id] = known.id
            for cid, value in values.items():
                old = (
                    self.current.score(known.id, cid)
                    if self.current.has_criterion(cid)
                    else math.nan
                )
                if math.isnan(old) or abs(old - value) > 1e-12:
                    changes.append((known.id, cid, value))
                    self.updated.add(known.id)
        self.steps += self.tools_added
        self.changed_cells = len(changes) + sum(len(t.scores) for t in self.tools_added)
        if changes:
            self.steps.append(SetScores(tuple(changes), self.label))

    def weights(self) -> None:
        """Weights the file states, for the criteria the workbook already has."""
        stated = self.imported.weights_by_id()
        moves = [
            (self.criterion_of[cid], weight)
            for cid, weight in stated.items()
            if self.current.has_criterion(self.criterion_of[cid])
            and self.current.weight(self.criterion_of[cid]) != weight
        ]
        if moves:
            self.steps.append(SetWeights(tuple(moves), self.label))
        self.weights_changed = len(moves)

    def notes(self) -> None:
        for (tool_id, criterion_id), note in self.imported.notes.items():
            key = (self.tool_of[tool_id], self.criterion_of[criterion_id])
            if self.current.notes.get(key) != note:
                self.steps.append(SetNote(*key, CellNote(*note), self.label))
                self.notes_changed += 1


def merge(
    current: Workbook,
    imported: Workbook,
    *,
    weights_given: bool,
    label: str = "Import",
) -> tuple[Command, MergeSummary]:
    """The command that merges `imported` into `current` (see the module docstring)."""
    plan = _Plan(current, imported, label)
    plan.criteria(weights_given)
    plan.rows()
    if weights_given:
        plan.weights()
    plan.notes()
    summary = MergeSummary(
        scores_changed=plan.changed_cells,
        tools_updated=len(plan.updated),
        tools_added=tuple(t.tool.name for t in plan.tools_added),
        criteria_added=tuple(plan.criteria_added),
        weights_changed=plan.weights_changed,
        notes_changed=plan.notes_changed,
        rows_matched=plan.rows_matched,
    )
    return Batch(tuple(plan.steps), label), summary


def adopt_known_tools(workbook: Workbook, reference: Workbook) -> Workbook:
    """Give imported tools that `reference` knows by name (ignoring case) its profile and
    facts; tools it does not know stay as they are (no facts: never taken as maintained)."""
    adopted = []
    for tool in workbook.tools:
        known = reference.tool_named(tool.name)
        if known is not None and tool.facts is None:
            adopted.append(replace(tool, profile=known.profile, facts=known.facts))
        else:
            adopted.append(tool)
    if any(t.facts is not None for t in adopted):
        workbook.catalogue = reference.catalogue
    workbook.tools = adopted
    return workbook

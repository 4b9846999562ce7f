"""Edits of a workbook's content: scores, weights, notes, answers, properties, catalogue, all
of it at once, and a batch of edits as one (see meshdesk.core.commands)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from meshdesk.core.effects import Command, Edit, Effect, Place
from meshdesk.core.errors import InputError
from meshdesk.core.score_rule import check_score
from meshdesk.core.workbook import (
    Answers,
    Catalogue,
    CellNote,
    Metadata,
    Workbook,
    check_metadata,
    check_note,
    check_weight,
)

CellKey = tuple[str, str]


@dataclass(frozen=True)
class SetScores(Edit):
    """Set one or many score cells; NaN clears a cell to "not scored"."""

    effect: ClassVar[Effect] = Effect.SCORES

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

    def place(self, workbook: Workbook) -> Place:
        return Place(
            tuple((workbook.tool_row(t), workbook.criterion_col(c)) for t, c, _ in self.changes)
        )


@dataclass(frozen=True)
class SetWeights(Edit):
    effect: ClassVar[Effect] = Effect.WEIGHTS

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
class SetNote(Edit):
    """Attach, replace or (with `note=None`) remove the note of one cell."""

    effect: ClassVar[Effect] = Effect.NOTES

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

    def place(self, workbook: Workbook) -> Place:
        return Place(
            ((workbook.tool_row(self.tool_id), workbook.criterion_col(self.criterion_id)),)
        )


@dataclass(frozen=True)
class SetAnswers(Edit):
    effect: ClassVar[Effect] = Effect.ANSWERS

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
class SetMetadata(Edit):
    effect: ClassVar[Effect] = Effect.METADATA

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
class SetCatalogue(Edit):
    """Replace the reference material facts point into (features and sources)."""

    effect: ClassVar[Effect] = Effect.CATALOGUE

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
class ReplaceContent(Edit):
    """Swap the whole content for another workbook's (an import applied in place)."""

    effect: ClassVar[Effect] = Effect.CONTENT

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
class Batch(Edit):
    """Several commands as one edit: all of them apply, or none does."""

    effect: ClassVar[Effect] = Effect.BATCH

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

"""The open document: a workbook, its undo stack, its file and its current ranking.

Every edit goes through `Document.push(command)`: it becomes a QUndoCommand that applies the
core command (which returns its inverse) and tells the views precisely what changed, so the
grid can emit the narrowest `dataChanged` or row/column insert instead of a reset.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from meshdesk.core import commands as cmd
from meshdesk.core.errors import InputError, ScoringError
from meshdesk.core.publication import source_matrix, totals_as_published
from meshdesk.core.scoring import PreparedScores, Ranking
from meshdesk.core.workbook import FloatArray, Workbook


@dataclass(frozen=True)
class Effect:
    """What a command is about to change, worked out before it is applied."""

    kind: str  # cells | weights | tool | insert_row | remove_row | move_row | insert_col |
    #            remove_col | move_col | criterion | answers | metadata | reset
    cells: tuple[tuple[int, int], ...] = ()
    first: int = -1
    target: int = -1
    parts: tuple[Effect, ...] = ()  # kind "multi": several non-structural effects


# the signal each kind of command's effect calls for (a batch: its commands')
_KIND: dict[cmd.Effect, str] = {
    cmd.Effect.SCORES: "cells",
    cmd.Effect.NOTES: "cells",
    cmd.Effect.WEIGHTS: "weights",
    cmd.Effect.TOOL: "tool",
    cmd.Effect.TOOL_ADDED: "insert_row",
    cmd.Effect.TOOL_REMOVED: "remove_row",
    cmd.Effect.TOOL_MOVED: "move_row",
    cmd.Effect.CRITERION: "criterion",
    cmd.Effect.CRITERION_ADDED: "insert_col",
    cmd.Effect.CRITERION_REMOVED: "remove_col",
    cmd.Effect.CRITERION_MOVED: "move_col",
    cmd.Effect.ANSWERS: "answers",
    cmd.Effect.METADATA: "metadata",
    cmd.Effect.CATALOGUE: "reset",
    cmd.Effect.CONTENT: "reset",
}
_SIDE_EFFECTS = frozenset((cmd.Effect.WEIGHTS, cmd.Effect.ANSWERS, cmd.Effect.METADATA))
_CELL_EFFECTS = frozenset((cmd.Effect.SCORES, cmd.Effect.NOTES, cmd.Effect.TOOL))


def effect_of(command: cmd.Command, wb: Workbook) -> Effect:
    """Describe a command's effect on rows and columns (indices before it applies), from the
    effect its class declares."""
    if isinstance(command, cmd.Batch):
        kinds = {child.effect for child in command.commands}
        if kinds <= _SIDE_EFFECTS:
            return Effect("multi", parts=tuple(effect_of(c, wb) for c in command.commands))
        if kinds <= _CELL_EFFECTS:
            touched: list[tuple[int, int]] = []
            for child in command.commands:
                child_effect = effect_of(child, wb)
                if child_effect.kind == "tool":
                    touched.append((child_effect.first, -1))  # -1: the name column
                else:
                    touched.extend(child_effect.cells)
            return Effect("cells", tuple(touched))
        return Effect("reset")
    place = command.place(wb)
    return Effect(_KIND[command.effect], place.cells, place.first, place.target)


STRUCTURAL = frozenset(
    ("insert_row", "remove_row", "move_row", "insert_col", "remove_col", "move_col")
)


class CoreCommand(QUndoCommand):
    """A QUndoCommand around a core command: redo applies it, undo applies its inverse.

    Document.push applies the command before pushing it (a refused edit must not touch the
    stack: QUndoStack.push drops the redo history first), so the first redo() only records."""

    def __init__(
        self,
        document: Document,
        command: cmd.Command,
        inverse: cmd.Command,
        merge_key: object = None,
    ) -> None:
        super().__init__()
        self._document = document
        self._forward: cmd.Command = command
        self._backward: cmd.Command = inverse
        self._merge_key = merge_key
        self._applied = True
        self._describe()

    def _describe(self) -> None:
        """Name the change ("Istio, Security: 8 -> 9"): the first state and the last edit."""
        label = cmd.describe(self._forward, self._backward, self._document.workbook)
        # "text\naction text" (QUndoCommand.setText): the history view shows the text as it
        # is; the Undo and Redo menu items read "&" as a mnemonic, so it is doubled there
        self.setText(f"{label}\n{label.replace('&', '&&')}")

    def redo(self) -> None:
        if self._applied:  # applied by Document.push just before it was pushed
            self._applied = False
            return
        self._backward = self._document.apply(self._forward)

    def undo(self) -> None:
        self._forward = self._document.apply(self._backward)

    def id(self) -> int:
        return 1 if self._merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, CoreCommand) or other._merge_key != self._merge_key:
            return False
        # keep our inverse (the state before the first edit), take the latest forward edit
        self._forward = other._forward
        self._describe()
        return True


class Document(QObject):
    """One workbook with its undo stack, file path and ranking."""

    # What changed, for the views. Indices are workbook rows/columns (criterion columns are
    # 0-based among criteria).
    cellsChanged = Signal(object)  # tuple of (row, col); col -1 = the tool's own record
    rankingChanged = Signal()
    weightsChanged = Signal()
    rowsAboutToBeInserted = Signal(int)
    rowsInserted = Signal()
    rowsAboutToBeRemoved = Signal(int)
    rowsRemoved = Signal()
    rowAboutToBeMoved = Signal(int, int)
    rowMoved = Signal()
    columnsAboutToBeInserted = Signal(int)
    columnsInserted = Signal()
    columnsAboutToBeRemoved = Signal(int)
    columnsRemoved = Signal()
    columnAboutToBeMoved = Signal(int, int)
    columnMoved = Signal()
    criterionChanged = Signal(int)
    aboutToReset = Signal()
    reset = Signal()
    answersChanged = Signal()
    metadataChanged = Signal()
    pathChanged = Signal()
    problem = Signal(str)  # an edit was refused: one sentence for the status bar

    def __init__(
        self, workbook: Workbook, path: Path | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.workbook = workbook
        self.path = path
        # SHA-256 of the file as last opened or saved: a different one on disk means someone
        # else changed it since (None: not known, e.g. a new or recovered workbook)
        self.disk_fingerprint: str | None = None
        self.undo_stack = QUndoStack(self)
        self._prepared: PreparedScores | None = None
        self._ranking: Ranking | None = None
        self._ranking_error: str | None = None
        self._published_totals: FloatArray | None = None
        self._published_checked = False
        self._source: FloatArray | None = None  # the publication's score of each cell

    # --- editing ---------------------------------------------------------------------------
    def push(self, command: cmd.Command, merge_key: object = None) -> bool:
        """Apply a command as one undoable step; a refused edit is reported, nothing changes."""
        try:
            inverse = self.apply(command)
        except InputError as exc:  # refused before anything changed; the stack is untouched
            self.problem.emit(str(exc))
            return False
        self.undo_stack.push(CoreCommand(self, command, inverse, merge_key))
        return True

    def apply(self, command: cmd.Command) -> cmd.Command:
        """Apply a core command now (used by CoreCommand); emits what changed."""
        effect = effect_of(command, self.workbook)
        self._before(effect)
        try:
            inverse = command.apply(self.workbook)
        except InputError:
            self._undo_before(effect)
            raise
        self._after(effect)
        return inverse

    def _before(self, effect: Effect) -> None:
        match effect.kind:
            case "insert_row":
                self.rowsAboutToBeInserted.emit(effect.first)
            case "remove_row":
                self.rowsAboutToBeRemoved.emit(effect.first)
            case "move_row":
                self.rowAboutToBeMoved.emit(effect.first, effect.target)
            case "insert_col":
                self.columnsAboutToBeInserted.emit(effect.first)
            case "remove_col":
                self.columnsAboutToBeRemoved.emit(effect.first)
            case "move_col":
                self.columnAboutToBeMoved.emit(effect.first, effect.target)
            case "reset":
                self.aboutToReset.emit()

    def _undo_before(self, effect: Effect) -> None:
        """A command refused after its `about to` signal: close the bracket with a reset."""
        if effect.kind in STRUCTURAL:
            self.aboutToReset.emit()
            self._after(Effect("reset"))
        elif effect.kind == "reset":
            self._after(effect)

    def _after(self, effect: Effect) -> None:
        kind = effect.kind
        if kind == "multi":
            for part in effect.parts:
                self._after(part)
            return
        if kind == "cells" or kind in STRUCTURAL or kind == "reset":
            self._invalidate_scores()
        if kind in STRUCTURAL or kind == "reset":
            self._invalidate_structure()
        if kind == "weights":
            self._ranking = None
        signal = {
            "insert_row": self.rowsInserted,
            "remove_row": self.rowsRemoved,
            "move_row": self.rowMoved,
            "insert_col": self.columnsInserted,
            "remove_col": self.columnsRemoved,
            "move_col": self.columnMoved,
            "reset": self.reset,
        }.get(kind)
        if signal is not None:
            signal.emit()
        if kind in ("insert_col", "remove_col", "move_col", "criterion", "reset"):
            self.weightsChanged.emit()
        match kind:
            case "cells":
                self.cellsChanged.emit(effect.cells)
            case "tool":
                self.cellsChanged.emit(((effect.first, -1),))
            case "weights":
                self.weightsChanged.emit()
            case "criterion":
                self.criterionChanged.emit(effect.first)
            case "answers":
                self.answersChanged.emit()
            case "metadata":
                self.metadataChanged.emit()
        if kind in ("cells", "weights", "reset") or kind in STRUCTURAL:
            self.rankingChanged.emit()
        if kind == "reset":
            self.answersChanged.emit()
            self.metadataChanged.emit()

    # --- ranking -----------------------------------------------------------------------------
    def _invalidate_scores(self) -> None:
        self._prepared = None
        self._ranking = None

    def _invalidate_structure(self) -> None:
        """The publication never changes, but which row and column each of its values
        belongs to does."""
        self._published_totals = None
        self._published_checked = False
        self._source = None

    @property
    def ranking(self) -> Ranking | None:
        """Totals and ranks under the current weights; None when the weights add up to 0."""
        if self._ranking is None:
            if self._prepared is None:
                self._prepared = PreparedScores(self.workbook.scores)
            try:
                self._ranking = self._prepared.rank(self.workbook.weights)
                self._ranking_error = None
            except ScoringError as exc:
                self._ranking_error = str(exc)
                return None
        return self._ranking

    @property
    def ranking_error(self) -> str | None:
        _ = self.ranking
        return self._ranking_error

    def published_total_check(self, row: int) -> float | None:
        """The total the publication's own scores give this row's tool under its weights (for
        the published-total marker), or None when it cannot be computed. The user's edits
        never enter it."""
        if not self._published_checked:
            self._published_totals = totals_as_published(self.workbook)
            self._published_checked = True
        if self._published_totals is None:
            return None
        value = float(self._published_totals[row])
        return None if math.isnan(value) else value

    def source_score(self, row: int, col: int) -> float | None:
        """The publication's score of a cell when the current one differs from it, else None
        (for the "changed from the guide" marker)."""
        if self.workbook.publication is None:
            return None
        if self._source is None:
            self._source = source_matrix(self.workbook)
        source = float(self._source[row, col])
        if math.isnan(source):
            return None
        current = float(self.workbook.scores[row, col])
        return None if abs(current - source) <= 1e-9 else source

    # --- files -------------------------------------------------------------------------------
    def replace(self, workbook: Workbook, path: Path | None) -> None:
        """Show another workbook (New, Open, Recover): the undo history starts afresh."""
        self.aboutToReset.emit()
        self.workbook = workbook
        self._invalidate_scores()
        self._invalidate_structure()
        self.undo_stack.clear()
        self.path = path
        self.disk_fingerprint = None
        self._after(Effect("reset"))
        self.pathChanged.emit()

    def set_path(self, path: Path | None) -> None:
        self.path = path
        self.pathChanged.emit()

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else "Untitled"

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

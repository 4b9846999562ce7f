"""What changed between two versions of a workbook, and what the change did to the ranking.

Items are matched by id: a tool or criterion renamed keeps its id and shows as a rename, not
as one removed and one added. Facts are compared as flat "path: value" pairs
(`fact_lines`), the same lines `meshdesk diff --textconv` prints for git, so both views agree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from meshdesk.core.facts import Fact, ToolFacts
from meshdesk.core.scoring import Ranking, rank_workbook
from meshdesk.core.workbook import CellNote, Workbook

Value = str | float | bool | tuple[str, ...] | None


@dataclass(frozen=True)
class Change:
    """One value that differs. `where` names it: (tool, criterion), (criterion,), (question,)
    or (tool, fact path); None stands for "not there"."""

    where: tuple[str, ...]
    old: Value
    new: Value


@dataclass(frozen=True)
class RankChange:
    id: str
    name: str
    old_rank: int | None  # None: absent, or not ranked (incomplete scores)
    new_rank: int | None
    old_total: float | None
    new_total: float | None


@dataclass(frozen=True)
class Added:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    renamed: tuple[Change, ...] = ()  # where = (id,), old/new = the names


@dataclass(frozen=True)
class WorkbookDiff:
    scores: tuple[Change, ...] = ()
    weights: tuple[Change, ...] = ()
    tools: Added = field(default_factory=Added)
    criteria: Added = field(default_factory=Added)
    notes: tuple[Change, ...] = ()
    answers: tuple[Change, ...] = ()
    facts: tuple[Change, ...] = ()
    ranking: tuple[RankChange, ...] = ()  # every tool whose rank or total moved
    shortlist_old: tuple[str, ...] = ()
    shortlist_new: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """No edit at all (a changed ranking always comes from an edit)."""
        return not (
            self.scores
            or self.weights
            or self.tools.added
            or self.tools.removed
            or self.tools.renamed
            or self.criteria.added
            or self.criteria.removed
            or self.criteria.renamed
            or self.notes
            or self.answers
            or self.facts
            or self.shortlist_old != self.shortlist_new
        )


def diff_workbooks(
    old: Workbook,
    new: Workbook,
    shortlists: tuple[Sequence[str], Sequence[str]] = ((), ()),
) -> WorkbookDiff:
    """The differences from `old` to `new`. `shortlists` are the two versions' shortlists
    (tool ids, best first) when the caller evaluated their answers; they are reported as given."""
    return WorkbookDiff(
        scores=tuple(_scores(old, new)),
        weights=tuple(_weights(old, new)),
        tools=_membership({t.id: t.name for t in old.tools}, {t.id: t.name for t in new.tools}),
        criteria=_membership(
            {c.id: c.name for c in old.criteria}, {c.id: c.name for c in new.criteria}
        ),
        notes=tuple(_notes(old, new)),
        answers=tuple(_answers(old, new)),
        facts=tuple(_facts(old, new)),
        ranking=tuple(_ranking(old, new)),
        shortlist_old=tuple(shortlists[0]),
        shortlist_new=tuple(shortlists[1]),
    )


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value


def _scores(old: Workbook, new: Workbook) -> list[Change]:
    changes = []
    for tool in new.tools:
        if not old.has_tool(tool.id):
            continue
        for criterion in new.criteria:
            if not old.has_criterion(criterion.id):
                continue
            before = _number(old.score(tool.id, criterion.id))
            after = _number(new.score(tool.id, criterion.id))
            if before != after:
                changes.append(Change((tool.id, criterion.id), before, after))
    return changes


def _weights(old: Workbook, new: Workbook) -> list[Change]:
    return [
        Change((c.id,), old.weight(c.id), new.weight(c.id))
        for c in new.criteria
        if old.has_criterion(c.id) and old.weight(c.id) != new.weight(c.id)
    ]


def _membership(old: dict[str, str], new: dict[str, str]) -> Added:
    return Added(
        added=tuple(i for i in new if i not in old),
        removed=tuple(i for i in old if i not in new),
        renamed=tuple(
            Change((i,), old[i], name) for i, name in new.items() if old.get(i, name) != name
        ),
    )


def _note_text(note: CellNote | None) -> str | None:
    if note is None or note.is_empty:
        return None
    evidence = f"evidence: {note.evidence}" if note.evidence else ""
    extra = "; ".join(part for part in (note.source, note.date, evidence) if part)
    return f"{note.text} ({extra})" if extra else note.text


def _notes(old: Workbook, new: Workbook) -> list[Change]:
    keys = list(old.notes) + [key for key in new.notes if key not in old.notes]
    changes = []
    for key in keys:
        before, after = _note_text(old.notes.get(key)), _note_text(new.notes.get(key))
        if before != after:
            changes.append(Change(key, before, after))
    return changes


def _answers(old: Workbook, new: Workbook) -> list[Change]:
    keys = list(old.answers) + [key for key in new.answers if key not in old.answers]
    return [
        Change((key,), old.answers.get(key), new.answers.get(key))
        for key in keys
        if old.answers.get(key) != new.answers.get(key)
    ]


def _fact_text(fact: Fact) -> str:
    text = fact.value
    if fact.editions:
        text += f" [in {', '.join(fact.editions)}]"
    if fact.unverified:
        text += " (unverified)"
    return text


def fact_lines(facts: ToolFacts | None) -> dict[str, str]:
    """A tool's facts as flat path -> value pairs ("lifecycle": "active", "feature.mtls": ...)."""
    if facts is None:
        return {}
    lines = {"lifecycle": facts.lifecycle.status}
    if facts.lifecycle.since:
        lines["lifecycle.since"] = facts.lifecycle.since
    for edition in facts.editions:
        paid = "paid" if edition.paid else "free"
        lines[f"edition.{edition.id}"] = f"{edition.name}: {edition.license.value}, {paid}"
    lines["cncf"] = _fact_text(facts.cncf)
    lines["data-plane"] = _fact_text(facts.data_plane)
    lines["latest-release"] = _fact_text(facts.latest_release)
    for feature, fact in sorted(facts.features.items()):
        lines[f"feature.{feature}"] = _fact_text(fact)
    return lines


def _facts(old: Workbook, new: Workbook) -> list[Change]:
    changes = []
    for tool in new.tools:
        if not old.has_tool(tool.id):
            continue
        before, after = fact_lines(old.tool(tool.id).facts), fact_lines(tool.facts)
        for path in list(before) + [p for p in after if p not in before]:
            if before.get(path) != after.get(path):
                changes.append(Change((tool.id, path), before.get(path), after.get(path)))
    return changes


def _safe_ranking(workbook: Workbook) -> Ranking | None:
    """None when the weights add up to 0: nothing is ranked then."""
    from meshdesk.core.errors import ScoringError

    try:
        return rank_workbook(workbook)
    except ScoringError:
        return None


def _placing(
    workbook: Workbook, ranking: Ranking | None
) -> dict[str, tuple[int | None, float | None]]:
    placing: dict[str, tuple[int | None, float | None]] = {}
    for row, tool in enumerate(workbook.tools):
        if ranking is None or not ranking.complete[row]:
            placing[tool.id] = (None, None)
        else:
            placing[tool.id] = (int(ranking.ranks[row]), float(ranking.totals[row]))
    return placing


def _ranking(old: Workbook, new: Workbook) -> list[RankChange]:
    before = _placing(old, _safe_ranking(old))
    after = _placing(new, _safe_ranking(new))
    names = {t.id: t.name for t in old.tools} | {t.id: t.name for t in new.tools}
    order = [t.id for t in new.tools] + [t.id for t in old.tools if not new.has_tool(t.id)]
    changes = []
    for tool_id in order:
        (old_rank, old_total) = before.get(tool_id, (None, None))
        (new_rank, new_total) = after.get(tool_id, (None, None))
        if (old_rank, old_total) != (new_rank, new_total) or (tool_id in before) != (
            tool_id in after
        ):
            changes.append(
                RankChange(tool_id, names[tool_id], old_rank, new_rank, old_total, new_total)
            )
    changes.sort(key=lambda c: (c.new_rank is None, c.new_rank or 0, c.id))
    return changes

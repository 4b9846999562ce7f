"""A candidate as the evaluation sees it, and how its reasons are worded.

Why a tool is a candidate (`Origin`: one per distinct clause of the data, with every answer
behind it), what the evaluation found about it (`Candidate`), and the small helpers that turn
facts into the sentences of meshdesk.core.evaluation: every reason a sentence, each said once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from meshdesk.core.explanation import names
from meshdesk.core.facts import Edition, Fact
from meshdesk.core.questionnaire import Questionnaire
from meshdesk.core.workbook import Tool


def sources(ids: Sequence[str]) -> str:
    return f" [{', '.join(ids)}]" if ids else ""


def cited(value: str, fact: Fact) -> str:
    """`yes (Universal mode) [K1]`"""
    note = f" ({fact.note.rstrip('.')})" if fact.note else ""
    return f"{value}{note}{sources(fact.sources)}"


def doubt(fact: Fact) -> str:
    if fact.unverified:
        return "; this fact is unverified"
    if fact.third_party:
        return "; only a third-party source states this"
    return ""


def edition_names(editions: Sequence[Edition]) -> str:
    return names([e.name for e in editions])


def sentence(text: str) -> str:
    """A reason as it is given: one or more sentences, ending in a full stop. Every reason
    starts with a word of ours, already capitalized."""
    body = text.strip()
    return body if body.endswith((".", "!", "?")) else body + "."


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Origin:
    """Why a tool is a candidate: a clause of the data, and the answers that made it count
    (none for the segment's own list). Rules with the same clause share one origin."""

    clause: str
    causes: list[tuple[str, str]] = field(default_factory=list)  # (question id, option id)
    sources: list[str] = field(default_factory=list)  # source ids the rules cite

    def cited(self, questionnaire: Questionnaire) -> str:
        """The clause with its sources and answers: 'AKS offers ... [CL2, O13] (from Hosting:
        Microsoft Azure)'."""
        clause = f"{self.clause}{sources(self.sources)}"
        if not self.causes:
            return clause
        by_question: dict[str, list[str]] = {}
        for question_id, option_id in self.causes:
            by_question.setdefault(question_id, []).append(option_id)
        answers = []
        for question_id, option_ids in by_question.items():
            question = questionnaire.question(question_id)
            labels = names([question.option(o).label for o in option_ids])
            answers.append(f"{question.title}: {labels}")
        return f"{clause} (from {'; '.join(answers)})"


@dataclass
class Candidate:
    tool: Tool
    row: int
    origins: list[Origin]  # why it is a candidate
    inactive: bool = False
    unconfirmed: bool = False  # no lifecycle facts: cannot be shown to be maintained
    allowed: tuple[Edition, ...] = ()  # the editions the budget allows
    editions: tuple[Edition, ...] = ()  # of those, the ones that meet every must-have
    licence_blocks: list[str] = field(default_factory=list)
    licence_notes: list[str] = field(default_factory=list)  # sentences
    cautions: list[str] = field(default_factory=list)  # licence cautions, as clauses
    missing_scores: list[str] = field(default_factory=list)  # criterion names
    failed: list[str] = field(default_factory=list)  # must-have ids
    met_lines: list[str] = field(default_factory=list)
    failed_lines: list[str] = field(default_factory=list)
    back_with_any_edition: bool = False  # every requirement met if the budget allowed all

    @property
    def blocked_apart_from_must_haves(self) -> bool:
        return (
            self.inactive
            or self.unconfirmed
            or bool(self.licence_blocks)
            or bool(self.missing_scores)
        )

    @property
    def eligible(self) -> bool:
        return not (self.blocked_apart_from_must_haves or self.failed)


def once(reasons: Sequence[str]) -> tuple[str, ...]:
    """Each reason once, in order, as sentences."""
    return tuple(dict.fromkeys(sentence(r) for r in reasons if r.strip()))

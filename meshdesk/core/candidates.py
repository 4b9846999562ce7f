"""A candidate as the evaluation sees it.

Why a tool is a candidate (`Origin`: one per distinct clause of the data, with every answer
behind it), and what the evaluation found about it (`Candidate`): the records of
meshdesk.core.reasons, never sentences (meshdesk.report.text words them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from meshdesk.core.facts import Edition, Fact
from meshdesk.core.questionnaire import Questionnaire
from meshdesk.core.reasons import (
    AnswerCause,
    Candidacy,
    Certainty,
    LicenceCaution,
    MustHaveMet,
    Reason,
)
from meshdesk.core.workbook import Tool


def certainty(fact: Fact) -> Certainty:
    if fact.unverified:
        return Certainty.UNVERIFIED
    if fact.third_party:
        return Certainty.THIRD_PARTY
    return Certainty.CONFIRMED


def note_of(fact: Fact) -> str:
    return fact.note.rstrip(".") if fact.note else ""


@dataclass
class Origin:
    """Why a tool is a candidate: a clause of the data, and the answers that made it count
    (none for the segment's own list). Rules with the same clause share one origin."""

    clause: str
    causes: list[tuple[str, str]] = field(default_factory=list)  # (question id, option id)
    sources: list[str] = field(default_factory=list)  # source ids the rules cite
    rule_ids: list[str] = field(default_factory=list)

    def candidacy(self, questionnaire: Questionnaire, tool_id: str) -> Candidacy:
        """The clause with its sources and the answers behind it, by question."""
        by_question: dict[str, list[str]] = {}
        for question_id, option_id in self.causes:
            by_question.setdefault(question_id, []).append(option_id)
        causes = []
        for question_id, option_ids in by_question.items():
            question = questionnaire.question(question_id)
            causes.append(
                AnswerCause(
                    question_id=question_id,
                    question=question.title,
                    option_ids=tuple(option_ids),
                    options=tuple(question.option(o).label for o in option_ids),
                )
            )
        return Candidacy(
            tool_id=tool_id,
            clause=self.clause,
            sources=tuple(self.sources),
            causes=tuple(causes),
            rule_ids=tuple(self.rule_ids),
        )


def same_candidacy(a: Candidacy, b: Candidacy) -> bool:
    """The same clause for the same answers and sources, whichever tool it is said of."""
    return (a.clause, a.sources, a.causes) == (b.clause, b.sources, b.causes)


@dataclass
class Candidate:
    tool: Tool
    row: int
    origins: list[Origin]  # why it is a candidate
    inactive: bool = False
    unconfirmed: bool = False  # no lifecycle facts: cannot be shown to be maintained
    allowed: tuple[Edition, ...] = ()  # the editions the budget allows
    editions: tuple[Edition, ...] = ()  # of those, the ones that meet every must-have
    licence_blocks: list[Reason] = field(default_factory=list)
    failed_licence_rules: list[str] = field(default_factory=list)  # licence rule ids
    licence_notes: list[Reason] = field(default_factory=list)
    cautions: list[LicenceCaution] = field(default_factory=list)
    missing_scores: list[tuple[str, str]] = field(default_factory=list)  # (criterion id, name)
    failed: list[str] = field(default_factory=list)  # must-have ids
    met_lines: list[MustHaveMet] = field(default_factory=list)
    failed_lines: list[Reason] = field(default_factory=list)
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

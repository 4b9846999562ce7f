"""The engine's recommendation as the report words it, for tests that pin the sentences.

`recommend` runs the real engine and keeps its records (`.record`); the reasons, the
explanation and the comparison come from meshdesk.report.text, the same words the command
line, the workbook, the wizard, the memo and the ADR use. Worded when made, so a test that
edits the workbook afterwards does not change what was said.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from meshdesk.core import recommendation as engine
from meshdesk.core.decision import Exclusion, Pick, Recommendation, WhatIf
from meshdesk.core.questionnaire import Questionnaire
from meshdesk.core.workbook import Workbook
from meshdesk.report import text


@dataclass(frozen=True)
class Said:
    record: Recommendation
    explanation: str
    comparison: str
    shortlist: tuple[Any, ...]  # Picks whose reasons are sentences
    excluded: tuple[Any, ...]  # Exclusions whose reasons are sentences
    shared_reasons: tuple[str, ...]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.record, name)

    def pick_reasons(self, pick: Pick) -> tuple[str, ...]:
        return pick.listed_reasons if self.shared_reasons and pick.listed_reasons else pick.reasons

    def relaxation(self, what_if: WhatIf) -> str:
        return text.relaxation(self.record, what_if)


def _pick(pick: Pick) -> Pick:
    return replace(
        pick,
        reasons=tuple(text.reason_texts(pick.reasons)),  # type: ignore[arg-type]
        listed_reasons=tuple(text.reason_texts(pick.listed_reasons)),  # type: ignore[arg-type]
    )


def _exclusion(exclusion: Exclusion) -> Exclusion:
    return replace(exclusion, reasons=tuple(text.reason_texts(exclusion.reasons)))  # type: ignore[arg-type]


def worded(rec: Recommendation, workbook: Workbook, questionnaire: Questionnaire) -> Said:
    return Said(
        record=rec,
        explanation=text.explanation_of(workbook, questionnaire, rec),
        comparison=text.comparison_of(workbook, rec),
        shortlist=tuple(_pick(p) for p in rec.shortlist),
        excluded=tuple(_exclusion(e) for e in rec.excluded),
        shared_reasons=tuple(text.reason_texts(rec.shared_reasons)),
    )


def recommend(
    workbook: Workbook, questionnaire: Questionnaire, answers: Mapping[str, str | Sequence[str]]
) -> Said:
    return worded(engine.recommend(workbook, questionnaire, answers), workbook, questionnaire)


def applied(
    workbook: Workbook, questionnaire: Questionnaire, answers: Mapping[str, str | Sequence[str]]
) -> Said:
    """The recommendation as the wizard shows it: after Apply, under the answers' profile."""
    preview = engine.with_answers_applied(workbook, questionnaire, answers)
    return recommend(preview, questionnaire, answers)

"""The decision in sentences: the answers in words, the verdict, what would bring
candidates back, the exclusions and the margin."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from meshdesk.core.decision import Exclusion, Pick, Recommendation, WhatIf
from meshdesk.core.errors import InputError
from meshdesk.core.numbers import fixed
from meshdesk.core.questionnaire import Questionnaire
from meshdesk.report.model import DecisionReport
from meshdesk.report.text.comparison import comparison as comparison_of
from meshdesk.report.text.explanation import explanation as explanation_of
from meshdesk.report.text.reasons import reason_text, reason_texts
from meshdesk.report.text.sentence import (
    WEIGHT_PLACES,
    Sentence,
    finished,
    names,
    say,
    strong,
)

BUDGET_RELAXED: Final = "a budget that allows every edition, paid ones included"


# --- the answers ------------------------------------------------------------------------------


def answer_in_words(
    questionnaire: Questionnaire | None, question_id: str, value: str | tuple[str, ...]
) -> tuple[str, str]:
    """(question title, option labels); the raw ids when the questionnaire does not know them."""
    raw = value if isinstance(value, str) else ", ".join(value) or "none"
    if questionnaire is None or not questionnaire.has_question(question_id):
        return question_id, raw
    question = questionnaire.question(question_id)
    try:
        return question.title or question.text, question.describe(value)
    except InputError:
        return question.title or question.text, raw


def answers_in_words(report: DecisionReport) -> list[tuple[str, str]]:
    """Every answer the recommendation used, in words; defaults say so."""
    rec = report.recommendation
    if rec is None:
        return []
    out = []
    for question_id, value in rec.answers.items():
        question, answer = answer_in_words(report.questionnaire, question_id, value)
        if question_id in rec.defaulted:
            answer += " (not answered: the default)"
        out.append((question, answer))
    return out


def cause(questionnaire: Questionnaire | None, question_id: str, option_id: str) -> str:
    """The answer that set a must-have or a weight change: "Title: option"."""
    if not question_id:
        return "every answer"
    title, answer = answer_in_words(questionnaire, question_id, option_id)
    return f"{title}: {answer}"


# --- the paragraphs ---------------------------------------------------------------------------


def explanation(report: DecisionReport) -> str:
    """The recommendation in one paragraph ("" without one)."""
    rec = report.recommendation
    if rec is None or report.questionnaire is None:
        return ""
    return explanation_of(report.workbook, report.questionnaire, rec)


def comparison(report: DecisionReport) -> str:
    """Why the first pick beat the second ("" with fewer than two picks)."""
    rec = report.recommendation
    return "" if rec is None else comparison_of(report.workbook, rec)


# --- the reasons of the picks and the exclusions ---------------------------------------------


def shared_reasons(rec: Recommendation) -> list[str]:
    """What every pick shares, said once before the list of the picks."""
    return reason_texts(rec.shared_reasons)


def pick_reasons(rec: Recommendation, pick: Pick) -> list[str]:
    """The reasons to list under `pick` after `shared_reasons`."""
    return reason_texts(rec.pick_reasons(pick))


def exclusion_reasons(exclusion: Exclusion) -> list[str]:
    return reason_texts(exclusion.reasons)


# --- what would bring candidates back ---------------------------------------------------------


def relaxation(rec: Recommendation, what_if: WhatIf) -> str:
    """What a what-if relaxes, in words: the must-have's label, or the budget."""
    if what_if.relax == "budget":
        return BUDGET_RELAXED
    must = rec.must_have(what_if.must_have_id)
    return must.label if must is not None else what_if.must_have_id


def what_if_returns(report: DecisionReport) -> list[tuple[WhatIf, str, list[str]]]:
    """(what-if, what it relaxes in words, names of the tools it brings back), for the what-ifs
    that bring any back."""
    rec = report.recommendation
    wb = report.workbook
    if rec is None:
        return []
    out = []
    for what_if in rec.what_if:
        back = [wb.tool(t).name for t in what_if.returns if wb.has_tool(t)]
        if back:
            out.append((what_if, relaxation(rec, what_if), back))
    return out


def what_if_sentence(what_if: WhatIf, relaxed: str, back: Sequence[str]) -> Sentence:
    if what_if.relax == "budget":
        return say("With {}, {} would return.", relaxed, names(back))
    return say("Without ‘{}’, {} would return.", relaxed, names(back))


# --- the verdict ------------------------------------------------------------------------------


def verdict(report: DecisionReport) -> Sentence:
    """What was decided, in one sentence."""
    rec = report.recommendation
    if rec is None:
        return no_decision()
    if not rec.needs_mesh:
        return say(
            "No service mesh is needed yet. Use instead: {}.", (rec.alternative or "").rstrip(".")
        )
    if not rec.shortlist:
        return Sentence(
            ("No active platform in the workbook meets every requirement, so none is chosen.",)
        )
    first = rec.shortlist[0]
    if len(rec.shortlist) == 1:
        return say(
            "{} is the only platform that meets every requirement ({} on the 0–10 scale).",
            strong(first.name),
            report.total_text(first.total),
        )
    second = rec.shortlist[1]
    return say(
        "{} is first of {} shortlisted platforms, {} against {} for {}.",
        strong(first.name),
        str(len(rec.shortlist)),
        report.total_text(first.total),
        report.total_text(second.total),
        second.name,
    )


def because(report: DecisionReport) -> Sentence:
    """Why the first pick is chosen, as the end of "Chosen option: X, because ..."."""
    rec = report.recommendation
    chosen, second = report.chosen, report.runner_up
    if rec is None or chosen is None:
        return verdict(report)
    if second is None:
        return say(
            "it is the only platform that meets every requirement ({} on the 0–10 scale).",
            report.total_text(chosen.total),
        )
    return say(
        "it meets every requirement and ranks first of the {} shortlisted platforms under the "
        "current weights ({} against {} for {}).",
        str(len(rec.shortlist)),
        report.total_text(chosen.total),
        report.total_text(second.total),
        second.name,
    )


def no_decision() -> Sentence:
    return Sentence(
        (
            "The ranking alone does not decide: no questionnaire answers were evaluated, so no "
            "requirement, licence or lifecycle rule has been checked against the facts.",
        )
    )


def exclusion_summary(exclusion: Exclusion) -> Sentence:
    """One line for a platform left out: its name and its reasons, each once."""
    reasons = " ".join(finished(reason_text(r)) for r in exclusion.reasons)
    return say("{}: {}", strong(exclusion.name), reasons)


# --- the margin -------------------------------------------------------------------------------


def margin_sentences(report: DecisionReport) -> list[Sentence]:
    """How far the first leads the second, and the smallest single-weight change that would
    close the gap."""
    found = report.margin
    if found is None:
        return []
    wb = report.workbook
    first, second = wb.tools[found.first].name, wb.tools[found.second].name
    if found.tied:
        return [
            say(
                "{} and {} are tied at {}: the numbers do not separate them.",
                strong(first),
                strong(second),
                report.total_text(found.first_total),
            )
        ]
    out = [
        say(
            "{} leads {} by {} on the 0–10 scale ({} against {}).",
            strong(first),
            strong(second),
            report.total_text(found.lead),
            report.total_text(found.first_total),
            report.total_text(found.second_total),
        )
    ]
    swap = found.smallest
    if swap is None:
        out.append(
            say(
                "No change of a single weight brings {} level with {}; only moving several "
                "weights at once could.",
                second,
                first,
            )
        )
        return out
    verb = "raising" if swap.change > 0 else "lowering"
    out.append(
        say(
            "The decision would change by {} the weight of {} from {} to {}, every other weight "
            "unchanged: beyond that, {} leads.",
            verb,
            strong(wb.criteria[swap.criterion].name),
            fixed(swap.before, WEIGHT_PLACES),
            fixed(swap.after, WEIGHT_PLACES),
            second,
        )
    )
    return out

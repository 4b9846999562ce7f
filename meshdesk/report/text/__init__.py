"""Every sentence a decision document says about the decision, in one place.

- `sentence`: `Sentence`/`say`/`Value`, our words with the user's values apart, and the small
  helpers every sentence uses (names, numbers, sources);
- `reasons`: how each kind of the engine's reasons reads;
- `explanation`, `comparison`: the memo paragraph and why the first pick beat the second;
- `decision`: the answers in words, the verdict, what-ifs, exclusions and the margin.

Renderers import this package (`from meshdesk.report import text`) and never word a rule of
their own.
"""

from meshdesk.report.text.comparison import comparison as comparison_of
from meshdesk.report.text.decision import (
    BUDGET_RELAXED,
    answer_in_words,
    answers_in_words,
    because,
    cause,
    comparison,
    exclusion_reasons,
    exclusion_summary,
    explanation,
    margin_sentences,
    no_decision,
    pick_reasons,
    relaxation,
    shared_reasons,
    verdict,
    what_if_returns,
    what_if_sentence,
)
from meshdesk.report.text.explanation import explanation as explanation_of
from meshdesk.report.text.reasons import TABULATED, reason_text, reason_texts
from meshdesk.report.text.sentence import (
    WEIGHT_PLACES,
    Sentence,
    Value,
    names,
    percent,
    say,
    short_number,
    some_names,
    strong,
)

__all__ = [
    "BUDGET_RELAXED",
    "TABULATED",
    "WEIGHT_PLACES",
    "Sentence",
    "Value",
    "answer_in_words",
    "answers_in_words",
    "because",
    "cause",
    "comparison",
    "comparison_of",
    "exclusion_reasons",
    "exclusion_summary",
    "explanation",
    "explanation_of",
    "margin_sentences",
    "names",
    "no_decision",
    "percent",
    "pick_reasons",
    "reason_text",
    "reason_texts",
    "relaxation",
    "say",
    "shared_reasons",
    "short_number",
    "some_names",
    "strong",
    "verdict",
    "what_if_returns",
    "what_if_sentence",
]

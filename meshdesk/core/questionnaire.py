"""The questionnaire as plain values, and the checking of answers against it.

Questions, options, pages and every rule come from data/questionnaire.yaml (read and
validated by meshdesk.io.questionnaire). This module holds the loaded shape and knows how to
check a set of answers: it has no file access and knows nothing about the domain.

A rule's condition (`When`) maps question ids to option ids: it holds when, for every question
it names, the answer is one of the listed options (for a multiple-choice question: includes at
least one of them). An empty condition always holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from meshdesk.core.errors import InputError
from meshdesk.core.facts import Edition

ONE: Final = "one"
MANY: Final = "many"
KINDS: Final = (ONE, MANY)

AnswerValue = str | tuple[str, ...]
Answers = dict[str, AnswerValue]


@dataclass(frozen=True)
class Option:
    id: str
    label: str  # short, shown as the choice
    help: str = ""  # one or two sentences shown beside it


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # ONE or MANY
    title: str  # short name used in messages and summaries ("Priorities")
    text: str  # the question as asked
    help: str
    options: tuple[Option, ...]
    default: AnswerValue  # what an unanswered question counts as
    default_note: str = ""  # why that default
    max_choices: int | None = None  # MANY only; None = no limit

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise InputError(
            f"Question {self.id!r} has no option {option_id!r}; "
            f"valid options: {', '.join(self.option_ids)}."
        )

    def describe(self, value: AnswerValue) -> str:
        """An answer in words: the option labels, or "none" for an empty choice."""
        ids = (value,) if isinstance(value, str) else value
        return ", ".join(self.option(i).label for i in ids) if ids else "none"


@dataclass(frozen=True)
class Group:
    """One page of the wizard."""

    id: str
    title: str
    text: str
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class When:
    """AND across questions, ANY within one question's list of options."""

    terms: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def causes(self, answers: Mapping[str, AnswerValue]) -> tuple[tuple[str, str], ...] | None:
        """The (question, option) pairs that satisfy each term, or None if a term fails."""
        found: list[tuple[str, str]] = []
        for question_id, options in self.terms:
            given = answers.get(question_id, ())
            chosen = (given,) if isinstance(given, str) else given
            hits = [o for o in chosen if o in options]
            if not hits:
                return None
            found.append((question_id, hits[0]))
        return tuple(found)

    def matches(self, answers: Mapping[str, AnswerValue]) -> bool:
        return self.causes(answers) is not None

    def cause(self, answers: Mapping[str, AnswerValue]) -> tuple[str, str]:
        """The first answer that satisfies the condition ("", "" for an empty condition)."""
        causes = self.causes(answers)
        return causes[0] if causes else ("", "")


@dataclass(frozen=True)
class NoMeshRule:
    """When it holds, the answers do not justify adopting the platform at all."""

    id: str
    when: When
    alternative: str  # what to use instead, named
    reason: str  # why, in a sentence or two


@dataclass(frozen=True)
class Segment:
    id: str
    label: str
    description: str
    candidates: tuple[str, ...]  # tool ids the reference names for this segment
    candidate_reason: str  # a clause: "<the guide> names it for ..."


@dataclass(frozen=True)
class SegmentRule:
    id: str
    when: When
    segment: str
    reason: str


@dataclass(frozen=True)
class WeightRule:
    id: str
    label: str  # "priority security"
    when: When
    changes: tuple[tuple[str, float], ...]  # criterion id -> points added (negative: removed)
    reason: str


@dataclass(frozen=True)
class MustHaveRule:
    id: str
    label: str  # "Runs VM workloads"
    when: When
    feature: str  # feature id of the dataset's catalogue
    accepted: tuple[str, ...]  # feature values that meet it; `unknown` never does
    reason: str


@dataclass(frozen=True)
class CandidateRule:
    """Adds tools to the candidates when the answers describe a matching estate."""

    id: str
    when: When
    tools: tuple[str, ...]
    reason: str  # a clause: "you already run ..."
    sources: tuple[str, ...] = ()  # where the reason comes from (source ids of the dataset)


@dataclass(frozen=True)
class LicenceRule:
    """Which editions of a tool the answers allow, by licence category and cost; a tool with
    no allowed edition is left out, and a must-have counts only in an allowed edition."""

    id: str
    when: When
    allow_categories: tuple[str, ...] | None  # licence categories allowed; None: any
    allow_paid: bool  # whether editions that cost money are allowed
    reason: str  # why an edition is left out, as a clause
    caution_categories: tuple[str, ...] = ()  # allowed, but worth a warning
    caution_text: str = ""

    def allows(self, edition: Edition) -> bool:
        if self.allow_categories is not None and edition.category not in self.allow_categories:
            return False
        return self.allow_paid or not edition.paid


@dataclass(frozen=True)
class Memo:
    """Domain sentences the engine weaves into its explanation."""

    needed: str  # the verdict when the platform is warranted
    not_needed: str  # the verdict when it is not
    caveat: str  # how far the numbers can be trusted, when they come from the publication
    caveat_own_scores: str = ""  # the same, when the project's scores were entered or imported


@dataclass(frozen=True)
class Questionnaire:
    title: str
    intro: str
    groups: tuple[Group, ...]
    questions: tuple[Question, ...]
    segments: tuple[Segment, ...]
    segment_base: tuple[SegmentRule, ...]  # first match gives the starting segment
    segment_adjustments: tuple[SegmentRule, ...]  # first match moves it
    no_mesh: tuple[NoMeshRule, ...]  # first match: not needed
    weight_rules: tuple[WeightRule, ...]  # every match applies, in order
    must_have_rules: tuple[MustHaveRule, ...]
    candidate_rules: tuple[CandidateRule, ...]
    licence_rules: tuple[LicenceRule, ...]
    memo: Memo
    shortlist_min: int = 2
    shortlist_max: int = 4
    _by_id: dict[str, Question] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update({q.id: q for q in self.questions})

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)

    def has_question(self, question_id: str) -> bool:
        return question_id in self._by_id

    def question(self, question_id: str) -> Question:
        try:
            return self._by_id[question_id]
        except KeyError:
            raise InputError(_unknown_question(self, question_id)) from None

    def segment(self, segment_id: str) -> Segment:
        for segment in self.segments:
            if segment.id == segment_id:
                return segment
        raise InputError(f"The questionnaire defines no segment {segment_id!r}.")

    def defaults(self) -> Answers:
        return {q.id: q.default for q in self.questions}


# --- answers -----------------------------------------------------------------------------------


def _and(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _shown(value: object) -> str:
    """A value for a message, never longer than about 60 characters: a hostile file's value
    may be huge (or an expansion bomb), so nothing is formatted whole."""
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "empty"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, int) and abs(value) > 10**20:
        return "a very large number"
    if isinstance(value, int | float):
        return repr(value)
    return f"a {type(value).__name__}"


def _unknown_question(
    questionnaire: Questionnaire, question_id: object, *, ids: bool = True
) -> str:
    known = [f"{q.title} [{q.id}]" if ids else q.title for q in questionnaire.questions]
    return f"{_shown(question_id)} is not a question; the questions are {_and(known)}."


class _Voice:
    """How a message names a question and its options: by title and label, as the wizard
    shows them, with the id in brackets when the answers come from a file (`ids`), since the
    file is written in ids ("Priorities [priorities]", "Security [security]")."""

    def __init__(self, question: Question, prefix: str, ids: bool) -> None:
        self.question = question
        self.prefix = prefix
        self.ids = ids

    @property
    def name(self) -> str:
        q = self.question
        return f"{self.prefix}{q.title} [{q.id}]" if self.ids else f"{self.prefix}{q.title}"

    def option(self, option_id: str) -> str:
        label = self.question.option(option_id).label
        return f"{label} [{option_id}]" if self.ids else label

    @property
    def valid(self) -> str:
        return f"the options are {_and([self.option(o) for o in self.question.option_ids])}"


def _check_one_answer(question: Question, value: object, voice: _Voice) -> AnswerValue:
    where, valid = voice.name, voice.valid
    if question.kind == ONE:
        if isinstance(value, list | tuple):
            raise InputError(f"{where} takes one option, not a list; {valid}.")
        if not isinstance(value, str) or value not in question.option_ids:
            raise InputError(f"{where}: {_shown(value)} is not one of its options; {valid}.")
        return value
    items: Sequence[object]
    if isinstance(value, str):  # one choice of a multiple-choice question, written plainly
        items = (value,)
    elif isinstance(value, list | tuple):
        items = value
    else:
        raise InputError(f"{where} takes a list of options, not {_shown(value)}; {valid}.")
    chosen: list[str] = []
    for item in items:
        if not isinstance(item, str) or item not in question.option_ids:
            raise InputError(f"{where}: {_shown(item)} is not one of its options; {valid}.")
        if item in chosen:
            raise InputError(f"{where} lists {voice.option(item)} twice.")
        chosen.append(item)
    limit = question.max_choices
    if limit is not None and len(chosen) > limit:
        you_chose = _and([voice.option(o) for o in chosen])
        raise InputError(f"{where}: choose at most {limit} (you chose {you_chose}).")
    return tuple(chosen)


def check_answers(
    questionnaire: Questionnaire, answers: Mapping[str, object], *, source: str = ""
) -> Answers:
    """The answers as given, checked and normalized (lists become tuples); no defaults added.

    An empty value (None) counts as unanswered. Messages name questions by title and options
    by label, as the wizard shows them: "Priorities: choose at most 3 (you chose Security,
    Simplicity, Performance and Traffic control)." With a `source` (a file name, which
    prefixes them) they add each id in brackets, since that is what the file holds.
    """
    prefix = f"{source}: " if source else ""
    ids = bool(source)
    checked: Answers = {}
    for question_id, value in answers.items():
        if not isinstance(question_id, str) or not questionnaire.has_question(question_id):
            raise InputError(prefix + _unknown_question(questionnaire, question_id, ids=ids))
        if value is None:
            continue
        question = questionnaire.question(question_id)
        checked[question_id] = _check_one_answer(question, value, _Voice(question, prefix, ids))
    return checked


def validate_answers(
    questionnaire: Questionnaire, answers: Mapping[str, object], *, source: str = ""
) -> Answers:
    """Checked answers for every question, in questionnaire order, defaults filling the gaps."""
    checked = check_answers(questionnaire, answers, source=source)
    return {q.id: checked.get(q.id, q.default) for q in questionnaire.questions}

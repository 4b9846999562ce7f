"""The invariants of a questionnaire, checked on the values themselves: a `Questionnaire`
built in code is held to the same rules as one read from YAML (whose reader calls
`check_questionnaire` once it has built one, after its own field-by-field checks)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Final

from meshdesk.core.errors import InputError
from meshdesk.core.questionnaire import KINDS, ONE, Question, Questionnaire, SegmentRule, When

NEVER_ACCEPTED: Final = "unknown"  # an unconfirmed capability never meets a must-have


def check_questionnaire(q: Questionnaire) -> None:
    """Raise InputError naming the first broken invariant; return when there is none."""
    for problem in questionnaire_problems(q):
        raise InputError(f"{problem}.")


def questionnaire_problems(q: Questionnaire) -> Iterator[str]:
    """Every broken invariant, in the order a reader meets them."""
    if not q.questions:
        yield "The questionnaire must list at least one question"
    yield from _repeated((x.id for x in q.questions), "question")
    for question in q.questions:
        yield from _question_problems(question)
    yield from _group_problems(q)
    if not q.segments:
        yield "The questionnaire must define at least one segment"
    yield from _repeated((s.id for s in q.segments), "segment")
    segment_ids = {s.id for s in q.segments}
    for rule in (*q.segment_base, *q.segment_adjustments):
        if rule.segment not in segment_ids:
            yield f"Segment rule {rule.id!r} names the unknown segment {rule.segment!r}"
    conditions = [
        (r.id, r.when)
        for rules in (
            q.segment_base,
            q.segment_adjustments,
            q.no_mesh,
            q.weight_rules,
            q.must_have_rules,
            q.candidate_rules,
            q.licence_rules,
        )
        for r in rules
    ]
    for rule_id, when in conditions:
        yield from _when_problems(q, rule_id, when)
    gap = base_gap({x.id: x for x in q.questions}, q.segment_base)
    if gap is not None:
        yield f"segment_rules.base {gap}"
    yield from _rule_problems(q)
    if q.shortlist_min < 1:
        yield f"The shortlist minimum should be 1 or more, not {q.shortlist_min}"
    if q.shortlist_min > q.shortlist_max:
        yield f"The shortlist min {q.shortlist_min} is larger than max {q.shortlist_max}"


def base_gap(questions: Mapping[str, Question], base: Iterable[SegmentRule]) -> str | None:
    """Why the base segment rules leave an answer without a starting segment, or None.

    Either a rule always holds (an empty `when`), or all rules test one single-choice
    question and together cover all its options."""
    base = tuple(base)
    if any(not rule.when.terms for rule in base):
        return None
    tested = {question for rule in base for question, _ in rule.when.terms}
    if len(tested) == 1 and all(len(rule.when.terms) == 1 for rule in base):
        question = questions.get(next(iter(tested)))
        if question is not None and question.kind == ONE:
            covered = {o for rule in base for _, options in rule.when.terms for o in options}
            missing = [o for o in question.option_ids if o not in covered]
            if not missing:
                return None
            return (
                f"gives no segment when {question.id!r} is {missing[0]!r}; add a rule for "
                "it or a last rule without 'when'"
            )
    return (
        "must give every answer a segment: test one single-choice question with a rule for "
        "each option, or end with a rule without 'when'"
    )


def _repeated(ids: Iterable[str], kind: str) -> Iterator[str]:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            yield f"The {kind} id {item!r} is used twice"
        seen.add(item)


def _question_problems(question: Question) -> Iterator[str]:
    name = f"Question {question.id!r}"
    if question.kind not in KINDS:
        yield f"{name} has the kind {question.kind!r}; the kinds are {', '.join(KINDS)}"
    if len(question.options) < 2:
        yield f"{name} must offer at least two options"
    yield from _repeated(question.option_ids, f"option (of question {question.id!r})")
    limit = question.max_choices
    if limit is not None:
        if question.kind == ONE:
            yield f"{name}: only a question of kind 'many' takes max_choices"
        if not 1 <= limit <= len(question.options):
            yield f"{name}: max_choices should be from 1 to {len(question.options)}, not {limit}"
    default = question.default
    if question.kind == ONE:
        if not isinstance(default, str) or default not in question.option_ids:
            yield f"{name}: the default {default!r} is not one of its options"
        return
    chosen = (default,) if isinstance(default, str) else default
    if any(o not in question.option_ids for o in chosen) or len(set(chosen)) != len(chosen):
        yield f"{name}: the default {default!r} is not a set of its options"
    if limit is not None and len(chosen) > limit:
        yield f"{name}: the default has {len(chosen)} options, more than max_choices {limit}"


def _group_problems(q: Questionnaire) -> Iterator[str]:
    yield from _repeated((g.id for g in q.groups), "group")
    placed: dict[str, str] = {}
    for group in q.groups:
        for question_id in group.question_ids:
            if not q.has_question(question_id):
                yield f"Group {group.id!r} places the unknown question {question_id!r}"
            elif question_id in placed:
                yield (
                    f"Group {group.id!r} places {question_id!r}, which group "
                    f"{placed[question_id]!r} already holds"
                )
            placed[question_id] = group.id
    for question in q.questions:
        if question.id not in placed:
            yield f"No group holds the question {question.id!r}"


def _when_problems(q: Questionnaire, rule_id: str, when: When) -> Iterator[str]:
    for question_id, options in when.terms:
        if not q.has_question(question_id):
            yield f"Rule {rule_id!r} names the unknown question {question_id!r}"
            continue
        if not options:
            yield f"Rule {rule_id!r} lists no option of question {question_id!r}"
        valid = q.question(question_id).option_ids
        for option in options:
            if option not in valid:
                yield f"Rule {rule_id!r}: {option!r} is not an option of question {question_id!r}"


def _rule_problems(q: Questionnaire) -> Iterator[str]:
    for no_mesh in q.no_mesh:
        if not no_mesh.when.terms:
            yield (
                f"No-mesh rule {no_mesh.id!r} must name at least one question: a rule that "
                "always holds would rule out every answer"
            )
    for weight in q.weight_rules:
        if not weight.changes:
            yield f"Weight rule {weight.id!r} must change at least one criterion"
    for must in q.must_have_rules:
        if not must.accepted:
            yield f"Must-have rule {must.id!r} must list at least one feature value"
        if NEVER_ACCEPTED in must.accepted:
            yield (
                f"Must-have rule {must.id!r}: 'unknown' cannot meet a requirement: an "
                "unconfirmed capability is treated as missing"
            )
    for licence in q.licence_rules:
        allowed = licence.allow_categories
        if allowed is not None and set(licence.caution_categories) - set(allowed):
            extra = sorted(set(licence.caution_categories) - set(allowed))[0]
            yield f"Licence rule {licence.id!r} cautions about {extra!r}, which it does not allow"
        if licence.caution_categories and not licence.caution_text.strip():
            yield f"Licence rule {licence.id!r} needs a caution_text for its caution_categories"

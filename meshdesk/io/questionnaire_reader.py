"""The reader of data/questionnaire.yaml: every field and every reference (question and
option ids used by rules, criteria, features, tools, licence categories) checked, the first
problem reported as one sentence naming the file, the record and the field. The invariants
of the result are checked once more on the values (meshdesk.core.questionnaire_check)."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from meshdesk.core.errors import InputError
from meshdesk.core.facts import FEATURE_VALUES, LICENSE_CATEGORIES
from meshdesk.core.questionnaire import (
    KINDS,
    ONE,
    AnswerValue,
    CandidateRule,
    Group,
    LicenceRule,
    Memo,
    MustHaveRule,
    NoMeshRule,
    Option,
    Question,
    Questionnaire,
    Segment,
    SegmentRule,
    WeightRule,
    When,
)
from meshdesk.core.questionnaire_check import NEVER_ACCEPTED, base_gap, check_questionnaire
from meshdesk.io.codec import read_id
from meshdesk.io.dataset import Dataset
from meshdesk.io.fields import Fields, describe, type_name
from meshdesk.io.questionnaire_schema import (
    CANDIDATE_FIELDS,
    GROUP_FIELDS,
    LICENCE_FIELDS,
    MUST_HAVE_FIELDS,
    NO_MESH_FIELDS,
    OPTION_ID,
    QUESTION_FIELDS,
    QUESTIONNAIRE_FORMAT,
    QUESTIONNAIRE_SCHEMA_VERSION,
    SEGMENT_FIELDS,
    SEGMENT_RULE_FIELDS,
    WEIGHT_RULE_FIELDS,
    Spec,
)


class QuestionnaireReader:
    def __init__(self, top: Fields, dataset: Dataset) -> None:
        self.top = top
        self.criteria = [c.id for c in dataset.criteria]
        self.features = [f.id for f in dataset.features]
        self.tools = [t.id for t in dataset.tools]
        self.inactive = {t.id: t.lifecycle_status for t in dataset.tools if not t.is_active}
        self.sources = set(dataset.catalogue.sources)
        self.questions: dict[str, Question] = {}

    def read(self) -> Questionnaire:
        top = self.top
        if top.raw("format") != QUESTIONNAIRE_FORMAT:
            top.fail(f"should be {QUESTIONNAIRE_FORMAT!r}", "format")
        version = top.integer("schema_version", required=True)
        if version != QUESTIONNAIRE_SCHEMA_VERSION:
            top.fail(
                f"is {version}, but this MeshDesk reads schema version "
                f"{QUESTIONNAIRE_SCHEMA_VERSION}",
                "schema_version",
            )
        shortlist_min, shortlist_max = self._shortlist()
        memo = top.need_sub("memo", allowed=("needed", "not_needed", "caveat", "caveat_own_scores"))
        for question_id, entry in self._each(
            top, "questions", QUESTION_FIELDS, "question", required=True
        ):
            self._question(question_id, entry)
        if not self.questions:
            top.fail("must list at least one question", "questions")
        groups = self._groups()
        segments = self._segments()
        segment_ids = [s.id for s in segments]
        rules = top.need_sub("segment_rules", allowed=("base", "adjustments"), required=("base",))
        base = self._segment_rules(rules, "base", segment_ids)
        self._check_base_covers_everything(rules, base)
        questionnaire = Questionnaire(
            title=top.text("title", non_empty=True),
            intro=top.text("intro"),
            groups=groups,
            questions=tuple(self.questions.values()),
            segments=segments,
            segment_base=base,
            segment_adjustments=self._segment_rules(rules, "adjustments", segment_ids),
            no_mesh=self._no_mesh(),
            weight_rules=self._weight_rules(),
            must_have_rules=self._must_have_rules(),
            candidate_rules=self._candidate_rules(),
            licence_rules=self._licence_rules(),
            memo=Memo(
                needed=memo.text("needed", required=True, non_empty=True),
                not_needed=memo.text("not_needed", required=True, non_empty=True),
                caveat=memo.text("caveat", required=True, non_empty=True),
                caveat_own_scores=memo.text("caveat_own_scores"),
            ),
            shortlist_min=shortlist_min,
            shortlist_max=shortlist_max,
        )
        try:  # what the fields above did not catch (they name the field; this cannot)
            check_questionnaire(questionnaire)
        except InputError as exc:
            top.fail(str(exc).rstrip("."))
        return questionnaire

    # --- small helpers -------------------------------------------------------------------------
    @staticmethod
    def _each(
        parent: Fields, key: str, spec: Spec, kind: str, *, required: bool = False
    ) -> Iterator[tuple[str, Fields]]:
        """(id, fields named after the record) for each entry of a list; ids must be unique.

        The id is read first, so that every later message names the record.
        """
        allowed, required_fields = spec
        seen: set[str] = set()
        for raw in parent.records(key, required=required):
            record_id = read_id(raw, "id", kind.capitalize())
            entry = raw.with_record(f"{kind} {record_id!r}")
            unknown = [k for k in entry.data if k not in allowed]
            if unknown:
                entry.fail(
                    f"has an unknown field {unknown[0]!r}; known fields: {', '.join(allowed)}"
                )
            missing = [k for k in required_fields if k not in entry.data]
            if missing:
                entry.fail(f"is missing the required field {missing[0]!r}")
            if record_id in seen:
                entry.fail(f"repeats the {kind} id {record_id!r}", "id")
            seen.add(record_id)
            yield record_id, entry

    def _shortlist(self) -> tuple[int, int]:
        section = self.top.sub("shortlist", allowed=("min", "max"), optional=True)
        if section is None:
            return 2, 4
        low = section.integer("min", required=True) or 0
        high = section.integer("max", required=True) or 0
        if low < 1:
            section.fail(f"should be 1 or more, not {low}", "min")
        if low > high:
            section.fail(f"min {low} is larger than max {high}")
        return low, high

    def _ids_in(
        self, entry: Fields, key: str, known: Collection[str], what: str, *, non_empty: bool = True
    ) -> tuple[str, ...]:
        """A list of ids that must all be in `known`."""
        ids = entry.texts(key)
        if non_empty and not ids:
            entry.fail(f"must list at least one {what}", key)
        for i, item in enumerate(ids):
            if item not in known:
                entry.fail(
                    f"{item!r} is not a known {what}; known: {', '.join(known)}", f"{key}[{i}]"
                )
            if item in ids[:i]:
                entry.fail(f"lists {item!r} twice", f"{key}[{i}]")
        return ids

    def _when(self, entry: Fields) -> When:
        """`when`: question id -> list of that question's option ids."""
        terms: list[tuple[str, tuple[str, ...]]] = []
        for question_id, options in entry.mapping("when").items():
            key = f"when.{question_id}"
            question = self.questions.get(question_id)
            if question is None:
                entry.fail(
                    f"names the unknown question {question_id!r}; the questions are: "
                    f"{', '.join(self.questions)}",
                    "when",
                )
            if not isinstance(options, list) or not options:
                entry.fail(
                    f"should be a non-empty list of option ids of question {question_id!r}, "
                    f"not {describe(options)}",
                    key,
                )
            for i, option in enumerate(options):
                if option not in question.option_ids:
                    entry.fail(
                        f"{describe(option)} is not an option of question {question_id!r}; "
                        f"valid options: {', '.join(question.option_ids)}",
                        f"{key}[{i}]",
                    )
            terms.append((question_id, tuple(options)))
        return When(tuple(terms))

    # --- questions and pages -------------------------------------------------------------------
    def _question(self, question_id: str, entry: Fields) -> None:
        kind = entry.choice("kind", KINDS)
        options: list[Option] = []
        for option in entry.records(
            "options", required=True, allowed=("id", "label", "help"), required_fields=("id",)
        ):
            option_id = option.text("id", required=True, non_empty=True, max_len=64)
            if not OPTION_ID.match(option_id):
                option.fail(
                    f"{option_id!r} is not a valid option id: use lower-case letters, digits, "
                    "'-', '_' or '+', starting with a letter or digit",
                    "id",
                )
            if any(o.id == option_id for o in options):
                option.fail(f"repeats the option id {option_id!r}", "id")
            options.append(
                Option(
                    option_id,
                    option.text("label", required=True, non_empty=True, max_len=200),
                    option.text("help"),
                )
            )
        if len(options) < 2:
            entry.fail("must offer at least two options", "options")
        option_ids = [o.id for o in options]
        max_choices = entry.integer("max_choices")
        if max_choices is not None:
            if kind == ONE:
                entry.fail("only a question of kind 'many' takes max_choices", "max_choices")
            if not 1 <= max_choices <= len(options):
                entry.fail(f"should be from 1 to {len(options)}, not {max_choices}", "max_choices")
        default = self._default(entry, kind, option_ids, max_choices)
        self.questions[question_id] = Question(
            id=question_id,
            kind=kind,
            title=entry.text("title", required=True, non_empty=True, max_len=200),
            text=entry.text("text", required=True, non_empty=True),
            help=entry.text("help"),
            options=tuple(options),
            default=default,
            default_note=entry.text("default_note"),
            max_choices=max_choices,
        )

    @staticmethod
    def _default(
        entry: Fields, kind: str, option_ids: list[str], max_choices: int | None
    ) -> AnswerValue:
        value = entry.raw("default")
        valid = f"valid options: {', '.join(option_ids)}"
        if kind == ONE:
            if not isinstance(value, str) or value not in option_ids:
                entry.fail(
                    f"{describe(value)} is not an option of this question; {valid}", "default"
                )
            return value
        if not isinstance(value, list):
            entry.fail(f"should be a list of option ids, not {type_name(value)}", "default")
        for i, item in enumerate(value):
            if item not in option_ids:
                entry.fail(f"{describe(item)} is not an option; {valid}", f"default[{i}]")
        if len(set(value)) != len(value):
            entry.fail("lists an option twice", "default")
        if max_choices is not None and len(value) > max_choices:
            entry.fail(f"has {len(value)} options, more than max_choices {max_choices}", "default")
        return tuple(value)

    def _groups(self) -> tuple[Group, ...]:
        groups: list[Group] = []
        placed: dict[str, str] = {}
        for group_id, entry in self._each(self.top, "groups", GROUP_FIELDS, "group", required=True):
            question_ids = self._ids_in(entry, "questions", list(self.questions), "question")
            for i, question_id in enumerate(question_ids):
                if question_id in placed:
                    entry.fail(
                        f"places {question_id!r}, which group {placed[question_id]!r} already "
                        "holds",
                        f"questions[{i}]",
                    )
                placed[question_id] = group_id
            groups.append(
                Group(
                    group_id,
                    entry.text("title", required=True, non_empty=True, max_len=200),
                    entry.text("text"),
                    question_ids,
                )
            )
        missing = [q for q in self.questions if q not in placed]
        if missing:
            self.top.fail(f"no group holds the question {missing[0]!r}", "groups")
        return tuple(groups)

    # --- segments --------------------------------------------------------------------------------
    def _segments(self) -> tuple[Segment, ...]:
        segments: list[Segment] = []
        for segment_id, entry in self._each(
            self.top, "segments", SEGMENT_FIELDS, "segment", required=True
        ):
            candidates = self._ids_in(entry, "candidates", self.tools, "tool", non_empty=False)
            self._refuse_inactive(entry, "candidates", candidates)
            segments.append(
                Segment(
                    segment_id,
                    entry.text("label", required=True, non_empty=True, max_len=200),
                    entry.text("description"),
                    candidates,
                    entry.text("candidate_reason", required=True, non_empty=True),
                )
            )
        if not segments:
            self.top.fail("must define at least one segment", "segments")
        return tuple(segments)

    def _segment_rules(
        self, rules: Fields, key: str, segment_ids: list[str]
    ) -> tuple[SegmentRule, ...]:
        found: list[SegmentRule] = []
        for rule_id, entry in self._each(
            rules, key, SEGMENT_RULE_FIELDS, "segment rule", required=key == "base"
        ):
            found.append(
                SegmentRule(
                    rule_id,
                    self._when(entry),
                    entry.choice("segment", segment_ids),
                    entry.text("reason", required=True, non_empty=True),
                )
            )
        return tuple(found)

    def _check_base_covers_everything(self, rules: Fields, base: tuple[SegmentRule, ...]) -> None:
        """Every answer must get a starting segment (meshdesk.core.questionnaire_check)."""
        gap = base_gap(self.questions, base)
        if gap is not None:
            rules.fail(gap, "base")

    # --- rules ---------------------------------------------------------------------------------
    def _no_mesh(self) -> tuple[NoMeshRule, ...]:
        found: list[NoMeshRule] = []
        for rule_id, entry in self._each(self.top, "no_mesh", NO_MESH_FIELDS, "no-mesh rule"):
            if not entry.mapping("when"):
                entry.fail(
                    "must name at least one question: a rule that always holds would "
                    "rule out every answer",
                    "when",
                )
            found.append(
                NoMeshRule(
                    rule_id,
                    self._when(entry),
                    entry.text("alternative", required=True, non_empty=True),
                    entry.text("reason", required=True, non_empty=True),
                )
            )
        return tuple(found)

    def _weight_rules(self) -> tuple[WeightRule, ...]:
        found: list[WeightRule] = []
        for rule_id, entry in self._each(
            self.top, "weight_rules", WEIGHT_RULE_FIELDS, "weight rule"
        ):
            changes_section = entry.need_sub("changes")
            if not changes_section.data:
                entry.fail("must change at least one criterion", "changes")
            changes: list[tuple[str, float]] = []
            for criterion_id, points in changes_section.data.items():
                if criterion_id not in self.criteria:
                    changes_section.fail(
                        f"names the unknown criterion {criterion_id!r}; the criteria are: "
                        f"{', '.join(self.criteria)}"
                    )
                changes.append(
                    (criterion_id, changes_section.check_number(points, criterion_id, -100, 100))
                )
            found.append(
                WeightRule(
                    rule_id,
                    entry.text("label", required=True, non_empty=True, max_len=200),
                    self._when(entry),
                    tuple(changes),
                    entry.text("reason", required=True, non_empty=True),
                )
            )
        return tuple(found)

    def _must_have_rules(self) -> tuple[MustHaveRule, ...]:
        found: list[MustHaveRule] = []
        accepted_values = [v for v in FEATURE_VALUES if v != NEVER_ACCEPTED]
        for rule_id, entry in self._each(
            self.top, "must_have_rules", MUST_HAVE_FIELDS, "must-have rule"
        ):
            feature = entry.text("feature", required=True, non_empty=True)
            if feature not in self.features:
                entry.fail(
                    f"{feature!r} is not in the dataset's feature catalogue; known features: "
                    f"{', '.join(self.features)}",
                    "feature",
                )
            accepted = entry.texts("accepted")
            if not accepted:
                entry.fail("must list at least one feature value", "accepted")
            for i, value in enumerate(accepted):
                if value == NEVER_ACCEPTED:
                    entry.fail(
                        "'unknown' cannot meet a requirement: an unconfirmed capability is "
                        "treated as missing",
                        f"accepted[{i}]",
                    )
                if value not in accepted_values:
                    entry.fail(
                        f"{value!r} is not one of {', '.join(accepted_values)}", f"accepted[{i}]"
                    )
            found.append(
                MustHaveRule(
                    rule_id,
                    entry.text("label", required=True, non_empty=True, max_len=200),
                    self._when(entry),
                    feature,
                    accepted,
                    entry.text("reason", required=True, non_empty=True),
                )
            )
        return tuple(found)

    def _candidate_rules(self) -> tuple[CandidateRule, ...]:
        found: list[CandidateRule] = []
        for rule_id, entry in self._each(
            self.top, "candidate_rules", CANDIDATE_FIELDS, "candidate rule"
        ):
            tools = self._ids_in(entry, "tools", self.tools, "tool")
            self._refuse_inactive(entry, "tools", tools)
            for i, source_id in enumerate(entry.texts("sources")):
                if source_id not in self.sources:
                    entry.fail(
                        f"cites the source {source_id!r}, which the dataset's sources do not "
                        "define",
                        f"sources[{i}]",
                    )
            found.append(
                CandidateRule(
                    rule_id,
                    self._when(entry),
                    tools,
                    entry.text("reason", required=True, non_empty=True),
                    entry.texts("sources"),
                )
            )
        return tuple(found)

    def _refuse_inactive(self, entry: Fields, key: str, tools: tuple[str, ...]) -> None:
        """No rule ever adds a platform the dataset says is no longer maintained."""
        for i, tool_id in enumerate(tools):
            status = self.inactive.get(tool_id)
            if status is not None:
                entry.fail(
                    f"adds {tool_id!r}, which the dataset says is {status}: a rule never adds a "
                    "platform that is no longer actively maintained",
                    f"{key}[{i}]",
                )

    def _licence_rules(self) -> tuple[LicenceRule, ...]:
        found: list[LicenceRule] = []
        for rule_id, entry in self._each(self.top, "licence_rules", LICENCE_FIELDS, "licence rule"):
            allow = (
                self._ids_in(entry, "allow_categories", LICENSE_CATEGORIES, "licence category")
                if entry.has("allow_categories")
                else None
            )
            caution = self._ids_in(
                entry, "caution_categories", LICENSE_CATEGORIES, "licence category", non_empty=False
            )
            if allow is not None and set(caution) - set(allow):
                entry.fail(
                    f"cautions about {sorted(set(caution) - set(allow))[0]!r}, which it does not "
                    "allow",
                    "caution_categories",
                )
            caution_text = entry.text("caution_text")
            if caution and not caution_text.strip():
                entry.fail("is needed when 'caution_categories' lists a category", "caution_text")
            found.append(
                LicenceRule(
                    rule_id,
                    self._when(entry),
                    allow,
                    entry.boolean("allow_paid", default=True),
                    entry.text("reason", required=True, non_empty=True),
                    caution,
                    caution_text,
                )
            )
        return tuple(found)

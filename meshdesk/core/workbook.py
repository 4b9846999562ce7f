"""The workbook: tools, criteria, weights, a scores matrix, cell notes, answers and metadata.

Scores live in one numpy float matrix (rows = tools, columns = criteria) with NaN meaning
"not scored". Everything else is small Python objects. Edits go through the command objects
in `meshdesk.core.commands`, which return their inverse; code outside this package reads a
workbook but does not mutate it directly.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final, NamedTuple

import numpy as np
import numpy.typing as npt

from meshdesk.core.errors import InputError
from meshdesk.core.facts import EMPTY_PROFILE, FeatureDef, Source, ToolFacts, ToolProfile
from meshdesk.core.ids import IdAllocator, id_base
from meshdesk.core.publication import Publication
from meshdesk.core.score_rule import SCALE, check_score, in_range_mask

# re-exported for older importers; the rule's home is score_rule
from meshdesk.core.score_rule import SCORE_MAX as SCORE_MAX  # noqa: PLC0414
from meshdesk.core.score_rule import SCORE_MIN as SCORE_MIN  # noqa: PLC0414
from meshdesk.core.text import bad_character, is_clean

WEIGHT_MAX: Final = 1e6  # far above any sensible percentage, and what project files allow
# Text limits, shared by every edit and by the project file reader: whatever an edit accepts
# must load again.
NAME_MAX: Final = 200
NOTE_TEXT_MAX: Final = 20_000
NOTE_SOURCE_MAX: Final = 2_000
TITLE_MAX: Final = 500
REVIEWERS_MAX: Final = 50
DESCRIPTION_MAX: Final = 20_000  # a criterion's description
ID_PATTERN: Final = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

FloatArray = npt.NDArray[np.float64]
Answers = Mapping[str, str | tuple[str, ...]]


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Tool:
    id: str
    name: str
    published_total: float | None = None
    profile: ToolProfile = EMPTY_PROFILE
    facts: ToolFacts | None = None

    @property
    def lifecycle_status(self) -> str | None:
        return self.facts.lifecycle.status if self.facts else None

    @property
    def is_active(self) -> bool:
        """A tool without lifecycle facts (one a user added) is taken as active."""
        return self.facts is None or self.facts.lifecycle.is_active


class CellNote(NamedTuple):
    """A note or piece of evidence attached to one score cell.

    A NamedTuple rather than a dataclass: a big project holds tens of thousands of notes,
    and tuples are several times cheaper to create when a file is loaded.
    """

    text: str
    source: str = ""
    date: str = ""
    evidence: str = ""  # the id of an evidence grade (data/evidence.yaml); "" = the default

    @property
    def is_empty(self) -> bool:
        return not (self.text or self.source or self.date or self.evidence)


@dataclass(frozen=True)
class Metadata:
    title: str = "Untitled evaluation"
    author: str = ""
    created: str = ""
    modified: str = ""
    app_version: str = ""
    dataset_title: str = ""
    dataset_as_of: str = ""
    reviewers: tuple[str, ...] = ()  # who reviews the decision (the memo's sign-off)


@dataclass(frozen=True)
class Catalogue:
    """Reference material the facts point into: the feature catalogue and the sources."""

    features: tuple[FeatureDef, ...] = ()
    sources: Mapping[str, Source] = field(default_factory=dict)
    score_source: str | None = None

    @property
    def score_source_title(self) -> str:
        """The title of the publication the scores come from, or a plain stand-in."""
        source = self.sources.get(self.score_source or "")
        return source.title if source is not None else "the publication"

    def feature_name(self, feature_id: str) -> str:
        for feature in self.features:
            if feature.id == feature_id:
                return feature.name
        return feature_id


def check_weight(value: float, where: str) -> float:
    """A weight is a number from 0 to WEIGHT_MAX (in the units of the weights panel): finite,
    so that the weights always add up to a finite sum, and savable in a project file."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{where}: {str(value)[:40]!r} is not a number.")
    value = float(value)
    if not math.isfinite(value) or not 0 <= value <= WEIGHT_MAX:
        raise InputError(
            f"{where}: a weight must be a number from 0 to {WEIGHT_MAX:,.0f}, not {value:.6g}."
        )
    return value


def check_text(
    value: str,
    limit: int,
    what: str,
    *,
    required: bool = False,
    single_line: bool = False,
    name: bool = False,
) -> str:
    """Text from outside (typed, pasted, imported, an argument): within its length limit, of
    characters every format MeshDesk writes can carry (meshdesk.core.text), one line where
    asked, and not empty if required."""
    if not isinstance(value, str):
        raise InputError(f"{what} must be text.")
    if required and not value.strip():
        raise InputError(f"{what} cannot be empty.")
    if len(value) > limit:
        raise InputError(f"{what} is {len(value):,} characters long; the limit is {limit:,}.")
    problem = bad_character(value, single_line=single_line)
    if problem is not None:
        raise InputError(f"{what} contains {problem}.")
    if name and value != value.strip():  # "Alpha " and "Alpha" would read as one tool
        raise InputError(f"{what} starts or ends with a space: {value.strip()[:40]!r}.")
    return value


def check_note(note: CellNote) -> CellNote:
    check_text(note.text, NOTE_TEXT_MAX, "A note")
    check_text(note.source, NOTE_SOURCE_MAX, "A note's source", single_line=True)
    check_text(note.date, 10, "A note's date", single_line=True)
    check_evidence(note.evidence)
    return note


def check_evidence(grade_id: str) -> str:
    """An evidence grade is named by its id (or "" for the default rule). Which ids exist is
    the scale's to say (meshdesk.core.uncertainty, data/evidence.yaml); here only its shape."""
    if not isinstance(grade_id, str):
        raise InputError("A note's evidence grade must be text.")
    if grade_id and not ID_PATTERN.fullmatch(grade_id):
        raise InputError(
            f"A note's evidence grade {grade_id[:40]!r} is not a grade id: use 1-64 lower-case"
            " letters, digits, '-' or '_'."
        )
    return grade_id


def check_metadata(metadata: Metadata) -> Metadata:
    for name in ("title", "author", "dataset_title"):
        check_text(
            getattr(metadata, name), TITLE_MAX, f"The {name.replace('_', ' ')}", single_line=True
        )
    if len(metadata.reviewers) > REVIEWERS_MAX:
        raise InputError(f"At most {REVIEWERS_MAX} reviewers can be named.")
    for reviewer in metadata.reviewers:
        check_text(reviewer, TITLE_MAX, "A reviewer's name", single_line=True)
        if not reviewer.strip():
            raise InputError("A reviewer's name must not be empty.")
    return metadata


def check_id(value: str, what: str) -> str:
    if not ID_PATTERN.match(value):
        raise InputError(
            f"{what} id {value!r} is not valid: use 1-64 lower-case letters, digits, '-' or '_',"
            " starting with a letter or digit."
        )
    return value


def _check_unique_named(
    items: Sequence[Tool] | Sequence[Criterion], what: str, plural: str
) -> None:
    seen: set[str] = set()
    names: set[str] = set()
    for item in items:
        check_id(item.id, what)
        if item.id in seen:
            raise InputError(f"Two {plural} share the id {item.id!r}.")
        check_text(
            item.name,
            NAME_MAX,
            f"The name of {what.lower()} {item.id!r}",
            required=True,
            single_line=True,
            name=True,
        )
        if isinstance(item, Criterion):
            check_text(item.description, DESCRIPTION_MAX, f"The description of {item.id!r}")
        key = item.name.strip().casefold()
        if key in names:
            raise InputError(f"Two {plural} share the name {item.name.strip()!r}.")
        names.add(key)
        seen.add(item.id)


def make_id(name: str, taken: Iterable[str] | IdAllocator = ()) -> str:
    """A readable id from a display name, unique among `taken` ("Ease of use" -> "ease-of-use").

    Given an `IdAllocator` (meshdesk.core.ids), the id is taken from it, in constant time.
    Given ids, the first free of base, base-2, base-3 ... is returned and nothing is
    recorded, so a caller giving ids to many rows that share a base (an import, a merge) should
    keep one IdAllocator instead: counting up from 2 for every row is quadratic.
    """
    if isinstance(taken, IdAllocator):
        return taken.take(name)
    used = taken if isinstance(taken, set | frozenset) else set(taken)  # no copy of a set
    base = id_base(name)
    candidate, n = base, 2
    while candidate in used:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


class Workbook:
    """One evaluation. Mutated only through `meshdesk.core.commands`."""

    def __init__(
        self,
        tools: Sequence[Tool],
        criteria: Sequence[Criterion],
        weights: Sequence[float] | FloatArray,
        scores: FloatArray | None = None,
        *,
        publication: Publication | None = None,
        notes: Mapping[tuple[str, str], CellNote] | None = None,
        answers: Answers | None = None,
        metadata: Metadata | None = None,
        catalogue: Catalogue | None = None,
    ) -> None:
        self.tools: list[Tool] = list(tools)
        self.criteria: list[Criterion] = list(criteria)
        self.weights: FloatArray = np.array(weights, dtype=np.float64).reshape(len(self.criteria))
        shape = (len(self.tools), len(self.criteria))
        if scores is None:
            self.scores: FloatArray = np.full(shape, np.nan)
        else:
            self.scores = np.array(scores, dtype=np.float64).reshape(shape)
        # the scores and weights as the dataset's source published them (None: the scores
        # were entered or imported, not taken from a publication)
        self.publication: Publication | None = publication
        self.notes: dict[tuple[str, str], CellNote] = dict(notes or {})
        self.answers: dict[str, str | tuple[str, ...]] = dict(answers or {})
        self.metadata: Metadata = metadata or Metadata()
        self.catalogue: Catalogue = catalogue or Catalogue()
        self._reindex()
        self.validate()

    # --- lookups -----------------------------------------------------------------------------
    def _reindex(self) -> None:
        self._tool_rows = {tool.id: i for i, tool in enumerate(self.tools)}
        self._criterion_cols = {c.id: j for j, c in enumerate(self.criteria)}

    @property
    def tool_ids(self) -> list[str]:
        return [tool.id for tool in self.tools]

    @property
    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    def has_tool(self, tool_id: str) -> bool:
        return tool_id in self._tool_rows

    def has_criterion(self, criterion_id: str) -> bool:
        return criterion_id in self._criterion_cols

    def tool_row(self, tool_id: str) -> int:
        try:
            return self._tool_rows[tool_id]
        except KeyError:
            raise InputError(f"There is no tool with id {tool_id!r}.") from None

    def criterion_col(self, criterion_id: str) -> int:
        try:
            return self._criterion_cols[criterion_id]
        except KeyError:
            raise InputError(f"There is no criterion with id {criterion_id!r}.") from None

    def tool(self, tool_id: str) -> Tool:
        return self.tools[self.tool_row(tool_id)]

    def criterion(self, criterion_id: str) -> Criterion:
        return self.criteria[self.criterion_col(criterion_id)]

    def tool_named(self, name: str) -> Tool | None:
        """The tool with this name, ignoring case and surrounding spaces."""
        key = name.strip().casefold()
        return next((t for t in self.tools if t.name.strip().casefold() == key), None)

    def criterion_named(self, name: str) -> Criterion | None:
        key = name.strip().casefold()
        return next((c for c in self.criteria if c.name.strip().casefold() == key), None)

    def score(self, tool_id: str, criterion_id: str) -> float:
        return float(self.scores[self.tool_row(tool_id), self.criterion_col(criterion_id)])

    def weight(self, criterion_id: str) -> float:
        return float(self.weights[self.criterion_col(criterion_id)])

    @property
    def published_weights(self) -> dict[str, float]:
        """The publication's weights by criterion id (criteria the user deleted included)."""
        return dict(self.publication.weights) if self.publication is not None else {}

    def weights_by_id(self) -> dict[str, float]:
        return {c.id: float(w) for c, w in zip(self.criteria, self.weights, strict=True)}

    def note(self, tool_id: str, criterion_id: str) -> CellNote | None:
        return self.notes.get((tool_id, criterion_id))

    def sorted_notes(self) -> list[tuple[str, str, CellNote]]:
        """Notes in grid order (tool order, then criterion order): stable for files and diffs."""
        keyed = [
            (self._tool_rows.get(t, -1), self._criterion_cols.get(c, -1), t, c, note)
            for (t, c), note in self.notes.items()
        ]
        keyed.sort(key=lambda k: (k[0], k[1]))
        return [(t, c, note) for _, _, t, c, note in keyed]

    # --- whole-workbook checks -----------------------------------------------------------------
    def validate(self) -> None:
        """Check the invariants every command relies on; raise InputError naming the problem."""
        _check_unique_named(self.tools, "Tool", "tools")
        _check_unique_named(self.criteria, "Criterion", "criteria")
        for criterion, weight in zip(self.criteria, self.weights, strict=True):
            check_weight(float(weight), f"Weight of {criterion.id!r}")
        filled = self.scores[~np.isnan(self.scores)]
        if filled.size and not in_range_mask(filled).all():
            bad = np.argwhere(~np.isnan(self.scores) & ~in_range_mask(self.scores))[0]
            tool, crit = self.tools[bad[0]].id, self.criteria[bad[1]].id
            raise InputError(
                f"Score of {tool!r} on {crit!r} is {self.scores[bad[0], bad[1]]:g}, "
                f"outside the range {SCALE}."
            )
        for (tool_id, criterion_id), note in self.notes.items():
            if tool_id not in self._tool_rows or criterion_id not in self._criterion_cols:
                raise InputError(
                    f"A note refers to an unknown cell ({tool_id!r}, {criterion_id!r})."
                )
            # inline checks first: a big project has tens of thousands of notes
            if (
                len(note.text) > NOTE_TEXT_MAX
                or len(note.source) > NOTE_SOURCE_MAX
                or not is_clean(note.text)
                or not is_clean(note.source, single_line=True)
                or not is_clean(note.date, single_line=True)
                or (
                    note.evidence
                    and (type(note.evidence) is not str or not ID_PATTERN.fullmatch(note.evidence))
                )
            ):
                check_note(note)
        check_metadata(self.metadata)
        if self.publication is not None:
            for criterion_id, weight in self.publication.weights.items():
                check_weight(weight, f"Published weight of {criterion_id!r}")
            for tool_id, published in self.publication.scores.items():
                for criterion_id, value in published.items():
                    if math.isnan(check_score(value, f"Published score of {tool_id!r}")):
                        raise InputError(
                            f"Published score of {tool_id!r} on {criterion_id!r} is not a number."
                        )

    # --- copies ------------------------------------------------------------------------------
    def copy(self) -> Workbook:
        """An independent copy (a snapshot for background work, or the state before an import)."""
        clone = copy.copy(self)
        clone.tools = list(self.tools)
        clone.criteria = list(self.criteria)
        clone.weights = self.weights.copy()
        clone.scores = self.scores.copy()
        clone.notes = dict(self.notes)
        clone.answers = dict(self.answers)
        clone._reindex()
        return clone

    def assign_from(self, other: Workbook) -> None:
        """Replace this workbook's whole content with a copy of another's."""
        source = other.copy()
        self.__dict__.update(source.__dict__)

    def equals(self, other: Workbook) -> bool:
        """Content equality (NaN equals NaN), used by tests and the round-trip checks."""
        return (
            self.tools == other.tools
            and self.criteria == other.criteria
            and np.array_equal(self.weights, other.weights)
            and np.array_equal(self.scores, other.scores, equal_nan=True)
            and self.publication == other.publication
            and self.notes == other.notes
            and self.answers == other.answers
            and self.metadata == other.metadata
            and self.catalogue == other.catalogue
        )

    def with_metadata(self, **changes: str | tuple[str, ...]) -> Metadata:
        return replace(self.metadata, **changes)  # type: ignore[arg-type]

    def _set_structure(self, tools: list[Tool], criteria: list[Criterion]) -> None:
        """Used by commands after inserting or removing rows or columns."""
        self.tools = tools
        self.criteria = criteria
        self._reindex()

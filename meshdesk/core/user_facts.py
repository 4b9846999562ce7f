"""Facts the user enters for a tool: lifecycle, editions and feature values, checked as the
dataset's are, and marked as the user's own.

A tool added in the window, or imported from a table MeshDesk does not know, has no facts; a
dataset tool's facts may need a correction the dataset does not have yet. What the user
changes cites the source USER_SOURCE_ID ("Entered by the user of this project"), so the
details pane, the memo and the exports tell it apart from the dataset's facts. What the user
leaves as it was keeps its own sources, so correcting one feature of a tool does not turn its
other facts into the user's.

The checks are the project file's (meshdesk/io/codec.py) with the text rule of
meshdesk/core/text.py, so whatever is accepted here saves and loads again; each refusal is
one FactsInputError naming the field (`where`), which the dialog uses to point at it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Final

from meshdesk.core.commands import Batch, Command, SetCatalogue, UpdateTool
from meshdesk.core.errors import InputError
from meshdesk.core.facts import (
    ACTIVE,
    CNCF_STATUSES,
    FEATURE_VALUES,
    LICENSE_CATEGORIES,
    LIFECYCLE_LABELS,
    LIFECYCLE_STATUSES,
    Edition,
    Fact,
    Lifecycle,
    Source,
    ToolFacts,
)
from meshdesk.core.ids import IdAllocator
from meshdesk.core.workbook import NAME_MAX, Catalogue, Workbook, check_text

USER_SOURCE_ID: Final = "user"
USER_SOURCE: Final = Source(USER_SOURCE_ID, "Entered by the user of this project")
# The project file's limits (meshdesk.io.codec and meshdesk.io.fields; tests pin them equal):
FACT_TEXT_MAX: Final = 20_000  # a summary, advice or note
EDITIONS_MAX: Final = 10
DATE_PATTERN: Final = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
NEW_KEY_PREFIX: Final = "new:"  # the key of an edition entered in this edit (it has no id yet)


class FactsInputError(InputError):
    """One refused value; `where` names the field ("lifecycle.advice", "editions[1].licence",
    "features.fips.note", "cncf")."""

    def __init__(self, message: str, where: str) -> None:
        super().__init__(message)
        self.where = where


@dataclass(frozen=True)
class EnteredLifecycle:
    status: str = ACTIVE
    since: str = ""
    summary: str = ""
    advice: str = ""


@dataclass(frozen=True)
class EnteredEdition:
    """`key`: the edition's id, or NEW_KEY_PREFIX + anything for an edition added now. Feature
    scopes refer to editions by key."""

    key: str
    name: str
    licence: str
    category: str
    paid: bool


@dataclass(frozen=True)
class EnteredFeature:
    """A feature's value; with `editions` (keys) it holds there only and `other_editions`
    (default "no") in the rest."""

    value: str = "unknown"
    note: str = ""
    editions: tuple[str, ...] = ()
    other_editions: str | None = None


@dataclass(frozen=True)
class EnteredFacts:
    lifecycle: EnteredLifecycle
    editions: tuple[EnteredEdition, ...]
    features: Mapping[str, EnteredFeature] = field(default_factory=dict)
    cncf: str = "none"
    data_plane: str = "unknown"
    latest_release: str = "unknown"


def cites_user(fact: Fact | Lifecycle) -> bool:
    """Whether a fact is one the user entered."""
    return USER_SOURCE_ID in fact.sources


def _entered_feature(fact: Fact) -> EnteredFeature:
    return EnteredFeature(fact.value, fact.note, fact.editions, fact.other_editions)


def entered_from(facts: ToolFacts | None, tool_name: str, catalogue: Catalogue) -> EnteredFacts:
    """The values a form starts from: the tool's facts, or for a tool without any, an active
    tool with one edition named after it (its licence still to be entered) and every feature
    unknown."""
    features = catalogue.features
    if facts is None:
        return EnteredFacts(
            lifecycle=EnteredLifecycle(),
            editions=(EnteredEdition(f"{NEW_KEY_PREFIX}1", tool_name, "", "open-source", False),),
            features={f.id: EnteredFeature() for f in features},
        )
    life = facts.lifecycle
    return EnteredFacts(
        lifecycle=EnteredLifecycle(life.status, life.since or "", life.summary, life.advice),
        editions=tuple(
            EnteredEdition(e.id, e.name, e.license.value, e.category, e.paid)
            for e in facts.editions
        ),
        features={f.id: _entered_feature(facts.feature(f.id)) for f in features},
        cncf=facts.cncf.value,
        data_plane=facts.data_plane.value,
        latest_release=facts.latest_release.value,
    )


# --- checks ---------------------------------------------------------------------------------


def _text(
    value: str,
    where: str,
    what: str,
    *,
    limit: int = FACT_TEXT_MAX,
    required: bool = False,
    single_line: bool = False,
) -> str:
    try:
        return check_text(value, limit, what, required=required, single_line=single_line)
    except InputError as exc:
        raise FactsInputError(str(exc), where) from None


def _choice(value: str, options: tuple[str, ...], where: str, what: str) -> str:
    if value not in options:
        raise FactsInputError(f"{what} must be one of {', '.join(options)}.", where)
    return value


def _check_lifecycle(entered: EnteredLifecycle) -> EnteredLifecycle:
    status = _choice(entered.status, LIFECYCLE_STATUSES, "lifecycle.status", "The lifecycle")
    since = entered.since.strip()
    if since and not DATE_PATTERN.match(since):
        raise FactsInputError(
            f"The lifecycle date must be written YYYY-MM-DD or YYYY-MM, not {since[:40]!r}.",
            "lifecycle.since",
        )
    summary = _text(entered.summary.strip(), "lifecycle.summary", "The lifecycle summary")
    advice = _text(entered.advice.strip(), "lifecycle.advice", "The advice")
    if status != ACTIVE and not advice:
        label = LIFECYCLE_LABELS[status].lower()
        raise FactsInputError(
            f"A tool whose lifecycle is {label} needs advice on what to use instead.",
            "lifecycle.advice",
        )
    return EnteredLifecycle(status, since, summary, advice)


def _check_editions(editions: tuple[EnteredEdition, ...]) -> tuple[EnteredEdition, ...]:
    if not editions:
        raise FactsInputError(
            "A tool needs at least one edition (the way a buyer gets it).", "editions"
        )
    if len(editions) > EDITIONS_MAX:
        raise FactsInputError(f"A tool can have at most {EDITIONS_MAX} editions.", "editions")
    checked: list[EnteredEdition] = []
    names: set[str] = set()
    keys: set[str] = set()
    for i, edition in enumerate(editions):
        where = f"editions[{i}]"
        name = _text(
            edition.name.strip(),
            f"{where}.name",
            f"The name of edition {i + 1}",
            limit=NAME_MAX,
            required=True,
            single_line=True,
        )
        if name.casefold() in names:
            raise FactsInputError(f"Two editions are named {name!r}.", f"{where}.name")
        if edition.key in keys:
            raise FactsInputError(f"Edition {name!r} is listed twice.", f"{where}.name")
        licence = edition.licence.strip()
        if not licence:
            raise FactsInputError(
                f"Edition {name!r} needs a licence (an SPDX id such as Apache-2.0, or "
                "Proprietary).",
                f"{where}.licence",
            )
        _text(
            licence,
            f"{where}.licence",
            f"The licence of {name!r}",
            limit=NAME_MAX,
            single_line=True,
        )
        category = _choice(
            edition.category, LICENSE_CATEGORIES, f"{where}.category", f"The licence of {name!r}"
        )
        if not isinstance(edition.paid, bool):
            raise FactsInputError(f"Say whether {name!r} is paid.", f"{where}.paid")
        names.add(name.casefold())
        keys.add(edition.key)
        checked.append(EnteredEdition(edition.key, name, licence, category, edition.paid))
    return tuple(checked)


def _check_feature(
    feature_id: str, name: str, entered: EnteredFeature, edition_names: Mapping[str, str]
) -> EnteredFeature:
    where = f"features.{feature_id}"
    value = _choice(entered.value, FEATURE_VALUES, f"{where}.value", f"The value of {name!r}")
    note = _text(entered.note.strip(), f"{where}.note", f"The note on {name!r}")
    for key in entered.editions:
        if key not in edition_names:
            raise FactsInputError(
                f"{name!r} holds in an edition that is no longer listed: choose where it holds.",
                f"{where}.editions",
            )
    other = entered.other_editions
    if other is not None:
        if not entered.editions:
            other = None  # a value for "the other editions" only means something with a scope
        else:
            _choice(other, FEATURE_VALUES, f"{where}.editions", f"The other editions of {name!r}")
    return EnteredFeature(value, note, tuple(dict.fromkeys(entered.editions)), other)


def check_entered(entered: EnteredFacts, catalogue: Catalogue) -> EnteredFacts:
    """The entered values, trimmed, or FactsInputError for the first bad one (in form order:
    lifecycle, editions, features, the other facts)."""
    lifecycle = _check_lifecycle(entered.lifecycle)
    editions = _check_editions(entered.editions)
    edition_names = {e.key: e.name for e in editions}
    features: dict[str, EnteredFeature] = {}
    for feature in catalogue.features:
        given = entered.features.get(feature.id, EnteredFeature())
        features[feature.id] = _check_feature(feature.id, feature.name, given, edition_names)
    cncf = _choice(entered.cncf, CNCF_STATUSES, "cncf", "The CNCF status")
    data_plane = _text(
        entered.data_plane.strip(),
        "data_plane",
        "The data plane",
        limit=NAME_MAX,
        required=True,
        single_line=True,
    )
    latest = _text(
        entered.latest_release.strip(),
        "latest_release",
        "The latest release",
        limit=NAME_MAX,
        required=True,
        single_line=True,
    )
    return EnteredFacts(lifecycle, editions, features, cncf, data_plane, latest)


# --- building -------------------------------------------------------------------------------

_BY_USER: Final = (USER_SOURCE_ID,)


def _edition_ids(
    editions: tuple[EnteredEdition, ...], previous: ToolFacts | None
) -> dict[str, str]:
    """Each entered edition's id: its own when it had one, else a new one from its name."""
    known = {e.id for e in previous.editions} if previous is not None else set()
    kept = {e.key for e in editions if e.key in known}
    ids = IdAllocator(kept)
    return {e.key: e.key if e.key in kept else ids.take(e.name) for e in editions}


def _lifecycle(entered: EnteredLifecycle, previous: ToolFacts | None) -> Lifecycle:
    if previous is not None:
        old = previous.lifecycle
        # compared as the form trims them: untouched text with a trailing line break (YAML's
        # folded style) is not a change
        shown = EnteredLifecycle(
            old.status, old.since or "", old.summary.strip(), old.advice.strip()
        )
        if entered == shown:
            return old
    return Lifecycle(
        status=entered.status,
        since=entered.since or None,
        summary=entered.summary,
        advice=entered.advice,
        sources=_BY_USER,
    )


def _edition(entered: EnteredEdition, edition_id: str, previous: ToolFacts | None) -> Edition:
    old = previous.edition(edition_id) if previous is not None else None
    if old is not None and (old.license.value.strip(), old.category, old.paid) == (
        entered.licence,
        entered.category,
        entered.paid,
    ):
        # a new name states nothing new about the licence
        return old if old.name == entered.name else replace(old, name=entered.name)
    licence = Fact(entered.licence, sources=_BY_USER, category=entered.category)
    return Edition(edition_id, entered.name, licence, entered.paid, old.note if old else "")


def _feature(
    feature_id: str, entered: EnteredFeature, ids: Mapping[str, str], previous: ToolFacts | None
) -> Fact:
    scope = tuple(ids[key] for key in entered.editions)
    if previous is not None:
        old = previous.features.get(feature_id)
        if old is not None and (old.value, old.note.strip(), old.editions, old.other_editions) == (
            entered.value,
            entered.note,
            scope,
            entered.other_editions,
        ):
            return old
    says_something = entered.value != "unknown" or bool(entered.note) or bool(scope)
    return Fact(
        entered.value,
        note=entered.note,
        sources=_BY_USER if says_something else (),
        editions=scope,
        other_editions=entered.other_editions if scope else None,
    )


def _scalar(value: str, old: Fact | None) -> Fact:
    if old is not None and old.value.strip() == value:
        return old
    # like a feature left unknown, "unknown" states nothing, so it cites nobody
    return Fact(value, sources=() if value.casefold() == "unknown" else _BY_USER)


def build_facts(
    entered: EnteredFacts, previous: ToolFacts | None, catalogue: Catalogue
) -> ToolFacts:
    """The tool's facts after the edit: what changed cites the user, the rest is kept as it
    was. Raises FactsInputError, and builds nothing, when a value is refused."""
    checked = check_entered(entered, catalogue)
    ids = _edition_ids(checked.editions, previous)
    return ToolFacts(
        lifecycle=_lifecycle(checked.lifecycle, previous),
        editions=tuple(_edition(e, ids[e.key], previous) for e in checked.editions),
        cncf=_scalar(checked.cncf, previous.cncf if previous else None),
        data_plane=_scalar(checked.data_plane, previous.data_plane if previous else None),
        latest_release=_scalar(
            checked.latest_release, previous.latest_release if previous else None
        ),
        features={
            f.id: _feature(f.id, checked.features[f.id], ids, previous) for f in catalogue.features
        },
    )


def cites_user_anywhere(facts: ToolFacts) -> bool:
    """Whether any of a tool's facts is one the user entered."""
    stated: list[Fact | Lifecycle] = [facts.lifecycle, *(f for _, f in facts.named_facts())]
    stated += [*facts.features.values(), *(e.license for e in facts.editions)]
    return any(cites_user(f) for f in stated)


def edit_facts(workbook: Workbook, tool_id: str, entered: EnteredFacts) -> Command | None:
    """The one undoable step that gives a tool the entered facts, or None when they are the
    facts it has. The user source joins the project's sources in the same step."""
    tool = workbook.tool(tool_id)
    facts = build_facts(entered, tool.facts, workbook.catalogue)
    if facts == tool.facts:
        return None
    label = f"Edit facts of {tool.name}"
    steps: list[Command] = []
    sources = workbook.catalogue.sources
    if cites_user_anywhere(facts) and USER_SOURCE_ID not in sources:
        # first, so that the new facts cite a source the project defines
        catalogue = replace(workbook.catalogue, sources={**sources, USER_SOURCE_ID: USER_SOURCE})
        steps.append(SetCatalogue(catalogue, label))
    # a Batch even of one: the views then refresh the tool's row and the ranking's highlight
    # (its lifecycle decides whether it can be shortlisted)
    steps.append(UpdateTool(replace(tool, facts=facts), "Edit facts"))
    return Batch(tuple(steps), label)

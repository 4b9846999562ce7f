"""What the dataset says about each tool: a descriptive profile and dated facts with sources.

These are plain immutable values. Nothing here knows about service meshes in particular: the
feature catalogue, the lifecycle of each tool and the sources all come from `data/`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

ACTIVE: Final = "active"
LIFECYCLE_STATUSES: Final = ("active", "maintenance", "dormant", "archived", "end-of-support")
LIFECYCLE_LABELS: Final = {
    "active": "Active",
    "maintenance": "Maintenance only",
    "dormant": "Dormant",
    "archived": "Archived",
    "end-of-support": "End of support",
}
FEATURE_VALUES: Final = ("yes", "no", "partial", "unknown")
# How strongly a value states a capability, for choosing among a tool's editions.
FEATURE_STRENGTH: Final = {"yes": 3, "partial": 2, "no": 1, "unknown": 0}
# open-source: an OSI-approved licence; source-available: the code is public under terms that
# are not open source (BUSL-1.1, for example); proprietary: a vendor's licence; managed-service:
# run by a cloud provider, paid by use.
LICENSE_CATEGORIES: Final = ("open-source", "source-available", "proprietary", "managed-service")
CNCF_STATUSES: Final = ("graduated", "incubating", "sandbox", "archived", "none")
DEPLOYMENT_MODELS: Final = ("cloud", "self-hosted", "hybrid")


def _frozen_map(items: Mapping[str, object] | None = None) -> Mapping[str, object]:
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True)
class Source:
    """A document a fact cites, by its short id (for example `I4`)."""

    id: str
    title: str
    url: str | None = None
    note: str = ""
    third_party: bool = False


@dataclass(frozen=True)
class Fact:
    """One statement about a tool, with where it comes from and how sure it is."""

    value: str
    date: str | None = None
    note: str = ""
    sources: tuple[str, ...] = ()
    unverified: bool = False
    third_party: bool = False
    category: str | None = None
    # A feature that differs by edition: `value` holds in these editions of the tool, and
    # `other_editions` (default "no") in the rest. Empty: the value holds in every edition.
    editions: tuple[str, ...] = ()
    other_editions: str | None = None

    @property
    def certain(self) -> bool:
        return not (self.unverified or self.third_party)

    def value_in(self, edition_id: str) -> str:
        """The value this fact states for one edition of its tool."""
        if not self.editions or edition_id in self.editions:
            return self.value
        return self.other_editions or "no"


@dataclass(frozen=True)
class Edition:
    """One way a buyer gets the tool: its licence, and whether it costs money."""

    id: str  # "open-source", "enterprise", "managed", ...
    name: str  # "Kong Mesh"
    license: Fact  # value: an SPDX id or "proprietary"; category: one of LICENSE_CATEGORIES
    paid: bool  # production use costs a licence, a subscription or service fees
    note: str = ""  # what a buyer must know ("edge releases only")

    @property
    def category(self) -> str:
        return self.license.category or "proprietary"


@dataclass(frozen=True)
class Lifecycle:
    """Whether a tool is still alive, since when, and what to use instead if not."""

    status: str
    since: str | None = None
    summary: str = ""
    advice: str = ""
    sources: tuple[str, ...] = ()
    unverified: bool = False
    third_party: bool = False
    note: str = ""

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE

    @property
    def label(self) -> str:
        return LIFECYCLE_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class FeatureDef:
    """One entry of the dataset's feature catalogue."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class ToolFacts:
    lifecycle: Lifecycle
    editions: tuple[Edition, ...]  # at least one; the first is the one most buyers meet first
    cncf: Fact
    data_plane: Fact
    latest_release: Fact
    features: Mapping[str, Fact] = field(default_factory=_frozen_map)  # type: ignore[arg-type]

    @property
    def license(self) -> Fact:
        """The licence of the first edition (the project itself, where there is one)."""
        return self.editions[0].license

    def edition(self, edition_id: str) -> Edition | None:
        return next((e for e in self.editions if e.id == edition_id), None)

    def feature(self, feature_id: str) -> Fact:
        """The fact for a feature; a feature the dataset does not cover is `unknown`."""
        found = self.features.get(feature_id)
        return found if found is not None else Fact("unknown", unverified=True)

    def feature_in(
        self, feature_id: str, editions: tuple[Edition, ...]
    ) -> tuple[str, Edition | None]:
        """The strongest value a feature has in any of `editions`, and the edition that has it
        (the first of them on a tie); ("unknown", None) when `editions` is empty."""
        fact = self.feature(feature_id)
        best: tuple[str, Edition | None] = ("unknown", None)
        for edition in editions:
            value = fact.value_in(edition.id)
            if best[1] is None or FEATURE_STRENGTH[value] > FEATURE_STRENGTH[best[0]]:
                best = (value, edition)
        return best

    def named_facts(self) -> list[tuple[str, Fact]]:
        """The scalar facts with their field names, in display order."""
        return [
            ("license", self.license),
            ("cncf", self.cncf),
            ("data_plane", self.data_plane),
            ("latest_release", self.latest_release),
        ]


def edition_wording(fact: Fact, editions: tuple[Edition, ...]) -> str:
    """A feature value with the editions it depends on, for people: "yes",
    "yes, Example Enterprise only", "yes in Example Pro; partial in the other editions"."""
    if not fact.editions:
        return fact.value
    names = [e.name for e in editions if e.id in fact.editions] or list(fact.editions)
    listed = " and ".join(names)
    others = fact.other_editions or "no"
    if others == "no":
        return f"{fact.value}, {listed} only"
    return f"{fact.value} in {listed}; {others} in the other editions"


def licence_wording(edition: Edition) -> str:
    """ "BUSL-1.1 (source-available)"; "Proprietary" (the category would only repeat it)."""
    value = edition.license.value
    if edition.category.replace("-", " ") in value.casefold():
        return value
    return f"{value} ({edition.category})"


def edition_summary(edition: Edition) -> str:
    """ "Example Enterprise: Proprietary, paid"; "Example: BUSL-1.1 (source-available), free"."""
    return f"{edition.name}: {licence_wording(edition)}, {'paid' if edition.paid else 'free'}"


@dataclass(frozen=True)
class Link:
    title: str
    url: str


# The limits of a profile's text, checked wherever a profile is read (meshdesk.io.codec, for
# the dataset's tool files and the project file) and documented in data/README.md. Generous for
# real prose (the bundled dataset's longest description has 434 characters, its longest list
# item 99, its longest list 7 items), and small enough that the memo can lay out any profile.
PROFILE_TEXT_MAX: Final = 5_000  # characters of `description`, `best_for`, `standout`
PROFILE_ITEM_MAX: Final = 1_000  # characters of one item of a list (`pros`, `key_features`, ...)
PROFILE_ITEMS_MAX: Final = 50  # items in each list, links included
PROFILE_LINK_TITLE_MAX: Final = 200  # characters of a link's title
PROFILE_LINK_URL_MAX: Final = 2_000  # characters of a link's address


@dataclass(frozen=True)
class ToolProfile:
    """Descriptive text about a tool, written for people, not rules. Its limits are the
    PROFILE_* constants above."""

    description: str = ""
    best_for: str = ""
    standout: str = ""
    key_features: tuple[str, ...] = ()
    pros: tuple[str, ...] = ()
    cons: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    deployment: tuple[str, ...] = ()
    integrations: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self == EMPTY_PROFILE


EMPTY_PROFILE: Final = ToolProfile()

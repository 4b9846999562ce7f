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

    @property
    def certain(self) -> bool:
        return not (self.unverified or self.third_party)


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
    license: Fact
    cncf: Fact
    data_plane: Fact
    latest_release: Fact
    features: Mapping[str, Fact] = field(default_factory=_frozen_map)  # type: ignore[arg-type]

    def feature(self, feature_id: str) -> Fact:
        """The fact for a feature; a feature the dataset does not cover is `unknown`."""
        found = self.features.get(feature_id)
        return found if found is not None else Fact("unknown", unverified=True)

    def named_facts(self) -> list[tuple[str, Fact]]:
        """The scalar facts with their field names, in display order."""
        return [
            ("license", self.license),
            ("cncf", self.cncf),
            ("data_plane", self.data_plane),
            ("latest_release", self.latest_release),
        ]


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

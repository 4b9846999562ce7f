"""Bring a project's facts up to date with a newer dataset, touching nothing of the user's.

A project keeps its own copy of each tool's facts (so it opens the same way years later). When
the dataset it was made from has newer facts (a product died, a licence changed, a feature
moved to a paid edition), a refresh replaces the facts, lifecycle, editions and profile of
every tool the dataset knows, by id. It adds no tool and deletes none, and never changes the
user's scores, notes, weights, answers or tool names; tools the dataset does not know are
listed and left alone. The catalogue (features, sources) takes the dataset's, keeping any
source only the project has. One command, so one undo step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Final

from meshdesk.core.commands import Batch, Command, SetCatalogue, SetMetadata, UpdateTool
from meshdesk.core.facts import ToolFacts, ToolProfile, edition_summary, edition_wording
from meshdesk.core.workbook import Catalogue, Metadata, Tool, Workbook

SHOWN_MAX: Final = 200  # characters of an old or new value in a change


@dataclass(frozen=True)
class Change:
    """One statement that differs: `fact` is "lifecycle", "editions", "features.fips", ..."""

    tool_id: str
    fact: str
    old: str
    new: str


@dataclass(frozen=True)
class Refresh:
    from_as_of: str
    to_as_of: str
    lifecycle: tuple[Change, ...]
    facts: tuple[Change, ...]
    unknown_tools: tuple[str, ...]
    command: Command

    @property
    def changes_anything(self) -> bool:
        return bool(self.lifecycle or self.facts)


def facts_are_older(metadata: Metadata, dataset_title: str, dataset_as_of: str) -> bool:
    """Whether a project made from this dataset has facts older than the dataset's (ISO dates
    compare as text)."""
    return (
        bool(metadata.dataset_as_of)
        and metadata.dataset_title == dataset_title
        and metadata.dataset_as_of < dataset_as_of
    )


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1] + "…"


def _fact_texts(facts: ToolFacts | None, features: Iterable[str]) -> dict[str, str]:
    """Every comparable statement of a tool's facts, in words."""
    if facts is None:
        return {}
    life = facts.lifecycle
    texts = {
        "editions": "; ".join(edition_summary(e) for e in facts.editions),
        "cncf": facts.cncf.value,
        "data_plane": facts.data_plane.value,
        "latest_release": " ".join(
            x for x in (facts.latest_release.value, facts.latest_release.date) if x
        ),
        "lifecycle.summary": life.summary,
        "lifecycle.advice": life.advice,
    }
    for feature_id in features:
        fact = facts.feature(feature_id)
        doubt = " (unverified)" if fact.unverified else ""
        texts[f"features.{feature_id}"] = edition_wording(fact, facts.editions) + doubt
    return texts


def _profile_texts(profile: ToolProfile) -> dict[str, str]:
    return {
        f"profile.{name}": value if isinstance(value, str) else "; ".join(map(str, value))
        for name, value in (
            ("description", profile.description),
            ("best_for", profile.best_for),
            ("standout", profile.standout),
            ("pros", profile.pros),
            ("cons", profile.cons),
            ("key_features", profile.key_features),
        )
    }


def _lifecycle_text(facts: ToolFacts | None) -> str:
    if facts is None:
        return "not recorded"
    life = facts.lifecycle
    return life.status + (f" since {life.since}" if life.since else "")


def plan_refresh(
    project: Workbook,
    dataset_tools: Iterable[Tool],
    catalogue: Catalogue,
    *,
    dataset_title: str,
    dataset_as_of: str,
) -> Refresh:
    """What a refresh from the dataset would change, and the command that does it."""
    known = {t.id: t for t in dataset_tools}
    feature_ids = [f.id for f in catalogue.features]
    lifecycle: list[Change] = []
    facts: list[Change] = []
    updates: list[Command] = []
    for tool in project.tools:
        fresh = known.get(tool.id)
        if fresh is None:
            continue
        old_life, new_life = _lifecycle_text(tool.facts), _lifecycle_text(fresh.facts)
        if old_life != new_life:
            lifecycle.append(Change(tool.id, "lifecycle", old_life, new_life))
        old = _fact_texts(tool.facts, feature_ids) | _profile_texts(tool.profile)
        new = _fact_texts(fresh.facts, feature_ids) | _profile_texts(fresh.profile)
        facts += [
            Change(tool.id, key, _cut(old.get(key, "")), _cut(new[key]))
            for key in new
            if old.get(key, "") != new[key]
        ]
        if tool.facts != fresh.facts or tool.profile != fresh.profile:
            updated = replace(tool, facts=fresh.facts, profile=fresh.profile)
            updates.append(UpdateTool(updated, "Refresh facts"))
    # The dataset's catalogue, plus what only the project has: a tool the dataset does not
    # know may cite those sources and answer those features, and must still load.
    merged_sources = dict(project.catalogue.sources)
    merged_sources.update(catalogue.sources)
    fresh_features = {f.id for f in catalogue.features}
    kept = tuple(f for f in project.catalogue.features if f.id not in fresh_features)
    new_catalogue = replace(catalogue, features=catalogue.features + kept, sources=merged_sources)
    metadata = replace(project.metadata, dataset_title=dataset_title, dataset_as_of=dataset_as_of)
    # the catalogue first: the refreshed facts cite its sources and answer its features
    steps: list[Command] = [SetCatalogue(new_catalogue), *updates, SetMetadata(metadata)]
    return Refresh(
        from_as_of=project.metadata.dataset_as_of,
        to_as_of=dataset_as_of,
        lifecycle=tuple(lifecycle),
        facts=tuple(facts),
        unknown_tools=tuple(t.id for t in project.tools if t.id not in known),
        command=Batch(tuple(steps), "Refresh facts"),
    )

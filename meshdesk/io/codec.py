"""Tool records, facts, sources and criteria to and from plain dicts.

Shared by the dataset files (YAML) and the project file (JSON) so both describe a tool the
same way. Readers validate as they go (see meshdesk.io.fields); writers emit keys in a fixed
order and leave out empty optional fields, so files diff cleanly.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from meshdesk.core.errors import InputError
from meshdesk.core.facts import (
    CNCF_STATUSES,
    DEPLOYMENT_MODELS,
    EMPTY_PROFILE,
    FEATURE_VALUES,
    LICENSE_CATEGORIES,
    LIFECYCLE_STATUSES,
    PROFILE_ITEM_MAX,
    PROFILE_ITEMS_MAX,
    PROFILE_LINK_TITLE_MAX,
    PROFILE_LINK_URL_MAX,
    PROFILE_TEXT_MAX,
    Edition,
    Fact,
    FeatureDef,
    Lifecycle,
    Link,
    Source,
    ToolFacts,
    ToolProfile,
)
from meshdesk.core.workbook import NAME_MAX, Criterion, check_id
from meshdesk.io.fields import Fields

FACT_FIELDS = ("value", "date", "note", "sources", "unverified", "third_party", "category")
FEATURE_FIELDS = (*FACT_FIELDS[:-1], "editions", "other_editions")
EDITION_FIELDS = ("id", "name", "license", "paid", "note")
EDITIONS_MAX = 10
LIFECYCLE_FIELDS = (
    "status",
    "since",
    "summary",
    "advice",
    "sources",
    "unverified",
    "third_party",
    "note",
)
PROFILE_LISTS = ("key_features", "pros", "cons", "platforms", "integrations")
PROFILE_FIELDS = (
    "description",
    "best_for",
    "standout",
    *PROFILE_LISTS,
    "deployment",
    "links",
)
FACTS_FIELDS = ("lifecycle", "editions", "cncf", "data_plane", "latest_release", "features")
# project files of schema versions 1 and 2 had one licence per tool, no editions
LEGACY_FACTS_FIELDS = ("lifecycle", "license", "cncf", "data_plane", "latest_release", "features")
LEGACY_EDITION_ID = "default"
TOOL_FIELDS = ("id", "name", "published_total", "scores", "profile", "facts")


def read_id(fields: Fields, key: str, what: str) -> str:
    value = fields.text(key, required=True, non_empty=True, max_len=64)
    try:
        check_id(value, what)
    except InputError as exc:
        fields.fail(str(exc).rstrip("."), key)
    return value


def read_sources_list(fields: Fields, key: str, known: Collection[str]) -> tuple[str, ...]:
    ids = fields.texts(key)
    for i, source_id in enumerate(ids):
        if source_id not in known:
            fields.fail(
                f"cites the source {source_id!r}, which the sources list does not define",
                f"{key}[{i}]",
            )
    return ids


def read_fact(
    fields: Fields,
    known_sources: Collection[str],
    *,
    values: tuple[str, ...] | None = None,
    categories: tuple[str, ...] | None = None,
) -> Fact:
    if values is not None:
        value = fields.choice("value", values)
    else:
        value = fields.text("value", required=True, non_empty=True)
    if categories:
        category: str | None = fields.choice("category", categories)
    elif fields.has("category"):
        fields.fail("only the licence fact takes a category", "category")
    else:
        category = None
    return Fact(
        value=value,
        date=fields.date("date"),
        note=fields.text("note"),
        sources=read_sources_list(fields, "sources", known_sources),
        unverified=fields.boolean("unverified"),
        third_party=fields.boolean("third_party"),
        category=category,
    )


def read_lifecycle(fields: Fields, known_sources: Collection[str]) -> Lifecycle:
    status = fields.choice("status", LIFECYCLE_STATUSES)
    advice = fields.text("advice")
    if status != "active" and not advice.strip():
        fields.fail(f"a tool that is {status} needs 'advice' on what to use instead")
    return Lifecycle(
        status=status,
        since=fields.date("since"),
        summary=fields.text("summary"),
        advice=advice,
        sources=read_sources_list(fields, "sources", known_sources),
        unverified=fields.boolean("unverified"),
        third_party=fields.boolean("third_party"),
        note=fields.text("note"),
    )


def read_editions(fields: Fields, known_sources: Collection[str]) -> tuple[Edition, ...]:
    """A tool's editions: at least one, each with a licence (and its category) and whether
    it costs money."""
    records = fields.items("editions", required=True, max_items=EDITIONS_MAX)
    if not records:
        fields.fail("needs at least one edition", "editions")
    editions: list[Edition] = []
    for entry in fields.records(
        "editions", allowed=EDITION_FIELDS, required_fields=("id", "name", "license", "paid")
    ):
        edition_id = read_id(entry, "id", "Edition")
        if any(e.id == edition_id for e in editions):
            entry.fail(f"repeats the edition id {edition_id!r}", "id")
        licence = entry.need_sub("license", allowed=FACT_FIELDS, required=("value", "category"))
        paid = entry.raw("paid")
        if not isinstance(paid, bool):
            entry.fail("should be true or false (does production use cost money?)", "paid")
        editions.append(
            Edition(
                id=edition_id,
                name=entry.text("name", required=True, non_empty=True, max_len=NAME_MAX),
                license=read_fact(licence, known_sources, categories=LICENSE_CATEGORIES),
                paid=paid,
                note=entry.text("note"),
            )
        )
    return tuple(editions)


def _legacy_editions(fields: Fields, known_sources: Collection[str]) -> tuple[Edition, ...]:
    """One edition from the single licence of a version 1 or 2 project file."""
    licence_fields = fields.need_sub("license", allowed=FACT_FIELDS, required=("value",))
    licence = read_fact(licence_fields, known_sources, categories=LICENSE_CATEGORIES)
    paid = licence.category in ("proprietary", "managed-service")
    return (Edition(LEGACY_EDITION_ID, "The product", licence, paid),)


def read_feature(
    entry: Fields, known_sources: Collection[str], editions: tuple[Edition, ...]
) -> Fact:
    """A feature fact; `editions` and `other_editions` say where it holds when it differs by
    edition."""
    fact = read_fact(entry, known_sources, values=FEATURE_VALUES)
    names = entry.texts("editions", max_items=EDITIONS_MAX)
    known = {e.id for e in editions}
    for i, edition_id in enumerate(names):
        if edition_id not in known:
            entry.fail(
                f"names the edition {edition_id!r}, which the tool does not list", f"editions[{i}]"
            )
    other = (
        entry.choice("other_editions", FEATURE_VALUES, required=False)
        if entry.has("other_editions")
        else None
    )
    if other is not None and not names:
        entry.fail(
            "only a fact that names its editions has a value for the other editions",
            "other_editions",
        )
    return replace(fact, editions=names, other_editions=other)


def read_facts(
    fields: Fields,
    feature_ids: Collection[str],
    known_sources: Collection[str],
    *,
    legacy: bool = False,
) -> ToolFacts:
    def sub(key: str) -> Fields:
        return fields.need_sub(key, allowed=FACT_FIELDS, required=("value",))

    editions = (
        _legacy_editions(fields, known_sources) if legacy else read_editions(fields, known_sources)
    )
    features_fields = fields.need_sub("features")
    features: dict[str, Fact] = {}
    for feature_id in features_fields.data:
        if feature_id not in feature_ids:
            features_fields.fail(
                f"names the feature {feature_id!r}, which the feature catalogue does not define"
            )
        entry = features_fields.need_sub(
            feature_id, allowed=FACT_FIELDS if legacy else FEATURE_FIELDS, required=("value",)
        )
        features[feature_id] = read_feature(entry, known_sources, editions)
    missing = [f for f in feature_ids if f not in features]
    if missing:
        features_fields.fail(
            f"has no entry for the feature {missing[0]!r} (use value 'unknown' if unsure)"
        )
    return ToolFacts(
        lifecycle=read_lifecycle(
            fields.need_sub("lifecycle", allowed=LIFECYCLE_FIELDS, required=("status",)),
            known_sources,
        ),
        editions=editions,
        cncf=read_fact(sub("cncf"), known_sources, values=CNCF_STATUSES),
        data_plane=read_fact(sub("data_plane"), known_sources),
        latest_release=read_fact(sub("latest_release"), known_sources),
        features={f: features[f] for f in feature_ids},
    )


def _read_link(link: Fields) -> Link:
    url = link.text("url", required=True, non_empty=True, max_len=PROFILE_LINK_URL_MAX)
    if not url.startswith(("https://", "http://")):
        link.fail(f"{url!r} is not an http(s) address", "url")  # no file:// or custom schemes
    title = link.text("title", required=True, non_empty=True, max_len=PROFILE_LINK_TITLE_MAX)
    return Link(title=title, url=url)


def _profile_list(fields: Fields, key: str) -> tuple[str, ...]:
    """A list of the profile: at most PROFILE_ITEMS_MAX items of PROFILE_ITEM_MAX characters."""
    items = fields.texts(key, max_items=PROFILE_ITEMS_MAX)
    for i, item in enumerate(items):
        if len(item) > PROFILE_ITEM_MAX:
            fields.fail(
                f"is {len(item):,} characters long; the limit for an item is {PROFILE_ITEM_MAX:,}",
                f"{key}[{i}]",
            )
    return items


def read_profile(fields: Fields) -> ToolProfile:
    """A tool's profile, within the PROFILE_* limits of meshdesk.core.facts."""
    deployment = fields.texts("deployment", max_items=PROFILE_ITEMS_MAX)
    for i, model in enumerate(deployment):
        if model not in DEPLOYMENT_MODELS:
            fields.fail(
                f"{model!r} is not one of {', '.join(DEPLOYMENT_MODELS)}", f"deployment[{i}]"
            )
    fields.items("links", max_items=PROFILE_ITEMS_MAX)  # a list, and not too long
    links = tuple(_read_link(link) for link in fields.records("links", allowed=("title", "url")))
    return ToolProfile(
        description=fields.text("description", max_len=PROFILE_TEXT_MAX),
        best_for=fields.text("best_for", max_len=PROFILE_TEXT_MAX),
        standout=fields.text("standout", max_len=PROFILE_TEXT_MAX),
        key_features=_profile_list(fields, "key_features"),
        pros=_profile_list(fields, "pros"),
        cons=_profile_list(fields, "cons"),
        platforms=_profile_list(fields, "platforms"),
        deployment=deployment,
        integrations=_profile_list(fields, "integrations"),
        links=links,
    )


def read_tool_description(
    fields: Fields,
    feature_ids: Collection[str],
    known_sources: Collection[str],
    *,
    legacy: bool = False,
) -> tuple[str, str, float | None, ToolProfile, ToolFacts | None]:
    """id, name, published total, profile and facts of a tool record (scores are read apart).
    `legacy`: facts in the one-licence form of project schema versions 1 and 2."""
    tool_id = read_id(fields, "id", "Tool")
    fields = fields.with_record(f"tool {tool_id!r}")
    name = fields.text("name", required=True, non_empty=True, max_len=NAME_MAX)
    published = fields.number("published_total", lo=0, hi=10)
    profile_fields = fields.sub("profile", allowed=PROFILE_FIELDS, optional=True)
    profile = read_profile(profile_fields) if profile_fields else EMPTY_PROFILE
    shape = LEGACY_FACTS_FIELDS if legacy else FACTS_FIELDS
    facts_fields = fields.sub("facts", allowed=shape, required=shape, optional=True)
    facts = (
        read_facts(facts_fields, feature_ids, known_sources, legacy=legacy)
        if facts_fields
        else None
    )
    if facts is not None and legacy:  # the one edition is the tool itself
        facts = replace(facts, editions=(replace(facts.editions[0], name=name),))
    return tool_id, name, published, profile, facts


def read_sources(fields: Fields, key: str = "sources") -> dict[str, Source]:
    table = fields.mapping(key, required=True)
    sources: dict[str, Source] = {}
    for source_id in table:
        entry = fields.need_sub(key).need_sub(
            source_id, allowed=("title", "url", "note", "third_party"), required=("title",)
        )
        url = entry.optional_text("url")
        if url is not None and not url.startswith(("https://", "http://")):
            entry.fail(f"{url!r} is not an http(s) address", "url")
        sources[source_id] = Source(
            id=source_id,
            title=entry.text("title", non_empty=True),
            url=url,
            note=entry.text("note"),
            third_party=entry.boolean("third_party"),
        )
    return sources


def read_features(fields: Fields) -> tuple[FeatureDef, ...]:
    features = []
    seen: set[str] = set()
    for entry in fields.records(
        "features", allowed=("id", "name", "description"), required_fields=("id", "name")
    ):
        feature_id = read_id(entry, "id", "Feature")
        if feature_id in seen:
            entry.fail(f"repeats the feature id {feature_id!r}", "id")
        seen.add(feature_id)
        features.append(
            FeatureDef(feature_id, entry.text("name", non_empty=True), entry.text("description"))
        )
    return tuple(features)


def read_criterion(fields: Fields) -> Criterion:
    return Criterion(
        id=read_id(fields, "id", "Criterion"),
        name=fields.text("name", required=True, non_empty=True, max_len=NAME_MAX),
        description=fields.text("description"),
    )


# --- writers --------------------------------------------------------------------------------


def _drop_empty(record: dict[str, Any], keep: Collection[str] = ()) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k in keep or v not in (None, "", (), [], False)}


def fact_to_dict(fact: Fact) -> dict[str, Any]:
    return _drop_empty(
        {
            "value": fact.value,
            "category": fact.category,
            "editions": list(fact.editions),
            "other_editions": fact.other_editions,
            "date": fact.date,
            "note": fact.note,
            "sources": list(fact.sources),
            "unverified": fact.unverified,
            "third_party": fact.third_party,
        },
        keep=("value",),
    )


def edition_to_dict(edition: Edition) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": edition.id,
            "name": edition.name,
            "license": fact_to_dict(edition.license),
            "paid": edition.paid,
            "note": edition.note,
        },
        keep=("id", "name", "license", "paid"),
    )


def lifecycle_to_dict(life: Lifecycle) -> dict[str, Any]:
    return _drop_empty(
        {
            "status": life.status,
            "since": life.since,
            "summary": life.summary,
            "advice": life.advice,
            "sources": list(life.sources),
            "unverified": life.unverified,
            "third_party": life.third_party,
            "note": life.note,
        },
        keep=("status",),
    )


def facts_to_dict(facts: ToolFacts) -> dict[str, Any]:
    return {
        "lifecycle": lifecycle_to_dict(facts.lifecycle),
        "editions": [edition_to_dict(e) for e in facts.editions],
        "cncf": fact_to_dict(facts.cncf),
        "data_plane": fact_to_dict(facts.data_plane),
        "latest_release": fact_to_dict(facts.latest_release),
        "features": {fid: fact_to_dict(f) for fid, f in facts.features.items()},
    }


def profile_to_dict(profile: ToolProfile) -> dict[str, Any]:
    return _drop_empty(
        {
            "description": profile.description,
            "best_for": profile.best_for,
            "standout": profile.standout,
            **{key: list(getattr(profile, key)) for key in PROFILE_LISTS},
            "deployment": list(profile.deployment),
            "links": [{"title": link.title, "url": link.url} for link in profile.links],
        }
    )


def sources_to_dict(sources: Mapping[str, Source]) -> dict[str, Any]:
    return {
        sid: _drop_empty(
            {"title": s.title, "url": s.url, "note": s.note, "third_party": s.third_party},
            keep=("title", "url"),
        )
        for sid, s in sources.items()
    }

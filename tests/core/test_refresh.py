"""Refreshing a project's facts from a newer dataset (meshdesk.core.refresh), on the mini
fixture: what changes, what never does, and that one undo brings the old facts back."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from meshdesk.core.commands import (
    AddTool,
    SetAnswers,
    SetCatalogue,
    SetMetadata,
    SetNote,
    SetScores,
    SetWeights,
    UpdateTool,
)
from meshdesk.core.facts import Fact, Lifecycle
from meshdesk.core.refresh import facts_are_older, plan_refresh
from meshdesk.core.workbook import CellNote, Tool

OLD_AS_OF = "2025-06-01"


def _snapshot(workbook):  # type: ignore[no-untyped-def]
    return (
        list(workbook.tools),
        list(workbook.criteria),
        workbook.scores.copy(),
        workbook.weights.copy(),
        dict(workbook.notes),
        dict(workbook.answers),
        workbook.metadata,
        workbook.catalogue,
    )


def _same(a, b) -> bool:  # type: ignore[no-untyped-def]
    return all(
        np.array_equal(x, y, equal_nan=True) if isinstance(x, np.ndarray) else x == y
        for x, y in zip(a, b, strict=True)
    )


def _stale_project(mini_dataset):  # type: ignore[no-untyped-def]
    """A project made from an older edition of the mini dataset, then worked on by its user:
    alpha was still active then and bravo had no FIPS builds; the user changed a score, wrote
    a note, set weights and answers, and added a tool of their own."""
    project = mini_dataset.new_workbook(title="Old evaluation")
    SetMetadata(replace(project.metadata, dataset_as_of=OLD_AS_OF)).apply(project)
    alpha = project.tool("alpha")
    old_life = Lifecycle("active", sources=alpha.facts.lifecycle.sources)
    UpdateTool(
        replace(alpha, name="Alpha (our fork)", facts=replace(alpha.facts, lifecycle=old_life))
    ).apply(project)
    bravo = project.tool("bravo")
    features = dict(bravo.facts.features)
    features["fips"] = Fact("no", sources=("B1",))
    UpdateTool(replace(bravo, facts=replace(bravo.facts, features=features))).apply(project)
    SetScores((("alpha", "depth", 4.0),)).apply(project)
    SetNote("bravo", "ease", CellNote("Measured in our lab", "run 7")).apply(project)
    SetWeights((("depth", 10.0), ("ease", 10.0), ("cost", 80.0))).apply(project)
    SetAnswers({"size": "large"}).apply(project)
    AddTool(Tool("zulu", "Zulu (in-house)"), scores=(("depth", 5.0),)).apply(project)
    return project


def _plan(project, dataset):  # type: ignore[no-untyped-def]
    return plan_refresh(
        project,
        dataset.tools,
        dataset.catalogue,
        dataset_title=dataset.title,
        dataset_as_of=dataset.as_of,
    )


def _make_alpha_archived(dataset):  # type: ignore[no-untyped-def]
    """The mini dataset with alpha archived, as a newer dataset would say."""
    life = Lifecycle("archived", "2026-01-01", "Archived.", "Use bravo.", ("A1",))
    tools = tuple(
        replace(t, facts=replace(t.facts, lifecycle=life)) if t.id == "alpha" else t
        for t in dataset.tools
    )
    return replace(dataset, tools=tools)


def test_a_project_older_than_its_dataset_is_said_to_be_older(mini_dataset, mini_workbook):
    meta = mini_workbook.metadata
    assert meta.dataset_as_of == mini_dataset.as_of
    assert not facts_are_older(meta, mini_dataset.title, mini_dataset.as_of)
    older = replace(meta, dataset_as_of=OLD_AS_OF)
    assert facts_are_older(older, mini_dataset.title, mini_dataset.as_of)
    # Another dataset, or a project whose dataset date is unknown: nothing to compare.
    assert not facts_are_older(older, "Another dataset", mini_dataset.as_of)
    assert not facts_are_older(replace(meta, dataset_as_of=""), meta.dataset_title, "2099-01-01")


def test_the_plan_lists_lifecycle_and_fact_changes_and_unknown_tools(mini_dataset):
    newer = _make_alpha_archived(mini_dataset)
    plan = _plan(_stale_project(mini_dataset), newer)
    assert (plan.from_as_of, plan.to_as_of) == (OLD_AS_OF, mini_dataset.as_of)
    assert [(c.tool_id, c.old, c.new) for c in plan.lifecycle] == [
        ("alpha", "active", "archived since 2026-01-01")
    ]
    fips = next(c for c in plan.facts if (c.tool_id, c.fact) == ("bravo", "features.fips"))
    assert (fips.old, fips.new) == ("no", "yes, Bravo Enterprise only")
    assert plan.unknown_tools == ("zulu",)
    assert plan.changes_anything


def test_a_refresh_replaces_facts_and_keeps_everything_of_the_user(mini_dataset):
    newer = _make_alpha_archived(mini_dataset)
    project = _stale_project(mini_dataset)
    before = _snapshot(project)
    plan = _plan(project, newer)
    inverse = plan.command.apply(project)

    assert project.tool("alpha").facts.lifecycle.status == "archived"
    assert project.tool("bravo").facts.feature("fips").editions == ("enterprise",)
    assert project.metadata.dataset_as_of == mini_dataset.as_of
    # The user's work is untouched: names, scores, notes, weights, answers, their own tool.
    assert project.tool("alpha").name == "Alpha (our fork)"
    assert project.scores[project.tool_row("alpha"), 0] == 4.0
    assert np.array_equal(project.scores, before[2], equal_nan=True)
    assert np.array_equal(project.weights, before[3])
    assert project.notes == before[4] and project.answers == before[5]
    assert [t.id for t in project.tools] == [t.id for t in before[0]]
    assert project.tool("zulu") == next(t for t in before[0] if t.id == "zulu")
    project.validate()

    inverse.apply(project)  # one undo step
    assert _same(_snapshot(project), before)


def test_refreshing_twice_changes_nothing_the_second_time(mini_dataset):
    project = _stale_project(mini_dataset)
    _plan(project, mini_dataset).command.apply(project)
    again = _plan(project, mini_dataset)
    assert not again.changes_anything
    assert again.lifecycle == () and again.facts == ()


def test_features_and_sources_only_the_project_has_are_kept(mini_dataset):
    project = _stale_project(mini_dataset)
    extra = replace(
        project.catalogue,
        features=(*project.catalogue.features, replace(project.catalogue.features[0], id="own")),
    )
    SetCatalogue(extra).apply(project)
    _plan(project, mini_dataset).command.apply(project)
    assert "own" in {f.id for f in project.catalogue.features}
    assert set(mini_dataset.catalogue.sources) <= set(project.catalogue.sources)

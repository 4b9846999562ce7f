"""The differences between two versions of a workbook (meshdesk.core.diff), on real edits of
the mini workbook made with the same commands the window uses."""

from __future__ import annotations

from dataclasses import replace

from meshdesk.core.commands import (
    AddCriterion,
    AddTool,
    RemoveTool,
    SetAnswers,
    SetNote,
    SetScores,
    SetWeights,
    UpdateTool,
)
from meshdesk.core.diff import Change, diff_workbooks, fact_lines
from meshdesk.core.facts import Fact
from meshdesk.core.workbook import CellNote, Criterion, Tool, Workbook


def _copy(workbook: Workbook) -> Workbook:
    return workbook.copy()


def test_an_unchanged_copy_has_no_differences(mini_workbook: Workbook) -> None:
    result = diff_workbooks(mini_workbook, _copy(mini_workbook))
    assert result.is_empty
    assert result.ranking == ()


def test_a_score_edit_is_reported_with_its_effect_on_the_ranking(mini_workbook: Workbook) -> None:
    new = _copy(mini_workbook)
    # bravo 9/6/7 = 7.70 -> 9/10/7 = 8.90: past alpha (8.00), behind echo (9.00)
    SetScores((("bravo", "ease", 10.0),)).apply(new)
    result = diff_workbooks(mini_workbook, new)
    assert result.scores == (Change(("bravo", "ease"), 6.0, 10.0),)
    moved = {r.id: r for r in result.ranking}
    assert (moved["bravo"].old_rank, moved["bravo"].new_rank) == (3, 2)
    assert moved["bravo"].new_total is not None
    assert abs(moved["bravo"].new_total - 8.9) < 1e-12
    assert (moved["alpha"].old_rank, moved["alpha"].new_rank) == (2, 3)
    assert moved["alpha"].old_total == moved["alpha"].new_total  # moved by bravo, not itself
    assert "echo" not in moved  # first before and after, same total
    assert not result.is_empty


def test_clearing_a_score_reads_as_none_and_unranks_the_tool(mini_workbook: Workbook) -> None:
    new = _copy(mini_workbook)
    SetScores((("alpha", "depth", float("nan")),)).apply(new)
    result = diff_workbooks(mini_workbook, new)
    assert result.scores == (Change(("alpha", "depth"), 8.0, None),)
    alpha = next(r for r in result.ranking if r.id == "alpha")
    assert (alpha.old_rank, alpha.new_rank, alpha.new_total) == (2, None, None)


def test_weights_notes_and_answers(mini_workbook: Workbook) -> None:
    new = _copy(mini_workbook)
    SetWeights((("cost", 60.0),)).apply(new)
    SetNote("alpha", "depth", CellNote("pilot passed", "https://example.org", "2026-11-02")).apply(
        new
    )
    SetAnswers({"size": "small"}).apply(new)
    result = diff_workbooks(mini_workbook, new)
    assert result.weights == (Change(("cost",), 20.0, 60.0),)
    assert result.notes == (
        Change(("alpha", "depth"), None, "pilot passed (https://example.org; 2026-11-02)"),
    )
    assert result.answers == (Change(("size",), None, "small"),)
    # removing the note again is a change back to "not there"
    newer = _copy(new)
    SetNote("alpha", "depth", None).apply(newer)
    assert diff_workbooks(new, newer).notes == (
        Change(("alpha", "depth"), "pilot passed (https://example.org; 2026-11-02)", None),
    )


def test_tools_and_criteria_added_removed_and_renamed(mini_workbook: Workbook) -> None:
    new = _copy(mini_workbook)
    AddTool(Tool("india", "India"), scores=(("depth", 5.0), ("ease", 5.0), ("cost", 5.0))).apply(
        new
    )
    RemoveTool("golf").apply(new)
    UpdateTool(replace(new.tool("alpha"), name="Alpha Service Mesh")).apply(new)
    AddCriterion(Criterion("docs", "Documentation"), weight=0.0).apply(new)
    result = diff_workbooks(mini_workbook, new)
    assert result.tools.added == ("india",)
    assert result.tools.removed == ("golf",)
    assert result.tools.renamed == (Change(("alpha",), "Alpha Mesh", "Alpha Service Mesh"),)
    assert result.criteria.added == ("docs",)
    # a new tool's scores are not "changes": it is reported as added, and ranked
    assert all(change.where[0] != "india" for change in result.scores)
    placing = {r.id: r for r in result.ranking}
    assert placing["india"].old_rank is None and placing["india"].new_rank is not None
    assert placing["golf"].old_rank is not None and placing["golf"].new_rank is None


def test_a_fact_edit_is_one_line_of_the_tool(mini_workbook: Workbook) -> None:
    new = _copy(mini_workbook)
    alpha = new.tool("alpha")
    assert alpha.facts is not None
    features = dict(alpha.facts.features)
    features["fips"] = Fact("yes", sources=("A1",), unverified=True)
    UpdateTool(replace(alpha, facts=replace(alpha.facts, features=features))).apply(new)
    result = diff_workbooks(mini_workbook, new)
    assert result.facts == (Change(("alpha", "feature.fips"), "no", "yes (unverified)"),)


def test_fact_lines_cover_lifecycle_editions_and_features(mini_workbook: Workbook) -> None:
    lines = fact_lines(mini_workbook.tool("bravo").facts)
    assert lines["lifecycle"] == "active"
    editions = [key for key in lines if key.startswith("edition.")]
    assert len(editions) == 2  # Community and Enterprise
    assert any("paid" in lines[key] for key in editions)
    assert lines["feature.fips"].startswith("yes [in ")
    assert fact_lines(None) == {}


def test_shortlists_are_reported_as_given(mini_workbook: Workbook) -> None:
    result = diff_workbooks(mini_workbook, mini_workbook, (("alpha", "bravo"), ("bravo",)))
    assert (result.shortlist_old, result.shortlist_new) == (("alpha", "bravo"), ("bravo",))
    assert not result.is_empty

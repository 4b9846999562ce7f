from __future__ import annotations

import math

from meshdesk.core.audit import audit
from meshdesk.core.commands import AddTool, MoveTool, RemoveCriterion, SetScores, SetWeights
from meshdesk.core.publication import Publication
from meshdesk.core.workbook import Tool
from tests.expected import DISCREPANT


def test_audit_of_default_dataset(workbook):
    result = audit(workbook)
    flagged = {d.tool_id: (d.published, round(d.computed, 6)) for d in result.discrepancies}
    assert flagged == {
        "istio": (8.75, 8.85),
        "linkerd": (8.55, 8.5),
        "open-service-mesh": (7.55, 7.5),
        "traefik-mesh": (7.45, 7.4),
        "gloo-mesh": (8.25, 8.3),
        "tetrate-service-bridge": (8.35, 8.4),
    }
    life = {w.tool_id: (w.status, w.since) for w in result.lifecycle}
    assert life == {
        "aws-app-mesh": ("end-of-support", "2026-09-30"),
        "open-service-mesh": ("archived", "2023-07-11"),
        "traefik-mesh": ("dormant", "2026-02-24"),
    }
    assert all(w.advice for w in result.lifecycle)
    assert "ECS Service Connect" in next(
        w.advice for w in result.lifecycle if w.tool_id == "aws-app-mesh"
    )
    assert result.incomplete == ()
    unverified = {(u.tool_id, u.fact) for u in result.unverified}
    assert ("tetrate-service-bridge", "latest_release") in unverified
    assert ("gloo-mesh", "latest_release") in unverified  # third-party only
    assert ("tetrate-service-bridge", "features.sidecarless") in unverified  # beta, unconfirmed
    assert ("istio", "features.sidecarless") not in unverified  # GA since 1.24


def test_discrepancy_uses_publication_weights_not_current_weights(workbook):
    SetWeights((("core", 90.0),)).apply(workbook)
    assert {d.tool_id for d in audit(workbook).discrepancies} == DISCREPANT


def with_published_score(workbook, tool_id, criterion_id, value):
    """The same workbook, as if the publication had printed another score for one cell."""
    publication = workbook.publication
    scores = {t: dict(s) for t, s in publication.scores.items()}
    scores[tool_id][criterion_id] = value
    workbook.publication = Publication(publication.weights, scores)
    return workbook


def test_tolerance_is_half_a_cent(workbook):
    # Kuma: published 8.00; a published ease 0.03 higher moves the total by 0.0045 -> fine
    with_published_score(workbook, "kuma", "ease", 8.03)
    assert "kuma" not in {d.tool_id for d in audit(workbook).discrepancies}
    with_published_score(workbook, "kuma", "ease", 8.04)  # 0.006 -> flagged
    assert "kuma" in {d.tool_id for d in audit(workbook).discrepancies}


def test_the_users_edits_are_never_blamed_on_the_publication(workbook):
    """One score edit must not make the audit say that the guide's total is off."""
    before = audit(workbook).discrepancies
    SetScores((("kuma", "ease", 9.5), ("linkerd", "core", 2.0))).apply(workbook)
    SetWeights((("core", 90.0),)).apply(workbook)
    result = audit(workbook)
    assert result.discrepancies == before
    assert [tuple(c) for c in result.changed_from_source] == [
        ("linkerd", "core", 8.0, 2.0),
        ("kuma", "ease", 8.0, 9.5),
    ]


def test_the_publication_survives_structural_edits(workbook):
    """Deleting a criterion or a tool changes the workbook, not what was published."""
    before = audit(workbook).discrepancies
    RemoveCriterion("security").apply(workbook)
    MoveTool("istio", 5).apply(workbook)
    result = audit(workbook)
    assert set(result.discrepancies) == set(before)
    assert result.changed_from_source == ()


def test_a_cleared_score_is_listed_as_changed(workbook):
    SetScores((("istio", "value", math.nan),)).apply(workbook)
    assert [tuple(c) for c in audit(workbook).changed_from_source] == [
        ("istio", "value", 9.0, None)
    ]


def test_a_workbook_without_publication_has_no_source_changes(workbook):
    workbook.publication = None
    result = audit(workbook)
    assert result.discrepancies == () and result.changed_from_source == ()


def test_incomplete_rows_list_missing_weighted_criteria(workbook):
    AddTool(Tool("new", "New"), scores=(("core", 5.0),)).apply(workbook)
    SetScores((("istio", "value", math.nan),)).apply(workbook)
    result = audit(workbook)
    rows = {r.tool_id: r.missing for r in result.incomplete}
    assert rows["istio"] == ("value",)
    assert rows["new"] == ("ease", "integrations", "security", "performance", "support", "value")
    # the published totals are checked on the published scores, so a gap the user made in
    # Istio's row does not hide (or cause) a discrepancy
    assert {d.tool_id for d in result.discrepancies} == DISCREPANT

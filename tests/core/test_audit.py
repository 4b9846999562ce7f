from __future__ import annotations

import math

from meshdesk.core.audit import audit
from meshdesk.core.commands import AddTool, SetScores, SetWeights
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
    assert ("istio", "features.sidecarless") in unverified


def test_discrepancy_uses_publication_weights_not_current_weights(workbook):
    SetWeights((("core", 90.0),)).apply(workbook)
    assert {d.tool_id for d in audit(workbook).discrepancies} == DISCREPANT


def test_tolerance_is_half_a_cent(workbook):
    # Kuma: published 8.00; raising ease by 0.03 moves the total by 0.0045 -> not flagged
    SetScores((("kuma", "ease", 8.03),)).apply(workbook)
    assert "kuma" not in {d.tool_id for d in audit(workbook).discrepancies}
    SetScores((("kuma", "ease", 8.04),)).apply(workbook)  # 0.006 -> flagged
    assert "kuma" in {d.tool_id for d in audit(workbook).discrepancies}


def test_incomplete_rows_list_missing_weighted_criteria(workbook):
    AddTool(Tool("new", "New"), scores=(("core", 5.0),)).apply(workbook)
    SetScores((("istio", "value", math.nan),)).apply(workbook)
    result = audit(workbook)
    rows = {r.tool_id: r.missing for r in result.incomplete}
    assert rows["istio"] == ("value",)
    assert rows["new"] == ("ease", "integrations", "security", "performance", "support", "value")
    assert "istio" not in {d.tool_id for d in result.discrepancies}

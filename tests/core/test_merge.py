"""Merging an imported table into a workbook: update what matches, add what is new, delete
nothing, in one command whose inverse restores the workbook exactly."""

from __future__ import annotations

import math

import numpy as np

from meshdesk.core.merge import merge
from meshdesk.core.workbook import CellNote, Criterion, Tool, Workbook


def table(names, criteria, rows, weights=None, notes=None) -> Workbook:
    return Workbook(
        [Tool(f"t{i}", n) for i, n in enumerate(names)],
        [Criterion(f"c{j}", c) for j, c in enumerate(criteria)],
        weights or [1.0] * len(criteria),
        np.array(rows, dtype=float),
        notes=notes,
    )


def test_matched_cells_update_and_empty_cells_keep_the_score(workbook):
    imported = table(["ISTIO", "Kuma"], ["core FEATURES", "Ease of use"], [[7, math.nan], [8, 8]])
    command, summary = merge(workbook, imported, weights_given=False)
    before = workbook.copy()
    inverse = command.apply(workbook)
    assert workbook.score("istio", "core") == 7.0
    assert workbook.score("istio", "ease") == before.score("istio", "ease")
    assert (summary.scores_changed, summary.tools_updated, summary.rows_matched) == (1, 1, 2)
    assert workbook.tool_ids == before.tool_ids and workbook.criterion_ids == before.criterion_ids
    inverse.apply(workbook)
    assert workbook.equals(before)


def test_new_rows_and_columns_are_added_and_nothing_is_deleted(workbook):
    imported = table(["Istio", "Kuma"], ["Core features", "Istio"], [[9, 5], [8, 4]])
    before = workbook.copy()
    command, summary = merge(workbook, imported, weights_given=False)
    command.apply(workbook)
    # a criterion named like a tool, a tool named like nothing: both handled by name
    assert workbook.criterion_ids == [*before.criterion_ids, "c1"]
    assert workbook.weight("c1") == 0.0
    assert workbook.score("kuma", "c1") == 4.0
    assert summary.criteria_added == ("Istio",)
    unknown = table(["Brand New"], ["Ease of use"], [[3]])
    command, summary = merge(workbook, unknown, weights_given=False)
    command.apply(workbook)
    assert workbook.tool_ids[-1] == "t0" and workbook.tool("t0").name == "Brand New"
    assert workbook.tool("t0").facts is None  # unknown: never shortlisted
    assert workbook.score("t0", "ease") == 3.0
    assert summary.tools_added == ("Brand New",)
    assert set(before.tool_ids) < set(workbook.tool_ids)


def test_weights_from_the_file_apply_only_when_the_file_states_them(workbook):
    imported = table(["Istio"], ["Core features", "Security & compliance"], [[10, 9]], [40, 20])
    command, summary = merge(workbook, imported, weights_given=False)
    assert summary.weights_changed == 0
    command, summary = merge(workbook, imported, weights_given=True)
    command.apply(workbook)
    assert (workbook.weight("core"), workbook.weight("security")) == (40.0, 20.0)
    assert workbook.weight("ease") == 15.0  # absent from the file: kept
    assert summary.weights_changed == 2


def test_notes_are_added_or_replaced_never_removed(workbook):
    workbook.notes[("kuma", "core")] = CellNote("ours")
    workbook.notes[("istio", "ease")] = CellNote("stays")
    imported = table(
        ["Kuma"], ["Core features"], [[8]], notes={("t0", "c0"): CellNote("theirs", "", "")}
    )
    command, summary = merge(workbook, imported, weights_given=False)
    command.apply(workbook)
    assert workbook.note("kuma", "core").text == "theirs"
    assert workbook.note("istio", "ease").text == "stays"
    assert summary.notes_changed == 1 and summary.scores_changed == 0


def test_a_table_that_changes_nothing_says_so(workbook):
    imported = table(["Istio"], ["Core features"], [[10]])
    _command, summary = merge(workbook, imported, weights_given=False)
    assert not summary.changes_anything
    assert "changes nothing" in summary.describe("same.csv")

from __future__ import annotations

import math

import numpy as np
import pytest

from meshdesk.core.commands import (
    AddCriterion,
    AddTool,
    Batch,
    MoveCriterion,
    MoveTool,
    RemoveCriterion,
    RemoveTool,
    ReplaceContent,
    SetAnswers,
    SetMetadata,
    SetNote,
    SetScores,
    SetWeights,
    UpdateCriterion,
    UpdateTool,
    describe,
)
from meshdesk.core.errors import InputError
from meshdesk.core.workbook import CellNote, Criterion, Metadata, Tool, Workbook, make_id


def roundtrip(workbook: Workbook, command) -> None:
    """Apply, undo, redo, undo: the workbook returns exactly to each state, ending as before."""
    before = workbook.copy()
    inverse = command.apply(workbook)
    after = workbook.copy()
    assert not after.equals(before)
    redo = inverse.apply(workbook)
    assert workbook.equals(before)
    inverse = redo.apply(workbook)
    assert workbook.equals(after)
    inverse.apply(workbook)
    assert workbook.equals(before)


def test_set_scores_and_undo(workbook):
    roundtrip(workbook, SetScores((("istio", "ease", 7.5), ("kuma", "core", 3.0))))


def test_clearing_a_score_makes_it_not_scored(workbook):
    SetScores((("istio", "ease", math.nan),)).apply(workbook)
    assert math.isnan(workbook.score("istio", "ease"))


@pytest.mark.parametrize("value", [10.5, -0.1, math.inf, "7", True])
def test_invalid_score_changes_nothing(workbook, value):
    before = workbook.copy()
    with pytest.raises(InputError):
        SetScores((("istio", "ease", 5.0), ("kuma", "core", value))).apply(workbook)
    assert workbook.equals(before)


def test_unknown_cell_changes_nothing(workbook):
    before = workbook.copy()
    with pytest.raises(InputError, match="no tool with id 'nope'"):
        SetScores((("istio", "ease", 5.0), ("nope", "core", 1.0))).apply(workbook)
    assert workbook.equals(before)


def test_weights_and_undo(workbook):
    roundtrip(workbook, SetWeights((("core", 40.0), ("value", 0.0))))
    with pytest.raises(InputError, match="a number from 0 to 1,000,000"):
        SetWeights((("core", -1.0),)).apply(workbook)
    with pytest.raises(InputError, match="not 1e\\+308"):  # finite, but the sum would not be
        SetWeights((("core", 1e308), ("ease", 1e308))).apply(workbook)


def test_note_set_replace_remove(workbook):
    roundtrip(
        workbook,
        SetNote("istio", "ease", CellNote("steep learning curve", "https://x.test", "2026-11-01")),
    )
    SetNote("istio", "ease", CellNote("a")).apply(workbook)
    roundtrip(workbook, SetNote("istio", "ease", None))


def test_add_and_remove_tool_restores_scores_and_notes(workbook):
    SetNote("kuma", "core", CellNote("multi-zone")).apply(workbook)
    roundtrip(workbook, RemoveTool("kuma"))
    assert workbook.note("kuma", "core") == CellNote("multi-zone")
    roundtrip(workbook, AddTool(Tool("new-mesh", "New mesh"), index=0, scores=(("core", 5.0),)))


def test_add_tool_refuses_duplicates_and_bad_ids(workbook):
    with pytest.raises(InputError, match="already exists"):
        AddTool(Tool("istio", "Istio again")).apply(workbook)
    with pytest.raises(InputError, match="not valid"):
        AddTool(Tool("Bad Id", "x")).apply(workbook)


def test_rename_and_move_tool(workbook):
    roundtrip(workbook, UpdateTool(Tool("istio", "Istio (ambient)")))
    roundtrip(workbook, MoveTool("traefik-mesh", 0))
    MoveTool("traefik-mesh", 0).apply(workbook)
    assert workbook.tool_ids[:2] == ["traefik-mesh", "istio"]
    assert workbook.score("traefik-mesh", "security") == 7.0


def test_criterion_add_remove_rename_move(workbook):
    SetNote("istio", "value", CellNote("pricey support")).apply(workbook)
    roundtrip(workbook, RemoveCriterion("value"))
    roundtrip(
        workbook,
        AddCriterion(
            Criterion("gitops", "GitOps fit"), weight=5, index=1, scores=(("istio", 9.0),)
        ),
    )
    roundtrip(workbook, UpdateCriterion(Criterion("core", "Core capabilities")))
    roundtrip(workbook, MoveCriterion("value", 0))


def test_the_publication_is_not_part_of_the_structure(workbook):
    """Deleting a criterion deletes the user's column, not what the guide published."""
    publication = workbook.publication
    inverse = RemoveCriterion("security").apply(workbook)
    assert workbook.publication is publication
    assert workbook.published_weights["security"] == 10
    inverse.apply(workbook)
    assert workbook.publication is publication


def test_answers_metadata_and_replace(workbook):
    roundtrip(workbook, SetAnswers({"organization": "smb", "priorities": ("security",)}))
    roundtrip(workbook, SetMetadata(Metadata(title="Other")))
    other = Workbook([Tool("a", "A")], [Criterion("c", "C")], [1.0], np.array([[5.0]]))
    roundtrip(workbook, ReplaceContent(other))


def test_batch_is_all_or_nothing(workbook):
    before = workbook.copy()
    batch = Batch(
        (
            SetScores((("istio", "core", 1.0),)),
            RemoveTool("kuma"),
            SetScores((("kuma", "core", 1.0),)),
        )
    )
    with pytest.raises(InputError):
        batch.apply(workbook)
    assert workbook.equals(before)
    roundtrip(workbook, Batch((SetScores((("istio", "core", 1.0),)), RemoveTool("kuma"))))


def test_make_id_is_readable_and_unique():
    assert make_id("Ease of use") == "ease-of-use"
    assert make_id("Ease of use", ["ease-of-use"]) == "ease-of-use-2"
    assert make_id("!!!") == "item"
    assert make_id("Über Sécurité") == "ber-s-curit"


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (lambda: SetNote("istio", "core", CellNote("x" * 20_001)), "the limit is 20,000"),
        (lambda: SetNote("istio", "core", CellNote("x", "s" * 2_001)), "the limit is 2,000"),
        (lambda: SetNote("istio", "core", CellNote("nul\x00")), "NUL"),
        (lambda: UpdateTool(Tool("istio", "I" * 201)), "the limit is 200"),
        (lambda: UpdateTool(Tool("istio", "Is\x00tio")), "NUL"),
        (lambda: AddTool(Tool("new", "  ")), "cannot be empty"),
        (lambda: AddCriterion(Criterion("c2", "C" * 201)), "the limit is 200"),
        (lambda: SetMetadata(Metadata(title="T" * 501)), "the limit is 500"),
        (lambda: UpdateTool(Tool("kuma", "LINKERD")), "already a tool named 'Linkerd'"),
        (lambda: UpdateTool(Tool("kuma", " Kuma ")), "starts or ends with a space"),
        (lambda: AddTool(Tool("istio-2", "istio")), "already a tool named 'Istio'"),
        (lambda: UpdateCriterion(Criterion("ease", "core features")), "already a criterion named"),
    ],
)
def test_text_that_would_not_load_again_is_refused(workbook, command, message):
    before = workbook.copy()
    with pytest.raises(InputError, match=message):
        command().apply(workbook)
    assert workbook.equals(before)


def test_text_at_the_limits_survives_save_and_load(workbook, tmp_path):
    from meshdesk.io.project import load_project, save_project

    SetNote("istio", "core", CellNote("n" * 20_000, "s" * 2_000, "2026-11-27")).apply(workbook)
    UpdateTool(Tool("kuma", "K" * 200)).apply(workbook)
    AddCriterion(Criterion("long", "C" * 200)).apply(workbook)
    SetMetadata(Metadata(title="T" * 500, author="A" * 500)).apply(workbook)
    path = tmp_path / "limits.meshdesk"
    save_project(workbook, path)
    assert load_project(path).equals(workbook)


def described(workbook: Workbook, command) -> str:
    """The undo-history text, as the window computes it: after the command applied."""
    inverse = command.apply(workbook)
    return describe(command, inverse, workbook)


@pytest.mark.parametrize(
    ("command", "text"),
    [
        (SetScores((("istio", "security", 9.5),)), "Istio, Security & compliance: 9 -> 9.5"),
        (
            SetScores((("istio", "security", math.nan),)),
            "Istio, Security & compliance: 9 -> not scored",
        ),
        (SetScores((("istio", "core", 1.0), ("kuma", "core", 2.0))), "Edit 2 scores"),
        (
            SetScores((("istio", "core", 1.0), ("kuma", "core", 2.0)), "Paste 2 scores"),
            "Paste 2 scores",
        ),
        (SetWeights((("core", 12.5),)), "Weight of Core features: 25 -> 12.5"),
        (SetWeights((("core", 10.0), ("ease", 10.0))), "Change 2 weights"),
        (SetWeights((("core", 10.0), ("ease", 10.0)), "Preset: Equal"), "Preset: Equal"),
        (SetNote("kuma", "ease", CellNote("multi-zone")), "Add the note on Kuma, Ease of use"),
        (UpdateTool(Tool("kuma", "Kong Mesh")), "Rename tool Kuma -> Kong Mesh"),
        (UpdateCriterion(Criterion("core", "Core")), "Rename criterion Core features -> Core"),
        (
            UpdateCriterion(Criterion("core", "Core features", "What it can do")),
            "Edit criterion Core features",
        ),
        (RemoveTool("kuma"), "Delete tool Kuma"),
        (RemoveCriterion("ease"), "Delete criterion Ease of use"),
        (AddTool(Tool("x", "X")), "Add tool X"),
        (AddCriterion(Criterion("g", "GitOps"), 5.0), "Add criterion GitOps (weight 5)"),
        (MoveTool("kuma", 0), "Move tool Kuma up (to row 1)"),
        (MoveCriterion("core", 2), "Move criterion Core features right (to column 3)"),
        (
            SetMetadata(Metadata(title="Acme", author="Ann")),
            "Edit document properties: title, author",
        ),
        (SetAnswers({"organization": "smb"}), "Store questionnaire answers"),
        (
            Batch((SetScores((("kuma", "core", 3.0),)),), "Paste 1 score"),
            "Kuma, Core features: 8 -> 3",
        ),
        (
            Batch((SetScores((("kuma", "core", 3.0),)), RemoveTool("istio")), "Import x.csv"),
            "Import x.csv",
        ),
    ],
)
def test_each_change_is_described_by_name_and_values(workbook, command, text):
    workbook.metadata = Metadata()  # the dataset's title would count as a change of title
    assert described(workbook, command) == text


def test_a_note_edit_and_removal_are_told_apart(workbook):
    SetNote("kuma", "ease", CellNote("a")).apply(workbook)
    assert described(workbook, SetNote("kuma", "ease", CellNote("b"))) == (
        "Edit the note on Kuma, Ease of use"
    )
    assert described(workbook, SetNote("kuma", "ease", None)) == (
        "Remove the note on Kuma, Ease of use"
    )


def test_a_label_chosen_by_the_caller_is_kept(workbook):
    tool = workbook.tool("kuma")
    batch = Batch((UpdateTool(tool, "Edit facts"),), "Edit facts of Kuma")
    assert described(workbook, batch) == "Edit facts of Kuma"
    assert described(workbook, UpdateTool(tool, "Edit facts")) == "Edit facts"


def test_every_command_class_declares_its_effect() -> None:
    """The views refresh by the effect a command declares (ui.document.effect_of), so a new
    command class without one would leave them stale."""
    import inspect

    from meshdesk.core import commands

    classes = [
        c
        for _, c in inspect.getmembers(commands, inspect.isclass)
        if callable(getattr(c, "apply", None)) and c is not commands.Command
    ]
    assert len(classes) == 16
    for command_class in classes:
        assert isinstance(vars(command_class).get("effect"), commands.Effect), command_class


def test_place_names_rows_and_columns_before_the_edit(workbook) -> None:
    from meshdesk.core import commands as cmd

    istio, kuma = workbook.tool_row("istio"), workbook.tool_row("kuma")
    ease, core = workbook.criterion_col("ease"), workbook.criterion_col("core")
    edit = SetScores((("kuma", "core", 5.0), ("istio", "ease", 1.0)))
    assert edit.place(workbook).cells == ((kuma, core), (istio, ease))
    assert MoveTool("istio", 0).place(workbook) == cmd.Place(first=istio, target=0)
    assert AddCriterion(Criterion("new", "New")).place(workbook).first == len(workbook.criteria)
    assert RemoveCriterion("core").place(workbook).first == core
    assert SetWeights((("ease", 1.0),)).place(workbook) == cmd.Place()

"""Weight normalization and presets, as core rules (the weights panel only pushes them)."""

from __future__ import annotations

import pytest

from meshdesk.core.commands import SetWeights
from meshdesk.core.errors import InputError
from meshdesk.core.presets import Preset, apply_preset
from meshdesk.core.weight_rules import normalize_weights, normalized


def test_normalized_keeps_proportions_and_adds_up_to_100() -> None:
    assert normalized({"a": 1.0, "b": 3.0}) == {"a": 25.0, "b": 75.0}
    assert normalized({"a": 0.0, "b": 0.0}) is None


def test_normalize_weights_is_one_undoable_edit(workbook) -> None:
    workbook.weights[:] = 2.0
    command = normalize_weights(workbook)
    assert command is not None and command.label == "Normalize weights to 100"
    command.apply(workbook)
    assert workbook.weights.sum() == pytest.approx(100.0)
    workbook.weights[:] = 0.0
    assert normalize_weights(workbook) is None


def test_a_preset_sets_the_weights_it_names(workbook) -> None:
    first, second = workbook.criterion_ids[:2]
    preset = Preset("p", "Mine", weights={first: 40.0, "unknown": 5.0})
    command = apply_preset(workbook, preset)
    assert command == SetWeights(((first, 40.0),), "Preset: Mine")
    equal = apply_preset(workbook, Preset("e", "Equal", equal=True))
    assert dict(equal.weights)[second] == round(100.0 / len(workbook.criteria), 6)
    with pytest.raises(InputError, match="names none of this workbook's criteria"):
        apply_preset(workbook, Preset("x", "Other", weights={"unknown": 5.0}))


def test_a_preset_built_in_code_is_checked_like_one_read_from_a_file() -> None:
    assert Preset("p", "P", weights={"a": 1.0}).problem() is None
    assert Preset("p", "P").problem() == (
        "needs either 'weights' or 'equal: true' (not both)",
        None,
    )
    assert Preset("p", "P", weights={"a": 1.0}, equal=True).problem() is not None
    assert Preset("p", "P", weights={"a": 0.0}).problem() == ("its weights add up to 0", "weights")

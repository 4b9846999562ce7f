"""Fixtures of the synthetic mini dataset (tests/fixtures/mini), for engine and rule tests
that must not change when the bundled facts in data/ are refreshed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.fixtures import MINI, load_mini


@pytest.fixture(scope="session")
def mini():  # type: ignore[no-untyped-def]
    """(dataset, questionnaire) of the mini fixture, loaded once."""
    return load_mini()


@pytest.fixture(scope="session")
def mini_dataset(mini):  # type: ignore[no-untyped-def]
    return mini[0]


@pytest.fixture(scope="session")
def mini_questionnaire(mini):  # type: ignore[no-untyped-def]
    return mini[1]


@pytest.fixture
def mini_workbook(mini_dataset):  # type: ignore[no-untyped-def]
    """A fresh workbook of the mini dataset under its published weights (50/30/20)."""
    return mini_dataset.new_workbook(title="Mini evaluation")


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A private copy of the mini fixture for tests that corrupt it."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target

"""`meshdesk refresh PROJECT`: the JSON contract, --dry-run writes nothing, the user's work is
kept, and what it writes loads again."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from meshdesk.cli.main import main
from meshdesk.core.commands import SetMetadata, SetNote, SetScores, UpdateTool
from meshdesk.core.facts import Fact
from meshdesk.core.workbook import CellNote
from meshdesk.io.dataset import load_dataset
from meshdesk.io.project import load_project, save_project
from tests.fixtures import MINI

KEYS = ["from_as_of", "to_as_of", "lifecycle", "facts", "unknown_tools"]


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def stale(tmp_path: Path, mini_dir: Path) -> Path:
    """A project of the mini dataset whose facts predate it: bravo had no FIPS then."""
    workbook = load_dataset(mini_dir).new_workbook(title="Old")
    SetMetadata(replace(workbook.metadata, dataset_as_of="2025-06-01")).apply(workbook)
    bravo = workbook.tool("bravo")
    features = dict(bravo.facts.features)
    features["fips"] = Fact("no", sources=("B1",))
    UpdateTool(replace(bravo, facts=replace(bravo.facts, features=features))).apply(workbook)
    SetScores((("bravo", "depth", 2.5),)).apply(workbook)
    SetNote("bravo", "depth", CellNote("our benchmark")).apply(workbook)
    path = tmp_path / "old.meshdesk"
    save_project(workbook, path)
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_dry_run_reports_the_contract_and_writes_nothing(capsys, stale, mini_dir):
    before = stale.read_bytes()
    code, out, err = run(
        capsys, "--dataset", str(mini_dir), "refresh", str(stale), "--dry-run", "--format", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert list(data) == KEYS
    assert (data["from_as_of"], data["to_as_of"]) == ("2025-06-01", "2026-01-15")
    assert data["lifecycle"] == []
    assert {
        "id": "bravo",
        "fact": "features.fips",
        "old": "no",
        "new": "yes, Bravo Enterprise only",
    } in data["facts"]
    assert data["unknown_tools"] == []
    assert stale.read_bytes() == before


def test_refresh_writes_the_new_facts_and_keeps_scores_and_notes(capsys, stale, mini_dir):
    code, out, err = run(capsys, "--dataset", str(mini_dir), "refresh", str(stale))
    assert code == 0, err
    assert "features.fips" in out and "Written." in out
    workbook = load_project(stale)  # what it writes, it reads back
    assert workbook.tool("bravo").facts.feature("fips").editions == ("enterprise",)
    assert workbook.metadata.dataset_as_of == "2026-01-15"
    assert workbook.scores[workbook.tool_row("bravo"), 0] == 2.5
    assert workbook.note("bravo", "depth") == CellNote("our benchmark")
    # A second run has nothing left to do.
    code, out, _ = run(
        capsys, "--dataset", str(mini_dir), "refresh", str(stale), "--format", "json"
    )
    assert code == 0 and json.loads(out)["facts"] == []


def test_a_tool_the_dataset_does_not_know_is_listed_and_kept(capsys, stale, mini_dir):
    (mini_dir / "tools" / "golf.yaml").unlink()
    manifest = mini_dir / "dataset.yaml"
    manifest.write_text(manifest.read_text().replace("  - golf\n", ""))
    code, out, err = run(
        capsys, "--dataset", str(mini_dir), "refresh", str(stale), "--format", "json"
    )
    assert code == 0, err
    assert json.loads(out)["unknown_tools"] == ["golf"]
    assert load_project(stale).has_tool("golf")


def test_the_dataset_may_follow_the_command(capsys, stale, mini_dir):
    code, out, err = run(
        capsys, "refresh", str(stale), "--dataset", str(mini_dir), "--dry-run", "--format", "json"
    )
    assert code == 0, err
    assert json.loads(out)["to_as_of"] == "2026-01-15"


def test_a_missing_project_is_one_clear_message(capsys, tmp_path):
    code, out, err = run(capsys, "refresh", str(tmp_path / "none.meshdesk"))
    assert code == 2 and out == ""
    assert "none.meshdesk" in err and "Traceback" not in err

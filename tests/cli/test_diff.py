"""`meshdesk diff OLD NEW`: the JSON contract, the table, exit code 0 with differences, and
`--textconv` as git runs it (a real repository, a real `git diff`)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from meshdesk.cli.main import main
from meshdesk.core.commands import SetAnswers, SetNote, SetScores, SetWeights
from meshdesk.core.workbook import CellNote
from meshdesk.io.dataset import load_dataset
from meshdesk.io.project import load_project, save_project

SMB = {  # data/examples/smb.yaml
    "organization": "smb",
    "services": "6-20",
    "architecture": "microservices",
    "kubernetes": "production",
    "priorities": ("simplicity",),
    "budget": "open_source",
}
KEYS = [
    "scores",
    "weights",
    "tools",
    "criteria",
    "notes",
    "answers",
    "facts",
    "ranking",
    "shortlist",
]


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    """Two versions of a bundled-dataset project: the second raises Linkerd's core score to
    10, gives Integrations 40, adds a note with markup in it and stores answers."""
    old = tmp_path / "old.meshdesk"
    save_project(load_dataset().new_workbook(title="Mesh choice"), old)
    workbook = load_project(old)
    SetScores((("linkerd", "core", 10.0),)).apply(workbook)
    SetWeights((("integrations", 40.0),)).apply(workbook)
    SetNote("istio", "ease", CellNote("pilot: <b>slow</b> | [x](y)", "", "")).apply(workbook)
    SetAnswers(SMB).apply(workbook)
    new = tmp_path / "new.meshdesk"
    save_project(workbook, new)
    return old, new


def test_json_contract(versions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = versions
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0  # differences: still 0
    result = json.loads(capsys.readouterr().out)
    assert list(result) == KEYS
    assert result["scores"] == [{"tool": "linkerd", "criterion": "core", "old": 8.0, "new": 10.0}]
    assert result["weights"] == [{"criterion": "integrations", "old": 15.0, "new": 40.0}]
    assert result["notes"][0]["tool"] == "istio" and result["notes"][0]["old"] is None
    assert {a["question"] for a in result["answers"]} == set(SMB)
    assert result["tools"]["added"] == [] and result["criteria"]["removed"] == []
    ranking = {r["id"]: r for r in result["ranking"]}
    assert set(ranking["linkerd"]) == {"id", "old_rank", "new_rank", "old_total", "new_total"}
    assert ranking["linkerd"]["new_total"] > ranking["linkerd"]["old_total"]
    # the old version stored no answers; the new one's answers give a shortlist
    assert result["shortlist"]["old"] == []
    assert result["shortlist"]["new"], "the stored answers should shortlist something"


def test_table_names_tools_and_criteria(
    versions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = versions
    assert main(["diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    for heading in ("Scores", "Weights", "Notes", "Answers", "Ranking", "Shortlist"):
        assert f"\n{heading}\n" in f"\n{out}", heading
    assert "Linkerd  Core features" in out
    assert "Integrations & ecosystem" in out


def test_identical_versions(
    versions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = versions
    assert main(["diff", str(old), str(old)]) == 0
    assert capsys.readouterr().out.startswith("No differences")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["diff"], "required"),
        (["diff", "only-one.meshdesk"], "two project files"),
    ],
)
def test_bad_arguments_are_one_sentence(
    args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_a_missing_file_is_named(
    versions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = versions
    assert main(["diff", str(old), str(old.with_name("gone.meshdesk"))]) == 2
    assert "gone.meshdesk" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_diff_shows_the_changes_through_textconv(
    versions: tuple[Path, Path], tmp_path: Path
) -> None:
    """The README's recipe, run for real: .gitattributes + diff.meshdesk.textconv."""
    old, new = versions
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    git("init", "-q")
    (repo / ".gitattributes").write_text("*.meshdesk diff=meshdesk\n")
    # the installed command would be `meshdesk diff --textconv`; the test runs this interpreter
    git("config", "diff.meshdesk.textconv", f'"{sys.executable}" -m meshdesk diff --textconv')
    shutil.copy(old, repo / "choice.meshdesk")
    git("add", ".")
    git("commit", "-q", "-m", "old")
    shutil.copy(new, repo / "choice.meshdesk")
    shown = git("diff")
    assert "-score Linkerd / Core features: 8" in shown
    assert "+score Linkerd / Core features: 10" in shown
    assert "+weight Integrations & ecosystem: 40" in shown
    assert "+answer organization: smb" in shown
    assert any(line.startswith("+rank") and "Linkerd" in line for line in shown.splitlines())


def test_a_change_of_evidence_grade_alone_shows_in_both_views(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = load_dataset().new_workbook()
    SetNote("istio", "core", CellNote("pilot", evidence="own-pilot")).apply(workbook)
    old = tmp_path / "old.meshdesk"
    save_project(workbook, old)
    SetNote("istio", "core", CellNote("pilot", evidence="vendor-claim")).apply(workbook)
    new = tmp_path / "new.meshdesk"
    save_project(workbook, new)
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert notes[0]["old"].endswith("evidence: own-pilot)")
    assert notes[0]["new"].endswith("evidence: vendor-claim)")
    lines = []
    for path in (old, new):
        assert main(["diff", "--textconv", str(path)]) == 0
        lines.append([x for x in capsys.readouterr().out.splitlines() if x.startswith("note ")])
    assert lines[0] == ["note Istio / Core features: pilot evidence: own-pilot"]
    assert lines[1] == ["note Istio / Core features: pilot evidence: vendor-claim"]

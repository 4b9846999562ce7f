"""Generated hostile files through the real commands: project files, answers, CSV and xlsx.

Each input either is accepted (exit 0) or refused with one sentence (exit 2), within the
memory and time caps, with nothing written on refusal; an accepted input saves and reads
back as the same workbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meshdesk.io.dataset import load_dataset
from meshdesk.io.project import dumps_project, load_project
from meshdesk.io.questionnaire import load_questionnaire
from tests.fuzz.conftest import PROFILE
from tests.fuzz.contract import check, note_round_trip_failure, run
from tests.fuzz.inputs import (
    answers_files,
    csv_files,
    damaged,
    mutated_documents,
    project_bytes,
    xlsx_files,
)

_DATASET = load_dataset()
_QUESTIONNAIRE = load_questionnaire(dataset=_DATASET)
_PROJECT = json.loads(dumps_project(_DATASET.new_workbook(title="Fuzz")))
_QUESTION_IDS = list(_QUESTIONNAIRE.question_ids)
_OPTION_IDS = sorted({o for q in _QUESTIONNAIRE.questions for o in q.option_ids})


def reads_back(path: Path) -> None:
    """An accepted project saves and opens again as the same workbook."""
    workbook = load_project(path)
    again = path.with_name("again.meshdesk")
    again.write_bytes(dumps_project(workbook))
    if not load_project(again).equals(workbook):
        note_round_trip_failure()
        raise AssertionError(f"{path.name} does not read back as the same workbook")


def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(settings.get_profile(PROFILE))
@given(document=mutated_documents(_PROJECT), data=st.data())
def test_damaged_project_files(tmp_path_factory, document, data):
    folder = fresh(tmp_path_factory)
    path = folder / "input.meshdesk"
    path.write_bytes(data.draw(damaged(project_bytes(document))))
    result = run("audit", str(path), "--format", "json")
    check("project", result)
    if result.code == 0:
        json.loads(result.out)
        reads_back(path)
        out = folder / "out.xlsx"
        check("project-export", run("export", "xlsx", str(path), "-o", str(out)))


@settings(settings.get_profile(PROFILE))
@given(
    content=answers_files(_QUESTION_IDS, _OPTION_IDS), suffix=st.sampled_from([".yaml", ".json"])
)
def test_hostile_answers_files(tmp_path_factory, content, suffix):
    path = fresh(tmp_path_factory) / f"answers{suffix}"
    path.write_bytes(content)
    result = run("recommend", "--answers", str(path), "--format", "json")
    check("answers", result)
    if result.code == 0:
        shortlist = json.loads(result.out)["shortlist"]
        assert all(
            p["id"] not in {"aws-app-mesh", "open-service-mesh", "traefik-mesh"} for p in shortlist
        )


@settings(settings.get_profile(PROFILE))
@given(content=csv_files())
def test_hostile_csv_tables(tmp_path_factory, content):
    folder = fresh(tmp_path_factory)
    path, out = folder / "table.csv", folder / "out.meshdesk"
    path.write_bytes(content)
    result = run("import", str(path), "-o", str(out))
    check("csv", result, written=out)
    if result.code == 0:
        reads_back(out)


@settings(settings.get_profile(PROFILE))
@given(content=xlsx_files())
def test_hostile_xlsx_workbooks(tmp_path_factory, content):
    folder = fresh(tmp_path_factory)
    path, out = folder / "book.xlsx", folder / "out.meshdesk"
    path.write_bytes(content)
    result = run("import", str(path), "-o", str(out))
    check("xlsx", result, written=out)
    if result.code == 0:
        reads_back(out)


@settings(settings.get_profile(PROFILE))
@given(
    weights=st.lists(
        st.tuples(
            st.sampled_from(["core", "Core", "ease", "nope", ""]),
            st.sampled_from(["30", "1e308", "-1", "nan", "inf", "0", "", "x", "1_0", "١"]),
        ),
        min_size=1,
        max_size=4,
    ),
    fmt=st.sampled_from(["table", "json", "csv"]),
)
def test_hostile_arguments(weights, fmt):
    text = ",".join(f"{k}={v}" for k, v in weights)
    check("arguments", run("rank", "--weights", text, "--format", fmt))

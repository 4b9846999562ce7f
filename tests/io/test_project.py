from __future__ import annotations

import contextlib
import functools
import json
import os
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meshdesk.core.commands import AddTool, SetNote, SetScores
from meshdesk.core.errors import DataError, InputError, MeshDeskError
from meshdesk.core.workbook import CellNote, Tool
from meshdesk.io import project as project_io
from meshdesk.io.project import dumps_project, load_project, project_from_dict, save_project
from tests.io.strategies import workbooks


def test_default_workbook_round_trips(workbook, tmp_path):
    SetNote(
        "istio", "ease", CellNote("Needs a dedicated team", "https://istio.io", "2026-11-01")
    ).apply(workbook)
    workbook.answers["organization"] = "smb"
    path = tmp_path / "eval.meshdesk"
    save_project(workbook, path)
    assert load_project(path).equals(workbook)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks())
def test_round_trip_is_lossless(wb):
    data = dumps_project(wb)
    again = project_from_dict(json.loads(data), "memory")
    assert again.equals(wb)
    assert dumps_project(again) == data  # stable: same workbook, same bytes


def test_file_is_stable_and_diff_friendly(workbook, tmp_path):
    a = dumps_project(workbook)
    SetScores((("kuma", "ease", 9.0),)).apply(workbook)
    b = dumps_project(workbook)
    diff = [
        (x, y)
        for x, y in zip(a.decode().splitlines(), b.decode().splitlines(), strict=True)
        if x != y
    ]
    assert diff == [('        "ease": 8,', '        "ease": 9,')]
    top = list(json.loads(a))
    assert top == [
        "format",
        "schema_version",
        "metadata",
        "criteria",
        "tools",
        "notes",
        "answers",
        "publication",
        "catalogue",
    ]


# --- atomic saving ------------------------------------------------------------------------------------


def test_failed_replace_leaves_old_file_and_no_temp(workbook, tmp_path, monkeypatch):
    path = tmp_path / "eval.meshdesk"
    save_project(workbook, path)
    before = path.read_bytes()
    SetScores((("istio", "core", 1.0),)).apply(workbook)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(MeshDeskError, match="No space left on device"):
        save_project(workbook, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eval.meshdesk"]


def test_save_keeps_permissions(workbook, tmp_path):
    path = tmp_path / "eval.meshdesk"
    save_project(workbook, path)
    path.chmod(0o640)
    save_project(workbook, path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_save_into_missing_folder_is_a_clear_error(workbook, tmp_path):
    with pytest.raises(MeshDeskError, match="does not exist"):
        save_project(workbook, tmp_path / "nope" / "eval.meshdesk")


# The writer stops at one named moment of a save, says so on stdout and waits there to be
# killed: each kill lands where the test says, not where a sleep happened to end.
# tests/io/test_atomic.py kills at each fsync of atomic_write_bytes alone; this is the whole save.
KILLED_WRITER = textwrap.dedent("""
    import os, sys, tempfile
    from meshdesk.core.commands import SetScores
    from meshdesk.io import atomic
    from meshdesk.io.project import load_project, save_project

    path, stop_at = sys.argv[1], sys.argv[2]

    def reached(moment):
        if moment == stop_at:
            print(moment, flush=True)
            sys.stdin.read()  # the test holds stdin open and kills the writer here

    real_mkstemp, real_replace, real_fsync, real_open = (
        tempfile.mkstemp, os.replace, os.fsync, open)

    def mkstemp(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        reached("temp file created")
        return made

    class HalfThenStop:
        def __init__(self, handle):
            self.handle = handle
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.handle.__exit__(*exc)
        def write(self, data):
            half = len(data) // 2
            self.handle.write(data[:half])
            self.handle.flush()
            reached("half written")
            return half + self.handle.write(data[half:])
        def __getattr__(self, name):
            return getattr(self.handle, name)

    def fsync(fd):
        reached("before fsync")
        real_fsync(fd)

    def replace(src, dst):
        reached("before replace")
        real_replace(src, dst)
        reached("after replace")

    tempfile.mkstemp, os.fsync, os.replace = mkstemp, fsync, replace
    atomic.open = lambda *args, **kwargs: HalfThenStop(real_open(*args, **kwargs))

    workbook = load_project(path)
    SetScores((("istio", "core", 1.0),)).apply(workbook)
    reached("before save")
    save_project(workbook, path)
    reached("saved")
""")

# moment -> (the file on disk is the new one, the killed writer's temp file is left)
KILL_MOMENTS = {
    "before save": (False, False),
    "temp file created": (False, True),
    "half written": (False, True),
    "before fsync": (False, True),
    "before replace": (False, True),
    "after replace": (True, False),
    "saved": (True, False),
}


def wait_for_line(proc: subprocess.Popen, timeout: float = 60.0) -> str:
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    return proc.stdout.readline().strip() if ready else "(nothing within the timeout)"


@pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL")
def test_a_save_killed_at_any_moment_leaves_the_old_or_the_new_file(workbook, tmp_path):
    """A writer saving a big workbook is killed at each moment of the save; the file on disk
    is always the old one or the new one, complete, and the next save cleans up after it."""
    scores = tuple((c, 5.5) for c in workbook.criterion_ids)
    for i in range(1000):
        AddTool(Tool(f"extra-{i}", f"Extra {i}"), scores=scores).apply(workbook)
    old = dumps_project(workbook)
    writers = {}
    for n, moment in enumerate(KILL_MOMENTS):  # all at once: the start-up is most of the time
        folder = tmp_path / f"writer-{n}"
        folder.mkdir()
        (folder / "race.meshdesk").write_bytes(old)
        writers[moment] = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, str(folder / "race.meshdesk"), moment],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    for n, (moment, (is_new, temp_left)) in enumerate(KILL_MOMENTS.items()):
        proc = writers[moment]
        said = wait_for_line(proc)
        proc.kill()
        _, stderr = proc.communicate()
        assert said == moment, f"the writer never reached {moment!r}: {stderr[-2000:]}"
        assert proc.returncode == -signal.SIGKILL
        folder = tmp_path / f"writer-{n}"
        target = folder / "race.meshdesk"
        if is_new:
            loaded = load_project(target)
            assert loaded.score("istio", "core") == 1.0, moment
            assert len(loaded.tools) == 1010, moment
        else:
            assert target.read_bytes() == old, moment
        left = [p.name for p in folder.iterdir() if p != target]
        assert len(left) == temp_left, (moment, left)
        assert all(name.startswith(".race.meshdesk.meshdesk-") for name in left), left
        save_project(workbook, target)  # the next save removes a killed writer's leftover
        assert [p.name for p in folder.iterdir()] == ["race.meshdesk"], moment


# --- bad files get one clear message -------------------------------------------------------------------


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "bad.meshdesk"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def good_dict(workbook) -> dict:
    return json.loads(dumps_project(workbook))


def test_not_json(tmp_path):
    with pytest.raises(DataError, match=r"bad\.meshdesk: is not valid JSON \(line 1, column 1"):
        load_project(write(tmp_path, "hello"))


def test_truncated(workbook, tmp_path):
    data = dumps_project(workbook)
    with pytest.raises(DataError, match=r"is cut off .* truncated or damaged"):
        load_project(write(tmp_path, data[: len(data) // 2]))


def test_not_a_project(tmp_path):
    with pytest.raises(DataError, match="is not a MeshDesk project"):
        load_project(write(tmp_path, '{"tools": []}'))


def test_newer_schema_version(workbook, tmp_path):
    d = good_dict(workbook)
    d["schema_version"] = 4
    with pytest.raises(
        DataError, match=r"newer MeshDesk \(schema version 4; this version reads 3\)"
    ):
        load_project(write(tmp_path, json.dumps(d)))


def test_wrong_schema_version(workbook, tmp_path):
    d = good_dict(workbook)
    d["schema_version"] = "one"
    with pytest.raises(DataError, match="field 'schema_version': should be a whole number"):
        load_project(write(tmp_path, json.dumps(d)))


def test_unknown_criterion_in_score(workbook, tmp_path):
    d = good_dict(workbook)
    d["tools"][3]["scores"]["speed"] = 5
    with pytest.raises(
        DataError,
        match=r"tool 'kuma': field 'tools\[3\]\.scores\.speed': scores the criterion 'speed', which the project does not define",
    ):
        load_project(write(tmp_path, json.dumps(d)))


def test_duplicate_tool_id(workbook, tmp_path):
    d = good_dict(workbook)
    d["tools"][4]["id"] = "istio"
    with pytest.raises(
        DataError, match=r"tool 'istio': field 'tools\[4\]\.id': the tool id 'istio' is used twice"
    ):
        load_project(write(tmp_path, json.dumps(d)))


def test_duplicate_criterion_id(workbook, tmp_path):
    d = good_dict(workbook)
    d["criteria"][1]["id"] = "core"
    with pytest.raises(
        DataError,
        match=r"criterion 'core': field 'criteria\[1\]\.id': the criterion id 'core' is used twice",
    ):
        load_project(write(tmp_path, json.dumps(d)))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (11, "11 is outside the score range 0 to 10"),
        (-1, "-1 is outside the score range 0 to 10"),
        ("8", r"'8' is not a score \(a number from 0 to 10\)"),
        (True, r"true is not a score"),
        (None, r"empty is not a score"),
    ],
)
def test_out_of_range_or_non_numeric_score(workbook, tmp_path, value, message):
    d = good_dict(workbook)
    d["tools"][0]["scores"]["ease"] = value
    with pytest.raises(
        DataError, match=r"tool 'istio': field 'tools\[0\]\.scores\.ease': " + message
    ):
        load_project(write(tmp_path, json.dumps(d)))


@pytest.mark.parametrize(
    ("literal", "message"),
    [
        ("NaN", "is not valid project JSON: NaN is not a number JSON allows"),
        ("Infinity", "is not valid project JSON: Infinity is not a number JSON allows"),
        ("1e999", r"scores\.ease': inf is outside the score range 0 to 10"),
    ],
)
def test_non_finite_numbers(workbook, tmp_path, literal, message):
    text = dumps_project(workbook).decode().replace('"ease": 6,', f'"ease": {literal},', 1)
    with pytest.raises(DataError, match=message):
        load_project(write(tmp_path, text))


def test_bad_note(workbook, tmp_path):
    d = good_dict(workbook)
    d["notes"] = [{"tool": "istio", "criterion": "nope", "text": "x"}]
    with pytest.raises(
        DataError, match=r"field 'notes\[0\]\.criterion': belongs to the criterion 'nope'"
    ):
        load_project(write(tmp_path, json.dumps(d)))
    d["notes"] = [{"tool": "istio", "criterion": "core", "text": 5}]
    with pytest.raises(
        DataError, match=r"field 'notes\[0\]\.text': should be text, not a number 5"
    ):
        load_project(write(tmp_path, json.dumps(d)))
    d["notes"] = [
        {"tool": "istio", "criterion": "core", "text": "a"},
        {"tool": "istio", "criterion": "core", "text": "b"},
    ]
    with pytest.raises(DataError, match=r"notes\[1\]': is a second note on the cell"):
        load_project(write(tmp_path, json.dumps(d)))


def test_huge_file_is_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(project_io, "PROJECT_MAX_BYTES", 1000)
    with pytest.raises(
        DataError, match=r"is 2 KiB, larger than the 1000 bytes a project file may be"
    ):
        load_project(write(tmp_path, " " * 2048))


def test_not_utf8(tmp_path):
    with pytest.raises(DataError, match="is not UTF-8 text"):
        load_project(write(tmp_path, b'{"format": "\xff"}'))


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_project(tmp_path / "missing.meshdesk")


def test_deeply_nested(tmp_path):
    with pytest.raises(DataError, match=r"nested too deeply|not a MeshDesk project"):
        load_project(write(tmp_path, "[" * 100_000 + "]" * 100_000))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["tools"][0]["scores"].__setitem__("core", 10**400),
            r"scores\.core': is far outside the score range",
        ),
        (
            lambda d: d["criteria"][0].__setitem__("weight", 10**400),
            r"weight': 1000.* is far outside",
        ),
        (lambda d: d["tools"][0].__setitem__("published_total", -(10**400)), "far outside"),
        (
            lambda d: d.__setitem__(
                "notes", [{"tool": ["istio"], "criterion": "core", "text": "x"}]
            ),
            r"notes\[0\]\.tool': should be text, not a list",
        ),
        (
            lambda d: d.__setitem__(
                "notes", [{"tool": "istio", "criterion": {"a": 1}, "text": "x"}]
            ),
            r"notes\[0\]\.criterion': should be text, not a mapping",
        ),
    ],
)
def test_hostile_values_give_one_message(workbook, tmp_path, mutate, message):
    d = good_dict(workbook)
    mutate(d)
    with pytest.raises(DataError, match=message):
        load_project(write(tmp_path, json.dumps(d)))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**300, max_value=10**400)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=5,
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node[:3]):
            yield from _paths(value, (*prefix, i))


@functools.cache
def real_project() -> bytes:
    """The bundled dataset's project, built once: loading the dataset in each example cost
    most of the test's time (Hypothesis and function-scoped fixtures do not mix)."""
    from meshdesk.io.dataset import load_dataset

    return dumps_project(load_dataset().new_workbook())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_damaged_project_gives_one_clear_error(data):
    """Replace any value anywhere in a real project with any JSON value: loading either works
    or raises MeshDesk's one-sentence error, never anything else."""
    document = json.loads(real_project())  # a fresh copy to damage
    paths = [p for p in _paths(document) if p]
    path = data.draw(st.sampled_from(paths))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = data.draw(json_values)
    with contextlib.suppress(MeshDeskError):  # the property: nothing else may escape
        project_from_dict(document, "fuzz.meshdesk")


# --- schema version 1 (the first release) and the publication ------------------------------


def with_one_licence(d: dict) -> dict:
    """Tools' facts as schema versions 1 and 2 had them: one licence, no editions."""
    for tool in d["tools"]:
        facts = tool.get("facts")
        if facts is None:
            continue
        facts["license"] = facts.pop("editions")[0]["license"]
        facts = {
            k: facts[k]
            for k in ("lifecycle", "license", "cncf", "data_plane", "latest_release", "features")
        }
        for feature in facts["features"].values():
            feature.pop("editions", None)
            feature.pop("other_editions", None)
        tool["facts"] = facts
    return d


def as_version_1(d: dict) -> dict:
    """The same project as the first release wrote it: published weights on the criteria,
    no published scores, one licence per tool."""
    with_one_licence(d)
    publication = d.pop("publication")
    for criterion in d["criteria"]:
        if criterion["id"] in publication["weights"]:
            criterion["published_weight"] = publication["weights"][criterion["id"]]
    d["schema_version"] = 1
    return d


def test_a_version_1_project_gets_the_published_scores_of_its_dataset(workbook, tmp_path):
    SetScores((("kuma", "ease", 9.0),)).apply(workbook)  # an edit made in the first release
    path = write(tmp_path, json.dumps(as_version_1(good_dict(workbook))))
    loaded = load_project(path)
    assert loaded.publication == workbook.publication
    assert loaded.score("kuma", "ease") == 9.0
    kuma = loaded.tool("kuma").facts
    assert [(e.id, e.name, e.license.value) for e in kuma.editions] == [
        ("default", "Kuma", "Apache-2.0")
    ]
    from meshdesk.core.audit import audit

    result = audit(loaded)
    assert [tuple(c) for c in result.changed_from_source] == [("kuma", "ease", 8.0, 9.0)]
    assert "kuma" not in {d.tool_id for d in result.discrepancies}
    # saved again, it is a version 3 file with the publication of its own
    assert json.loads(dumps_project(loaded))["schema_version"] == 3
    assert load_project(write(tmp_path, dumps_project(loaded))).equals(loaded)


def test_a_version_1_project_from_another_dataset_keeps_only_the_weights(workbook, tmp_path):
    d = as_version_1(good_dict(workbook))
    d["metadata"]["dataset_title"] = "Someone else's guide"
    loaded = load_project(write(tmp_path, json.dumps(d)))
    assert loaded.published_weights == workbook.published_weights
    assert loaded.publication.scores == {}  # unknown: no published total can be checked


def test_published_weight_on_a_criterion_is_refused_in_version_2(workbook, tmp_path):
    d = good_dict(workbook)
    d["criteria"][0]["published_weight"] = 25
    with pytest.raises(DataError, match=r"unknown field 'published_weight'|published_weight"):
        load_project(write(tmp_path, json.dumps(d)))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p["scores"]["istio"].update(core=11), r"publication\.scores\.istio\.core"),
        (lambda p: p["weights"].update(core=-1), r"publication\.weights\.core"),
        (lambda p: p["scores"].update({"Not An Id": {}}), r"is not a valid id"),
        (lambda p: p["scores"].update(istio=[1, 2]), r"should be a mapping"),
    ],
)
def test_a_damaged_publication_is_refused_with_its_place(workbook, tmp_path, change, message):
    d = good_dict(workbook)
    change(d["publication"])
    with pytest.raises(DataError, match=message):
        load_project(write(tmp_path, json.dumps(d)))


def test_a_huge_schema_version_is_not_echoed(workbook, tmp_path):
    d = good_dict(workbook)
    d["schema_version"] = int("9" * 4000)
    with pytest.raises(DataError, match="a schema version far ahead") as caught:
        load_project(write(tmp_path, json.dumps(d)))
    assert len(str(caught.value)) < 300


def test_a_small_file_that_would_need_too_much_memory_is_refused_before_parsing(tmp_path):
    """A 20 MiB file of tiny objects took 560 MB; a file's shape is checked before parsing."""
    from meshdesk.io.guards import PARSE_MEMORY_BUDGET, json_memory_estimate

    body = b'{"format": "meshdesk-project", "tools": [' + b"{}," * 5_000_000 + b"{}]}"
    assert len(body) < 16 * 1024 * 1024
    assert json_memory_estimate(body) > PARSE_MEMORY_BUDGET
    with pytest.raises(DataError, match=r"holds too many entries to open safely"):
        load_project(write(tmp_path, body))


def test_the_stress_project_is_well_inside_the_parse_budget(tmp_path):
    from meshdesk.io.guards import PARSE_MEMORY_BUDGET, json_memory_estimate
    from tests.benchmarks.stress import make_stress_workbook

    data = dumps_project(make_stress_workbook())
    assert json_memory_estimate(data) < PARSE_MEMORY_BUDGET / 8


def test_a_version_2_project_reads_its_one_licence_as_one_edition(workbook, tmp_path):
    d = with_one_licence(good_dict(workbook))
    d["schema_version"] = 2
    loaded = load_project(write(tmp_path, json.dumps(d)))
    consul = loaded.tool("consul").facts
    assert len(consul.editions) == 1
    assert consul.editions[0].license.value == "BUSL-1.1" and not consul.editions[0].paid
    gloo = loaded.tool("gloo-mesh").facts
    assert gloo.editions[0].paid  # a proprietary licence: a paid product
    assert loaded.scores.tolist() == workbook.scores.tolist()


def test_editions_round_trip_and_bad_editions_are_one_sentence(workbook, tmp_path):
    again = load_project(write(tmp_path, dumps_project(workbook)))
    assert again.tool("consul").facts == workbook.tool("consul").facts
    d = good_dict(workbook)
    tool = next(t for t in d["tools"] if t["id"] == "consul")
    tool["facts"]["features"]["fips"]["editions"] = ["platinum"]
    with pytest.raises(
        DataError,
        match=r"tool 'consul'.*names the edition 'platinum', which the tool does not list",
    ):
        load_project(write(tmp_path, json.dumps(d)))
    tool["facts"]["features"]["fips"]["editions"] = ["enterprise"]
    tool["facts"]["editions"][0]["paid"] = "no"
    with pytest.raises(DataError, match=r"editions\[0\]\.paid.*true or false"):
        load_project(write(tmp_path, json.dumps(d)))
    tool["facts"]["editions"] = []
    with pytest.raises(DataError, match=r"needs at least one edition"):
        load_project(write(tmp_path, json.dumps(d)))


def test_reviewers_round_trip_and_a_bad_one_is_one_sentence(workbook, tmp_path):
    from dataclasses import replace

    from meshdesk.core.commands import SetMetadata

    SetMetadata(replace(workbook.metadata, reviewers=("Ana Ruiz", "Platform board"))).apply(
        workbook
    )
    path = tmp_path / "r.meshdesk"
    save_project(workbook, path)
    assert load_project(path).metadata.reviewers == ("Ana Ruiz", "Platform board")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["metadata"]["reviewers"] = ["Ana\nRuiz"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataError, match=r"reviewer"):
        load_project(path)


@pytest.mark.parametrize("name", ["scores.csv", "scores.xlsx"])
def test_a_table_is_named_a_table_with_the_import_to_use(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"Tool,Core\nA,5\n" if name.endswith(".csv") else b"PK\x03\x04rest")
    with pytest.raises(DataError) as caught:
        load_project(path)
    message = str(caught.value)
    assert "not valid JSON" not in message and "UTF-8" not in message
    assert f"is a table (.{name.rsplit('.', 1)[1]}), not a MeshDesk project" in message
    assert f"meshdesk import {path} -o PROJECT.meshdesk" in message


def test_a_notes_evidence_grade_round_trips_and_older_notes_have_none(workbook, tmp_path):
    SetNote(
        "istio", "core", CellNote("their datasheet", "https://istio.io", "", "vendor-claim")
    ).apply(workbook)
    SetNote("kuma", "ease", CellNote("", "", "", "own-pilot")).apply(workbook)  # a grade alone
    path = tmp_path / "graded.meshdesk"
    save_project(workbook, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    by_cell = {(n["tool"], n["criterion"]): n for n in data["notes"]}
    assert by_cell[("istio", "core")]["evidence"] == "vendor-claim"
    assert by_cell[("kuma", "ease")] == {
        "tool": "kuma",
        "criterion": "ease",
        "text": "",
        "evidence": "own-pilot",
    }
    again = load_project(path)
    assert again.equals(workbook)
    assert again.note("istio", "core").evidence == "vendor-claim"
    # a note written before grades existed (no `evidence` key) reads with the default rule
    del by_cell[("istio", "core")]["evidence"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_project(path).note("istio", "core") == CellNote(
        "their datasheet", "https://istio.io", "", ""
    )


def test_a_grade_another_scale_has_is_kept_and_reads_back(workbook, tmp_path):
    """A project names a grade the installed scale lacks (a team's own evidence.yaml): it
    opens, keeps the grade, and saves it again."""
    d = good_dict(workbook)
    d["notes"] = [{"tool": "istio", "criterion": "core", "text": "x", "evidence": "rumour"}]
    path = write(tmp_path, json.dumps(d))
    loaded = load_project(path)
    assert loaded.note("istio", "core").evidence == "rumour"
    save_project(loaded, path)
    assert load_project(path).note("istio", "core").evidence == "rumour"


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        (
            "Vendor Claim",
            r"notes\[0\]\.evidence': the note on the cell \('istio', 'core'\) "
            r"names the evidence grade 'Vendor Claim', which is not a grade id",
        ),
        ("own-pilot\n", r"notes\[0\]\.evidence'.*not a grade id"),
        (3, r"notes\[0\]\.evidence': should be text"),
        ("x" * 65, r"notes\[0\]\.evidence'"),
    ],
)
def test_a_bad_grade_is_refused_naming_the_file_and_the_cell(workbook, tmp_path, evidence, message):
    d = good_dict(workbook)
    d["notes"] = [{"tool": "istio", "criterion": "core", "text": "x", "evidence": evidence}]
    path = write(tmp_path, json.dumps(d))
    with pytest.raises(DataError, match=message) as caught:
        load_project(path)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value).rstrip()

"""data/questionnaire.yaml and answer files: loading, cross-checks and messages."""

from __future__ import annotations

import json

import pytest

from meshdesk.core.errors import DataError, InputError
from meshdesk.io.dataset import load_dataset
from meshdesk.io.guards import DATA_FILE_MAX_BYTES
from meshdesk.io.questionnaire import load_answers, load_questionnaire
from tests.conftest import edit

# --- the bundled file ------------------------------------------------------------------------


def test_bundled_questionnaire_loads_and_cross_checks(questionnaire, dataset):
    assert len(questionnaire.questions) == 12
    assert [s.id for s in questionnaire.segments] == ["solo", "smb", "mid_market", "enterprise"]
    tool_ids = {t.id for t in dataset.tools}
    feature_ids = {f.id for f in dataset.features}
    criterion_ids = {c.id for c in dataset.criteria}
    for segment in questionnaire.segments:
        assert set(segment.candidates) <= tool_ids
    for rule in questionnaire.candidate_rules:
        assert set(rule.tools) <= tool_ids
    for rule in questionnaire.must_have_rules:
        assert rule.feature in feature_ids and "unknown" not in rule.accepted
    for rule in questionnaire.weight_rules:
        assert {c for c, _ in rule.changes} <= criterion_ids
    assert (questionnaire.shortlist_min, questionnaire.shortlist_max) == (2, 4)


def test_default_questionnaire_is_read_once(questionnaire):
    from meshdesk.io.questionnaire import default_questionnaire

    first = default_questionnaire()
    assert first is default_questionnaire()
    assert first == questionnaire


def test_guide_candidates_per_segment(questionnaire):
    candidates = {s.id: set(s.candidates) for s in questionnaire.segments}
    # the guide also names Traefik Mesh for small businesses; it is no longer actively
    # developed, and no rule may add an inactive platform
    assert candidates["smb"] == {"linkerd", "kuma"}
    assert candidates["enterprise"] == {
        "istio",
        "consul",
        "gloo-mesh",
        "tetrate-service-bridge",
        "cilium",
        "kuma",
    }
    existing = {r.id: set(r.tools) for r in questionnaire.candidate_rules}
    assert existing["hashicorp-tools"] == {"consul"}
    assert existing["kong-tools"] == {"kuma"}
    # what each cloud supports today (App Mesh ended, the AKS OSM add-on is retired)
    assert existing["aws-estate"] == {"istio", "linkerd", "cilium"}
    assert existing["azure-estate"] == existing["gcp-estate"] == {"istio"}
    assert all(
        rule.sources
        for rule in questionnaire.candidate_rules
        if rule.id.endswith("estate") and rule.id != "hybrid-estate"
    )


def test_dataset_override_carries_its_own_questionnaire(data_copy, monkeypatch):
    edit(
        data_copy / "questionnaire.yaml",
        "title: Do you need a service mesh, and which one?",
        "title: Our own questions",
    )
    monkeypatch.setenv("MESHDESK_DATASET", str(data_copy))
    assert load_questionnaire().title == "Our own questions"
    assert load_questionnaire(dataset=data_copy).title == "Our own questions"
    assert load_questionnaire(data_copy / "questionnaire.yaml").title == "Our own questions"


def test_dataset_override_without_a_questionnaire_uses_the_bundled_one(data_copy, monkeypatch):
    (data_copy / "questionnaire.yaml").unlink()
    monkeypatch.setenv("MESHDESK_DATASET", str(data_copy))
    assert load_questionnaire().title == "Do you need a service mesh, and which one?"


# --- a broken questionnaire is reported with file, record and field --------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "format: meshdesk-questionnaire",
            "format: meshdesk-quiz",
            r"questionnaire\.yaml: field 'format': should be 'meshdesk-questionnaire'",
        ),
        (
            "schema_version: 2",
            "schema_version: 1",
            r"field 'schema_version': is 1, but this MeshDesk reads schema version 2",
        ),
        (
            "    when: {priorities: [security]}\n    changes: {security: 8}",
            "    when: {priorities: [secuirty]}\n    changes: {security: 8}",
            r"weight rule 'priority-security': field 'weight_rules\[0\]\.when\.priorities\[0\]': "
            r"'secuirty' is not an option of question 'priorities'; valid options: security",
        ),
        (
            "    when: {priorities: [security]}\n    changes: {security: 8}",
            "    when: {priority: [security]}\n    changes: {security: 8}",
            r"weight rule 'priority-security': field 'weight_rules\[0\]\.when': names the unknown "
            r"question 'priority'; the questions are: organization",
        ),
        (
            "changes: {security: 8}",
            "changes: {safety: 8}",
            r"weight rule 'priority-security': field 'weight_rules\[0\]\.changes': names the "
            r"unknown criterion 'safety'; the criteria are: core, ease",
        ),
        (
            "changes: {security: 8}",
            "changes: {security: lots}",
            r"field 'weight_rules\[0\]\.changes\.security': should be a number, not text 'lots'",
        ),
        (
            "    feature: vm_workloads\n",
            "    feature: vm_support\n",
            r"must-have rule 'vm-workloads': field 'must_have_rules\[0\]\.feature': 'vm_support' "
            r"is not in the dataset's feature catalogue",
        ),
        (
            '    accepted: ["yes"]\n    reason: You need services',
            '    accepted: ["yes", unknown]\n    reason: You need services',
            r"must-have rule 'vm-workloads': field 'must_have_rules\[0\]\.accepted\[1\]': "
            r"'unknown' cannot meet a requirement",
        ),
        (
            "    candidates: [linkerd, kuma]",
            "    candidates: [linkerd, traefik, kuma]",
            r"segment 'smb': field 'segments\[1\]\.candidates\[1\]': 'traefik' is not a known "
            r"tool; known: istio, linkerd",
        ),
        (
            "    candidates: [linkerd, kuma]",
            "    candidates: [linkerd, traefik-mesh, kuma]",
            r"segment 'smb': field 'segments\[1\]\.candidates\[1\]': adds 'traefik-mesh', which "
            r"the dataset says is dormant: a rule never adds a platform that is no longer",
        ),
        (
            "    tools: [consul]\n",
            "    tools: [vault]\n",
            r"candidate rule 'hashicorp-tools': field 'candidate_rules\[7\]\.tools\[0\]': 'vault' "
            r"is not a known tool",
        ),
        (
            "    allow_categories: [open-source]\n",
            "    allow_categories: [open-source, free]\n",
            r"licence rule 'open-source-only': field 'licence_rules\[0\]\.allow_categories\[1\]': "
            r"'free' is not a known licence category; known: open-source, source-available",
        ),
        (
            "    tools: [istio]\n    reason: AKS offers",
            "    tools: [open-service-mesh]\n    reason: AKS offers",
            r"candidate rule 'azure-estate': field 'candidate_rules\[1\]\.tools\[0\]': adds "
            r"'open-service-mesh', which the dataset says is archived",
        ),
        (
            "    sources: [CL3]",
            "    sources: [CL9]",
            r"candidate rule 'gcp-estate': field 'candidate_rules\[2\]\.sources\[0\]': cites the "
            r"source 'CL9', which the dataset's sources do not define",
        ),
        (
            "    default: mid_market",
            "    default: midsize",
            r"question 'organization': field 'questions\[0\]\.default': 'midsize' is not an "
            r"option of this question; valid options: solo, smb, mid_market, enterprise",
        ),
        (
            "    kind: one\n    title: Organization size",
            "    kind: one\n    max_choices: 2\n    title: Organization size",
            r"question 'organization': field 'questions\[0\]\.max_choices': only a question of "
            r"kind 'many' takes max_choices",
        ),
        (
            "    max_choices: 3",
            "    max_choices: 9",
            r"question 'priorities': field 'questions\[6\]\.max_choices': should be from 1 to 6, "
            r"not 9",
        ),
        (
            "    default: [kubernetes]",
            "    default: kubernetes",
            r"question 'workloads': field 'questions\[4\]\.default': should be a list of option "
            r"ids, not text",
        ),
        (
            "    reason: You need services on virtual machines or bare metal inside the mesh.\n",
            "",
            r"must-have rule 'vm-workloads': field 'must_have_rules\[0\]': is missing the "
            r"required field 'reason'",
        ),
        (
            "  - id: services\n    kind: one",
            "  - id: organization\n    kind: one",
            r"question 'organization': field 'questions\[1\]\.id': repeats the question id",
        ),
        (
            "    questions: [priorities, data_plane, compliance]",
            "    questions: [priorities, data_plane]",
            r"questionnaire\.yaml: field 'groups': no group holds the question 'compliance'",
        ),
        (
            "    questions: [platform_team, budget]",
            "    questions: [platform_team, budget, priorities]",
            r"group 'capacity': field 'groups\[3\]\.questions\[2\]': places 'priorities', which "
            r"group 'needs' already holds",
        ),
        (
            "    - id: enterprise\n      when: {organization: [enterprise]}",
            "    - id: enterprise\n      when: {organization: [mid_market]}",
            r"field 'segment_rules\.base': gives no segment when 'organization' is 'enterprise'",
        ),
        (
            "      segment: mid_market\n      reason: >-\n        But more than",
            "      segment: midmarket\n      reason: >-\n        But more than",
            r"segment rule 'smb-at-large-scale': field 'segment_rules\.adjustments\[1\]\.segment': "
            r"'midmarket' is not one of solo, smb, mid_market, enterprise",
        ),
        (
            "  - id: monolith\n    when: {architecture: [monolith]}",
            "  - id: monolith\n    when: {}",
            r"no-mesh rule 'monolith': field 'no_mesh\[1\]\.when': must name at least one question",
        ),
        (
            "  - id: kong-tools\n",
            "  - id: hashicorp-tools\n",
            r"candidate rule 'hashicorp-tools': field 'candidate_rules\[8\]\.id': repeats the "
            r"candidate rule id",
        ),
        (
            "    reason: you already run Kong, whose company created and backs it\n",
            "    reason: you already run Kong, whose company created and backs it\n    weight: 3\n",
            r"candidate rule 'kong-tools': field 'candidate_rules\[8\]': has an unknown field "
            r"'weight'; known fields: id, when, tools, reason",
        ),
        (
            "title: Do you need a service mesh, and which one?",
            "title: [Do you need a mesh",
            r"questionnaire\.yaml: is not valid YAML \(line \d+, column \d+\)",
        ),
    ],
)
def test_bad_questionnaire_is_refused_with_location(data_copy, old, new, message):
    edit(data_copy / "questionnaire.yaml", old, new)
    with pytest.raises(DataError, match=message):
        load_questionnaire(dataset=data_copy)


def test_a_questionnaire_must_match_its_dataset(data_copy):
    # a platform team renames a tool in its dataset but not in the rules
    edit(data_copy / "dataset.yaml", "  - cilium\n", "")
    (data_copy / "tools" / "cilium.yaml").unlink()
    with pytest.raises(DataError, match=r"segment 'mid_market'.*'cilium' is not a known tool"):
        load_questionnaire(dataset=load_dataset(data_copy))


def test_nothing_is_half_loaded(data_copy):
    edit(data_copy / "questionnaire.yaml", "    feature: fips\n", "    feature: fips140\n")
    with pytest.raises(DataError, match="fips140"):
        load_questionnaire(dataset=data_copy)


# --- answer files ------------------------------------------------------------------------------


def test_yaml_and_json_answers_read_the_same(tmp_path, questionnaire):
    yaml_file = tmp_path / "answers.yaml"
    yaml_file.write_text(
        "# our estate\norganization: smb\nservices: 6-20\npriorities: [security, cost]\n",
        encoding="utf-8",
    )
    json_file = tmp_path / "answers.json"
    json_file.write_text(
        json.dumps({"organization": "smb", "services": "6-20", "priorities": ["security", "cost"]}),
        encoding="utf-8",
    )
    expected = {"organization": "smb", "services": "6-20", "priorities": ("security", "cost")}
    assert load_answers(yaml_file, questionnaire) == expected
    assert load_answers(json_file, questionnaire) == expected


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.yaml", "organization: [smb\n", r"bad\.yaml: is not valid YAML \(line 2"),
        ("bad.json", '{"organization": "smb",}', r"bad\.json: is not valid JSON \(line 1"),
        (
            "twice.json",
            '{"organization": "smb", "organization": "solo"}',
            r"twice\.json: is not valid JSON: the key 'organization' appears twice",
        ),
        ("twice.yaml", "budget: premium\nbudget: open_source\n", r"'budget' appears twice"),
        (
            "list.yaml",
            "- organization\n- smb\n",
            r"list\.yaml: should map question ids to option ids .* not hold a list",
        ),
        ("empty.yaml", "# nothing yet\n", r"empty\.yaml: is empty"),
        (
            "one.yaml",
            "organization: [smb, solo]\n",
            r"one\.yaml: Organization size \[organization\] takes one option, not a list; the "
            r"options are Just me \[solo\], Small or medium business \[smb\], Mid-sized company "
            r"\[mid_market\] and Large enterprise \[enterprise\]\.$",
        ),
        (
            "many.yaml",
            "priorities: [security, simplicity, cost, performance]\n",
            r"many\.yaml: Priorities \[priorities\]: choose at most 3 \(you chose Security "
            r"\[security\], Simplicity \[simplicity\], Low cost \[cost\] and Performance "
            r"\[performance\]\)\.$",
        ),
        (
            "unknown.yaml",
            "organisation: smb\n",
            r"unknown\.yaml: 'organisation' is not a question; the questions are Organization "
            r"size \[organization\], Number of services \[services\], ",
        ),
        (
            "option.yaml",
            "cloud: ibm\n",
            r"option\.yaml: Hosting \[cloud\]: 'ibm' is not one of its options; the options are "
            r"Amazon Web Services \[aws\], Microsoft Azure \[azure\], ",
        ),
    ],
)
def test_bad_answer_files_give_one_clear_message(tmp_path, questionnaire, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_answers(path, questionnaire)
    assert "\n" not in str(info.value)


def test_huge_answer_file_is_refused_before_parsing(tmp_path, questionnaire):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * DATA_FILE_MAX_BYTES + b"\n")
    with pytest.raises(
        DataError,
        match=r"huge\.yaml: is 1,048,579 bytes, larger than the 1,048,576 bytes \(1\.0 MiB\)",
    ):
        load_answers(path, questionnaire)


def test_missing_and_binary_answer_files(tmp_path, questionnaire):
    with pytest.raises(InputError, match=r"nowhere\.yaml: no such file"):
        load_answers(tmp_path / "nowhere.yaml", questionnaire)
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"organization: \xff\xfe\n")
    with pytest.raises(DataError, match=r"binary\.yaml: is not UTF-8 text"):
        load_answers(binary, questionnaire)


def test_answer_file_is_data_never_code(tmp_path, questionnaire):
    path = tmp_path / "evil.yaml"
    path.write_text("organization: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"evil\.yaml: is not valid YAML"):
        load_answers(path, questionnaire)

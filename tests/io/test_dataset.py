from __future__ import annotations

import pytest

from meshdesk.core.errors import DataError, InputError
from meshdesk.core.facts import FEATURE_VALUES, LIFECYCLE_STATUSES
from meshdesk.io.dataset import load_dataset
from tests.conftest import edit
from tests.expected import CRITERION_IDS, GUIDE_WEIGHTS, TOOL_IDS

# The guide's "Evaluation & Scoring" table, verbatim.
GUIDE_TABLE = {
    "istio": ([10, 6, 10, 9, 8, 9, 9], 8.75),
    "linkerd": ([8, 9, 8, 9, 9, 8, 9], 8.55),
    "consul": ([9, 7, 9, 9, 8, 8, 8], 8.35),
    "kuma": ([8, 8, 8, 8, 8, 8, 8], 8.00),
    "aws-app-mesh": ([8, 8, 9, 8, 8, 8, 8], 8.15),
    "open-service-mesh": ([7, 8, 7, 8, 8, 7, 8], 7.55),
    "cilium": ([8, 7, 8, 9, 9, 8, 8], 8.05),
    "traefik-mesh": ([7, 8, 7, 7, 8, 7, 8], 7.45),
    "gloo-mesh": ([9, 7, 9, 9, 8, 9, 7], 8.25),
    "tetrate-service-bridge": ([9, 7, 9, 10, 8, 9, 7], 8.35),
}


def test_ten_platforms_with_guide_scores_and_published_totals(dataset):
    assert [t.id for t in dataset.tools] == TOOL_IDS
    assert [c.id for c in dataset.criteria] == CRITERION_IDS
    assert list(dataset.weights) == GUIDE_WEIGHTS
    for tool, row in zip(dataset.tools, dataset.scores, strict=True):
        scores, published = GUIDE_TABLE[tool.id]
        assert list(row) == scores, tool.id
        assert tool.published_total == published, tool.id


def test_every_tool_has_every_profile_and_fact_field(dataset):
    feature_ids = [f.id for f in dataset.features]
    assert len(feature_ids) == 20
    for tool in dataset.tools:
        p = tool.profile
        for text in (p.description, p.best_for, p.standout):
            assert len(text) > 20, tool.id
        for items in (
            p.key_features,
            p.pros,
            p.cons,
            p.platforms,
            p.deployment,
            p.integrations,
            p.links,
        ):
            assert items, tool.id
        facts = tool.facts
        assert facts is not None
        assert facts.lifecycle.status in LIFECYCLE_STATUSES
        assert facts.lifecycle.sources
        for fact in (facts.license, facts.cncf, facts.data_plane, facts.latest_release):
            assert fact.value and fact.sources, tool.id
        assert list(facts.features) == feature_ids
        for fid, fact in facts.features.items():
            assert fact.value in FEATURE_VALUES, (tool.id, fid)
            assert fact.sources, (tool.id, fid)


def test_lifecycle_facts_of_2026(dataset):
    life = {t.id: t.facts.lifecycle for t in dataset.tools}
    assert life["aws-app-mesh"].status == "end-of-support"
    assert life["aws-app-mesh"].since == "2026-09-30"
    assert "VPC Lattice" in life["aws-app-mesh"].advice
    assert life["open-service-mesh"].status == "archived"
    assert life["traefik-mesh"].status == "dormant"
    active = {tid for tid, lc in life.items() if lc.is_active}
    assert active == set(TOOL_IDS) - {"aws-app-mesh", "open-service-mesh", "traefik-mesh"}
    sources = dataset.catalogue.sources
    assert all(sources[s].url for s in life["aws-app-mesh"].sources)


def test_reference_facts_are_carried_over(dataset):
    tools = {t.id: t for t in dataset.tools}
    assert tools["consul"].facts.license.value == "BUSL-1.1"
    assert tools["consul"].facts.license.category == "source-available"
    assert tools["kuma"].facts.cncf.value == "sandbox"
    assert tools["kuma"].facts.feature("mtls_default").value == "no"
    assert tools["traefik-mesh"].facts.feature("mtls_default").value == "no"
    assert tools["cilium"].facts.feature("vm_workloads").value == "no"
    assert tools["consul"].facts.feature("control_plane_without_k8s").value == "yes"
    assert tools["kuma"].facts.feature("control_plane_without_k8s").value == "yes"
    assert tools["linkerd"].facts.latest_release.value == "edge-26.8.3"
    assert tools["istio"].facts.latest_release.value == "1.31.1"


def test_unverified_facts_are_never_stored_as_certain(dataset):
    tools = {t.id: t for t in dataset.tools}
    tsb_sidecarless = tools["tetrate-service-bridge"].facts.feature("sidecarless")
    assert tsb_sidecarless.value == "partial"  # beta ambient mode, not confirmed
    assert tsb_sidecarless.unverified
    assert not tools["gloo-mesh"].facts.latest_release.certain  # third-party only
    assert tools["kuma"].facts.feature("windows_workloads").unverified  # Kong Mesh 2.x docs only


def test_every_cited_source_exists(dataset):
    sources = dataset.catalogue.sources
    assert dataset.catalogue.score_source == "guide"
    for tool in dataset.tools:
        cited = list(tool.facts.lifecycle.sources)
        for _, fact in tool.facts.named_facts():
            cited += fact.sources
        for fact in tool.facts.features.values():
            cited += fact.sources
        assert set(cited) <= set(sources), tool.id


def test_as_of_and_title(dataset):
    assert dataset.as_of == "2026-12-01"
    assert dataset.title


# --- validation messages name the file, the record and the field -------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "tools/kuma.yaml",
            "status: active",
            "status: maintained",
            r"kuma\.yaml: tool 'kuma': field 'facts\.lifecycle\.status': 'maintained' is not one of active",
        ),
        (
            "tools/istio.yaml",
            "core: 10,",
            "core: 11,",
            r"istio\.yaml: tool 'istio': field 'scores\.core': 11 is outside the range 0 to 10",
        ),
        (
            "tools/istio.yaml",
            "core: 10,",
            "kore: 10,",
            r"istio\.yaml: tool 'istio': field 'scores': scores the unknown criterion 'kore'",
        ),
        (
            "tools/istio.yaml",
            'mtls_default: {value: "yes"',
            "mtls_default: {value: maybe",
            r"field 'facts\.features\.mtls_default\.value': 'maybe' is not one of yes, no, partial, unknown",
        ),
        (
            "tools/istio.yaml",
            "sources: [I4, I3, I7]",
            "sources: [I4, NOPE]",
            r"field 'facts\.lifecycle\.sources\[1\]': cites the source 'NOPE'",
        ),
        (
            "tools/istio.yaml",
            "    dashboard:",
            "    dashbord:",
            r"names the feature 'dashbord', which the feature catalogue does not define",
        ),
        (
            "tools/istio.yaml",
            "published_total: 8.75",
            "published_total: high",
            r"field 'published_total': should be a number, not text 'high'",
        ),
        (
            "tools/istio.yaml",
            "id: istio",
            "id: isto",
            r"field 'id': is 'isto', but the manifest and the file name say 'istio'",
        ),
        (
            "dataset.yaml",
            "schema_version: 2",
            "schema_version: 7",
            r"dataset\.yaml: field 'schema_version': is 7, but this MeshDesk reads schema version 2 \(the dataset is newer",
        ),
        ("dataset.yaml", "  - id: ease\n", "  - id: core\n", r"repeats the criterion id 'core'"),
        (
            "dataset.yaml",
            "  - traefik-mesh\n",
            "  - traefik-mesh\n  - istio\n",
            r"lists the tool 'istio' twice",
        ),
        (
            "tools/aws-app-mesh.yaml",
            "    advice: >-",
            "    advice: ''\n    old_advice: >-",
            r"has an unknown field 'old_advice'",
        ),
        (
            "tools/consul.yaml",
            "editions: [enterprise]",
            "editions: [platinum]",
            r"consul\.yaml: tool 'consul': field 'facts\.features\.fault_injection\.editions\[0\]': "
            r"names the edition 'platinum', which the tool does not list",
        ),
        (
            "tools/consul.yaml",
            "      paid: true",
            "      paid: maybe",
            r"field 'facts\.editions\[1\]\.paid': should be true or false",
        ),
        (
            "tools/consul.yaml",
            "    - id: enterprise",
            "    - id: community",
            r"field 'facts\.editions\[1\]\.id': repeats the edition id 'community'",
        ),
        (
            "tools/consul.yaml",
            "category: proprietary",
            "category: closed",
            r"field 'facts\.editions\[1\]\.license\.category': 'closed' is not one of open-source",
        ),
        (
            "tools/istio.yaml",
            'sidecarless: {value: "yes",',
            'sidecarless: {value: "yes", other_editions: partial,',
            r"field 'facts\.features\.sidecarless\.other_editions': only a fact that names its "
            r"editions has a value for the other editions",
        ),
        (
            "tools/kuma.yaml",
            "name: Kuma",
            "name: Kuma\nname: Kong",
            r"kuma\.yaml: is not valid YAML \(line 3, column 1\): the key 'name' appears twice",
        ),
    ],
)
def test_bad_dataset_is_refused_with_location(data_copy, file, old, new, message):
    edit(data_copy / file, old, new)
    with pytest.raises(DataError, match=message):
        load_dataset(data_copy)


def test_non_active_tool_without_advice_is_refused(data_copy):
    path = data_copy / "tools/open-service-mesh.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    advice:")
    end = text.index("    sources:", start)
    path.write_text(text[:start] + "    advice: ''\n" + text[end:], encoding="utf-8")
    with pytest.raises(DataError, match="a tool that is archived needs 'advice'"):
        load_dataset(data_copy)


def test_missing_tool_file_is_named(data_copy):
    (data_copy / "tools/cilium.yaml").unlink()
    with pytest.raises(InputError, match=r"cilium\.yaml: no such file"):
        load_dataset(data_copy)


def test_yes_no_are_text_and_dates_stay_text(data_copy):
    # unquoted yes/no/dates are fine: the loader reads YAML 1.2-style
    edit(data_copy / "tools/istio.yaml", 'mtls_default: {value: "yes"', "mtls_default: {value: yes")
    edit(data_copy / "tools/istio.yaml", 'date: "2023-07-12"', "date: 2023-07-12")
    loaded = load_dataset(data_copy)
    istio = loaded.tools[0]
    assert istio.facts.feature("mtls_default").value == "yes"
    assert istio.facts.cncf.date == "2023-07-12"


def test_dataset_override_by_environment(data_copy, monkeypatch):
    edit(data_copy / "dataset.yaml", "title: Service mesh platforms 2026", "title: Our own copy")
    monkeypatch.setenv("MESHDESK_DATASET", str(data_copy))
    assert load_dataset().title == "Our own copy"

"""User text is data, never markup: the CVE-2023-33733 payload and other markup, typed as a
tool name, a criterion name, a note, its source, the title and the author, show literally in
the memo; nothing runs, nothing is fetched, no link but a plain web address is made."""

from __future__ import annotations

import dataclasses
import socket
import urllib.request

import pypdf
import pytest
from reportlab import rl_config

from meshdesk.core.recommendation import recommend
from meshdesk.core.workbook import CellNote
from meshdesk.io.memo import build_memo
from meshdesk.io.memo.fonts import register_fonts
from meshdesk.io.questionnaire import load_answers, load_questionnaire
from meshdesk.locations import data_dir
from tests.helpers.pdf import flat, pdfinfo, pdftotext

# The published exploit (github.com/c53elyas/CVE-2023-33733), aimed at a canary file instead.
CVE_2023_33733 = (
    "<font color=\"[ [ getattr(pow,Word('__globals__'))['os'].system('touch {canary}') for "
    "Word in [orgTypeFun('Word', (str,), {{ 'mutated': 1, 'startswith': lambda self, x: False, "
    "'__eq__': lambda self,x: self.mutate() and self.mutated < 0 and str(self) == x, 'mutate': "
    "lambda self: {{setattr(self, 'mutated', self.mutated - 1)}}, '__hash__': lambda self: "
    "hash(str(self)) }})] ] for orgTypeFun in [type(type(1))] ] and 'red'\">exploit</font>"
)
OTHER_MARKUP = [
    '<img src="http://127.0.0.1:9/x.png"> and <img src="/etc/passwd">',
    '<a href="javascript:alert(1)">x</a>',
    "<b>unbalanced <i>tags",
    "&amp; is not &, and a lone & stays",
    '<para><unichar code="0x41"/></para> <span color="red">s</span>',
]


@pytest.fixture
def canary(tmp_path):
    return tmp_path / "PWNED"


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or a URL fails the test."""
    register_fonts()  # the fonts are files read once per process: not what is being watched

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        pytest.fail(f"the memo tried to reach the network: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr("reportlab.lib.utils.open_for_read", refuse)
    monkeypatch.setattr("reportlab.platypus.paraparser.open_for_read", refuse, raising=False)


def payloads(canary) -> list[str]:  # type: ignore[no-untyped-def]
    return [CVE_2023_33733.format(canary=canary), *OTHER_MARKUP]


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("index", range(1 + len(OTHER_MARKUP)))
def test_markup_in_every_user_field_shows_literally(tmp_path, canary, workbook, dataset, index):
    payload = payloads(canary)[index]
    questionnaire = load_questionnaire(dataset=dataset)
    answers = load_answers(data_dir() / "examples" / "enterprise.yaml", questionnaire)
    top = recommend(workbook, questionnaire, answers).shortlist[0].tool_id
    row = workbook.tool_row(top)
    workbook.tools[row] = dataclasses.replace(workbook.tools[row], name=payload)
    workbook.criteria[0] = dataclasses.replace(workbook.criteria[0], name=f"C {payload}")
    # two notes on other rows: pdftotext reads side-by-side table cells line by line, mixed
    other = next(t.id for t in workbook.tools if t.id != top)
    workbook.notes[(other, workbook.criteria[1].id)] = CellNote(f"N {payload}", "", "")
    workbook.notes[(other, workbook.criteria[4].id)] = CellNote("pilot", f"S {payload}", "")
    rec = recommend(workbook, questionnaire, answers)
    assert rec.shortlist[0].name == payload  # so it also runs through the engine's reasons

    data = build_memo(
        workbook, rec, questionnaire=questionnaire, title=f"T {payload}", author=f"A {payload}"
    )

    assert not canary.exists(), "the exploit ran"
    path = tmp_path / "memo.pdf"
    path.write_bytes(data)
    content = flat(pdftotext(path))
    for shown in (payload, f"C {payload}", f"N {payload}", f"S {payload}", f"T {payload}"):
        assert flat(shown) in content, shown
    info = pdfinfo(path)
    assert flat(info["Title"]) == flat(f"T {payload}")
    assert flat(info["Author"]) == flat(f"A {payload}")
    reader = pypdf.PdfReader(path)
    # bookmarks are clipped to 120 characters
    assert any(flat(payload[:100]) in flat(item["/Title"]) for item in _outline(reader.outline))
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A", {})
            uri = str(action.get("/URI", "https://"))
            assert uri.startswith(("https://", "http://")), uri
            assert action.get("/S") in (None, "/URI")
    assert "/JavaScript" not in str(reader.trailer["/Root"])


def _outline(items):  # type: ignore[no-untyped-def]
    for item in items:
        if isinstance(item, list):
            yield from _outline(item)
        else:
            yield item


def test_the_exploit_would_reach_reportlab_unescaped(canary):
    """The payload is live markup for reportlab (it fails to parse rather than run, since
    reportlab 3.6.13): escaping, not luck, is what makes it show as text."""
    from reportlab.platypus import Paragraph

    with pytest.raises(ValueError, match="paragraph text"):
        Paragraph(CVE_2023_33733.format(canary=canary))
    assert not canary.exists()


def test_reportlab_settings_stay_safe(workbook):
    build_memo(workbook)
    assert rl_config.trustedHosts is None
    assert rl_config.toColorCanUse != "rl_safe_eval"

"""User text is data, never markup: the CVE-2023-33733 payload and other markup, typed as a
tool name, a criterion name, a note, its source, the title and the author, show literally in
the memo; nothing runs, nothing is fetched, no link but a plain web address is made."""

from __future__ import annotations

import dataclasses
import re
import socket
import urllib.request

import pypdf
import pytest
from reportlab import rl_config

from meshdesk.core.facts import Source
from meshdesk.core.recommendation import recommend
from meshdesk.core.workbook import CellNote
from meshdesk.io.questionnaire import load_answers, load_questionnaire
from meshdesk.io.robustness import analyse_if_possible
from meshdesk.locations import data_dir
from meshdesk.render.pdf import build_memo
from meshdesk.render.pdf.fonts import register_fonts
from meshdesk.render.pdf.markup import safe_link
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
        workbook,
        rec,
        questionnaire=questionnaire,
        title=f"T {payload}",
        author=f"A {payload}",
        analysis=analyse_if_possible(workbook),  # names in its sentences, tables and charts
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


# --- links: only plain web addresses ----------------------------------------------------------

# The bidi controls: embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069), the
# marks (U+200E, U+200F, U+061C). Inside an address they make it show differently from what
# it opens: `https://example.test/\u202efdp.exe` reads as ...exe.pdf.
BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)]
NOT_LINKS = [
    *(f"https://example.test/{ch}fdp.exe" for ch in BIDI),
    "https://example.test/a\u200bb",  # zero-width space
    "https://example.test/a\u00adb",  # soft hyphen
    "https://example.test/a\u2060b",  # word joiner
    "https://example.test/a b",
    "https://example.test/a\u00a0b",  # no-break space
    "https://example.test/a\u3000b",  # ideographic space
    # CVE-2023-33733 style: an address that breaks out of the href attribute into markup
    "https://x.test/\" color=\"[[getattr(pow,Word('__globals__'))['os'].system('id')]] and 'red",
    "https://x.test/'><font color=\"[[getattr(pow,Word('__globals__'))]]\">x</font>",
    'https://x.test/<img src="/etc/passwd"/>',
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "https://",
    "https:///etc/passwd",
    "ftp://example.test/file",
]


def _uris(path) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        str(annotation.get_object()["/A"]["/URI"])
        for page in pypdf.PdfReader(path).pages
        for annotation in page.get("/Annots") or []
        if "/URI" in annotation.get_object().get("/A", {})
    ]


def _plain(uri: str) -> bool:
    """An independent statement of a plain web address: http(s), a host, and nothing in it
    that is whitespace, a control or an invisible format character."""
    import unicodedata

    return bool(re.fullmatch(r"https?://[^/\s?#]+(?:[/?#]\S*)?", uri)) and not any(
        unicodedata.category(ch)[0] in "CZ" for ch in uri
    )


@pytest.mark.usefixtures("no_network")
def test_a_note_source_is_a_link_only_when_it_is_a_plain_web_address(tmp_path, workbook):
    """A U+202E inside a note's source made a clickable link whose text reads backwards."""
    cells = [(t.id, c.id) for t in workbook.tools for c in workbook.criteria]
    plain_url = "https://wiki.example.test/pilot?run=42&view=full"
    for (tool_id, criterion_id), source in zip(cells, [plain_url, *NOT_LINKS], strict=False):
        workbook.notes[(tool_id, criterion_id)] = CellNote("evidence", source, "")
    path = tmp_path / "memo.pdf"
    path.write_bytes(build_memo(workbook))

    uris = _uris(path)
    assert plain_url in uris  # a plain address is a link, to exactly itself
    for uri in uris:
        assert _plain(uri), repr(uri)
    for source in NOT_LINKS:
        assert source not in uris and source.strip() not in uris, repr(source)
    content = flat(pdftotext(path))
    for ch in BIDI:  # shown, written out, instead of reordering what follows
        assert f"[U+{ord(ch):04X}]fdp.exe" in content, f"U+{ord(ch):04X}"
    assert flat(plain_url) in content


@pytest.mark.usefixtures("no_network")
def test_a_dataset_source_is_a_link_only_when_it_is_a_plain_web_address(tmp_path, workbook):
    """The same rule for the sources of appendix B (the dataset's and a project's own)."""
    added = {f"X{n}": Source(f"X{n}", f"Spoof {n}", url=url) for n, url in enumerate(NOT_LINKS)}
    catalogue = workbook.catalogue
    workbook.catalogue = dataclasses.replace(catalogue, sources={**catalogue.sources, **added})
    path = tmp_path / "memo.pdf"
    path.write_bytes(build_memo(workbook))
    uris = _uris(path)
    assert all(_plain(uri) for uri in uris)
    for source in NOT_LINKS:
        assert source not in uris, repr(source)
    content = flat(pdftotext(path))
    assert flat("[X4] Spoof 4, https://example.test/[U+202E]fdp.exe") in content


@pytest.mark.parametrize("ch", BIDI)
@pytest.mark.parametrize(
    "where", ["https://example.test/{}x", "https://exa{}mple.test/", "{}https://example.test/"]
)
def test_safe_link_refuses_every_bidi_control(ch, where):
    assert safe_link(where.format(ch)) is None


def test_safe_link_takes_plain_web_addresses():
    assert (
        safe_link("https://example.test/a-b.c?d=1&e=2#f") == "https://example.test/a-b.c?d=1&e=2#f"
    )
    assert safe_link("  http://example.test/  ") == "http://example.test/"
    assert safe_link("https://bücher.example/") == "https://bücher.example/"  # a name, not a trick
    assert safe_link("HTTPS://EXAMPLE.TEST/") == "HTTPS://EXAMPLE.TEST/"
    for refused in NOT_LINKS:
        assert safe_link(refused) is None, repr(refused)

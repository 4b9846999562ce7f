"""Strategies for hostile input: text, JSON values, project files, answers, CSV and xlsx."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import yaml
from hypothesis import strategies as st

# --- text ------------------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\x00",
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "\r",
    "\x9b2J",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\u202e",  # right-to-left override
    "\u200b",
    "e\u0301" * 3,  # combining accents
    "=1+1",
    "@SUM(1)",
    "-2+3",
    "\t=1",
    "<b>bold</b>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "&amp;&lt;",
    "${jndi:ldap://x}",
    "_x0000_",
    "_xD800_",
    "١٢٣",  # Arabic-Indic digits
    "５",  # full-width digit
    "0_5",
    "1e-400",
    "1e308",
    "NaN",
    "inf",
    "9" * 40,
    "x" * 3000,
    "a b " * 600,
    "http://a.test/\u202egnp.exe",
    "https://example.test/" + "p/" * 200,
]
nasty_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.builds(lambda a, b: a + b, st.sampled_from(NASTY), st.text(max_size=10)),
)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    nasty_text,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(nasty_text, inner, max_size=5)
    ),
    max_leaves=20,
)

# --- byte-level damage -------------------------------------------------------------------------


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """The bytes as they are, cut short, with a byte changed, or with junk spliced in."""
    how = draw(st.sampled_from(["as-is", "as-is", "truncate", "flip", "splice"]))
    if not data or how == "as-is":
        return data
    at = draw(st.integers(0, len(data) - 1))
    if how == "truncate":
        return data[:at]
    if how == "flip":
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    return data[:at] + draw(st.binary(max_size=30)) + data[at:]


# --- project files -----------------------------------------------------------------------------


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value[:6]):
            found += _paths(item, (*prefix, i))
    return found


def _set(root: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = root
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return root


@st.composite
def mutated_documents(draw: st.DrawFn, document: dict[str, Any]) -> Any:
    """A JSON document with one to three mutations at random places."""
    root: Any = json.loads(json.dumps(document))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(root)
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "delete", "add-key", "duplicate", "wrap"]))
        if action == "replace" or not path:
            root = _set(root, path, draw(json_values))
            continue
        parent = root
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        if action == "delete":
            del parent[key]
        elif action == "add-key" and isinstance(parent, dict):
            parent[draw(nasty_text)] = draw(json_values)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[key])))
        else:
            parent[key] = [parent[key]]
    return root


def project_bytes(document: Any) -> bytes:
    # ensure_ascii keeps lone surrogates as \\ud800 escapes: text that decodes to them
    return json.dumps(document, ensure_ascii=True).encode("ascii")


# --- answers -------------------------------------------------------------------------------------

RAW_YAML = [
    "organization: !!python/object/apply:os.system ['echo pwned']\n",
    "a: &a [x, x]\nb: *a\n",
    "base: &b {organization: smb}\n<<: *b\n",
    "organization: smb\norganization: enterprise\n",
    "? [complex, key]\n: smb\n",
    "organization: [[[[[[smb]]]]]]\n",
    "--- \n...\n--- \norganization: smb\n",
    "%YAML 1.1\n---\norganization: yes\n",
    "organization: 2026-11-27\n",
    "\ufeffpriorities: [security, security]\n",
]


@st.composite
def answers_files(draw: st.DrawFn, question_ids: list[str], option_ids: list[str]) -> bytes:
    kind = draw(st.sampled_from(["mapping", "mapping", "raw", "json", "value"]))
    if kind == "raw":
        return draw(st.sampled_from(RAW_YAML)).encode("utf-8")
    if kind == "value":
        return yaml.safe_dump(draw(json_values)).encode("utf-8", "surrogatepass")
    keys = st.one_of(st.sampled_from(question_ids), nasty_text)
    values = st.one_of(
        st.sampled_from(option_ids), st.lists(st.sampled_from(option_ids), max_size=5), json_values
    )
    answers = draw(st.dictionaries(keys, values, max_size=8))
    if kind == "json":
        return json.dumps(answers).encode("ascii")
    return yaml.safe_dump(answers, allow_unicode=True).encode("utf-8", "surrogatepass")


# --- CSV -----------------------------------------------------------------------------------------

score_texts = st.one_of(
    st.integers(0, 10).map(str),
    st.floats(0, 10).map(lambda v: f"{v:.3g}"),
    st.sampled_from(["", "5,5", "5.", ".5", "11", "-1", "1e1", "0x5", "5 ", " 5", "5\u00a0"]),
    nasty_text,
)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    columns = draw(st.integers(1, 5))
    header = ["Tool", *(draw(nasty_text) or f"C{j}" for j in range(columns))]
    rows = [header]
    for i in range(draw(st.integers(0, 6))):
        rows.append([draw(nasty_text) or f"T{i}", *(draw(score_texts) for _ in range(columns))])

    def cell(text: str) -> str:
        if draw(st.booleans()) or any(c in text for c in f'"{delimiter}\n\r'):
            return '"' + text.replace('"', '""') + '"'
        return text

    text = "\n".join(delimiter.join(cell(c) for c in row) for row in rows) + "\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le"]))
    data = text.encode(encoding, "surrogatepass")
    return draw(damaged(data))


# --- xlsx ----------------------------------------------------------------------------------------

xlsx_values = st.one_of(
    st.none(),
    st.integers(-5, 15),
    st.floats(-1, 11, allow_nan=False),
    st.booleans(),
    nasty_text,
    st.sampled_from(["=1+1", "=A1", '=HYPERLINK("http://x","y")', "=1/0"]),
)
# evidence grades as a spreadsheet user types them: ids, names, odd case and spaces, near misses
GRADE_LABELS = ["own-pilot", "Vendor claim", " DOCUMENTATION ", "guide", "vendor_claim", "pilot"]


def _cell_value(value: Any) -> Any:
    if isinstance(value, str):  # openpyxl refuses what XML cannot carry; keep the rest nasty
        return (
            "".join(c for c in value if c >= " " or c in "\t\n\r")
            .encode("utf-8", "ignore")
            .decode("utf-8", "ignore")
        )
    return value


@st.composite
def xlsx_files(draw: st.DrawFn) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    scores = book.active
    scores.title = draw(st.sampled_from(["Scores", "Scores", "Sheet1", "scores"]))
    columns = draw(st.integers(1, 4))
    scores.append(["Tool", *[_cell_value(draw(nasty_text)) or f"C{j}" for j in range(columns)]])
    for i in range(draw(st.integers(0, 5))):
        row = [_cell_value(draw(nasty_text)) or f"T{i}"]
        row += [_cell_value(draw(xlsx_values)) for _ in range(columns)]
        scores.append(row)
    if draw(st.booleans()):
        weights = book.create_sheet("Weights")
        weights.append(["Criterion", "Weight"])
        for j in range(columns):
            weights.append([scores.cell(1, j + 2).value, _cell_value(draw(xlsx_values))])
    if draw(st.booleans()):
        notes = book.create_sheet("Notes")
        graded = draw(st.booleans())  # exports before evidence grades had no Evidence column
        notes.append(["Tool", "Criterion", "Note", "Source", "Date", *(["Evidence"] * graded)])
        for _ in range(draw(st.integers(0, 3))):
            row = [_cell_value(draw(xlsx_values)) for _ in range(5)]
            if graded:
                row.append(_cell_value(draw(st.one_of(st.sampled_from(GRADE_LABELS), xlsx_values))))
            notes.append(row)
    if draw(st.booleans()) and len(book.worksheets) > 1:
        scores.sheet_state = draw(st.sampled_from(["hidden", "veryHidden"]))
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if draw(st.booleans()):
        data = draw(_damaged_zip(data))
    return data


@st.composite
def _damaged_zip(draw: st.DrawFn, data: bytes) -> bytes:
    """A valid package with one member dropped, replaced by junk, or flagged as encrypted."""
    source = zipfile.ZipFile(io.BytesIO(data))
    members = source.namelist()
    victim = draw(st.sampled_from(members))
    how = draw(st.sampled_from(["drop", "junk", "encrypted", "bytes"]))
    if how == "bytes":
        return draw(damaged(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in members:
            content = source.read(name)
            if name == victim and how == "drop":
                continue
            if name == victim and how == "junk":
                content = draw(st.binary(max_size=200))
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name == victim and how == "encrypted":
                info.flag_bits |= 0x1
            target.writestr(info, content)
    return out.getvalue()

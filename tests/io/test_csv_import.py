from __future__ import annotations

import csv
import io
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meshdesk.core.errors import DataError
from meshdesk.io import csv_import
from meshdesk.io.csv_import import import_csv
from meshdesk.io.table import cell_address, column_letter


def write(tmp_path, text: str, name: str = "scores.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_table_becomes_workbook_with_equal_weights(tmp_path):
    wb = import_csv(
        write(tmp_path, "Tool,Core features,Ease of use\nIstio,10,6\nLinkerd,8,9.5\nNew mesh,7,\n")
    )
    assert wb.tool_ids == ["istio", "linkerd", "new-mesh"]
    assert [c.id for c in wb.criteria] == ["core-features", "ease-of-use"]
    assert [c.name for c in wb.criteria] == ["Core features", "Ease of use"]
    assert wb.weights.tolist() == [50.0, 50.0]
    assert wb.score("linkerd", "ease-of-use") == 9.5
    assert math.isnan(wb.score("new-mesh", "ease-of-use"))  # empty cell = not scored


def test_semicolon_and_decimal_comma_from_european_excel(tmp_path):
    wb = import_csv(write(tmp_path, "Tool;Core;Ease\r\nIstio;10;6,5\r\n"))
    assert wb.score("istio", "ease") == 6.5


def test_every_bad_cell_is_listed_and_nothing_imported(tmp_path):
    text = "Tool,Core,Ease\nIstio,high,6\n,5,5\nKuma,11,inf\nistio,1,1\n"
    with pytest.raises(DataError) as info:
        import_csv(write(tmp_path, text))
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'scores.csv'}: nothing was imported; 5 problems found:")
    assert 'scores.csv!B2: "high" is not a number from 0 to 10' in message
    assert "scores.csv!A3: the tool name is empty" in message
    assert "scores.csv!B4: 11 is outside the score range 0 to 10" in message
    assert 'scores.csv!C4: "inf" is not a finite number' in message
    assert "scores.csv!A5: the tool 'istio' appears twice (first at scores.csv!A2)" in message


def test_header_problems(tmp_path):
    with pytest.raises(DataError, match="the header row names no criteria"):
        import_csv(write(tmp_path, "Tool\nIstio\n"))
    with pytest.raises(DataError, match=r"scores\.csv!C1: the criterion 'core' appears twice"):
        import_csv(write(tmp_path, "Tool,Core,core\nIstio,1,2\n"))
    # no rows under the header is an empty table, not an error: MeshDesk writes such tables
    # (a workbook whose tools were all deleted) and must read them back
    empty = import_csv(write(tmp_path, "Tool,Core\n"))
    assert empty.tool_ids == [] and empty.criterion_ids == ["core"]


def test_empty_and_binary_files(tmp_path):
    with pytest.raises(DataError, match="is empty"):
        import_csv(write(tmp_path, "  \n"))
    path = tmp_path / "x.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00")  # an xlsx (a zip) renamed .csv
    with pytest.raises(
        DataError, match="is binary, not text: it has a NUL byte on line 1, column 6"
    ):
        import_csv(path)
    path.write_bytes("Tool,Core\nIstio,5\nKuma,caf\u00e9\n".encode("latin-1"))
    with pytest.raises(DataError) as info:
        import_csv(path)
    assert str(info.value) == (
        f"{path}: is not UTF-8 text (the byte 0xE9 on line 3, column 9); save it as UTF-8 CSV."
    )


def test_size_and_shape_limits(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_import, "MAX_TABLE_ROWS", 3)
    with pytest.raises(DataError, match="more than 3 rows"):
        import_csv(write(tmp_path, "T,C\n" + "".join(f"t{i},1\n" for i in range(5))))
    monkeypatch.setattr(csv_import, "MAX_TABLE_COLUMNS", 2)
    with pytest.raises(DataError, match="at most 2 criteria"):
        import_csv(write(tmp_path, "T,A,B,C\nx,1,1,1\n"))
    monkeypatch.setattr(csv_import, "CSV_MAX_BYTES", 10)
    with pytest.raises(DataError, match="larger than the 10 bytes a CSV file may be"):
        import_csv(write(tmp_path, "T,C\nabc,1\nxyz,2\n"))


def test_formula_escape_added_by_meshdesk_is_removed(tmp_path):
    wb = import_csv(write(tmp_path, "Tool,Core\n'=cmd|' /C calc'!A0,5\n'+plus,4\n'plain,3\n"))
    assert [t.name for t in wb.tools] == ["=cmd|' /C calc'!A0", "+plus", "'plain"]


def test_cell_addresses():
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert cell_address("Scores", 6, 3) == "Scores!D7"


# --- hostile and odd input (issue 10) --------------------------------------------------------


def refusal(tmp_path, data: bytes | str, name: str = "scores.csv") -> str:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    with pytest.raises(DataError) as info:
        import_csv(path)
    return str(info.value)


def test_an_unterminated_quote_is_refused_with_the_line_where_it_starts(tmp_path):
    """Before: the rest of the file became one tool named "Istio,5\\nLinkerd,6"."""
    message = refusal(tmp_path, 'Tool,Core\n"Istio,5\nLinkerd,6\n')
    assert message == (
        f"{tmp_path / 'scores.csv'}: the quoted field that starts on line 2 (scores.csv!A2) has "
        "no closing quote, so the rest of the file would be read into that one cell; close the "
        'quote or double the quotes inside the field ("").'
    )
    # a quoted line break before it: the line is the file's line, the cell the table's row
    message = refusal(tmp_path, 'Tool,"Core\nfeatures"\nIstio,5\nKuma,"6\nLinkerd,7\n')
    assert "starts on line 4 (scores.csv!B3)" in message


def test_quotes_that_could_be_read_two_ways_are_refused(tmp_path):
    message = refusal(tmp_path, 'Tool, "Core, features"\nIstio,5,6\n')
    assert message == (
        f"{tmp_path / 'scores.csv'}: line 1 (scores.csv!B1) has a double quote inside an "
        "unquoted field; quote the whole field, with nothing before the opening quote, and "
        'double the quotes inside it ("").'
    )
    message = refusal(tmp_path, 'Tool,Core\nIstio,5\n"Kuma"mesh,6\n')
    assert "line 3 (scores.csv!A3) has text after the closing quote of a field" in message
    message = refusal(tmp_path, 'Tool,Core\nIstio,5\nKuma,6"\n')
    assert "line 3 (scores.csv!B3) has a double quote inside an unquoted field" in message


def test_quoted_fields_are_read_as_rfc_4180_says(tmp_path):
    wb = import_csv(
        write(tmp_path, 'Tool,"Core, features"\r\n"Istio ""classic""",5\r\n"Kuma, Inc","6"\r\n')
    )
    assert [c.name for c in wb.criteria] == ["Core, features"]
    assert [t.name for t in wb.tools] == ['Istio "classic"', "Kuma, Inc"]
    assert wb.scores.tolist() == [[5.0], [6.0]]
    wb = import_csv(write(tmp_path, "Tool;Core\rIstio;6,5\rKuma;7\r"))  # old Mac line ends
    assert wb.scores.tolist() == [[6.5], [7.0]]


def test_scores_float_would_misread_are_refused_with_their_cell(tmp_path):
    """Before: 0_5 was 5, the Arabic-Indic and full-width fives were 5, 1e-400 was 0, and the
    odd spaces were stripped; each exited 0."""
    text = (
        "Tool,Core\nIstio,0_5\nLinkerd,\u0665\nKuma,\uff15\nCilium,1e-400\nConsul,\u00a05\u2003\n"
        'Envoy,"6,5"\nTraefik,Infinity\nNginx,nan\n'
    )
    message = refusal(tmp_path, text)
    assert "nothing was imported; 8 problems found" in message
    for line in [
        'scores.csv!B2: "0_5" is not a number from 0 to 10',
        'scores.csv!B3: "\u0665" has the digit \u0665 (U+0665 ARABIC-INDIC DIGIT FIVE)',
        'scores.csv!B4: "\uff15" has the digit \uff15 (U+FF15 FULLWIDTH DIGIT FIVE)',
        'scores.csv!B5: "1e-400" is in exponent notation',
        'scores.csv!B6: "\\xa05\\u2003" contains U+00A0 NO-BREAK SPACE',
        'scores.csv!B7: "6,5" has a decimal comma, which this table does not use; write 6.5',
        'scores.csv!B8: "Infinity" is not a finite number',
        'scores.csv!B9: "nan" is not a score; leave the cell empty for "not scored"',
    ]:
        assert f"\n  {line}" in message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_text_is_named_as_such(tmp_path, encoding):
    """Before: without a BOM, '"\\x005\\x00" is not a number' (or a NUL in a name)."""
    data = "Tool,Core,Ease\r\nIstio,5,6\r\nKuma,7,8\r\n".encode(encoding)
    assert refusal(tmp_path, data) == (
        f"{tmp_path / 'scores.csv'}: is UTF-16 text; save it as UTF-8 CSV."
    )


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be", "utf-32"])
def test_utf32_text_is_named_as_such(tmp_path, encoding):
    data = "Tool;Core\nIstio;5\n".encode(encoding)
    assert refusal(tmp_path, data).endswith("scores.csv: is UTF-32 text; save it as UTF-8 CSV.")


def test_a_nul_anywhere_makes_the_file_binary(tmp_path):
    """Before: a NUL inside a score gave the misleading '"5" is not a number'."""
    assert refusal(tmp_path, b"Tool,Core\nIstio,5\x00\n") == (
        f"{tmp_path / 'scores.csv'}: is binary, not text: it has a NUL byte on line 2, column 8; "
        "save the table as UTF-8 CSV."
    )
    message = refusal(tmp_path, "\ufeffTool,Core\nK\u00fcma\x00,5\n".encode())
    assert "a NUL byte on line 2, column 5" in message  # columns in characters, no BOM
    message = refusal(tmp_path, b'Tool,Core\n"Is\r\ntio",5\n"x\x00",1\n')
    assert "a NUL byte on line 4, column 3" in message


def test_names_with_control_characters_are_refused_with_their_cell(tmp_path):
    message = refusal(tmp_path, "Tool,Core\nIs\x1b[31mtio,5\n")
    assert (
        "scores.csv!A2: the tool name contains the control character U+001B at position 3"
        in message
    )
    message = refusal(tmp_path, 'Tool,"Core\nfeatures"\nIstio,5\n')
    assert (
        "scores.csv!B1: the criterion name contains a line break (it must be one line)" in message
    )


def test_ten_thousand_rows_whose_names_map_to_one_id(tmp_path, monkeypatch):
    """Before: make_id rebuilt the taken set and counted suffixes up from 2 for every row, so
    10,000 such rows took seconds (16 s on the reference machine); now every id costs O(1)."""
    from meshdesk.core import ids as ids_module
    from meshdesk.io import table

    probes = {"count": 0}

    class CountingSet(set[str]):
        def __contains__(self, item: object) -> bool:
            probes["count"] += 1
            return super().__contains__(item)

    class CountingAllocator(ids_module.IdAllocator):
        def __init__(self, taken=()):
            super().__init__(taken)
            self._taken = CountingSet(self._taken)

    monkeypatch.setattr(table, "IdAllocator", CountingAllocator)
    names = [f"Mesh {chr(0x4E00 + i)}" for i in range(10_000)]  # every one "mesh"
    wb = import_csv(write(tmp_path, "Tool,Core\n" + "".join(f"{n},5\n" for n in names)))
    assert wb.tool_ids[:2] == ["mesh", "mesh-2"] and wb.tool_ids[-1] == "mesh-10000"
    assert [t.name for t in wb.tools] == names
    assert probes["count"] <= 2 * (len(names) + 1)  # linear: at most two lookups per id


def test_the_command_line_exits_2_with_one_sentence(tmp_path, capsys):
    from meshdesk.cli.main import main

    out = tmp_path / "out.meshdesk"
    for data in (b'Tool,Core\n"Istio,5\nLinkerd,6\n', "T,C\nx,5\n".encode("utf-16-le")):
        (tmp_path / "bad.csv").write_bytes(data)
        code = main(["import", str(tmp_path / "bad.csv"), "-o", str(out)])
        err = capsys.readouterr().err
        assert code == 2
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert str(tmp_path / "bad.csv") in err
        assert not out.exists()


# --- properties: the class of input, not just the examples ---------------------------------

# names a table may hold (meshdesk.core.text), quotes and delimiters included
NAME_CHARS = st.characters(exclude_categories=("Cs", "Cc", "Cn", "Zl", "Zp"))
SCORE_TEXTS = st.one_of(
    st.just(""),
    st.integers(0, 10).map(str),
    st.integers(0, 10_000).map(lambda n: f"{n / 1000:.3f}"),
    st.integers(0, 100).map(lambda n: f" {n / 10:g} "),
)


def clean(name: str) -> str:
    from meshdesk.io.textsafety import unescape_from_csv

    return unescape_from_csv(name.strip())


def expected_score(text: str, decimal_comma: bool) -> float:
    text = text.strip(" ")
    return float(text.replace(",", ".")) if text else math.nan


@st.composite
def tables(
    draw: st.DrawFn, other_delimiters: bool = False
) -> tuple[list[str], list[str], list[list[str]], str]:
    """Criteria, tool names and score texts of a valid table, and its delimiter. The names
    hold the other delimiters (which the writer does not quote) only if asked: a header with
    both commas and semicolons may be refused as ambiguous."""
    delimiter = draw(st.sampled_from(",;\t"))
    chars = NAME_CHARS
    if not other_delimiters:
        chars = chars.filter(lambda c: c not in ",;" or c == delimiter)
    names = st.text(chars, min_size=1, max_size=12).filter(lambda n: clean(n) != "")
    key = lambda n: clean(n).casefold()  # noqa: E731
    criteria = draw(st.lists(names, min_size=1, max_size=4, unique_by=key))
    tools = draw(st.lists(names, min_size=1, max_size=6, unique_by=key))
    scores = [[draw(SCORE_TEXTS) for _ in criteria] for _ in tools]
    if delimiter == ";":  # a semicolon file may use the decimal comma
        scores = [[s.replace(".", ",") if draw(st.booleans()) else s for s in r] for r in scores]
    return criteria, tools, scores, delimiter


def serialize(
    criteria, tools, scores, delimiter, *, quoting=csv.QUOTE_MINIMAL, terminator="\r\n"
) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=terminator)
    writer.writerow(["Tool", *criteria])
    for tool, row in zip(tools, scores, strict=True):
        writer.writerow([tool, *row])
    return buffer.getvalue()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("csv-properties") / "scores.csv"


def read(path, data: bytes):
    path.write_bytes(data)
    return import_csv(path)


def attempt(path, data: bytes):
    """The workbook, or the DataError the import raised."""
    try:
        return read(path, data)
    except DataError as error:
        return error


@settings(max_examples=150, deadline=None)
@given(tables(), st.sampled_from(["\r\n", "\n", "\r"]), st.booleans(), st.booleans())
def test_a_valid_table_is_read_exactly(scratch, table, terminator, quote_all, bom):
    criteria, tools, scores, delimiter = table
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    text = serialize(criteria, tools, scores, delimiter, quoting=quoting, terminator=terminator)
    wb = read(scratch, ("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    assert [c.name for c in wb.criteria] == [clean(c) for c in criteria]
    assert [t.name for t in wb.tools] == [clean(t) for t in tools]
    expected = [[expected_score(s, delimiter == ";") for s in row] for row in scores]
    assert np.array_equal(wb.scores, np.array(expected), equal_nan=True)


@settings(max_examples=200, deadline=None)
@given(tables(other_delimiters=True))
def test_a_header_with_both_commas_and_semicolons_is_never_misread(scratch, table):
    """Names may hold the delimiter the file does not use, unquoted (as Excel writes them):
    the import reads the table that was written, or refuses it; never another table."""
    criteria, tools, scores, delimiter = table
    wb = attempt(scratch, serialize(criteria, tools, scores, delimiter).encode())
    if isinstance(wb, DataError):
        assert "line 1 has both commas and semicolons" in str(wb)
        assert delimiter != "\t"
        return
    assert [c.name for c in wb.criteria] == [clean(c) for c in criteria]
    assert [t.name for t in wb.tools] == [clean(t) for t in tools]
    expected = [[expected_score(s, delimiter == ";") for s in row] for row in scores]
    assert np.array_equal(wb.scores, np.array(expected), equal_nan=True)


def test_the_delimiter_is_chosen_from_the_header_and_the_rows(tmp_path):
    """Before: a tie in the header went to whichever delimiter was listed first, and a header
    "Tool\t;0" was read as two columns split at the semicolon."""
    wb = import_csv(write(tmp_path, "Tool\t;0\nIstio\t5\n"))
    assert [c.name for c in wb.criteria] == [";0"]
    wb = import_csv(write(tmp_path, "Tool;Ease, of use;Core\nIstio;6,5;7\n"))
    assert [c.name for c in wb.criteria] == ["Ease, of use", "Core"]
    assert wb.scores.tolist() == [[6.5, 7.0]]
    wb = import_csv(write(tmp_path, "Tool,Speed; latency\nIstio,5\n"))  # the rows decide
    assert [c.name for c in wb.criteria] == ["Speed; latency"]
    message = refusal(tmp_path, "Tool;Ease, of use\nIstio;6,5\n")
    assert message == (
        f"{tmp_path / 'scores.csv'}: line 1 has both commas and semicolons, and the rows do not "
        "show which one separates the columns; put the names that hold the other one in double "
        'quotes ("Ease, of use").'
    )


HOSTILE_PIECES = [
    *"0123456789.,_eE+- \t\n\r\"'",
    "\x00", "\x1b", "\x85", "\u00a0", "\u2003", "\u202e", "\ufeff", "\u066b", "\u2212",
    "\u0665", "\uff15", "\u06f5", "\U0001d7d3", "inf", "nan", "1e-400",
]  # fmt: skip
hostile_cells = st.lists(st.sampled_from(HOSTILE_PIECES), min_size=1, max_size=6).map("".join)


@settings(max_examples=200, deadline=None)
@given(tables(), hostile_cells, st.data())
def test_one_hostile_score_is_read_by_the_rule_or_refused_at_its_cell(
    scratch, table, hostile, data
):
    """Put an odd cell into a valid table (quoted as a spreadsheet would): the import reads
    exactly the number the rule reads, or refuses that cell by its address."""
    criteria, tools, scores, delimiter = table
    row = data.draw(st.integers(0, len(tools) - 1))
    col = data.draw(st.integers(0, len(criteria) - 1))
    scores[row][col] = hostile
    text = serialize(criteria, tools, scores, delimiter)
    decimal_comma = delimiter == ";"
    stripped = hostile.strip(" ")
    number = re.fullmatch(r"[0-9]+([.,][0-9]*)?|[.,][0-9]+", stripped, re.ASCII)
    valid = stripped == "" or (
        number is not None
        and (decimal_comma or "," not in stripped)
        and float(stripped.replace(",", ".")) <= 10
    )
    if "\x00" in hostile:
        with pytest.raises(DataError, match="is binary, not text: it has a NUL byte on line"):
            read(scratch, text.encode())
    elif valid:
        wb = read(scratch, text.encode())
        got = wb.scores[row, col]
        assert got == expected_score(hostile, decimal_comma) or (math.isnan(got) and stripped == "")
    else:
        with pytest.raises(DataError) as info:
            read(scratch, text.encode())
        assert f"\n  scores.csv!{column_letter(col + 1)}{row + 2}: " in str(info.value)


@settings(max_examples=200, deadline=None)
@given(tables(), st.booleans(), st.data())
def test_a_missing_or_stray_quote_is_never_read_as_a_table(scratch, table, drop, data):
    """A valid file has an even number of quotes; one removed or added anywhere leaves a file
    that cannot mean the table, and it must be refused with a line, never imported."""
    criteria, tools, scores, delimiter = table
    text = serialize(criteria, tools, scores, delimiter, quoting=csv.QUOTE_ALL)
    if drop:
        quotes = [i for i, ch in enumerate(text) if ch == '"']
        at = data.draw(st.sampled_from(quotes))
        text = text[:at] + text[at + 1 :]
    else:
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + '"' + text[at:]
    with pytest.raises(DataError, match=r"line \d+ "):
        read(scratch, text.encode())


@settings(max_examples=100, deadline=None)
@given(tables())
def test_dropping_the_last_closing_quote_names_the_line_of_its_field(scratch, table):
    criteria, tools, scores, delimiter = table
    text = serialize(criteria, tools, scores, delimiter, quoting=csv.QUOTE_ALL, terminator="\n")
    cut = text.rindex('"')
    starts_on = text[:cut].rindex('"') if not text[:cut].endswith('""') else None
    text = text[:cut] + text[cut + 1 :]
    with pytest.raises(DataError) as info:
        read(scratch, text.encode())
    if starts_on is not None and text[:starts_on].count('"') % 2 == 0:
        line = text[:starts_on].count("\n") + 1
        assert f"starts on line {line} " in str(info.value)


@settings(max_examples=100, deadline=None)
@given(tables(), st.sampled_from(["utf-16-le", "utf-16-be", "utf-16", "utf-32-le", "utf-32"]))
def test_wide_encodings_are_named(scratch, table, encoding):
    text = serialize(*table)
    name = "UTF-32" if "32" in encoding else "UTF-16"
    with pytest.raises(DataError, match=f"is {name} text; save it as UTF-8 CSV"):
        read(scratch, text.encode(encoding))


@settings(max_examples=100, deadline=None)
@given(tables(), st.data())
def test_a_nul_anywhere_is_refused_with_its_position(scratch, table, data):
    text = serialize(*table, terminator="\n")
    at = data.draw(st.integers(0, len(text)))
    text = text[:at] + "\x00" + text[at:]
    line = text[:at].count("\n") + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    with pytest.raises(DataError, match=f"a NUL byte on line {line}, column {column};"):
        read(scratch, text.encode())


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.lists(
            st.sampled_from([*HOSTILE_PIECES, "Tool", "Core", ";", "\t", "\ud800"]), max_size=40
        )
        .map("".join)
        .map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    )
)
def test_any_bytes_give_a_workbook_or_one_clear_refusal(scratch, data):
    """Never a traceback: whatever the bytes, the import builds a workbook or raises the
    one error the command line reports (exit 2)."""
    outcome = attempt(scratch, data)  # anything but a DataError propagates and fails
    if isinstance(outcome, DataError):
        assert str(outcome).startswith(str(scratch))
        assert str(outcome).split("\n", 1)[0].isprintable()
    else:
        assert outcome.criteria  # rows may be none: an empty table is an empty evaluation

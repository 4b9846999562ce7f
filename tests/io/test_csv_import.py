from __future__ import annotations

import math

import pytest

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
    assert "scores.csv!C4: inf is not a finite number" in message
    assert "scores.csv!A5: the tool 'istio' appears twice (first at scores.csv!A2)" in message


def test_header_problems(tmp_path):
    with pytest.raises(DataError, match="the header row names no criteria"):
        import_csv(write(tmp_path, "Tool\nIstio\n"))
    with pytest.raises(DataError, match=r"scores\.csv!C1: the criterion 'core' appears twice"):
        import_csv(write(tmp_path, "Tool,Core,core\nIstio,1,2\n"))
    with pytest.raises(DataError, match="has no tool rows"):
        import_csv(write(tmp_path, "Tool,Core\n"))


def test_empty_and_binary_files(tmp_path):
    with pytest.raises(DataError, match="is empty"):
        import_csv(write(tmp_path, "  \n"))
    path = tmp_path / "x.csv"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DataError, match="is not UTF-8 text"):
        import_csv(path)


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

"""Small .xlsx files that used to take huge memory or time: each is imported by the real
command in a child process whose address space is capped, so that a runaway allocation fails
there instead of taking the machine, and with a generous time cap that only catches a hang.

The first is the campaign's: a 1.2 MiB file whose Notes sheet has 250,000 rows, each with one
cell in a far column, needed more than 2 GiB (every row was padded to its last cell)."""

from __future__ import annotations

import random
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from meshdesk.core.errors import DataError
from meshdesk.io import xlsx_import
from tests.helpers.xlsx_parts import (
    MAIN,
    SMALL_SCORES,
    cell,
    column,
    row,
    sheet,
    workbook_parts,
    write_xlsx,
    zip_bytes,
)

ADDRESS_SPACE = 600 * 2**20  # the command itself needs about 200 MiB of it
TIME_CAP_S = 120  # a hang detector, not a performance target (these take 1-5 s)
FAR = column(1003)  # the last column a sheet may use (1,000 criteria, the name, 3 derived)

CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from meshdesk.cli.main import main
sys.exit(main(["import", sys.argv[1], "-o", sys.argv[2]]))
"""


def import_in_a_cage(path: Path) -> tuple[int, str]:
    """`meshdesk import path -o OUT` in a child with a capped address space: exit code, stderr."""
    out = path.with_name("out.meshdesk")
    result = subprocess.run(
        [sys.executable, "-c", CHILD.format(limit=ADDRESS_SPACE), str(path), str(out)],
        capture_output=True,
        text=True,
        timeout=TIME_CAP_S,
        check=False,
    )
    err = result.stderr
    assert "Traceback" not in err and "internal error" not in err and "MemoryError" not in err, err[
        -2000:
    ]
    if result.returncode == 0:
        assert out.exists()
    else:
        assert result.returncode == 2, err[-2000:]
        assert err.startswith(f"meshdesk: {path}: "), err[:500]
        assert not out.exists()
    return result.returncode, err


def notes_rows(count: int, where: str, value: object) -> list[str]:
    """`count` Notes rows under the header, each with one cell in column `where`."""
    return [row(r, [cell(f"{where}{r}", value)]) for r in range(2, count + 2)]


NOTES_HEADER = row(
    1, [cell(f"{column(c)}1", h) for c, h in enumerate(["Tool", "Criterion", "Note"])]
)


def test_a_quarter_million_notes_rows_with_one_far_cell_import_in_bounded_memory(tmp_path):
    path = write_xlsx(
        tmp_path / "notes.xlsx",
        {"Scores": SMALL_SCORES, "Notes": sheet([NOTES_HEADER, *notes_rows(250_000, FAR, 1)])},
    )
    assert 1_000_000 < path.stat().st_size < 2_000_000
    code, err = import_in_a_cage(path)
    assert code == 0, err  # the far cells are not in a column the Notes sheet has


def test_a_quarter_million_bad_notes_are_counted_not_kept(tmp_path):
    """Each row is two problems (a note without a tool and without a criterion): 500,000 in
    all, of which the first 25 are listed (and only those are kept as text)."""
    path = write_xlsx(
        tmp_path / "notes.xlsx",
        {"Scores": SMALL_SCORES, "Notes": sheet([NOTES_HEADER, *notes_rows(250_000, "C", "x")])},
    )
    code, err = import_in_a_cage(path)
    assert code == 2
    assert "nothing was imported; 500000 problems found" in err
    assert "Notes!A2: the tool '' is not on the Scores sheet" in err
    assert "... and 499975 more." in err


def test_scores_rows_with_one_far_cell_are_refused_in_bounded_memory(tmp_path):
    rows = [row(r, [cell(f"A{r}", f"Tool {r}"), cell(f"{FAR}{r}", 5)]) for r in range(2, 20_002)]
    path = write_xlsx(
        tmp_path / "far.xlsx",
        {"Scores": sheet([row(1, [cell("A1", "Tool"), cell("B1", "Core")]), *rows])},
    )
    code, err = import_in_a_cage(path)
    assert code == 2
    assert "nothing was imported; 20000 problems found" in err
    assert "Scores!C2: has values beyond the last criterion column" in err


def test_a_score_table_too_big_to_build_is_refused_before_it_is_built(tmp_path):
    """20,000 tool names under 1,003 criteria: 20 million scores from a 600 KiB file."""
    header = row(1, [cell(f"{column(c)}1", f"C{c}" if c else "Tool") for c in range(1004)])
    names = [row(r, [cell(f"A{r}", f"Tool {r}")]) for r in range(2, 20_002)]
    path = write_xlsx(tmp_path / "big.xlsx", {"Scores": sheet([header, *names])})
    code, err = import_in_a_cage(path)
    assert code == 2
    assert "has 20,000 rows with cells by 1,003 columns, 20,060,000 cells in all" in err


def test_one_long_shared_string_in_every_cell_is_refused_before_it_costs_hours(tmp_path):
    """One 1 MiB shared string used by 100,000 score cells: each use is text to check."""
    digits = "".join(random.Random(1).choices("0123456789", k=2**20))  # deflates 2:1
    header = row(1, [cell(f"{column(c)}1", f"C{c}" if c else "Tool") for c in range(101)])
    used = "".join(f'<c r="{column(c)}{{r}}" t="s"><v>0</v></c>' for c in range(1, 101))
    rows = [
        row(r, [cell(f"A{r}", f"Tool {r}"), used.replace("{r}", str(r))]) for r in range(2, 1002)
    ]
    parts = workbook_parts({"Scores": sheet([header, *rows])})
    parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}"><si><t>{digits}</t></si></sst>'
    path = tmp_path / "shared.xlsx"
    path.write_bytes(zip_bytes(parts))
    code, err = import_in_a_cage(path)
    assert code == 2
    assert "repeat shared text more than 67,108,864 characters in all" in err


# --- the class: memory follows the cells a sheet has, not the addresses it names ---------------
@pytest.mark.parametrize("title", ["Scores", "Notes", "Weights", "About"])
def test_memory_follows_the_cells_present_not_their_addresses(tmp_path, monkeypatch, title):
    """Rows with one cell each, in a far column: parsing must not build what lies between.
    The same rows with the cell in column B are the yardstick."""
    read = xlsx_import.read_xlsx_bytes

    def read_then_measure(path: Path) -> bytes:  # reading the file has a peak of its own
        data = read(path)
        tracemalloc.reset_peak()
        return data

    monkeypatch.setattr(xlsx_import, "read_xlsx_bytes", read_then_measure)

    def peak(where: str) -> int:
        rows = [
            row(r, [cell(f"A{r}", f"Tool {r}"), cell(f"{where}{r}", 1)]) for r in range(2, 2_002)
        ]
        sheets = {"Scores": SMALL_SCORES}
        sheets[title] = sheet([row(1, [cell("A1", "Tool"), cell("B1", "Core")]), *rows])
        path = write_xlsx(tmp_path / f"{where}.xlsx", sheets)
        tracemalloc.start()
        try:
            xlsx_import.import_xlsx(path)
        except DataError:  # refused or not, only the memory matters here
            pass
        finally:
            _, top = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        return top

    near, far = peak("B"), peak(FAR)
    # padded rows would be 2,000 x 1,004 slots, 16 MiB; sparse ones cost what column B costs
    assert far < near + 2 * 2**20, (near, far)

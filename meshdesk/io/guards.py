"""Limits on files from outside, checked before anything parses them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from meshdesk.core.errors import DataError, InputError

MiB: Final = 1024 * 1024
PROJECT_MAX_BYTES: Final = 64 * MiB  # the 1,000 x 200 stress project is about 10 MiB
# Reading a project builds Python objects whose size depends on the shape of the JSON, not
# only its length: a file of empty objects takes 30 times its size. Before parsing, the
# memory a file would need is estimated from counts of its brackets, quotes and commas, and a
# file over this budget is refused (see `json_memory_estimate`).
PARSE_MEMORY_BUDGET: Final = 1024 * MiB
# one dataset, questionnaire or answers file: the bundled ones are 2-40 KiB; YAML builds about
# a hundred times its size in objects at worst, so this bounds the memory of reading one
DATA_FILE_MAX_BYTES: Final = 1 * MiB
CSV_MAX_BYTES: Final = 64 * MiB
MAX_TABLE_ROWS: Final = 20_000
MAX_TABLE_COLUMNS: Final = 1_000
# rows x columns of one imported table (CSV or a spreadsheet's Scores): ten times the stress
# workbook, and what a project file of that size can hold within PARSE_MEMORY_BUDGET
MAX_TABLE_CELLS: Final = 2_000_000


def describe_size(size: int) -> str:
    if size >= MiB:
        return f"{size / MiB:.1f} MiB"
    return f"{size / 1024:.0f} KiB" if size >= 1024 else f"{size} bytes"


def read_limited(path: str | os.PathLike[str], limit: int, what: str) -> bytes:
    """Read a whole file if it exists, is a regular file and is no larger than `limit`."""
    file = Path(path)
    try:
        info = file.stat()
    except FileNotFoundError:
        raise InputError(f"{file}: no such file.") from None
    except OSError as exc:
        raise InputError(f"{file}: cannot be read ({exc.strerror or exc}).") from None
    if not file.is_file():
        raise InputError(f"{file}: is not a file.")
    if info.st_size > limit:
        size, most = describe_size(info.st_size), describe_size(limit)
        if size == most:  # just over: "1.0 MiB, larger than 1.0 MiB" would read wrong
            size, most = f"{info.st_size:,} bytes", f"{limit:,} bytes ({most})"
        raise DataError(f"{file}: is {size}, larger than the {most} a {what} may be.")
    try:
        with file.open("rb") as handle:
            # the size it has, plus one byte to see whether it grew (then read on, bounded)
            data = handle.read(min(limit, info.st_size) + 1)
            if len(data) > info.st_size:
                data += handle.read(limit + 1 - len(data))
    except OSError as exc:
        raise InputError(f"{file}: cannot be read ({exc.strerror or exc}).") from None
    if len(data) > limit:  # grew while we looked
        raise DataError(f"{file}: is larger than the {describe_size(limit)} a {what} may be.")
    return data


def decode_utf8(data: bytes, file: str | os.PathLike[str]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"{file}: is not UTF-8 text (bad byte at offset {exc.start}).") from None


# Bytes of Python objects per JSON token, from sys.getsizeof on CPython 3.11-3.13 (64-bit),
# rounded up: a small dict with its hash table, an empty list, a short str or a float plus the
# pointer that holds it.
_PER_OBJECT: Final = 240
_PER_LIST: Final = 72
_PER_QUOTE: Final = 32  # two per string: about 64 bytes of str object per string
_PER_SEPARATOR: Final = 40  # a float (24) and a slot in its container (8), with room


def json_memory_estimate(data: bytes) -> int:
    """An upper estimate of the memory json.loads needs for `data`: the bytes, the decoded
    text, and the objects its tokens become. Counting is a few passes in C (milliseconds)."""
    return (
        3 * len(data)
        + _PER_OBJECT * data.count(b"{")
        + _PER_LIST * data.count(b"[")
        + _PER_QUOTE * data.count(b'"')
        + _PER_SEPARATOR * (data.count(b",") + data.count(b":"))
    )


def check_parse_budget(data: bytes, file: str | os.PathLike[str], what: str) -> None:
    needed = json_memory_estimate(data)
    if needed > PARSE_MEMORY_BUDGET:
        raise DataError(
            f"{file}: holds too many entries to open safely (reading it would take about "
            f"{describe_size(needed)} of memory; a {what} may take at most "
            f"{describe_size(PARSE_MEMORY_BUDGET)})."
        )

"""Limits on files from outside, checked before anything parses them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from meshdesk.core.errors import DataError, InputError

MiB: Final = 1024 * 1024
PROJECT_MAX_BYTES: Final = 256 * MiB  # the 1,000 x 200 stress project is about 10 MiB
DATA_FILE_MAX_BYTES: Final = 4 * MiB  # one dataset, questionnaire or answers file
CSV_MAX_BYTES: Final = 64 * MiB
MAX_TABLE_ROWS: Final = 20_000
MAX_TABLE_COLUMNS: Final = 1_000


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
        raise DataError(
            f"{file}: is {describe_size(info.st_size)}, larger than the {describe_size(limit)} "
            f"a {what} may be."
        )
    try:
        with file.open("rb") as handle:
            data = handle.read(limit + 1)
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

"""Rendering command results as aligned text tables, JSON and CSV."""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Sequence
from typing import Any

from meshdesk.core.numbers import fixed, significant
from meshdesk.io.textsafety import escape_for_csv


def text_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> str:
    """A plain aligned table; columns in `right` are right-aligned (numbers)."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)]) + "\n"


# Control characters that would reach a terminal raw: everything but tab, line feed and the
# CR of a CRLF line end (CSV output).
# (A bare CR rewrites the line; ESC starts CSI/OSC sequences: clear the screen, set the
# window title, write the clipboard with OSC 52; U+009B is an 8-bit CSI.)
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_JSON_UNESCAPED = re.compile("[\x7f-\x9f]")  # json.dumps escapes C0 itself, not these


def _shown_escaped(match: re.Match[str]) -> str:
    char = match.group()
    return {"\r": "\\r", "\x1b": "\\e"}.get(char, f"\\x{ord(char):02x}")


def terminal_safe(text: str) -> str:
    """The text with every control character but tab, line feed and CRLF shown escaped."""
    return _TERMINAL_CONTROLS.sub(_shown_escaped, text)


class TerminalSafe(io.TextIOBase):
    """A text stream that writes through `terminal_safe`: installed on stdout and stderr by
    the command line, so that no name, note or file content can drive the terminal."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def fileno(self) -> int:
        return int(self.stream.fileno())

    def isatty(self) -> bool:
        return bool(self.stream.isatty())

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self.stream, "encoding", "utf-8"))


def to_json(data: Any) -> str:
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    # inside JSON strings only: still valid JSON, and never a raw control character
    return _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def csv_field(value: Any) -> str:
    """One CSV field: text always quoted (and escaped when a spreadsheet could take it for a
    formula), booleans as `true`/`false`, numbers bare, floats to 10 significant digits (a
    total is 8.74, not 8.739999999999998; JSON keeps full precision), None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(significant(value)) if math.isfinite(value) else ""
    text = escape_for_csv(str(value))
    return '"' + text.replace('"', '""') + '"'


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """RFC 4180 CSV (CRLF line ends), each field as `csv_field` writes it."""
    lines = [headers, *rows]
    return "".join(",".join(csv_field(v) for v in line) + "\r\n" for line in lines)


def fmt_number(value: float | None, digits: int = 2) -> str:
    """A number for a table, rounded as everywhere else (`meshdesk.core.numbers.fixed`)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return fixed(value, digits)


def json_number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def signed(value: float, digits: int) -> str:
    """A difference with its sign (+0.0100, -0.0100), rounded as `fmt_number` rounds."""
    text = fixed(value, digits)
    return text if text.startswith("-") else "+" + text

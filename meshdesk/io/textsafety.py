"""Keep user text from turning into spreadsheet formulas (CWE-1236, OWASP "CSV injection").

Any text whose first character is `=`, `+`, `-`, `@`, tab, CR or LF, or the full-width forms
of the first four, could be taken as a formula by Excel or LibreOffice. Such text is written
with a leading apostrophe in CSV, and as a typed text cell with Excel's quote-prefix flag in
xlsx (see meshdesk.io.xlsx_export). Reading a file back strips the apostrophe MeshDesk added.

So that the escape can always be undone, text that already starts with apostrophes before
such a character (`'=x`) gets one more (`''=x`): reading drops exactly one, and `'=x` comes
back as typed. Other text with a leading apostrophe (`'quoted`) is left alone both ways.
"""

from __future__ import annotations

from typing import Final

FORMULA_TRIGGERS: Final = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
ESCAPE_PREFIX: Final = "'"


def looks_like_formula(text: str) -> bool:
    return bool(text) and text[0] in FORMULA_TRIGGERS


def _escapable(text: str) -> bool:
    """A formula trigger after any number of leading apostrophes (none included)."""
    return looks_like_formula(text.lstrip(ESCAPE_PREFIX))


def escape_for_csv(text: str) -> str:
    """The text as a CSV cell that no spreadsheet will evaluate, and that
    `unescape_from_csv` turns back into `text`."""
    return ESCAPE_PREFIX + text if _escapable(text) else text


def needs_literal_apostrophe(text: str) -> bool:
    """Text that must be written with the escape apostrophe even where a cell can be typed as
    text (xlsx): an apostrophe of its own before a formula trigger, which reading would drop."""
    return text.startswith(ESCAPE_PREFIX) and _escapable(text)


def unescape_from_csv(text: str) -> str:
    """Undo `escape_for_csv`: drop the apostrophe only where MeshDesk would have added one."""
    if text.startswith(ESCAPE_PREFIX) and _escapable(text):
        return text[1:]
    return text

"""Keep user text from turning into spreadsheet formulas (CWE-1236, OWASP "CSV injection").

Any text whose first character is `=`, `+`, `-`, `@`, tab, CR or LF, or the full-width forms
of the first four, could be taken as a formula by Excel or LibreOffice. Such text is written
with a leading apostrophe in CSV, and as a typed text cell with Excel's quote-prefix flag in
xlsx (see meshdesk.io.xlsx_export). Reading a file back strips the apostrophe MeshDesk added.
"""

from __future__ import annotations

from typing import Final

FORMULA_TRIGGERS: Final = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
ESCAPE_PREFIX: Final = "'"


def looks_like_formula(text: str) -> bool:
    return bool(text) and text[0] in FORMULA_TRIGGERS


def escape_for_csv(text: str) -> str:
    """The text as a CSV cell that no spreadsheet will evaluate."""
    return ESCAPE_PREFIX + text if looks_like_formula(text) else text


def unescape_from_csv(text: str) -> str:
    """Undo `escape_for_csv`: drop the apostrophe only where MeshDesk would have added one."""
    if text.startswith(ESCAPE_PREFIX) and looks_like_formula(text[1:]):
        return text[1:]
    return text

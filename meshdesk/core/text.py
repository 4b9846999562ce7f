"""One rule for the characters of text, at every entry point (files, paste, typing, arguments).

Whatever MeshDesk accepts it must be able to save, and whatever it writes it must read back:
JSON cannot encode a lone surrogate, XML 1.0 (inside .xlsx) cannot carry most control
characters, and a control character reaching a terminal is an escape sequence. So text is
refused, with the character named, when it contains:

- a control character other than tab, line feed and carriage return: C0 (U+0000-U+001F),
  DEL (U+007F) and C1 (U+0080-U+009F, where U+009B is an 8-bit terminal's CSI);
- a lone surrogate (U+D800-U+DFFF), which no UTF encoding can write;
- the noncharacters U+FFFE and U+FFFF (XML refuses them);

and single-line text (names, titles, sources, dates) may not contain a tab or a line break
either. Nothing is silently changed: a refusal names the field and the character.
"""

from __future__ import annotations

import re
from typing import Final

_FORBIDDEN: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_FORBIDDEN_ON_ONE_LINE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)
_NAMES: Final = {"\t": "a tab", "\n": "a line break", "\r": "a line break"}


def bad_character(value: str, *, single_line: bool = False) -> str | None:
    """Why the text cannot be accepted ("the control character U+001B"), or None."""
    pattern = _FORBIDDEN_ON_ONE_LINE if single_line else _FORBIDDEN
    found = pattern.search(value)
    if found is None:
        return None
    char = found.group()
    if char in _NAMES:
        return f"{_NAMES[char]} (it must be one line)"
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif code in (0xFFFE, 0xFFFF):
        kind = "the noncharacter"
    elif code in (0x2028, 0x2029):
        kind = "a line break"
    elif code == 0:
        kind = "a NUL character"
    else:
        kind = "the control character"
    return f"{kind} U+{code:04X} at position {found.start() + 1}"


def is_clean(value: str, *, single_line: bool = False) -> bool:
    pattern = _FORBIDDEN_ON_ONE_LINE if single_line else _FORBIDDEN
    return pattern.search(value) is None

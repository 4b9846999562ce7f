"""Markdown that says exactly what the user wrote: escaping for CommonMark with GitHub's
tables and autolinks, and links only for plain http(s) addresses.

CommonMark lets a backslash escape any ASCII punctuation. Escaped everywhere: the characters
that start inline markup (`\\ ` * _ ~ [ ] < > & |`); escaped where they would start a block:
`#`, `>`, `-`, `+`, `=` and `1.` / `1)` at the start of a value. So a name like
`[x](javascript:...)`, `<img src=x>`, `# Heading` or `| a |` stays text, and a value never
starts a block of its own (line breaks become spaces).
Addresses GitHub would link by itself (`www.`, `http://`) are broken with an escaped dot or
colon, unless the caller asks for links: then a plain http(s) address becomes an autolink
`<https://...>` (linters flag bare addresses). One link GitHub makes whatever the escaping:
an e-mail (or XMPP) address the user typed becomes a `mailto:` (`xmpp:`) link, which opens
nothing but a mail or chat client.
"""

from __future__ import annotations

import json
import re
from typing import Final

_INLINE: Final = re.compile(r"([\\`*_~\[\]<>&|$])")  # $: GitHub renders $...$ as maths
_BLOCK_START: Final = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")
_AUTOLINKED: Final = re.compile(r"(?i)\b(https?|ftp|mailto|xmpp)(:)|\b(www)(\.)")
# a conservative http(s) address: no spaces, quotes, angle brackets or backslashes
_URL: Final = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9\-._~%/?#\[\]@!$&'()*+,;=:]*)?"
)
_PLAIN_URL: Final = re.compile(rf"^{_URL.pattern}$")
_LINE_BREAKS: Final = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def _one_line(value: str) -> str:
    return _LINE_BREAKS.sub(" ", value).replace("\t", " ")


def escape(value: str) -> str:
    """`value` as literal inline text: one line, no markup, no link."""
    escaped = _INLINE.sub(r"\\\1", _one_line(value))
    escaped = _AUTOLINKED.sub(lambda m: f"{m[1] or m[3]}\\{m[2] or m[4]}", escaped)
    return _BLOCK_START.sub(_escape_block_start, escaped)


def _escape_block_start(found: re.Match[str]) -> str:
    """ "# x" -> "\\# x"; "1. x" -> "1\\. x" (the escape goes before the punctuation)."""
    space, marker = found[1], found[2]
    return f"{space}{marker}\\" if marker.isdigit() else f"{space}\\{marker}"


def escape_with_links(value: str) -> str:
    """Like `escape`, but plain http(s) addresses in the text become autolinks."""
    out, at = [], 0
    for found in _URL.finditer(value):
        address = found.group(0).rstrip(".,;:!?)'\"")
        out.append(escape(value[at : found.start()]))
        out.append(link_or_text(address))
        at = found.start() + len(address)
    out.append(escape(value[at:]))
    return "".join(out)


def is_plain_url(value: str) -> bool:
    return bool(_PLAIN_URL.match(value)) and len(value) <= 2_000


def link_or_text(address: str) -> str:
    """An autolink for a plain http(s) address; anything else as escaped text."""
    return f"<{address}>" if is_plain_url(address) and ">" not in address else escape(address)


def link(title: str, address: str | None) -> str:
    """`[title](<address>)` for a plain http(s) address, else the title as text (and the
    address, escaped, after it)."""
    if address and is_plain_url(address):
        return f"[{escape(title)}](<{address}>)"
    if address:
        return f"{escape(title)} ({escape(address)})"
    return escape(title)


def heading(value: str) -> str:
    """An escaped value as a heading's text: a closing run of `#` would be read as the
    heading's closing sequence and dropped, so the last `#` is escaped too."""
    text = escape(value).rstrip()
    return text[:-1] + "\\#" if text.endswith("#") and not text.endswith("\\#") else text


def strong(value: str) -> str:
    return f"**{value}**" if value else value


def table(headers: list[str], rows: list[list[str]], right: tuple[int, ...] = ()) -> str:
    """A GitHub table of already-escaped cells (a `|` inside a cell is escaped by `escape`)."""
    rule = ["---:" if i in right else "---" for i in range(len(headers))]
    lines = [_row(headers), _row(rule), *(_row(r) for r in rows)]
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell or " " for cell in cells) + " |"


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML): never a YAML tag,
    anchor, alias or multi-line block, whatever the value holds."""
    return json.dumps(" ".join(_LINE_BREAKS.sub(" ", value).split()), ensure_ascii=False)

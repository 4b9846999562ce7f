"""Readable, unique ids from display names ("Ease of use" -> "ease-of-use", then "ease-of-use-2").

An import gives an id to every row it adds. Asking "is `base-n` free?" of a freshly built set
for each row, and counting n up from 2 each time, is quadratic: 20,000 names that all map to
one base ("Mesh 甲", "Mesh 乙", ... -> "mesh") took about a minute. `IdAllocator` keeps the
taken ids and, per base, the next suffix to try, so each id costs constant time on average:
a suffix is only ever tried once per base, and a taken id `base-n` is skipped at most once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

BASE_MAX: Final = 56  # leaves room for "-" and a suffix of up to 7 digits within 64 characters
_NOT_ID: Final = re.compile(r"[^a-z0-9]+")


def id_base(name: str) -> str:
    """The id a name gives before any suffix: lower-case ASCII letters and digits joined by
    '-' ("Über Sécurité" -> "ber-s-curit"); "item" when nothing of the name is left."""
    base = _NOT_ID.sub("-", name.lower()).strip("-")[:BASE_MAX] or "item"
    if not base[0].isalnum():
        base = "x" + base
    return base


class IdAllocator:
    """Hands out ids unique among the ids given at the start and every id handed out since.

    >>> ids = IdAllocator(["mesh"])
    >>> ids.take("Mesh"), ids.take("mesh!"), ids.take("Other")
    ('mesh-2', 'mesh-3', 'other')
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken: set[str] = set(taken)
        self._next_suffix: dict[str, int] = {}

    def __contains__(self, candidate: object) -> bool:
        return candidate in self._taken

    def add(self, taken_id: str) -> None:
        """Mark an id as taken (one kept from elsewhere), so that no name is given it. With
        `in` and `add`, an allocator stands in for the set of taken ids a caller kept."""
        self._taken.add(taken_id)

    def take(self, name: str) -> str:
        """A new id for `name`: its base if free, else the base with the first free suffix
        from 2 up that this allocator has not tried yet for that base."""
        base = id_base(name)
        taken = self._taken
        candidate = base
        if candidate in taken:
            suffix = self._next_suffix.get(base, 2)
            candidate = f"{base}-{suffix}"
            while candidate in taken:
                suffix += 1
                candidate = f"{base}-{suffix}"
            self._next_suffix[base] = suffix + 1
        taken.add(candidate)
        return candidate

"""Keeping headings with what follows them, without leaving holes.

reportlab's own `keepWithNext` wraps a heading and the flowable after it in a `KeepTogether`,
which moves both to the next page whenever the second does not fit whole: a heading over a
long table or paragraph then leaves most of a page empty. `KeepStart` is the memo's
`keepTogetherClass` instead: the heading (and any lead-in kept with it) stays with the *start*
of what follows — the first lines of a paragraph, the header and first rows of a table — and
only when not even that fits does it all go to the next page. Flowables that cannot split (a
chart, a short table kept whole, a `KeepTogether`) move whole, heading included, as before.

`group` is what the document's `handle_keepWithNext` gathers into one `KeepStart`: the
keep-with-next flowables, the one after them, and while that one is shorter than `MIN_START`
(a one-line paragraph, a spacer) the next as well, so that a heading never ends a page over a
single line of its section.
"""

from __future__ import annotations

from typing import Any, Final

from reportlab.platypus.doctemplate import ActionFlowable, FrameBreak, _ktAllow
from reportlab.platypus.flowables import (
    Flowable,
    KeepTogether,
    NullDraw,
    Spacer,
    _ContainerSpace,
    _listWrapOn,
)
from reportlab.platypus.paragraph import Paragraph

# the least of a splittable follower kept under its heading: about two lines of body text, or
# a table's header and first row
MIN_START: Final = 24.0
FORCE_SPLIT: Final = 0xFFFFFF  # a height no frame has: the frame then asks for a split
SHORT_FOLLOWERS_MAX: Final = 3  # short flowables gathered after a heading, at most


def group(flowables: list[Any], width: float) -> int:
    """How many of `flowables` (from the first) to keep together: 0 when the first is not
    kept with the next; else the keep-with-next run, the flowable after it, and more while
    the last one taken is short (see the module's docstring)."""
    count = 0
    while (
        count < len(flowables) and flowables[count].getKeepWithNext() and _ktAllow(flowables[count])
    ):
        count += 1
    if not count:
        return 0
    if count < len(flowables) and _ktAllow(flowables[count]):
        count += 1  # the follower, as reportlab takes it
    for _ in range(SHORT_FOLLOWERS_MAX):
        if count >= len(flowables) or not _short(flowables[count - 1], width):
            break
        following = flowables[count]
        if not _groupable(following) or following.getKeepWithNext():
            break  # a break acts on its own; a next heading starts a group of its own
        count += 1
    return count


def _groupable(flowable: Any) -> bool:
    """Content, not a page break, a conditional break or an action (those act on their own)."""
    if isinstance(flowable, ActionFlowable) or not _ktAllow(flowable):
        return False
    return type(flowable) is Spacer or not isinstance(flowable, NullDraw)


def _short(flowable: Any, width: float) -> bool:
    """A spacer, or a paragraph lower than the least start kept under a heading."""
    if type(flowable) is Spacer:
        return True
    if isinstance(flowable, Paragraph):
        return float(flowable.wrap(width, FORCE_SPLIT)[1]) < MIN_START
    return False


class KeepStart(_ContainerSpace, Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """`flowables[:-1]` (headings, lead-ins) kept with at least the start of `flowables[-1]`."""

    def __init__(self, flowables: list[Any], maxHeight: float | None = None) -> None:  # noqa: N803
        super().__init__()
        self._content = list(flowables)

    def __repr__(self) -> str:
        return f"KeepStart({self._content!r})"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, FORCE_SPLIT  # always split: the frame places the parts

    def split(self, available_width: float, available_height: float) -> list[Any]:
        content = list(self._content)
        canvas = self.canv
        _, whole = _listWrapOn(content, available_width, canvas)
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        if whole <= available_height or at_top:
            return content  # it fits, or a new page would not give it more room
        *lead, follower = content
        _, lead_height = _listWrapOn(lead, available_width, canvas)
        room = (
            available_height
            - lead_height
            - max(float(lead[-1].getSpaceAfter()), float(follower.getSpaceBefore()))
            if lead
            else available_height
        )
        if room >= MIN_START and not isinstance(follower, KeepTogether | _ContainerSpace):
            follower.wrapOn(canvas, available_width, room)
            parts = follower.splitOn(canvas, available_width, room)
            if len(parts) >= 2:
                _, first = parts[0].wrapOn(canvas, available_width, room)
                if MIN_START <= first <= room:
                    return [*lead, *parts]
        return [FrameBreak(), *content]

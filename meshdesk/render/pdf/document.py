"""The page frame: running header and footer, "Page n of m", bookmarks, metadata.

"Page n of m" in one pass: every footer draws "Page n of " and then a form XObject holding the
page count, which PDF lets a page use before it is defined; the form is written when the
document is saved and its count is known. (A canvas that holds pages back until the end would
also work, but it leaves every bookmark pointing at page 1.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from meshdesk.render.pdf.fonts import REGULAR
from meshdesk.render.pdf.keep import KeepStart, group
from meshdesk.render.pdf.styles import HEADER_GAP, MARGIN, MUTED, RULE, Heading

PAGE_COUNT_FORM: Final = "MeshDeskPageCount"
FOOTER_SIZE: Final = 7.5
FIRST: Final = "first"
LATER: Final = "later"


class _CountingCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Defines the page-count form just before the file is written."""

    def save(self) -> None:
        pages = self.getPageNumber() - 1 if not self._code else self.getPageNumber()
        self.beginForm(PAGE_COUNT_FORM)
        self.setFont(REGULAR, FOOTER_SIZE)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(pages))
        self.endForm()
        super().save()


@dataclass(frozen=True)
class PageText:
    """What the running header and footer say (plain text, drawn directly: no markup)."""

    header_left: str
    header_right: str
    footer_left: str


class MemoDocument(BaseDocTemplate):  # type: ignore[misc]  # reportlab ships no type hints
    """The memo's pages. Headings keep with the start of what follows (`keep.KeepStart`);
    `shorten` ends chosen pages early (page number -> points), which is how the layout gives
    a last page that would hold a line or two some of the page before it (`build.py`);
    `last_page_used` is how far down the last page the text reaches, in points."""

    def __init__(
        self,
        output: Any,
        *,
        page_size: tuple[float, float],
        page_text: PageText,
        on_page: Callable[[int], None] | None = None,
        shorten: dict[int, float] | None = None,
        **metadata: Any,
    ) -> None:
        super().__init__(
            output,
            pagesize=page_size,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            initialFontName=REGULAR,
            pageCompression=1,
            keepTogetherClass=KeepStart,
            **metadata,
        )
        self.page_text = page_text
        self.on_page = on_page
        self.shorten = dict(shorten or {})
        self.last_page_used = 0.0
        self._bookmarks = 0
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate(
                    FIRST, [frame], onPage=self._decorate_first, autoNextPageTemplate=LATER
                ),
                PageTemplate(LATER, [frame], onPage=self._decorate),
            ]
        )

    # --- page geometry ---------------------------------------------------------------------
    def handle_pageBegin(self) -> None:  # noqa: N802  (reportlab's hook)
        for template in self.pageTemplates:
            for frame in template.frames:
                frame._geom()  # undo a shortening of the page before
        super().handle_pageBegin()
        cut = self.shorten.get(self.page, 0.0)
        if cut > 0:
            self.frame.__dict__["_y1p"] += cut
            self.frame.__dict__["_aH"] -= cut

    def handle_keepWithNext(self, flowables: list[Any]) -> None:  # noqa: N802  (reportlab's hook)
        """reportlab's own, but gathering as `keep.group` says (a short follower brings the
        flowable after it)."""
        count = group(flowables, self.width)
        if not count:
            return
        kept = KeepStart(flowables[:count])
        for flowable in kept._content[:-1]:
            flowable.__dict__["keepWithNext"] = 0
        del flowables[:count]
        flowables.insert(0, kept)

    # --- bookmarks -----------------------------------------------------------------------------
    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802  (reportlab's hook)
        frame = getattr(self, "frame", None)
        if frame is not None:
            self.last_page_used = float(frame._y2 - frame._topPadding - frame._y)
        if isinstance(flowable, Heading):
            self._bookmarks += 1
            key = f"section-{self._bookmarks}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_title, key, flowable.outline_level)

    def afterPage(self) -> None:  # noqa: N802  (reportlab's hook)
        if self.on_page is not None:
            self.on_page(self.page)

    # --- page decoration ---------------------------------------------------------------------
    def _decorate_first(self, canvas: Canvas, doc: Any) -> None:
        canvas.showOutline()
        self._footer(canvas)

    def _decorate(self, canvas: Canvas, doc: Any) -> None:
        width, height = self.pagesize
        canvas.saveState()
        canvas.setFont(REGULAR, FOOTER_SIZE)
        canvas.setFillColor(MUTED)
        baseline = height - HEADER_GAP - FOOTER_SIZE
        right = _fit(self.page_text.header_right, width * 0.3)
        canvas.drawRightString(width - MARGIN, baseline, right)
        room = width - 2 * MARGIN - _width(right) - 12
        canvas.drawString(MARGIN, baseline, _fit(self.page_text.header_left, room))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, baseline - 3.5, width - MARGIN, baseline - 3.5)
        canvas.restoreState()
        self._footer(canvas)

    def _footer(self, canvas: Canvas) -> None:
        width, _ = self.pagesize
        canvas.saveState()
        canvas.setFont(REGULAR, FOOTER_SIZE)
        canvas.setFillColor(MUTED)
        baseline = HEADER_GAP
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, baseline + FOOTER_SIZE + 2, width - MARGIN, baseline + FOOTER_SIZE + 2)
        # "Page n of " ends where the count form starts; the count is at most a few digits
        count_x = width - MARGIN - _width("0000")
        canvas.drawRightString(count_x, baseline, f"Page {canvas.getPageNumber()} of ")
        canvas.drawString(MARGIN, baseline, _fit(self.page_text.footer_left, width * 0.55))
        canvas.translate(count_x, baseline)
        canvas.doForm(PAGE_COUNT_FORM)
        canvas.restoreState()

    def build_story(self, story: list[Any]) -> None:
        self.build(story, canvasmaker=_CountingCanvas)


def _width(value: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(value, REGULAR, FOOTER_SIZE))


def _fit(value: str, room: float) -> str:
    """`value` cut (with an ellipsis) to fit `room` points in the footer font."""
    if _width(value) <= room:
        return value
    low, high = 0, len(value)
    while low < high:
        middle = (low + high + 1) // 2
        if _width(value[:middle] + "…") <= room:
            low = middle
        else:
            high = middle - 1
    return value[:low].rstrip() + "…"

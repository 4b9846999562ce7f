"""Assembling the memo: gather the facts, lay out the story, write the PDF."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

from meshdesk import __version__
from meshdesk.core.analysis import Analysis
from meshdesk.core.clock import now
from meshdesk.core.errors import InputError, MeshDeskError
from meshdesk.core.questionnaire import Questionnaire
from meshdesk.core.recommendation import Recommendation
from meshdesk.core.workbook import Workbook
from meshdesk.io.atomic import atomic_write_bytes
from meshdesk.report import DecisionReport, build_report

Progress = Callable[[float, str], None]
PAGE_SIZES: Final = ("A4", "Letter")
LAYOUT_START: Final = 0.3
LAYOUT_SHARE: Final = 0.65
PAGES_PER_REPORT: Final = 20
LAST_PAGE_MIN: Final = 0.2  # of a page: less on the last page of a longer memo looks forgotten
LAST_PAGE_SLACK: Final = 14.0  # points: about a line, for the spacing around what moves


@dataclass(frozen=True)
class RenderedMemo:
    data: bytes
    pages: int


def build_memo(
    workbook: Workbook,
    recommendation: Recommendation | None = None,
    *,
    questionnaire: Questionnaire | None = None,
    page_size: str = "A4",
    title: str | None = None,
    author: str | None = None,
    reviewers: Sequence[str] | None = None,
    progress: Progress | None = None,
    analysis: Analysis | None = None,
) -> bytes:
    """The decision memo for `workbook` as PDF bytes. See `render_memo`."""
    return render_memo(
        workbook,
        recommendation,
        questionnaire=questionnaire,
        page_size=page_size,
        title=title,
        author=author,
        reviewers=reviewers,
        progress=progress,
        analysis=analysis,
    ).data


def export_pdf(
    workbook: Workbook,
    path: str | os.PathLike[str],
    recommendation: Recommendation | None = None,
    *,
    questionnaire: Questionnaire | None = None,
    page_size: str = "A4",
    title: str | None = None,
    author: str | None = None,
    reviewers: Sequence[str] | None = None,
    progress: Progress | None = None,
    analysis: Analysis | None = None,
) -> int:
    """Write the memo to `path` atomically (the old file or the new one, never half of one);
    returns the number of pages."""
    memo = render_memo(
        workbook,
        recommendation,
        questionnaire=questionnaire,
        page_size=page_size,
        title=title,
        author=author,
        reviewers=reviewers,
        progress=progress,
        analysis=analysis,
    )
    atomic_write_bytes(path, memo.data)
    return memo.pages


def render_memo(
    workbook: Workbook,
    recommendation: Recommendation | None = None,
    *,
    questionnaire: Questionnaire | None = None,
    page_size: str = "A4",
    title: str | None = None,
    author: str | None = None,
    reviewers: Sequence[str] | None = None,
    progress: Progress | None = None,
    analysis: Analysis | None = None,
) -> RenderedMemo:
    """Lay out and write the memo.

    `workbook` is read, never changed: pass a snapshot (`workbook.copy()`) when another thread
    may edit it. With a `recommendation` the memo reports it and ranks under its weights
    (`questionnaire` gives the answers their labels; the bundled one by default); without, it
    ranks under the workbook's weights and says that no questionnaire was answered. `title`,
    `author` and `reviewers` override the workbook's metadata for this memo. With an
    `analysis` of the same workbook (meshdesk.io.robustness.analyse_if_possible), section 6
    says how robust the lead is; without, it gives the margin of the lead only.
    `progress(fraction, text)` is called a handful of times from the calling thread; an
    exception it raises stops the memo (that is how to cancel). Raises MeshDeskError
    subclasses, each with a one-sentence message.
    """
    if recommendation is not None and questionnaire is None:
        questionnaire = _bundled_questionnaire()
    decision = build_report(
        workbook,
        recommendation,
        questionnaire,
        title=title if title and title.strip() else workbook.metadata.title,
        author=author if author is not None else workbook.metadata.author,
        day=now().date(),
        reviewers=tuple(workbook.metadata.reviewers if reviewers is None else reviewers),
        analysis=analysis,
    )
    return render_report(decision, page_size=page_size, progress=progress)


def render_report(
    decision: DecisionReport, *, page_size: str = "A4", progress: Progress | None = None
) -> RenderedMemo:
    """Lay out and write the memo of a decision report (see `render_memo`): the memo states
    what the report says, in its sentences."""
    report = progress or _ignore
    report(0.0, "Preparing the memo")
    size = _page_size(page_size)
    invariant = _reproducible()
    from meshdesk.render.pdf.fonts import register_fonts
    from meshdesk.render.pdf.markup import NAME_LIMIT, plain, tracking_coverage

    covered = register_fonts()
    chosen_title = plain(decision.title, NAME_LIMIT)
    chosen_author = plain(decision.author, NAME_LIMIT)
    with tracking_coverage(covered) as missing:
        from meshdesk.render.pdf.model import MemoData
        from meshdesk.render.pdf.styles import MARGIN

        untitled = chosen_title or "Untitled evaluation"
        titled = replace(decision, title=untitled, author=chosen_author)
        data = MemoData.of(titled, frame_width=size[0] - 2 * MARGIN)
        report(0.1, "Writing the sections")
        document, story = _story(data, size, invariant, missing)
    report(LAYOUT_START, "Laying out the pages")
    pages = _layout(document, story, report)
    short = _short_last_page(document, pages)
    if short:
        # a last page with a line or two: end the page before it earlier, so that the last
        # page carries some of it (everything before that page is laid out as it was)
        again, story = _story(data, size, invariant, missing, shorten={pages - 1: short})
        again_pages = _layout(again, story, _ignore)
        if again_pages == pages and again.doc.last_page_used > document.doc.last_page_used:
            document = again
    report(1.0, f"Memo ready: {pages} pages")
    return RenderedMemo(document.output.getvalue(), pages)


def _short_last_page(document: _Document, pages: int) -> float:
    """How much the page before the last should give up (points), or 0: the last page is
    full enough, or the only one."""
    frame = float(document.doc.height)
    used = float(document.doc.last_page_used)
    if pages < 2 or used >= LAST_PAGE_MIN * frame:
        return 0.0
    return LAST_PAGE_MIN * frame - used + LAST_PAGE_SLACK


def _ignore(fraction: float, text: str) -> None:
    return None


def _page_size(name: str) -> tuple[float, float]:
    from reportlab.lib.pagesizes import A4, LETTER

    sizes: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}
    try:
        width, height = sizes[name.strip().lower()]
        return float(width), float(height)
    except (KeyError, AttributeError):
        raise InputError(
            f"{name!r} is not a page size the memo offers; choose {' or '.join(PAGE_SIZES)}."
        ) from None


def _reproducible() -> bool:
    """Reportlab stamps the file with SOURCE_DATE_EPOCH itself; a value that is not a whole
    number of seconds would stop it half-way, so it is refused here with a message."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return False
    if not value.isdigit():
        raise InputError(
            f"SOURCE_DATE_EPOCH is {value!r}, not a whole number of seconds since 1970; "
            "fix it or unset it."
        )
    return True


def _bundled_questionnaire() -> Questionnaire | None:
    """The questionnaire for answer labels; without one the memo shows the answers' ids."""
    from meshdesk.io.questionnaire import default_questionnaire

    try:
        return default_questionnaire()
    except MeshDeskError:
        return None


class _Document:
    """The reportlab document and the buffer it writes into."""

    def __init__(self, doc: Any, output: io.BytesIO) -> None:
        self.doc = doc
        self.output = output
        self.pages = 0


def _story(
    data: Any,
    size: tuple[float, float],
    invariant: bool,
    missing: set[str],
    shorten: dict[int, float] | None = None,
) -> tuple[_Document, list[Any]]:
    from meshdesk.render.pdf import closing, front, margin, platforms, ranking, weights
    from meshdesk.render.pdf.document import MemoDocument, PageText
    from meshdesk.render.pdf.markup import plain
    from meshdesk.render.pdf.prose import long_date

    wb = data.workbook
    output = io.BytesIO()
    holder = _Document(None, output)
    meta = wb.metadata
    dataset = meta.dataset_title or "a tool evaluation"
    footer = f"MeshDesk {__version__}" + (
        f" · dataset as of {meta.dataset_as_of}" if meta.dataset_as_of else ""
    )
    keywords = ["MeshDesk", "decision memo", plain(dataset, 120)]
    if data.recommendation is not None:
        keywords += [plain(p.name, 80) for p in data.recommendation.shortlist]
    doc = MemoDocument(
        output,
        page_size=size,
        page_text=PageText(
            header_left=f"{data.title} · Decision memo",
            header_right=long_date(data.day),
            footer_left=footer,
        ),
        title=data.title,
        author=data.author,
        subject=f"Decision memo: {plain(dataset, 200)}",
        keywords=keywords,
        creator=f"MeshDesk {__version__}",
        invariant=1 if invariant else 0,
        lang="en",
        shorten=shorten,
    )
    holder.doc = doc
    width, height = doc.width, doc.height
    story: list[Any] = [
        *front.title_block(data),
        *front.recommendation_section(data),
        *front.context_section(data),
        *weights.weights_section(data),
        *ranking.ranking_section(data),
        *ranking.charts_section(data, width),
        *margin.margin_section(data),
        *platforms.featured_section(data),
        *platforms.excluded_section(data),
    ]
    appendices = [*closing.notes_appendix(data), *closing.sources_appendix(data)]
    if data.needs_score_appendix:
        appendices += margin.score_appendix(data, width, height)
    # built last: by now every piece of user text has been seen, so the caveat about
    # characters the font lacks is complete
    story += [*closing.caveats_section(data, missing), *closing.decision_section(data)]
    return holder, story + appendices


def _layout(document: _Document, story: list[Any], report: Progress) -> int:
    from reportlab.platypus.doctemplate import LayoutError

    from meshdesk.render.pdf.grid import Blocks

    estimate = 10 + sum(f.pages() for f in story if isinstance(f, Blocks))

    def on_page(page: int) -> None:
        document.pages = page
        if page % PAGES_PER_REPORT == 0:
            fraction = LAYOUT_START + LAYOUT_SHARE * min(1.0, page / estimate)
            report(fraction, f"Laying out page {page}")

    document.doc.on_page = on_page
    try:
        document.doc.build_story(story)
    except LayoutError as exc:
        raise MeshDeskError(
            f"The memo could not be laid out ({exc}); shorten the longest text and try again."
        ) from None
    return document.pages

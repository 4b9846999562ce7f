"""The memo's look: colours, paragraph styles, table styles and the paragraph factories.

Every style names the memo's font explicitly (bullets included): a style that fell back to
reportlab's default would bring in Helvetica, which is not embedded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from meshdesk.render.pdf.fonts import BOLD, ITALIC, REGULAR
from meshdesk.render.pdf.markup import NAME_LIMIT, Markup, markup, plain, text

INK: Final = colors.HexColor("#1d2733")
MUTED: Final = colors.HexColor("#5b6670")
ACCENT: Final = colors.HexColor("#1f4e79")
ACCENT_LIGHT: Final = colors.HexColor("#e3ebf4")
ZEBRA: Final = colors.HexColor("#f5f7f9")
RULE: Final = colors.HexColor("#c3ccd5")
INACTIVE_BG: Final = colors.HexColor("#f8e5e1")
INACTIVE_INK: Final = colors.HexColor("#8a2f1d")
SHORTLIST_BG: Final = colors.HexColor("#e6f0e4")
SERIES: Final = (
    colors.HexColor("#1f4e79"),
    colors.HexColor("#c0602b"),
    colors.HexColor("#3d8b5a"),
)
BAR_OTHER: Final = colors.HexColor("#9aa7b4")

MARGIN: Final = 20 * mm
HEADER_GAP: Final = 9 * mm  # from the page edge to the running header's baseline

KEEP_WHOLE_ROWS: Final = 8  # a table this short never splits from its lead-in
# reportlab cannot split a table row across pages, and lays out none taller than the frame:
# text taller than this (about 20 lines of a cell) goes below its table, in paragraphs
ROW_MAX: Final = 200.0
FIT_CHARS: Final = 3_000  # markup longer than this is never measured: it does not fit
BOLD_SHARE: Final = 1.3  # a bold glyph is at most this much wider than the regular one

BODY_SIZE: Final = 9.5
CELL_SIZE: Final = 8.0
CELL_PADDING: Final = 3.5
NOTE_SIZE: Final = 9.0


def _style(name: str, **values: Any) -> ParagraphStyle:
    base: dict[str, Any] = {
        "fontName": REGULAR,
        "fontSize": BODY_SIZE,
        "leading": 13.2,
        "textColor": INK,
        "bulletFontName": REGULAR,
        "spaceAfter": 5,
        "alignment": TA_LEFT,
        "allowWidows": 0,
        "allowOrphans": 0,
    }
    base.update(values)
    return ParagraphStyle(name, **base)


class Styles:
    """The paragraph styles, one namespace (class attributes, built once at import)."""

    kicker: ParagraphStyle = _style(
        "kicker", fontName=BOLD, fontSize=9, textColor=ACCENT, spaceAfter=2
    )
    title: ParagraphStyle = _style("title", fontName=BOLD, fontSize=21, leading=25, spaceAfter=4)
    subtitle: ParagraphStyle = _style(
        "subtitle", fontSize=11.5, leading=15, textColor=MUTED, spaceAfter=10
    )
    h1: ParagraphStyle = _style(
        "h1",
        fontName=BOLD,
        fontSize=13.5,
        leading=17,
        textColor=ACCENT,
        spaceBefore=14,
        spaceAfter=6,
        keepWithNext=1,
    )
    h2: ParagraphStyle = _style(
        "h2", fontName=BOLD, fontSize=10.5, leading=14, spaceBefore=9, spaceAfter=4, keepWithNext=1
    )
    h3: ParagraphStyle = _style(
        "h3", fontName=BOLD, fontSize=9.5, leading=13, spaceBefore=5, spaceAfter=2, keepWithNext=1
    )
    body: ParagraphStyle = _style("body")
    lead_in: ParagraphStyle = _style("lead_in", keepWithNext=1)
    bullet: ParagraphStyle = _style("bullet", leftIndent=11, bulletIndent=2, spaceAfter=2.5)
    small: ParagraphStyle = _style("small", fontSize=8, leading=10.5, textColor=MUTED)
    caption: ParagraphStyle = _style(
        "caption", fontName=ITALIC, fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=8
    )
    cell: ParagraphStyle = _style("cell", fontSize=CELL_SIZE, leading=10, spaceAfter=0)
    cell_bold: ParagraphStyle = _style(
        "cell_bold", fontName=BOLD, fontSize=CELL_SIZE, leading=10, spaceAfter=0
    )
    cell_right: ParagraphStyle = _style(
        "cell_right", fontSize=CELL_SIZE, leading=10, spaceAfter=0, alignment=TA_RIGHT
    )
    head: ParagraphStyle = _style(
        "head", fontName=BOLD, fontSize=7.5, leading=9, textColor=colors.white, spaceAfter=0
    )
    head_right: ParagraphStyle = _style(
        "head_right",
        fontName=BOLD,
        fontSize=7.5,
        leading=9,
        textColor=colors.white,
        spaceAfter=0,
        alignment=TA_RIGHT,
    )
    callout: ParagraphStyle = _style("callout", fontSize=10, leading=14, spaceAfter=3)
    # a long note below the notes table: a paragraph, and a run of lines that continues it
    note: ParagraphStyle = _style("note", fontSize=NOTE_SIZE, leading=12, spaceAfter=5)
    note_run: ParagraphStyle = _style("note_run", fontSize=NOTE_SIZE, leading=12, spaceAfter=0)
    note_meta: ParagraphStyle = _style(
        "note_meta", fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=4, keepWithNext=1
    )
    signature: ParagraphStyle = _style("signature", fontSize=9, leading=12, spaceAfter=0)


STYLES: Final = Styles()


def para(content: Markup, style: ParagraphStyle) -> Paragraph:
    """The only way the memo makes a Paragraph: user text must have come through `markup`."""
    if not isinstance(content, Markup):
        raise TypeError("memo paragraphs take Markup only; escape user text with markup.text()")
    return Paragraph(content, style)


def cell(value: str, width: float, style: ParagraphStyle | None = None) -> Paragraph | str:
    """User text for a table cell `width` points wide: as a plain string when it fits on one
    line (a Table draws strings as they are, never parsing them, and far faster than a
    Paragraph), else as an escaped paragraph that wraps."""
    shown = plain(value, NAME_LIMIT)
    fits = stringWidth(shown, REGULAR, CELL_SIZE) <= width - 2 * CELL_PADDING
    if fits and "\n" not in shown:
        return shown
    return para(text(value, NAME_LIMIT), style or STYLES.cell)


def fits(content: Markup, style: ParagraphStyle, room: float, limit: float = ROW_MAX) -> bool:
    """Whether `content` in `style`, wrapped to `room` points, is at most `limit` tall.

    Most text is measured with a bound instead of being laid out: wrapping at spaces, two
    lines in a row hold more than a line's width, so a piece of text `w` points wide takes at
    most 2w/room + 1 lines. The markup is wider than its text (tags and entities are drawn
    as characters here); a share is added for bold."""
    if len(content) > FIT_CHARS:
        return False
    leading = float(style.leading)
    bound = sum(
        2 * BOLD_SHARE * stringWidth(line, style.fontName, style.fontSize) / room + 1
        for line in content.split("<br/>")
    )
    if bound * leading <= limit:
        return True
    return float(para(content, style).wrap(room, 1e9)[1]) <= limit


def height(flowables: Sequence[Flowable], room: float) -> float:
    """How tall `flowables` are stacked in a column `room` points wide, with their spacing."""
    total = 0.0
    for flowable in flowables:
        total += float(flowable.wrap(room, 1e9)[1])
        total += float(flowable.getSpaceBefore()) + float(flowable.getSpaceAfter())
    return total


def bullet(content: Markup) -> Paragraph:
    """A bulleted paragraph (the bullet in the memo's font, like everything else)."""
    if not isinstance(content, Markup):
        raise TypeError("memo paragraphs take Markup only; escape user text with markup.text()")
    return Paragraph(content, STYLES.bullet, bulletText="•")


class Heading(Paragraph):  # type: ignore[misc]  # reportlab ships no type hints
    """A section heading: becomes a PDF bookmark at `level` of the outline."""

    def __init__(self, content: Markup, style: ParagraphStyle, outline: str, level: int) -> None:
        if not isinstance(content, Markup):
            raise TypeError("headings take Markup only")
        super().__init__(content, style)
        self.outline_title = outline
        self.outline_level = level


def section_heading(label: str, *, level: int = 0) -> Heading:
    """A numbered heading ("4. Ranking", "7.1 <tool name>") that is also a bookmark."""
    style = STYLES.h1 if level == 0 else STYLES.h2
    return Heading(markup("{}", label), style, plain(label, 120), level)


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle whose cells default to the memo's font: a Table without a FONT command
    sets Helvetica for its cells, even when every cell holds a Paragraph."""
    return TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, CELL_SIZE), *commands])


def grid_style(
    header_rows: int = 1, *, zebra: bool = True, extra: Sequence[tuple[Any, ...]] = ()
) -> TableStyle:
    """Header row on the accent colour, hairline rules, light zebra rows."""
    commands: list[tuple[Any, ...]] = [
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), ACCENT),
            ("FONT", (0, 0), (-1, header_rows - 1), BOLD, 7.5),
            ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), colors.white),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"),
        ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, ZEBRA]))
    commands += list(extra)
    return table_style(commands)


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float | None],
    *,
    width: float,
    header_rows: int = 1,
    zebra: bool = True,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A table `width` points wide (the one open column takes what the others leave) whose
    header row repeats on every page it spans."""
    fixed = sum(w for w in widths if w is not None)
    open_columns = sum(w is None for w in widths) or 1
    share = max(0.0, width - fixed) / open_columns
    return Table(
        [list(r) for r in rows],
        colWidths=[share if w is None else w for w in widths],
        repeatRows=header_rows,
        style=grid_style(header_rows, zebra=zebra, extra=extra),
        hAlign="LEFT",
    )


def with_table(
    lead: Sequence[Flowable], grid: Table, rows: int, after: Sequence[Flowable] = ()
) -> list[Flowable]:
    """A lead-in (heading, sentence), its table and a caption, never parted by a page break.

    A short table stays whole with its lead-in (moving to the next page if need be); a long
    one splits, its header repeated, and its lead-in keeps with its first rows only
    (`keep.KeepStart`), which would otherwise drag the whole table to the next page and
    leave a hole."""
    if rows <= KEEP_WHOLE_ROWS:
        return [KeepTogether([*lead, grid, *after])]
    for flowable in lead:
        flowable.keepWithNext = 1
    return [*lead, grid, *after]

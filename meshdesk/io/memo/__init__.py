"""The PDF decision memo: what an architect hands to a review board.

    build_memo(workbook, recommendation, page_size="A4") -> bytes
    export_pdf(workbook, path, recommendation, ...) -> pages written (atomically)

A pure function of its inputs (no Qt, no network, nothing global but the registered fonts),
so the window can run it in a worker thread on a snapshot and show its progress. Sections,
layout decisions and safety rules are described in the modules:

- `model`: the numbers (ranking, margin, footnotes), worked out before any layout;
- `front`, `ranking`, `platforms`, `closing`: the sections, in memo order;
- `markup`: how user text is escaped (it is shown literally, never interpreted);
- `fonts`, `styles`, `charts`, `grid`, `document`: the look, the page frame, the outline.
"""

from meshdesk.io.memo.build import (
    PAGE_SIZES,
    Progress,
    RenderedMemo,
    build_memo,
    export_pdf,
    render_memo,
)

__all__ = ["PAGE_SIZES", "Progress", "RenderedMemo", "build_memo", "export_pdf", "render_memo"]

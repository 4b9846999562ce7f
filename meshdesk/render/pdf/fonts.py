"""The memo's font: DejaVu Sans from resources/fonts/, registered once per process.

Fonts are registered from explicit paths (never through reportlab's FontFinder, which keeps a
pickled cache in the temp folder) and embedded as subsets, so every glyph a memo shows travels
with it. DejaVu Sans covers Latin, Greek, Cyrillic, Arabic, Hebrew, many symbols (≥, €, ✓, ☐)
but not most CJK: such characters show as the font's empty box, and the memo lists them in its
caveats (see `markup.tracking_coverage`).
"""

from __future__ import annotations

import threading
from typing import Final

from meshdesk.core.errors import MeshDeskError

REGULAR: Final = "MeshDesk-DejaVuSans"
BOLD: Final = "MeshDesk-DejaVuSans-Bold"
ITALIC: Final = "MeshDesk-DejaVuSans-Oblique"
BOLD_ITALIC: Final = "MeshDesk-DejaVuSans-BoldOblique"
FONT_FILES: Final = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
FONT_DESCRIPTION: Final = "DejaVu Sans"

_lock = threading.Lock()
_registered: dict[str, frozenset[int]] = {}  # REGULAR -> the code points it covers


def register_fonts() -> frozenset[int]:
    """Register the four faces (once) and return the code points the regular face covers."""
    with _lock:
        if REGULAR in _registered:
            return _registered[REGULAR]
        from reportlab import rl_config
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        from meshdesk.locations import resource

        faces = {}
        for name, file_name in FONT_FILES.items():
            try:
                path = resource("fonts", file_name)
            except FileNotFoundError as exc:
                raise MeshDeskError(f"The memo cannot be written: {exc}") from None
            if not path.is_file():
                raise MeshDeskError(
                    f"The memo's font {file_name} is missing from {path.parent}; "
                    "reinstall MeshDesk."
                )
            try:
                faces[name] = TTFont(name, str(path))
            except (TTFError, OSError) as exc:
                raise MeshDeskError(f"The memo's font {path} cannot be read ({exc}).") from None
        for face in faces.values():
            pdfmetrics.registerFont(face)
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        # binary (zlib) streams instead of zlib + ASCII85: smaller files, faster to write;
        # a PDF is not sent through 7-bit channels any more. The memo is reportlab's only user.
        rl_config.useA85 = 0
        _registered[REGULAR] = frozenset(faces[REGULAR].face.charToGlyph)
        return _registered[REGULAR]

"""The details pane: everything the dataset knows about the selected tool, with sources.

All text from the dataset or the user is escaped before it reaches the rich-text widget.
Facts the user entered (meshdesk.core.user_facts) are marked as such, never passed off as the
dataset's; the "Edit facts…" link asks the window to open the facts dialog.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from meshdesk.core.facts import Fact, Lifecycle, edition_wording, licence_wording
from meshdesk.core.user_facts import USER_SOURCE_ID, cites_user_anywhere
from meshdesk.core.workbook import Catalogue, Tool

VALUE_MARKS = {
    "yes": ("✔", "#1e8449"),
    "no": ("✘", "#c0392b"),
    "partial": ("◐", "#d68910"),
    "unknown": ("?", "#7f8c8d"),
}
LIFECYCLE_HEX = {
    "active": "#1e8449",
    "maintenance": "#d68910",
    "dormant": "#d35400",
    "archived": "#c0392b",
    "end-of-support": "#c0392b",
}
EDIT_FACTS_URL = "meshdesk:edit-facts"  # an in-app link: never handed to a browser
USER_MARK = '<span style="color:#2471a3"><i>[entered in this project]</i></span>'


def _sources(ids: tuple[str, ...], catalogue: Catalogue) -> str:
    links = []
    for source_id in ids:
        if source_id == USER_SOURCE_ID:
            links.append(USER_MARK)
            continue
        source = catalogue.sources.get(source_id)
        label = f"[{escape(source_id)}]"
        if source is not None and source.url:
            title = escape(source.title, quote=True)
            links.append(f'<a href="{escape(source.url, quote=True)}" title="{title}">{label}</a>')
        else:
            links.append(label)
    return " ".join(links)


def _certainty(fact: Fact | Lifecycle) -> str:
    if fact.unverified:
        return ' <span style="color:#d68910"><i>(unverified)</i></span>'
    if fact.third_party:
        return ' <span style="color:#d68910"><i>(third-party source only)</i></span>'
    return ""


def _fact_row(label: str, fact: Fact, catalogue: Catalogue) -> str:
    value = escape(fact.value)
    if fact.date:
        value += f" ({escape(fact.date)})"
    note = f"<br><small>{escape(fact.note)}</small>" if fact.note else ""
    return (
        f"<tr><th align=left>{escape(label)}</th><td>{value}{_certainty(fact)} "
        f"{_sources(fact.sources, catalogue)}{note}</td></tr>"
    )


def _list(title: str, items: tuple[str, ...]) -> str:
    if not items:
        return ""
    return (
        f"<h3>{escape(title)}</h3><ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"
    )


def tool_html(tool: Tool, catalogue: Catalogue, *, editable: bool = False) -> str:
    """The pane's page for one tool; `editable` adds the "Edit facts…" link."""
    p = tool.profile
    parts = [f"<h2>{escape(tool.name)}</h2>", _whose_facts(tool, editable)]
    if tool.facts is not None:
        life = tool.facts.lifecycle
        color = LIFECYCLE_HEX.get(life.status, "#7f8c8d")
        since = f" since {escape(life.since)}" if life.since else ""
        parts.append(
            f'<p><span style="background:{color}; color:white">'
            f"&nbsp;{escape(life.label)}&nbsp;</span>"
            f"{since}{_certainty(life)} {_sources(life.sources, catalogue)}</p>"
        )
        if life.summary:
            parts.append(f"<p>{escape(life.summary)}</p>")
        if life.advice:
            parts.append(f"<p><b>What to use instead:</b> {escape(life.advice)}</p>")
    if p.description:
        parts.append(f"<p>{escape(p.description)}</p>")
    if p.best_for:
        parts.append(f"<p><b>Best for:</b> {escape(p.best_for)}</p>")
    if p.standout:
        parts.append(f"<p><b>Stands out for:</b> {escape(p.standout)}</p>")
    parts.append(_list("Strengths", p.pros))
    parts.append(_list("Weaknesses", p.cons))
    parts.append(_list("Key features", p.key_features))
    if tool.facts is not None:
        f = tool.facts
        parts.append("<h3>Editions</h3><table cellspacing=2 cellpadding=2>")
        for edition in f.editions:
            licence = edition.license
            note = f"<br><small>{escape(edition.note)}</small>" if edition.note else ""
            parts.append(
                f"<tr><th align=left>{escape(edition.name)}</th>"
                f"<td>{escape(licence_wording(edition))}, {'paid' if edition.paid else 'free'}"
                f"{_certainty(licence)} {_sources(licence.sources, catalogue)}{note}</td></tr>"
            )
        parts.append("</table>")
        parts.append("<h3>Facts</h3><table cellspacing=2 cellpadding=2>")
        for label, fact in (
            ("CNCF", f.cncf),
            ("Data plane", f.data_plane),
            ("Latest release found", f.latest_release),
        ):
            parts.append(_fact_row(label, fact, catalogue))
        parts.append("</table><h3>Features</h3><table cellspacing=2 cellpadding=2>")
        for feature in catalogue.features:
            fact = f.feature(feature.id)
            mark, color = VALUE_MARKS.get(fact.value, ("?", "#7f8c8d"))
            note = f" — {escape(fact.note)}" if fact.note else ""
            parts.append(
                f'<tr><td style="color:{color}" align=center><b>{mark}</b></td>'
                f'<td title="{escape(feature.description, quote=True)}">{escape(feature.name)}</td>'
                f"<td>{escape(edition_wording(fact, f.editions))}{_certainty(fact)}{note} "
                f"{_sources(fact.sources, catalogue)}</td></tr>"
            )
        parts.append("</table>")
    if p.platforms or p.deployment:
        parts.append(
            f"<p><b>Platforms:</b> {escape(', '.join(p.platforms))}<br>"
            f"<b>Deployment:</b> {escape(', '.join(p.deployment))}</p>"
        )
    if p.integrations:
        parts.append(f"<p><b>Integrations:</b> {escape(', '.join(p.integrations))}</p>")
    if p.links:
        parts.append(
            "<h3>Links</h3><ul>"
            + "".join(
                f'<li><a href="{escape(link.url, quote=True)}">{escape(link.title)}</a></li>'
                for link in p.links
            )
            + "</ul>"
        )
    if tool.facts is None:
        parts.append(_no_facts(tool, editable))
    return "".join(parts)


def _whose_facts(tool: Tool, editable: bool) -> str:
    """The "Edit facts…" link, and whether facts were entered by the user."""
    parts = [f'<p><a href="{EDIT_FACTS_URL}">Edit facts…</a></p>'] if editable else []
    if tool.facts is not None and cites_user_anywhere(tool.facts):
        parts.append(
            f"<p><small>Facts marked {USER_MARK} were entered by the user of this project, "
            "not taken from MeshDesk's dataset.</small></p>"
        )
    return "".join(parts)


def _no_facts(tool: Tool, editable: bool) -> str:
    if tool.profile.is_empty:
        text = "No profile or facts recorded for this tool: it was added in this project."
    else:
        text = "No lifecycle, licence or feature facts recorded for this tool."
    if editable:
        text += (
            " Use Edit facts… to record them: until then the questionnaire never shortlists "
            "it (nothing shows that it is maintained)."
        )
    return f"<p><i>{text}</i></p>"


def open_web_link(url: QUrl) -> bool:
    """Open an http(s) link in the system browser; refuse every other scheme."""
    if url.scheme() not in ("http", "https"):
        return False
    return QDesktopServices.openUrl(url)


class DetailsPane(QTextBrowser):
    editFactsRequested = Signal(str)  # the id of the tool shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown: tuple[Tool, Catalogue] | None = None
        self._editable = False
        # a click hands a web link to the system browser; nothing else is ever opened
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._link_clicked)
        self.setAccessibleName("Tool details")
        self.setMinimumWidth(260)
        self.show_tool(None, Catalogue())

    def set_editable(self, editable: bool) -> None:
        """Offer "Edit facts…" (once something listens to editFactsRequested)."""
        self._editable = editable
        if self._shown is not None:
            self.show_tool(*self._shown)

    def _link_clicked(self, url: QUrl) -> None:
        if url.toString() == EDIT_FACTS_URL:
            if self._shown is not None:
                self.editFactsRequested.emit(self._shown[0].id)
            return
        open_web_link(url)

    def show_tool(self, tool: Tool | None, catalogue: Catalogue) -> None:
        self._shown = (tool, catalogue) if tool is not None else None
        if tool is None:
            self.setHtml(
                "<p><i>Select a tool to see its profile, lifecycle "
                "and features with sources.</i></p>"
            )
            return
        self.setHtml(tool_html(tool, catalogue, editable=self._editable))

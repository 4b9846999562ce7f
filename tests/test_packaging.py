"""The packaging files agree with each other and parse."""

from __future__ import annotations

import configparser
from pathlib import Path

from defusedxml import ElementTree

from meshdesk import APP_ID

PACKAGING = Path(__file__).resolve().parent.parent / "packaging"


def test_desktop_entry():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(PACKAGING / f"{APP_ID}.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[0] == "meshdesk"
    assert section["Icon"] == APP_ID
    assert "application/x-meshdesk-project" in section["MimeType"]


def test_metainfo_and_mime_type():
    component = ElementTree.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()
    assert component.findtext("id") == APP_ID
    assert component.find("launchable").text == f"{APP_ID}.desktop"
    mime = ElementTree.parse(PACKAGING / f"{APP_ID}.mime.xml").getroot()
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    assert mime.find(f"{ns}mime-type").find(f"{ns}glob").get("pattern") == "*.meshdesk"
    assert (PACKAGING / "icons" / f"{APP_ID}.svg").is_file()


def test_pyinstaller_spec_bundles_data_where_the_app_looks():
    spec = (PACKAGING / "meshdesk.spec").read_text(encoding="utf-8")
    assert '"meshdesk/_bundled/data"' in spec and '"meshdesk/_bundled/resources"' in spec
    assert "console=False" in spec

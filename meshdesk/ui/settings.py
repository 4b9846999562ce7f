"""Persistent preferences: a QSettings INI file in the user config folder (MESHDESK_HOME
redirects it for tests)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings

from meshdesk.locations import config_dir

MAX_RECENT = 10
MAX_REMEMBERED_WIDTHS = 500


def open_settings() -> QSettings:
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "meshdesk.ini"), QSettings.Format.IniFormat)


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]  # type: ignore[attr-defined]


def recent_files(settings: QSettings) -> list[str]:
    return [p for p in _as_list(settings.value("files/recent")) if p]


def add_recent_file(settings: QSettings, path: Path) -> list[str]:
    entry = str(path.resolve())
    files = [entry, *[p for p in recent_files(settings) if p != entry]][:MAX_RECENT]
    settings.setValue("files/recent", files)
    return files


def remove_recent_file(settings: QSettings, path: str) -> list[str]:
    files = [p for p in recent_files(settings) if p != path]
    settings.setValue("files/recent", files)
    return files


def last_folder(settings: QSettings, kind: str) -> str:
    """The folder last used for this kind of file ("projects", "exports", "imports"), else the
    folder last used for any file, else the home folder."""
    for key in (f"folders/{kind}", "folders/last"):
        value = settings.value(key)
        if value and Path(str(value)).is_dir():
            return str(value)
    return str(Path.home())


def set_last_folder(settings: QSettings, kind: str, path: Path) -> None:
    settings.setValue(f"folders/{kind}", str(path.parent))
    settings.setValue("folders/last", str(path.parent))


def flag(settings: QSettings, key: str, default: bool = False) -> bool:
    value = settings.value(key, default)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


def column_widths(settings: QSettings) -> dict[str, int]:
    """Grid column widths by column identity ("name", "total", "criterion:core", ...).

    Widths only: a saved header state (section order, sort) belongs to one layout of columns
    and scrambled another project's criteria when it was restored there."""
    raw = settings.value("grid/column-widths")
    if not isinstance(raw, str):
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(k): int(v)
        for k, v in data.items()
        if isinstance(v, int) and not isinstance(v, bool) and 8 <= v <= 2000
    }


def set_column_widths(settings: QSettings, widths: dict[str, int]) -> None:
    known = column_widths(settings)
    known.update(widths)
    if len(known) > MAX_REMEMBERED_WIDTHS:  # keep the file small: the latest ones win
        known = dict(list(known.items())[-MAX_REMEMBERED_WIDTHS:])
    settings.setValue("grid/column-widths", json.dumps(known, sort_keys=False))

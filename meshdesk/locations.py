"""Where MeshDesk finds its data and resources, and where it keeps user files.

`data/` and `resources/` sit at the top of a checkout; a wheel carries them inside the
package as `meshdesk/_bundled/` (see pyproject.toml). Both layouts are looked up here, so the
app and the tests work from a checkout, an editable install and a plain `pip install .`.

User folders come from platformdirs. MESHDESK_HOME redirects all of them (config, data and
recovery files) to one folder, which is how the tests keep away from a real profile.
MESHDESK_DATASET points at a platform team's own copy of the dataset.
"""

from __future__ import annotations

import os
from pathlib import Path

from meshdesk import APP_NAME

_PACKAGE_DIR = Path(__file__).resolve().parent


def _first_existing(name: str) -> Path:
    candidates = (_PACKAGE_DIR / "_bundled" / name, _PACKAGE_DIR.parent / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"MeshDesk's {name} folder is missing (looked in {tried}).")


def data_dir() -> Path:
    """The folder holding the bundled dataset, presets and questionnaire."""
    return _first_existing("data")


def dataset_dir() -> Path:
    """The dataset to load by default: MESHDESK_DATASET if set, else the bundled one."""
    override = os.environ.get("MESHDESK_DATASET")
    return Path(override) if override else data_dir()


def resources_dir() -> Path:
    return _first_existing("resources")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def _home_override() -> Path | None:
    value = os.environ.get("MESHDESK_HOME")
    return Path(value) if value else None


def config_dir() -> Path:
    home = _home_override()
    if home is not None:
        return home / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_data_dir() -> Path:
    home = _home_override()
    if home is not None:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def recovery_dir() -> Path:
    return user_data_dir() / "recovery"

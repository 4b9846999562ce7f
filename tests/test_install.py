"""A plain, non-editable install finds data/ and resources/ inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_install_finds_data_and_resources(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(wheel_dir),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    wheel = next(wheel_dir.glob("meshdesk-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "meshdesk/_bundled/data/dataset.yaml" in names
    assert "meshdesk/_bundled/data/tools/istio.yaml" in names
    assert any(n.startswith("meshdesk/_bundled/resources/") for n in names)
    assert "meshdesk/_bundled/resources/help/guide.html" in names
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    code = (
        "import meshdesk, meshdesk.locations as loc\n"
        "from meshdesk.io.dataset import load_dataset\n"
        "print(meshdesk.__file__)\n"
        "print(loc.data_dir())\n"
        "print(loc.resources_dir())\n"
        "print(len(load_dataset().tools))\n"
        "print(loc.resource('help', 'guide.html'))\n"  # Help > Getting Started's page
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("MESHDESK_DATASET", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    )
    package_file, data, resources, tools, guide = result.stdout.split("\n")[:5]
    assert package_file.startswith(str(target))
    assert data == str(target / "meshdesk" / "_bundled" / "data")
    assert resources == str(target / "meshdesk" / "_bundled" / "resources")
    assert tools == "10"
    assert guide == str(target / "meshdesk" / "_bundled" / "resources" / "help" / "guide.html")
    assert Path(guide).is_file()

"""The layering rules of ARCHITECTURE.md, enforced."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "meshdesk"


def test_core_and_io_never_import_qt():
    """Import every core and io module in a fresh interpreter; PySide6 must not be loaded."""
    modules = sorted(
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts)
        for layer in ("core", "io")
        for p in (PACKAGE / layer).rglob("*.py")
    )
    modules = [m.removesuffix(".__init__") for m in modules]
    assert len(modules) > 10
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import meshdesk.cli.main, meshdesk.cli.commands\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt6', 'PyQt5'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("layer", ["core", "io"])
def test_no_qt_import_statements_in_layer(layer):
    for path in (PACKAGE / layer).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("PySide6", "shiboken6", "meshdesk.ui")), (
                    f"{path}: imports {name}"
                )
                if layer == "core":
                    assert not name.startswith("meshdesk.io"), f"{path}: core imports io"


def test_nothing_is_pickled_evaluated_or_fetched():
    forbidden_calls = {"eval", "exec", "compile", "__import__"}
    forbidden_modules = {
        "pickle",
        "marshal",
        "shelve",
        "urllib.request",
        "http.client",
        "requests",
        "socket",
    }
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in forbidden_calls, (
                    f"{path}:{node.lineno} calls {node.func.id}"
                )
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name not in forbidden_modules, f"{path} imports {alias.name}"
            if isinstance(node, ast.ImportFrom):
                assert node.module not in forbidden_modules, f"{path} imports {node.module}"


def test_domain_lives_in_data_not_in_code():
    """No tool id from the dataset appears in the engine's code."""
    tool_ids = [
        "istio",
        "linkerd",
        "consul",
        "kuma",
        "cilium",
        "traefik",
        "gloo",
        "tetrate",
        "app-mesh",
    ]
    for layer in ("core",):
        for path in (PACKAGE / layer).rglob("*.py"):
            text = path.read_text(encoding="utf-8").lower()
            for tool in tool_ids:
                assert tool not in text, f"{path} mentions {tool}"


def test_the_app_never_loads_pandas():
    """pandas is a benchmark baseline only (the `bench` extra): importing every module of
    MeshDesk must not load it."""
    modules = sorted(
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in PACKAGE.rglob("*.py")
        if p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print('pandas' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


MODULE_LINES_MAX = 500


def test_no_module_grows_past_five_hundred_lines():
    """Small modules, one idea each: a module past this has two ideas to split."""
    long = {
        str(p.relative_to(PACKAGE.parent)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LINES_MAX
    }
    assert long == {}

"""The layering rules of ARCHITECTURE.md for meshdesk/report: like meshdesk/core, it imports
neither Qt nor the io or ui layers, and touches no file; meshdesk/core never imports it (the
engine gives records, the report words them)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "meshdesk"
REPORT = sorted((PACKAGE / "report").rglob("*.py"))
FILE_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "open", "touch", "unlink"}


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_the_report_package_is_there() -> None:
    assert len(REPORT) >= 5  # model, text and its modules


@pytest.mark.parametrize("path", REPORT, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_report_imports_no_qt_io_or_ui(path: Path) -> None:
    for name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        assert not name.startswith(("PySide6", "shiboken6", "PyQt")), f"{path}: imports {name}"
        assert not name.startswith(("meshdesk.io", "meshdesk.ui")), f"{path}: imports {name}"
        assert name not in {"os", "shutil", "tempfile", "io", "pathlib"}, f"{path}: {name}"


@pytest.mark.parametrize("path", REPORT, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_report_touches_no_file(path: Path) -> None:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name):
            assert node.func.id != "open", f"{path}:{node.lineno} calls open()"
        if isinstance(node.func, ast.Attribute):
            assert node.func.attr not in FILE_METHODS, (
                f"{path}:{node.lineno} calls .{node.func.attr}()"
            )


def test_the_core_never_imports_the_report() -> None:
    for path in (PACKAGE / "core").rglob("*.py"):
        for name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            assert not name.startswith("meshdesk.report"), f"{path}: imports {name}"


def test_importing_the_report_loads_no_qt() -> None:
    modules = sorted(
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in REPORT
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(','.join(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt6', 'PyQt5'))))\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == ""

"""Qt stays in desktop/views: the model, sync, printing and demo layers import no PySide6/shiboken6 and no views."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QT_FREE = ("desktop/models", "desktop/sync", "desktop/printing", "desktop/demo")
BANNED = ("PySide6", "shiboken6", "desktop.views")


def _imports(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """(line, module) for every import in ``path`` (or in ``source``, read as if it were at ``path``)."""
    if source is None:
        source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    found: list[tuple[int, str]] = []
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: resolve it against the file's package
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def _banned(module: str) -> bool:
    return any(module == b or module.startswith(b + ".") for b in BANNED)


def _files() -> list[Path]:
    return sorted(p for d in QT_FREE if (ROOT / d).is_dir() for p in (ROOT / d).rglob("*.py"))


def test_there_are_files_to_check() -> None:
    files = _files()
    assert ROOT / "desktop/models/clients/clients.py" in files
    assert ROOT / "desktop/models/core/db.py" in files
    assert ROOT / "desktop/models/migrations/env.py" in files
    assert ROOT / "desktop/demo/demo_clients.py" in files


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_qt_imports(path: Path) -> None:
    bad = [f"{path.relative_to(ROOT)}:{line}: {module}" for line, module in _imports(path) if _banned(module)]
    assert bad == []


def test_checker_catches_qt() -> None:
    # the check itself can fail: each of these forms is caught
    at = ROOT / "desktop/models/probe.py"
    for source in ("import PySide6", "from PySide6.QtCore import QObject", "import shiboken6 as sb",
                   "from desktop.views import main_window", "from desktop import views", "from ..views import x",
                   "import importlib\nimportlib.import_module('PySide6.QtWidgets')"):
        assert any(_banned(m) for _, m in _imports(at, source)), source
    clean = "from sqlalchemy import select\nimport desktop.models.clients.clients\nfrom . import clients\n"
    assert not any(_banned(m) for _, m in _imports(at, clean))


def test_model_modules_load_without_qt() -> None:
    code = ("import desktop.models.clients.clients, desktop.models.clients.clients_io, desktop.demo.demo_clients, "
            "desktop.models.accounts.staff, desktop.models.core.station, desktop.models.catalogue.catalogue, "
            "desktop.models.core.registry; import sys; "
            "desktop.models.core.registry.metadata(); "
            "assert not any(m.startswith('PySide6') for m in sys.modules), "
            "sorted(m for m in sys.modules if m.startswith('PySide6'))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


HUB_MAY_IMPORT = ("desktop", "desktop.sync", "desktop.sync.wire")


@pytest.mark.parametrize("path", sorted((ROOT / "cityhub").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_hub_takes_only_the_wire_schemas_from_the_desktop(path: Path) -> None:
    """A city server installs the hub without Qt or the station's packages: of ``desktop`` it may import the
    wire schemas only (and nothing of Qt, directly or through them)."""
    bad = [f"{path.relative_to(ROOT)}:{line}: {module}" for line, module in _imports(path)
           if _banned(module) or (module.startswith("desktop") and module not in HUB_MAY_IMPORT
                                  and not module.startswith("desktop.sync.wire."))]
    assert bad == []


def test_the_sync_engine_loads_without_qt() -> None:
    code = ("import desktop.sync.service, desktop.sync.engine, desktop.models.city_sync.outbox; import sys; "
            "assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_the_views_change_data_one_way() -> None:
    """A view changes data through ``apply_change`` (or its background twin, or the form-dialog base, which uses
    it), or through ``AppContext.run_change`` for background work: those announce what changed. No other view
    announces by itself (a change announced in one place is a change never forgotten)."""
    callers = []
    for path in sorted((ROOT / "desktop/views").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        callers += [str(path.relative_to(ROOT)) for node in ast.walk(tree)
                    if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "announce"]
    assert callers and set(callers) == {"desktop/views/shared/forms.py"}

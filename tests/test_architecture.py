"""The layer rules of docs/ARCHITECTURE.md, checked in the test run: only claimdesk.ui imports Qt,
the layers, the independent analysis packages, and no SQLAlchemy outside claimdesk.store."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken" in result.stdout


def test_no_qt_import_outside_ui_even_lazily():
    """import-linter sees module-level imports; this also catches imports inside functions."""
    offenders = []
    for path in (ROOT / "desktop" / "claimdesk").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "desktop" / "claimdesk").parts[:1]:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith(("import PySide6", "from PySide6", "import shiboken6")):
                offenders.append(f"{path}:{number}")
    assert offenders == []


LEAVES = {"errors", "paths"}  # imported by everyone; ARCHITECTURE.md leaves them out


def _package(module: str) -> str:
    return module.split(".")[1] if "." in module else module


def _imports_between_packages() -> set[tuple[str, str]]:
    import grimp

    graph = grimp.build_graph(
        "claimdesk", include_external_packages=False, exclude_type_checking_imports=True
    )
    edges = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            source, target = _package(module), _package(imported)
            if source != target and not {source, target} & (LEAVES | {"__main__", "claimdesk"}):
                edges.add((source, target))
    return edges


def _drawn_arrows() -> set[tuple[str, str]]:
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    diagram = text.split("```mermaid", 1)[1].split("```", 1)[0]
    arrows = set()
    for line in diagram.splitlines():
        parts = line.split("-->")
        if len(parts) == 2:
            arrows.add((parts[0].strip(), parts[1].strip()))
    return arrows


def test_architecture_diagram_draws_every_import_and_nothing_else():
    drawn, actual = _drawn_arrows(), _imports_between_packages()
    assert drawn, "docs/ARCHITECTURE.md has no mermaid dependency diagram"
    assert actual - drawn == set(), "imports the diagram does not draw"
    assert drawn - actual == set(), "arrows drawn with no import behind them"

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

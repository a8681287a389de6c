"""Where the packaged resources and seeds live, in a checkout and in an installed wheel."""

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def resources_dir() -> Path:
    # In a wheel the folder is installed inside the package; in a checkout it is at the top.
    return _first_existing(_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent.parent / "resources")


def seeds_dir() -> Path:
    return _first_existing(_PACKAGE_DIR / "seeds", _PACKAGE_DIR.parent.parent / "seeds")


def resource(name: str) -> Path:
    return resources_dir() / name

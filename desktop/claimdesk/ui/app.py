"""Starting the window: `run_gui(db, annotator)` is what `claimdesk` with no command calls.

The database is opened on the background worker (a network database or a migration can take
longer than a frame); the first run on an empty database imports the sample corpus, also in
the background, so the window is up at once. spaCy is only imported by that import.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from claimdesk.errors import ClaimdeskError
from claimdesk.paths import resource, seeds_dir
from claimdesk.services.settings import ensure_folder, os_user
from claimdesk.store.engine import Database, open_database
from claimdesk.ui.change_bus import ChangeBus
from claimdesk.ui.errors import error_text, show_fatal
from claimdesk.ui.operations import OperationRunner
from claimdesk.ui.settings import APPLICATION, ORGANIZATION, qsettings
from claimdesk.ui.text import counted

ANNOTATOR_KEY = "annotator/name"
# The freedesktop id of packaging/linux/*.desktop: lets Wayland desktops match the window to
# its launcher (icon, name in the dock).
DESKTOP_FILE_NAME = "org.claimdesk.Claimdesk"


def ask_annotator(parent=None) -> str | None:
    """The annotator's name: remembered after the first time, prefilled from the OS user."""
    settings = qsettings()
    name = settings.value(ANNOTATOR_KEY, "", type=str)
    if name:
        return name
    name, ok = QInputDialog.getText(
        parent,
        "Welcome to Claimdesk",
        "Your name as an annotator (saved with every label you give):",
        QLineEdit.EchoMode.Normal,
        os_user(),
    )
    name = name.strip()
    if not ok or not name:
        return None
    settings.setValue(ANNOTATOR_KEY, name)
    return name


def import_seeds(db: Database, context):
    """Worker side: the sample corpus, on a first run."""
    from claimdesk.services.app import App

    return App(db).corpus.import_paths(
        [seeds_dir()],
        on_progress=lambda done, origin: context.report(done, 0, origin),
        is_cancelled=lambda: context.cancelled,
    )


class Launcher(QObject):
    """Opens the database off the GUI thread, then shows the window."""

    window_ready = Signal(object)
    failed = Signal(str)

    def __init__(self, db: str, annotator: str, parent=None):
        super().__init__(parent)
        self.db_ref = db
        self.annotator = annotator
        self.runner = OperationRunner(self)
        self.window = None

    def start(self) -> None:
        def work(_context):
            from claimdesk.services.app import App

            database = open_database(self.db_ref)
            return database, App(database).annotation.count_articles()

        self.runner.submit("open database", work, on_done=self._on_opened, on_error=self._on_error)

    def _on_opened(self, result) -> None:
        from claimdesk.ui.main_window import MainWindow

        database, articles = result
        # in a team database the server knows who is labelling: the name asked for is ignored
        annotator = database.team_user or self.annotator
        # one bus per database connection: every window publishes its change sets there
        self.bus = ChangeBus(self)
        self.window = MainWindow(database, annotator, self.runner, bus=self.bus)
        self.window.show()
        if articles == 0:
            self._first_run(database)
        else:
            self.window.start()
        self.window_ready.emit(self.window)

    def _first_run(self, database: Database) -> None:
        window = self.window
        window.statusBar().showMessage("First run: importing the sample corpus…")

        def done(report):
            window.statusBar().showMessage(
                f"Sample corpus imported: {counted(len(report.added), 'article')}, "
                f"{counted(report.claims, 'claim')}.",
                8000,
            )
            window.start()

        def error(exc):
            window.statusBar().showMessage(
                f"Could not import the sample corpus: {error_text(exc)}", 15000
            )
            window.start()

        self.runner.submit(
            "import sample corpus",
            lambda context: import_seeds(database, context),
            on_done=done,
            on_error=error,
            on_progress=lambda n, _t, origin: window.statusBar().showMessage(
                f"First run: importing the sample corpus… {n} articles ({origin})"
            ),
        )

    def _on_error(self, exc: Exception) -> None:
        self.failed.emit(error_text(exc))


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Claimdesk")
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    app.setDesktopFileName(DESKTOP_FILE_NAME)
    app.setWindowIcon(application_icon())
    from claimdesk.ui.theme import apply_theme, saved_theme

    apply_theme(saved_theme(), save=False)
    return app


def application_icon() -> QIcon:
    """The window icon, from the PNG sizes rendered from icons/claimdesk.svg (no SVG plugin
    needed at run time)."""
    icon = QIcon()
    for png in sorted(resource("icons").glob("claimdesk-*.png")):
        icon.addFile(str(png))
    return icon


def run_gui(db: str, annotator: str | None) -> int:
    app = make_application()
    try:  # the settings folder, on a fresh home (Qt would make it only when it first writes)
        ensure_folder(Path(qsettings().fileName()).parent)
    except ClaimdeskError as exc:
        show_fatal(exc)
        return 1
    name = annotator or ask_annotator()
    if not name:
        return 2  # no annotator: nothing can be saved under a name
    launcher = Launcher(db, name)

    def failed(text: str) -> None:
        show_fatal(text, "Cannot open the database.")
        app.exit(1)

    launcher.failed.connect(failed)
    launcher.start()
    code = app.exec()
    if launcher.window is not None:
        launcher.runner.wait_idle(10000)
        launcher.window.db.dispose()
    return code

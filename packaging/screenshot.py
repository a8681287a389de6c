"""Render the README screenshot from the real main window on the sample corpus.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/screenshot.py [OUT.png]
        [--size 1480x900] [--theme light|dark|system]

The README's picture is the default: docs/screenshot.png, 1480x900, light.

Imports seeds/ into a throwaway database, labels a few claims of the article from 001_*.txt
the way an annotator would (through the Workspace, so the event log is real), opens it in the
window with its unlabelled "at least 23 people injured" claim current, waits for the matcher to
rank the other reports, selects the candidate with the conflict hint ("⚠ 23 vs 14") and saves
`window.grab()`.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent


def build_database(path: Path):
    from claimdesk.paths import seeds_dir
    from claimdesk.services.importer import import_paths
    from claimdesk.services.workspace import Workspace
    from claimdesk.store import queries
    from claimdesk.store.engine import open_database

    db = open_database(str(path))
    import_paths(db, [seeds_dir()])
    ws = Workspace(db, "Sam Rivera")
    with db.sessions() as session:
        articles = queries.articles(session)
        target = next(a for a in articles if "001_" in a.origin)
        rows = queries.claims_of(session, target.id)
        claims = [c.id for c in rows]
        injured = next((c.id for c in rows if "23 people injured" in c.text), None)
    plan = ["corroborated", "unique", "contradicted", "not_a_claim", "corroborated", "unique"]
    for claim, label in zip(claims, plan, strict=False):
        if claim != injured:
            ws.label(claim, label)
    ws.set_note(claims[0], "Matches the Reuters wire")
    return db, target.id, injured or (claims[min(4, len(claims) - 1)] if claims else None)


def parse_args(argv: list[str]):
    import argparse

    parser = argparse.ArgumentParser(description="Render the window on the sample corpus.")
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "screenshot.png"))
    parser.add_argument("--size", default="1480x900", help="WIDTHxHEIGHT of the window")
    parser.add_argument("--theme", default="light", choices=("light", "dark", "system"))
    return parser.parse_args(argv[1:])


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    out = Path(args.out)
    width, height = (int(v) for v in args.size.lower().split("x"))
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtGui import QFont

    from claimdesk.ui.app import make_application

    app = make_application()
    font = QFont("DejaVu Sans", 10) if sys.platform.startswith("linux") else app.font()
    app.setFont(font)
    with tempfile.TemporaryDirectory() as tmp:
        # never read or write the real user's window settings
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, tmp)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        db, article_id, claim_id = build_database(Path(tmp) / "demo.db")
        from claimdesk.ui.main_window import MainWindow
        from claimdesk.ui.theme import apply_theme

        apply_theme(args.theme, save=False)
        window = MainWindow(db, "Sam Rivera")
        window.resize(width, height)
        side = width * 290 // 1480
        window.splitter.setSizes([side, width - side - width * 550 // 1480, width * 550 // 1480])
        window.show()
        loop = QEventLoop()
        window.article_shown.connect(lambda _aid: QTimer.singleShot(600, loop.quit))
        window.start()
        QTimer.singleShot(15000, loop.quit)
        loop.exec()
        if window.session.data and window.session.data.id != article_id:
            window.session.open_article(article_id, claim_id)
            QTimer.singleShot(800, loop.quit)
            loop.exec()
        window.session.select_claim(claim_id)
        window.saved_label.setText("✓ Saved 14:32:07")
        # wait for the matcher's ranking of this claim, then select the conflicting candidate
        window.session.others_ranked.connect(lambda _rows: QTimer.singleShot(300, loop.quit))
        QTimer.singleShot(10000, loop.quit)
        loop.exec()
        conflict = next((r for r in window.other_reports.model.rows() if r.conflict), None)
        if conflict is not None:
            window.other_reports.select_claim(conflict.claim.id)
        window.claim_list.view.setFocus()
        QTimer.singleShot(400, loop.quit)
        loop.exec()
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        window.runner.wait_idle(5000)
        window.close()
        db.dispose()
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

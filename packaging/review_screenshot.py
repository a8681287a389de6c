"""Render the review window on the sample corpus, to look at it as a lead would.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/review_screenshot.py OUT.png
        [--size 1280x800] [--theme light|dark|system] [--cell]

Imports seeds/ into a throwaway database; alice and bob label the claims of the July story with
some disagreements (the "at least 23 people injured" claim among them), lena is the lead and has
settled one claim. The window shows the injured claim with its candidates; --cell also clicks the
alice/bob heat-map cell "contradicted × corroborated", so the queue is filtered.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def build_database(path: Path):
    from claimdesk.paths import seeds_dir
    from claimdesk.services import annotators
    from claimdesk.services.app import App
    from claimdesk.services.importer import import_paths
    from claimdesk.services.workspace import Workspace
    from claimdesk.store import queries
    from claimdesk.store.engine import open_database

    db = open_database(str(path))
    import_paths(db, [seeds_dir()])
    with db.sessions() as session:
        articles = [a for a in queries.articles(session) if not a.origin.endswith("000_")]
        claims = {a.id: [c.id for c in queries.claims_of(session, a.id)] for a in articles}
        injured = next(
            c.id
            for a in articles
            for c in queries.claims_of(session, a.id)
            if "23 people injured" in c.text
        )
    alice, bob = Workspace(db, "alice"), Workspace(db, "bob")
    bob_turns = ["unique", "contradicted", "corroborated", "not_a_claim"]
    for ids in claims.values():
        for position, claim_id in enumerate(ids[:6]):
            alice.label(claim_id, "corroborated")
            bob.label(claim_id, bob_turns[position % 4] if position % 2 else "corroborated")
    alice.label(injured, "contradicted", note="14 in the Kyiv report")
    bob.label(injured, "corroborated")
    annotators.add_annotator(db, "lena")
    annotators.set_lead(db, "lena")
    settled = next(c for ids in claims.values() for c in ids[1:6:2] if c != injured)
    App(db, "lena").review.adjudicate(settled, "unique", "opinion, not a fact")
    return db, injured


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--theme", default="light", choices=("light", "dark", "system"))
    parser.add_argument("--cell", action="store_true", help="click a heat-map cell first")
    args = parser.parse_args(argv[1:])
    width, height = (int(v) for v in args.size.lower().split("x"))
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtGui import QFont

    from claimdesk.ui.app import make_application

    app = make_application()
    if sys.platform.startswith("linux"):
        app.setFont(QFont("DejaVu Sans", 10))
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, tmp)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        db, injured = build_database(Path(tmp) / "review.db")
        from claimdesk.services.review import HeatCell
        from claimdesk.ui.review import ReviewWindow
        from claimdesk.ui.theme import apply_theme

        apply_theme(args.theme, save=False)
        window = ReviewWindow(db, "lena")
        window.resize(width, height)
        loop = QEventLoop()

        def wait(signal, ms: int = 15000) -> None:
            signal.connect(loop.quit)
            QTimer.singleShot(ms, loop.quit)
            loop.exec()
            signal.disconnect(loop.quit)

        window.show()
        wait(window.refreshed)
        if args.cell:
            window.filter_by_cell(HeatCell("alice", "contradicted", "bob", "corroborated"))
            wait(window.refreshed)
        window.select_claim(injured)
        wait(window.candidates_shown)
        window.queue_view.setFocus()
        QTimer.singleShot(300, loop.quit)
        loop.exec()
        window.grab().save(args.out)
        window.runner.wait_idle(5000)
        window.close()
        db.dispose()
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

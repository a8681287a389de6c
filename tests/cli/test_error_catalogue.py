"""Every error a user can cause is one line and an exit code from the catalogue
(claimdesk.errors), never a traceback."""

from __future__ import annotations

import pytest

from claimdesk.cli import main
from claimdesk.errors import ClaimdeskError, PipelineUnavailable


def test_import_with_the_model_pipeline_and_no_model_is_one_line(tmp_path, capsys, monkeypatch):
    import spacy

    from claimdesk.nlp import pipeline

    def not_installed(name, *args, **kwargs):
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setattr(pipeline, "_cache", {})  # a model built by another test stays out
    monkeypatch.setattr(spacy, "load", not_installed)
    article = tmp_path / "article.txt"
    article.write_text("The storm closed 40 schools on Monday.\n", encoding="utf-8")
    code = main(["--db", str(tmp_path / "c.db"), "import", str(article), "--pipeline", "model"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [err.strip()]  # one line, no traceback
    assert err.startswith("claimdesk: error: no spaCy model installed among")


def test_pipeline_unavailable_is_in_the_catalogue():
    assert issubclass(PipelineUnavailable, ClaimdeskError)
    assert PipelineUnavailable("x").exit_code == 1


def test_a_locked_database_is_a_catalogue_error_not_a_sqlalchemy_one(tmp_path, capsys):
    """The store translates the driver's OperationalError: the CLI catches only the catalogue."""
    import sqlite3

    db = tmp_path / "locked.db"
    assert main(["--db", str(db), "info"]) == 0
    capsys.readouterr()
    holder = sqlite3.connect(db, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        from claimdesk.store import engine

        # a short busy timeout keeps the test quick; the translation is what is tested
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(engine, "SQLITE_BUSY_TIMEOUT_MS", 50)
            code = main(["--db", str(db), "--annotator", "ann", "annotators", "add", "bea"])
    finally:
        holder.rollback()
        holder.close()
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("claimdesk: error: ") and "locked" in err
    assert len(err.strip().splitlines()) == 1

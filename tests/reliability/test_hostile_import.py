"""Import of the hostile corpus: each bad file or record is one clear line naming it, every
good article still arrives, and nothing outside the named folder is read."""

from __future__ import annotations

import json

import pytest
from hostile_corpus import (
    GOOD_ONE,
    GOOD_TWO,
    UKRAINIAN,
    deep_html,
    jsonl_line,
    write_bad_jsonl,
    write_folder_with_escapes,
    write_text_files,
)
from sqlalchemy import select

from claimdesk.cli import main
from claimdesk.errors import printable
from claimdesk.ingest import read_articles
from claimdesk.services.importer import import_paths
from claimdesk.store.models import Article, Story


@pytest.fixture(scope="module")
def rules():
    from claimdesk.nlp.pipeline import load_pipeline

    return load_pipeline("rules")


def cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("claimdesk: error:")]


def test_bad_jsonl_lines_are_named_and_skipped_good_ones_import(tmp_path, capsys):
    path = write_bad_jsonl(tmp_path)
    db = str(tmp_path / "c.db")
    code, out, err = cli(capsys, "--db", db, "import", str(path), "--pipeline", "rules", "--json")
    assert code == 1
    assert "Traceback" not in err
    report = json.loads(out)
    assert len(report["added"]) == 3  # both good ones and the NUL one, NUL stripped
    problems = {e["place"].rsplit(":", 1)[1]: e["problem"] for e in report["errors"]}
    assert "nested too deeply" in problems["line 2"]
    assert "lone surrogate U+D800" in problems["line 3"] and "`text`" in problems["line 3"]
    assert "`meta.deep`" in problems["line 4"] and "U+DFFF" in problems["line 4"]
    assert "not valid JSON" in problems["line 6"]
    assert "expected a JSON object" in problems["line 7"]
    assert len(error_lines(err)) == len(report["errors"]) == 5


def test_nul_is_stripped_on_every_backend(db, rules, tmp_path):
    path = write_bad_jsonl(tmp_path)
    report = import_paths(db, [path], pipeline=rules)
    assert len(report.added) == 3
    with db.sessions() as session:
        texts = list(session.scalars(select(Article.text)))
        titles = list(session.scalars(select(Article.title)))
    assert "The hall was opened on Friday by 3 ministers." in texts
    assert "NUL" in titles
    assert not any("\x00" in text for text in texts)


def test_text_files_decoding(tmp_path):
    paths = write_text_files(tmp_path)
    items = list(read_articles([paths[key] for key in paths]))
    errors = {item.place: item.problem for item in items if not hasattr(item, "text")}
    records = {item.origin: item for item in items if hasattr(item, "text")}
    damaged = errors[str(paths["damaged_utf8"])]
    assert "not valid UTF-8 at byte" in damaged and "0xE9" in damaged
    assert "binary" in errors[str(paths["binary"])]
    legacy = records[str(paths["cp1252"])]
    assert "café" in legacy.text and legacy.assumed_encoding[1] in ("cp1252", "latin_1")
    assert records[str(paths["utf16_no_bom"])].text == GOOD_ONE
    assert records[str(paths["cp1251"])].text == UKRAINIAN
    assert records[str(paths["utf16_no_bom"])].assumed_encoding[1] == "utf-16-le"
    assert records[str(paths["utf16be_no_bom"])].text == GOOD_TWO
    assert "empty" in errors[printable(str(paths["newline_name"]))]  # shown as "two\\nlines"
    assert records[str(paths["stray_nul"])].text == GOOD_TWO  # the stray NUL stripped


def test_cli_says_which_encoding_it_assumed_and_keeps_error_lines_single(tmp_path, capsys):
    paths = write_text_files(tmp_path)
    db = str(tmp_path / "c.db")
    code, out, err = cli(capsys, "--db", db, "import", str(tmp_path), "--pipeline", "rules")
    assert code == 1
    assert f"read {paths['utf16_no_bom']} as utf-16-le" in out
    assert f"read {paths['cp1252']} as" in out
    lines = err.strip().splitlines()
    assert all(line.startswith("claimdesk: error: ") for line in lines), lines
    assert any("two\\nlines.txt: empty article" in line for line in lines)


@pytest.mark.parametrize("levels", [300, 1500])
def test_html_nested_past_the_parser_limit_still_gives_its_text(tmp_path, levels):
    path = tmp_path / "deep.html"
    path.write_text(deep_html(levels), encoding="utf-8")
    [record] = read_articles([path])
    assert record.text == GOOD_ONE


def test_html_nested_past_any_limit_says_so(tmp_path):
    path = tmp_path / "deeper.html"
    path.write_text(deep_html(50_000), encoding="utf-8")
    [error] = read_articles([path])
    assert "nests over" in error.problem and "levels deep" in error.problem


def test_links_out_of_the_folder_and_fifos_are_skipped_by_name(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    paths = write_folder_with_escapes(tmp_path / "articles", outside)
    items = list(read_articles([tmp_path / "articles"]))  # must not hang on the FIFO
    records = [item for item in items if hasattr(item, "text")]
    errors = {item.place: item.problem for item in items if not hasattr(item, "text")}
    assert [record.text for record in records] == [GOOD_ONE]  # the inside link is the same file
    assert "symbolic link out of the folder" in errors[str(paths["file_link_out"])]
    assert "symbolic link out of the folder" in errors[str(paths["folder_link_out"])]
    assert "FIFO" in errors[str(paths["fifo"])]
    assert "loops" in errors[str(paths["loop"])]
    assert "cannot read it" in errors[str(paths["dangling"])]
    assert not any("hunter2" in record.text for record in records)


def test_a_fifo_named_directly_is_refused_not_read(tmp_path):
    import os

    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    [error] = read_articles([fifo])
    assert "not a regular file" in error.problem


def test_grouping_resumes_after_an_import_killed_before_it(tmp_path, rules, monkeypatch):
    """An import killed after storing its articles but before grouping them: running it again
    finds every article "already there" and still groups them."""
    from claimdesk.services import importer
    from claimdesk.store.engine import open_database

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD_ONE, encoding="utf-8")
    (folder / "b.txt").write_text(GOOD_ONE.replace("Monday", "Monday evening"), encoding="utf-8")
    db = open_database(tmp_path / "c.db")
    try:
        with monkeypatch.context() as patch:
            patch.setattr(importer, "_group_unsorted", lambda *_: None)  # the process dies here
            import_paths(db, [folder], pipeline=rules)
        with db.sessions() as session:
            stories = set(session.scalars(select(Article.story_id)))
        assert len(stories) == 1
        report = import_paths(db, [folder], pipeline=rules)
        assert not report.added and len(report.duplicates) == 2
        with db.sessions() as session:
            ids = set(session.scalars(select(Article.story_id)))
            names = {session.get(Story, sid).name for sid in ids}
        assert names and "Unsorted" not in names
    finally:
        db.dispose()


def test_import_dialog_lists_skipped_links_and_assumed_encodings(qtbot, tmp_path):
    """The window's import dialog runs the real import and shows the same lines as the CLI."""
    from PySide6.QtCore import Qt

    from claimdesk.store.engine import open_database
    from claimdesk.ui.import_dialog import ImportDialog
    from claimdesk.ui.operations import OperationRunner

    outside = tmp_path / "outside"
    outside.mkdir()
    paths = write_folder_with_escapes(tmp_path / "articles", outside)
    (tmp_path / "articles" / "legacy.txt").write_bytes(
        "Le café a rouvert lundi, a déclaré le maire de Paris à 10 heures.".encode("cp1252")
    )
    db = open_database(tmp_path / "c.db")
    runner = OperationRunner()
    dialog = ImportDialog(runner, db)
    qtbot.addWidget(dialog)
    try:
        dialog.add_paths([tmp_path / "articles"])
        with qtbot.waitSignal(dialog.import_finished, timeout=60000) as finished:
            qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        report = finished.args[0]
        assert len(report.added) == 2
        rows = {
            dialog.errors.item(row, 0).toolTip(): dialog.errors.item(row, 1).text()  # whole path
            for row in range(dialog.errors.rowCount())
        }
        assert "symbolic link out of the folder" in rows[str(paths["file_link_out"])]
        assert "FIFO" in rows[str(paths["fifo"])]
        assert rows[str(tmp_path / "articles" / "legacy.txt")].startswith("read as ")
    finally:
        runner.wait_idle(30000)
        db.dispose()


def test_file_names_that_are_not_utf8_import_and_show_escaped(tmp_path, capsys):
    """On Linux a file name is bytes; one saved in Latin-1 must not abort the import."""
    import os

    folder = tmp_path / "latin"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")  # "caf\udce9.txt"
    (folder / name).write_text(GOOD_ONE, encoding="utf-8")
    (folder / os.fsdecode(b"\xff.txt")).write_bytes(b"")
    db = str(tmp_path / "c.db")
    code, out, err = cli(capsys, "--db", db, "import", str(folder), "--pipeline", "rules", "--json")
    assert code == 1
    report = json.loads(out)
    assert len(report["added"]) == 1
    [error] = report["errors"]
    assert error["place"].endswith("\\udcff.txt") and "empty" in error["problem"]
    code, out, err = cli(capsys, "--db", db, "articles", "--json")
    assert json.loads(out)[0]["origin"].endswith("caf\\udce9.txt")


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["--annotator", "\udcff", "label", "c0", "unique"], "the annotator"),
        (["--annotator", "a\nb", "label", "c0", "unique"], "the annotator name"),
        (["--annotator", "a", "label", "c0", "unique", "--note", "\udcfe"], "the note"),
        (["import", "x.txt", "--story", "\udcfd"], "the story"),
    ],
)
def test_text_arguments_that_cannot_be_stored_are_usage_errors(tmp_path, capsys, argv, expected):
    code, _out, err = cli(capsys, "--db", str(tmp_path / "c.db"), *argv)
    assert code == 2
    [line] = err.strip().splitlines()
    assert expected in line and "not" in line


def test_a_jsonl_line_with_bad_bytes_is_skipped_and_the_rest_still_read(tmp_path):
    """The encoding is chosen from the first 64 KB; a bad line further down used to stop the
    whole file there."""
    filler = "".join(jsonl_line(text=f"{GOOD_ONE} Report {i}.") for i in range(700))
    path = tmp_path / "late.jsonl"
    path.write_bytes(
        filler.encode()
        + b'{"text": "caf\xe9 broken here"}\n'
        + jsonl_line(text=GOOD_TWO).encode().replace(b"\n", b"\r\n")
        + jsonl_line(text="Old Mac line ends: 3 ships came on Sunday.")
        .encode()
        .replace(b"\n", b"\r")
        + jsonl_line(text="The last one: 4 trains left on Friday.").encode()
    )
    items = list(read_articles([path]))
    errors = [item for item in items if not hasattr(item, "text")]
    assert [(e.place, e.problem.split(" (")[0]) for e in errors] == [
        (f"{path}:line 701", "not valid utf-8")
    ]
    texts = [item.text for item in items if hasattr(item, "text")]
    assert len(texts) == 703 and texts[-3:] == [
        GOOD_TWO,
        "Old Mac line ends: 3 ships came on Sunday.",
        "The last one: 4 trains left on Friday.",
    ]


@pytest.mark.parametrize(
    "manifest, expected",
    [
        ('{"stories": ' + "[" * 50_000 + "]" * 50_000 + "}", "nested too deeply"),
        ('{"stories": {"\\ud800": ["a.txt"]}}', "lone surrogate"),
    ],
)
def test_a_hostile_manifest_is_named_and_the_files_still_import(tmp_path, manifest, expected):
    (tmp_path / "manifest.json").write_text(manifest, encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD_ONE, encoding="utf-8")
    items = list(read_articles([tmp_path]))
    [error] = [item for item in items if not hasattr(item, "text")]
    assert error.place.endswith("manifest.json") and expected in error.problem
    assert [item.text for item in items if hasattr(item, "text")] == [GOOD_ONE]

"""The command line end to end: import the seeds, list, label, label files, bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from claimdesk.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def seeded(tmp_path, seeds_dir, capsys):
    db = str(tmp_path / "seeded.db")
    code, out, err = run(capsys, "--db", db, "import", str(seeds_dir), "--pipeline", "rules")
    assert code == 0, err
    return db


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("claimdesk ")


def test_import_seeds_gives_two_stories_and_metadata(seeded, capsys):
    articles = run_json(capsys, "--db", seeded, "articles")
    assert len(articles) == 5
    assert {
        tuple(sorted(a["id"] for a in articles if a["story"] == s))
        for s in {a["story"] for a in articles}
    }
    by_file = {a["origin"].rsplit("/", 1)[-1][:3]: a for a in articles}
    assert set(by_file) == {"000", "001", "002", "003", "004"}
    assert len({by_file[n]["story"] for n in ("001", "002", "003", "004")}) == 1
    assert by_file["000"]["story"] != by_file["001"]["story"]
    assert by_file["000"]["date"] == "2025-06-04"
    assert by_file["003"]["title"] == "Trump-Putin Call Yields No Breakthrough on Ukraine War"
    for article in articles:
        assert set(article) >= {"id", "title", "source", "url", "date", "story", "origin", "claims"}
        assert article["claims"] > 3


def test_reimport_is_a_noop_that_says_so(seeded, seeds_dir, capsys):
    code, out, _ = run(capsys, "--db", seeded, "import", str(seeds_dir), "--pipeline", "rules")
    assert code == 0
    assert out.count("already imported") == 5
    assert "imported 0 article(s)" in out
    assert len(run_json(capsys, "--db", seeded, "articles")) == 5


def test_claims_are_exact_slices_of_the_article_text(seeded, capsys):
    for article in run_json(capsys, "--db", seeded, "articles"):
        full = run_json(capsys, "--db", seeded, "article", article["id"])
        claims = run_json(capsys, "--db", seeded, "claims", "--article", article["id"])
        assert len(claims) == article["claims"]
        for claim in claims:
            assert set(claim) == {
                "id",
                "article_id",
                "start",
                "end",
                "text",
                "reasons",
                "speaker",
                "pipeline",
            }
            assert full["text"][claim["start"] : claim["end"]] == claim["text"]
            assert claim["pipeline"]


def test_label_and_label_file_round_trip(seeded, tmp_path, capsys):
    claims = run_json(capsys, "--db", seeded, "claims")
    first, second = claims[0]["id"], claims[1]["id"]
    assert (
        run(
            capsys,
            "--db",
            seeded,
            "--annotator",
            "ana",
            "label",
            first,
            "unique",
            "--note",
            "only here",
        )[0]
        == 0
    )
    assert run(capsys, "--db", seeded, "--annotator", "ana", "label", second, "not a claim")[0] == 0
    export = tmp_path / "labels.jsonl"
    assert run(capsys, "--db", seeded, "labels", "export", str(export))[0] == 0
    lines = [json.loads(line) for line in export.read_text().splitlines()]
    assert {(r["claim_id"], r["label"]) for r in lines} == {
        (first, "unique"),
        (second, "not_a_claim"),
    }
    assert next(r for r in lines if r["claim_id"] == first)["note"] == "only here"


def test_labelling_a_linked_claim_not_a_claim_says_which_links_went(seeded, capsys):
    from claimdesk.store import annotation
    from claimdesk.store.engine import open_database

    july = _largest_story(seeded, capsys)
    here = run_json(capsys, "--db", seeded, "claims", "--article", july[0])[0]["id"]
    there = run_json(capsys, "--db", seeded, "claims", "--article", july[1])[0]["id"]
    db = open_database(seeded)
    with db.transaction() as session:  # a link made in the window
        annotation.link(session, "ana", here, there, "agree")
    db.dispose()
    said = run_json(
        capsys, "--db", seeded, "--annotator", "ana", "label", here, "not a claim", "--json"
    )
    assert said == {"claim_id": here, "label": "not a claim", "changed": True, "unlinked": [there]}
    main(["--db", seeded, "--annotator", "ana", "label", here, "unique"])
    assert capsys.readouterr().out.strip() == f"{here}: unique — saved"  # no link to speak of


def test_labels_import_is_idempotent_and_names_bad_lines(seeded, tmp_path, capsys):
    claims = run_json(capsys, "--db", seeded, "claims")
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"claim_id": claims[0]["id"], "annotator": "bo", "label": "corroborated"})
        + "\n{not json\n"
        + json.dumps({"claim_id": "cdoesnotexist", "annotator": "bo", "label": "unique"})
        + "\n"
    )
    code, out, err = run(capsys, "--db", seeded, "labels", "import", str(path))
    assert code == 1
    assert "1 new" in out
    assert f"{path}:2" in err and "not valid JSON" in err
    assert f"{path}:3" in err and "unknown claim" in err
    code, out, _ = run(capsys, "--db", seeded, "labels", "import", str(path))
    assert "0 new, 1 identical" in out


def test_unknown_label_is_a_usage_error(seeded, capsys):
    claim = run_json(capsys, "--db", seeded, "claims")[0]["id"]
    code, _, err = run(capsys, "--db", seeded, "--annotator", "ana", "label", claim, "maybe")
    assert code == 2
    assert "unknown label 'maybe'" in err


def test_label_without_annotator_says_how(seeded, capsys):
    claim = run_json(capsys, "--db", seeded, "claims")[0]["id"]
    code, _, err = run(capsys, "--db", seeded, "label", claim, "unique")
    assert code == 2 and "--annotator" in err


def test_global_options_also_after_the_command(seeded, tmp_path, capsys):
    claims = run_json(capsys, "claims", "--db", seeded)
    first, second = claims[0]["id"], claims[1]["id"]
    assert run(capsys, "label", first, "unique", "--annotator", "alice", "--db", seeded)[0] == 0
    # after the command wins over before it; before it still works
    code, _, err = run(
        capsys,
        "--annotator",
        "bob",
        "--db",
        seeded,
        "label",
        second,
        "unique",
        "--annotator",
        "eve",
    )
    assert code == 0, err
    exported = tmp_path / "labels.jsonl"
    assert run(capsys, "--db", seeded, "export", "-f", "labels", "-o", str(exported))[0] == 0
    by = {json.loads(line)["claim_id"]: json.loads(line)["annotator"] for line in exported.open()}
    assert by == {first: "alice", second: "eve"}
    # nested commands too
    assert run(capsys, "story", "regroup", "--db", seeded, "--json")[0] == 0


def test_the_filters_that_name_an_annotator_are_called_by(seeded, capsys):
    code, out, _ = run(capsys, "disagreements", "--by", "alice", "--db", seeded, "--json")
    assert code == 0 and json.loads(out) == []
    assert "--by NAME" in _help(capsys, "export")
    assert "--annotator" in _help(capsys, "label")


def _help(capsys, command: str) -> str:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    return capsys.readouterr().out


def _bad_inputs(folder):
    folder.mkdir()
    (folder / "good.txt").write_text(
        "The council approved a budget of 12 million euros on Monday, the mayor said.\n"
    )
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "huge.txt").write_text("Twenty drones hit the city on Tuesday. " * 550_000)  # ~21 MB
    (folder / "records.jsonl").write_text(
        json.dumps(
            {
                "text": "Officials said 40 people were evacuated from the port on Friday.",
                "story": "Port",
            }
        )
        + "\n{broken\n"
        + json.dumps(
            {
                "text": "The port reopened on Saturday after the fire, officials said.",
                "story": "Port",
            }
        )
        + "\n"
    )
    (folder / "notext.csv").write_text("title,body\nA,B\n")
    (folder / "page.html").write_text(
        "<html><head><title>Dam opens</title><script>var secret = 'tracking';</script></head>"
        "<body><article><h1>Dam opens</h1><p>The new dam on the river opened on 3 May 2024 "
        "after six years of construction, the ministry said.</p><p>It cost 2 billion dollars "
        "and will supply 40,000 homes with power, according to the operator.</p></article>"
        "<script>document.write('ad')</script></body></html>"
    )


def test_bad_input_is_named_and_good_files_still_import(tmp_path, capsys):
    folder = tmp_path / "inbox"
    _bad_inputs(folder)
    db = str(tmp_path / "bad.db")
    code, out, err = run(capsys, "--db", db, "import", str(folder), "--pipeline", "rules")
    assert code == 1
    assert "binary.txt" in err and "empty.txt" in err and "huge.txt" in err
    assert "records.jsonl:line 2" in err
    assert "notext.csv" in err and "text" in err
    articles = run_json(capsys, "--db", db, "articles")
    origins = sorted(a["origin"].rsplit("/", 1)[-1] for a in articles)
    assert origins == ["good.txt", "page.html", "records.jsonl:line 1", "records.jsonl:line 3"]
    html = next(a for a in articles if a["origin"].endswith("page.html"))
    text = run_json(capsys, "--db", db, "article", html["id"])["text"]
    assert "secret" not in text and "document.write" not in text
    assert "2 billion dollars" in text


@pytest.mark.parametrize(
    "url, fragment",
    [
        ("nope://host/db", "unknown database kind"),
        ("postgresql+psycopg://postgres@127.0.0.1:1/test", "cannot connect"),
        ("/no/such/folder/x.db", "does not exist"),
    ],
)
def test_wrong_database_is_one_clear_line(url, fragment):
    result = subprocess.run(
        [sys.executable, "-m", "claimdesk", "--db", url, "info"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode in (1, 2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0] and "Traceback" not in result.stderr


def test_locked_database_is_a_clear_error_and_nothing_saved_is_lost(seeded, capsys):
    import sqlite3

    claims = run_json(capsys, "--db", seeded, "claims")
    assert (
        run(capsys, "--db", seeded, "--annotator", "ana", "label", claims[0]["id"], "unique")[0]
        == 0
    )
    from claimdesk.store import engine as engine_module

    blocker = sqlite3.connect(seeded, timeout=0.1)
    blocker.execute("BEGIN EXCLUSIVE")
    original = engine_module.SQLITE_BUSY_TIMEOUT_MS
    engine_module.SQLITE_BUSY_TIMEOUT_MS = 200  # do not wait 5 s in a test
    try:
        code, _, err = run(
            capsys, "--db", seeded, "--annotator", "ana", "label", claims[1]["id"], "unique"
        )
    finally:
        engine_module.SQLITE_BUSY_TIMEOUT_MS = original
        blocker.rollback()
        blocker.close()
    assert code == 1
    assert "locked" in err and err.count("\n") == 1
    assert run_json(capsys, "--db", seeded, "claims") == claims  # still readable, unchanged
    code, out, _ = run(
        capsys, "--db", seeded, "--annotator", "ana", "label", claims[0]["id"], "unique"
    )
    assert "unchanged" in out  # the earlier label survived


def test_wheel_works_outside_the_checkout(tmp_path):
    """A wheel built from the repository carries resources/ and seeds/ and runs elsewhere."""
    import zipfile
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(root),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(tmp_path.glob("claimdesk-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "claimdesk/seeds/001_55c1a3d724e71f9f.txt" in names
    assert "claimdesk/seeds/manifest.json" in names
    assert any(n.startswith("claimdesk/resources/") for n in names)
    assert any(n.startswith("claimdesk/store/migrations/versions/") for n in names)
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = (
        "import claimdesk, claimdesk.paths as p; "
        f"assert claimdesk.__file__.startswith({str(unpacked)!r}), claimdesk.__file__; "
        "assert (p.seeds_dir() / '000_1fbc027497f1e01c.txt').is_file(); "
        "assert p.resources_dir().is_dir(); print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.stdout.strip() == "ok", result.stderr
    db = elsewhere / "w.db"
    result = subprocess.run(
        [sys.executable, "-m", "claimdesk", "--db", str(db), "info", "--json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["articles"] == 0


def test_a_file_that_is_not_a_database_is_one_clear_line(tmp_path, capsys):
    not_db = tmp_path / "notes.jsonl"
    not_db.write_text('{"text": "not a database"}\n')
    code, _, err = run(capsys, "--db", str(not_db), "info")
    assert code == 2
    assert "not a Claimdesk database" in err and err.count("\n") == 1


def test_merging_a_missing_database_creates_nothing(seeded, tmp_path, capsys):
    missing = tmp_path / "missing.db"
    code, _, err = run(capsys, "--db", seeded, "merge", str(missing))
    assert code == 2 and "no such database file" in err
    assert not missing.exists()


def test_output_into_a_closed_pipe_is_quiet(seeded):
    reader = subprocess.Popen(
        [sys.executable, "-m", "claimdesk", "--db", seeded, "claims", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    reader.stdout.read(10)
    reader.stdout.close()  # like `| head -c 10`
    _, err = reader.communicate(timeout=60)
    assert b"Traceback" not in err


def test_story_commands_speak_json(seeded, capsys):
    articles = run_json(capsys, "--db", seeded, "articles")
    moved = run_json(capsys, "--db", seeded, "story", "move", articles[0]["id"], "Elsewhere")
    assert moved["article_id"] == articles[0]["id"] and moved["story_id"].startswith("s")
    with pytest.raises(SystemExit) as exit_info:  # argparse refuses it: a usage error
        main(["--db", seeded, "candidates", "--top", "0"])
    assert exit_info.value.code == 2


def _largest_story(seeded, capsys) -> list[str]:
    """The article ids of the seed story with most articles."""
    stories: dict[str, list[str]] = {}
    for a in run_json(capsys, "--db", seeded, "articles"):
        stories.setdefault(a["story_id"], []).append(a["id"])
    return max(stories.values(), key=len)


def test_candidates_text_lists_each_other_article_with_its_best_claims(seeded, capsys):
    july = _largest_story(seeded, capsys)  # 001-004: four articles
    claim = run_json(capsys, "--db", seeded, "claims", "--article", july[0])[0]
    main(["--db", seeded, "candidates", "--claim", claim["id"], "--top", "1"])
    out = capsys.readouterr().out.splitlines()
    # one heading per other article (even with --top 1, all three show), each with its claim
    headings = [line for line in out if line.startswith("  ") and not line.startswith("    ")]
    assert sorted(h.rsplit("(", 1)[1].rstrip(")") for h in headings) == sorted(july[1:])
    assert sum(1 for line in out if line.startswith("    ") and "  c" in line[:14]) == 3


def test_candidates_json_lists_each_other_article_with_its_best_claims(seeded, capsys):
    july = _largest_story(seeded, capsys)  # 001-004: four articles
    claims = run_json(capsys, "--db", seeded, "claims", "--article", july[0])
    rows = run_json(capsys, "--db", seeded, "candidates", "--claim", claims[0]["id"], "--top", "2")
    row = rows[0]
    listed = [group["article_id"] for group in row["by_article"]]
    assert sorted(listed) == sorted(july[1:])  # every other article of the story, once
    for group in row["by_article"]:
        assert 1 <= len(group["candidates"]) <= 2
        assert {c["article_id"] for c in group["candidates"]} == {group["article_id"]}
        scores = [c["score"] for c in group["candidates"]]
        assert scores == sorted(scores, reverse=True)
    # The flat list starts with each article's best claim.
    best = [group["candidates"][0]["claim_id"] for group in row["by_article"]]
    assert [c["claim_id"] for c in row["candidates"]] == best[:2]
    assert row["suggestion"]["label"] in ("corroborated", "contradicted", "unique")

"""`claimdesk export` end to end: output, --json, exit codes and one-line errors."""

from __future__ import annotations

import json

from claimdesk.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_jsonl_with_filters_and_json_report(labelled, tmp_path, capsys):
    out = tmp_path / "gold.jsonl"
    code, stdout, err = run(
        capsys,
        "--db", labelled.url,
        "export", "--format", "jsonl", "-o", str(out),
        "--gold-only", "--split", "0.5,0.25,0.25", "--seed", "4", "--json",
    )  # fmt: skip
    assert code == 0, err
    report = json.loads(stdout)
    lines = out.read_text().splitlines()
    assert report["records"] == len(lines) > 0
    assert report["card"] == str(tmp_path / "README.md")
    assert all(json.loads(line)["gold_source"] in ("adjudicated", "majority") for line in lines)


def test_export_text_report_and_annotator_flag(labelled, tmp_path, capsys):
    code, stdout, err = run(
        capsys,
        "--db", labelled.url, "--annotator", "someone-else",
        "export", "-f", "spacy", "-o", str(tmp_path / "sp"), "--by", "bob",
    )  # fmt: skip
    assert code == 0, err
    assert "wrote" in stdout and "train:" in stdout and "dataset card:" in stdout


def test_export_errors_are_one_line_with_exit_codes(labelled, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _out, err = run(
        capsys, "--db", labelled.url, "export", "-f", "csv", "-o", str(blocker / "x.csv")
    )
    assert code == 1 and err.count("\n") == 1 and "not a folder" in err
    code, _out, err = run(
        capsys, "--db", labelled.url, "export", "-f", "labels", "-o", "x", "--gold-only"
    )
    assert code == 2 and "labels format" in err
    code, _out, err = run(
        capsys, "--db", labelled.url, "export", "-f", "jsonl", "-o", "x", "--split", "1,2"
    )
    assert code == 2 and "--split" in err
    code, _out, err = run(
        capsys, "--db", labelled.url, "export", "-f", "jsonl", "-o", "x", "--story", "nope"
    )
    assert code == 1 and "no story" in err

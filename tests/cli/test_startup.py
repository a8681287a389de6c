"""What a command-line call imports: a command loads only what it uses.

Each call runs in a fresh interpreter with `-X importtime`, and the modules it imported are
read from that report (a behavioural check; the timings live in tests/benchmarks/bench_cli.py).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from claimdesk.cli import main

# what `info`, `claims` and `label` must not load: the NLP stack, numeric code, HTML
# extraction, the agreement figures and the dataset writers
HEAVY = (
    "spacy",
    "thinc",
    "numpy",
    "trafilatura",
    "lxml",
    "krippendorff",
    "orjson",
    "claimdesk.agreement",
    "claimdesk.export",
    "claimdesk.nlp",
    "claimdesk.matching",
    "claimdesk.ingest",
    "PySide6",
    "alembic",  # the sample database is at the head revision: nothing to migrate
)


def imported_modules(*argv: str, env: dict) -> tuple[set[str], subprocess.CompletedProcess]:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "claimdesk", *argv],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in completed.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return modules, completed


def heavy_among(modules: set[str]) -> set[str]:
    return {m for m in modules for h in HEAVY if m == h or m.startswith(h + ".")}


@pytest.fixture(scope="module")
def sample_env(tmp_path_factory):
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    db = tmp_path_factory.mktemp("startup") / "sample.db"
    assert main(["--db", str(db), "import", str(seeds), "--pipeline", "rules"]) == 0
    return dict(os.environ, CLAIMDESK_DB=str(db), CLAIMDESK_ANNOTATOR="ann")


def _first_claim(env: dict) -> str:
    from claimdesk.store.engine import open_database
    from claimdesk.store.queries import all_claims

    db = open_database(env["CLAIMDESK_DB"])
    try:
        with db.sessions() as session:
            return all_claims(session)[0].id
    finally:
        db.dispose()


@pytest.mark.parametrize("command", ["info", "claims", "label"])
def test_everyday_commands_import_nothing_heavy(sample_env, command):
    argv = [command]
    if command == "label":
        argv = ["label", _first_claim(sample_env), "unique"]
    modules, completed = imported_modules(*argv, env=sample_env)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "claimdesk.cli" in modules  # the report is read right
    assert heavy_among(modules) == set()


def test_the_report_sees_heavy_imports_where_they_happen(sample_env):
    # the same check on a command that needs the agreement figures: it must find them
    modules, completed = imported_modules("agreement", env=sample_env)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert {"numpy", "claimdesk.agreement"} <= heavy_among(modules)


def test_a_missing_import_path_fails_before_spacy_loads(sample_env, tmp_path):
    missing = tmp_path / "nowhere" / "article.txt"
    modules, completed = imported_modules("import", str(missing), env=sample_env)
    assert completed.returncode == 1
    errors = [line for line in completed.stderr.splitlines() if not line.startswith("import time")]
    assert errors == [f"claimdesk: error: {missing}: no such file or folder"]
    assert not {m for m in modules if m == "spacy" or m.startswith("spacy.")}


def test_a_folder_without_articles_fails_before_spacy_loads(sample_env, tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    modules, completed = imported_modules("import", str(tmp_path), env=sample_env)
    assert completed.returncode == 1
    errors = [line for line in completed.stderr.splitlines() if not line.startswith("import time")]
    assert errors == [f"claimdesk: error: {tmp_path}: no article files in this folder"]
    assert "spacy" not in modules


def test_the_export_parser_offers_the_formats_of_the_table():
    import argparse

    from claimdesk.cli import build_parser
    from claimdesk.commands.export_cmds import UNITS as parser_units
    from claimdesk.export.formats import FORMATS
    from claimdesk.export.splits import UNITS

    assert parser_units == UNITS
    export = next(
        action.choices["export"]
        for action in build_parser()._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    export.parse_args(["-f", "csv", "-o", "x.csv"])  # adds --format, from the table
    offered = next(a.choices for a in export._actions if a.dest == "format")
    assert tuple(offered) == tuple(FORMATS)

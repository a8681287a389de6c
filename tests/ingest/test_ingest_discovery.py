"""Finding files, reading many at once, and story manifests; the seed corpus end to end."""

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from claimdesk.domain.records import ArticleRecord
from claimdesk.errors import InputError
from claimdesk.ingest import iter_paths, load_manifest, read_articles

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
JUNE = "June 4, 2025 Trump–Putin call after Operation Spiderweb"
JULY = "July 3, 2025 Trump–Putin call"


def _touch(path: Path, text: str = "Some prose.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_iter_paths_recursive_sorted_supported_not_hidden(tmp_path):
    for name in [
        "b.txt",
        "a.md",
        "sub/c.jsonl",
        "sub/d.csv",
        "z.HTML",
        "notes.pdf",
        ".hidden.txt",
        ".git/x.txt",
        "manifest.json",
    ]:
        _touch(tmp_path / name)
    found = [path.relative_to(tmp_path).as_posix() for path in iter_paths([tmp_path])]
    assert found == ["a.md", "b.txt", "sub/c.jsonl", "sub/d.csv", "z.HTML"]


def test_iter_paths_files_named_directly_and_no_duplicates(tmp_path):
    a = _touch(tmp_path / "a.txt")
    assert list(iter_paths([a, tmp_path, str(a)])) == [a]


def test_read_articles_reads_a_file_named_twice_once(tmp_path):
    a = _touch(tmp_path / "a.txt", "One.")
    assert [item.text for item in read_articles([a, tmp_path])] == ["One."]


def test_read_articles_reports_bad_files_and_goes_on(tmp_path):
    _touch(tmp_path / "a.txt", "First article.")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    _touch(tmp_path / "c.txt", "")
    _touch(tmp_path / "d.txt", "Last article.")
    pdf = _touch(tmp_path / "other" / "x.pdf", "%PDF")
    items = list(read_articles([tmp_path, tmp_path / "missing.txt", pdf]))
    records = [item for item in items if isinstance(item, ArticleRecord)]
    errors = [str(item) for item in items if isinstance(item, InputError)]
    assert [record.text for record in records] == ["First article.", "Last article."]
    assert errors == [
        f"{tmp_path / 'b.txt'}: not a text file (binary data)",
        f"{tmp_path / 'c.txt'}: empty article",
        f"{tmp_path / 'missing.txt'}: no such file or folder",
        f"{pdf}: unsupported file type; supported: .csv, .htm, .html, .jsonl, .md, .txt",
    ]


def test_manifest_sets_story_unless_the_record_has_one(tmp_path):
    _touch(tmp_path / "a.txt", "One.")
    _touch(
        tmp_path / "b.jsonl",
        json.dumps({"text": "Two.", "story": "own"}) + "\n" + json.dumps({"text": "Three."}),
    )
    _touch(tmp_path / "c.txt", "Four.")
    manifest = {"stories": {"S": ["a.txt", "b.jsonl"]}}
    _touch(tmp_path / "manifest.json", json.dumps(manifest))
    stories = {record.text: record.story for record in read_articles([tmp_path])}
    assert stories == {"One.": "S", "Two.": "own", "Three.": "S", "Four.": None}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{", "not valid JSON"),
        ('{"stories": ["a.txt"]}', "expected"),
        ('{"stories": {"S": "a.txt"}}', "expected a list of file names"),
        ('{"stories": {"S": ["a.txt"], "T": ["a.txt"]}}', "listed in two stories"),
    ],
)
def test_bad_manifest_is_one_error_and_the_files_are_still_read(tmp_path, content, problem):
    _touch(tmp_path / "manifest.json", content)
    _touch(tmp_path / "a.txt", "One.")
    _touch(tmp_path / "b.txt", "Two.")
    with pytest.raises(InputError, match=problem):
        load_manifest(tmp_path)
    items = list(read_articles([tmp_path]))
    assert [type(item) for item in items] == [InputError, ArticleRecord, ArticleRecord]
    assert items[0].place == str(tmp_path / "manifest.json")


def test_seed_files_are_unchanged_and_listed_in_the_manifest():
    assert load_manifest(SEEDS) == {
        "000_1fbc027497f1e01c.txt": JUNE,
        "001_55c1a3d724e71f9f.txt": JULY,
        "002_7db97a97969c8131.txt": JULY,
        "003_7b03c99bed1225a1.txt": JULY,
        "004_9f28cc2ec71faf02.txt": JULY,
    }


def test_seed_corpus_end_to_end(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")  # reading never writes, but be sure
    items = list(read_articles([tmp_path / "seeds"]))
    assert all(isinstance(item, ArticleRecord) for item in items), items
    by_prefix = {Path(item.origin).name[:3]: item for item in items}
    assert [by_prefix[p].story for p in ["000", "001", "002", "003", "004"]] == [JUNE] + [JULY] * 4
    assert [by_prefix[p].date for p in ["000", "001", "002", "003", "004"]] == [
        "2025-06-04",
        "2025-07-04",
        "2025-07-04",
        None,
        None,
    ]
    assert by_prefix["003"].source == "Alliance News"
    assert by_prefix["003"].metadata == {"dateline": "WASHINGTON, July 4"}
    assert by_prefix["002"].metadata["masthead"] == [
        "OpenVoiceNews U.S.",
        "Transparent. Unbiased. Yours.",
    ]
    for record in items:
        original = (SEEDS / Path(record.origin).name).read_bytes()
        assert record.raw_sha256 == hashlib.sha256(original).hexdigest()

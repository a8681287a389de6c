"""Each format, and the errors a user can cause with a file."""

import hashlib
import json
from pathlib import Path

import pytest

from claimdesk.domain.records import ArticleRecord
from claimdesk.errors import InputError
from claimdesk.ingest.article import MAX_ARTICLE_CHARS
from claimdesk.ingest.readers import read_file

BODY = "Putin spoke with Trump for nearly an hour on Thursday.\n\nFive people were killed."


def _read(path: Path) -> list[ArticleRecord | InputError]:
    return list(read_file(path))


def _records(items) -> list[ArticleRecord]:
    return [item for item in items if isinstance(item, ArticleRecord)]


def _errors(items) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


# --- .txt / .md ---------------------------------------------------------------------------


def test_txt_is_one_article_with_hash_of_original_bytes(tmp_path):
    data = ("Talks Fail Again\r\n\r\n" + BODY.replace("\n", "\r\n") + "   \r\n").encode("utf-8")
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    (record,) = _read(path)
    assert record.text == BODY
    assert record.title == "Talks Fail Again"
    assert record.origin == str(path)
    assert record.raw_sha256 == hashlib.sha256(data).hexdigest()


def test_md_heading_is_the_title_and_marks_are_dropped(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# Talks fail\n\nPutin spoke.\n\n## Reaction\n\nKyiv was angry.\n")
    (record,) = _read(path)
    assert record.title == "Talks fail"
    assert record.text == "Putin spoke.\n\nReaction\n\nKyiv was angry."


def test_utf16_and_cp1252_files(tmp_path):
    text = "Zelenskiy’s office said the café was hit — “again”, officials said."
    (tmp_path / "u16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "legacy.txt").write_bytes(text.encode("cp1252"))
    assert _read(tmp_path / "u16.txt")[0].text == text
    assert _read(tmp_path / "legacy.txt")[0].text == text


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"  \r\n\n\t "])
def test_empty_file_is_an_empty_article_error(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty article") as caught:
        _read(path)
    assert caught.value.place == str(path)


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)))
    with pytest.raises(InputError, match="binary"):
        _read(path)


def test_article_over_the_limit_names_size_and_limit(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (MAX_ARTICLE_CHARS + 1))
    with pytest.raises(InputError) as caught:
        _read(path)
    assert f"{MAX_ARTICLE_CHARS + 1:,} characters" in caught.value.problem
    assert f"{MAX_ARTICLE_CHARS:,}" in caught.value.problem


def test_file_too_big_to_fit_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:  # sparse: large on paper, instant to create
        file.truncate(4 * MAX_ARTICLE_CHARS + 1)
    with pytest.raises(InputError, match="bytes; the limit is"):
        _read(path)


def test_unsupported_extension(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(InputError, match="unsupported file type .pdf"):
        read_file(path)


# --- .jsonl -------------------------------------------------------------------------------


def test_jsonl_fields_metadata_and_line_origins(tmp_path):
    first = {
        "id": "r1",
        "text": BODY,
        "title": "Talks fail",
        "source": "Wire",
        "url": "https://example.org/a",
        "date": "2025-07-04T09:00:00Z",
        "story": "July call",
        "lang": "en",
    }
    second = {"text": "Moscow, Russia — Putin spoke.", "date": "sometime"}
    lines = [json.dumps(first), "", json.dumps(second, ensure_ascii=False)]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    one, two = _read(path)
    assert (one.text, one.title, one.source, one.url) == (
        BODY,
        "Talks fail",
        "Wire",
        "https://example.org/a",
    )
    assert (one.date, one.story, one.external_id) == ("2025-07-04", "July call", "r1")
    assert one.metadata == {"lang": "en"}
    assert one.origin == f"{path}:line 1"
    assert one.raw_sha256 == hashlib.sha256(lines[0].encode()).hexdigest()
    assert two.origin == f"{path}:line 3"
    assert two.text == "Putin spoke."
    assert two.date is None
    assert two.metadata == {"date_raw": "sometime", "dateline": "Moscow, Russia"}


def test_jsonl_bad_lines_are_errors_and_the_others_are_read(tmp_path):
    lines = [
        json.dumps({"text": "First good article."}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": 42}),
        json.dumps({"text": "Last good article."}),
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    items = _read(path)
    assert [record.text for record in _records(items)] == [
        "First good article.",
        "Last good article.",
    ]
    errors = {error.place: error.problem for error in _errors(items)}
    assert errors == {
        f"{path}:line 2": "not valid JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{path}:line 3": "expected a JSON object, found list",
        f"{path}:line 4": "no `text` field",
        f"{path}:line 5": "empty article",
        f"{path}:line 6": "`text` must be a string, not int",
    }


def test_jsonl_with_bom_and_crlf(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b'{"text": "One."}\r\n{"text": "Two."}\r\n')
    assert [record.text for record in _read(path)] == ["One.", "Two."]


def test_jsonl_record_over_the_limit_is_skipped(tmp_path):
    path = tmp_path / "a.jsonl"
    big = json.dumps({"text": "a" * (MAX_ARTICLE_CHARS + 1)})
    path.write_text(big + "\n" + json.dumps({"text": "Small one."}) + "\n")
    items = _read(path)
    assert "too large" in _errors(items)[0].problem
    assert _errors(items)[0].place == f"{path}:line 1"
    assert [record.text for record in _records(items)] == ["Small one."]


# --- .csv ---------------------------------------------------------------------------------


def test_csv_columns_rows_and_multiline_fields(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        "id,Title,text,date,outlet\r\n"
        'r1,Talks fail,"Putin spoke.\n\nKyiv was angry.",2025-07-04,Wire\r\n'
        'r2,,"Second, with a comma.",,\r\n',
        encoding="utf-8",
    )
    one, two = _read(path)
    assert (one.external_id, one.title, one.date) == ("r1", "Talks fail", "2025-07-04")
    assert one.text == "Putin spoke.\n\nKyiv was angry."
    assert one.metadata == {"outlet": "Wire"}
    assert one.origin == f"{path}:row 2"
    assert (two.title, two.text, two.origin) == (None, "Second, with a comma.", f"{path}:row 3")
    assert one.raw_sha256 != two.raw_sha256


def test_csv_without_text_column_lists_the_columns(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("title,body\nA,B\n")
    with pytest.raises(InputError) as caught:
        _read(path)
    assert caught.value.place == str(path)
    assert "no `text` column" in caught.value.problem
    assert "'title', 'body'" in caught.value.problem


def test_csv_bad_rows_are_errors_and_the_others_are_read(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("text,title\nGood one.,A\n,B\nToo,many,cells\nGood two.,C\n")
    items = _read(path)
    assert [record.text for record in _records(items)] == ["Good one.", "Good two."]
    assert [error.place for error in _errors(items)] == [f"{path}:row 3", f"{path}:row 4"]


def test_csv_field_larger_than_default_csv_limit(tmp_path):
    path = tmp_path / "a.csv"
    long_text = "word " * 50_000  # 250 000 characters: over the csv module's 128 KiB default
    path.write_text(f"text\n{long_text}\n")
    (record,) = _read(path)
    assert len(record.text) == len(long_text.strip())


def test_empty_csv(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        _read(path)


# --- .html --------------------------------------------------------------------------------

HTML = """<!doctype html><html><head><title>Talks Fail Again</title>
<meta property="og:site_name" content="Example Wire">
<meta name="date" content="2025-07-04">
<style>.lead { color: red } STYLE_LEAK</style>
<script>var tracking = "SCRIPT_LEAK";</script></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Talks Fail Again</h1>
<p>U.S. President Donald Trump said on Thursday that his call with Vladimir Putin made no progress at all.</p>
<script>document.write("INLINE_SCRIPT_LEAK")</script>
<p>Elsewhere in eastern Ukraine, Russian shelling killed five people, officials said on Friday.</p>
</article><footer>Copyright 2025 Example Wire</footer></body></html>"""


def test_html_body_title_date_without_scripts_or_styles(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(HTML, encoding="utf-8")
    (record,) = _read(path)
    assert record.title == "Talks Fail Again"
    assert record.date == "2025-07-04"
    assert record.source == "Example Wire"
    assert record.text.startswith("U.S. President Donald Trump said on Thursday")
    assert "\n\nElsewhere in eastern Ukraine" in record.text
    assert "LEAK" not in record.text and "tracking" not in record.text


def test_html_without_article_text_is_an_error(tmp_path):
    path = tmp_path / "a.htm"
    path.write_text("<html><head><script>var x = 1;</script></head><body></body></html>")
    with pytest.raises(InputError, match="empty article"):
        _read(path)


def test_jsonl_line_too_long_to_parse_is_skipped_without_reading_it_whole(tmp_path):
    from claimdesk.ingest import readers

    path = tmp_path / "a.jsonl"
    with path.open("w") as file:
        file.write('{"text": "' + "a" * (readers._MAX_LINE_CHARS + 10) + '"}\n')
        file.write('{"text": "After the monster."}\n')
    items = _read(path)
    assert _errors(items)[0].place == f"{path}:line 1"
    assert "too large" in _errors(items)[0].problem
    assert [(record.text, record.origin) for record in _records(items)] == [
        ("After the monster.", f"{path}:line 2")
    ]


def test_utf16_jsonl(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes('{"text": "Zelenskyy’s café."}\n{"text": "Two."}\n'.encode("utf-16"))
    assert [record.text for record in _read(path)] == ["Zelenskyy’s café.", "Two."]

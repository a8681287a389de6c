"""Fuzzing the readers and the label-file parser: whatever the bytes, only articles, label
records and typed InputErrors come out — never another exception."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdesk.domain.records import ArticleRecord
from claimdesk.errors import InputError
from claimdesk.ingest import read_articles
from claimdesk.services.labels_io import read_label_file

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# JSON values with the awkward parts: lone surrogates, NUL, U+2028, deep-ish nesting
_TEXTS = st.text(
    alphabet=st.characters(codec=None, blacklist_categories=()), max_size=40
) | st.sampled_from(["\ud800", "\x00", "\u2028", "", " ", "=1+1", "unique", "agree"])
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXTS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXTS, inner, max_size=4),
    max_leaves=12,
)
_LABEL_KEYS = [
    "type",
    "claim_id",
    "annotator",
    "label",
    "note",
    "updated_at",
    "stale",
    "claim_a",
    "claim_b",
    "kind",
    "adjudicator",
]
_LABELISH = st.dictionaries(st.sampled_from(_LABEL_KEYS), _JSON, max_size=8)


def _json_line(value) -> bytes:
    # ASCII: lone surrogates are written as the "\\ud800" escapes a real file would hold
    return json.dumps(value, ensure_ascii=True).encode("ascii") + b"\n"


def _only_typed(items, allowed) -> int:
    count = 0
    for item in items:
        assert isinstance(item, allowed), item
        if isinstance(item, InputError):
            assert item.place and item.problem and "\n" not in str(item)
        count += 1
    return count


_FOLDER = Path(tempfile.mkdtemp(prefix="claimdesk-fuzz-"))


@pytest.fixture(scope="module", autouse=True)
def _clean_up_the_fuzz_folder():
    yield
    shutil.rmtree(_FOLDER, ignore_errors=True)


def _write(data: bytes, suffix: str) -> Path:
    # one file per suffix, overwritten by each example: the fuzz leaves nothing behind
    path = _FOLDER / f"fuzzed{suffix}"
    path.write_bytes(data)
    return path


@FUZZ
@given(
    data=st.binary(max_size=2000),
    suffix=st.sampled_from([".txt", ".md", ".jsonl", ".csv", ".html"]),
)
def test_readers_on_random_bytes(data, suffix):
    _only_typed(read_articles([_write(data, suffix)]), (ArticleRecord, InputError))


@FUZZ
@given(
    lines=st.lists(_JSON | _LABELISH, min_size=1, max_size=6),
    suffix=st.sampled_from([".jsonl", ".csv"]),
)
def test_record_readers_on_random_json(lines, suffix):
    if suffix == ".jsonl":
        data = b"".join(_json_line({"text": v} if i % 2 else v) for i, v in enumerate(lines))
    else:
        rows = [json.dumps(v, ensure_ascii=False).replace("\n", " ") for v in lines]
        data = (
            "text,title\n" + "\n".join(f'"{r.replace(chr(34), chr(34) * 2)}",x' for r in rows)
        ).encode("utf-8", "surrogatepass")
    _only_typed(read_articles([_write(data, suffix)]), (ArticleRecord, InputError))


@FUZZ
@given(
    tags=st.lists(
        st.sampled_from(
            [
                "<div>",
                "</div>",
                "<p>",
                "</p>",
                "<b>",
                "<table>",
                "<tr><td>",
                "<!--",
                "-->",
                "<script>",
                "The mayor said 5 people came. ",
            ]
        ),
        max_size=300,
    )
)
def test_html_reader_on_random_markup(tags):
    _only_typed(
        read_articles([_write("".join(tags).encode(), ".html")]), (ArticleRecord, InputError)
    )


@FUZZ
@given(records=st.lists(_LABELISH | _JSON, min_size=1, max_size=8))
def test_label_file_parser_on_random_records(records):
    path = _write(b"".join(_json_line(record) for record in records), ".jsonl")
    for item in read_label_file(path):
        assert isinstance(item, (dict, InputError)), item
        if isinstance(item, dict):
            # a record that passed is safe to store: strings where strings belong
            kind = item.get("type", "label")
            assert kind in ("label", "link", "adjudication")
            assert all(
                isinstance(item[key], str)
                for key in ("annotator", "claim_id", "label")
                if key in item
            )
            assert "\x00" not in json.dumps(item, ensure_ascii=False)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_label_file_parser_on_random_bytes(data):
    _only_typed(read_label_file(_write(data, ".jsonl")), (dict, InputError))

"""One reader per file format. Each yields ArticleRecords.

A problem with the whole file (binary, missing `text` column, unreadable) is raised as an
InputError; a problem with one record of a multi-record file (JSONL line, CSV row) is
yielded as an InputError and the reader goes on with the next record.

JSONL and CSV are streamed, so a multi-gigabyte export never sits in memory whole.
"""

import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import trafilatura

from claimdesk.domain.ids import content_hash
from claimdesk.domain.records import ArticleRecord
from claimdesk.errors import InputError
from claimdesk.ingest.article import (
    MAX_ARTICLE_CHARS,
    build_article,
    record_from_fields,
    too_large,
)
from claimdesk.ingest.decoding import (
    SNIFF_BYTES,
    decode_with_encoding,
    detect_encoding,
    is_assumed,
)
from claimdesk.ingest.html_depth import DEFAULT_PARSER_DEPTH, flattened_tree

Item = ArticleRecord | InputError
Reader = Callable[[Path], Iterator[Item]]

# A single-article file can take up to 4 bytes per character (UTF-32); past that it cannot
# fit the character limit, and we refuse it before reading it into memory.
_MAX_FILE_BYTES = 4 * MAX_ARTICLE_CHARS
# A JSONL line holds one article plus JSON escaping ("\u00e9" is six characters for one).
_MAX_LINE_CHARS = 2 * MAX_ARTICLE_CHARS
_SKIP_CHUNK = 1 << 20
# The same line read as bytes: up to 4 bytes per character in UTF-8.
_MAX_LINE_BYTES = 4 * _MAX_LINE_CHARS

_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)


# --- .txt / .md -------------------------------------------------------------------------


def read_text_file(path: Path) -> Iterator[Item]:
    """A .txt or .md file is one article. A Markdown `# Heading` first line is the title."""
    data = _read_small_file(path)
    text, encoding = decode_with_encoding(data, str(path))
    fields = {}
    if path.suffix.lower() == ".md":
        text, fields["title"] = _unmark_headings(text)
    record = build_article(text, origin=str(path), raw_sha256=content_hash(data), fields=fields)
    yield _with_encoding(record, str(path), encoding)


def _unmark_headings(text: str) -> tuple[str, str | None]:
    """Drop the `#` marks of Markdown headings; a heading on the first line is the title."""
    stripped = text.lstrip("\ufeff \t\r\n")
    first = _MD_HEADING.match(stripped)
    title = None
    if first:
        title = first.group(1).strip() or None
        stripped = stripped[first.end() :]
    return _MD_HEADING.sub(r"\1", stripped), title


# --- .html / .htm -----------------------------------------------------------------------


def read_html_file(path: Path) -> Iterator[Item]:
    """The main text of a saved web page, with its title, date, site name and URL."""
    place = str(path)
    data = _read_small_file(path)
    html, encoding = decode_with_encoding(data, place)
    document = _extract_html(html, place)
    body = (document.text or "").strip() if document is not None else ""
    if not body:
        # lxml drops whatever lies below depth 256: try again on a flattened tree
        tree, depth = flattened_tree(html)
        if depth >= DEFAULT_PARSER_DEPTH - 1:
            document = _extract_html(tree, place)
            body = (document.text or "").strip() if document is not None else ""
            if not body:
                raise InputError(
                    place, f"no article text found: the HTML nests over {depth:,} levels deep"
                )
    if not body:
        raise InputError(place, "no article text found in the HTML (empty article)")
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    title = (document.title or "").strip() or None
    if title and lines and lines[0] == title:
        lines = lines[1:]  # the page's <h1>, repeated at the top of the text
    if not lines:
        raise InputError(place, "empty article")
    fields = {
        "title": title,
        "source": document.sitename,
        "url": document.url,
        "date": document.date,
        "author": document.author,
        "description": document.description,
    }
    # trafilatura puts each paragraph on one line; our paragraphs are separated by a blank line.
    record = build_article(
        "\n\n".join(lines), origin=place, raw_sha256=content_hash(data), fields=fields
    )
    yield _with_encoding(record, place, encoding)


def _extract_html(html, place: str):
    try:
        # A string or tree, never a URL: trafilatura does no network access here.
        return trafilatura.bare_extraction(
            html, with_metadata=True, favor_recall=True, include_comments=False
        )
    except Exception as error:  # trafilatura/lxml raise many kinds on malformed pages
        raise InputError(place, f"cannot parse the HTML: {error}") from None


# --- .jsonl -----------------------------------------------------------------------------


def read_jsonl_file(path: Path) -> Iterator[Item]:
    """One JSON object per line: text, title, source, url, date, story, id, anything else.

    Lines are decoded one by one, so a line with bytes that are not in the file's encoding is
    named and skipped like any other bad line, and the lines after it are still read.
    """
    place = str(path)
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
        encoding = detect_encoding(head, place, complete=len(head) < SNIFF_BYTES)
        raw.seek(0)
        if _splits_on_bytes(encoding):
            lines = _byte_lines(raw, place, encoding)
        else:
            lines = _text_lines(_open_text_stream(raw, place, newline=None), place)
        for number, line in lines:
            where = f"{place}:line {number}"
            if isinstance(line, InputError):
                yield line
                continue
            if len(line) > _MAX_LINE_CHARS:
                yield too_large(where, f"line longer than {_MAX_LINE_CHARS:,} characters")
                continue
            line = line.strip()
            if not line:
                continue  # blank lines between records are harmless
            try:
                yield _with_encoding(_jsonl_record(line, where), place, encoding)
            except InputError as error:
                yield error


def _splits_on_bytes(encoding: str) -> bool:
    # In UTF-8 and the single-byte encodings a newline byte is always a newline; in UTF-16/32
    # it is half of some other character.
    return not codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


def _byte_lines(raw: BinaryIO, place: str, encoding: str) -> Iterator[tuple[int, str | InputError]]:
    """(number, text) per line, ending at \n, \r\n or \r like Python's universal newlines."""
    number = 0
    while True:
        chunk = raw.readline(_MAX_LINE_BYTES + 1)
        if not chunk:
            return
        if len(chunk) > _MAX_LINE_BYTES and not chunk.endswith(b"\n"):
            _skip_rest_of_binary_line(raw)
            number += 1
            where = f"{place}:line {number}"
            yield number, too_large(where, f"line longer than {_MAX_LINE_CHARS:,} characters")
            continue
        for piece in chunk.rstrip(b"\r\n").split(b"\r") if chunk.strip() else [b""]:
            number += 1
            try:
                yield number, piece.decode(encoding)
            except UnicodeDecodeError as error:
                bad = piece[error.start : error.start + 1].hex().upper()
                yield (
                    number,
                    InputError(
                        f"{place}:line {number}",
                        f"not valid {encoding} (byte 0x{bad} at column {error.start + 1}); "
                        "line skipped",
                    ),
                )


def _text_lines(stream: io.TextIOBase, place: str) -> Iterator[tuple[int, str | InputError]]:
    number = 0
    while True:
        try:
            line = stream.readline(_MAX_LINE_CHARS + 1)
        except UnicodeDecodeError:
            yield number + 1, _undecodable(place, f"line {number + 1}", stream.encoding)
            return
        if not line:
            return
        number += 1
        if len(line) > _MAX_LINE_CHARS and not line.endswith("\n"):
            _skip_rest_of_line(stream)
        yield number, line


def _jsonl_record(line: str, where: str) -> ArticleRecord:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(where, f"not valid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise InputError(where, "JSON nested too deeply (over about 1,000 levels)") from None
    if not isinstance(value, dict):
        raise InputError(where, f"expected a JSON object, found {type(value).__name__}")
    # The line's own text, as UTF-8: the original bytes whenever the file is UTF-8.
    # surrogatepass: a "\ud800" escape decodes to a lone surrogate, refused by name later.
    raw = line.encode("utf-8", "surrogatepass")
    return record_from_fields(value, origin=where, raw_sha256=content_hash(raw))


def _skip_rest_of_binary_line(raw: BinaryIO) -> None:
    while True:
        chunk = raw.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _skip_rest_of_line(stream: io.TextIOBase) -> None:
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith("\n"):
            return


# --- .csv -------------------------------------------------------------------------------


def read_csv_file(path: Path) -> Iterator[Item]:
    """A header row naming the columns (text required), then one article per row.

    Rows are numbered as a spreadsheet shows them: the header is row 1.
    """
    place = str(path)
    _allow_article_sized_fields()
    with path.open("rb") as raw:
        stream = _open_text_stream(raw, place, newline="")  # csv wants newline=""
        rows = csv.reader(stream)
        try:
            header = next(rows, None)
        except (csv.Error, UnicodeDecodeError) as error:
            raise InputError(place, f"cannot read the CSV header: {error}") from None
        if header is None:
            raise InputError(place, "empty file: no header row")
        columns = _column_names(header)
        if "text" not in columns:
            found = ", ".join(repr(name) for name in header) or "none"
            raise InputError(place, f"no `text` column; columns found: {found}")
        number = 1
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except UnicodeDecodeError:
                yield _undecodable(place, f"row {number + 1}", stream.encoding)
                return
            except csv.Error as error:
                number += 1
                yield InputError(f"{place}:row {number}", f"malformed CSV: {error}")
                continue
            number += 1
            where = f"{place}:row {number}"
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            if len(row) > len(columns):
                yield InputError(
                    where, f"{len(row)} fields but the header names {len(columns)} columns"
                )
                continue
            fields = dict(zip(columns, row, strict=False))
            digest = content_hash(json.dumps(row, ensure_ascii=False).encode())
            try:
                record = record_from_fields(fields, origin=where, raw_sha256=digest)
                yield _with_encoding(record, place, stream.encoding)
            except InputError as error:
                yield error


def _column_names(header: list[str]) -> list[str]:
    # Known columns match whatever their case ("Text", "URL"); others keep their spelling.
    known = {"text", "title", "source", "url", "date", "story", "id"}
    names = [name.strip() for name in header]
    return [name.lower() if name.lower() in known else name for name in names]


def _allow_article_sized_fields() -> None:
    # The csv module refuses fields over 128 KiB by default; an article may be longer.
    # The limit is process-wide, so only ever raise it.
    if csv.field_size_limit() < MAX_ARTICLE_CHARS:
        csv.field_size_limit(MAX_ARTICLE_CHARS)


# --- shared -----------------------------------------------------------------------------


def _read_small_file(path: Path) -> bytes:
    """The bytes of a one-article file, refusing files that cannot be within the limit."""
    size = path.stat().st_size
    if size > _MAX_FILE_BYTES:
        raise too_large(str(path), f"{size:,} bytes")
    return path.read_bytes()


def _open_text_stream(raw: BinaryIO, place: str, newline: str | None) -> io.TextIOWrapper:
    """Choose the encoding from the head of the file, then decode it as a stream."""
    head = raw.read(SNIFF_BYTES)
    encoding = detect_encoding(head, place, complete=len(head) < SNIFF_BYTES)
    raw.seek(0)
    if codecs.lookup(encoding).name == "utf-8":
        encoding = "utf-8-sig"  # a UTF-8 file may still start with a BOM: drop it
    return io.TextIOWrapper(raw, encoding=encoding, newline=newline)


def _with_encoding(record: ArticleRecord, place: str, encoding: str) -> ArticleRecord:
    if is_assumed(encoding):
        record.assumed_encoding = (place, encoding)
    return record


def _undecodable(place: str, where: str, encoding: str) -> InputError:
    return InputError(
        f"{place}:{where}", f"bytes that are not valid {encoding} here or shortly after; stopped"
    )


READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".md": read_text_file,
    ".jsonl": read_jsonl_file,
    ".csv": read_csv_file,
    ".html": read_html_file,
    ".htm": read_html_file,
}
SUPPORTED_SUFFIXES = frozenset(READERS)


def read_file(path: Path) -> Iterator[Item]:
    """Read one file with the reader for its extension."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        kind = path.suffix or "(no extension)"
        raise InputError(str(path), f"unsupported file type {kind}; supported: {supported}")
    return reader(path)

"""Build one ArticleRecord from raw text and the fields a file gave with it.

Every reader ends here, so every article gets the same checks (size, emptiness),
the same normalisation and the same lifting of non-prose into metadata.
"""

from collections.abc import Mapping

from claimdesk.domain.records import ArticleRecord
from claimdesk.errors import InputError, printable
from claimdesk.ingest.dates import parse_field_date
from claimdesk.ingest.normalise import normalise_text
from claimdesk.ingest.prose import lift_non_prose
from claimdesk.ingest.sanitise import clean_value

# The longest article we accept. Real news articles are a few thousand characters; anything
# this long is a mistake (a database dump, a book) that would stall the NLP pipeline.
MAX_ARTICLE_CHARS = 5_000_000

# Fields with a place on ArticleRecord; every other field of a record goes to metadata.
_TEXT_FIELD = "text"
_RECORD_FIELDS = ("title", "source", "url", "date", "story", "id")


def too_large(place: str, size: str) -> InputError:
    return InputError(
        place, f"article too large: {size}; the limit is {MAX_ARTICLE_CHARS:,} characters"
    )


def build_article(
    text: str, *, origin: str, raw_sha256: str, fields: Mapping | None = None
) -> ArticleRecord:
    """Normalise `text`, lift its non-prose, and attach `fields` (title, source, url, date,
    story, id; anything else goes to metadata). Given fields win over lifted ones."""
    origin = printable(origin)  # a file name that is not UTF-8 must still be storable
    if len(text) > MAX_ARTICLE_CHARS:
        raise too_large(origin, f"{len(text):,} characters")
    text = clean_value(text, origin, "text")
    fields = {key: clean_value(value, origin, str(key)) for key, value in (fields or {}).items()}
    prose, lifted = lift_non_prose(normalise_text(text))
    if not prose:
        raise InputError(origin, "empty article")

    given = {key: _clean(value) for key, value in (fields or {}).items()}
    given = {key: value for key, value in given.items() if value is not None}
    metadata = {key: value for key, value in given.items() if key not in _RECORD_FIELDS}

    date = None
    if "date" in given:
        date = parse_field_date(str(given["date"]))
        if date is None:
            metadata["date_raw"] = given["date"]  # keep what we could not read

    record = ArticleRecord(
        text=prose,
        origin=origin,
        raw_sha256=raw_sha256,
        title=_as_text(given.get("title")),
        source=_as_text(given.get("source")),
        url=_as_text(given.get("url")),
        date=date,
        story=_as_text(given.get("story")),
        external_id=_as_text(given.get("id")),
        metadata=metadata,
    )
    _attach_lifted(record, lifted)
    return record


def record_from_fields(fields: Mapping, *, origin: str, raw_sha256: str) -> ArticleRecord:
    """A JSONL object or CSV row: `text` is required and must be a non-empty string."""
    if _TEXT_FIELD not in fields or fields[_TEXT_FIELD] is None:
        raise InputError(origin, "no `text` field")
    text = fields[_TEXT_FIELD]
    if not isinstance(text, str):
        raise InputError(origin, f"`text` must be a string, not {type(text).__name__}")
    if not text.strip():
        raise InputError(origin, "empty article")
    others = {key: value for key, value in fields.items() if key != _TEXT_FIELD}
    return build_article(text, origin=origin, raw_sha256=raw_sha256, fields=others)


def _attach_lifted(record: ArticleRecord, lifted: dict) -> None:
    # Lifted title/date/source fill the record's empty fields; if the file already gave
    # one, the lifted value is kept beside it so nothing the text said is lost.
    for key in ("title", "date", "source"):
        if key not in lifted:
            continue
        if getattr(record, key) is None:
            setattr(record, key, lifted[key])
        elif getattr(record, key) != lifted[key]:
            record.metadata.setdefault(f"lifted_{key}", lifted[key])
    for key, value in lifted.items():
        if key not in ("title", "date", "source"):
            record.metadata.setdefault(key, value)


def _clean(value):
    """Empty strings (blank CSV cells, "" in JSON) mean "not given"."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _as_text(value) -> str | None:
    return None if value is None else str(value)

"""Label files and merging other annotators' work, by stable id.

A label file is JSON Lines. A label line is
`{"claim_id", "annotator", "label", "note"?, "updated_at"?}`; a link line adds
`"type": "link"` with `claim_a`, `claim_b`, `kind`; an adjudication line has
`"type": "adjudication"` with `claim_id`, `label`, `adjudicator`, `note`.
Importing is idempotent: an identical record changes nothing; for the same key with a different
value the newer `updated_at` wins (a record without a time counts as newest) and the report
names the clash. Importing is per record: each unusable line (bad JSON, wrong types, not UTF-8,
an unknown claim) is named with its line number and skipped, the rest is applied in one
transaction, and the command exits 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimdesk.domain.labels import Label, LinkKind
from claimdesk.domain.times import iso as _iso
from claimdesk.domain.times import stored_time as _time
from claimdesk.errors import InputError, UsageError
from claimdesk.ingest.sanitise import clean_value
from claimdesk.services import merge_checks
from claimdesk.store import corpus, label_rows
from claimdesk.store.annotation import ordered_pair
from claimdesk.store.batches import Batches
from claimdesk.store.changes import Changes
from claimdesk.store.merge_source import (
    read_source,
    source_articles,
    source_claims,
    source_records,
    source_stories,
)
from claimdesk.store.models import utcnow

if TYPE_CHECKING:
    from claimdesk.store.engine import Database


@dataclass
class MergeReport:
    new: int = 0
    identical: int = 0
    clashes: list[str] = field(default_factory=list)  # one readable line per clash
    errors: list[InputError] = field(default_factory=list)
    copied_articles: int = 0
    copied_claims: int = 0
    stale_marked: int = 0  # unique labels made stale because new articles joined their story

    def to_dict(self) -> dict:
        return {
            "new": self.new,
            "identical": self.identical,
            "clashes": self.clashes,
            "errors": [{"place": e.place, "problem": e.problem} for e in self.errors],
            "copied_articles": self.copied_articles,
            "copied_claims": self.copied_claims,
            "stale_marked": self.stale_marked,
        }


# --- reading -------------------------------------------------------------------------------


# Fields that must be non-empty strings, by record type; optional text fields may also be null.
_REQUIRED = {
    "label": ("claim_id", "annotator", "label"),
    "link": ("annotator", "claim_a", "claim_b", "kind"),
    "adjudication": ("claim_id", "label", "adjudicator"),
}
_OPTIONAL_TEXT = ("note", "updated_at")
_BINARY_SNIFF = 8192


def read_label_file(path: Path) -> Iterator[dict | InputError]:
    """Every record of a label file, and an InputError for each line that cannot be used.

    Per record, not all or nothing: one bad line (wrong type, not UTF-8, too deep) is named
    with its line number and skipped; the good ones are applied (in one transaction). A file
    that is not text at all is refused as a whole."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed below; errors reported per file)
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror}")
        return
    with handle:
        try:
            head = handle.peek(_BINARY_SNIFF)  # not read: works on /dev/stdin and pipes too
        except OSError as exc:
            yield InputError(str(path), f"cannot read: {exc.strerror}")
            return
        if b"\x00" in head:
            yield InputError(str(path), "not a label file (binary data; expected JSON Lines)")
            return
        for number, raw in enumerate(handle, start=1):
            place = f"{path}:{number}"
            try:
                record = _parse_line(raw, place, first=number == 1)
            except InputError as error:
                yield error
                continue
            if record is not None:
                record["_place"] = place
                yield record


def _parse_line(raw: bytes, place: str, *, first: bool) -> dict | None:
    if first and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1].hex().upper()
        raise InputError(
            place, f"not UTF-8 (byte 0x{bad} at column {exc.start + 1}); label files are UTF-8"
        ) from None
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(place, f"not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise InputError(place, "JSON nested too deeply") from None
    problem = _validate(record)
    if problem:
        raise InputError(place, problem)
    return clean_value(record, place, "record")  # lone surrogates refused, NUL stripped


def _validate(record) -> str | None:
    if not isinstance(record, dict):
        return f"a line must be a JSON object, not {_json_type(record)}"
    kind = record.get("type", "label")
    required = _REQUIRED.get(kind) if isinstance(kind, str) else None
    if required is None:
        return f"unknown record type {kind!r}"
    missing = [key for key in required if record.get(key) in (None, "")]
    if missing:
        return "missing " + ", ".join(missing)
    for key in required:
        if not isinstance(record[key], str):
            return f"`{key}` must be a string, not {_json_type(record[key])}"
    for key in _OPTIONAL_TEXT:
        if record.get(key) is not None and not isinstance(record[key], str):
            return f"`{key}` must be a string or null, not {_json_type(record[key])}"
    if "stale" in record and not isinstance(record["stale"], bool):
        return f"`stale` must be true or false, not {_json_type(record['stale'])}"
    try:
        if kind == "link":
            LinkKind.parse(record["kind"])
        else:
            Label.parse(record["label"])
    except ValueError as exc:
        return str(exc)
    return None


def _json_type(value) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


# --- applying ------------------------------------------------------------------------------


def apply_records(
    db: Database, records: Iterable[dict | InputError], *, importer: str | None
) -> MergeReport:
    """Bring label, link and adjudication records into the database, in short transactions
    (store.batches): a big file never holds the write lock for long, and since importing is
    idempotent, an interrupted import is finished by running it again."""
    report = MergeReport()
    with Batches(db) as batches:
        _apply_in_batches(batches, records, importer, report)
    return report


def _apply_in_batches(batches, records, importer: str | None, report: MergeReport) -> None:
    changes = Changes(batches.session, importer, "import_labels")
    now, team_user = utcnow(), batches.db.team_user
    for record in records:
        if batches.step():  # committed: the same action goes on in the next transaction
            changes = changes.continued_in(batches.session)
        if isinstance(record, InputError):
            report.errors.append(record)
            continue
        kind = record.get("type", "label")
        place = record.get("_place", "record")
        try:
            merge_checks.check_record(changes.session, record, now=now, team_user=team_user)
            if kind == "label":
                _merge_label(changes, record, report)
            elif kind == "link":
                _merge_link(changes, record, report)
            else:
                _merge_adjudication(changes, record, report)
        except InputError as exc:
            report.errors.append(InputError(place, exc.problem))


def _require_claim(session, claim_id: str) -> None:
    if not label_rows.claim_exists(session, claim_id):
        raise InputError("record", f"unknown claim {claim_id!r} (import its article first)")


def _decide(report: MergeReport, what: str, current, incoming: dict, same: bool) -> bool:
    """True when the incoming value should be written."""
    if current is None:
        report.new += 1
        return True
    if same:
        report.identical += 1
        return False
    ours, theirs = _time(current.updated_at), _time(incoming.get("updated_at"))
    incoming_wins = theirs is None or ours is None or theirs >= ours
    if theirs is None:
        why = "the incoming record has no time, so it counts as newest"
    elif incoming_wins:
        why = f"incoming is newer ({_iso(theirs)} vs {_iso(ours)})"
    else:
        why = f"existing is newer ({_iso(ours)} vs {_iso(theirs)})"
    kept = "incoming" if incoming_wins else "existing"
    report.clashes.append(f"{what}: {kept} value kept, {why}")
    return incoming_wins


def _describe(row) -> str:
    return "-" if row is None else _describe_new(row.label, row.note)


def _describe_new(label: str, note: str | None) -> str:
    return label if not note else f"{label} (note {note!r})"


def _merge_label(changes: Changes, record: dict, report: MergeReport) -> None:
    session = changes.session
    claim_id, annotator = record["claim_id"], record["annotator"]
    _require_claim(session, claim_id)
    corpus.ensure_annotator(session, annotator)
    label = Label.parse(record["label"]).value
    note = (record.get("note") or "").strip() or None
    current = label_rows.label_row(session, claim_id, annotator)
    same = current is not None and current.label == label and current.note == note
    what = f"{annotator} on {claim_id}: existing {_describe(current)}, incoming {_describe_new(label, note)}"
    incoming = {"label": label, "note": note, "stale": bool(record.get("stale", False))}
    _settle(changes, report, what, "label", (claim_id, annotator), current, record, same, incoming)


def _merge_link(changes: Changes, record: dict, report: MergeReport) -> None:
    session = changes.session
    a, b = ordered_pair(record["claim_a"], record["claim_b"])
    _require_claim(session, a)
    _require_claim(session, b)
    annotator = record["annotator"]
    corpus.ensure_annotator(session, annotator)
    kind = LinkKind.parse(record["kind"]).value
    current = label_rows.link_row(session, annotator, a, b)
    same = current is not None and current.kind == kind
    what = f"link of {annotator} {a}–{b} ({current.kind if current else '-'} vs {kind})"
    _settle(changes, report, what, "link", (annotator, a, b), current, record, same, {"kind": kind})


def _merge_adjudication(changes: Changes, record: dict, report: MergeReport) -> None:
    session = changes.session
    claim_id = record["claim_id"]
    _require_claim(session, claim_id)
    corpus.ensure_annotator(session, record["adjudicator"])
    label = Label.parse(record["label"]).value
    note = (record.get("note") or "").strip() or None
    current = label_rows.adjudication_row(session, claim_id)
    incoming = {"label": label, "adjudicator": record["adjudicator"], "note": note}
    same = current is not None and all(getattr(current, k) == v for k, v in incoming.items())
    what = f"adjudication of {claim_id} ({current.label if current else '-'} vs {label})"
    _settle(changes, report, what, "adjudication", (claim_id,), current, record, same, incoming)


def _settle(changes, report, what, entity, key, current, record, same, incoming) -> None:
    """Write the incoming version when it wins; when the existing one is kept, the incoming one
    still goes into the event log (as kept-out), so both versions of a clash stay on record."""
    state = {**incoming, "updated_at": _time(record.get("updated_at")) or utcnow()}
    if _decide(report, what, current, record, same):
        changes.set(entity, key, state, row=current)
    elif not same:
        changes.log_kept_out(entity, key, state, row=current)


# --- writing -------------------------------------------------------------------------------


def label_records(session, *, annotator: str | None = None) -> Iterator[dict]:
    """Every label, link and adjudication as label-file records, in a stable order."""
    for row in label_rows.labels(session, annotator):
        record = {"claim_id": row.claim_id, "annotator": row.annotator, "label": row.label}
        if row.note:
            record["note"] = row.note
        if row.stale:
            record["stale"] = True
        record["updated_at"] = _iso(row.updated_at)
        yield record
    for link in label_rows.links(session, annotator):
        yield {
            "type": "link",
            "annotator": link.annotator,
            "claim_a": link.claim_a,
            "claim_b": link.claim_b,
            "kind": link.kind,
            "updated_at": _iso(link.updated_at),
        }
    if annotator is None:
        for adj in label_rows.adjudications(session):
            yield {
                "type": "adjudication",
                "claim_id": adj.claim_id,
                "label": adj.label,
                "adjudicator": adj.adjudicator,
                "note": adj.note,
                "updated_at": _iso(adj.updated_at),
            }


def write_jsonl_atomically(path: Path, records: Iterable[dict]) -> int:
    """Write to a temporary file beside the target, then rename: never a half-written file
    (services.atomic_files, as the dataset export: links are written through, /dev/stdout in
    place, the umask is kept)."""
    from claimdesk.services.atomic_files import escape_line_breakers, output_file

    count = 0
    with output_file(Path(path), binary=True) as handle:
        for record in records:
            line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
            handle.write(escape_line_breakers(line.encode("utf-8")))
            count += 1
    return count


# --- merging another database --------------------------------------------------------------


def merge_database(db: Database, other: Database, *, importer: str | None) -> MergeReport:
    """Bring in another database's corpus (what is missing) and its labels, links,
    adjudications, in short transactions (store.batches), so a big merge never holds the write
    lock for long; merging is idempotent, so an interrupted merge is finished by merging again.

    Articles new to this database join their story like an import does: the `unique` labels
    already there become stale (resources/guidelines.md), since a new article may now address their fact;
    they are marked in the transaction that adds the article.
    """
    if _same_database(db, other):
        raise UsageError("that is this database: nothing to merge")
    report = MergeReport()
    joined: dict[str, list[str]] = {}  # the current batch's new articles, by story

    def mark_stale(session) -> None:
        for story_id, article_ids in joined.items():
            report.stale_marked += corpus.mark_uniques_stale(
                session, story_id, except_articles=article_ids
            )
        joined.clear()

    with other.sessions() as theirs, Batches(db, before_commit=mark_stale) as batches:
        source = other.url
        for story in read_source(source, lambda: source_stories(theirs, source=source)):
            if _unreadable(report, story):
                continue
            if _skipped(report, f"{source}: story {story.id!r}", merge_checks.check_story(story)):
                continue
            if not label_rows.has_story(batches.session, story.id):
                label_rows.add_story(batches.session, story.id, story.name, bool(story.manual))
        # annotators come in with their work, never with a role (merge_checks)
        batches.session.flush()
        articles = read_source(source, lambda: source_articles(theirs, source=source))
        _copy_articles(batches, articles, source, report, joined)
        batches.session.flush()
        claims = read_source(source, lambda: source_claims(theirs, source=source))
        _copy_claims(batches, claims, source, report)
        records = read_source(source, lambda: source_records(theirs, source=source))
        _apply_in_batches(batches, records, importer, report)
    return report


def _copy_articles(batches, articles, source: str, report: MergeReport, joined: dict) -> None:
    """The source's articles missing here, after ours, each joining its story (`joined`)."""
    position = label_rows.last_position(batches.session)
    for article in articles:
        batches.step()
        if _unreadable(report, article):
            continue
        ours = batches.session
        if label_rows.has_article(ours, article.id):
            continue
        problem = merge_checks.check_article(article)
        if problem is None and not label_rows.has_story(ours, article.story_id):
            problem = f"its story {article.story_id!r} did not come in"
        if _skipped(report, f"{source}: article {article.id!r}", problem):
            continue
        position += 1
        label_rows.copy_article(ours, article, position)
        joined.setdefault(article.story_id, []).append(article.id)
        report.copied_articles += 1


def _copy_claims(batches, claims, source: str, report: MergeReport) -> None:
    for claim in claims:
        batches.step()
        if _unreadable(report, claim):
            continue
        ours = batches.session
        if label_rows.claim_exists(ours, claim.id):
            continue
        problem = merge_checks.check_claim(claim, label_rows.article_text(ours, claim.article_id))
        if _skipped(report, f"{source}: claim {claim.id!r}", problem):
            continue
        label_rows.copy_claim(ours, claim)
        report.copied_claims += 1


def _unreadable(report: MergeReport, row) -> bool:
    """A source row whose values do not even decode (merge_source) is named and left out."""
    if isinstance(row, InputError):
        report.errors.append(row)
        return True
    return False


def _skipped(report: MergeReport, place: str, problem: str | None) -> bool:
    """A bad source row is named in the report and left out; the merge goes on."""
    if problem is not None:
        report.errors.append(InputError(place, problem))
    return problem is not None


def _same_database(db: Database, other: Database) -> bool:
    return db.is_same_database(other)

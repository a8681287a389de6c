"""Suggested labels on the seeds and the dev set together, for a grid of thresholds.

Prints, for each (STRONG, STRONG_WITH_HINT) pair, how many gold claims of each label get the
right suggestion, and the confidence each label is shown with against how often it is right
(is "0.8" right four times in five?). The dev set is imported through the CLI as in
eval_devset.py; the seeds through the real ingest + rules pipeline.

    .venv/bin/python tests/benchmarks/calibrate_suggestions.py [--devset PATH]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "matching"), str(HERE.parents[1] / "desktop")]

import eval_devset  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from claimdesk.matching import candidates as candidates_module  # noqa: E402
from claimdesk.matching import suggest as suggest_module  # noqa: E402
from claimdesk.matching.candidates import CandidateIndex  # noqa: E402
from claimdesk.matching.records import ClaimRef  # noqa: E402


def devset_gold(root: Path, workdir: Path) -> tuple[list[ClaimRef], dict[str, str]]:
    articles, facts = eval_devset.read_devset(root)
    db, ids = eval_devset.import_devset(articles, workdir)
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                'select c.id, c.article_id, a.story_id, c.text, a.published, c.start, c."end", '
                "a.text from claims c join articles a on a.id = c.article_id where c.active"
            )
        ).all()
    claims = [ClaimRef(r[0], r[1], r[2], r[3], r[4]) for r in rows]
    spans = defaultdict(list)
    texts = {}
    for r in rows:
        spans[r[1]].append((r[5], r[6], r[0]))
        texts[r[1]] = r[7]
    order = {"contradicted": 2, "corroborated": 1, "unique": 0}
    gold: dict[str, str] = {}
    for fact in facts:
        for prefix, quote in fact.quotes.items():
            aid = ids[prefix]
            span = eval_devset._locate(texts[aid], quote)
            if span is None:
                continue
            best = max(spans[aid], key=lambda s: min(s[1], span[1]) - max(s[0], span[0]))
            if best[2] not in gold or order[fact.label] > order[gold[best[2]]]:
                gold[best[2]] = fact.label
    return claims, gold


def seed_gold() -> tuple[list[ClaimRef], dict[str, str]]:
    from seed_corpus import FACTS, load_seed_corpus
    from test_seed_acceptance import _FACT_LABELS, _UNIQUE_FACTS

    corpus = load_seed_corpus("rules")
    order = {"contradicted": 2, "corroborated": 1, "unique": 0}
    gold: dict[str, str] = {}
    items = [(rows[a], a, _FACT_LABELS[f]) for f, rows in FACTS.items() for a in rows]
    items += [(phrase, a, "unique") for a, phrase in _UNIQUE_FACTS.values()]
    for phrase, prefix, label in items:
        claim = corpus.claim_with(prefix, phrase)
        if claim.id not in gold or order[label] > order[gold[claim.id]]:
            gold[claim.id] = label
    return corpus.claims, gold


def score(sets, strong: float, with_hint: float, floor: float) -> dict[str, list[int]]:
    suggest_module.STRONG, suggest_module.STRONG_WITH_HINT = strong, with_hint
    suggest_module.EVENT_SLOT_FLOOR = floor
    candidates_module.EVIDENCE_FLOOR = min(strong, with_hint, floor)
    tally = {k: [0, 0] for k in ("contradicted", "corroborated", "unique")}
    for index, gold in sets:
        for cid, label in gold.items():
            got = suggest_module.suggest_label(index.evidence(cid)).label
            tally[label][0] += got == label
            tally[label][1] += 1
    return tally


STRONG, WITH_HINT = suggest_module.STRONG, suggest_module.STRONG_WITH_HINT
FLOOR = suggest_module.EVENT_SLOT_FLOOR


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset")
    args = parser.parse_args()
    root = eval_devset.devset_path(args.devset)
    if root is None:
        print("dev set not found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        dev_claims, dev_gold = devset_gold(root, Path(tmp))
    seed_claims, seeds = seed_gold()
    sets = [
        (CandidateIndex.build(dev_claims), dev_gold),
        (CandidateIndex.build(seed_claims), seeds),
    ]
    print("strong  hint   contradicted  corroborated  unique   (seeds + dev set)")
    for strong in (0.16, 0.18, 0.20, 0.22):
        for with_hint in (0.14, 0.16, 0.18, 0.20, 0.25):
            t = score(sets, strong, with_hint, FLOOR)
            cells = "  ".join(f"{r:>3}/{n:<3} {r / n:.2f}" for r, n in t.values())
            print(f"{strong:.2f}   {with_hint:.2f}   {cells}")
    print("event-slot floor (at the thresholds in use)")
    for floor in (0.04, 0.06, 0.08, 0.10, 0.12, 0.14, 0.16):
        t = score(sets, STRONG, WITH_HINT, floor)
        cells = "  ".join(f"{r:>3}/{n:<3} {r / n:.2f}" for r, n in t.values())
        print(f"{floor:.2f}   {cells}")
    suggest_module.EVENT_SLOT_FLOOR = FLOOR
    candidates_module.EVIDENCE_FLOOR = min(STRONG, WITH_HINT, FLOOR)
    # Is the confidence shown honest? Per suggested label and confidence band: how often right.
    bands: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0, 0.0])
    for index, gold in sets:
        for cid, label in gold.items():
            s = suggest_module.suggest_label(index.evidence(cid))
            band = "<0.6" if s.confidence < 0.6 else "0.6-0.8" if s.confidence < 0.8 else ">=0.8"
            cell = bands[(s.label, band)]
            cell[0] += s.label == label
            cell[1] += 1
            cell[2] += s.confidence
    print("suggested      confidence  right/shown  mean confidence shown")
    for (label, band), (right, n, total) in sorted(bands.items()):
        print(f"{label:<14} {band:<10}  {right:>3}/{n:<4}  {right / n:.2f} vs {total / n:.2f}")
    # Which hints decide a "contradicted", and how often rightly, at the thresholds in use.
    suggest_module.STRONG, suggest_module.STRONG_WITH_HINT = STRONG, WITH_HINT
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for index, gold in sets:
        for cid, label in gold.items():
            evidence = index.evidence(cid)
            hinted = [c for c in evidence if c.hints and c.score >= WITH_HINT]
            if not hinted:
                continue
            best = max(hinted, key=lambda c: c.score)
            h = best.hints[0]
            key = f"{h.kind}:{h.slot}" if h.slot else h.kind
            by_kind[key][0] += label == "contradicted"
            by_kind[key][1] += 1
    print("deciding hint       right/suggested")
    for key, (right, n) in sorted(by_kind.items(), key=lambda kv: -kv[1][1]):
        print(f"{key:<20}{right:>3}/{n:<3}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

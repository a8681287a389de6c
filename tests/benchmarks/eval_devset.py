"""Evaluate grouping, extraction, ranking, conflict hints and suggestions on the dev set.

The dev set (real multi-outlet news, November 2018, with hand-checked FACTS.md per story) is
read in place from `../shared/devset` next to the repository, or from `CLAIMDESK_DEVSET`. It is
never copied into the repository. Everything goes through the command line, as a user would:
each article becomes a one-line .jsonl file in a temporary folder (its `title:`/`source:`/`date:`
header turned into fields), `claimdesk import` groups them, and `claimdesk claims/articles/
candidates --json` give what is scored.

Figures (per story and overall), as in issue 11:
- grouping: the story's articles share one story with nothing else; distractors stay out
- quotes in one claim: fact quotes that lie inside a single extracted claim
- top 3 / top 1 per other article: for each fact and ordered pair of articles quoting it, the
  other article's claim is among the first 3 (1) candidates *from that article*
- numeric conflicts hinted: ordered pairs of a contradicted fact whose quotes both carry numbers
  (or dates, weekdays) and differ, where the candidate carries a conflict hint
- false hints: pairs of a corroborated fact whose candidate carries a hint (should stay low)
- suggestion right, per gold label (a claim holding a contradicted fact is gold contradicted)

    .venv/bin/python tests/benchmarks/eval_devset.py [--devset PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEVSET_ENV = "CLAIMDESK_DEVSET"
# Candidates per claim asked for when ranking: enough that "not found" means "not retrieved".
DEEP_TOP = 100


def devset_path(explicit: str | None = None) -> Path | None:
    """Where the dev set is: the argument, $CLAIMDESK_DEVSET, or ../shared/devset."""
    for candidate in (explicit, os.environ.get(DEVSET_ENV), REPO.parent / "shared" / "devset"):
        if candidate and (Path(candidate) / "cluster1" / "FACTS.md").is_file():
            return Path(candidate)
    return None


# ---------------------------------------------------------------- reading the dev set


@dataclass
class DevArticle:
    prefix: str  # "a1"
    folder: str  # "cluster1"
    path: Path
    title: str | None
    source: str | None
    date: str | None
    body: str


@dataclass
class Fact:
    story: str  # folder name
    name: str  # "F1"
    label: str  # corroborated / contradicted / unique
    quotes: dict[str, str] = field(default_factory=dict)  # prefix -> quote


_HEADER = re.compile(r"^(title|source|date):\s?(.*)$")
_FACT_HEAD = re.compile(r"^## (F\d+)\..*\*\*(CORROBORATED|CONTRADICTED|UNIQUE)\*\*")
_QUOTE = re.compile(r'^- \*\*([a-z]\d)\*\*: "(.*)"\s*$')


def read_article(path: Path, letter: str) -> DevArticle:
    lines = path.read_text(encoding="utf-8").split("\n")
    fields: dict[str, str] = {}
    while lines and (m := _HEADER.match(lines[0])):
        fields[m.group(1)] = m.group(2).strip()
        lines.pop(0)
    body = "\n".join(lines).strip("\n")
    title = fields.get("title")
    if title and title.startswith("("):
        title = None  # "(headline not in stored copy)"
    date = re.match(r"\d{4}-\d{2}-\d{2}", fields.get("date", ""))
    source = (fields.get("source") or "").split(";")[0].split("(")[0].strip() or None
    prefix = letter + path.name.split("_", 1)[0]
    return DevArticle(
        prefix, path.parent.name, path, title, source, date.group(0) if date else None, body
    )


def read_facts(folder: Path) -> list[Fact]:
    facts: list[Fact] = []
    for line in (folder / "FACTS.md").read_text(encoding="utf-8").split("\n"):
        if m := _FACT_HEAD.match(line):
            facts.append(Fact(folder.name, m.group(1), m.group(2).lower()))
        elif (m := _QUOTE.match(line)) and facts:
            facts[-1].quotes[m.group(1)] = m.group(2)
    return facts


def read_devset(root: Path) -> tuple[list[DevArticle], list[Fact]]:
    articles, facts = [], []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name.startswith("cluster"):
            facts_here = read_facts(folder)
            letter = next(iter(facts_here[0].quotes))[0]
            facts += facts_here
        elif folder.name == "distractors":
            letter = "x"
        else:
            continue
        articles += [read_article(p, letter) for p in sorted(folder.glob("*.txt"))]
    return articles, facts


# ---------------------------------------------------------------- the command line


def cli(db: Path, *args: str) -> object:
    env = dict(os.environ, PYTHONPATH=str(REPO / "desktop"))
    done = subprocess.run(
        [sys.executable, "-m", "claimdesk", "--db", str(db), *args, "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"claimdesk {' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)


def import_devset(articles: list[DevArticle], workdir: Path) -> tuple[Path, dict[str, str]]:
    """Import every article through the CLI; returns the database and prefix -> article id."""
    folder = workdir / "in"
    folder.mkdir()
    for a in articles:
        record = {"text": a.body, "title": a.title, "source": a.source, "date": a.date}
        record = {k: v for k, v in record.items() if v}
        (folder / f"{a.folder}__{a.prefix}.jsonl").write_text(
            json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    db = workdir / "devset.db"
    cli(db, "import", str(folder))
    ids = {}
    for row in cli(db, "articles"):
        name = Path(row["origin"].split(":line")[0]).stem
        ids[name.split("__")[1]] = row["id"]
    return db, ids


# ---------------------------------------------------------------- scoring

_NUMERIC = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|"
    r"thousands?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|"
    r"march|april|june|july|august|september|october|november|december)\b",
    re.I,
)


_WORD_VALUES = {
    w: str(n)
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}


def _numeric_values(quote: str) -> frozenset[str]:
    """Numbers (words as digits), weekdays and months of a quote."""
    quote = re.sub(
        r"(?i)\b(twenty|thirty|forty|fifty)[- ](one|two|three|four|five|six|seven|"
        r"eight|nine)\b",
        lambda m: str(_TENS[m.group(1).lower()] + int(_WORD_VALUES[m.group(2).lower()])),
        quote,
    )
    found = set()
    for m in re.finditer(r"\d[\d,.]*\d|\d|[A-Za-z]+", quote):
        word = m.group(0).lower()
        if word[0].isdigit():
            found.add(word.replace(",", ""))
        elif _NUMERIC.fullmatch(word):
            found.add(_WORD_VALUES.get(word, str(_TENS.get(word, word))))
    return frozenset(found)


def _locate(text: str, quote: str) -> tuple[int, int] | None:
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    # The importer normalises whitespace and quotes; match loosely on words.
    words = [re.escape(w) for w in re.findall(r"\w+", quote)]
    m = re.search(r"\W+".join(words), text) if words else None
    return (m.start(), m.end()) if m else None


@dataclass
class StoryFigures:
    grouped: bool = True
    quotes: int = 0
    quotes_in_one_claim: int = 0
    pairs: int = 0
    top3: int = 0
    top1: int = 0
    numeric_pairs: int = 0
    numeric_hinted: int = 0
    corroborated_pairs: int = 0
    false_hints: int = 0
    notes: list[str] = field(default_factory=list)  # misses, for --misses
    suggestions: dict[str, list[int]] = field(
        default_factory=lambda: {k: [0, 0] for k in ("contradicted", "corroborated", "unique")}
    )

    def add(self, other: StoryFigures) -> None:
        self.grouped &= other.grouped
        for name in (
            "quotes",
            "quotes_in_one_claim",
            "pairs",
            "top3",
            "top1",
            "numeric_pairs",
            "numeric_hinted",
            "corroborated_pairs",
            "false_hints",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k, (right, total) in other.suggestions.items():
            self.suggestions[k][0] += right
            self.suggestions[k][1] += total

    def ratios(self) -> dict[str, float | None]:
        def r(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        out = {
            "grouped": 1.0 if self.grouped else 0.0,
            "quotes_in_one_claim": r(self.quotes_in_one_claim, self.quotes),
            "top3_per_article": r(self.top3, self.pairs),
            "top1_per_article": r(self.top1, self.pairs),
            "numeric_conflicts_hinted": r(self.numeric_hinted, self.numeric_pairs),
            "false_hints_on_corroborated": r(self.false_hints, self.corroborated_pairs),
        }
        for k, (right, total) in self.suggestions.items():
            out[f"suggestion_{k}"] = r(right, total)
        return out


@dataclass
class _Imported:
    """What the command line gives back about the imported dev set."""

    ids: dict[str, str]  # prefix -> article id
    stories: dict[str, set[str]]  # story id -> article ids
    claims_by_article: dict[str, list[dict]]
    deep: dict[str, dict]  # claim id -> candidates --top DEEP_TOP row
    shown: dict[str, dict]  # claim id -> candidates row as shown (with its suggestion)


def _import_or_reuse(articles: list[DevArticle], reuse: Path | None, tmp: Path):
    """The database and prefix -> article id: a fresh import, or the one `reuse` holds."""
    if reuse is not None and (reuse / "devset.db").is_file():
        db = reuse / "devset.db"
        ids = {
            Path(row["origin"].split(":line")[0]).stem.split("__")[1]: row["id"]
            for row in cli(db, "articles")
        }
        return db, ids
    if reuse is not None:
        reuse.mkdir(parents=True, exist_ok=True)
    return import_devset(articles, reuse or tmp)


def _load(articles: list[DevArticle], reuse: Path | None) -> _Imported:
    with tempfile.TemporaryDirectory(prefix="claimdesk-devset-") as tmp:
        db, ids = _import_or_reuse(articles, reuse, Path(tmp))
        stories = {row["id"]: set(row["articles"]) for row in cli(db, "stories")}
        claims_by_article: dict[str, list[dict]] = defaultdict(list)
        for c in cli(db, "claims"):
            claims_by_article[c["article_id"]].append(c)
        deep = {r["claim_id"]: r for r in cli(db, "candidates", "--top", str(DEEP_TOP))}
        shown = {r["claim_id"]: r for r in cli(db, "candidates")}
    return _Imported(ids, stories, claims_by_article, deep, shown)


def _grouping(articles: list[DevArticle], data: _Imported) -> dict[str, StoryFigures]:
    """One StoryFigures per story, with whether its articles form one story and only it."""
    story_of = {a: s for s, members in data.stories.items() for a in members}
    figures: dict[str, StoryFigures] = {}
    folders = sorted({a.folder for a in articles if a.folder.startswith("cluster")})
    distractor_stories = {
        story_of[data.ids[a.prefix]] for a in articles if a.folder == "distractors"
    }
    for folder in folders:
        fig = figures[folder] = StoryFigures()
        members = {data.ids[a.prefix] for a in articles if a.folder == folder}
        their = {story_of[m] for m in members}
        fig.grouped = (
            len(their) == 1
            and data.stories[next(iter(their))] == members
            and not (their & distractor_stories)
        )
    return figures


class _ClaimFinder:
    """Finds the claim that holds a fact's quote in an article."""

    def __init__(self, data: _Imported) -> None:
        self.ids = data.ids
        self.claims_by_article = data.claims_by_article
        # Each article's text as its claims cover it (claims are exact slices; the rest
        # blank): one `claims` call instead of one `article` call per article.
        self.texts = {}
        for aid, claims in data.claims_by_article.items():
            chars = [" "] * max((c["end"] for c in claims), default=0)
            for c in claims:
                chars[c["start"] : c["end"]] = c["text"]
            self.texts[aid] = "".join(chars)

    def claim_for(self, prefix: str, quote: str) -> tuple[dict | None, bool]:
        """The claim holding the quote, and whether it holds all of it."""
        aid = self.ids[prefix]
        span = _locate(self.texts.get(aid, ""), quote)
        if span is None:
            # Part of the quote lies outside every claim: the claim sharing most of it.
            def shared(c: dict) -> int:
                matcher = SequenceMatcher(None, quote, c["text"], autojunk=False)
                return matcher.find_longest_match(0, len(quote), 0, len(c["text"])).size

            best = max(self.claims_by_article[aid], key=shared, default=None)
            return best, False
        best, overlap_best = None, 0
        for c in self.claims_by_article[aid]:
            if c["start"] <= span[0] and span[1] <= c["end"]:
                return c, True
            overlap = min(c["end"], span[1]) - max(c["start"], span[0])
            if overlap > overlap_best:
                best, overlap_best = c, overlap
        return best, False


def _contradicted_claims(facts: list[Fact], finder: _ClaimFinder) -> dict[str, set[str]]:
    """Claim id -> the contradicted facts it holds."""
    contradicted_in: dict[str, set[str]] = defaultdict(set)
    for fact in facts:
        if fact.label == "contradicted":
            for prefix, quote in fact.quotes.items():
                claim, _ = finder.claim_for(prefix, quote)
                if claim is not None:
                    contradicted_in[claim["id"]].add(f"{fact.story}/{fact.name}")
    return contradicted_in


@dataclass
class _Pair:
    """One ordered pair of articles quoting a fact, with the claims holding the quotes."""

    fact: Fact
    pa: str
    ca: dict
    pb: str
    cb: dict


def _score_rank(fig: StoryFigures, pair: _Pair, listed: list[dict]) -> int | None:
    """Where the other article's claim ranks among that article's candidates."""
    fact, pa, ca, pb, cb = pair.fact, pair.pa, pair.ca, pair.pb, pair.cb
    rank = next((n for n, c in enumerate(listed) if c["claim_id"] == cb["id"]), None)
    fig.pairs += 1
    fig.top3 += rank is not None and rank < 3
    fig.top1 += rank == 0
    if rank != 0:
        first = listed[0]["text"][:150] if listed else "—"
        fig.notes.append(
            f"RANK {rank} {fact.story} {fact.name} {pa}->{pb}\n  A: {ca['text'][:150]}"
            f"\n  B: {cb['text'][:150]}\n  1st: {first}"
        )
    return rank


def _score_hint(
    fig: StoryFigures,
    pair: _Pair,
    listed: list[dict],
    rank: int | None,
    contradicted_in: dict[str, set[str]],
) -> None:
    """Whether a numeric contradiction carries a hint, and a corroboration does not."""
    fact, pa, ca, pb, cb = pair.fact, pair.pa, pair.ca, pair.pb, pair.cb
    hinted = rank is not None and bool(listed[rank]["hints"])
    va, vb = _numeric_values(fact.quotes[pa]), _numeric_values(fact.quotes[pb])
    where = f"{fact.story} {fact.name} {pa}->{pb} rank {rank}"
    # A pair that agrees on one figure (b3 "three wounded", b4 "24 detained and three
    # wounded") is not where the conflict is: neither side's values may hold the other's.
    if fact.label == "contradicted" and va and vb and not (va <= vb or vb <= va):
        fig.numeric_pairs += 1
        fig.numeric_hinted += hinted
        if not hinted:
            fig.notes.append(f"NO HINT {where}\n  A: {ca['text']}\n  B: {cb['text']}")
    elif fact.label == "corroborated" and not (
        contradicted_in.get(ca["id"], set()) & contradicted_in.get(cb["id"], set())
    ):
        # (A pair of claims that also states a contradicted fact may be hinted.)
        fig.corroborated_pairs += 1
        fig.false_hints += hinted
        if hinted:
            hints = [h["description"] for h in listed[rank]["hints"]]
            fig.notes.append(f"FALSE HINT {where} {hints}\n  A: {ca['text']}\n  B: {cb['text']}")


def _score_fact(
    fig: StoryFigures,
    fact: Fact,
    finder: _ClaimFinder,
    deep: dict[str, dict],
    contradicted_in: dict[str, set[str]],
) -> None:
    """Quotes inside one claim, then ranks and hints for every ordered pair of its articles."""
    found = {}
    for prefix, quote in fact.quotes.items():
        claim, inside = finder.claim_for(prefix, quote)
        fig.quotes += 1
        fig.quotes_in_one_claim += inside
        if claim is not None:
            found[prefix] = claim
    for pa, ca in found.items():
        for pb, cb in found.items():
            if pa == pb:
                continue
            listed = [
                c
                for c in deep.get(ca["id"], {}).get("candidates", [])
                if c["article_id"] == cb["article_id"]
            ]
            pair = _Pair(fact, pa, ca, pb, cb)
            rank = _score_rank(fig, pair, listed)
            _score_hint(fig, pair, listed, rank, contradicted_in)


def _score_suggestions(
    figures: dict[str, StoryFigures],
    facts: list[Fact],
    finder: _ClaimFinder,
    shown: dict[str, dict],
) -> None:
    """Suggested label against gold per claim (a claim holding a contradicted fact is gold
    contradicted: conflict wins)."""
    gold_of_claim: dict[str, str] = {}
    rank_of = {"contradicted": 2, "corroborated": 1, "unique": 0}
    located = []
    for fact in facts:
        for prefix, quote in fact.quotes.items():
            claim, _ = finder.claim_for(prefix, quote)
            if claim is None:
                continue
            located.append((fact, claim))
            now = gold_of_claim.get(claim["id"])
            if now is None or rank_of[fact.label] > rank_of[now]:
                gold_of_claim[claim["id"]] = fact.label
    for fact, claim in located:
        gold = gold_of_claim[claim["id"]]
        suggestion = (shown.get(claim["id"]) or {}).get("suggestion") or {}
        tally = figures[fact.story].suggestions[gold]
        tally[0] += suggestion.get("label") == gold
        tally[1] += 1
        if suggestion.get("label") != gold:
            figures[fact.story].notes.append(
                f"SUGGESTED {suggestion.get('label')} for {gold} {fact.story} {fact.name}: "
                f"{suggestion.get('because')}\n  {claim['text']}"
            )


def evaluate(root: Path, reuse: Path | None = None) -> dict[str, StoryFigures]:
    """Import the dev set (or, with `reuse`, the database a previous run left in that folder:
    ranking changes can then be measured without redoing extraction) and score it."""
    articles, facts = read_devset(root)
    data = _load(articles, reuse)
    figures = _grouping(articles, data)
    finder = _ClaimFinder(data)
    contradicted_in = _contradicted_claims(facts, finder)
    for fact in facts:
        _score_fact(figures[fact.story], fact, finder, data.deep, contradicted_in)
    _score_suggestions(figures, facts, finder, data.shown)
    return figures


COLUMNS = [
    ("grouped", "grouped"),
    ("quotes_in_one_claim", "quotes in 1 claim"),
    ("top3_per_article", "top3/article"),
    ("top1_per_article", "top1/article"),
    ("numeric_conflicts_hinted", "numeric hinted"),
    ("false_hints_on_corroborated", "false hints"),
    ("suggestion_contradicted", "sugg contra"),
    ("suggestion_corroborated", "sugg corrob"),
    ("suggestion_unique", "sugg unique"),
]


def table(figures: dict[str, StoryFigures]) -> tuple[dict[str, dict], str]:
    total = StoryFigures()
    for fig in figures.values():
        total.add(fig)
    rows = {name: fig.ratios() for name, fig in figures.items()} | {"all": total.ratios()}
    width = max(len(label) for _, label in COLUMNS)
    lines = ["story".ljust(10) + "".join(label.rjust(width + 2) for _, label in COLUMNS)]
    for name, row in rows.items():
        cells = ["—" if row[k] is None else f"{row[k]:.2f}" for k, _ in COLUMNS]
        lines.append(name.ljust(10) + "".join(c.rjust(width + 2) for c in cells))
    counts = (
        f"pairs {total.pairs}, numeric conflict pairs {total.numeric_pairs}, corroborated pairs "
        f"{total.corroborated_pairs}, quotes {total.quotes}, suggestions "
        + ", ".join(f"{k} {n}" for k, (_, n) in total.suggestions.items())
    )
    return rows, "\n".join(lines) + "\n" + counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--devset", help=f"the dev set folder (default: ${DEVSET_ENV} or ../shared/devset)"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list what was missed")
    parser.add_argument(
        "--reuse",
        type=Path,
        help="keep the imported database in this (empty or earlier) folder and reuse it: "
        "for iterating on ranking, hints and suggestions (not on extraction or grouping)",
    )
    args = parser.parse_args()
    root = devset_path(args.devset)
    if root is None:
        print("dev set not found: pass --devset or set CLAIMDESK_DEVSET", file=sys.stderr)
        return 2
    figures = evaluate(root, args.reuse)
    rows, text = table(figures)
    print(json.dumps(rows, indent=2) if args.json else text)
    if args.misses:
        for fig in figures.values():
            print("\n".join(fig.notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())

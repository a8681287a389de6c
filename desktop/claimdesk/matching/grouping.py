"""Story grouping: put articles about the same event together.

Articles are TF-IDF vectors over normalised word keys (names, places, numbers, content words).
Words that many articles share (famous names, "war", "president") get a low idf and, above a
document-frequency cap, take no part in finding pairs at all; that keeps unrelated articles
about the same famous people apart and keeps the pair count near linear. Publication dates that
are more than a week apart are strong evidence against one story.

Pipeline: candidate pairs from an inverted index on the rarer terms -> cosine per pair ->
date factor -> connected components over pairs above LINK_THRESHOLD -> average-link
agglomeration inside each component (so one chance link cannot chain two events together).
Everything runs on articles sorted by id, so the result does not depend on input order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date as Date
from functools import lru_cache

import numpy as np

from claimdesk.matching.records import GroupingInput
from claimdesk.matching.text import (
    NEGATIONS,
    NUMBER_WORDS,
    STOPWORDS,
    VARIANTS,
    apply_phrase_variants,
    fold,
    stem,
)

# Cosine (after the date factor) above which two articles are linked for the components step.
LINK_THRESHOLD = 0.10
# Average similarity between two groups above which agglomeration merges them.
MERGE_THRESHOLD = 0.16
TITLE_WEIGHT = 2  # the title's words count as if written this many times
# Components larger than this are split by raising the link threshold before agglomeration
# (agglomeration is quadratic in memory and time per merge).
MAX_COMPONENT = 1500

_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*[^\W_]*|[^\W_]+(?:['’][^\W_]+)*")
_DASHES_RE = re.compile(r"[-‐‑‒–—―/]")


@lru_cache(maxsize=500_000)
def _key(surface: str) -> str | None:
    """Matching key of one word, or None for stopwords (cached: news reuses its vocabulary)."""
    w = fold(surface)
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    if not w or w in STOPWORDS or w in NEGATIONS or len(w) < 2 and not w.isdigit():
        return None
    w = VARIANTS.get(w, w)
    if w in NUMBER_WORDS:
        return str(NUMBER_WORDS[w])
    if w[0].isdigit():
        return w.replace(",", "")
    return stem(w)


def article_terms(text: str, title: str | None = None) -> Counter[str]:
    """Term counts of an article (title words weighted up)."""
    counts: Counter[str] = Counter()
    for part, weight in ((text, 1), (title or "", TITLE_WEIGHT)):
        if not part:
            continue
        part = _DASHES_RE.sub(" ", apply_phrase_variants(part))
        for surface in _WORD_RE.findall(part):
            key = _key(surface)
            if key is not None:
                counts[key] += weight
    return counts


def _parse_date(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return Date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def date_factor(days_apart: np.ndarray) -> np.ndarray:
    """Multiplier on similarity by days between publication dates (NaN: a date unknown).

    The same event is reported over a few days, and a running story (a wildfire, a siege)
    over two weeks of updates; beyond that, two articles sharing words are far more likely a
    new event with the same actors (a second call a month later, another attack).
    """
    factor = np.full(days_apart.shape, 0.9)  # unknown: slightly less sure than same day
    known = ~np.isnan(days_apart)
    d = np.abs(days_apart[known])
    factor[known] = np.where(d <= 2, 1.0, np.where(d <= 7, 0.8, np.where(d <= 14, 0.7, 0.15)))
    return factor


class _Vectors:
    """Sparse L2-normalised TF-IDF rows, stored as per-term postings."""

    def __init__(self, term_counts: list[Counter[str]], df_cap: int) -> None:
        n = len(term_counts)
        df: Counter[str] = Counter()
        for counts in term_counts:
            df.update(counts.keys())
        idf = {t: math.log((n + 1) / d) for t, d in df.items()}
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for i, counts in enumerate(term_counts):
            # Words no other article uses cannot tell partners apart; left in the norm they would
            # only shrink every similarity of a long, idiosyncratic article.
            weights = {t: (1.0 + math.log(c)) * idf[t] for t, c in counts.items() if df[t] >= 2}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for t, w in weights.items():
                # Only terms shared by 2..df_cap articles can make a pair: a term in one article
                # links nothing, a term in very many says little about any event.
                if 2 <= df[t] <= df_cap and w > 0:
                    ids, ws = postings.setdefault(t, ([], []))
                    ids.append(i)
                    ws.append(w / norm)
        self.n = n
        self.postings = [
            (np.array(ids, dtype=np.int64), np.array(ws))
            for _, (ids, ws) in sorted(postings.items())
        ]

    def pair_similarities(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(i, j, cosine) for every pair i < j sharing at least one capped term."""
        n = self.n
        keys_parts, val_parts = [], []
        for ids, ws in self.postings:
            a, b = np.triu_indices(len(ids), k=1)
            keys_parts.append(ids[a] * n + ids[b])
            val_parts.append(ws[a] * ws[b])
        if not keys_parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        keys = np.concatenate(keys_parts)
        vals = np.concatenate(val_parts)
        unique, inverse = np.unique(keys, return_inverse=True)
        sims = np.bincount(inverse, weights=vals)
        return unique // n, unique % n, sims


def _df_cap(n: int) -> int:
    # Small corpora: every shared term counts. Large ones: a term in more than ~2% of articles
    # (a famous name, a season's big topic) no longer proposes pairs.
    return max(50, int(0.02 * n))


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _average_link(
    members: list[int], sim: dict[tuple[int, int], float], pins: list[str | None]
) -> list[list[int]]:
    """Average-link agglomeration of one component; pinned articles of different stories never
    meet, pinned articles of the same story start together."""
    index = {m: k for k, m in enumerate(members)}
    n = len(members)
    matrix = np.zeros((n, n))
    for (i, j), s in sim.items():
        if i in index and j in index:
            matrix[index[i], index[j]] = matrix[index[j], index[i]] = s
    clusters: list[list[int]] = [[m] for m in members]
    sizes = np.ones(n)
    pin_of: list[str | None] = [pins[m] for m in members]
    alive = np.ones(n, dtype=bool)

    def merge(a: int, b: int) -> None:
        # Lance-Williams update for average linkage; b is absorbed into a.
        matrix[a, :] = (sizes[a] * matrix[a, :] + sizes[b] * matrix[b, :]) / (sizes[a] + sizes[b])
        matrix[:, a] = matrix[a, :]
        sizes[a] += sizes[b]
        clusters[a].extend(clusters[b])
        pin_of[a] = pin_of[a] or pin_of[b]
        alive[b] = False
        matrix[b, :] = matrix[:, b] = -np.inf

    first_with_pin: dict[str, int] = {}
    for k in range(n):
        pin = pin_of[k]
        if pin is not None:
            if pin in first_with_pin:
                merge(first_with_pin[pin], k)
            else:
                first_with_pin[pin] = k
    pinned = [k for k in range(n) if alive[k] and pin_of[k] is not None]
    for x in pinned:
        for y in pinned:
            if x != y:
                matrix[x, y] = -np.inf
    np.fill_diagonal(matrix, -np.inf)

    while True:
        flat = int(np.argmax(matrix))
        a, b = divmod(flat, n)
        if not matrix[a, b] >= MERGE_THRESHOLD:
            break
        a, b = min(a, b), max(a, b)
        merge(a, b)
        matrix[a, a] = -np.inf
        if pin_of[a] is not None:
            for y in range(n):
                if alive[y] and y != a and pin_of[y] is not None and pin_of[y] != pin_of[a]:
                    matrix[a, y] = matrix[y, a] = -np.inf
    return [sorted(clusters[k]) for k in range(n) if alive[k]]


def group_articles(
    articles: Sequence[GroupingInput], fixed: Mapping[str, str] | None = None
) -> list[list[str]]:
    """Group articles into stories; returns lists of article ids.

    `fixed` maps article id -> story key for articles the annotator placed by hand: articles
    with the same key always end up together, articles with different keys never do, and
    other articles may join them. Groups are sorted (ids within, groups by first id).
    """
    fixed = fixed or {}
    ordered = sorted({a.id: a for a in articles}.values(), key=lambda a: a.id)
    n = len(ordered)
    if n == 0:
        return []
    pins = [fixed.get(a.id) for a in ordered]
    vectors = _Vectors([article_terms(a.text, a.title) for a in ordered], _df_cap(n))
    rows, cols, sims = vectors.pair_similarities()

    dates = np.array([_parse_date(a.date) or np.nan for a in ordered], dtype=float)
    sims = sims * date_factor(dates[rows] - dates[cols])
    keep = sims >= LINK_THRESHOLD
    rows, cols, sims = rows[keep], cols[keep], sims[keep]

    groups = _components(n, rows, cols, sims, pins, LINK_THRESHOLD)
    ids = [a.id for a in ordered]
    result = [sorted(ids[m] for m in g) for g in groups]
    return sorted(result, key=lambda g: g[0])


def _components(
    n: int,
    rows: np.ndarray,
    cols: np.ndarray,
    sims: np.ndarray,
    pins: list[str | None],
    threshold: float,
    members: list[int] | None = None,
) -> list[list[int]]:
    """Connected components over links >= threshold, each refined by average-link."""
    members = list(range(n)) if members is None else members
    uf = _UnionFind(n)
    strong = sims >= threshold
    for i, j in zip(rows[strong].tolist(), cols[strong].tolist(), strict=True):
        uf.union(i, j)
    first_by_pin: dict[str, int] = {}
    for m in members:
        if pins[m] is not None:
            uf.union(first_by_pin.setdefault(pins[m], m), m)
    components: dict[int, list[int]] = {}
    for m in members:
        components.setdefault(uf.find(m), []).append(m)

    groups: list[list[int]] = []
    for comp in components.values():
        if len(comp) == 1:
            groups.append(comp)
            continue
        inside = np.isin(rows, comp) & np.isin(cols, comp)
        r, c, s = rows[inside], cols[inside], sims[inside]
        if len(comp) > MAX_COMPONENT and threshold < 0.9:
            groups.extend(_components(n, r, c, s, pins, threshold + 0.05, comp))
            continue
        sim = {(i, j): v for i, j, v in zip(r.tolist(), c.tolist(), s.tolist(), strict=True)}
        groups.extend(_average_link(comp, sim, pins))
    return groups


def assign_to_story(
    new_article: GroupingInput, existing_groups: Mapping[str, Sequence[GroupingInput]]
) -> str | None:
    """The story key a new article belongs to, or None for a new story.

    Existing articles are treated as pinned, so they never move; the new article joins the
    story it would be grouped with.
    """
    fixed = {a.id: key for key, members in existing_groups.items() for a in members}
    everything = [a for members in existing_groups.values() for a in members] + [new_article]
    for group in group_articles(everything, fixed=fixed):
        if new_article.id in group:
            keys = {fixed[i] for i in group if i in fixed}
            return next(iter(keys)) if keys else None
    return None

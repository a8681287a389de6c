"""Fit the candidate score's blend weights and measure them honestly (leave one story out).

For every fact pair of the seeds (FACTS of tests/matching/seed_corpus.py) and of the dev set
(FACTS.md, claims found as eval_devset.py finds them), the candidates of the other article are
the claims `CandidateIndex` scores for a whole-story query (its pool), each with the features
the score blends (candidates._blend_features) and a few it lacks (EXTRA). A linear ranker is
fitted on all stories but one and scored on the held-out one, so the figure says what fitted
weights do on news they were not fitted to. Two fitters:

- pairwise logistic regression on (gold - other) feature differences, each list weighing 1,
  L2-regularised (numpy, Newton steps);
- coordinate search on top 1 + top 3 itself, from neutral weights (cosine 0.85, the rest 0.1).

Top 1 / top 3 per other article as in eval_devset.py (ties by claim id, scores capped at 1 as
in `_scored`; fitted weights are scaled to the blend's cosine share first). The dev set's
database is imported through the CLI, or reused from `--reuse DIR` (eval_devset's folder).

    .venv/bin/python tests/benchmarks/fit_blend.py [--devset PATH] [--reuse DIR] [--seeds rules]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "matching"), str(HERE.parents[1] / "desktop")]

import eval_devset  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from claimdesk.matching import candidates as cm  # noqa: E402
from claimdesk.matching.records import ClaimRef  # noqa: E402


@dataclass
class Pair:
    """A fact's quote in one article (query) and in another (gold)."""

    story: str
    query: str  # claim id
    gold: str  # claim id of the counterpart
    article: str  # the counterpart's article


def devset_pairs(root: Path, reuse: Path | None) -> tuple[list[ClaimRef], list[Pair]]:
    articles, facts = eval_devset.read_devset(root)
    with tempfile.TemporaryDirectory(prefix="claimdesk-fit-") as tmp:
        db, ids = eval_devset._import_or_reuse(articles, reuse, Path(tmp))
        with create_engine(f"sqlite:///{db}").connect() as conn:
            rows = conn.execute(
                text(
                    'select c.id, c.article_id, a.story_id, c.text, a.published, c.start, c."end" '
                    "from claims c join articles a on a.id = c.article_id where c.active"
                )
            ).all()
    claims = [ClaimRef(r[0], r[1], r[2], r[3], r[4]) for r in rows]
    by_article: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_article[r[1]].append(
            {"id": r[0], "article_id": r[1], "text": r[3], "start": r[5], "end": r[6]}
        )
    finder = eval_devset._ClaimFinder(eval_devset._Imported(ids, {}, by_article, {}, {}))
    pairs = []
    for fact in facts:
        found = {}
        for prefix, quote in fact.quotes.items():
            claim, _ = finder.claim_for(prefix, quote)
            if claim is not None:
                found[prefix] = claim
        for (_, ca), (_, cb) in itertools.permutations(found.items(), 2):
            pairs.append(Pair(fact.story, ca["id"], cb["id"], cb["article_id"]))
    return claims, pairs


def seed_pairs(pipeline: str) -> tuple[list[ClaimRef], list[Pair]]:
    from seed_corpus import FACTS, load_seed_corpus

    corpus = load_seed_corpus(pipeline)
    pairs = []
    for rows in FACTS.values():
        for a, b in itertools.permutations(sorted(rows), 2):
            x, y = corpus.claim_with(a, rows[a]), corpus.claim_with(b, rows[b])
            pairs.append(Pair("seeds", x.id, y.id, y.article_id))
    return corpus.claims, pairs


# ------------------------------------------------------------------ features

BASE = ["cos", "entity", "number", "near", "same_slot", "path"]  # blend_shares' order
EXTRA = [
    "cosine_only",  # the cosine half of the similarity
    "overlap_only",  # the overlap-coefficient half
    "len_ratio",  # |log| of the ratio of the two claims' weights, over 4
    "cand_covered",  # share of the candidate's weight that the query shares
    "query_covered",  # share of the query's weight that the candidate shares
    "reverse_best",  # 1 when the query is the candidate's best match in the query's article
    "reverse_rr",  # 1 / (1 + the query's rank in that reverse query)
    "rel_cos",  # similarity over the best similarity in the candidate's article
    "query_distinct",  # share of the query's words no other claim of its article holds, shared
    "cand_distinct",  # the same for the candidate's words within its own article
    "rarest_shared",  # idf of the rarest shared word over the story's highest idf
]
NAMES = BASE + EXTRA


def _pool(story, i: int, cos: np.ndarray) -> np.ndarray:
    """The claims `_scored` scores for a whole-story query (lexical)."""
    allowed = story.article_of != story.article_of[i]
    pool = np.flatnonzero(allowed & (cos > 0))
    pool = pool[np.argsort(-cos[pool], kind="stable")][: cm.RERANK_POOL]
    return np.union1d(pool, cm._per_article_pool(cos, allowed, story.article_of))


def _parts(story, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cosine, overlap and shared weight of claim i with every claim (similarity_all's)."""
    n = len(story.claims)
    dot, shared = np.zeros(n), np.zeros(n)
    for t, qw in story.vectors[i].items():
        ids, ws = story.postings[t]
        np.add.at(dot, ids, ws * qw)
        np.add.at(shared, ids, np.minimum(ws, qw) ** 2)
    cosine = dot / np.sqrt(story.norms_sq * story.norms_sq[i])
    smaller = np.maximum(
        np.minimum(story.norms_sq, story.norms_sq[i]), cm.OVERLAP_FLOOR * story.norms_sq[i]
    )
    return cosine, shared / smaller, shared


def _article_df(story) -> dict[int, Counter]:
    """Per article, how many of its claims hold each term (cached on the story)."""
    if getattr(story, "_fit_article_df", None) is None:
        df: dict[int, Counter] = defaultdict(Counter)
        for k, vec in enumerate(story.vectors):
            df[int(story.article_of[k])].update(vec.keys())
        story._fit_article_df = df
    return story._fit_article_df


def _distinct(story, k: int) -> dict[str, float]:
    """Claim k's weights on the terms no other claim of its article holds."""
    local = _article_df(story)[int(story.article_of[k])]
    return {t: v for t, v in story.vectors[k].items() if local[t] <= 1}


def _covered(words: dict[str, float], other: dict[str, float]) -> float:
    """Share of `words`' squared weight that `other` also holds."""
    total = sum(v * v for v in words.values())
    return sum(v * v for t, v in words.items() if t in other) / total if total else 0.0


def _extra_row(story, i: int, j: int, cos: np.ndarray, parts) -> tuple[float, ...]:
    cosine, overlap, shared = parts
    back = story.similarity_all(j)
    own = story.article_of == story.article_of[i]
    rank = int((np.where(own, back, -1.0) > back[i]).sum())
    in_j_article = story.article_of == story.article_of[j]
    vec_i, vec_j = story.vectors[i], story.vectors[j]
    rarest = max((story.idf[t] for t in vec_i if t in vec_j), default=0.0)
    return (
        cosine[j],
        overlap[j],
        abs(np.log(story.norms_sq[j] / story.norms_sq[i])) / 4.0,
        shared[j] / story.norms_sq[j],
        shared[j] / story.norms_sq[i],
        1.0 if rank == 0 else 0.0,
        1.0 / (1.0 + rank),
        cos[j] / max(cos[in_j_article].max(), 1e-9),
        _covered(_distinct(story, i), vec_j),
        _covered(_distinct(story, j), vec_i),
        rarest / story.max_idf,
    )


def query_rows(story, i: int) -> tuple[np.ndarray, np.ndarray]:
    """(pooled rows, one feature row per pooled claim in NAMES' order)."""
    cos = story.similarity_all(i)
    pool = _pool(story, i, cos)
    if pool.size == 0:
        return pool, np.zeros((0, len(NAMES)))
    parts = _parts(story, i)
    extra = np.array([_extra_row(story, i, j, cos, parts) for j in pool.tolist()])
    return pool, np.hstack([cm._blend_features(story, i, pool, cos), extra])


@dataclass
class RankList:
    """The pooled claims of the other article for one pair, and where its gold claim is."""

    story: str
    x: np.ndarray  # candidates x NAMES
    ids: list[str]  # their claim ids (ties are broken by id)
    gold: int | None  # row of the counterpart, None when not pooled


def build_lists(claims: list[ClaimRef], pairs: list[Pair]) -> list[RankList]:
    index = cm.CandidateIndex.build(claims)
    rows_of: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    lists = []
    for p in pairs:
        story_id, i = index._where[p.query]
        story = index._stories[story_id]
        if p.query not in rows_of:
            rows_of[p.query] = query_rows(story, i)
        pool, x = rows_of[p.query]
        keep = [r for r, j in enumerate(pool.tolist()) if story.claims[j].article_id == p.article]
        ids = [story.claims[pool[r]].id for r in keep]
        gold = ids.index(p.gold) if p.gold in ids else None
        lists.append(RankList(p.story, x[keep], ids, gold))
    return lists


# ------------------------------------------------------------------ ranking


def rank_of_gold(lst: RankList, w: np.ndarray, cols: list[int], cap: bool = True) -> int | None:
    """How many candidates rank above the gold claim (None: not pooled). ``cap``: scores
    capped at 1 as `_scored` caps them."""
    if lst.gold is None:
        return None
    s = lst.x[:, cols] @ w
    if cap:
        s = np.minimum(1.0, s)
    g = s[lst.gold]
    tied_before = sum(
        1 for r, v in enumerate(s.tolist()) if v == g and lst.ids[r] < lst.ids[lst.gold]
    )
    return int((s > g).sum()) + tied_before


Figures = dict[str, list[int]]  # story or "all" -> [top 1, top 3, pairs]


def figures(lists: list[RankList], w: np.ndarray, cols: list[int], cap: bool = True) -> Figures:
    out: Figures = defaultdict(lambda: [0, 0, 0])
    for lst in lists:
        r = rank_of_gold(lst, w, cols, cap)
        for key in (lst.story, "all"):
            out[key][0] += r == 0
            out[key][1] += r is not None and r < 3
            out[key][2] += 1
    return out


# ------------------------------------------------------------------ fitting

Fitter = Callable[[list[RankList], list[int]], np.ndarray]


def _at_blend_scale(w: np.ndarray, cols: list[int]) -> np.ndarray:
    """Weights scaled so the cosine keeps its share (suggestions read absolute scores)."""
    if 0 in cols and w[cols.index(0)] > 0:
        return w * cm.COSINE_SHARE / w[cols.index(0)]
    return w


def fit_pairwise(lists: list[RankList], cols: list[int], l2: float = 0.01) -> np.ndarray:
    """Pairwise logistic regression on gold - other differences, each list weighing 1."""
    diffs, weights = [], []
    for lst in lists:
        if lst.gold is None or len(lst.ids) < 2:
            continue
        others = [r for r in range(len(lst.ids)) if r != lst.gold]
        diffs.append(lst.x[lst.gold, cols][None, :] - lst.x[others][:, cols])
        weights.append(np.full(len(others), 1.0 / len(others)))
    d, sw = np.vstack(diffs), np.concatenate(weights)
    w = np.zeros(len(cols))
    for _ in range(100):  # Newton's method on a convex loss
        p = 1.0 / (1.0 + np.exp(-(d @ w)))
        grad = -(d * (sw * (1 - p))[:, None]).sum(0) + l2 * w
        hess = (d * (sw * p * (1 - p))[:, None]).T @ d + l2 * np.eye(len(cols))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return _at_blend_scale(w, cols)


SEARCH_FACTORS = (0.0, 0.25, 0.5, 0.75, 1.5, 2.0, 3.0, 4.0)
SEARCH_EXTRA = (-0.3, -0.2, -0.1, -0.05, -0.02, 0.0, 0.02, 0.05, 0.1, 0.2, 0.3)


def fit_search(lists: list[RankList], cols: list[int], rounds: int = 3) -> np.ndarray:
    """Coordinate search on top 1 + top 3 from neutral weights (cosine fixed at its share):
    each blend weight scaled by SEARCH_FACTORS, each extra feature set to SEARCH_EXTRA."""
    w = np.array([cm.COSINE_SHARE if c == 0 else 0.1 if c < len(BASE) else 0.0 for c in cols])

    def objective(v: np.ndarray) -> int:
        f = figures(lists, v, cols)["all"]
        return f[0] + f[1]

    best = objective(w)
    for _ in range(rounds):
        improved = False
        for k, c in enumerate(cols):
            if c == 0:
                continue
            values = [w[k] * f for f in SEARCH_FACTORS] if c < len(BASE) else SEARCH_EXTRA
            for value in values:
                v = w.copy()
                v[k] = value
                if (score := objective(v)) > best:
                    best, w, improved = score, v, True
        if not improved:
            break
    return w


def leave_one_story_out(lists: list[RankList], cols: list[int], fitter: Fitter) -> Figures:
    """Fit on every story but one, score the held-out one; summed over the stories. Scores are
    not capped: a fitted blend would be rescaled before use, and the cap then only ties the
    very best (a fitted cosine weight near 0 blown up to COSINE_SHARE would tie them all)."""
    out: Figures = defaultdict(lambda: [0, 0, 0])
    for held in sorted({lst.story for lst in lists}):
        w = fitter([lst for lst in lists if lst.story != held], cols)
        held_out = [lst for lst in lists if lst.story == held]
        for key, v in figures(held_out, w, cols, cap=False).items():
            out[key] = [a + b for a, b in zip(out[key], v, strict=True)]
    return out


def show(name: str, f: Figures) -> None:
    cells = "  ".join(f"{k} {v[0]}/{v[1]}/{v[2]}" for k, v in sorted(f.items()))
    print(f"{name:32} {cells}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", help="the dev set folder (as eval_devset.py)")
    parser.add_argument("--reuse", type=Path, help="eval_devset.py's --reuse folder")
    parser.add_argument("--seeds", default="model", help="seed pipeline: model or rules")
    args = parser.parse_args()
    root = eval_devset.devset_path(args.devset)
    if root is None:
        print("dev set not found: pass --devset or set CLAIMDESK_DEVSET", file=sys.stderr)
        return 2
    lists = build_lists(*devset_pairs(root, args.reuse))
    lists += build_lists(*seed_pairs(args.seeds))
    base = list(range(len(BASE)))
    print("figures: top 1 / top 3 / pairs per other article")
    show("current blend (in sample)", figures(lists, cm.blend_shares(), base))
    print("gold claim not in the pool:", sum(lst.gold is None for lst in lists))
    fitters: dict[str, Fitter] = {"pairwise": fit_pairwise, "search": fit_search}
    for name, fitter in fitters.items():
        show(f"LOSO {name}", leave_one_story_out(lists, base, fitter))
        for extra in EXTRA:
            cols = base + [NAMES.index(extra)]
            show(f"LOSO {name} +{extra}", leave_one_story_out(lists, cols, fitter))
    for name, fitter in fitters.items():
        w = fitter(lists, base)
        print(f"{name} fitted on all:", dict(zip(BASE, np.round(w, 3).tolist(), strict=True)))
        show("  (in sample)", figures(lists, w, base))
    return 0


if __name__ == "__main__":
    sys.exit(main())

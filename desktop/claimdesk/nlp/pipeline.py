"""Loading a claim pipeline and running it over articles.

spaCy is imported only inside load_pipeline, so the GUI can import this module (and show a
window) without paying for spaCy at start-up. Pipelines are cached per process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimdesk.domain.records import ClaimSpan
from claimdesk.errors import PipelineUnavailable  # the catalogue's; re-exported here
from claimdesk.nlp.blocks import DEFAULT_MAX_CHARS, chunks, trim
from claimdesk.nlp.doc_text import doc_text, keep_text
from claimdesk.paths import resource

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_CONFIG = "nlp/claims_model.cfg"
RULES_CONFIG = "nlp/claims_rules.cfg"
CHOICES = ("auto", "model", "rules")

_cache: dict[str, ClaimPipeline] = {}
_cache_lock = threading.Lock()


@dataclass
class ClaimPipeline:
    """A spaCy pipeline ending in claim_detector, and how to run it over whole articles."""

    nlp: Language
    name: str  # e.g. "en_core_web_sm-3.8.0+claim_detector-1" or "claimdesk_rules-1"
    kind: str  # "model" or "rules"
    spans_key: str = "claims"
    batch_size: int = 32
    max_paragraph_chars: int = DEFAULT_MAX_CHARS
    # processes for nlp.pipe. 1 by default: measured on 2 cores (tests/benchmarks/
    # bench_n_process.py), a second process did not pay for forking the pipeline and shipping
    # every Doc back, on either pipeline (see README's benchmark table)
    n_process: int = 1

    def extract(
        self,
        texts: Iterable[str],
        batch_size: int | None = None,
        n_process: int | None = None,
    ) -> Iterator[list[ClaimSpan]]:
        """The claims of each text, in order, one list per text.

        Texts are cut into chunks of whole paragraphs and streamed through nlp.pipe, so a
        text of millions of characters never becomes one Doc; spans are shifted back to the
        text's offsets. `n_process` > 1 runs the pipeline in that many worker processes
        (spaCy's own multiprocessing; the claims are the same).
        """
        count = 0

        def stream() -> Iterator[tuple[str, tuple[int, int, str]]]:
            nonlocal count
            for index, text in enumerate(texts):
                count = index + 1
                for start, end in chunks(text, self.max_paragraph_chars):
                    chunk = text[start:end]
                    yield chunk, (index, start, chunk)

        current, claims = 0, []
        docs = self.nlp.pipe(
            stream(),
            as_tuples=True,
            batch_size=batch_size or self.batch_size,
            n_process=n_process or self.n_process,
        )
        for doc, (index, offset, chunk) in docs:
            while current < index:
                yield claims
                claims, current = [], current + 1
            claims.extend(self._claims(doc, offset, chunk))
        while current < count:
            yield claims
            claims, current = [], current + 1

    def extract_one(self, text: str) -> list[ClaimSpan]:
        return next(self.extract([text]))

    def _claims(self, doc: Any, offset: int, text: str | None = None) -> Iterator[ClaimSpan]:
        # `text` is the string the doc was made from, i.e. doc.text, which spaCy rebuilds
        # token by token on every access.
        if text is None:
            text = doc_text(doc)
        name = self.name
        for span in doc.spans[self.spans_key]:
            # A token may carry a BOM or a joiner the detector trimmed off the claim.
            start, end = trim(text, span.start_char, span.end_char)
            extension = span._
            yield ClaimSpan(
                start=offset + start,
                end=offset + end,
                text=text[start:end],
                reasons=tuple(extension.claim_reasons or ()),
                speaker=extension.claim_speaker,
                pipeline=name,
            )


def load_pipeline(prefer: str = "auto") -> ClaimPipeline:
    """The claim pipeline: "model" (trained spaCy model), "rules" (spaCy only), or "auto"
    (the model when installed, else rules). Built once per process and choice."""
    if prefer not in CHOICES:
        raise ValueError(f"prefer must be one of {CHOICES}, not {prefer!r}")
    with _cache_lock:
        if prefer not in _cache:
            if prefer == "auto":
                try:
                    _cache["auto"] = _cache.get("model") or _build_model_pipeline()
                except PipelineUnavailable:
                    _cache["auto"] = _cache.get("rules") or _build_rules_pipeline()
            elif prefer == "model":
                _cache["model"] = _build_model_pipeline()
            else:
                _cache["rules"] = _build_rules_pipeline()
            keep_text(_cache[prefer].nlp)
        return _cache[prefer]


def _build_model_pipeline() -> ClaimPipeline:
    import spacy
    from spacy.util import load_config

    import claimdesk.nlp.detector as detector  # registers the claim_detector factory

    config = load_config(resource(MODEL_CONFIG))
    nlp = None
    for package in config["model"]["names"]:
        try:
            nlp = spacy.load(package)
            break
        except OSError:  # not installed: try the next name; never download
            continue
    if nlp is None:
        raise PipelineUnavailable(f"no spaCy model installed among {config['model']['names']}")
    settings = dict(config["components"][detector.COMPONENT_NAME])
    factory = settings.pop("factory")
    nlp.add_pipe(factory, name=detector.COMPONENT_NAME, config=settings)
    extra = config.get("claimdesk", {})
    _allow_paragraphs(nlp, extra)
    meta = nlp.meta
    name = (
        f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}-{meta.get('version', '0')}"
        f"+{detector.COMPONENT_NAME}-{detector.COMPONENT_VERSION}"
    )
    return _pipeline(nlp, name, "model", settings, extra)


def _build_rules_pipeline() -> ClaimPipeline:
    from spacy.util import load_config, load_model_from_config

    # Importing the modules registers the factories the config names.
    import claimdesk.nlp.detector as detector
    import claimdesk.nlp.markers  # noqa: F401
    import claimdesk.nlp.sentences  # noqa: F401

    config = load_config(resource(RULES_CONFIG))
    extra = dict(config.get("claimdesk", {}))
    # The [claimdesk] section is ours, not spaCy's: keep it out of the model config.
    nlp_config = {key: value for key, value in config.items() if key != "claimdesk"}
    nlp = load_model_from_config(type(config)(nlp_config), auto_fill=True, validate=True)
    _allow_paragraphs(nlp, extra)
    name = f"{extra.get('name', 'claimdesk_rules')}-{extra.get('version', 1)}"
    settings = dict(config["components"][detector.COMPONENT_NAME])
    return _pipeline(nlp, name, "rules", settings, extra)


def _allow_paragraphs(nlp: Language, extra: dict) -> None:
    limit = int(extra.get("max_paragraph_chars", DEFAULT_MAX_CHARS))
    nlp.max_length = max(nlp.max_length, limit + 1)


def _pipeline(nlp: Language, name: str, kind: str, settings: dict, extra: dict) -> ClaimPipeline:
    return ClaimPipeline(
        nlp=nlp,
        name=name,
        kind=kind,
        spans_key=settings.get("spans_key", "claims"),
        batch_size=int(extra.get("batch_size", 32)),
        max_paragraph_chars=int(extra.get("max_paragraph_chars", DEFAULT_MAX_CHARS)),
    )

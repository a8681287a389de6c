"""The text a Doc was made from, read once per Doc.

spaCy rebuilds `Doc.text` by joining every token (one Python `Token` object each) on every
access; for a rules pipeline that was a quarter of an import. The tokenizer is wrapped to keep
the original string on the Doc (spaCy's tokenization is non-destructive, so the two are equal),
and `doc_text` falls back to `Doc.text` once for Docs made elsewhere.
"""

from __future__ import annotations

from typing import Any

KEY = "claimdesk_text"


def doc_text(doc: Any) -> str:
    text = doc.user_data.get(KEY)
    if text is None:
        text = doc.text
        doc.user_data[KEY] = text
    return text


class TextKeepingTokenizer:
    """Calls the real tokenizer and remembers the text on the Doc; everything else is the
    real tokenizer's (serialisation, special cases, explain...)."""

    def __init__(self, tokenizer: Any):
        self._tokenizer = tokenizer

    def __call__(self, text: str):
        doc = self._tokenizer(text)
        doc.user_data[KEY] = text
        return doc

    def __getattr__(self, name: str):
        return getattr(self._tokenizer, name)


def keep_text(nlp: Any) -> Any:
    if not isinstance(nlp.tokenizer, TextKeepingTokenizer):
        nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    return nlp

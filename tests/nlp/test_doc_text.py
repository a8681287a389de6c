"""The text kept on a Doc equals what spaCy would rebuild, and the pipeline keeps it."""

import spacy

from claimdesk.nlp import load_pipeline
from claimdesk.nlp.doc_text import KEY, doc_text, keep_text


def test_kept_text_equals_doc_text_with_odd_whitespace_and_emoji():
    nlp = keep_text(spacy.blank("en"))
    text = "  Two  spaces, a tab\tand 👍🏽 emoji.\r\nThen U.S. officials said 5 died.  "
    doc = nlp(text)
    assert doc.user_data[KEY] == text == doc.text
    assert doc_text(doc) == text


def test_docs_made_without_the_wrapper_fall_back_to_doc_text():
    doc = spacy.blank("en")("Five people died.")
    assert KEY not in doc.user_data
    assert doc_text(doc) == "Five people died."
    assert doc.user_data[KEY] == "Five people died."


def test_the_claim_pipeline_keeps_the_text():
    pipeline = load_pipeline("rules")
    doc = pipeline.nlp("Officials said 40 people were evacuated on Friday.")
    assert doc.user_data[KEY] == doc.text

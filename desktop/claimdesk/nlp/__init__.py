"""Claim extraction: a spaCy `claim_detector` component, a trained-model pipeline and a
rule-based fallback that needs nothing but spaCy.

Importing this package does not import spaCy; load_pipeline() does, on first use.
"""

from claimdesk.nlp.pipeline import ClaimPipeline, PipelineUnavailable, load_pipeline

__all__ = ["ClaimPipeline", "PipelineUnavailable", "load_pipeline"]

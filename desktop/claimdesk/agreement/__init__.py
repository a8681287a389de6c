"""Agreement metrics and the disagreement queue, as pure functions on plain Python data.

No Qt and no SQL here: the store layer builds ``Ratings`` (claim -> {annotator: label}),
``Links`` (annotator -> {(claim_a, claim_b, kind)}), ``Gold`` (claim -> label) and
``StoryOf`` (claim -> story) and calls these functions.

Figures that cannot be computed are ``None`` with a ``reason``; nothing returns NaN or raises
on degenerate input.
"""

from claimdesk.agreement.data import (
    EncodedRatings,
    Gold,
    Links,
    Ratings,
    StoryOf,
    encode_ratings,
    order_labels,
)
from claimdesk.agreement.links import LinkAgreement, link_agreement, pairwise_link_agreement
from claimdesk.agreement.pairwise import (
    GoldAgreement,
    PairAgreement,
    cohens_kappa,
    cohens_kappa_from_table,
    gold_agreement,
    pairwise_cohens_kappa,
)
from claimdesk.agreement.queue import (
    Disagreement,
    DisagreementKind,
    DisagreementShape,
    QueueTable,
    disagreement_table,
    disagreements,
)
from claimdesk.agreement.reliability import (
    LabelFigures,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    krippendorff_alpha,
    krippendorff_alpha_from_counts,
    label_figures_from_counts,
    observed_agreement,
    observed_agreement_from_counts,
    specific_agreement,
    specific_agreement_from_counts,
)
from claimdesk.agreement.report import Report, StoryFigures, agreement_report, report_from_encoded
from claimdesk.agreement.results import Coefficient, Proportion

__all__ = [
    "Coefficient",
    "Disagreement",
    "DisagreementKind",
    "DisagreementShape",
    "EncodedRatings",
    "Gold",
    "GoldAgreement",
    "LabelFigures",
    "LinkAgreement",
    "Links",
    "PairAgreement",
    "Proportion",
    "Ratings",
    "Report",
    "StoryFigures",
    "StoryOf",
    "agreement_report",
    "cohens_kappa",
    "cohens_kappa_from_table",
    "QueueTable",
    "disagreement_table",
    "disagreements",
    "encode_ratings",
    "fleiss_kappa",
    "fleiss_kappa_from_counts",
    "gold_agreement",
    "krippendorff_alpha",
    "krippendorff_alpha_from_counts",
    "label_figures_from_counts",
    "link_agreement",
    "observed_agreement",
    "observed_agreement_from_counts",
    "order_labels",
    "pairwise_cohens_kappa",
    "pairwise_link_agreement",
    "report_from_encoded",
    "specific_agreement",
    "specific_agreement_from_counts",
]

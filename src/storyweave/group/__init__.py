"""Story grouping: pairwise similarity with dimensions, candidate retrieval, incremental clustering."""

from .cluster import GroupResult, GroupState, group
from .features import (
    GroupDoc,
    TermStats,
    build_group_doc,
    content_terms,
    entities_from_mentions,
    lead_people_from_mentions,
    make_minhash,
    prepare,
)
from .options import GroupOptions
from .similarity import FEATURES, Similarity, similarity

__all__ = [
    "FEATURES",
    "GroupDoc",
    "GroupOptions",
    "GroupResult",
    "GroupState",
    "Similarity",
    "TermStats",
    "build_group_doc",
    "content_terms",
    "entities_from_mentions",
    "group",
    "lead_people_from_mentions",
    "make_minhash",
    "prepare",
    "similarity",
]

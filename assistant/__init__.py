"""tradeoffs: cited answers on AI/ML-on-EKS architecture decisions."""

from ingest.errors import (
    IndexBroken,
    IndexEmpty,
    IndexFormatMismatch,
    IndexLocked,
    IndexMissing,
    IndexWriteFailed,
    ModelMismatch,
    NotAnIndexFolder,
    StoreUnavailable,
    TradeoffsError,
    UnknownChapter,
    UnreadableDocument,
    UsageError,
)
from ingest.settings import Settings

from .core import Assistant
from .models import Answer, Cell, Citation, Comparison, Confidence, Passage
from .retrieval.retriever import Mode, RetrievalConfig

__all__ = [
    "Answer",
    "Assistant",
    "Cell",
    "Citation",
    "Comparison",
    "Confidence",
    "IndexBroken",
    "IndexEmpty",
    "IndexFormatMismatch",
    "IndexLocked",
    "IndexMissing",
    "IndexWriteFailed",
    "Mode",
    "ModelMismatch",
    "NotAnIndexFolder",
    "Passage",
    "RetrievalConfig",
    "Settings",
    "StoreUnavailable",
    "TradeoffsError",
    "UnknownChapter",
    "UnreadableDocument",
    "UsageError",
]

"""tradeoffs: cited answers on AI/ML-on-EKS architecture decisions."""

from ingest.errors import IndexMissing, TradeoffsError, UsageError
from ingest.settings import Settings

from .core import Assistant
from .models import Answer, Cell, Citation, Comparison, Confidence, Passage
from .retrieval import Mode, RetrievalConfig

__all__ = [
    "Answer",
    "Assistant",
    "Cell",
    "Citation",
    "Comparison",
    "Confidence",
    "IndexMissing",
    "Mode",
    "Passage",
    "RetrievalConfig",
    "Settings",
    "TradeoffsError",
    "UsageError",
]

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
from ingest.tuning import ExtractiveParams, Mode, RetrievalConfig, Tuning

from .answering.citing import is_supported
from .core import Assistant
from .models import (
    NOT_COVERED,
    QUOTE_JOINER,
    Answer,
    AnswerMode,
    Cell,
    Citation,
    Comparison,
    Confidence,
    Notice,
    Passage,
    fallback_notice,
)
from .query.followup import Turn
from .query.reading import prepare_question

__all__ = [
    "NOT_COVERED",
    "QUOTE_JOINER",
    "Answer",
    "AnswerMode",
    "Assistant",
    "Cell",
    "Citation",
    "Comparison",
    "Confidence",
    "ExtractiveParams",
    "IndexBroken",
    "IndexEmpty",
    "IndexFormatMismatch",
    "IndexLocked",
    "IndexMissing",
    "IndexWriteFailed",
    "Mode",
    "ModelMismatch",
    "NotAnIndexFolder",
    "Notice",
    "Passage",
    "RetrievalConfig",
    "Settings",
    "StoreUnavailable",
    "TradeoffsError",
    "Tuning",
    "Turn",
    "UnknownChapter",
    "UnreadableDocument",
    "UsageError",
    "fallback_notice",
    "is_supported",
    "prepare_question",
]

"""Domain errors. Front ends turn each into a one-line message that says what to do next."""

from __future__ import annotations


class TradeoffsError(Exception):
    """Base for every predictable problem a user can act on."""


class IndexMissing(TradeoffsError):
    def __init__(self, index_dir: str) -> None:
        super().__init__(
            f"no index at {index_dir}: build it with `tradeoffs ingest corpus --index {index_dir}`"
        )


class IndexLocked(TradeoffsError):
    def __init__(self, lock_path: str, waited: float) -> None:
        super().__init__(
            f"another ingest is writing this index (waited {waited:.0f}s for lock {lock_path}); "
            "wait for it to finish or pass --wait SECONDS"
        )


class ModelMismatch(TradeoffsError):
    def __init__(self, index_model: str, settings_model: str) -> None:
        super().__init__(
            f"the index was built with {index_model} but this run uses {settings_model}; "
            "re-ingest with --rebuild"
        )


class UnreadableDocument(TradeoffsError):
    """A file that cannot be loaded; the reason is one line and names no internals."""


class UsageError(TradeoffsError):
    """Bad arguments or input from the user (exit code 2)."""

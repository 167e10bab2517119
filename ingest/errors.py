"""Domain errors. Front ends turn each into a one-line message that says what to do next.

`UsageError` and its subclasses are the caller's mistake (the CLI exits 2); every other
`TradeoffsError` is a problem with the index, the store or the disk (the CLI exits 1).
"""

from __future__ import annotations

from collections.abc import Sequence

REBUILD = "re-ingest with `tradeoffs ingest --rebuild`"


class TradeoffsError(Exception):
    """Base for every predictable problem a user can act on."""


class UsageError(TradeoffsError):
    """Bad arguments or input from the user (exit code 2)."""


class UnknownChapter(UsageError):
    def __init__(self, unknown: Sequence[str], available: Sequence[str]) -> None:
        names = ", ".join(available) if available else "none"
        super().__init__(f"no chapter named {', '.join(unknown)} in the index; "
                         f"the chapters are: {names}")


class InvalidSetting(UsageError):
    """A setting (a TRADEOFFS_* variable, a flag or a Settings field) with a bad value."""

    def __init__(self, name: str, value: object, expected: str) -> None:
        super().__init__(f"{name} must be {expected}, not {value!r}")


class IndexMissing(TradeoffsError):
    def __init__(self, index_dir: str) -> None:
        super().__init__(
            f"no index at {index_dir}: build it with `tradeoffs ingest corpus --index {index_dir}`"
        )


class IndexEmpty(TradeoffsError):
    def __init__(self, index_dir: str) -> None:
        super().__init__(
            f"the index at {index_dir} holds no documents: put Markdown, text or PDF files in "
            f"a folder and run `tradeoffs ingest FOLDER --index {index_dir}`"
        )


class IndexBroken(TradeoffsError):
    """The index's own files are unreadable or contradict each other."""

    def __init__(self, index_dir: str, reason: str) -> None:
        super().__init__(f"the index at {index_dir} is damaged ({reason}); {REBUILD}")
        self.reason = reason


class NotAnIndexFolder(UsageError):
    """An ingest was pointed at a folder that holds someone's files but no index."""

    def __init__(self, index_dir: str, example: str) -> None:
        super().__init__(
            f"{index_dir} is not a tradeoffs index but holds other files (such as {example}); "
            "an ingest writes only into a new or empty folder or an existing index, so point "
            "--index (or TRADEOFFS_INDEX_DIR) at one of those"
        )


class IndexFormatMismatch(TradeoffsError):
    def __init__(self, index_dir: str, found: object, expected: int) -> None:
        newer = isinstance(found, int) and found > expected
        age = "a newer" if newer else "an older"
        hint = "upgrade tradeoffs, or " if newer else ""
        super().__init__(
            f"the index at {index_dir} was written by {age} version of tradeoffs (index format "
            f"{found}, this version reads {expected}); {hint}{REBUILD}"
        )


class IndexLocked(TradeoffsError):
    def __init__(self, lock_path: str, waited: float) -> None:
        super().__init__(
            f"another ingest is writing this index (waited {waited:.0f}s for lock {lock_path}); "
            "wait for it to finish or pass --wait SECONDS"
        )


class IndexWriteFailed(TradeoffsError):
    """Writing a new index failed part-way; the committed one is untouched."""

    def __init__(self, index_dir: str, reason: str) -> None:
        super().__init__(
            f"could not write the index at {index_dir} ({reason}); the previous index is "
            "unchanged and still answers questions; fix that and run the ingest again"
        )


class ModelMismatch(TradeoffsError):
    def __init__(self, index_model: str, settings_model: str) -> None:
        super().__init__(
            f"the index was built with {index_model} but this run uses {settings_model}; "
            "re-ingest with --rebuild"
        )


class StoreUnavailable(TradeoffsError):
    """The Chroma server cannot be reached or refused a request."""

    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__(
            f"cannot use the Chroma server at {host}:{port} ({reason}); start one with "
            f"`chroma run --path DIR --host {host} --port {port}`, or unset "
            "TRADEOFFS_CHROMA_HOST to keep the vectors in the index folder"
        )


class UnreadableDocument(TradeoffsError):
    """A file that cannot be loaded; the reason is one line and names no internals."""


def first_line(exc: BaseException, limit: int = 200) -> str:
    """An exception's message cut to its first line (its type name when it has none), for
    one-line reports of failures no domain error names."""
    lines = str(exc).strip().splitlines()
    return lines[0][:limit] if lines else type(exc).__name__


def described(exc: BaseException) -> str:
    """`Type: first line of the message`, or just the type when there is no message."""
    text = first_line(exc)
    return type(exc).__name__ if text == type(exc).__name__ else f"{type(exc).__name__}: {text}"


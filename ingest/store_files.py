"""The embedded store's files, looked at without Chroma: whether they are whole, and
moving a damaged store out of the way. Chroma takes a second to import, and opening
it writes, which a read-only index refuses; these checks do neither."""

from __future__ import annotations

import os
import struct
import sys
import time
from pathlib import Path

from .settings import Settings

SQLITE_FILE = "chroma.sqlite3"


def store_damage(settings: Settings, thorough: bool = False) -> str | None:
    """Why the embedded store's files cannot serve, found without opening Chroma (which
    takes a second to import); None when they look whole, or in server mode. `thorough`
    also reads every page of the database (a damage inside a file of the right size)."""
    if settings.server_mode:
        return None
    database = settings.index_dir / "chroma" / SQLITE_FILE
    if not database.parent.is_dir():
        return "its vector store chroma/ is missing"
    try:
        with open(database, "rb") as fh:
            header = fh.read(100)
            size = os.fstat(fh.fileno()).st_size
    except FileNotFoundError:
        return f"its vector store lacks chroma/{SQLITE_FILE}"
    except OSError as exc:
        return f"cannot read chroma/{SQLITE_FILE} ({exc.strerror or exc})"
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return f"chroma/{SQLITE_FILE} is cut short or not a database"
    # SQLite's header gives the page size and, when its two change counters agree, the
    # page count: a file shorter than that was cut (copied in part, or a disk filled).
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    pages, changed, valid_for = (struct.unpack(">I", header[o:o + 4])[0] for o in (28, 24, 92))
    if pages and changed == valid_for and size < pages * page_size:
        return f"chroma/{SQLITE_FILE} is cut short ({size} of {pages * page_size} bytes)"
    return _check_pages(database) if thorough else None


def _check_pages(database: Path) -> str | None:
    import sqlite3
    from contextlib import closing

    try:  # read-only: it works on a read-only index and never changes the store
        with closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)) as db:
            found = db.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.Error as exc:
        return f"chroma/{SQLITE_FILE} is damaged ({exc})"
    if found and found[0] != "ok":
        return f"chroma/{SQLITE_FILE} is damaged ({str(found[0])[:120]})"
    return None


def move_store_aside(settings: Settings) -> Path | None:
    """Move a damaged embedded store out of the way, kept for a look; None if none."""
    store = settings.index_dir / "chroma"
    if settings.server_mode or not store.exists():
        return None
    aside = store.with_name(f"chroma.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    store.rename(aside)
    forget_client(store)
    return aside


def forget_client(path: Path) -> None:
    """Drop this process's cached Chroma system for `path`, if chromadb is loaded: it
    would keep using the files that were deleted or moved aside, not a new store's."""
    if "chromadb" not in sys.modules:
        return
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_refcount.pop(str(path), None)
    system = SharedSystemClient._identifier_to_system.pop(str(path), None)
    if system is not None:
        try:
            system.stop()
        except Exception:  # a damaged store may fail to close; it is out of the way anyway
            pass

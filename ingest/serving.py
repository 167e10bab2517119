"""Opening an index for reading: check what a reader relies on, write nothing.

A reader needs the committed generation (see `snapshot`) and its vectors. Up to the
exact-search limit the generation caches them, and the store is opened only when they
are not cached, so an index on a read-only file system answers too.
"""

from __future__ import annotations

from .chunk_table import chunk_ids
from .errors import IndexBroken
from .settings import Settings
from .snapshot import IndexSnapshot
from .store import LazyStore, index_id
from .store_files import store_damage


def open_store(settings: Settings, snapshot: IndexSnapshot, thorough: bool = False) -> LazyStore:
    """The index's store, checked: its id and its embedded store's files are whole, and a
    server's collection holds the index's vectors. IndexBroken otherwise, so that a
    store that lost its vectors never makes every question look not covered.
    `thorough` reads the whole embedded database, for `status`."""
    index_id(settings.index_dir, create=False)
    damage = store_damage(settings, thorough)
    if damage:
        raise IndexBroken(str(settings.index_dir), damage)
    store = LazyStore(settings)
    if settings.server_mode:  # fails fast when the server is down, and costs no write
        store.open().check_holds(chunk_ids(snapshot.chunks))
    return store

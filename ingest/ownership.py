"""What an index folder is and owns: the marker an ingest writes into it.

An ingest writes only into a new or empty folder or one that is already an index, so
pointing `--index` at a folder of one's own costs no file. A folder becomes an index on
its first ingest, which writes `tradeoffs-index.json`; an index written by an earlier
version is known by its manifest and id. The marker records:
- the folder the index id was made in (absolute path and inode): a copied or moved
  folder is told apart from its original and gets an id, so a collection, of its own;
  its ingests never delete the original's vectors on a shared Chroma server;
- the generation folders this index made and has not removed yet: cleanup removes
  those and nothing else, and generation numbers follow them, never a folder's name.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from .errors import IndexBroken, NotAnIndexFolder
from .manifest import MANIFEST, generation_dir, write_atomic

MARKER = "tradeoffs-index.json"
INDEX_ID = "index-id"
LOCK = "ingest.lock"
PENDING_IDS = "pending-ids.json"  # vectors upserted but not yet named by a manifest
STORE_DIR = "chroma"
FEEDBACK = "feedback.sqlite3"  # the app's feedback file lies in the index folder by default
# The top-level names an index writes besides its generation folders; each also with a
# suffix (`.tmp` of an atomic write, `-journal` of SQLite, `.damaged-…` of a store
# moved aside). A corpus folder that is also the index folder passes over them.
OWN_NAMES = (MARKER, MANIFEST, INDEX_ID, LOCK, PENDING_IDS, STORE_DIR, FEEDBACK)


@dataclass(frozen=True)
class Home:
    """The folder an index id was made in."""

    path: str
    inode: int
    device: int

    @classmethod
    def of(cls, folder: Path) -> Home:
        stat = folder.stat()
        return cls(str(folder.resolve()), stat.st_ino, stat.st_dev)

    def same_folder(self, other: Home) -> bool:
        # Not the device: one network share mounted at the same path on two hosts is
        # one folder, and some file systems number their devices anew on every mount.
        return self.path == other.path and self.inode == other.inode


@dataclass(frozen=True)
class Marker:
    id: str
    home: Home
    generations: tuple[int, ...] = ()  # generation folders made here and not yet removed

    @classmethod
    def load(cls, index_dir: Path) -> Marker | None:
        try:
            raw = json.loads((index_dir / MARKER).read_text(encoding="utf-8"))
            return cls(str(raw["id"]), Home(**raw["home"]),
                       tuple(int(g) for g in raw.get("generations", ())))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise IndexBroken(str(index_dir), f"its {MARKER} is unreadable") from exc

    def save(self, index_dir: Path) -> None:
        write_atomic(index_dir / MARKER, json.dumps(asdict(self), indent=1))


@dataclass(frozen=True)
class Claim:
    marker: Marker
    copied_from: str | None  # the folder this one was copied or moved from, if it was
    previous_id: str | None  # then the id it had there
    restored_id: bool = False  # the id file was lost and is written again from the marker


def check_ingest_target(index_dir: Path) -> None:
    """Refuse a folder that holds files but is no index: an ingest would write among them.
    Indexes inside it are ours: `tradeoffs eval` keeps its corpora's indexes in the
    default index folder, whether or not the app's own index is built there yet."""
    try:
        names = sorted(n for n in os.listdir(index_dir)
                       if not _made_before_an_index(n) and not is_index(index_dir / n))
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError:
        return  # an unreadable folder fails when the ingest writes, with that reason
    if names and not is_index(index_dir):
        raise NotAnIndexFolder(str(index_dir), names[0])


def _made_before_an_index(name: str) -> bool:
    """Files of ours that a folder may hold before its first ingest: a concurrent first
    ingest's lock, and the feedback file (`tradeoffs feedback` makes it where it points)."""
    return name == LOCK or name == FEEDBACK or name.startswith(FEEDBACK + "-")


def is_index(index_dir: Path) -> bool:
    """A folder with a marker, or an index written before markers existed."""
    if (index_dir / MARKER).exists():
        return True
    if not (index_dir / MANIFEST).is_file():
        return False
    if (index_dir / INDEX_ID).is_file():
        return True
    try:  # the first index format had no id
        raw = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
        return isinstance(raw, dict) and {"model", "chunker", "generation"} <= raw.keys()
    except (OSError, ValueError):
        return False


def claim(index_dir: Path, committed: int | None, rebuild: bool) -> Claim:
    """Read the marker, or write it on a first ingest (or one of an earlier version's
    index). A folder copied or moved from where its id was made gets a new id."""
    here = Home.of(index_dir)
    try:
        marker = Marker.load(index_dir)
    except IndexBroken:
        if not rebuild:
            raise
        marker = None
    stored = _stored_id(index_dir, strict=not rebuild)
    copied_from = previous_id = None
    restored = marker is not None and stored != marker.id
    if marker is None:
        if stored is None and committed is not None and not rebuild:
            raise IndexBroken(str(index_dir), f"its {INDEX_ID} file is missing")
        generations = (committed,) if committed else ()
        marker = Marker(stored or uuid.uuid4().hex, here, generations)
    elif not marker.home.same_folder(here):
        copied_from, previous_id, restored = marker.home.path, marker.id, False
        marker = replace(marker, id=uuid.uuid4().hex, home=here)
    if stored != marker.id:  # new, copied, or a lost id file restored from the marker
        write_atomic(index_dir / INDEX_ID, marker.id + "\n")
    marker.save(index_dir)
    return Claim(marker, copied_from, previous_id, restored)


def _stored_id(index_dir: Path, strict: bool) -> str | None:
    try:
        value = (index_dir / INDEX_ID).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        if strict:
            raise IndexBroken(str(index_dir), f"cannot read its {INDEX_ID} file") from exc
        return None
    if len(value) == 32 and all(c in "0123456789abcdef" for c in value):
        return value
    if strict:
        raise IndexBroken(str(index_dir), f"its {INDEX_ID} file holds no valid id")
    return None


def next_generation(marker: Marker, committed: int | None, index_dir: Path) -> int:
    """Above every generation this index recorded; a folder of that name that it did
    not record (someone else's) is stepped over, never written into."""
    number = max((*marker.generations, committed or 0)) + 1
    while generation_dir(index_dir, number).exists():
        number += 1
    return number


def remove_generations(index_dir: Path, marker: Marker, keep: int) -> Marker:
    """Remove the generation folders this index recorded, except `keep`; one that
    cannot be removed stays recorded, for the next ingest to try again."""
    left = []
    for number in marker.generations:
        if number == keep:
            continue
        try:
            shutil.rmtree(generation_dir(index_dir, number))
        except FileNotFoundError:
            pass
        except OSError:
            left.append(number)
    return replace(marker, generations=tuple(sorted({keep, *left})))


def pass_over(index_dir: Path, root: Path, marker: Marker | None) -> Callable[[Path], bool]:
    """What discovery passes over silently: index folders inside the corpus (this one and
    any other) or, when the corpus folder is this index's folder, its own files."""
    index_dir, root = index_dir.resolve(), root.resolve()
    own: set[Path] = set()
    if index_dir == root:
        recorded = {generation_dir(index_dir, g).name for g in (marker.generations if marker
                                                                 else ())}
        own = {index_dir / n for n in os.listdir(index_dir)
               if n in recorded or any(n == o or n.startswith((o + ".", o + "-"))
                                       for o in OWN_NAMES)}
    else:
        own = {index_dir}

    def skip(path: Path) -> bool:
        return path in own or (path.is_dir() and not path.is_symlink() and is_index(path))

    return skip

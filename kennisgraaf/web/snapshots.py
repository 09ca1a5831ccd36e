"""Checkpoints of the embedded store for the query workers to open read-only.

A worker that opens the live store read-only races the server's compactions: a file
listed in the manifest it just read can be deleted a moment later (the soak saw one
read in 12,000 fail that way). A RocksDB checkpoint (``Store.backup``: hard links, a
few ms at 10,000 articles) never changes and keeps its files while it exists, so
workers open the newest checkpoint instead. One is taken for the first query after a
write, and an older one is deleted once no query runs on it; the folder of a server
that was killed is removed by the next one that starts.
"""

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class Snapshots:
    """The checkpoints of the store at ``store``, taken by ``checkpoint(target)``."""

    def __init__(self, store: Path, checkpoint: Callable[[Path], None]) -> None:
        self._checkpoint = checkpoint
        _remove_orphans(store)
        # Next to the store: hard links need the same file system.
        self._root = Path(tempfile.mkdtemp(prefix=f".{store.name}-snapshots-{os.getpid()}-",
                                           dir=store.parent))
        self._lock = threading.Lock()
        self._taken = 0
        self._current: Path | None = None
        self._users: dict[Path, int] = {}

    def wrote(self) -> None:
        """The store changed: the next query gets a new checkpoint."""
        with self._lock:
            self._current = None

    @contextmanager
    def use(self) -> Iterator[Path]:
        """The newest checkpoint, kept while the block runs."""
        with self._lock:
            if self._current is None:
                self._taken += 1
                target = self._root / str(self._taken)
                self._checkpoint(target)
                self._current = target
                self._users[target] = 0
                self._drop_unused()
            path = self._current
            self._users[path] += 1
        try:
            yield path
        finally:
            with self._lock:
                self._users[path] -= 1
                self._drop_unused()

    def _drop_unused(self) -> None:
        for path, users in list(self._users.items()):
            if users == 0 and path != self._current:
                del self._users[path]
                shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            self._users.clear()
            self._current = None
            shutil.rmtree(self._root, ignore_errors=True)


def _remove_orphans(store: Path) -> None:
    """Remove the checkpoint folders of servers that no longer run: their hard links
    keep files that compactions removed from the live store, up to a store's worth."""
    prefix = f".{store.name}-snapshots-"
    for folder in store.parent.glob(prefix + "*"):
        pid = folder.name.removeprefix(prefix).split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True

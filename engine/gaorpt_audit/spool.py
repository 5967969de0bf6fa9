"""Where the cross-year step keeps a run's results until the last file is read (issue 17).

Cross-year and cross-publisher rules need every report of the run before the first result
can be finished, so the step must hold them all. Held as Python objects, a result and its
trimmed report cost ~325 KB: 3.2 GB at 10,000 reports. The first ``MEMORY_ITEMS`` items stay
objects (a run of a few hundred reports pays nothing); beyond that each is packed (pickled,
zlib-compressed: ~20 KB a pair) and appended to an anonymous temporary file, and read back
when asked for: ~2.5 ms a report for the round trip (pydantic pickling), the price of a
flat memory. Reports that arrive packed from a worker process (carry.py) are stored as
they are, in memory up to ``MEMORY_ITEMS`` × ``PACKED_BYTES``, then on disk. A few recently
unpacked items are cached: the reports of one publisher are asked for together.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import zlib
from collections import OrderedDict
from typing import IO, Any

MEMORY_ITEMS = 600  # items (300 results with their reports, ~100 MB) held as objects
CACHE_ITEMS = 64  # items unpacked, kept for the next look-up
PACKED_BYTES = 20_000  # packed bytes held in memory per memory item (~a report's size)
_OBJECT, _PACKED, _ON_DISK = 0, 1, 2


def pack(obj: Any) -> bytes:
    return zlib.compress(pickle.dumps(obj, pickle.HIGHEST_PROTOCOL), 1)


def unpack(data: bytes) -> Any:
    return pickle.loads(zlib.decompress(data))


class Spool:
    """Append-only store of picklable objects, each addressed by the int ``put`` returns."""

    def __init__(self, memory_items: int | None = None) -> None:
        self.memory_items = MEMORY_ITEMS if memory_items is None else memory_items
        # per slot: the object itself, its packed bytes, or (offset, length) in _file
        self._slots: list[tuple[int, Any]] = []
        self._held = 0  # objects held as they are
        self._held_bytes = 0  # packed bytes held in memory
        self._file: IO[bytes] | None = None
        self._cache: OrderedDict[int, Any] = OrderedDict()

    def __len__(self) -> int:
        return len(self._slots)

    def put(self, obj: Any) -> int:
        if self._held < self.memory_items:
            self._held += 1
            self._slots.append((_OBJECT, obj))
            return len(self._slots) - 1
        return self.put_packed(pack(obj))

    def put_packed(self, data: bytes) -> int:
        """An object already packed (``pack``: pickle + zlib), e.g. by a worker process."""
        if self._held_bytes + len(data) <= self.memory_items * PACKED_BYTES:
            self._held_bytes += len(data)
            self._slots.append((_PACKED, data))
            return len(self._slots) - 1
        if self._file is None:
            # unbuffered: every write is on the file before a pread (get) looks for it
            self._file = tempfile.TemporaryFile(buffering=0, prefix="gaorpt-spool-")  # noqa: SIM115
        offset = self._file.seek(0, 2)
        view = memoryview(data)
        while view:  # a raw file may take part of it
            written = self._file.write(view)
            if not written:
                raise OSError("the spool file takes no more bytes")
            view = view[written:]
        self._slots.append((_ON_DISK, (offset, len(data))))
        return len(self._slots) - 1

    def get(self, slot: int) -> Any:
        kind, value = self._slots[slot]
        if kind == _OBJECT:
            return value
        if slot in self._cache:
            self._cache.move_to_end(slot)
            return self._cache[slot]
        if kind == _ON_DISK:
            assert self._file is not None
            offset, length = value
            value = _read_at(self._file, offset, length)
        obj = unpack(value)
        self._cache[slot] = obj
        if len(self._cache) > max(1, CACHE_ITEMS):
            self._cache.popitem(last=False)
        return obj

    def on_disk(self) -> int:
        """How many items went to the temporary file (for tests)."""
        return sum(kind == _ON_DISK for kind, _ in self._slots)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._slots.clear()
        self._cache.clear()


def _read_at(file: IO[bytes], offset: int, length: int) -> bytes:
    """pread where there is one: no shared file position, so the children forked for the
    cross-year step (forkmap.py) read the spool at the same time."""
    if hasattr(os, "pread"):
        return os.pread(file.fileno(), length, offset)
    file.seek(offset)
    return file.read(length)

"""Where the cross-year step keeps a run's results until the last file is read (issue 17).

Cross-year and cross-publisher rules need every report of the run before the first result
can be finished, so the step must hold them all. Held as Python objects, a result and its
trimmed report cost ~325 KB: 3.2 GB at 10,000 reports. The first ``MEMORY_ITEMS`` items stay
objects (a run of a few hundred reports pays nothing); beyond that each is pickled,
zlib-compressed (~20 KB a pair) and appended to an anonymous temporary file, and read back
when asked for: ~2.5 ms a report for the round trip (pydantic pickling), the price of a
flat memory. A few recently read items are cached: the reports of one publisher are asked
for together.
"""

from __future__ import annotations

import pickle
import tempfile
import zlib
from collections import OrderedDict
from typing import IO, Any

MEMORY_ITEMS = 600  # items (300 results with their reports, ~100 MB) held as objects
CACHE_ITEMS = 64  # items read back from disk kept for the next look-up


class Spool:
    """Append-only store of picklable objects, each addressed by the int ``put`` returns."""

    def __init__(self, memory_items: int | None = None) -> None:
        self.memory_items = MEMORY_ITEMS if memory_items is None else memory_items
        self._objects: list[Any] = []  # the first items, as they are
        self._spans: list[tuple[int, int]] = []  # later ones: (offset, length) in _file
        self._file: IO[bytes] | None = None
        self._cache: OrderedDict[int, Any] = OrderedDict()

    def __len__(self) -> int:
        return len(self._objects) + len(self._spans)

    def put(self, obj: Any) -> int:
        slot = len(self)
        if len(self._objects) < self.memory_items:
            self._objects.append(obj)
            return slot
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="gaorpt-spool-")  # noqa: SIM115
        data = zlib.compress(pickle.dumps(obj, pickle.HIGHEST_PROTOCOL), 1)
        offset = self._file.seek(0, 2)
        self._file.write(data)
        self._spans.append((offset, len(data)))
        return slot

    def get(self, slot: int) -> Any:
        if slot < len(self._objects):
            return self._objects[slot]
        if slot in self._cache:
            self._cache.move_to_end(slot)
            return self._cache[slot]
        assert self._file is not None
        offset, length = self._spans[slot - len(self._objects)]
        self._file.seek(offset)
        obj = pickle.loads(zlib.decompress(self._file.read(length)))
        self._cache[slot] = obj
        if len(self._cache) > max(1, CACHE_ITEMS):
            self._cache.popitem(last=False)
        return obj

    def on_disk(self) -> int:
        """How many items went to the temporary file (for tests and --statistics)."""
        return len(self._spans)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._objects.clear()
        self._spans.clear()
        self._cache.clear()

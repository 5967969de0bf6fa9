"""File names that are not UTF-8 (issue 16).

On POSIX a name is bytes; Python decodes the bytes that are not UTF-8 to lone surrogates
(``os.fsdecode``'s surrogateescape), which no UTF-8 output can hold. Inside the pipeline
the name stays as decoded (it opens the file, sorts and matches globs); what the user sees
is ``shown(name)``, with U+FFFD for each undecodable byte, and the machine formats keep
the exact bytes in ``raw_hex(name)`` (``path_bytes`` of the JSON).
"""

from __future__ import annotations

import os
import re

_SURROGATE = re.compile(r"[\ud800-\udfff]")


def shown(name: str) -> str:
    """``name`` with each byte that is not UTF-8 shown as U+FFFD (valid UTF-8 text)."""
    return _SURROGATE.sub("\ufffd", name) if _SURROGATE.search(name) else name


def raw_hex(name: str) -> str | None:
    """The bytes of ``name`` as hex when it is not valid UTF-8, else None."""
    if not _SURROGATE.search(name):
        return None
    try:
        return os.fsencode(name).hex()
    except UnicodeError:  # a surrogate that stands for no byte: keep what can be kept
        return name.encode("utf-8", "surrogatepass").hex()

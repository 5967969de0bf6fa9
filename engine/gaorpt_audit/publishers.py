"""Which publisher names are the same publisher.

Reports of one body print its name with or without the enclosing regions
("洪泽区人民政府" in 2023, "淮安市洪泽区人民政府" in 2024). For ranking they are one
publisher. Only a prefix made of region names (…省/市/自治区/州/盟/地区) is ignored, so
"沭阳县人民政府" and "沭阳县发展和改革局" stay apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_REGION_PREFIX = re.compile(r"(?:[\u4e00-\u9fff]{1,8}?(?:省|自治区|自治州|市|州|盟|地区))+")
_MIN_NAME = 5  # generic "人民政府"/"县人民政府"-short names must not absorb every government


def publisher_keys(names: Iterable[str]) -> dict[str, str]:
    """Map every name to a key shared by the names of the same publisher.

    A name's key is the shortest other name it ends with after a region prefix; names are
    processed shortest first, so chains (省+市+区 → 市+区 → 区) end on one key.
    """
    keys: dict[str, str] = {}
    for name in sorted(set(names), key=lambda n: (len(n), n)):
        keys[name] = name
        # Every proper suffix is a shorter name, so already keyed; trying them shortest
        # first finds the same match as a scan of all shorter names, in O(len) lookups.
        for cut in range(len(name) - _MIN_NAME, 0, -1):
            shorter = name[cut:]
            if shorter in keys and _REGION_PREFIX.fullmatch(name[:cut]):
                keys[name] = keys[shorter]
                break
    return keys


# --------------------------------------------------------------------------- identity
# One rule for "the same publisher in another year", used by rank, cross-year and history:
# the printed name normalised (width, script, spelled-out suffixes), then publisher_keys.

_SUFFIXES = (("管理委员会", "管委会"),)
_SPACE = re.compile(r"[\s\u3000·•]+")
_T2S = None


def _simplified(text: str) -> str:
    global _T2S
    if _T2S is None:
        import opencc

        _T2S = opencc.OpenCC("t2s")
    return _T2S.convert(text)


def normalise_name(name: str) -> str:
    """A printed publisher name in one spelling: NFKC (full/half width), Simplified
    script, no spaces, 管理委员会 written 管委会."""
    import unicodedata

    out = _simplified(_SPACE.sub("", unicodedata.normalize("NFKC", name)))
    for long, short in _SUFFIXES:
        out = out.replace(long, short)
    return out


def identity_keys(names: Iterable[str]) -> dict[str, str]:
    """Map every printed name to its publisher key: normalised, then region prefixes
    dropped by publisher_keys (洪泽区人民政府 = 淮安市洪泽区人民政府)."""
    names = sorted(set(names))
    normal = {n: normalise_name(n) for n in names}
    keys = publisher_keys(normal.values())
    return {n: keys[normal[n]] for n in names}


def publisher_identity(
    publisher: str, year: int | None, keys: dict[str, str]
) -> tuple[str, int | None]:
    """(publisher key, year): one report of one publisher."""
    return keys.get(publisher, normalise_name(publisher)), year

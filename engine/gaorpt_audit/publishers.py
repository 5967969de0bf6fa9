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

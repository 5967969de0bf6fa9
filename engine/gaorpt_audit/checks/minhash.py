"""Near-duplicate sections across publishers: MinHash signatures and LSH banding (XYR007).

A section is the set of its character shingles (``SHINGLE`` characters, whitespace
removed, digits masked); two sections' Jaccard similarity is estimated by the share of
equal positions in their signatures. The signature is one-permutation hashing (one
hash per shingle, its low bits choose one of ``PERM`` bins, each bin keeps its smallest
value; empty bins borrow the next filled one), so a section costs one pass over its
shingles instead of ``PERM`` — pure Python, no numpy. Signatures are cut into ``BANDS``
bands; sections sharing a band are candidates (10,000 reports need no 50 million
comparisons), and a candidate is a match when its estimated similarity reaches the
threshold. datasketch would pull numpy and scipy (≈ 40 MB of wheels) for the same job.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

SHINGLE = 5
PERM = 120
BANDS = 20  # 6 rows a band: pairs from ≈ 0.6 similarity on share a band
ROWS = PERM // BANDS
MIN_SHINGLES = 50  # a shorter section says too little to be called a copy
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"[0-9０-９]+")
_MASK = (1 << 64) - 1


def normalised(text: str) -> str:
    return _DIGITS.sub("#", _SPACE.sub("", text))


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "little")


def signature(text: str) -> array | None:
    """The MinHash signature of ``text``, or None when it has too few shingles."""
    t = normalised(text)
    hashes = {_hash(t[i : i + SHINGLE]) for i in range(len(t) - SHINGLE + 1)}
    if len(hashes) < MIN_SHINGLES:
        return None
    bins = [_MASK] * PERM
    for h in hashes:
        b, v = h % PERM, h // PERM
        bins[b] = min(bins[b], v)
    filled = [i for i, v in enumerate(bins) if v != _MASK]
    if len(filled) < PERM:  # densify: an empty bin takes the next filled one's value
        nxt = {i: next((j for j in filled if j > i), filled[0]) for i in range(PERM)}
        bins = [v if v != _MASK else bins[nxt[i]] ^ (i + 1) for i, v in enumerate(bins)]
    return array("Q", bins)


def similarity(a: array, b: array) -> float:
    return sum(x == y for x, y in zip(a, b, strict=True)) / PERM


@dataclass
class Index:
    """Signatures of one section of many reports, banded for candidate look-up."""

    signatures: list[array | None] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)  # publisher key of each entry
    buckets: dict[tuple[int, bytes], list[int]] = field(default_factory=dict)

    def add(self, owner: str, text: str) -> int:
        n = len(self.signatures)
        sig = signature(text)
        self.signatures.append(sig)
        self.owners.append(owner)
        if sig is not None:
            for band in range(BANDS):
                key = (band, sig[band * ROWS : (band + 1) * ROWS].tobytes())
                self.buckets.setdefault(key, []).append(n)
        return n

    def candidates(self, n: int) -> Iterable[int]:
        sig = self.signatures[n]
        if sig is None:
            return []
        seen: set[int] = set()
        for band in range(BANDS):
            key = (band, sig[band * ROWS : (band + 1) * ROWS].tobytes())
            seen.update(self.buckets.get(key, ()))
        return sorted(seen - {n})

    def matches(self, n: int, threshold: float, limit: int) -> list[tuple[int, float]]:
        """Up to ``limit`` entries of other owners at least ``threshold`` similar to
        entry ``n``, in entry order."""
        sig, owner = self.signatures[n], self.owners[n]
        out = []
        for m in self.candidates(n):
            if self.owners[m] == owner:
                continue
            other = self.signatures[m]
            if other is not None and (ratio := similarity(sig, other)) >= threshold:
                out.append((m, ratio))
                if len(out) == limit:
                    break
        return out

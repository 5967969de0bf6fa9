"""Near-duplicate sections across publishers: MinHash signatures and LSH banding (XYR007).

A section is the set of its character shingles (``SHINGLE`` characters, whitespace
removed, digits masked); two sections' Jaccard similarity is estimated by the share of
equal positions in their signatures. The signature is one-permutation hashing (one
hash per shingle, its low bits choose one of ``PERM`` bins, each bin keeps its smallest
value; empty bins borrow the next filled one), so a section costs one pass over its
shingles instead of ``PERM`` — pure Python, no numpy. Signatures are cut into ``BANDS``
bands; sections sharing a band are candidates (10,000 reports need no 50 million
comparisons), and a candidate is a match when its estimated similarity reaches the
threshold. datasketch 2.0 would pull numpy and scipy (52 MB of wheels) for the same job.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

SHINGLE = 5
PERM = 120
BANDS = 20  # 6 rows a band: pairs from ≈ 0.6 similarity on share a band
ROWS = PERM // BANDS
MIN_SHINGLES = 50  # a shorter section says too little to be called a copy
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"[0-9０-９]+")
_MASK = (1 << 64) - 1
_SPREAD = 0x9E3779B97F4A7C15


def normalised(text: str) -> str:
    return _DIGITS.sub("#", _SPACE.sub("", text))


def _shingle_crcs(text: str) -> set[int]:
    """CRC-32 of the UTF-32 bytes of each distinct shingle of ``text`` (normalised)."""
    data = normalised(text).encode("utf-32-le")
    width = 4 * SHINGLE
    return set(map(zlib.crc32, {data[i : i + width] for i in range(0, len(data) - width + 4, 4)}))


def _spread(crc: int) -> int:
    """A CRC spread over 64 bits by a multiply-xorshift. Both steps are bijections (odd
    multiplier, xorshift), so distinct CRCs give distinct hashes."""
    h = (crc * _SPREAD) & _MASK
    return h ^ (h >> 31)


def shingle_hashes(text: str) -> set[int]:
    """64-bit hashes of the distinct shingles of ``text`` (normalised first): CRC-32 of
    the shingle's UTF-32 bytes, spread over 64 bits. Stable across processes, unlike
    hash(); a C call per shingle, unlike a cryptographic digest."""
    return {_spread(c) for c in _shingle_crcs(text)}


def signature(text: str) -> array | None:
    """The MinHash signature of ``text``, or None when it has too few shingles."""
    crcs = _shingle_crcs(text)
    if len(crcs) < MIN_SHINGLES:  # as many hashes as CRCs (_spread is a bijection)
        return None
    # Each bin keeps its smallest hash h (bin h % PERM); the smallest value h // PERM of a
    # bin is that h's, so the division is done once per bin, after the loop.
    empty = _MASK + 1  # above every 64-bit hash
    least = [empty] * PERM
    for crc in crcs:  # _spread inlined: this loop is most of a report's carry cost
        h = (crc * _SPREAD) & _MASK
        h ^= h >> 31
        b = h % PERM
        if h < least[b]:  # noqa: PLR1730 (min() is a call per shingle, twice the cost)
            least[b] = h
    bins = [_MASK if h == empty else h // PERM for h in least]
    if _MASK in bins:  # densify: an empty bin takes the next filled one's value (cyclic)
        carry = next(v for v in bins if v != _MASK)
        for i in range(PERM - 1, -1, -1):
            if bins[i] != _MASK:
                carry = bins[i]
            else:
                bins[i] = carry ^ (i + 1)
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
        return self.add_signature(owner, signature(text))

    def add_signature(self, owner: str, sig: array | None) -> int:
        n = len(self.signatures)
        self.signatures.append(sig)
        self.owners.append(owner)
        if sig is not None:
            for band in range(BANDS):
                key = (band, sig[band * ROWS : (band + 1) * ROWS].tobytes())
                self.buckets.setdefault(key, []).append(n)
        return n

    def candidates(self, n: int) -> Iterator[int]:
        """Entries sharing a band with entry ``n``: band by band, each bucket in entry
        order, each entry once. Lazy, so a look-up that stops early (a big cluster of
        copies) does not walk the whole cluster."""
        sig = self.signatures[n]
        if sig is None:
            return
        seen = {n}
        for band in range(BANDS):
            key = (band, sig[band * ROWS : (band + 1) * ROWS].tobytes())
            for m in self.buckets.get(key, ()):
                if m not in seen:
                    seen.add(m)
                    yield m

    def matches(self, n: int, threshold: float, limit: int) -> list[tuple[int, float]]:
        """Up to ``limit`` entries of other owners at least ``threshold`` similar to
        entry ``n``, in candidate order (deterministic: bands, then entry order)."""
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

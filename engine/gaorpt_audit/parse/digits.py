"""Run-together digits -> candidate cell values (flattened exports such as the Pingtan pages).

``713000074`` printed for seven cells has many readings; a reading is only ever chosen
among splits of the printed digits (no digit is added or dropped), and ``0`` never starts
a multi-digit number (tables do not print leading zeros). Spaces that survived in the
export are hard cell boundaries.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from ..identities import row_holds, t4_holds

MAX_SOLUTIONS = 64  # more readings than this: the run is hopeless, say so rather than search


def splits(tokens: list[str], n: int, limit: int = MAX_SOLUTIONS + 1) -> list[list[int]]:
    """Every way to cut the digit ``tokens`` into exactly ``n`` numbers (in order)."""
    return [list(c) for c in _splits(tuple(tokens), n, limit)]


@lru_cache(maxsize=1024)  # "0000000" and friends repeat in every flattened table
def _splits(tokens: tuple[str, ...], n: int, limit: int) -> tuple[tuple[int, ...], ...]:
    out: list[list[int]] = []
    total_len = sum(len(t) for t in tokens)
    if not tokens or total_len < n or len(tokens) > n:
        return out

    def parts_of(tok: str, k: int) -> list[list[int]]:
        """Cut one token into k numbers."""
        if k == 1:
            return [[int(tok)]] if (tok == "0" or not tok.startswith("0")) else []
        res: list[list[int]] = []
        for i in range(1, len(tok) - k + 2):
            head = tok[:i]
            if len(head) > 1 and head.startswith("0"):
                break
            for rest in parts_of(tok[i:], k - 1):
                res.append([int(head), *rest])
        return res

    def walk(idx: int, remaining: int, acc: list[int]) -> None:
        if len(out) >= limit:
            return
        left = tokens[idx:]
        if idx == len(tokens):
            if remaining == 0:
                out.append(list(acc))
            return
        tok = tokens[idx]
        # each later token takes at least one cell and at most its length
        later_min = len(left) - 1
        later_max = sum(len(t) for t in left[1:])
        for k in range(1, len(tok) + 1):
            if remaining - k < later_min:
                break
            if remaining - k > later_max:
                continue
            for parts in parts_of(tok, k):
                walk(idx + 1, remaining - k, acc + parts)

    walk(0, n, [])
    return tuple(tuple(c) for c in out)


def filtered(cands: list[list[int]], ok: Callable[[list[int]], bool]) -> list[list[int]]:
    return [c for c in cands if ok(c)]


def row_sum_ok(values: list[int]) -> bool:
    """T3-ROW (identities.py) on one row of table 三."""
    return row_holds("T3-ROW", values)


def t4_sums_ok(values: list[int]) -> bool:
    """T4-SUM-R/D/A (identities.py) on the 15 values of table 四."""
    return t4_holds(values)


SEARCH_BUDGET = 200_000  # states of the balanced-split search; beyond it: "don't know"


def balanced_split_exists(tokens: list[str], groups: tuple[int, ...]) -> bool | None:
    """Can the digit ``tokens`` be cut, under the same constraints as ``splits`` (every
    digit used once and in order, spaces are hard boundaries, ``0`` never starts a
    multi-digit number, exactly ``sum(groups)`` cells), so that in each consecutive group
    of cells the last one equals the sum of the others (T3-ROW: one group of 7;
    T4-SUM-R/D/A: three groups of 5)?

    Exhaustive, unlike ``splits`` (which stops at ``MAX_SOLUTIONS``): ``False`` means no
    reading at all balances, so the printed row does not balance whatever its cell
    boundaries were. ``None`` when the search budget ran out (nothing is claimed then).
    """
    s = "".join(tokens)
    n = sum(groups)
    if not tokens or any(not t.isdigit() for t in tokens) or len(s) < n or len(tokens) > n:
        return False
    # token_end[p]: end of the token holding position p (a cell never crosses it);
    # tokens_from[p]: tokens starting at or after p (each needs a cell of its own)
    token_end: list[int] = []
    starts: list[int] = []
    for t in tokens:
        starts.append(len(token_end))
        token_end.extend([len(token_end) + len(t)] * len(t))
    tokens_from = [sum(1 for b in starts if b >= p) for p in range(len(s) + 1)]
    last_of_group: set[int] = set()
    k = 0
    for g in groups:
        k += g
        last_of_group.add(k - 1)
    seen: set[tuple[int, int, int]] = set()

    def fits(p: int, cells: int) -> bool:
        """``cells`` cells can still be cut from position ``p`` to the end."""
        return tokens_from[p] <= cells <= len(s) - p

    def walk(p: int, k: int, partial: int) -> bool | None:
        if k == n:
            return p == len(s)
        if (p, k, partial) in seen:
            return False  # explored before without success
        if len(seen) >= SEARCH_BUDGET:
            return None
        seen.add((p, k, partial))
        end = token_end[p]
        if k in last_of_group:
            # the group's total is forced: the digits at p must spell the sum
            want = str(partial)
            q = p + len(want)
            if q > end or s[p:q] != want or not fits(q, n - k - 1):
                return False
            return walk(q, k + 1, 0)
        unknown = False
        for q in range(p + 1, end + 1):
            if q > p + 1 and s[p] == "0":
                break
            if not fits(q, n - k - 1):
                continue
            got = walk(q, k + 1, partial + int(s[p:q]))
            if got:
                return True
            unknown = unknown or got is None
        return None if unknown else False

    return walk(0, 0, 0)

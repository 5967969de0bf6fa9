"""Places of another province named in a report (XYR008; docs/domain.md §4.2 跨区域抄袭).

The gazetteer (data/regions.json: provinces and their prefecture-level divisions, full
names only) is data. A report's own province comes from its publisher's name
(淮安市洪泽区人民政府 → 江苏省); a name without a place (平潭综合实验区, 洪泽区人民政府)
falls back on the province the report itself names most. A place of another province is
a finding where the report speaks of it as its own: plain text, or a quoted document
whose title starts with that place (《江苏省政府信息公开申请办理答复规范》 is Jiangsu's).
A quoted title naming it further in (《国务院关于支持福建省…的意见》, a national
document) is not, nor are cities of the report's own province.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "regions.json"
# clauses about other places that are legitimately someone else's: pairing aid, study
# visits, cooperation, courts and reconsideration bodies of another place
_EXCUSE = re.compile(r"对口|帮扶|协作|援|考察|学习|交流|合作|来访|赴|兄弟|法院|复议")
_CLAUSE = re.compile(r"[。；;！？!?\n]")


@dataclass(frozen=True)
class Gazetteer:
    province_of: dict[str, str]  # every name (province or city) -> its province
    pattern: re.Pattern[str]


@cache
def gazetteer(path: Path = DATA) -> Gazetteer:
    data = json.loads(path.read_text(encoding="utf-8"))["provinces"]
    province_of = {p: p for p in data}
    for p, cities in data.items():
        province_of.update(dict.fromkeys(cities, p))
    names = sorted(province_of, key=len, reverse=True)  # 吉林市 before 吉林省: both whole
    # 海口市场 is a market, not 海口市 + 场
    pattern = re.compile("(" + "|".join(map(re.escape, names)) + ")(?!场)")
    return Gazetteer(province_of, pattern)


def own_province(publisher: str, text: str, gaz: Gazetteer | None = None) -> str | None:
    """The publisher's province: from its name, else the one its report names most (and
    strictly more than any other)."""
    gaz = gaz or gazetteer()
    for m in gaz.pattern.finditer(publisher):
        return gaz.province_of[m.group(1)]
    counts = Counter(gaz.province_of[m.group(1)] for m in gaz.pattern.finditer(text))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


@dataclass(frozen=True)
class Mention:
    name: str  # 江苏省
    province: str
    start: int  # offset in the text
    passage: str  # the clause around it


def _quote_start(text: str, pos: int) -> int | None:
    """Offset of the 《 of the title ``pos`` is in, or None outside titles."""
    opened = text.rfind("《", 0, pos)
    if opened < 0 or text.rfind("》", opened, pos) >= 0:
        return None
    return opened


def foreign_mentions(text: str, own: str, gaz: Gazetteer | None = None) -> list[Mention]:
    """Places of a province other than ``own`` that ``text`` speaks of as its own."""
    gaz = gaz or gazetteer()
    out = []
    for m in gaz.pattern.finditer(text):
        name = m.group(1)
        province = gaz.province_of[name]
        if province == own:
            continue
        opened = _quote_start(text, m.start())
        if opened is not None and opened + 1 != m.start():
            continue  # named inside another body's (national) document title
        left = max((x.end() for x in _CLAUSE.finditer(text, 0, m.start())), default=0)
        right = _CLAUSE.search(text, m.end())
        passage = text[left : right.start() if right else len(text)]
        if opened is None and _EXCUSE.search(passage):
            continue
        out.append(Mention(name, province, m.start(), passage.strip()))
    return out

"""Keyword maps from printed labels to canonical keys (DESIGN.md "Canonical keys").

Labels are matched by keywords, never by exact strings (docs/domain.md §5 item 8): long labels
are wrapped, truncated or mistyped ("2.其他法律行政止公开") in real reports.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..identities import IDENTITIES
from ..keys import (
    T2_COLUMNS_BY_VERSION,
    T3_BODY,
    T3_COLUMNS,  # noqa: F401 - re-exported for the table tests
    T3_OTHER_2019,
    T3_OTHER_2021,
    T3_ROWS_2019,
    T3_ROWS_2021,
    T3_TAIL,
    T4_COLUMNS,  # noqa: F401 - re-exported for the table tests
    T4_GROUPS,  # noqa: F401 - re-exported for the table tests
)
from .numbers import squash

# Traditional -> Simplified for the characters of the keywords below, so that a report the
# ingest stage did not convert (or a mirror in Traditional script) still matches.
_TRAD = "萬業舉會關內決況減務單發後國處復審對廢開強總執報數機條構現確祕穩糾納組織結繼續維繳罰範補規計認議許訟訪訴詢請購費轉過進採問項題額"
_SIMP = "万业举会关内决况减务单发后国处复审对废开强总执报数机条构现确秘稳纠纳组织结继续维缴罚范补规计认议许讼访诉询请购费转过进采问项题额"
_T2S = str.maketrans(_TRAD, _SIMP)


@lru_cache(maxsize=4096)
def norm_label(text: str) -> str:
    """Label text for keyword matching: no spaces, half-width forms, Simplified script."""
    return squash(text).translate(_T2S)


# ----------------------------------------------------------------------------- table 三

# Keywords of each table 三 row (keys and template order: keys.py); the first keyword
# found in a label decides.
_T3_WORDS: dict[str, tuple[str, ...]] = {
    "new": ("本年新收", "新收政府信息"),
    "carried_over": ("上年结转",),
    "granted": ("予以公开",),
    "partial": ("部分公开",),
    "withheld.state_secret": ("国家秘密",),
    "withheld.prohibited_by_law": ("禁止公开", "其他法律", "法规禁止"),
    "withheld.security_stability": ("三安全", "一稳定"),
    "withheld.third_party": ("第三方",),
    "withheld.internal_affairs": ("内部事务",),
    "withheld.process_info": ("过程性",),
    "withheld.enforcement_files": ("执法案卷",),
    "withheld.query_matters": ("查询事项",),
    "unavailable.not_held": ("不掌握",),
    "unavailable.needs_creation": ("另行制作", "现成信息"),
    "unavailable.unclear_after_correction": ("补正后", "仍不明确"),
    "not_processed.complaint": ("信访", "举报投诉"),
    "not_processed.repeat": ("重复申请",),
    "not_processed.publication": ("出版物",),
    "not_processed.excessive": ("大量反复", "反复申请"),
    "not_processed.confirmation": ("确认或重新", "重新出具"),
    "other.overdue_correction": ("逾期不补正", "不补正"),
    "other.unpaid_fee": ("缴纳费用", "收费通知", "缴费"),
    "other.other": (),  # "3.其他": matched by _OTHER_LEAF below
    "other": ("其他处理",),
    "result_total": ("总计",),
    "carried_forward": ("结转下年", "下年度继续"),
}


def _with_words(keys: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((k, _T3_WORDS[k]) for k in keys)


# (key, keywords) in template order
T3_ROWS_COMMON_HEAD = _with_words(T3_BODY)
T3_ROWS_2021_OTHER = _with_words(T3_OTHER_2021)
T3_ROWS_2019_OTHER = _with_words(T3_OTHER_2019)
T3_ROWS_TAIL = _with_words(T3_TAIL)


def t3_rows(layout: str) -> list[tuple[str, tuple[str, ...]]]:
    other = T3_ROWS_2019_OTHER if layout == "2019" else T3_ROWS_2021_OTHER
    return [*T3_ROWS_COMMON_HEAD, *other, *T3_ROWS_TAIL]


T3_KEYS_2019 = list(T3_ROWS_2019)
T3_KEYS_2021 = list(T3_ROWS_2021)

_OTHER_LEAF = re.compile(r"^(?:\d[.、]?|[(（]?[123][)）]?)?其他$")
_OTHER_GROUP = re.compile(r"^(?:[(（]?六[)）]?)?其他(?:处理)?$")
# The 2021 sub-item labels: seeing any of them makes table 三 a 2021 layout.
T3_2021_MARKERS = ("逾期不补正", "缴纳费用", "收费通知")


@lru_cache(maxsize=4096)
def t3_candidates(label: str) -> tuple[str, ...]:
    """Canonical T3 row keys whose keywords occur in ``label`` (already normalised)."""
    found: list[str] = []
    if _OTHER_LEAF.match(label):
        found.append("other.other")
    if _OTHER_GROUP.match(label):
        found.append("other")
    for key, words in (*T3_ROWS_COMMON_HEAD, *T3_ROWS_2021_OTHER, *T3_ROWS_TAIL):
        if any(w in label for w in words):
            found.append(key)
    if (
        "其他处理" in label
        and "other" not in found
        and not any(k.startswith("other.") for k in found)
    ):
        found.append("other")
    return tuple(found)


# "总计" and "其他" are also header words: a header row is one with several column words.
T3_COLUMN_WORDS = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益",
    "法律服务",
    "申请人情况",
    "法人或其他组织",
)

# ----------------------------------------------------------------------------- table 四

# group -> the identity (identities.py) that infers its cells
T4_IDENTITY = {
    i.lhs[0].split(".")[1].split("[")[0]: i.id for i in IDENTITIES.values() if i.table == "t4"
}

# ----------------------------------------------------------------------------- table 二

# (key, keywords) in matching order (规范性文件 before 规章; keys: keys.py)
T2_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("normative_documents", ("规范性文件",)),
    ("regulations", ("规章",)),
    ("other_services", ("其他对外管理", "对外管理服务")),
    ("licensing", ("行政许可",)),
    ("penalty", ("行政处罚",)),
    ("enforcement", ("行政强制",)),
    ("fees", ("事业性收费", "行政事业")),
    ("procurement", ("集中采购", "政府采购")),
)

# column label keyword -> (column key, version that printed it, canonical label)
T2_COLUMN_WORDS: tuple[tuple[str, str, str, str], ...] = (
    ("新制作", "made", "2019", "本年新制作数量"),
    ("新公开", "published", "2019", "本年新公开数量"),
    ("对外公开总", "total_public", "2019", "对外公开总数量"),
    ("制发", "issued", "2021", "本年制发件数"),
    ("废止", "repealed", "2021", "本年废止件数"),
    ("现行有效", "in_force", "2021", "现行有效件数"),
    ("上一年项目", "previous", "2019", "上一年项目数量"),
    ("增/减", "change", "2019", "本年增/减"),
    ("增减", "change", "2019", "本年增/减"),
    ("本年处理决定", "decisions", "2021", "本年处理决定数量"),
    ("处理决定", "decisions", "", "处理决定数量"),
    ("收费金额", "amount_wan", "2021", "本年收费金额（单位：万元）"),
    ("采购项目数量", "count", "2019", "采购项目数量"),
    ("采购总金额", "amount", "2019", "采购总金额"),
)

T2_COLUMNS = T2_COLUMNS_BY_VERSION  # row -> columns in each format version


def t2_row(label: str) -> str | None:
    for key, words in T2_ROWS:
        if any(w in label for w in words):
            return key
    return None


def t2_columns_in(text: str) -> list[tuple[str, str, str]]:
    """(column key, version, canonical label) of the T2 column labels found in ``text``."""
    found: list[tuple[str, str, str]] = []
    rest = text
    for word, key, version, canonical in T2_COLUMN_WORDS:
        i = rest.find(word)
        if i >= 0:
            found.append((i, key, version, canonical))  # type: ignore[arg-type]
            rest = rest[:i] + "\0" * len(word) + rest[i + len(word) :]
    found.sort()
    return [(k, v, c) for _, k, v, c in found]  # type: ignore[misc]


# ----------------------------------------------------------------------------- anchors

T2_ANCHOR = re.compile(r"第二十条第[(（][一五六八九][)）]项")
T3_ANCHORS = ("勾稽关系", "申请人情况", "本年新收")
T4_ANCHOR_WORDS = ("行政复议",)
T4_HEADER_WORDS = ("结果维持", "结果纠正", "尚未审结", "行政诉讼", "维持", "纠正", "审结")
END_OF_T4 = re.compile(r"^(?:[#\s]*)?(?:五|六)[、.．]|存在的主要问题|主要问题及|改进情况")

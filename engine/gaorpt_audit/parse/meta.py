"""Title, publisher, report year, statistical period, signing/publication date.

Evidence order for the publisher (first found wins):
1. the title as printed ("百步镇人民政府2020年度…年度报告", "2025年上海市人民政府办公厅…年度报告");
2. the signer line above the closing date ("大渡口镇人民政府" / "2020年1月14日"): the
   body that signs the report;
3. nothing else. The preamble's "结合2020年大渡口镇政府信息公开工作" names a place, and the
   contact "请与大渡口镇人民政府办公室联系" names the office that answers questions, not the
   publisher, so neither is used.

publisher_kind (docs/domain.md §1, Art. 49 sets 31 January for 县级以上人民政府部门 and 31 March
for the governments themselves):
- "department" when the name ends with a department word: 办公厅/办公室/局/委/委员会/厅/办/
  中心/署 … ("上海市人民政府办公厅" reports on the office itself, a department of the
  municipal government; "上海市科委" likewise). Checked first, because department names
  often start with the government's name.
- "government" when it ends with 人民政府/政府, with 管委会/管理委员会 (the governing body of a
  zone, which reports for the zone), with 街道办事处 (a township-level 派出机关 that reports
  like a township, not a 部门 of the county), or is a bare place name from the title
  (官元镇, 平潭综合实验区): such reports are the place's own report.
- "unknown" otherwise.

publisher_level: the administrative level of a "government" publisher, the character of its
own region word (全区/全县/全市/全省): 区 for a 区人民政府 and for a zone's body or bare
zone name (平潭综合实验区, …开发区管委会), 县, 市, 省 likewise; None for a township, a
department or an unknown name. In such a government's report 全区/全县/全市 of its own
level is the report's own scope (parse/claims.py).

Report year (``year_source`` records which evidence was used):
1. "title": the year in the title;
2. "preamble": without a title, an explicit phrase before section 一 (or in the first
   paragraph of 一, where a report opening on 一、总体情况 prints its preamble) naming the
   year's work or report ("结合2020年大渡口镇政府信息公开工作编制而成", "现向社会公布
   2021年度…"), outside 《》 (a cited document's year is not the report's);
3. "narrative": else the year that most sentence-opening mentions in the preamble and
   一、总体情况 agree on ("2020年，我镇未收到…"; a strict majority);
4. "period": else the statistical period's start year.
The period is the checked value (DAT005/DAT006 compare it to the year), so it is used
only when nothing else states the year. Conservative: when the preamble names two
years, or the preamble and the narrative disagree, nothing decides and the period's
year is kept. The signing date is not used: it is checked against the year (DAT002).
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import DatedLine, Document, Paragraph, Period, Report
from .dates import ISO_RE, ParsedDate, make_date, parse_date
from .narrative import Stream, View, is_date_only, strip_markup, view_of

_PERIOD_LINES = 150  # the period sentence is in the preamble or 一; tables come later
_HEAD_LINES = 15  # the title, a crawler header or a top date sit in the first lines

_TITLE = re.compile(
    r"(?P<pre>.*?)(?P<year>\d{4})年度?(?P<mid>.*?)(?:政府信息公开|政务公开|信息公开)(?:工作)?"
    r"(?:年度)?(?:报告|年报)"
)
_TITLE_PREFIX = re.compile(r"^(?:标题|题目|名称)[:：]")
# Flipbook (翻页电子书) page chrome glued to a line by the export: "Page8-威海市文登区信访局",
# "page 8 - …", "P8_…", "第8页-…", "第8页/共20页 …" in front, "…年度报告-Page8" behind. Matched
# on text whose spaces are removed; the name or title is what remains.
_PAGE_MARK = r"(?:(?i:page|p)\d{1,4}(?:(?i:of)\d{1,4})?|第\d{1,4}页(?:[/,，]?共\d{1,4}页)?)"
_FLIPBOOK_PREFIX = re.compile(rf"^{_PAGE_MARK}(?:[-_－—–|:：·]+|(?=[\u4e00-\u9fff]))")
_FLIPBOOK_SUFFIX = re.compile(rf"[-_－—–|:：·]+{_PAGE_MARK}$")


def strip_page_chrome(text: str) -> str:
    """``text`` (spaces removed) without a flipbook page marker at either end."""
    if not text:
        return text
    return _FLIPBOOK_SUFFIX.sub("", _FLIPBOOK_PREFIX.sub("", text, count=1), count=1)


_GOVERNMENT_END = re.compile(r"(?:人民政府|政府|管委会|管理委员会|街道办事处)$")
_DEPARTMENT_END = re.compile(
    r"(?:办公厅|办公室|委员会|局|委|厅|办|中心|署|处|所|院|站|队|会|公司|集团|银行)$"
)
_PLACE_END = re.compile(r"(?:省|市|区|县|镇|乡|旗|州|盟|街道|自治区|实验区|新区|开发区)$")

_PERIOD_KEY = re.compile(
    r"统计(?:期限|时限|周期|时间|区间|范围|期)|统计数据(?:的)?时间|数据(?:的)?(?:期限|时限|时间)"
)
_D = r"(?P<{p}y>\d{{4}})\s*年?\s*(?P<{p}m>\d{{1,2}})\s*月\s*(?P<{p}d>\d{{1,2}})\s*日?"
_PERIOD = re.compile(
    _D.format(p="s")
    + r"\s*起?\s*(?:至|到|—|－|-|~|～)\s*(?:(?P<ey>\d{4})\s*年?\s*)?(?P<em>\d{1,2})\s*月"
    r"\s*(?P<ed>\d{1,2})\s*日?"
)
_PUBLISHED = re.compile(r"(?:发布|发表|成文|印发)(?:时间|日期)\s*[:：]")


def extract_meta(doc: Document, report: Report) -> None:
    """Fill title, publisher, publisher_kind, year, period and signed of ``report``."""
    view = view_of(doc)
    paragraphs = view.paragraphs
    title = _find_title(paragraphs)
    if title is not None:
        report.title, title_year, publisher = title
    else:
        title_year, publisher = None, None
    end = view.closing
    if publisher is None and end.signer_para is not None:
        signer = re.sub(r"\s+", "", strip_markup(paragraphs[end.signer_para].text))
        publisher = strip_page_chrome(signer) or None
    report.publisher = publisher
    report.publisher_kind = publisher_kind(publisher, from_title=title is not None)
    report.period = _find_period(view)
    report.signed = _find_signed(paragraphs, end.date_para)
    if title_year is not None:
        report.year, report.year_source = title_year, "title"
        return
    period_year = report.period.start.year if report.period and report.period.start else None
    found = stated_year(view, report)
    if found is not None:
        report.year, report.year_source = found
    elif period_year is not None:
        report.year, report.year_source = period_year, "period"


# --------------------------------------------------------------------------- year evidence

_YEAR = r"(?P<year>\d{4})\s*年(?P<du>度)?(?!\s*\d{1,2}\s*月)"  # not a date (2020年1月1日)
# "结合2020年大渡口镇政府信息公开工作", "2020年度政府信息公开工作年度报告"
_PREAMBLE_YEAR = re.compile(
    _YEAR + r"(?P<work>[^。；;！？!?\n]{0,16}?(?:政府信息公开|政务公开|信息公开))?"
)
_SENTENCE_YEAR = re.compile(
    r"(?:^|(?<=[。；;！？!?\n]))\s*(?:[（(][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]{1,2}"
    r"[、.．]|\d{1,2}[、.．])?\s*" + _YEAR
)
_CITED = re.compile(r"《[^《》]*》|〈[^〈〉]*〉")
_PREAMBLE_PARAS = 30  # paragraphs before section 一 searched for the preamble
_OPENING_CHARS = 300  # of the overview's first paragraph, read as a preamble too


def stated_year(view: View, report: Report) -> tuple[int, str] | None:
    """(year, "preamble" | "narrative") stated by the text of a report without a title,
    or None when the text states no year or its statements disagree."""
    preamble = _blank_cited(_preamble(view, report))
    overview = _blank_cited(next((s.text for s in report.sections if s.key == "overview"), ""))
    # a report opening on 一、总体情况 prints its preamble as the overview's first paragraph
    opening = overview.split("\n", 1)[0][:_OPENING_CHARS]
    phrases = {
        year
        for m in _PREAMBLE_YEAR.finditer(preamble + "\n" + opening)
        if (m.group("du") or m.group("work")) and 1990 <= (year := int(m.group("year"))) <= 2100
    }
    if len(phrases) > 1:
        return None  # the preamble names two years: nothing decides
    counts = Counter(
        int(m.group("year"))
        for text in (preamble, overview)
        for m in _SENTENCE_YEAR.finditer(text)
        if 1990 <= int(m.group("year")) <= 2100
    )
    narrative = None
    if counts:
        (year, n), *_ = counts.most_common(1)
        if n > sum(counts.values()) - n:  # a strict majority of the mentions
            narrative = year
    if phrases:
        year = next(iter(phrases))
        return None if narrative not in (None, year) else (year, "preamble")
    return (narrative, "narrative") if narrative is not None else None


def _blank_cited(text: str) -> str:
    """``text`` with the titles of cited documents (《…》) blanked, offsets kept."""
    if "《" not in text and "〈" not in text:
        return text
    return _CITED.sub(lambda m: " " * len(m.group(0)), text)


def _preamble(view: View, report: Report) -> str:
    """Narrative text before the first section heading (lines of its own, and the start
    of the heading's line when a flattened export holds the heading inside it)."""
    first = min(report.sections, key=lambda s: (s.line, s.offset or 0), default=None)
    parts: list[str] = []
    for i, p in enumerate(view.paragraphs[:_PREAMBLE_PARAS]):
        if first is not None and p.line >= first.line:
            if p.line == first.line and first.offset:
                parts.append(p.text[: first.offset])
            break
        if not view.skip[i]:
            parts.append(p.text)
    return "\n".join(parts)


def publisher_kind(name: str | None, from_title: bool = True) -> str:
    if not name:
        return "unknown"
    if name.endswith("街道办事处"):
        return "government"
    if _GOVERNMENT_END.search(name):
        return "government"
    if _DEPARTMENT_END.search(name):
        return "department"
    if from_title and _PLACE_END.search(name):
        return "government"
    return "unknown"


_LEVEL_NAME = re.compile(r"(?P<l>[区县市省州旗盟])(?:人民政府|政府|管委会|管理委员会|委员会)?$")


def publisher_level(name: str | None, kind: str) -> str | None:
    """区/县/市/省… of a government publisher (module docstring), else None."""
    if not name or kind != "government":
        return None
    m = _LEVEL_NAME.search(name)
    return m.group("l") if m else None


def _find_title(paragraphs: list[Paragraph]) -> tuple[str, int, str | None] | None:
    """First whole line (or two wrapped lines) near the top that is a report title."""
    head = [p for p in paragraphs[: _HEAD_LINES * 2] if p.text.strip()][:_HEAD_LINES]
    for i, para in enumerate(head):
        texts = [para.text]
        if i + 1 < len(head):  # a title wrapped over two lines (PDF -> text)
            texts.append(para.text + head[i + 1].text)
        for text in texts:
            found = _title_of(text)
            if found is not None:
                return found
    return None


def _title_of(text: str) -> tuple[str, int, str | None] | None:
    t = strip_page_chrome(_TITLE_PREFIX.sub("", re.sub(r"\s+", "", strip_markup(text))))
    if len(t) > 60 or "。" in t:
        return None
    m = _TITLE.fullmatch(t)
    if m is None:
        return None
    year = int(m.group("year"))
    if not 1990 <= year <= 2100:
        return None
    name = (m.group("pre") or m.group("mid")).removesuffix("关于").removesuffix("的")
    return t, year, name or None


_FIRST_LINES = 30  # the period sentence is nearly always here: try these first


def _find_period(view: View) -> Period | None:
    found = _search_period(_period_stream(view, _FIRST_LINES), complete=False)
    if found is not _MORE:
        return found  # type: ignore[return-value]
    return _search_period(_period_stream(view, _PERIOD_LINES), complete=True)  # type: ignore[return-value]


_MORE = object()  # the first lines cannot decide: search all _PERIOD_LINES


def _period_stream(view: View, limit: int) -> Stream:
    paragraphs, skip = view.paragraphs, view.skip
    stream = Stream()
    parts: list[str] = []
    size = 0
    for i in range(min(len(paragraphs), limit)):
        p = paragraphs[i]
        if not skip[i] and (t := p.text.strip()):
            stream.starts.append(size)
            stream.lines.append(p.line)
            stream.pages.append(p.page)
            stream.cols.append(len(p.text) - len(p.text.lstrip()))
            parts.append(t)
            size += len(t)
    stream.text = "".join(parts)
    return stream


def _search_period(stream: Stream, complete: bool) -> Period | None | object:
    """The period of ``stream``; with ``complete=False`` (a prefix of the lines) _MORE when
    a longer prefix could give another answer: a key too close to the end, or no key."""
    text = stream.text
    for key in _PERIOD_KEY.finditer(text):
        if not complete and key.end() + 40 > len(text):
            return _MORE
        m = _PERIOD.search(text, key.end(), key.end() + 40)
        if m:
            return _period(stream, m)
    if not complete:
        return _MORE
    for m in _PERIOD.finditer(text):  # no keyword: accept only a whole calendar year
        if (m.group("sm"), m.group("sd"), m.group("em"), m.group("ed")) == ("1", "1", "12", "31"):
            return _period(stream, m)
    return None


def _period(stream: Stream, m: re.Match[str]) -> Period:
    start = make_date(int(m.group("sy")), int(m.group("sm")), int(m.group("sd")), "")
    end_year = int(m.group("ey")) if m.group("ey") else int(m.group("sy"))  # "至12月31日"
    end = make_date(end_year, int(m.group("em")), int(m.group("ed")), "")
    line, page = stream.where(m.start())
    return Period(
        start=start.date,
        end=end.date,
        raw=re.sub(r"\s+", "", m.group(0)),
        line=line,
        page=page,
        offset=stream.column(m.start()),
    )


def _find_signed(paragraphs: list[Paragraph], date_para: int | None) -> DatedLine | None:
    """The closing date; else a date-only line under the title; else a 发布时间 header."""
    if date_para is not None:
        return _dated(paragraphs[date_para], parse_date(paragraphs[date_para].text))
    head = [p for p in paragraphs[: _HEAD_LINES * 2] if p.text.strip()][:_HEAD_LINES]

    for p in head[:6]:
        if is_date_only(p.text):
            return _dated(p, parse_date(p.text))
    for p in head:
        m = _PUBLISHED.search(p.text)
        if m:
            rest = p.text[m.end() :]
            iso = ISO_RE.match(rest.strip())
            if iso:
                y, mo, d = (int(iso.group(k)) for k in "ymd")
                return _dated(p, make_date(y, mo, d, iso.group(0)))
            return _dated(p, parse_date(rest))
    return None


def _dated(para: Paragraph, parsed: ParsedDate | None) -> DatedLine | None:
    if parsed is None:
        return None
    at = para.text.find(parsed.raw) if parsed.raw else -1  # raw has its spaces removed
    return DatedLine(
        date=parsed.date,
        raw=parsed.raw,
        line=para.line,
        page=para.page,
        valid=parsed.valid,
        offset=at if at >= 0 else None,
    )


__all__ = ["extract_meta", "publisher_kind", "publisher_level", "strip_page_chrome"]

"""Narrative statements that rules compare with the tables (docs/domain.md §3.4 N-*).

Conservative by design (a wrong claim costs more trust than a missed one):
- only narrative text is read: table-like lines, the table parts of sections 二/三/四
  and the signature are skipped; in a flattened one-line export the sentences of 二–四
  are cut out of the table text (narrative.prose_spans: each starts after the last table
  number before its 。) and read, the table text is not;
- every count needs an explicit keyword next to the number and the unit 件 (起/宗 for cases);
- each number feeds at most one claim; outcome words are tried first, so "同意公开答复 9 件"
  is an outcome, never a "答复 N 件" handled count;
- words that make a number not comparable with the table go into ``Claim.scope``:
  a region total (全市/全区/全县…) that is not the report's own, 咨询, 累计, 同比/较上年/上年, 含… (also a "(含…)" right
  after the number), and 其中 before the number (a subset) except for outcome counts, where
  "其中：予以公开 N 件" is the normal way to give the breakdown. "办结 N 件（含上年结转 M 件）"
  keeps no scope: （七）总计 counts the applications carried over from last year too (T3-BAL),
  so the handled count is the table's (上海 2019, 2025; 淮安 2024).

Region words are decided by the publisher (meta.publisher_kind / publisher_level): in the
report of a 区/县/市 government (or a zone's 管委会) its own 全区/全县/全市 is the report's
own scope, the table's ("2022年，全区收到政府信息公开申请75件" in 平潭综合实验区's report):
the claim is compared and ``Claim.scope_note`` says so ("按全区即本报告口径比较"). Any other
region word (a department's 全区/全市, a 区政府's 全市 or 全省) stays in ``scope``. A sentence
where an office acts for the government ("区政府办代表区政府受理…17件") counts a part of the
government's table, not the whole: its counts get the scope word 代表, unless the publisher is
that office itself (上海市人民政府办公厅: "市政府办公厅代表市政府共受理…859件" is its table).
A received count "收到…N件（含上年结转M件）" gets the scope 含; one that equals 新收 + 上年结转
of table 三 (not 新收) without saying so gets 含上年结转: it counts them too (_with_carried_over).

Whole-set statements ("复议7件，诉讼9件，均获维持", "均未被纠错", "所有申请均已办理完成") have
value 0 (no exception): ``review_all_upheld``/``litigation_all_upheld`` (均/全部 … 维持),
``review_none_corrected``/``litigation_none_corrected`` (均未被…纠错/撤销, 未发生…纠错或…败诉,
"该行政复议件未被…纠错" when the sentence counts 1 件) and ``all_handled`` (均/全部 … 办结 /
办理完成 / 处理完毕, never a bare 答复: "均在法定期限内答复" is about time, not completion).
Each needs its subject in its own clause or in the clauses right before it (复议, 诉讼; 申请
for all_handled) and is dropped when the sentence singles out a part (除, 其中, 其余, 部分 …),
names an outcome that contradicts it (尚未审结, 纠正 … for 维持), or carries applications
into next year (下年度, 顺延 …) or speaks of 咨询/诉求/事项 (for all_handled).

Values: counts are ints; "no …" statements and "未收取信息处理费" have value 0; a fee amount
is in 元 (万元 converted). ``target`` of an outcome count is a canonical row key or a group
of them (DESIGN.md keys): "granted", "partial", "granted+partial" (sum of both), "withheld"
(all withheld.*), "unavailable", "not_processed", "other" (the （六） row or other.*), or
one sub-row ("unavailable.not_held" …) when the narrative names its reason explicitly:
the wording of the table label ("本机关不掌握相关政府信息 3 件", "不予公开…其中属于国家秘密
1 件"), the number right next to it. A short reason ("重复申请", "逾期不补正") counts only in
a sentence that names its group (不予处理 / 其他处理). "因本机关不掌握等原因无法提供 564 件"
stays a group count: 等 widens the reason to the whole group (上海 2025: 513 + 48 + 3).
"""

from __future__ import annotations

import re

from ..model import Claim, Document, Report
from .headings import locate_doc
from .meta import publisher_level
from .narrative import Stream, narrative_streams, view_of

_N = r"\s*(?P<n>\d+)\s*"
_N2 = r"\s*(?P<n2>\d+)\s*"
_GAP = r"[^\d,，;；:：。]"  # no number and no clause break in between

_OUTCOMES = {
    "granted+partial": r"予以公开(?:及|和|与|、)部分公开",
    "granted": r"(?<!不)(?:予以公开|同意公开|全部公开)",
    "partial": r"部分公开",
    "withheld": r"不予公开",
    "unavailable": r"无法提供",
    "not_processed": r"不予处理",
    "other": r"其他处理",
}
_LABEL = "|".join(f"(?P<{k.replace('+', '_')}>{v})" for k, v in _OUTCOMES.items())
_OUTCOME_AFTER = re.compile(rf"(?:{_LABEL})(?:答复|决定|的)?{_GAP}{{0,8}}?{_N}件")
_OUTCOME_BEFORE = re.compile(rf"{_N}件(?:为|是|予以|被)?(?:{_LABEL})")

# Sub-row reasons (canonical keys of DESIGN.md): (key, the label's own wording, group words a
# sentence must contain for that wording to count, or None when the wording is unambiguous).
_SUB_ROWS = (
    ("withheld.state_secret", r"属于国家秘密|涉及国家秘密", None),
    ("withheld.prohibited_by_law", r"其他法律(?:行政)?法规禁止公开", None),
    ("withheld.security_stability", r"危及[“\"]?三安全一稳定[”\"]?", None),
    ("withheld.third_party", r"保护第三方合法权益", None),
    ("withheld.internal_affairs", r"属于三类内部事务信息", None),
    ("withheld.process_info", r"属于四类过程性信息", None),
    ("withheld.enforcement_files", r"属于行政执法案卷", None),
    ("withheld.query_matters", r"属于行政查询事项", None),
    ("unavailable.not_held", r"(?:本机关)?不掌握(?:该|相关)(?:政府)?信息", None),
    ("unavailable.needs_creation", r"没有现成信息(?:,|，)?需要另行制作", None),
    ("unavailable.unclear_after_correction", r"补正后申请内容仍不明确", None),
    ("not_processed.complaint", r"信访举报投诉类申请", None),
    ("not_processed.repeat", r"重复申请", "不予处理"),
    ("not_processed.publication", r"要求提供公开出版物", None),
    ("not_processed.excessive", r"无正当理由大量反复申请", None),
    ("not_processed.confirmation", r"要求行政机关确认或重新出具已获取信息", None),
    ("other.overdue_correction", r"逾期不补正", "其他处理|不再处理"),
    ("other.unpaid_fee", r"逾期未按收费通知要求缴纳费用", "其他处理|不再处理"),
)
_SUB_NAMES = {k: f"s{i}" for i, (k, _, _) in enumerate(_SUB_ROWS)}
_SUB_LABEL = "|".join(f"(?P<{_SUB_NAMES[k]}>{v})" for k, v, _ in _SUB_ROWS)
_SUB_CONTEXT = {k: re.compile(c) for k, _, c in _SUB_ROWS if c}
# Only filler words between the reason and its number: "属于国家秘密的 1 件", never
# "…不掌握相关政府信息无法提供 3 件" (a group word: the count may be the group's).
_SUB_AFTER = re.compile(rf"(?:{_SUB_LABEL})(?:的|类)?(?:申请|信息|情形)?(?:为|共|共计|有)?{_N}件")
_SUB_BEFORE = re.compile(rf"{_N}件(?:为|是|系|因)?(?:{_SUB_LABEL})")
_SUB_HINT = re.compile(
    r"秘密|禁止公开|三安全|第三方|内部事务|过程性|执法案卷|查询事项|不掌握"
    r"|另行制作|仍不明确|信访|重复申请|出版物|大量反复|重新出具|逾期"
)

_CARRIED = re.compile(
    rf"(?:结转(?:至|到)?\s*(?:下一?\s*年度?|\d{{4}}\s*年度?)|转(?:入|至|到)?下一?\s*年度?)"
    rf"{_GAP}{{0,12}}?{_N}件|{_N2}件{_GAP}{{0,4}}?结转(?:至|到)?(?:下一?年度?|\d{{4}}年)"
)
_UNIT = r"(?:件|起|宗)"


def _case(word: str) -> re.Pattern[str]:
    return re.compile(
        rf"{word}(?:案件|案|申请|件)?(?:数量|数)?(?:为|共|共计|有)?{_N}{_UNIT}"
        rf"|{_N2}{_UNIT}[^\d,，;；:：。、]{{0,15}}?{word}"
    )


_REVIEW = _case(r"行政复议")
_LITIGATION = _case(r"行政诉讼")
_RECEIVED = re.compile(
    rf"(?:收到|新收|受理|接收|接到){_GAP}{{0,25}}?申请(?:公开)?(?:数量)?\s*(?:共计|共|合计|总计|为)?"
    rf"{_N}件|(?:收到|新收|受理|接收)(?:各类)?{_N2}件{_GAP}{{0,10}}?申请"
)
_HANDLED = re.compile(rf"(?:办结|办理|答复)(?:了|完成)?{_GAP}{{0,15}}?(?:共计|共|合计)?{_N}件")

_NO_APPLICATIONS = re.compile(
    r"(?:未|没有|无)(?:收到|受理|接到|接收)[^\d。,，;；]{0,15}?申请"
    r"|(?:无|没有)(?:政府信息公开|依申请公开)申请"
)
_NO_CASES = re.compile(
    r"(?:未发生|没有发生|未出现|没有|未有|无)[^。]{0,20}?(?:行政复议[^。]{0,8}?行政诉讼|行政诉讼[^。]{0,8}?行政复议)"
    r"|行政复议[^。]{0,8}?行政诉讼[^。]{0,8}?(?:均为|均是|都为)\s*(?:0|零)"
)
_NOT_NO_APPLICATIONS = re.compile(r"复议|诉讼|纠错|败诉")
_NOT_NO_CASES = re.compile(r"纠错|败诉|纠正|撤销|确认违法|应诉")
_FEE_AMOUNT = re.compile(r"处理费[^。;；\d]{0,12}?(?P<n>\d+(?:\.\d+)?)\s*(?P<u>万元|元)")
_FEE_NONE = re.compile(
    r"(?:未|没有|无|不)(?:收取|发生|产生|涉及)[^。]{0,15}?(?:处理费|收费)"
    r"|(?:处理费|收费)[^。]{0,10}?(?:为\s*(?:0|零)|未收取)"
)

# whole-set statements (module docstring); a clause ends at , ， ; ； : ：
_UPHELD = re.compile(r"(?:均|全部|都)(?P<gap>[^,，;；:：。]{0,10}?)维持")
_ALL_NOT_CORRECTED = re.compile(
    r"(?:均|全部|都|无一)(?:未|没有)(?P<gap>[^,，;；:：。]{0,12}?)(?:纠错|纠正|撤销|败诉)"
)
_NONE_CORRECTED = re.compile(
    r"(?:未发生|没有发生|未出现|没有出现)[^,，;；:：。]{0,24}?(?:纠错|败诉)"
)
_THE_ONE = re.compile(
    r"该(?:行政)?(?P<s>复议|诉讼)(?:案件|案|件)?(?:未|没有)被?[^,，;；:：。]{0,12}?(?:纠错|纠正|撤销)"
)
_ONE_CASE = re.compile(r"(?<!\d)1\s*[件起宗]")
_ALL_HANDLED = re.compile(
    r"(?:均|全部)(?P<gap>[^,，;；:：。\d]{0,10}?)(?:办结|办理完[成毕]|处理完[成毕]|答复完毕)(?![的率])"
)
_WHOLE_HINT = re.compile(r"维持|纠|败诉|撤销|办结|完")
_CASES = {"复议": "review", "诉讼": "litigation"}
_NEGATED = re.compile(r"[未不没非尚]")
_A_PART = re.compile(r"除|其中|其余|另有|以外|之外|部分")
_NOT_UPHELD = re.compile(
    r"尚未|尚在|审理中|未审结|未结案|纠正|纠错|撤销|确认违法|驳回|终止|撤回|调解"
)
_NOT_ALL_HANDLED = re.compile(
    r"下一?年度?|顺延|延期|尚在|正在办理|未办结|未办理完|未处理完|咨询|诉求|来件|事项|建议|提案"
)

_HAS_COUNT = re.compile(r"\d\s*[件起宗]")
_REGION = re.compile(r"全(?:市|区|县|省|州|旗|盟)")
# an office acting for its government: (区|县|市)政府办(公室|公厅) 代表 (区|县|市)(人民)政府
_ON_BEHALF = re.compile(
    r"(?:[区县市省州]|[\u4e00-\u9fff]{2,6}[区县市省州])(?:人民)?政府办(?:公室|公厅)?(?:代表|代)"
    r"[\u4e00-\u9fff]{0,8}?[区县市省州](?:人民)?政府"
)
_BEFORE_WORDS = re.compile(r"咨询|累计|同比|较上年|比上年|上年|含|其中")
_AFTER_PAREN = re.compile(r"\s*[件起宗]?\s*[(（][^)）]*")
_WITH_CARRIED_OVER = re.compile(r"含上一?年度?结转")  # (含上年结转 M 件): part of （七）
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_CLAUSE = re.compile(r"[^,，;；:：]+")


def _with_carried_over(report: Report) -> None:
    """A received count that is 本年新收 + 上年结转 of table 三 (and not 新收 alone) counts the
    carried-over applications too, as "收到…N件（含上年结转M件）" says in words: not 新收's number
    (平潭 2022: 收到 75 件, 涉及自然人 72 件 = 新收 71 + 结转 1; 沭阳 2025: 749 = 713 + 36)."""
    t3 = report.tables.get("三")
    new = t3.cell("new", "total") if t3 else None
    old = t3.cell("carried_over", "total") if t3 else None
    if new is None or old is None or not new.value or not old.value:
        return
    total = new.value + old.value
    for c in report.claims:
        received = c.kind == "applications_received" and not c.scope
        if received and c.value != new.value and c.value == total:
            c.scope.append("含上年结转")


def extract_claims(doc: Document, report: Report) -> None:
    """Fill ``report.claims`` from the narrative text."""
    narrative, fee_zone = narrative_streams(view_of(doc), locate_doc(doc))
    for s in _SENTENCE.finditer(narrative.text):
        t = s.group(0)
        # every claim needs one of these (a cheap test before the patterns)
        if "申请" in t or "复议" in t or "诉讼" in t or _HAS_COUNT.search(t):
            _sentence(narrative, s.start(), t, report, False)
    for s in _SENTENCE.finditer(fee_zone.text):
        t = s.group(0)
        if "费" in t:  # 处理费 / 收费
            _sentence(fee_zone, s.start(), t, report, True)
    _with_carried_over(report)


def _sentence(stream: Stream, offset: int, text: str, report: Report, fee_only: bool) -> None:
    region = sorted(set(_REGION.findall(text)), key=text.find)
    own = publisher_level(report.publisher, report.publisher_kind)
    note = ""
    if own is not None and f"全{own}" in region:
        region.remove(f"全{own}")  # the report's own scope (module docstring)
        note = f"（按全{own}即本报告口径比较）"
    if _ON_BEHALF.search(text) and report.publisher_kind != "department":
        region.append("代表")  # an office's part of the government's table
    sentence = text.strip()

    def add(
        kind: str,
        pos: int,
        value: float | None,
        target: str | None = None,
        scope: list[str] | None = None,
    ) -> None:
        line, page = stream.where(offset + pos)
        col = stream.column(offset + pos)
        report.claims.append(
            Claim(
                kind=kind,
                value=value,
                target=target,
                text=sentence,
                line=line or 0,
                page=page,
                scope=region + [w for w in (scope or []) if w not in region],
                offset=col,
                scope_note=note,
            )  # type: ignore[arg-type]
        )

    if fee_only:
        m = _FEE_AMOUNT.search(text)
        if m:
            value = float(m.group("n")) * (10000 if m.group("u") == "万元" else 1)
            add("fee_statement", m.start("n"), int(value) if value.is_integer() else value)
        elif _FEE_NONE.search(text):
            add("fee_statement", _FEE_NONE.search(text).start(), 0)  # type: ignore[union-attr]
        return
    m = _NO_APPLICATIONS.search(text) if "申请" in text else None
    if m and not _NOT_NO_APPLICATIONS.search(_clause_at(text, m.start())):
        add("no_applications", m.start(), 0, scope=_words(text[: m.end()]))
    m = _NO_CASES.search(text) if "复议" in text else None
    if m and not _NOT_NO_CASES.search(text):
        add("no_review_litigation", m.start(), 0)
    if _WHOLE_HINT.search(text):
        _whole_set(text, add)
    if not _HAS_COUNT.search(text):
        return  # most sentences: no "N 件/起/宗" at all
    used: set[int] = set()
    for c in _CLAUSE.finditer(text):
        if _HAS_COUNT.search(c.group(0)):
            _counts(text, c.start(), c.group(0), used, add)


def _counts(text: str, base: int, clause: str, used: set[int], add) -> None:
    def take(pattern: re.Pattern[str], kind: str, target=None, subset_ok=False) -> None:
        for m in pattern.finditer(clause):
            g = "n" if m.group("n") is not None else "n2"
            pos = base + m.start(g)
            tgt = target(m) if callable(target) else target
            if pos in used or (callable(target) and tgt is None):
                continue  # taken, or a sub-row reason without its group word
            used.add(pos)
            scope = _words(clause[: pos - base])
            if subset_ok and "其中" in scope:
                scope.remove("其中")
            after = _AFTER_PAREN.match(text, pos + len(m.group(g)))
            if after and "含" in after.group(0) and "含" not in scope:
                paren = after.group(0)
                if kind != "applications_handled" or paren.count("含") != len(
                    _WITH_CARRIED_OVER.findall(paren)
                ):
                    scope.append("含")
            add(kind, pos, int(m.group(g)), tgt, scope)

    if _SUB_HINT.search(clause):
        take(_SUB_AFTER, "outcome_count", lambda m: _sub_target(m, text), subset_ok=True)
        take(_SUB_BEFORE, "outcome_count", lambda m: _sub_target(m, text), subset_ok=True)
    take(_OUTCOME_AFTER, "outcome_count", _target, subset_ok=True)
    take(_OUTCOME_BEFORE, "outcome_count", _target, subset_ok=True)
    take(_CARRIED, "applications_carried_forward")
    take(_REVIEW, "review_count")
    take(_LITIGATION, "litigation_count")
    take(_RECEIVED, "applications_received")
    if "申请" in text and not re.search(r"复议|诉讼|案件", clause):
        take(_HANDLED, "applications_handled")


def _whole_set(text: str, add) -> None:
    """Whole-set statements of one sentence, value 0 (module docstring), one per kind."""
    found: dict[str, int] = {}
    if not _A_PART.search(text):
        if not _NOT_UPHELD.search(text):
            for m in _UPHELD.finditer(text):
                if not _NEGATED.search(m.group("gap")):
                    for s in _subjects(text, m.start(), _CASES)[0]:
                        found.setdefault(f"{s}_all_upheld", m.start())
        for m in _ALL_NOT_CORRECTED.finditer(text):
            if not _NEGATED.search(m.group("gap")):
                for s in _subjects(text, m.start(), _CASES)[0]:
                    found.setdefault(f"{s}_none_corrected", m.start())
        for m in _NONE_CORRECTED.finditer(text):  # 未发生…复议纠错或…诉讼败诉: to the clause end
            end = next((c.end() for c in _CLAUSE.finditer(text) if c.end() > m.start()), None)
            rest = text[m.start() : end].replace("复议后起诉", "诉讼")
            for word, s in _CASES.items():
                if word in rest or (s == "litigation" and "败诉" in rest):
                    found.setdefault(f"{s}_none_corrected", m.start())
        m = _THE_ONE.search(text)
        if m and _ONE_CASE.search(text):
            found.setdefault(f"{_CASES[m.group('s')]}_none_corrected", m.start())
    if not _NOT_ALL_HANDLED.search(text):
        for m in _ALL_HANDLED.finditer(text):
            subjects, span = _subjects(text, m.start(), {"申请": "all"})
            # the subject is 申请 (not 复议/诉讼 申请, not the 上年结转 ones): all of them
            whole = not _A_PART.search(span) and not re.search(r"复议|诉讼|结转", span)
            if subjects and whole and not _NEGATED.search(m.group("gap")):
                found.setdefault("all_handled", m.start())
    for kind, pos in sorted(found.items(), key=lambda kv: kv[1]):  # review before litigation
        add(kind, pos, 0)


def _subjects(text: str, pos: int, words: dict[str, str]) -> tuple[list[str], str]:
    """What a 均/全部 at ``pos`` speaks of (the values of ``words`` named), in the order of
    ``words``: its own clause before it, else the clauses right before it that name one;
    and that text. 复议后起诉 is a litigation."""
    clauses = [(c.start(), c.end()) for c in _CLAUSE.finditer(text)]
    i = next((k for k, (a, b) in enumerate(clauses) if a <= pos < b), len(clauses))
    span = text[clauses[i][0] : pos] if i < len(clauses) else ""

    def named(t: str) -> set[str]:
        t = t.replace("复议后起诉", "诉讼")
        return {v for w, v in words.items() if w in t}

    found = named(span)
    if not found:
        for a, b in reversed(clauses[:i]):
            got = named(text[a:b])
            if not got:
                break
            found |= got
            span = text[a:b] + span
    return [v for v in dict.fromkeys(words.values()) if v in found], span


def _clause_at(text: str, pos: int) -> str:
    """The clause of ``text`` around ``pos``."""
    return next((c.group(0) for c in _CLAUSE.finditer(text) if c.start() <= pos < c.end()), "")


def _target(m: re.Match[str]) -> str:
    return next(k for k in _OUTCOMES if m.group(k.replace("+", "_")))


def _sub_target(m: re.Match[str], sentence: str) -> str | None:
    key = next(k for k, name in _SUB_NAMES.items() if m.group(name))
    context = _SUB_CONTEXT.get(key)
    return key if context is None or context.search(sentence) else None


def _words(before: str) -> list[str]:
    words = []
    for w in _BEFORE_WORDS.findall(before):
        if w == "上年" and re.search(r"上年结转", before):
            continue
        if w not in words:
            words.append(w)
    return words

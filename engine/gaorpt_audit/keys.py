"""The vocabulary: canonical keys of tables 二, 三, 四 (rows, columns, loop domains), the six
sections, claim kinds, metadata fields and their printed labels (DESIGN.md "Canonical
keys"). The one definition the model, the parser, the facts, the check kinds and the
renderers share. Keys are a contract of the JSON output: add, never rename.
"""

from __future__ import annotations

# ----------------------------------------------------------------------------- table 三

T3_COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
    "total",
)
T3_HEAD = ("new", "carried_over", "granted", "partial")
T3_WITHHELD = (
    "withheld.state_secret",
    "withheld.prohibited_by_law",
    "withheld.security_stability",
    "withheld.third_party",
    "withheld.internal_affairs",
    "withheld.process_info",
    "withheld.enforcement_files",
    "withheld.query_matters",
)
T3_UNAVAILABLE = (
    "unavailable.not_held",
    "unavailable.needs_creation",
    "unavailable.unclear_after_correction",
)
T3_NOT_PROCESSED = (
    "not_processed.complaint",
    "not_processed.repeat",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.confirmation",
)
T3_BODY = T3_HEAD + T3_WITHHELD + T3_UNAVAILABLE + T3_NOT_PROCESSED  # 一 .. （五）
T3_OTHER_2021 = ("other.overdue_correction", "other.unpaid_fee", "other.other")  # （六）1–3
T3_OTHER_2019 = ("other",)  # （六）其他处理
T3_TAIL = ("result_total", "carried_forward")
T3_ROWS_2021 = T3_BODY + T3_OTHER_2021 + T3_TAIL  # 25 rows, template order
T3_ROWS_2019 = T3_BODY + T3_OTHER_2019 + T3_TAIL  # 23 rows
T3_ROWS = T3_BODY + T3_OTHER_2019 + T3_OTHER_2021 + T3_TAIL  # union, template order

# ----------------------------------------------------------------------------- table 四

T4_GROUPS = ("review", "litigation_direct", "litigation_after_review")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")

# ----------------------------------------------------------------------------- table 二

T2_ROWS = (
    "regulations",
    "normative_documents",
    "licensing",
    "other_services",
    "penalty",
    "enforcement",
    "fees",
    "procurement",
)
T2_ROWS_2019_ONLY = ("other_services", "procurement")
# Columns of each row in each format version.
T2_COLUMNS_BY_VERSION: dict[str, dict[str, tuple[str, ...]]] = {
    "2021": {
        "regulations": ("issued", "repealed", "in_force"),
        "normative_documents": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "penalty": ("decisions",),
        "enforcement": ("decisions",),
        "fees": ("amount_wan",),
    },
    "2019": {
        "regulations": ("made", "published", "total_public"),
        "normative_documents": ("made", "published", "total_public"),
        "licensing": ("previous", "change", "decisions"),
        "other_services": ("previous", "change", "decisions"),
        "penalty": ("previous", "change", "decisions"),
        "enforcement": ("previous", "change", "decisions"),
        "fees": ("previous", "change"),
        "procurement": ("count", "amount"),
    },
}
T2_COLUMNS = (  # every column key of either version
    "issued",
    "repealed",
    "in_force",
    "made",
    "published",
    "total_public",
    "previous",
    "change",
    "decisions",
    "amount_wan",
    "count",
    "amount",
)

TABLE_NAMES = {"t2": "二", "t3": "三", "t4": "四"}
TABLE_ROWS = {"t2": T2_ROWS, "t3": T3_ROWS, "t4": T4_GROUPS}
TABLE_COLUMNS = {"t2": T2_COLUMNS, "t3": T3_COLUMNS, "t4": T4_COLUMNS}

# ----------------------------------------------------------------------------- printed labels
# Every canonical key gets its printed label, so no message shows an internal key.

COLUMN_LABELS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    # 表二 (2021 and 2019 columns)
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "total_public": "对外公开总数量",
    "previous": "上一年项目数量",
    "change": "本年增/减",
    "decisions": "处理决定数量",
    "amount_wan": "收费金额（万元）",
    "count": "采购项目数量",
    "amount": "采购总金额",
}
ROW_LABELS = {
    "new": "本年新收",
    "carried_over": "上年结转",
    "granted": "予以公开",
    "partial": "部分公开",
    "withheld.state_secret": "（三）不予公开 1.属于国家秘密",
    "withheld.prohibited_by_law": "（三）不予公开 2.其他法律行政法规禁止公开",
    "withheld.security_stability": "（三）不予公开 3.危及“三安全一稳定”",
    "withheld.third_party": "（三）不予公开 4.保护第三方合法权益",
    "withheld.internal_affairs": "（三）不予公开 5.属于三类内部事务信息",
    "withheld.process_info": "（三）不予公开 6.属于四类过程性信息",
    "withheld.enforcement_files": "（三）不予公开 7.属于行政执法案卷",
    "withheld.query_matters": "（三）不予公开 8.属于行政查询事项",
    "unavailable.not_held": "（四）无法提供 1.本机关不掌握相关政府信息",
    "unavailable.needs_creation": "（四）无法提供 2.没有现成信息需要另行制作",
    "unavailable.unclear_after_correction": "（四）无法提供 3.补正后申请内容仍不明确",
    "not_processed.complaint": "（五）不予处理 1.信访举报投诉类申请",
    "not_processed.repeat": "（五）不予处理 2.重复申请",
    "not_processed.publication": "（五）不予处理 3.要求提供公开出版物",
    "not_processed.excessive": "（五）不予处理 4.无正当理由大量反复申请",
    "not_processed.confirmation": "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    "other.overdue_correction": "（六）其他处理 1.申请人无正当理由逾期不补正",
    "other.unpaid_fee": "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用",
    "other.other": "（六）其他处理 3.其他",
    "result_total": "办理结果总计",
    "carried_forward": "结转下年度",
    "other": "其他处理",
    "review": "行政复议",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_review": "复议后起诉",
    # 表二
    "regulations": "规章",
    "normative_documents": "行政规范性文件",
    "licensing": "行政许可",
    "other_services": "其他对外管理服务事项",
    "penalty": "行政处罚",
    "enforcement": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
}

# ----------------------------------------------------------------------------- tables

TABLE_NAME_KEYS = ("二", "三", "四")
TABLE_CODES = {name: code for code, name in TABLE_NAMES.items()}  # "三" -> "t3"

# Loop domains of a rule's ``for_each`` and the variables they bind (rules/README.md).
FOR_EACH: dict[str, dict[str, tuple[str, ...]]] = {
    "t3.columns": {"col": T3_COLUMNS},
    "t3.rows": {"row": T3_ROWS},
    "t3.cells": {"row": T3_ROWS, "col": T3_COLUMNS},
    "t4.groups": {"group": T4_GROUPS},
    "t4.columns": {"col": T4_COLUMNS},
    "t4.cells": {"group": T4_GROUPS, "col": T4_COLUMNS},
    "t2.documents": {"row": ("regulations", "normative_documents")},  # 规章, 规范性文件
}
LOOP_VARS = ("row", "col", "group")

# ----------------------------------------------------------------------------- sections

SECTION_KEYS = ("overview", "proactive", "applications", "review_litigation", "problems", "other")
SECTION_TITLES = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
SECTION_NUMBERS = dict(zip(SECTION_KEYS, "一二三四五六", strict=True))

# ----------------------------------------------------------------------------- claims

CLAIM_KINDS = (
    "no_applications",  # 未收到…申请
    "applications_received",  # 共收到/新收 N 件
    "applications_handled",  # 办结/答复 N 件
    "applications_carried_forward",  # 结转 N 件
    "no_review_litigation",  # 未发生…行政复议、行政诉讼
    "review_count",  # 行政复议 N 件
    "litigation_count",  # 行政诉讼 N 件
    "outcome_count",  # per-outcome counts, ``target`` names the row
    "fee_statement",  # 信息处理费 statement in 六
    "review_all_upheld",  # 行政复议…均获维持 (value 0: none corrected, other or pending)
    "litigation_all_upheld",  # 行政诉讼…均获维持
    "review_none_corrected",  # 行政复议…均未被纠错 (value 0: none corrected)
    "litigation_none_corrected",  # 行政诉讼…均未被纠错 / 未发生…败诉
    "all_handled",  # 申请…均已办结 / 全部办理完成 (value 0: none carried forward)
)
# Printed names of what an outcome_count claim counts (its ``target``) and of count claims.
TARGET_LABELS = {
    "granted": "予以公开",
    "partial": "部分公开",
    "granted+partial": "予以公开及部分公开",
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other": "其他处理",
}
CLAIM_LABELS = {"litigation_count": "行政诉讼", "review_count": "行政复议"}
# Scope words that make a claim count a part of the report's own table, never more (an office
# acting for its government: "区政府办代表区政府受理…17件" in the 区政府's report): such a claim
# can still be checked as an upper bound (`part = true` in an implies rule).
PART_SCOPES = frozenset({"代表"})

# ----------------------------------------------------------------------------- metadata

FIELD_KEYS = ("title", "publisher", "year", "period", "signed")
FIELD_LABELS = {
    "title": "标题",
    "publisher": "发布机关",
    "year": "报告年度",
    "period": "统计期限",
    "signed": "落款日期",
}
PUBLISHER_KINDS = ("government", "department", "unknown")

"""Canonical row/column keys of tables 二, 三, 四 and their printed labels (DESIGN.md
"Canonical keys"): the one definition the parser (parse/labels.py), the rule book and the
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

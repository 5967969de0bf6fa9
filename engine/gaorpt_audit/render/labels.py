"""The words people read for the tool's own values, one vocabulary for every view a
person reads (terminal, Markdown, HTML dashboard, spreadsheet): a status, a severity, a
category, a format. Machine formats keep the keys (``pass``, ``warning``, ``sections``)."""

from __future__ import annotations

STATUS_LABEL = {"pass": "通过", "fail": "未通过", "error": "无法审查", "not_report": "非年度报告"}
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
CATEGORY_LABEL = {
    "parse": "解析",
    "sections": "章节",
    "dates": "日期",
    "zeros": "零值",
    "balance": "表格平衡",
    "consistency": "前后一致",
    "format": "格式",
    "crossyear": "跨年度",
}
CATEGORY_ORDER = tuple(CATEGORY_LABEL)


def severity_totals(by_severity: dict[str, int]) -> str:
    """``错误 3 条，警告 2 条，提示 2 条``: every severity, 0 included."""
    return "，".join(f"{word} {by_severity.get(key, 0)} 条" for key, word in SEVERITY_LABEL.items())


def format_label(fmt: str) -> str:
    """The template a report follows: ``2019`` / ``2021``, or 不明 (``unknown``)."""
    return "不明" if fmt == "unknown" else fmt

"""gaorpt-audit: audit 政府信息公开工作年度报告 with declarative TOML rules."""

__version__ = "0.1.0"

__all__ = ["__version__"]

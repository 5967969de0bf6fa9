"""Documentation generated from the code, so that it cannot drift from it: the check-kind
section of rules/README.md (from each checks/<kind>.py docstring, schema and slots) and
the rule catalogue docs/rules.md (from the rules' TOML). Each generated part sits between
``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->``; the prose around it is kept.

    python -m gaorpt_audit.docgen     # rewrite both files in a checkout
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from .checks import REGISTRY
from .checks.base import COMMON_SLOTS
from .keys import CLAIM_KINDS, SECTION_KEYS
from .resources import rules_dir
from .rulebook import Rule, load_rules

PREFIX_TITLES = {
    "SEC": "SEC 章节",
    "DAT": "DAT 日期",
    "ZER": "ZER 零值一致",
    "BAL": "BAL 勾稽平衡",
    "CON": "CON 正文与表格",
    "FMT": "FMT 格式版本",
    "PRS": "PRS 解析问题",
}


def _fields(schema: Any) -> str:
    out = []
    for name, f in schema.model_fields.items():
        if name == "kind":
            continue
        out.append(f"`{name}`" + ("" if f.is_required() else " (optional)"))
    return ", ".join(out)


def kinds_markdown() -> str:
    """One subsection per registered kind: its docstring, fields and message slots."""
    parts = []
    for kind in REGISTRY.values():
        title, _, body = kind.doc.partition("\n\n")
        parts.append(f"### {title.rstrip('.')}\n")
        if body.strip():
            parts.append(body.strip() + "\n")
        parts.append(f"Fields: {_fields(kind.schema)}.\n")
        slots = ", ".join(f"`{s}`" for s in sorted(kind.slot_names()))
        parts.append(f"Message slots: {slots}.\n")
    common = ", ".join(f"`{s}`" for s in sorted(COMMON_SLOTS))
    parts.append(
        f"Every message may also use {common}. Section keys: "
        + " ".join(f"`{k}`" for k in SECTION_KEYS)
        + ". Claim kinds: "
        + " ".join(f"`{k}`" for k in CLAIM_KINDS)
        + ".\n"
    )
    return "\n".join(parts)


def _applies(rule: Rule) -> str:
    a = rule.applies
    text = a.describe()
    return "all" if text == "every report" else text


def catalogue_markdown(rules: list[Rule]) -> str:
    """The rule tables, one per code prefix, in code order."""
    out = []
    by_prefix: dict[str, list[Rule]] = {}
    for r in sorted(rules, key=lambda r: r.code):
        by_prefix.setdefault(r.prefix, []).append(r)
    for prefix, group in by_prefix.items():
        out.append(f"## {PREFIX_TITLES.get(prefix, prefix)}\n")
        out.append("| code | name | kind | severity | applies | summary | basis |")
        out.append("|---|---|---|---|---|---|---|")
        for r in group:
            cells = [
                f'<a id="{r.code.lower()}"></a>{r.code}',  # SARIF helpUri: rules.md#bal001
                f"`{r.name}`",
                f"`{r.check.kind}`",
                r.severity,
                _applies(r),
                r.summary,
                r.basis,
            ]
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        out.append("")
    return "\n".join(out)


def splice(text: str, name: str, body: str) -> str:
    """``text`` with its generated part ``name`` replaced by ``body``."""
    pat = re.compile(
        rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", flags=re.DOTALL
    )
    if not pat.search(text):
        raise ValueError(f"no <!-- generated:{name} --> markers")
    return pat.sub(lambda m: m.group(1) + body.rstrip("\n") + "\n" + m.group(2), text, count=1)


def targets(repo: Path) -> dict[Path, tuple[str, str]]:
    """file -> (marker name, generated text) of every generated part in a checkout."""
    return {
        repo / "rules" / "README.md": ("kinds", kinds_markdown()),
        repo / "docs" / "rules.md": ("catalogue", catalogue_markdown(load_rules([rules_dir()]))),
    }


def main(argv: list[str] | None = None) -> int:
    repo = Path(__file__).resolve().parents[2]
    for path, (name, body) in targets(repo).items():
        path.write_text(splice(path.read_text(encoding="utf-8"), name, body), encoding="utf-8")
        print(f"wrote {path.relative_to(repo)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

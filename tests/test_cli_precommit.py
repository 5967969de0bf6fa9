"""The shipped pre-commit hook passes report drafts, and never a README.md, to `run`
(a file named on the command line is always audited, so a README would fail the gate)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def hook_field(name: str) -> re.Pattern[str]:
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    (value,) = re.findall(rf"^  {name}: (.+)$", text, flags=re.MULTILINE)
    return re.compile(value.strip())


def passed_to_hook(path: str) -> bool:
    # pre-commit's rule: `files` and `exclude` are Python regexes searched in the path.
    return bool(hook_field("files").search(path)) and not hook_field("exclude").search(path)


def test_reports_reach_the_hook() -> None:
    for path in ["drafts/a_2024.txt", "b.md", "c.html", "c.htm", "d.docx", "e.pdf"]:
        assert passed_to_hook(path), path


def test_readme_and_other_files_do_not() -> None:
    for path in ["README.md", "drafts/README.md", "notes.toml", "a.doc", "x.md.bak"]:
        assert not passed_to_hook(path), path
    assert passed_to_hook("drafts/README_2024.md")  # only the exact README.md is left out

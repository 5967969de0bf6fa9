"""Every place of the domain notes a rule cites exists in docs/domain.md, so citations
cannot go stale. A citation is "DOMAIN.md §…" or "docs/domain.md §…" (or a bare "§…",
which in rules/ always continues a domain-notes citation), up to the closing bracket:
section numbers must be headings, identity IDs rows of a table in the cited section
(first column), "Art. N" a heading of §1 and "§5 第N条 / item N" a numbered item of §5.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "domain.md"
RULE_FILES = sorted((REPO / "rules").rglob("*.toml"))

# A citation: an optional document name, then "§" up to a closing bracket, quote, 。, ；,
# line end or the name of another document.
DOC_NAME = r"[A-Za-z0-9_./-]+\.md"
CITATION = re.compile(rf"(?:(?P<doc>{DOC_NAME})\s*)?(?P<body>§(?:(?!{DOC_NAME})[^）)\"。；;\n])*)")
DOMAIN_DOCS = ("DOMAIN.md", "docs/domain.md")
TOKEN = re.compile(
    r"§\s*(?P<sec>\d+(?:\.\d+)?)(?:\s*[–—~-]\s*§?\s*(?P<end>\d+(?:\.\d+)?))?"
    r"|(?P<id>\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b)"
    r"|Art\.\s*(?P<art>\d+)"
    r"|(?:第\s*(?P<item>\d+)\s*条|item\s+(?P<item_en>\d+))"
)
HEADING = re.compile(r"^(#{2,3}) (\d+(?:\.\d+)?)[ .]", re.MULTILINE)


def citations() -> list[tuple[str, str, str]]:
    """(rule file, kind, value-with-section) of every domain-notes citation in rules/."""
    found = []
    for path in RULE_FILES:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(REPO).as_posix()
        for m in re.finditer(r'^identity\s*=\s*"([^"]+)"', text, re.MULTILINE):
            found.append((name, "id", f"3|{m.group(1)}"))
        for m in CITATION.finditer(text):
            doc = m.group("doc")
            if doc is not None and not doc.endswith(DOMAIN_DOCS):
                continue  # a section of another document (DESIGN.md …)
            section = None
            for tok in TOKEN.finditer(m.group("body")):
                if tok.group("sec"):
                    section = tok.group("sec")
                    found.append((name, "section", section))
                    if tok.group("end"):
                        found.append((name, "section", tok.group("end")))
                elif tok.group("id"):
                    found.append((name, "id", f"{section}|{tok.group('id')}"))
                elif tok.group("art"):
                    found.append((name, "art", f"{section}|{tok.group('art')}"))
                else:
                    item = tok.group("item") or tok.group("item_en")
                    found.append((name, "item", f"{section}|{item}"))
    return found


def sections(doc: str) -> dict[str, str]:
    """Section number -> its text (a "## N" runs to the next "## ", a "### N.M" to the next heading)."""
    heads = list(HEADING.finditer(doc))
    out = {}
    for i, h in enumerate(heads):
        level = len(h.group(1))
        end = len(doc)
        for later in heads[i + 1 :]:
            if len(later.group(1)) <= level:
                end = later.start()
                break
        out[h.group(2)] = doc[h.start() : end]
    return out


DOC_TEXT = DOC.read_text(encoding="utf-8")
SECTIONS = sections(DOC_TEXT)
CITED = citations()


def id_rows(text: str) -> set[str]:
    """IDs in the first column of the table rows of ``text``."""
    return set(re.findall(r"^\| *([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+) *\|", text, re.MULTILINE))


def test_the_rules_cite_the_domain_notes_at_all():
    # The scan itself works: the known citations of BAL001 and CON006-style rules are seen.
    kinds = {kind for _, kind, _ in CITED}
    assert kinds == {"section", "id", "art", "item"}
    assert ("rules/balance/BAL001.toml", "id", "3|T3-BAL") in CITED
    assert len({v for _, k, v in CITED if k == "section"}) >= 15


def test_the_section_numbering_of_the_domain_notes():
    assert [s for s in SECTIONS if "." not in s] == ["1", "2", "3", "4", "5", "6"]
    assert [s for s in SECTIONS if s.startswith("3.")] == ["3.1", "3.2", "3.3", "3.4"]
    assert [s for s in SECTIONS if s.startswith("2.")] == [f"2.{i}" for i in range(1, 7)]
    assert [s for s in SECTIONS if s.startswith("4.")] == [f"4.{i}" for i in range(1, 5)]


@pytest.mark.parametrize(
    "rule_file,kind,value", sorted(set(CITED)), ids=lambda x: str(x).replace(" ", "")
)
def test_every_citation_exists_in_docs_domain_md(rule_file, kind, value):
    if kind == "section":
        assert value in SECTIONS, f"{rule_file} cites §{value}: no such heading in docs/domain.md"
        return
    section, what = value.split("|")
    if kind == "id":
        scope = SECTIONS.get(section, DOC_TEXT) if section != "None" else DOC_TEXT
        assert what in id_rows(scope), f"{rule_file} cites §{section} {what}: no table row"
    elif kind == "art":
        heads = re.findall(r"^### .*$", SECTIONS[section], re.MULTILINE)
        assert any(f"Art. {what}" in h for h in heads), f"{rule_file} cites §{section} Art. {what}"
    else:
        items = re.findall(r"^(\d+)\. ", SECTIONS[section], re.MULTILINE)
        assert what in items, f"{rule_file} cites §{section} item {what}: no such numbered item"


def test_the_citation_scan_reads_both_spellings():
    # After "DOMAIN.md" is replaced by "docs/domain.md" the same citations must be found.
    text = "（docs/domain.md §3.4 N-COUNT、§5 第4条；DESIGN.md §9；DOMAIN.md §1 Art. 49）"
    got = []
    for m in CITATION.finditer(text):
        if m.group("doc") is None or m.group("doc").endswith(DOMAIN_DOCS):
            got += [t.group(0) for t in TOKEN.finditer(m.group("body"))]
    assert got == ["§3.4", "N-COUNT", "§5", "第4条", "§1", "Art. 49"]


def test_the_notes_name_no_research_scaffolding():
    # Written for users: no confidence tags, no third-party tool internals.
    for marker in ("[V]", "[P]", "[U]", "KIROGOVCOMPARE", "DOMAIN.md", "../shared"):
        assert marker not in DOC_TEXT, marker

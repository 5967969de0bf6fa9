"""Every claim kind is read the same on every layout the parser reads (issue 13).

One sentence per claim kind is written into the prose of section 三/四 (and 六 for the fee
statement) of a report laid out as text lines, Markdown, HTML, DOCX, PDF (the DOCX printed
by LibreOffice, all in one call; skipped without LibreOffice unless
GAORPT_REQUIRE_LIBREOFFICE is set, as CI does) and a one-line crawler dump (the Pingtan
files, where prose sits between the table numbers on one line). The claims read from that
sentence must be the same on each layout.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest
from parse_expected import parse_mine
from test_notices_pdf import soffice  # noqa: F401 - the fixture (LibreOffice or a skip)

from gaorpt_audit.ingest import load

PINGTAN = Path("reports/fujian/pingtan-zone-admin-committee_2022.txt")

# (sentence, section it belongs in, the claims it states: kind, value, target)
SENTENCES = {
    "no_applications": (
        "本年度本机关未收到政府信息公开申请。",
        "三",
        [("no_applications", 0, None)],
    ),
    "all_handled": ("所有申请均已按时办结。", "三", [("all_handled", 0, None)]),
    "received_outcomes": (
        "本年度共收到政府信息公开申请80件，其中予以公开21件，不予公开1件。",
        "三",
        [
            ("applications_received", 80, None),
            ("outcome_count", 21, "granted"),
            ("outcome_count", 1, "withheld"),
        ],
    ),
    "sub_row": (
        "无法提供4件，其中本机关不掌握相关政府信息3件。",
        "三",
        [("outcome_count", 4, "unavailable"), ("outcome_count", 3, "unavailable.not_held")],
    ),
    "carried": ("结转至下年度办理2件。", "三", [("applications_carried_forward", 2, None)]),
    "review_upheld": (
        "全年发生行政复议3件，均获维持。",
        "四",
        [("review_all_upheld", 0, None), ("review_count", 3, None)],
    ),
    "litigation_none_corrected": (
        "行政诉讼2件，均未被纠错。",
        "四",
        [("litigation_none_corrected", 0, None), ("litigation_count", 2, None)],
    ),
    "no_review_litigation": (
        "本年度未发生政府信息公开行政复议、行政诉讼案件。",
        "四",
        [("no_review_litigation", 0, None)],
    ),
    "fee": ("本年度收取信息处理费120元。", "六", [("fee_statement", 120, None)]),
}

HEADINGS = {
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}


def _lines(sentence: str, where: str) -> list[str]:
    """A small report in the usual layout: a heading and a prose line per section."""
    lines = ["某镇人民政府2022年政府信息公开工作年度报告"]
    for number, heading in HEADINGS.items():
        lines += [heading, sentence if number == where else "本部分内容从略。"]
    return lines


def _txt(tmp: Path, lines: list[str]) -> Path:
    tmp.mkdir(exist_ok=True)
    path = tmp / "report.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _md(tmp: Path, lines: list[str]) -> Path:
    tmp.mkdir(exist_ok=True)
    path = tmp / "report.md"
    body = [f"# {lines[0]}"] + [f"## {t}" if t in HEADINGS.values() else t for t in lines[1:]]
    path.write_text("\n\n".join(body) + "\n", encoding="utf-8")
    return path


def _html(tmp: Path, lines: list[str]) -> Path:
    tmp.mkdir(exist_ok=True)
    path = tmp / "report.html"
    paras = "".join(f"<p>{t}</p>" for t in lines[1:])
    path.write_text(
        f'<html><head><meta charset="utf-8"><title>{lines[0]}</title></head>'
        f"<body><h1>{lines[0]}</h1>{paras}</body></html>",
        encoding="utf-8",
    )
    return path


def _docx(tmp: Path, lines: list[str]) -> Path:
    tmp.mkdir(exist_ok=True)
    path = tmp / "report.docx"
    document = docx.Document()
    for t in lines:
        document.add_paragraph(t)
    document.save(str(path))
    return path


def _one_line(tmp: Path, sentence: str, where: str) -> Path:
    """The real Pingtan 2022 dump with the sentence put after that section's table text."""
    lines = PINGTAN.read_text(encoding="utf-8").splitlines()
    body = lines[9]
    anchors = {
        "三": "（七）总计 723000075四、结转下年度继续办理 0000000 ",
        "四": "0 1 1 0 2 1 0 0 0 1 0 0 0 0 0 ",
        "六": "六、其他需要报告的事项 ",
    }
    anchor = anchors[where]
    assert body.count(anchor) == 1
    lines[9] = body.replace(anchor, anchor + sentence, 1)
    path = tmp / ("pingtan.txt" if sentence else "pingtan-base.txt")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _claims_of(path: Path) -> list[tuple]:
    report = parse_mine(load(path, display=path.name))
    return sorted(((c.kind, c.value, c.target) for c in report.claims), key=str)


def _added(with_sentence: list[tuple], without: list[tuple]) -> list[tuple]:
    """The claims the sentence adds (a multiset difference: the base report has its own)."""
    rest = list(with_sentence)
    for claim in without:
        rest.remove(claim)
    return rest


LAYOUTS = ["txt", "md", "html", "docx", "one_line"]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", sorted(SENTENCES))
def test_claim_is_read_on_every_layout(tmp_path: Path, name: str, layout: str) -> None:
    sentence, where, expected = SENTENCES[name]
    if layout == "one_line":
        path = _one_line(tmp_path, sentence, where)
        base = _one_line(tmp_path, "", where)
    else:
        write = {"txt": _txt, "md": _md, "html": _html, "docx": _docx}[layout]
        path = write(tmp_path, _lines(sentence, where))
        base = write(tmp_path / "base", _lines("", where))
    assert _added(_claims_of(path), _claims_of(base)) == sorted(expected, key=str)


@pytest.fixture(scope="module")
def pdfs(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:  # noqa: F811
    """Every sentence's report and its base as PDF, printed from the DOCX layout."""
    work = tmp_path_factory.mktemp("claims-pdf")
    sources = []
    for name, (sentence, where, _) in SENTENCES.items():
        for tag, text in ((name, sentence), (f"{name}-base", "")):
            sources.append(_docx(work / tag, _lines(text, where)).rename(work / f"{tag}.docx"))
    profile = (work / "profile").as_uri()
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(work), *map(str, sources)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return {p.stem: p for p in work.glob("*.pdf")}


@pytest.mark.parametrize("name", sorted(SENTENCES))
def test_claim_is_read_from_a_pdf(pdfs: dict[str, Path], name: str) -> None:
    _, _, expected = SENTENCES[name]
    got = _added(_claims_of(pdfs[name]), _claims_of(pdfs[f"{name}-base"]))
    assert got == sorted(expected, key=str)

"""`notices` and `bulletin` on reports/: the Word documents opened with python-docx.

Each notice's items are that publisher's findings (the latest report's, as `run` prints
them), in order; could-not-check findings are listed apart; waived findings are left out;
the office's facts come from [notices] or options, else a placeholder; report text goes in
as text (no field, no markup); the bulletin's tables are rank.py's league.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import REPO
from typer.testing import CliRunner

from gaorpt_audit.cli import app
from gaorpt_audit.model import Finding, Location, ReportResult
from gaorpt_audit.notices.batch import write_bulletin, write_notices
from gaorpt_audit.notices.docx_doc import DETAIL_STYLE, ITEM_STYLE
from gaorpt_audit.notices.items import RuleFacts
from gaorpt_audit.notices.settings import NoticeSettings

runner = CliRunner()
OFFICE = "某某市人民政府办公室"
CONFIG = f"""
[notices]
office = "{OFFICE}"
doc_number = "某政办函〔2026〕{{n}}号"
bulletin_number = "某政办〔2026〕9号"
date = "2026年3月1日"
deadline = "2026年3月31日"
contact = "张三，0000-12345678"
"""
UNCHECKED = {"PRS002", "PRS003", "PRS004"}  # rules with defect = false


def _run(args: list[str], cwd: Path) -> Any:
    """The CLI from ``cwd``, where it finds the office's gaorpt-audit.toml (if any)."""
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(app, args)
    finally:
        os.chdir(old)


def _invoke(args: list[str], cwd: Path) -> tuple[int, str]:
    result = _run(args, cwd)
    return result.exit_code, result.stderr


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the office's gaorpt-audit.toml (config is found from the cwd)."""
    folder = tmp_path_factory.mktemp("office")
    (folder / "gaorpt-audit.toml").write_text(CONFIG, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def run_json(office: Path) -> dict[str, dict]:
    """`run --format json` on reports/: the findings each notice must list."""
    out = _run(["run", str(REPO / "reports"), "-f", "json", "-j", "1", "-q"], office)
    assert out.exit_code == 1, out.stderr  # the region's real errors fail the gate
    return {r["path"]: r for r in json.loads(out.stdout)["reports"]}


@pytest.fixture(scope="module")
def notices(office: Path) -> tuple[Path, str]:
    into = office / "out"
    code, err = _invoke(["notices", str(REPO / "reports"), "--into", str(into), "-j", "1"], office)
    assert code == 0, err
    return into, err


def _paragraphs(path: Path, style: str | None = None) -> list[str]:
    doc = docx.Document(str(path))
    return [p.text for p in doc.paragraphs if style is None or p.style.name == style]


def _items(path: Path) -> list[str]:
    return _paragraphs(path, ITEM_STYLE)


def _read_notice(into: Path, stem: str) -> Path:
    path = into / f"{stem}_整改通知.docx"
    assert path.is_file(), sorted(p.name for p in into.iterdir())
    return path


def test_one_notice_per_publisher_for_its_latest_report(notices: tuple[Path, str]) -> None:
    into, err = notices
    assert sorted(p.name for p in into.iterdir()) == sorted(
        f"{name}_整改通知.docx"
        for name in (
            "上海市人民政府办公厅_2025",
            "上海市科委_2024",
            "大渡口镇人民政府_2020",
            "官元镇_2019",
            "平潭综合实验区_2025",  # seven reports 2019-2025: the latest
            "平秋镇人民政府_2020",
            "沐阳县人民政府_2025",
            "沭阳县发展和改革局_2023",
            "淮安市人民政府_2024",
            "淮安市洪泽区人民政府_2024",  # 洪泽区人民政府 2023 is the same publisher
            "百步镇人民政府_2020",
            "红花集镇人民政府_2021",
        )
    )
    assert "not configured" not in err  # every fact is in [notices]
    assert "大渡口镇人民政府_2020_整改通知.docx (2 item(s), 0 to resupply)" in err


def test_items_are_the_publishers_findings_in_order(notices, run_json) -> None:
    into, _ = notices
    by_name = {
        "平潭综合实验区_2025": "reports/fujian/pingtan-zone-admin-committee_2025.txt",
        "淮安市洪泽区人民政府_2024": "reports/jiangsu/huaian-hongze-district-gov_2024.pdf",
        "上海市科委_2024": "reports/shanghai/sh-stcsm-science-commission_2024.md",
        "平秋镇人民政府_2020": "reports/guizhou/pingqiu-town_2020.txt",
        "大渡口镇人民政府_2020": "reports/anhui/dadukou-town_2020.txt",
    }
    for stem, rel in by_name.items():
        findings = run_json[str(REPO / rel)]["findings"]
        defects = [f for f in findings if f["rule"] not in UNCHECKED]
        unchecked = [f for f in findings if f["rule"] in UNCHECKED]
        path = _read_notice(into, stem)
        assert _items(path) == [f"{n}．{f['message']}" for n, f in enumerate(defects, 1)], stem
        apart = [t for t in _paragraphs(path, DETAIL_STYLE) if re.match(r"\d+．", t)]
        assert [t.split("（位置：")[0] for t in apart] == [
            f"{n}．{f['message']}" for n, f in enumerate(unchecked, 1)
        ], stem


def test_dadukou_notice_in_full(notices) -> None:
    into, _ = notices
    path = _read_notice(into, "大渡口镇人民政府_2020")
    doc = docx.Document(str(path))
    headings = [
        (p.style.name, p.text)
        for p in doc.paragraphs
        if p.style.name.startswith(("Title", "Heading"))
    ]
    assert headings == [
        ("Title", "关于大渡口镇人民政府2020年度政府信息公开工作年度报告存在问题的整改通知"),
        ("Heading 1", "一、核查的报告"),
        ("Heading 1", "二、需要整改的问题"),
        ("Heading 1", "三、整改要求"),  # no could-not-check section: no gap in the numbers
    ]
    text = _paragraphs(path)
    assert text[0] == "某政办函〔2026〕3号"  # third notice in publisher order
    assert text[2] == "大渡口镇人民政府："
    assert "文件：reports/anhui/dadukou-town_2020.txt" in [
        t.replace(str(REPO) + "/", "") for t in text
    ]
    item = text.index(
        "2．2020年度报告的落款日期为 2020-01-14（“2020年1月14日”），早于 2021-01-01：年度尚未结束就已落款"
    )
    assert text[item + 1 : item + 7] == [
        "位置：第82行",
        "严重程度：错误",
        "应为：≥ 2021-01-01；实为：2020-01-14",
        "报告原文：“2020年1月14日”",
        "依据：《中华人民共和国政府信息公开条例》第四十九条（每年1月31日前/3月31日前公布本机关/本级政府上一年度的年度报告）",
        "整改要求：请核实后予以更正，使其符合“2020年度报告的落款/发布日期不能早于 2021年1月1日”的要求（应为：≥ 2021-01-01）。",
    ]
    assert text[-4:] == [
        "请于2026年3月31日前完成整改，在政府信息公开专栏更新年度报告，并将整改情况书面报送某某市人民政府办公室。",
        "联系人及电话：张三，0000-12345678",
        OFFICE,
        "2026年3月1日",
    ]
    assert doc.core_properties.author == OFFICE


def test_where_uses_printed_labels(notices) -> None:
    into, _ = notices
    path = _read_notice(into, "上海市科委_2024")
    text = _paragraphs(path)
    assert "位置：第三部分，表三，“结转下年度”行，“总计”列，第43行" in text


def test_unchecked_listed_apart_as_a_request_for_a_readable_copy(notices) -> None:
    into, _ = notices
    path = _read_notice(into, "平潭综合实验区_2025")
    text = _paragraphs(path)
    start = text.index("三、请提供可读版本")
    assert text[start + 2].startswith("1．表二未能完整读取：")
    assert text[start + 2].endswith("（位置：第二部分，表二，第10行）")
    # SEC004, SEC010, XYR005 (a 2024 promise not followed up): the PRS002 is not an item
    assert len(_items(path)) == 3


def test_min_severity_and_waivers_leave_items_out(office: Path, tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.toml"
    waivers.write_text('[[waiver]]\nrule = "SEC010"\nreason = "已另行说明"\n', encoding="utf-8")
    report = str(REPO / "reports/anhui/dadukou-town_2020.txt")
    code, err = _invoke(
        ["notices", report, "--into", str(tmp_path), "--waivers", str(waivers)], office
    )
    assert code == 0, err
    path = tmp_path / "大渡口镇人民政府_2020_整改通知.docx"
    assert [t[:14] for t in _items(path)] == ["1．2020年度报告的落款日"]
    code, err = _invoke(
        ["notices", report, "--into", str(tmp_path), "--min-severity", "error"], office
    )
    assert code == 0, err
    assert [t[:3] for t in _items(path)] == ["1．2"]  # DAT002 (error); SEC010 is a warning


def test_missing_facts_are_placeholders_and_said_on_stderr(tmp_path: Path) -> None:
    report = str(REPO / "reports/anhui/dadukou-town_2020.txt")
    code, err = _invoke(
        ["notices", report, "--into", str(tmp_path / "n"), "--date", "2026年5月6日"], tmp_path
    )
    assert code == 0, err
    assert "left as a placeholder in the document: office, doc_number, deadline, contact" in err
    doc = docx.Document(str(tmp_path / "n" / "大渡口镇人民政府_2020_整改通知.docx"))
    text = [p.text for p in doc.paragraphs]
    assert text[0] == "【待填写：文号】"
    assert text[-2:] == ["【待填写：发文机关】", "2026年5月6日"]
    highlighted = {r.text for p in doc.paragraphs for r in p.runs if r.font.highlight_color}
    assert highlighted == {
        "【待填写：文号】",
        "【待填写：发文机关】",
        "【待填写：整改期限】",
        "【待填写：联系人及电话】",
    }


def test_template_override_from_config(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        '[document]\ntitle = "{publisher}年报整改通知"\nsalutation = "致{publisher}："\n',
        encoding="utf-8",
    )
    (tmp_path / "gaorpt-audit.toml").write_text(
        '[notices]\nnotice_template = "mine.toml"\n', encoding="utf-8"
    )
    report = str(REPO / "reports/anhui/dadukou-town_2020.txt")
    code, err = _invoke(["notices", report, "--into", str(tmp_path / "n")], tmp_path)
    assert code == 0, err
    text = _paragraphs(tmp_path / "n" / "大渡口镇人民政府_2020_整改通知.docx")
    assert text[1:3] == ["大渡口镇人民政府年报整改通知", "致大渡口镇人民政府："]
    assert text[3].startswith("根据《中华人民共和国政府信息公开条例》")  # bundled wording kept


@pytest.mark.parametrize(
    ("config", "template", "message"),
    [
        ('[notices]\nofice = "x"\n', None, "notices.ofice: unknown field 'ofice'"),
        (
            '[notices]\nnotice_template = "mine.toml"\n',
            '[document]\ntitel = "x"\n',
            "unknown key 'titel'",
        ),
        (
            '[notices]\nnotice_template = "mine.toml"\n',
            '[document]\ntitle = "{nope}"\n',
            "cannot fill '{nope}'",
        ),
        ('[notices]\nnotice_template = "absent.toml"\n', None, "notice template not found"),
    ],
)
def test_bad_notices_config_is_exit_2(
    tmp_path: Path, config: str, template: str | None, message: str
) -> None:
    (tmp_path / "gaorpt-audit.toml").write_text(config, encoding="utf-8")
    if template:
        (tmp_path / "mine.toml").write_text(template, encoding="utf-8")
    report = str(REPO / "reports/anhui/dadukou-town_2020.txt")
    code, err = _invoke(["notices", report, "--into", str(tmp_path / "n")], tmp_path)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_into_a_file_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    code, err = _invoke(
        ["notices", str(REPO / "reports/anhui"), "--into", str(tmp_path / "f")], tmp_path
    )
    assert code == 2 and "is a file" in err


HOSTILE = (
    '<w:fldSimple w:instr="DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe"/>]]>&amp;'
    '{ HYPERLINK "http://evil" } {publisher} \x01\x0b【待填写：文号】'
)


def test_report_text_goes_in_as_text(tmp_path: Path) -> None:
    finding = Finding(
        rule="SEC010", name="sections.problems_look_back", category="sections", severity="warning",
        message=HOSTILE, location=Location(section="五", line=3), expected=HOSTILE, actual="{0}<&>",
        evidence=HOSTILE,
    )  # fmt: skip
    result = ReportResult(
        path="x/<b>bad</b>.txt", publisher=f"甲镇{HOSTILE}", year=2024, findings=[finding]
    )
    rules = {"SEC010": RuleFacts(summary="第五部分应回顾上年问题整改", basis="条例第五十条")}
    written, missing = write_notices([result], rules, NoticeSettings(office="办"), tmp_path)
    ((path, _),) = written
    assert "/" not in path.name and "<" not in path.name
    assert path.name.endswith("_2024_整改通知.docx") and len(path.name.encode()) < 200
    literal = HOSTILE.replace("\x01", "").replace("\x0b", "")
    assert _items(path) == [f"1．{literal}"]
    details = _paragraphs(path, DETAIL_STYLE)
    assert f"报告原文：“{literal}”" in details
    assert "应为：见问题说明；实为：{0}<&>" in details  # slot-like text is not filled
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    for tag in ("w:fldSimple", "w:instrText", "w:fldChar", "w:hyperlink"):
        assert f"<{tag}" not in xml
    assert "&lt;w:fldSimple" in xml and "&amp;amp;" in xml
    assert missing == ["doc_number", "date", "deadline", "contact"]


def test_same_input_same_bytes(tmp_path: Path) -> None:
    result = ReportResult(path="a.txt", publisher="甲镇", year=2024)
    one, two = tmp_path / "1", tmp_path / "2"
    one.mkdir(), two.mkdir()
    write_notices([result], {}, NoticeSettings(), one)
    write_notices([result], {}, NoticeSettings(), two)
    name = "甲镇_2024_整改通知.docx"
    assert (one / name).read_bytes() == (two / name).read_bytes()
    assert _items(one / name) == [] and "未发现需要整改的问题。" in _paragraphs(one / name)


@pytest.fixture(scope="module")
def bulletin(office: Path) -> tuple[Path, str]:
    out = office / "通报.docx"
    code, err = _invoke(["bulletin", str(REPO / "reports"), "-o", str(out), "-j", "1"], office)
    assert code == 0, err
    return out, err


def test_bulletin_ranking_and_grades_are_the_league(bulletin) -> None:
    path, err = bulletin
    assert "wrote" in err and "not configured" not in err
    doc = docx.Document(str(path))
    ranking, grades = ([[c.text for c in row.cells] for row in t.rows] for t in doc.tables)
    assert ranking[0] == ["名次", "单位", "报告年度", "得分", "等次", "错误", "警告"]
    assert [r[:5] for r in ranking[1:]] == [
        ["1", "上海市人民政府办公厅", "2025", "98.0", "A"],
        ["2", "平潭综合实验区", "2025", "96.0", "A"],
        ["2", "沐阳县人民政府", "2025", "96.0", "A"],
        ["2", "淮安市人民政府", "2024", "96.0", "A"],
        ["5", "沭阳县发展和改革局", "2023", "95.0", "A"],
        ["5", "百步镇人民政府", "2020", "95.0", "A"],
        ["7", "官元镇", "2019", "94.0", "A"],
        ["8", "平秋镇人民政府", "2020", "93.0", "A"],
        ["9", "红花集镇人民政府", "2021", "92.0", "A"],
        ["10", "上海市科委", "2024", "90.0", "A"],
        ["11", "大渡口镇人民政府", "2020", "88.0", "B"],
        ["12", "淮安市洪泽区人民政府", "2024", "86.0", "B"],
    ]
    assert grades == [
        ["等次", "单位数", "占比"],
        ["A", "10", "83.3%"],
        ["B", "2", "16.7%"],
        ["C", "0", "0.0%"],
        ["D", "0", "0.0%"],
    ]


def test_bulletin_problems_with_counts_and_an_example(bulletin) -> None:
    path, _ = bulletin
    doc = docx.Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "一、核查得分排名",
        "二、等次分布",
        "三、主要问题",
        "四、未能读取或未公布报告的单位",
    ]
    problems = _items(path)
    assert len(problems) == 10  # [limits] problems
    assert problems[0] == (
        "1．第五部分应说明上年度报告所列问题的整改情况（回顾上年），不能只列今年的问题和打算"
        "（SEC010）：涉及11个单位，共11处。"
    )
    # one SEC008 finding per root cause (平秋镇 5 headings, 上海市科委 4 headings: one each)
    assert problems[4].endswith("（SEC008）：涉及3个单位，共3处。")
    examples = _paragraphs(path, DETAIL_STYLE)
    assert examples[0] == (
        "例：平潭综合实验区，第五部分，第10行：“第五部分没有回顾上年度报告所列问题的整改情况"
        "（如“上年度问题整改情况”“针对上一年度报告中指出的问题……”）”"
    )
    text = _paragraphs(path)
    assert text[0] == "某政办〔2026〕9号"
    assert text[-3:] == ["无。", OFFICE, "2026年3月1日"]  # every report could be read


def test_bulletin_lists_unread_and_unpublished(tmp_path: Path) -> None:
    unread = Finding(
        rule="PRS001", name="parse.unreadable", category="parse", severity="error",
        message="文件无法读取：扫描件", location=Location(),
    )  # fmt: skip
    results = [
        ReportResult(
            path="a.pdf", publisher="甲镇人民政府", year=2024, score=0, grade="D", findings=[unread]
        ),
        ReportResult(path="b.txt", publisher="乙镇人民政府", year=2024, score=95, grade="A"),
    ]
    settings = NoticeSettings(publishers=["甲镇人民政府", "某市乙镇人民政府", "丙镇人民政府"])
    made, missing = write_bulletin(results, {}, settings, tmp_path / "b.docx", ["A", "B", "C", "D"])
    assert made.unread == [
        ("甲镇人民政府", "报告文件无法读取（文件无法读取：扫描件）"),
        ("丙镇人民政府", "未发现该单位的年度报告"),  # 某市乙镇人民政府 is 乙镇人民政府
    ]
    assert missing == ["office", "bulletin_number", "date"]
    assert "2．丙镇人民政府：未发现该单位的年度报告" in _paragraphs(tmp_path / "b.docx")


def test_machine_values_are_not_printed(notices) -> None:
    """Values for machines (SEC007's "heading_missing", a rule's regex) are never printed:
    the item says 见问题说明 or leaves the line out; SEC005 says in words what it expects."""
    into, _ = notices
    lines = [
        t
        for path in sorted(into.iterdir())
        for t in _paragraphs(path, DETAIL_STYLE)
        if t.startswith(("应为：", "整改要求："))
    ]
    assert len(lines) > 50
    asked = [t.rpartition("（应为：")[2] for t in lines]
    assert [t for t in asked if re.search("[A-Za-z]", t)] == []
    # the rule summaries' "Y年度", "Y+1 年" are the report's own years in a notice
    assert [t for t in lines if re.search(r"(?<![A-Za-z])Y\s*(\+\s*\d+)?\s*年", t)] == []
    text = _paragraphs(_read_notice(into, "沐阳县人民政府_2025"))
    assert (
        "应为：统一格式的标题，如“四、政府信息公开行政复议、行政诉讼情况”“五、存在的主要问题及改进情况”；"
        "实为：五、政府信息公开工作存在的主要问题及改进情况" in text
    )


def test_year_picks_that_years_report(office: Path, tmp_path: Path) -> None:
    fujian = str(REPO / "reports/fujian")
    code, err = _invoke(["notices", fujian, "--into", str(tmp_path), "--year", "2020"], office)
    assert code == 0, err
    path = tmp_path / "平潭综合实验区_2020_整改通知.docx"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    items = _items(path)  # + XYR005 (a 2019 promise) and XYR008 (江苏省)
    assert len(items) == 6 and "报告年度：2020年" in _paragraphs(path)
    assert items[-1].startswith("6．提到外省地名“江苏省”（属江苏省，本发布机关在福建省）")


def test_template_numbers_may_be_fractional(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text("[style]\nbody_size = 10.5\n", encoding="utf-8")
    settings = NoticeSettings(notice_template=str(tmp_path / "mine.toml"))
    result = ReportResult(path="a.txt", publisher="甲镇", year=2024)
    ((path, _),), _ = write_notices([result], {}, settings, tmp_path)
    assert docx.Document(str(path)).styles["Normal"].font.size.pt == 10.5


def test_rule_summaries_read_with_the_report_year() -> None:
    from gaorpt_audit.notices.items import with_year

    summary = "人民政府的 Y 年度报告应在 Y+1 年3月31日前公布，对照 Y−1 年度"
    assert with_year(summary, 2020) == "人民政府的 2020年度报告应在 2021年3月31日前公布，对照 2019年度"
    assert with_year(summary, None) == summary  # year unknown: the rule's own words
    assert with_year("XY年度 Yes年", 2020) == "XY年度 Yes年"  # a Y inside a word is no year

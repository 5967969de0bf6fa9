"""JUnit XML: one testsuite per report, one testcase per rule including passes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from test_render_fixture import ALERT, render


def _root(fail_on: str = "info") -> ET.Element:
    return ET.fromstring(render("junit", fail_on=fail_on))


def test_one_suite_per_report_one_case_per_rule() -> None:
    root = _root()
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "reports/anhui/dadukou-town_2020.txt",
        "reports/test/evil_2021.md",
        "reports/test/unreadable_2022.pdf",
        "reports/zhejiang/baibu-town_2019.txt",
        "reports/zhejiang/baibu-town_2020.txt",
    ]
    clean = suites[0]
    assert clean.get("tests") == "5" and clean.get("failures") == "0"
    assert len(clean.findall("testcase")) == 5  # passes are listed too
    baibu = suites[4]
    assert (baibu.get("tests"), baibu.get("failures")) == ("5", "3")
    failed = {c.get("name") for c in baibu.findall("testcase") if c.find("failure") is not None}
    assert failed == {"BAL002", "SEC004", "SEC005"}
    bal = next(c for c in baibu.findall("testcase") if c.get("name") == "BAL002")
    failure = bal.find("failure")
    assert failure.get("type") == "error"
    assert "expected 5, actual 4" in failure.text


def test_findings_below_the_gate_are_not_failures() -> None:
    """--fail-on error (the default): a warning or info finding is reported in
    system-out, the test case passes, so a run that passes the gate is green in CI."""
    baibu = _root("error").findall("testsuite")[4]
    assert (baibu.get("tests"), baibu.get("failures")) == ("5", "1")
    cases = {c.get("name"): c for c in baibu.findall("testcase")}
    assert cases["BAL002"].find("failure") is not None
    sec004 = cases["SEC004"]
    assert sec004.find("failure") is None and "WARNING SEC004" in sec004.find("system-out").text
    assert _root("never").get("failures") == "0"


def test_not_applicable_is_skipped_and_totals_add_up() -> None:
    root = _root()
    broken = root.findall("testsuite")[2]
    assert broken.get("skipped") == "5"
    assert root.get("tests") == str(sum(int(s.get("tests")) for s in root.findall("testsuite")))
    assert root.get("failures") == "7"


def test_report_text_survives_as_text() -> None:
    root = _root()
    props = {p.get("name"): p.get("value") for p in root.findall("testsuite")[1].iter("property")}
    assert props["publisher"] == f"{ALERT}示例镇人民政府"
    assert props["score"] == "70.5"

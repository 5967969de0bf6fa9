"""Publisher names that denote one body are ranked as one publisher."""

from __future__ import annotations

from gaorpt_audit.model import ReportResult
from gaorpt_audit.publishers import publisher_keys
from gaorpt_audit.rank import build_league


def test_region_prefix_joins_names() -> None:
    keys = publisher_keys(["淮安市洪泽区人民政府", "洪泽区人民政府", "江苏省淮安市洪泽区人民政府"])
    assert set(keys.values()) == {"洪泽区人民政府"}


def test_different_bodies_stay_apart() -> None:
    names = [
        "沭阳县人民政府",
        "沭阳县发展和改革局",
        "上海市人民政府办公厅",
        "上海市人民政府",
        "人民政府",
    ]
    keys = publisher_keys(names)
    assert keys["上海市人民政府办公厅"] != keys["上海市人民政府"]
    assert keys["沭阳县人民政府"] != keys["沭阳县发展和改革局"]
    # a bare generic name absorbs nothing, and a non-region prefix joins nothing
    assert keys["上海市人民政府"] == "上海市人民政府"
    assert (
        publisher_keys(["平潭综合实验区", "福建平潭综合实验区"])["福建平潭综合实验区"]
        == "福建平潭综合实验区"
    )


def test_league_keeps_the_latest_report_of_a_renamed_publisher() -> None:
    results = [
        ReportResult(
            path="a/hz_2023.pdf", publisher="洪泽区人民政府", year=2023, score=82.0, grade="B"
        ),
        ReportResult(
            path="a/hz_2024.pdf", publisher="淮安市洪泽区人民政府", year=2024, score=90.0, grade="A"
        ),
    ]
    league = build_league(results)
    assert [(row.publisher, row.year) for row in league] == [("淮安市洪泽区人民政府", 2024)]


def _keys_by_scan(names: list[str]) -> dict[str, str]:
    # The definition, as a scan of all shorter names (quadratic): the fast version must agree.
    import re

    prefix = re.compile(r"(?:[\u4e00-\u9fff]{1,8}?(?:省|自治区|自治州|市|州|盟|地区))+")
    keys: dict[str, str] = {}
    for name in sorted(set(names), key=lambda n: (len(n), n)):
        keys[name] = name
        for shorter in sorted(keys, key=lambda n: (len(n), n)):
            if (
                5 <= len(shorter) < len(name)
                and name.endswith(shorter)
                and prefix.fullmatch(name[: -len(shorter)])
            ):
                keys[name] = keys[shorter]
                break
    return keys


def test_suffix_lookup_agrees_with_the_scan() -> None:
    names = [
        "江苏省淮安市洪泽区人民政府",
        "淮安市洪泽区人民政府",
        "洪泽区人民政府",
        "淮安市人民政府",
        "江苏省淮安市人民政府",
        "江苏省人民政府",
        "上海市人民政府办公厅",
        "上海市人民政府",
        "福建平潭综合实验区",
        "平潭综合实验区",
        "延边朝鲜族自治州安图县人民政府",
        "安图县人民政府",
        "阿拉善盟阿左旗人民政府",
        "阿左旗人民政府",
        "人民政府",
        "县人民政府",
    ]
    keys = publisher_keys(names)
    assert keys == _keys_by_scan(names)
    assert keys["江苏省淮安市洪泽区人民政府"] == "洪泽区人民政府"
    assert keys["延边朝鲜族自治州安图县人民政府"] == "安图县人民政府"
    assert keys["阿拉善盟阿左旗人民政府"] == "阿左旗人民政府"

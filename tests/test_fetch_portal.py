"""The bad days of a portal, one fetch (fetch_server.py on 127.0.0.1): an inline HTML
report, an article page linking the PDF, a GBK page without any charset, a redirect chain,
a 503 that recovers, a 404, an answer slower than the timeout, robots.txt; a column page of
several years (--follow-index); `run` on the folder lists the URLs that failed."""

from __future__ import annotations

import contextlib
import json
import re
import time
from pathlib import Path

import pytest
from fetch_server import Site, redirect, send, serve
from test_fetch import FAST, PINGTAN, REPORTS, _article, manifest, sha
from typer.testing import CliRunner

from gaorpt_audit.audit import audit
from gaorpt_audit.cli import app
from gaorpt_audit.config import Config
from gaorpt_audit.fetch.fetcher import fetch
from gaorpt_audit.fetch.links import decode_page

HTML = REPORTS / "jiangsu" / "shuyang-county-drc_2023.html"
PDF = REPORTS / "jiangsu" / "huaian-city-gov_2024.pdf"


def _portal(site: Site) -> None:
    site.files["/robots.txt"] = (b"User-agent: *\nDisallow: /private/\n", "text/plain")
    site.files["/inline.html"] = (HTML.read_bytes(), "text/html; charset=utf-8")
    site.files["/f/P020240301.pdf"] = (PDF.read_bytes(), "application/pdf")
    site.files["/f/form.doc"] = (b"\xd0\xcf\x11\xe0 form", "application/msword")
    # A GBK article page, no charset anywhere: only decoding it right finds the report among
    # two attachments whose file names say nothing.
    links = [("/f/form.doc", "政府信息公开申请表"), ("/f/P020240301.pdf", "淮安市2024年年度报告")]
    site.files["/gbk.html"] = (_article("淮安市政府信息公开", links, "gbk"), "text/html")
    # A report page saved by a GBK CMS: no charset in the header or the page.
    plain = re.sub(
        r"<meta[^>]*charset[^>]*>", "", HTML.read_text(encoding="utf-8"), flags=re.IGNORECASE
    )
    site.files["/gbk-inline.html"] = (plain.encode("gbk"), "text/html")
    site.special["/r1"] = redirect("/r2")
    site.special["/r2"] = redirect("/r3")
    site.special["/r3"] = redirect("/inline.html")
    tries = {"n": 0}

    def flaky(h) -> None:
        tries["n"] += 1
        if tries["n"] <= 2:
            send(h, 503, b"busy", "text/plain", {"Retry-After": "0"})
        else:
            send(
                h,
                200,
                PINGTAN.joinpath("pingtan-zone-admin-committee_2019.txt").read_bytes(),
                "text/plain",
            )

    def slow(h) -> None:
        time.sleep(1.5)
        with contextlib.suppress(OSError):  # the client gave up long ago
            send(h, 200, b"late", "text/plain")

    site.special["/flaky.txt"] = flaky
    site.special["/slow.txt"] = slow
    site.files["/private/2022.txt"] = (b"secret", "text/plain")


LIST = """\
# scenario, publisher, year
{b}/inline.html 沭阳县发改局 2023
{b}/gbk.html 淮安市 2024
{b}/gbk-inline.html 沭阳GBK 2023
{b}/r1 重定向 2023
{b}/flaky.txt 平潭 2019
{b}/missing.html 缺失 2020
{b}/slow.txt 慢 2020
{b}/private/2022.txt 私有 2022
"""


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    with serve(Site()) as site:
        _portal(site)
        tmp = tmp_path_factory.mktemp("portal")
        listed = tmp / "urls.txt"
        listed.write_text(LIST.format(b=site.base), encoding="utf-8")
        summary = fetch([listed], tmp / "region", FAST)
        yield site, tmp / "region", summary


def _entry(region: Path, site: Site, path: str) -> dict:
    return next(e for e in manifest(region)["reports"] if e["url"] == site.url(path))


def test_reports_land_as_publisher_year_files(portal) -> None:
    site, region, summary = portal
    assert (summary.total, summary.downloaded, len(summary.failed)) == (8, 5, 3)
    assert sha(region / "沭阳县发改局/2023.html") == sha(HTML)  # inline: the page itself
    assert sha(region / "淮安市/2024.pdf") == sha(PDF)  # the GBK page's report attachment
    assert site.bodies["/f/form.doc"] == 0
    assert sha(region / "重定向/2023.html") == sha(HTML)
    assert sha(region / "平潭/2019.txt") == sha(PINGTAN / "pingtan-zone-admin-committee_2019.txt")
    redirected = _entry(region, site, "/r1")
    assert redirected["final_url"] == site.url("/inline.html")


def test_a_gbk_page_without_charset_is_read_as_gbk(portal) -> None:
    site, region, _ = portal
    data = (region / "沭阳GBK/2023.html").read_bytes()
    text, encoding = decode_page(data, "text/html")
    assert encoding == "gb18030" and "沭阳县发展和改革局" in text
    assert _entry(region, site, "/gbk-inline.html")["encoding"] == "gb18030"
    (got,) = audit([str(region / "沭阳GBK/2023.html")], Config()).results
    (want,) = audit([str(HTML)], Config()).results
    assert got.publisher == want.publisher == "沭阳县发展和改革局"
    assert [(f.rule, f.message) for f in got.findings] == [
        (f.rule, f.message) for f in want.findings
    ]


def test_failures_are_in_the_manifest_with_their_reason(portal) -> None:
    site, region, _ = portal
    assert site.hits["/flaky.txt"] == 3  # two 503s, then the report
    missing = _entry(region, site, "/missing.html")
    assert (missing["status"], missing["reason"], missing["path"]) == (
        "failed",
        "HTTP 404",
        "缺失/2020",
    )
    late = _entry(region, site, "/slow.txt")
    assert late["reason"] == "超时（0.4 秒内没有响应）（共尝试 3 次）"
    assert site.hits["/slow.txt"] == 3
    assert _entry(region, site, "/private/2022.txt")["reason"] == "robots.txt 不允许抓取此网址"
    assert site.hits["/private/2022.txt"] == 0


def test_run_lists_the_failed_urls_as_reports_that_could_not_be_checked(portal) -> None:
    site, region, _ = portal
    results = {r.path: r for r in audit([str(region)], Config()).results}
    assert f"{region.as_posix()}/manifest.json" not in results
    failed = {p: r for p, r in results.items() if any(f.rule == "PRS001" for f in r.findings)}
    assert sorted(Path(p).relative_to(region).as_posix() for p in failed) == [
        "慢/2020",
        "私有/2022",
        "缺失/2020",
    ]
    (finding,) = [f for f in failed[f"{region.as_posix()}/缺失/2020"].findings]
    assert finding.message == f"文件无法读取：未能下载 {site.url('/missing.html')}：HTTP 404"
    assert all(r.score == 0 for r in failed.values())


def test_follow_index_fetches_each_year_of_a_column_page(tmp_path) -> None:
    with serve(Site()) as site:
        links = []
        for f in sorted(PINGTAN.glob("*.txt")):
            year = f.stem[-4:]
            site.files[f"/c/{year}.txt"] = (f.read_bytes(), "text/plain")
            links.append(
                f'<li><a href="/c/{year}.txt">平潭综合实验区{year}年政府信息公开'
                f"工作年度报告</a></li>"
            )
        links.append('<li><a href="/c/notice.html">2024年政务公开工作要点</a></li>')
        page = f"<html><body><ul>{''.join(links)}</ul></body></html>".encode()
        site.files["/column.html"] = (page, "text/html; charset=utf-8")
        listed = tmp_path / "index.txt"
        listed.write_text(f"{site.url('/column.html')} 平潭\n", encoding="utf-8")
        FAST.follow_index = True
        try:
            summary = fetch([listed], tmp_path / "region", FAST)
            again = fetch([listed], tmp_path / "region", FAST)
        finally:
            FAST.follow_index = False
        assert site.hits["/c/notice.html"] == 0
    assert (summary.downloaded, again.downloaded, again.unchanged) == (7, 0, 7)
    got = sorted(p.name for p in (tmp_path / "region" / "平潭").iterdir())
    assert got == [f"{y}.txt" for y in range(2019, 2026)]


def test_run_fetch_fetches_then_audits(tmp_path) -> None:
    with serve(Site()) as site:
        site.files["/a.html"] = (HTML.read_bytes(), "text/html")
        listed = tmp_path / "region.txt"
        listed.write_text(f"{site.url('/a.html')} 沭阳县发改局 2023\n{site.url('/x')}\n")
        result = CliRunner().invoke(app, ["run", str(listed), "--fetch", "-f", "json", "-q"])
    assert result.exit_code == 1, result.output
    payload = json.loads(result.stdout)
    paths = [r["path"] for r in payload["reports"]]
    region = (tmp_path / "region").as_posix()
    assert paths == [f"{region}/127.0.0.1/未知年度", f"{region}/沭阳县发改局/2023.html"]

"""`gaorpt-audit fetch` (issue 21) against a local portal on 127.0.0.1 (fetch_server.py)
serving the sample region as publishers do: HTML reports inline, PDFs as attachments of
an article page, text files as they are; plus the portal's bad days (a GBK page without
charset, a redirect chain, a 503 that recovers, a 404, an answer slower than the timeout,
robots.txt) and a column page listing the reports of several years."""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fetch_server import Site, send, serve

from gaorpt_audit.audit import audit
from gaorpt_audit.config import Config
from gaorpt_audit.fetch.client import Settings
from gaorpt_audit.fetch.fetcher import Options, fetch

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "reports"
TYPES = {".txt": "text/plain", ".md": "text/markdown", ".html": "text/html", ".pdf": ""}
PINGTAN = REPORTS / "fujian"
# Low timeouts keep the tests fast: the slow answer takes 1.5 s, the client waits 0.4 s.
FAST = Options(Settings(timeout=0.4, retries=2, backoff=0.01, per_host=4, delay=0), jobs=4)


def _article(title: str, links: list[tuple[str, str]], encoding: str = "utf-8") -> bytes:
    """An article page of a portal: a title and attachment links, no report text."""
    meta = '<meta charset="utf-8">' if encoding == "utf-8" else ""
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    page = f"<html><head>{meta}<title>{title}</title></head><body><h1>{title}</h1>"
    return (page + f"<p>附件：</p><ul>{items}</ul></body></html>").encode(encoding)


def publish_corpus(site: Site) -> dict[str, Path]:
    """Every report of reports/ on the portal; URL -> the source file."""
    urls = {}
    for f in sorted(p for p in REPORTS.rglob("*") if p.suffix in TYPES and "_" in p.stem):
        name = f"{f.parent.name}-{f.stem}"
        year = f.stem.rsplit("_", 1)[1]
        if f.suffix == ".pdf":
            site.files[f"/files/{name}.pdf"] = (f.read_bytes(), "application/pdf")
            page = _article(
                f"{year}年政府信息公开工作年度报告",
                [("/files/form.doc", "政府信息公开申请表"), (f"/files/{name}.pdf", "年度报告")],
            )
            site.files[f"/art/{name}.html"] = (page, "text/html; charset=utf-8")
            urls[site.url(f"/art/{name}.html")] = f
        else:
            site.files[f"/art/{name}{f.suffix}"] = (f.read_bytes(), TYPES[f.suffix])
            urls[site.url(f"/art/{name}{f.suffix}")] = f
    return urls


def write_list(path: Path, urls: dict[str, Path]) -> Path:
    lines = ["url,publisher,year"]
    for url, f in urls.items():
        publisher, year = f.stem.rsplit("_", 1)
        lines.append(f"{url},{f.parent.name}-{publisher},{year}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def saved(region: Path, url: str) -> Path:
    entry = next(e for e in manifest(region)["reports"] if e["url"] == url)
    return region / entry["path"]


def manifest(region: Path) -> dict:
    return json.loads((region / "manifest.json").read_text(encoding="utf-8"))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------------- the corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    with serve(Site()) as site:
        urls = publish_corpus(site)
        tmp = tmp_path_factory.mktemp("corpus")
        listed = write_list(tmp / "urls.csv", urls)
        summary = fetch([listed], tmp / "region", FAST)
        yield site, urls, listed, tmp / "region", summary


def _results(paths: list[str]) -> dict[str, dict]:
    return {r.path: r.model_dump(mode="json") for r in audit(paths, Config(), jobs=1).results}


def test_every_corpus_report_fetches_and_audits_as_the_corpus_itself(corpus) -> None:
    site, urls, _, region, summary = corpus
    assert (summary.total, summary.downloaded, summary.failed) == (len(urls), len(urls), [])
    assert len(urls) == 20
    fetched = _results([str(region)])
    original = _results([str(REPORTS)])
    assert len(fetched) == len(original) == 20
    for url, source in urls.items():
        got = fetched[saved(region, url).as_posix()]
        want = original[source.as_posix()]
        assert sha(saved(region, url)) == sha(source)
        assert got.pop("path") != want.pop("path")
        assert got == want  # findings, evidence, fingerprints, score: all the same
    pdf = saved(region, next(u for u, f in urls.items() if f.suffix == ".pdf"))
    assert pdf.suffix == ".pdf" and pdf.parent.name.startswith("jiangsu-huaian")
    assert site.bodies["/files/form.doc"] == 0  # the application form is not the report
    entry = next(e for e in manifest(region)["reports"] if e["path"].endswith(".pdf"))
    assert entry["page"]["url"] == entry["url"] != entry["final_url"]
    assert entry["content_type"] == "application/pdf" and entry["sha256"] == sha(pdf)


def test_a_second_fetch_downloads_nothing(corpus) -> None:
    site, urls, listed, region, _ = corpus
    before, text = site.bodies.copy(), (region / "manifest.json").read_text(encoding="utf-8")
    files = {p: sha(p) for p in region.rglob("*") if p.is_file()}
    summary = fetch([listed], region, FAST)
    assert (summary.downloaded, summary.unchanged, summary.failed) == (0, len(urls), [])
    assert site.bodies == before  # only 304s: no body was sent again
    assert {p: sha(p) for p in region.rglob("*") if p.is_file()} == files
    assert (region / "manifest.json").read_text(encoding="utf-8") == text


# ------------------------------------------------------------------------- interruption


def test_an_interrupted_fetch_resumes_cleanly(tmp_path) -> None:
    release, half_sent = threading.Event(), threading.Event()
    sources = sorted(PINGTAN.glob("*.txt"))[:4]
    with serve(Site()) as site:
        urls = {}
        for f in sources:
            site.files[f"/{f.name}"] = (f.read_bytes(), "text/plain")
            urls[site.url(f"/{f.name}")] = f
        slow = sources[2]
        data = slow.read_bytes()

        def half_then_wait(h) -> None:  # the connection dies mid-body, as with a kill
            if release.is_set():
                site.count(site.bodies, "/slow")
                send(h, 200, data, "text/plain")
                return
            h.send_response(200)
            h.send_header("Content-Type", "text/plain")
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data[: len(data) // 2])
            h.wfile.flush()
            half_sent.set()
            release.wait(10)

        site.special["/slow"] = half_then_wait
        del urls[site.url(f"/{slow.name}")]
        items = list(urls.items())
        items.insert(2, (site.url("/slow"), slow))
        listed = write_list(tmp_path / "urls.csv", dict(items))
        region = tmp_path / "region"
        code = "from gaorpt_audit.cli import main; main()"
        cmd = [sys.executable, "-c", code, "fetch", str(listed), "--into", str(region)]
        child = subprocess.Popen([*cmd, "-j", "1", "--delay", "0", "-q"])
        try:
            assert half_sent.wait(20), "the child never reached the slow report"
            for _ in range(100):  # until the child has the half body on disk
                if list(region.rglob(".*.part")):
                    break
                time.sleep(0.05)
            child.send_signal(signal.SIGKILL)  # interrupted at the worst point: mid-body
            child.wait(10)
        finally:
            if child.poll() is None:
                child.kill()
        parts = list(region.rglob(".*.part"))
        assert len(parts) == 1  # a half-written body, under its temporary name only
        done = [e["path"] for e in manifest(region)["reports"]]
        assert len(done) == 2 and all((region / p).is_file() for p in done)
        release.set()
        before = site.bodies.copy()
        summary = fetch([listed], region, FAST)
        assert (summary.cleaned, summary.downloaded, summary.unchanged) == (1, 2, 2)
        assert sum(site.bodies.values()) - sum(before.values()) == 2  # the two not done
    assert not list(region.rglob(".*.part"))
    files = sorted(p.relative_to(region).as_posix() for p in region.rglob("*") if p.is_file())
    assert files == sorted(
        [f"fujian-pingtan-zone-admin-committee/{f.stem[-4:]}.txt" for f in sources]
        + ["manifest.json"]
    )
    for url, f in dict(items).items():
        assert sha(saved(region, url)) == sha(f)

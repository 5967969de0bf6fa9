"""One fetch: the URL list into a region folder, resumable and conditional.

A URL whose file is on disk with the sha256 of the manifest is asked again with its ETag /
Last-Modified: a 304 (or the same bytes) leaves it alone, so a second run downloads
nothing unchanged. A failed URL keeps a previously fetched file (its entry says the refresh
failed); a URL never fetched is a ``failed`` entry with the reason.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .client import Client, Response, Settings
from .links import decode_page, index_links, report_attachment, title_of, year_in
from .manifest import Manifest
from .store import clean_partials, extension, place, safe_name, sha256_of
from .urllist import Target, read_url_list

Progress = Callable[[int, int, str], None]
UNKNOWN_YEAR = "未知年度"


@dataclass
class Summary:
    total: int = 0
    downloaded: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    cleaned: int = 0  # temporary files of an interrupted run removed


@dataclass
class Options:
    settings: Settings = field(default_factory=Settings)
    jobs: int = 4
    follow_index: bool = False


def fetch(
    lists: list[Path], into: Path, options: Options | None = None, progress: Progress | None = None
) -> Summary:
    """Fetch every URL of ``lists`` into ``into``; raises UrlListError for a bad list."""
    options = options or Options()
    targets = [t for path in lists for t in read_url_list(path)]
    into.mkdir(parents=True, exist_ok=True)
    run = _Run(into, options, Summary(cleaned=clean_partials(into)))
    try:
        if options.follow_index:
            targets = [t for index in targets for t in run.expand(index)]
        run.summary.total = len(targets)
        if progress:
            progress(0, len(targets), "")
        with ThreadPoolExecutor(max(1, options.jobs)) as pool:
            for n, url in enumerate(pool.map(run.one, targets), 1):
                if progress:
                    progress(n, len(targets), url)
    finally:
        run.client.close()
    return run.summary


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _publisher(target: Target) -> str:
    return safe_name(target.publisher or urlsplit(target.url).netloc.split(":")[0])


def _stem_of(entry: dict[str, Any]) -> str:
    path = entry.get("path") or ""
    if entry.get("status") != "ok":
        return path  # a failed entry's path is its planned stem
    folder, _, name = path.rpartition("/")
    return f"{folder}/{name.rsplit('.', 1)[0]}" if folder else name.rsplit(".", 1)[0]


class _Run:
    def __init__(self, into: Path, options: Options, summary: Summary) -> None:
        self.into, self.summary = into, summary
        self.manifest = Manifest(into)
        self.client = Client(options.settings, tmpdir=into)
        self._lock = threading.Lock()
        self._taken = {_stem_of(e): u for u, e in self.manifest.reports.items()}

    # ---------------------------------------------------------------- index pages
    def expand(self, index: Target) -> list[Target]:
        """The report links of a column page (cached in the manifest for 304s)."""
        cached = self.manifest.indexes.get(index.url, {})
        r = self.client.get(index.url, cached.get("etag"), cached.get("last_modified"))
        if r.status == 304 and "links" in cached:
            found = cached["links"]
        elif r.body is not None:
            text, _ = decode_page(r.body.read_bytes(), r.content_type)
            r.body.unlink()
            found = [[y, link.url] for y, link in index_links(text, r.final_url)]
            self.manifest.record_index(
                index.url,
                {
                    "final_url": r.final_url,
                    "etag": r.etag,
                    "last_modified": r.last_modified,
                    "fetched_at": _now(),
                    "links": found,
                },
            )
        else:
            stem = f"{_publisher(index)}/{UNKNOWN_YEAR}"
            self._fail(index, stem, f"栏目页无法打开：{r.error}", r)
            return []
        return [Target(url, index.publisher, year) for year, url in found]

    # ---------------------------------------------------------------- one report
    def one(self, target: Target) -> str:
        prev = self.manifest.previous(target.url)
        ok = prev if prev and prev.get("status") == "ok" and self._on_disk(prev) else None
        page = (ok or {}).get("page") or (ok or {})
        r = self.client.get(target.url, page.get("etag"), page.get("last_modified"))
        if r.error:
            self._fail(target, self._stem(target, prev, None), r.error, r, ok)
        elif r.status == 304 and ok is not None:
            if ok.get("page"):  # the page is unchanged: is its attachment?
                a = self.client.get(ok["final_url"], ok.get("etag"), ok.get("last_modified"))
                self._document(target, ok, a, ok["page"])
            else:
                self._count("unchanged")
        elif r.body is not None:
            self._page(target, prev, ok, r)
        else:  # 304 without a file to keep (or another 2xx/3xx without a body)
            self._fail(target, self._stem(target, prev, None), f"HTTP {r.status}", r)
        return target.url

    def _page(self, target: Target, prev: Any, ok: Any, r: Response) -> None:
        assert r.body is not None
        head = r.body.read_bytes()
        if extension(r.final_url, r.content_type, r.disposition, head[:8]) == ".html":
            text, encoding = decode_page(head, r.content_type)
            attachment = report_attachment(text, r.final_url)
            if attachment:
                r.body.unlink()
                page = {
                    "url": target.url,
                    "final_url": r.final_url,
                    "etag": r.etag,
                    "last_modified": r.last_modified,
                    "title": title_of(text),
                }
                same = ok is not None and ok.get("final_url") == attachment
                a = self.client.get(
                    attachment,
                    ok.get("etag") if same else None,
                    ok.get("last_modified") if same else None,
                )
                self._document(target, ok if same else None, a, page, prev)
                return
            self._save(target, prev, ok, r, None, {"encoding": encoding, "title": title_of(text)})
            return
        self._save(target, prev, ok, r, None, {})

    def _document(self, target: Target, ok: Any, a: Response, page: dict, prev: Any = None) -> None:
        prev = prev or ok
        if a.error:
            reason = f"报告附件 {a.url} 无法下载：{a.error}"
            self._fail(target, self._stem(target, prev, page.get("title")), reason, a, ok)
        elif a.status == 304 and ok is not None:
            self._count("unchanged")
        elif a.body is not None:
            self._save(target, prev, ok, a, page, {})
        else:
            self._fail(target, self._stem(target, prev, None), f"HTTP {a.status}", a, ok)

    # ---------------------------------------------------------------- storage
    def _save(
        self, target: Target, prev: Any, ok: Any, r: Response, page: Any, extra: dict
    ) -> None:
        assert r.body is not None
        with open(r.body, "rb") as f:
            head = f.read(8)
        ext = extension(r.final_url, r.content_type, r.disposition, head)
        title = (page or {}).get("title") or extra.get("title") or ""
        stem = self._stem(target, prev, title, r.final_url)
        dest = self.into / f"{stem}{ext}"
        if ok is not None and ok.get("sha256") == r.sha256 and ok.get("path") == f"{stem}{ext}":
            r.body.unlink()  # the same bytes (a server without validators): nothing changes
            self._count("unchanged")
            return
        place(r.body, dest)
        old = (prev or {}).get("path")
        if old and old != f"{stem}{ext}" and (self.into / old).is_file():
            (self.into / old).unlink()  # the report changed type (a page became a PDF)
        entry = self._entry(target, stem, r)
        entry.update(path=f"{stem}{ext}", status="ok", sha256=r.sha256, size=r.size)
        entry.update({k: v for k, v in extra.items() if v})
        if page:
            entry["page"] = {k: v for k, v in page.items() if v}
        self.manifest.record(entry)
        self._count("downloaded")

    def _fail(self, target: Target, stem: str, reason: str, r: Response, ok: Any = None) -> None:
        if ok is not None:  # keep the report fetched before; say the refresh failed
            self.manifest.record({**ok, "refresh_failed": reason, "checked_at": _now()})
        else:
            entry = self._entry(target, stem, r)
            entry.update(path=stem, status="failed", reason=reason)
            self.manifest.record(entry)
        with self._lock:
            self.summary.failed.append((target.url, reason))

    def _entry(self, target: Target, stem: str, r: Response) -> dict[str, Any]:
        publisher, _, year = stem.partition("/")
        entry = {
            "url": target.url,
            "publisher": target.publisher or publisher,
            "year": target.year or year.split("-")[0],
            "final_url": r.final_url,
            "fetched_at": _now(),
            "http_status": r.status,
            "content_type": r.content_type,
            "etag": r.etag,
            "last_modified": r.last_modified,
        }
        return {k: v for k, v in entry.items() if v is not None and v != ""}

    def _stem(self, target: Target, prev: Any, title: str | None, final: str = "") -> str:
        """``publisher/year`` of the report: the one it had before, else a free one."""
        if prev and prev.get("status") == "ok" and prev.get("path"):
            return _stem_of(prev)
        year = target.year or year_in(title or "", target.url, final) or UNKNOWN_YEAR
        base = f"{_publisher(target)}/{year}"
        with self._lock:
            stem, n = base, 1
            while self._taken.get(stem, target.url) != target.url:
                n += 1
                stem = f"{base}-{n}"
            self._taken[stem] = target.url
        return stem

    def _on_disk(self, entry: dict) -> bool:
        path = entry.get("path")
        return bool(path) and sha256_of(self.into / path) == entry.get("sha256")

    def _count(self, what: str) -> None:
        with self._lock:
            setattr(self.summary, what, getattr(self.summary, what) + 1)

"""HTTP for fetch: httpx (HTTP/2 where the server offers it and h2 is installed), redirects
followed, retries with exponential backoff on 5xx/429 and timeouts, per-host politeness
(at most ``per_host`` requests at once and ``delay`` seconds between two starts) and
robots.txt. Bodies are streamed to a temporary file, never held whole in memory.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
import threading
import time
import urllib.robotparser
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from .. import __version__

USER_AGENT = f"gaorpt-audit/{__version__} (+annual report audit; respects robots.txt)"
RETRY_STATUS = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 60.0  # seconds: a longer Retry-After is capped, not obeyed blindly


@dataclass
class Settings:
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0  # first wait; doubled after each failed attempt
    per_host: int = 2
    delay: float = 1.0
    max_mb: float = 200.0
    robots: bool = True


@dataclass
class Response:
    """A finished request: 200 with ``body`` (a temporary file), 304, or an error."""

    url: str
    final_url: str
    status: int | None = None
    body: Path | None = None
    sha256: str = ""
    size: int = 0
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    disposition: str = ""
    error: str | None = None  # why it failed (shown to users: Chinese)
    attempts: int = 1
    retry_after: float = 0.0


class _HostGate:
    """Per host: a semaphore for concurrency and the earliest start of the next request."""

    def __init__(self, per_host: int, delay: float) -> None:
        self.per_host, self.delay = max(1, per_host), delay
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            sem = self._slots.setdefault(host, threading.Semaphore(self.per_host))
        with sem:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next.get(host, now))
                self._next[host] = start + self.delay
            if start > now:
                time.sleep(start - now)
            yield


@dataclass
class Client:
    settings: Settings = field(default_factory=Settings)
    tmpdir: Path | None = None  # where bodies are streamed (the target folder: same disk)

    def __post_init__(self) -> None:
        s = self.settings
        self._http = httpx.Client(
            http2=importlib.util.find_spec("h2") is not None,
            follow_redirects=True,
            max_redirects=10,
            timeout=httpx.Timeout(s.timeout),
            headers={"User-Agent": USER_AGENT},
        )
        self._gate = _HostGate(s.per_host, s.delay)
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._robots_lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def get(self, url: str, etag: str | None = None, modified: str | None = None) -> Response:
        """GET with retries; ``etag``/``modified`` make it conditional (304 = unchanged)."""
        if self.settings.robots and not self.allowed(url):
            return Response(url, url, error="robots.txt 不允许抓取此网址")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        s = self.settings
        result = Response(url, url)
        for attempt in range(s.retries + 1):
            result = self._once(url, headers)
            result.attempts = attempt + 1
            # 5xx/429 and timeouts or broken connections (no status) are worth another try
            retry = result.status in RETRY_STATUS or (result.error and result.status is None)
            if not retry or attempt == s.retries:
                break
            time.sleep(min(MAX_RETRY_AFTER, max(s.backoff * 2**attempt, result.retry_after)))
        if result.status is not None and result.status >= 400 and not result.error:
            result.error = f"HTTP {result.status}"
        if result.error and result.attempts > 1:
            result.error += f"（共尝试 {result.attempts} 次）"
        return result

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        host = urlsplit(url).netloc.lower()
        try:
            with self._gate.slot(host), self._http.stream("GET", url, headers=headers) as r:
                out = Response(
                    url,
                    str(r.url),
                    r.status_code,
                    content_type=r.headers.get("content-type", ""),
                    etag=r.headers.get("etag"),
                    last_modified=r.headers.get("last-modified"),
                    disposition=r.headers.get("content-disposition", ""),
                )
                if r.status_code == 200:
                    self._save_body(r, out)
                elif r.status_code in RETRY_STATUS:
                    out.error = f"HTTP {r.status_code}"
                    out.retry_after = _seconds(r.headers.get("retry-after"))
                return out
        except httpx.TimeoutException:
            return Response(url, url, error=f"超时（{self.settings.timeout:g} 秒内没有响应）")
        except httpx.TooManyRedirects:
            return Response(url, url, status=0, error="重定向次数过多")
        except (httpx.HTTPError, OSError) as exc:
            return Response(url, url, error=f"连接失败：{type(exc).__name__}: {exc}")

    def _save_body(self, r: httpx.Response, out: Response) -> None:
        limit = int(self.settings.max_mb * 1e6)
        digest = hashlib.sha256()
        fd, name = tempfile.mkstemp(prefix=".", suffix=".part", dir=self.tmpdir)
        try:
            with os.fdopen(fd, "wb") as f:
                for chunk in r.iter_bytes():
                    out.size += len(chunk)
                    if out.size > limit:
                        raise _TooBig
                    digest.update(chunk)
                    f.write(chunk)
        except _TooBig:
            os.unlink(name)
            out.error = f"文件超过 {self.settings.max_mb:g} MB，未下载"
            out.status = 0
            return
        except BaseException:
            os.unlink(name)  # a broken or interrupted body never stays behind
            raise
        out.body, out.sha256 = Path(name), digest.hexdigest()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            if root not in self._robots:
                self._robots[root] = self._load_robots(root)
            rules = self._robots[root]
        return rules is None or rules.can_fetch(USER_AGENT, url)

    def _load_robots(self, root: str) -> urllib.robotparser.RobotFileParser | None:
        """None = no rules (no robots.txt, or it cannot be read: fetching is allowed)."""
        try:
            with self._gate.slot(urlsplit(root).netloc.lower()):
                r = self._http.get(root + "/robots.txt")
        except (httpx.HTTPError, OSError):
            return None
        parser = urllib.robotparser.RobotFileParser()
        if r.status_code in (401, 403):
            parser.disallow_all = True
            return parser
        if r.status_code != 200:
            return None
        parser.parse(r.text.splitlines())
        return parser


class _TooBig(Exception):
    pass


def _seconds(value: str | None) -> float:
    """Retry-After in seconds (the HTTP-date form is rare on these portals: ignored)."""
    try:
        return max(0.0, float(value)) if value else 0.0
    except ValueError:
        return 0.0

"""A local publisher's portal for the fetch tests (127.0.0.1 only, a thread per request).

Routes are data: ``site.files[path] = (bytes, content type)`` are served with an ETag and
Last-Modified and answer conditional requests with 304; ``site.special[path]`` is a
function (handler) -> None for the rest (redirects, 503s, slow answers). ``site.bodies``
counts the 200 answers with a body per path: what a fetch really downloaded.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST_MODIFIED = "Mon, 05 Feb 2024 08:00:00 GMT"


class Site:
    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str]] = {}
        self.special: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.bodies: Counter[str] = Counter()
        self.hits: Counter[str] = Counter()
        self.base = ""
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, counter: Counter[str], path: str) -> None:
        with self._lock:
            counter[path] += 1


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            site.count(site.hits, path)
            if path in site.special:
                site.special[path](self)
                return
            if path not in site.files:
                send(self, 404, b"<html><body>404 Not Found</body></html>", "text/html")
                return
            data, ctype = site.files[path]
            etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            site.count(site.bodies, path)
            send(self, 200, data, ctype, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

    return Handler


def send(
    h: BaseHTTPRequestHandler,
    status: int,
    data: bytes,
    ctype: str,
    headers: dict[str, str] | None = None,
) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(data)))
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(data)


def redirect(to: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", to)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return handle


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()

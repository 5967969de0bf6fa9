"""region/manifest.json: one entry per URL of the list (what was fetched, from where, when,
its sha256, or why it failed) and the cached link lists of index pages.

It is rewritten whole after every URL (temporary file, then rename), so an interrupted
fetch leaves the manifest of what is on disk. ``run`` on the folder lists each failed URL
as a report that could not be checked (discover.py reads ``failures``).
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

NAME = "manifest.json"
TOOL = "gaorpt-audit fetch"


def is_manifest(path: Path) -> bool:
    """A manifest this tool wrote (another file named manifest.json is left to ingest)."""
    return path.name == NAME and read(path.parent) is not None


def read(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tool") != TOOL:
        return None
    return data


def failures(folder: Path) -> list[tuple[str, str]]:
    """(folder-relative name, reason) of each URL whose report is not on disk."""
    data = read(folder) or {}
    out = []
    for entry in data.get("reports", []):
        if entry.get("status") == "failed":
            reason = f"未能下载 {entry.get('url')}：{entry.get('reason') or '原因不明'}"
            out.append((str(entry.get("path") or entry.get("url")), reason))
    return out


class Manifest:
    """The manifest of one fetch, saved after each change (thread-safe)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        old = read(folder) or {}
        self.reports: dict[str, dict[str, Any]] = {
            e["url"]: e for e in old.get("reports", []) if isinstance(e, dict) and "url" in e
        }
        self.indexes: dict[str, dict[str, Any]] = dict(old.get("indexes", {}))
        self._lock = threading.Lock()

    def previous(self, url: str) -> dict[str, Any] | None:
        return self.reports.get(url)

    def record(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self.reports[entry["url"]] = entry
            self._save()

    def record_index(self, url: str, entry: dict[str, Any]) -> None:
        with self._lock:
            self.indexes[url] = entry
            self._save()

    def _save(self) -> None:
        data = {
            "tool": TOOL,
            "version": 1,
            "reports": sorted(self.reports.values(), key=lambda e: (e.get("path") or "", e["url"])),
            "indexes": dict(sorted(self.indexes.items())),
        }
        write_atomic(self.folder / NAME, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise

"""The results history: an SQLite file (standard library ``sqlite3``) of past runs.

``run --history FILE`` stores each report's trimmed parse (tables 二/三, the sections, the
lines they point to: carry.trim), its findings and its score; a later run gives the
cross-year rules the stored years its folder lacks. A run is written in one transaction
after its last report, so a run killed part way leaves the file as the previous run left
it (SQLite's journal rolls the partial write back). A report stored again (same path,
publisher and year) replaces its older row. The schema is versioned (``PRAGMA
user_version``) and upgraded by the MIGRATIONS below, in order, in one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .model import Report, ReportResult
from .publishers import normalise_name

# Each entry upgrades the schema from version i to i + 1; never edit a released one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        tool_version TEXT NOT NULL,
        ruleset_hash TEXT NOT NULL,
        reports INTEGER NOT NULL
    );
    CREATE TABLE reports (
        path TEXT NOT NULL,
        publisher TEXT NOT NULL,
        year INTEGER NOT NULL,
        run INTEGER NOT NULL REFERENCES runs(id),
        score REAL NOT NULL,
        grade TEXT NOT NULL,
        status TEXT NOT NULL,
        report TEXT NOT NULL,   -- the trimmed Report as JSON
        lines TEXT NOT NULL,    -- its source lines {line: text} as JSON
        findings TEXT NOT NULL, -- the findings as JSON
        PRIMARY KEY (path, publisher, year)
    );
    """,
    # 2: the normalised name (publishers.normalise_name), to find a publisher's years
    """
    ALTER TABLE reports ADD COLUMN name TEXT NOT NULL DEFAULT '';
    CREATE INDEX reports_name_year ON reports (name, year);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class HistoryError(Exception):
    """The history file cannot be used (not SQLite, newer schema, locked): exit 2."""


@dataclass(frozen=True)
class Stored:
    path: str
    publisher: str
    year: int
    run: int
    score: float
    grade: str
    status: str
    findings: int


def _connect(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, isolation_level=None)  # transactions are explicit
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise HistoryError(f"{path}: not a gaorpt-audit history file ({exc})") from None
    if version > SCHEMA_VERSION:
        conn.close()
        raise HistoryError(
            f"{path}: history schema version {version} is newer than this gaorpt-audit "
            f"({SCHEMA_VERSION}); upgrade gaorpt-audit"
        )
    if version < SCHEMA_VERSION:
        _migrate(conn, version)
    return conn


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    try:
        conn.execute("BEGIN IMMEDIATE")
        for i, script in enumerate(MIGRATIONS[version:], version + 1):
            for statement in (s for s in script.split(";") if s.strip()):
                conn.execute(statement)
            if i == 2:  # fill the new column of rows stored by version 1
                for path, publisher, year in conn.execute(
                    "SELECT path, publisher, year FROM reports"
                ).fetchall():
                    conn.execute(
                        "UPDATE reports SET name = ? WHERE path = ? AND publisher = ? AND year = ?",
                        (normalise_name(publisher), path, publisher, year),
                    )
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise HistoryError(f"cannot upgrade the history file: {exc}") from None


class History:
    """One history file, opened (and upgraded) for a run or for ``gaorpt-audit history``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = _connect(path)

    def close(self) -> None:
        self.conn.close()

    # ----------------------------------------------------------------------- reading

    def previous_reports(self) -> list[Report]:
        """Every stored report (trimmed), for the cross-year rules."""
        out = []
        rows = self.conn.execute(
            "SELECT report, lines FROM reports ORDER BY name, year, path"
        ).fetchall()
        for report_json, lines_json in rows:
            report = Report.model_validate_json(report_json)
            report.line_text = {int(k): v for k, v in json.loads(lines_json).items()}
            out.append(report)
        return out

    def stored(self) -> list[Stored]:
        rows = self.conn.execute(
            "SELECT path, publisher, year, run, score, grade, status, findings FROM reports "
            "ORDER BY name, year, path"
        ).fetchall()
        return [Stored(*r[:7], findings=len(json.loads(r[7]))) for r in rows]

    def export(self) -> list[dict[str, Any]]:
        """Everything stored, as plain data (``history --format json``)."""
        rows = self.conn.execute(
            "SELECT path, publisher, year, run, score, grade, status, report, findings "
            "FROM reports ORDER BY name, year, path"
        ).fetchall()
        out = []
        for path, publisher, year, run, score, grade, status, report, findings in rows:
            rep = json.loads(report)
            out.append(
                {
                    "path": path,
                    "publisher": publisher,
                    "year": year,
                    "run": run,
                    "score": score,
                    "grade": grade,
                    "status": status,
                    "tables": rep.get("tables", {}),
                    "findings": json.loads(findings),
                }
            )
        return out

    # ----------------------------------------------------------------------- writing

    def record(
        self, pairs: Iterable[tuple[ReportResult, Report | None]], ctx: Any
    ) -> Iterator[tuple[ReportResult, Report | None]]:
        """Pass the results on; after the last, store them all in one transaction."""
        rows = []
        for result, report in pairs:
            if report is not None and result.publisher and result.year is not None:
                rows.append(_row(result, report))
            yield result, report
        self.write(rows, ctx.ruleset_hash)

    def write(self, rows: list[tuple[Any, ...]], ruleset_hash: str) -> None:
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            cur = conn.execute(
                "INSERT INTO runs (tool_version, ruleset_hash, reports) VALUES (?, ?, ?)",
                (__version__, ruleset_hash, len(rows)),
            )
            run = cur.lastrowid
            for row in rows:
                self._insert(row, run)
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise HistoryError(f"{self.path}: could not store the run: {exc}") from None
        finally:
            conn.close()

    def _insert(self, row: tuple[Any, ...], run: int | None) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO reports (path, publisher, year, run, score, grade, status, "
            "report, lines, findings, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*row[:3], run, *row[3:]),
        )


def _row(result: ReportResult, report: Report) -> tuple[Any, ...]:
    publisher = result.publisher or ""
    return (
        result.path,
        publisher,
        result.year,
        result.score,
        result.grade,
        result.status,
        report.model_dump_json(),
        json.dumps({str(k): v for k, v in sorted(report.line_text.items())}, ensure_ascii=False),
        json.dumps([f.model_dump(mode="json") for f in result.findings], ensure_ascii=False),
        normalise_name(publisher),
    )

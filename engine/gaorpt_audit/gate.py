"""The CI gate: waivers, baseline and the exit code of ``run``.

Exit codes (DESIGN.md "CLI"): 0 nothing at or above the threshold, 1 findings at or
above it (or a score under --fail-under), 2 usage, config or internal error.
Waived findings and findings already in the baseline never fail the gate; waivers are
reviewed data in a TOML file, not comments in the audited report.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import tomllib
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from .findings import fingerprint as findings_fingerprint
from .model import SEVERITY_RANK, Finding, ReportResult

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
BASELINE_VERSION = 1


class GateError(Exception):
    """A broken waivers or baseline file (exit 2)."""


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class Waiver(BaseModel):
    """One reviewed exception: findings of ``rule`` in files matching ``files``."""

    model_config = ConfigDict(extra="forbid")
    rule: str  # a code or a glob over codes ("DAT*")
    files: str = "*"  # glob over the path as shown (``*`` also crosses folders)
    reason: str
    expires: dt.date | None = None
    approved_by: str | None = None

    def matches(self, path: str, finding: Finding) -> bool:
        return fnmatch.fnmatchcase(finding.rule, self.rule) and fnmatch.fnmatchcase(
            Path(path).as_posix(), self.files
        )


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    waiver: list[Waiver] = []


def load_waivers(path: Path) -> list[Waiver]:
    """Read ``[[waiver]]`` entries; any problem is a GateError with the file name."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GateError(f"cannot read waivers file {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise GateError(f"{path}: invalid TOML: {exc}") from exc
    try:
        return WaiverFile.model_validate(data).waiver
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise GateError(f"{path}: {where}: {first['msg']}") from exc


def fingerprint(path: str, finding: Finding) -> str:
    """The finding's own fingerprint; a finding built by hand without one (a library
    caller's) gets findings.fingerprint of its path and location (never the line)."""
    if finding.fingerprint:
        return finding.fingerprint
    loc = finding.location
    logical = "\x1f".join(str(x or "") for x in (loc.section, loc.table, loc.row, loc.column))
    return findings_fingerprint(finding.rule, path, logical)


def load_baseline(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(entry["fingerprint"]) for entry in data["findings"]}
    except OSError as exc:
        raise GateError(f"cannot read baseline {path}: {exc.strerror}") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise GateError(f"{path}: not a gaorpt-audit baseline ({exc})") from exc


def write_baseline(path: Path, entries: list[dict[str, str]]) -> None:
    """Write the known findings, sorted, so the file diffs cleanly in review."""
    unique = {e["fingerprint"]: e for e in entries}
    body = {
        "version": BASELINE_VERSION,
        "findings": sorted(unique.values(), key=lambda e: (e["path"], e["rule"], e["fingerprint"])),
    }
    try:
        path.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise GateError(f"cannot write baseline {path}: {exc.strerror}") from exc


def threshold_of(fail_on: str) -> int | None:
    """The lowest severity rank that fails the gate (None: --fail-on never)."""
    return None if fail_on == "never" else SEVERITY_RANK[fail_on]


def blocks(finding: Finding, fp: str, threshold: int | None, baseline: set[str]) -> bool:
    """Whether a finding fails the gate: at or above the threshold, not waived, not known."""
    return (
        threshold is not None
        and not finding.waived
        and fp not in baseline
        and SEVERITY_RANK[finding.severity] >= threshold
    )


def report_status(rule_errors: int | bool, blocking: int) -> str:
    """A report's status, decided here only: "error" when a rule could not be evaluated,
    else "fail" when a finding blocks the gate, else "pass"."""
    return "error" if rule_errors else "fail" if blocking else "pass"


class Gate:
    """Marks waived / baseline findings on each result and decides the exit code."""

    def __init__(
        self,
        fail_on: FailOn = FailOn.error,
        fail_under: float | None = None,
        baseline: set[str] | None = None,
        waivers: list[Waiver] | None = None,
        today: dt.date | None = None,
        not_report_fails: bool = False,
    ) -> None:
        self.fail_on = fail_on
        self.fail_under = fail_under
        self.baseline = baseline or set()
        today = today or dt.date.today()
        waivers = waivers or []
        self.expired = [w for w in waivers if w.expires is not None and w.expires < today]
        self.waivers = [w for w in waivers if w not in self.expired]
        self.used: set[int] = set()
        self.blocking = 0  # findings at or above the threshold, not waived, not in baseline
        self.under: list[tuple[str, float]] = []  # reports under --fail-under
        self.internal_errors = 0  # rule outcomes with status "error"
        self.known: list[dict[str, str]] = []  # entries for --write-baseline
        self.not_report_fails = not_report_fails  # [gate] fail_on_not_report
        self.not_reports: list[str] = []  # files that are no annual report

    def apply(self, result: ReportResult) -> ReportResult:
        if result.status == "not_report":  # not scored: no finding, no --fail-under
            self.not_reports.append(result.path)
            return result
        threshold = threshold_of(self.fail_on.value)
        findings: list[Finding] = []
        blocking = 0
        for f in result.findings:
            update: dict[str, object] = {}
            for i, w in enumerate(self.waivers):
                if w.matches(result.path, f):
                    self.used.add(i)
                    update = {"waived": True, "waiver_reason": w.reason}
                    break
            fp = fingerprint(result.path, f)
            if not update:
                self.known.append({"fingerprint": fp, "rule": f.rule, "path": result.path})
                if fp in self.baseline:
                    update = {"baseline": True}
                elif blocks(f, fp, threshold, self.baseline):
                    blocking += 1
            if not f.fingerprint:
                update["fingerprint"] = fp
            findings.append(f.model_copy(update=update) if update else f)
        if self.fail_under is not None and result.score < self.fail_under:
            self.under.append((result.path, result.score))
        self.internal_errors += result.outcomes.error
        self.blocking += blocking
        # The report's status follows this gate (threshold, waivers, baseline); "error"
        # (a rule or the file could not be evaluated) stays.
        status = report_status(result.outcomes.error or result.status == "error", blocking)
        return result.model_copy(update={"findings": findings, "status": status})

    def warnings(self) -> list[str]:
        """Expired and unused waivers: said on stderr so that they get cleaned up."""
        out = [
            f"waiver for {w.rule} on {w.files!r} expired on {w.expires} ({w.reason})"
            for w in self.expired
        ]
        out += [
            f"waiver for {w.rule} on {w.files!r} matched no finding ({w.reason})"
            for i, w in enumerate(self.waivers)
            if i not in self.used
        ]
        return out

    def reasons(self) -> list[str]:
        """Why the gate fails, one line each (empty when it passes)."""
        out: list[str] = []
        if self.blocking:
            out.append(
                f"{self.blocking} finding(s) at or above --fail-on {self.fail_on.value}"
                + (" not in the baseline" if self.baseline else "")
            )
        out += [f"{path}: score {score:g} is under --fail-under" for path, score in self.under]
        if self.not_report_fails:
            out += [
                f"{path}: not an annual report ([gate] fail_on_not_report)"
                for path in self.not_reports
            ]
        return out

    def exit_code(self) -> int:
        if self.internal_errors:
            return EXIT_ERROR
        return EXIT_FINDINGS if self.reasons() else EXIT_OK

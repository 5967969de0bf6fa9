"""Pydantic models shared by every pipeline stage.

ingest -> Document; parse -> Report; rules -> Outcome/Finding; score -> ReportResult.
Field names here are a contract (DESIGN.md "parse --format json" and "JSON output"):
add fields rather than rename them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from .keys import CLAIM_KINDS, PUBLISHER_KINDS, SECTION_KEYS, TABLE_NAME_KEYS
from .pickling import reduce

SourceFormat = Literal["txt", "md", "html", "docx", "pdf", "unknown", "image"]
FormatVersion = Literal["2019", "2021", "unknown"]
CellKind = Literal["number", "blank", "na", "text"]
Severity = Literal["error", "warning", "info"]
Status = Literal["passed", "failed", "not_applicable", "error"]
# The vocabularies of keys.py as types (a Literal of a tuple is a Literal of its items).
TableName = Literal[TABLE_NAME_KEYS]  # type: ignore[valid-type]
SectionKey = Literal[SECTION_KEYS]  # type: ignore[valid-type]
ClaimKind = Literal[CLAIM_KINDS]  # type: ignore[valid-type]
PublisherKind = Literal[PUBLISHER_KINDS]  # type: ignore[valid-type]

# (x0, top, x1, bottom) of a line or cell on its PDF page, in points from the top left
Box = tuple[float, float, float, float]

SEVERITY_RANK: dict[str, int] = {"info": 1, "warning": 2, "error": 3}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")
    __reduce__ = reduce  # pickling.py: one call per model instead of __setstate__


# --------------------------------------------------------------------------- ingest


class Paragraph(_Model):
    """One line of text as it came out of the source (after normalisation)."""

    kind: Literal["paragraph"] = "paragraph"
    text: str
    line: int  # 1-based source line (txt/md/html text line; docx paragraph index; pdf line)
    page: int | None = None  # PDF page, 1-based
    box: Box | None = Field(default=None, exclude=True)  # where on the page (PDF, OCR)


class TableBlock(_Model):
    """A table given by the source format itself (HTML/DOCX/PDF), spans resolved.

    ``rows[i][j]`` is the text of the cell at grid position (i, j); a cell covered by a
    rowspan/colspan repeats the text of the spanning cell, ``spans[i][j]`` is True there.
    """

    kind: Literal["table"] = "table"
    rows: list[list[str]]
    lines: list[int]  # source line (or pseudo line) of each row
    pages: list[int | None] = Field(default_factory=list)
    spans: list[list[bool]] = Field(default_factory=list)
    index: int = 0  # nth table of the document, 0-based
    # read by OCR: the confidence (0..1) of each cell, as rows (empty: not OCR'd)
    confidence: list[list[float | None]] = Field(default_factory=list)
    # PDF/OCR: the box of the cell at each grid position, as rows; the box of each row
    boxes: list[list[Box | None]] = Field(default_factory=list, exclude=True)
    row_boxes: list[Box | None] = Field(default_factory=list, exclude=True)


Block = Paragraph | TableBlock


class Document(_Model):
    path: str
    source_format: SourceFormat = "unknown"
    encoding: str | None = (
        None  # encoding used to decode (text formats), recorded, never guessed silently
    )
    converted_script: bool = False  # Traditional -> Simplified conversion was applied
    blocks: list[Block] = Field(default_factory=list)
    issues: list[ParseIssue] = Field(
        default_factory=list
    )  # ingest problems (unreadable, scanned ...)
    # why the file is no annual report at all (a workbook, a config file): listed, not scored
    not_report: str | None = None

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[TableBlock]:
        return [b for b in self.blocks if isinstance(b, TableBlock)]


# --------------------------------------------------------------------------- parse


# Issues after which nothing of the report's content was read (PRS001): only the parse
# rules apply to such a file.
UnreadableIssue = Literal[
    "unreadable",
    "unsupported_format",
    "unrecognized_content",
    "empty_file",
    "no_text",
    "scanned_pdf",
    "encrypted_pdf",
    "encrypted_office",
    "corrupt_pdf",
    "corrupt_docx",
    "legacy_word",
    # a FIFO, device or socket: never read (it may block or never end)
    "not_regular_file",
    # the file is over one of the [limits] (size, time, memory, tables, pages ...)
    "limit_exceeded",
]
UNREADABLE_ISSUES: frozenset[str] = frozenset(get_args(UnreadableIssue))

# Every problem the ingest and parse stages can record. A closed set, so that each one
# is surfaced by a rule (tests/test_issue_codes.py): nothing unreadable scores clean.
IssueCode = Literal[
    UnreadableIssue,
    # read, but something about the source is doubtful (PRS004, info)
    "encoding",
    "charset_mismatch",
    "format_mismatch",
    "scanned_pages",
    # a table or section could not be read completely (PRS002/PRS005/PRS006, SEC001/SEC002)
    "table_missing",
    "table_empty",
    "table_incomplete",
    "table_ambiguous",
    "table_row_unplaced",
    "section_missing",
    # a section recognised from its sub-headings whose own heading is missing (SEC007)
    "heading_missing",
    # a flattened row whose digits satisfy its identity under no cut: it does not balance (BAL011)
    "digits_unbalanced",
    # a cell of an OCR'd table 三/四 read with low confidence breaks an identity (PRS002)
    "ocr_uncertain",
    # a parser stage crashed (PRS003)
    "internal",
]


class ParseIssue(_Model):
    code: IssueCode  # short stable key
    message: str  # what is wrong and what to do, for people
    table: str | None = None  # "二" | "三" | "四"
    section: str | None = None
    line: int | None = None
    page: int | None = None
    row: str | None = None  # canonical row key of a table issue (e.g. "granted")
    column: str | None = None  # canonical column key, when one cell is concerned
    offset: int | None = None  # character offset within its source line, when known


class Cell(_Model):
    raw: str
    value: int | float | None = None
    kind: CellKind
    line: int | None = None
    page: int | None = None
    # Set when the value was chosen among several splits of run-together digits by an
    # identity (flattened exports): a rule checking that identity must not pass on it.
    inferred_by: str | None = None
    offset: int | None = None  # character offset of its value within its source line
    # read by OCR: the confidence (0..1) of its least certain word (None: not OCR'd)
    confidence: float | None = Field(default=None, exclude_if=lambda v: v is None)
    box: Box | None = Field(default=None, exclude=True)  # on its page (PDF, OCR)


class Table(_Model):
    name: TableName
    layout: FormatVersion = "unknown"  # labels printed: 2019 or 2021 layout of this table
    line: int | None = None
    page: int | None = None
    rows: dict[str, dict[str, Cell]] = Field(default_factory=dict)
    labels: list[str] = Field(default_factory=list)  # version-specific labels seen (for FMT rules)

    def cell(self, row: str, col: str) -> Cell | None:
        return self.rows.get(row, {}).get(col)


class Section(_Model):
    number: str | None  # 一..六 as printed, None when the numeral was lost
    key: SectionKey
    title: str
    line: int
    page: int | None = None
    text: str = ""  # body text up to the next section heading
    variant: bool = False  # an accepted but non-standard heading wording
    offset: int | None = None  # character offset of the heading within its source line
    # recognised from its content / sub-headings: its own numbered heading was not printed
    heading_missing: bool = False


class DatedLine(_Model):
    date: dt.date | None = None
    raw: str = ""
    line: int | None = None
    page: int | None = None
    valid: bool = True  # False when the printed date is not a real calendar date
    offset: int | None = None  # character offset of the date within its source line


class Period(_Model):
    start: dt.date | None = None
    end: dt.date | None = None
    raw: str = ""
    line: int | None = None
    page: int | None = None
    offset: int | None = None  # character offset of the period within its source line


class Claim(_Model):
    """A statement in the narrative that a rule can compare with a table."""

    kind: ClaimKind  # keys.CLAIM_KINDS
    value: int | float | None = None
    target: str | None = None  # canonical row key for outcome_count
    text: str
    line: int
    page: int | None = None
    scope: list[str] = Field(default_factory=list)  # words that make the number not comparable
    offset: int | None = None  # character offset of its number within its source line
    # the scope assumed for a region word that is the report's own (全区 in a 区政府's report):
    # "按全区即本报告口径比较"; findings print it (message slot scope_note)
    scope_note: str = ""


class Report(_Model):
    path: str
    source_format: SourceFormat = "unknown"
    encoding: str | None = None
    title: str | None = None
    publisher: str | None = None
    publisher_kind: PublisherKind = "unknown"
    year: int | None = None
    # evidence the year was read from: "title", "preamble", "narrative" or "period"
    year_source: str | None = None
    format: FormatVersion = "unknown"
    period: Period | None = None
    signed: DatedLine | None = None
    sections: list[Section] = Field(default_factory=list)
    tables: dict[str, Table] = Field(default_factory=dict)
    claims: list[Claim] = Field(default_factory=list)
    parse_issues: list[ParseIssue] = Field(default_factory=list)
    # why the file is no annual report (pipeline.not_report_reason): listed, never scored
    not_report: str | None = Field(default=None, exclude_if=lambda v: v is None)
    line_text: dict[int, str] = Field(default_factory=dict, exclude=True)  # evidence for renderers
    line_page: dict[int, int] = Field(default_factory=dict, exclude=True)  # PDF page of a line
    line_box: dict[int, Box] = Field(default_factory=dict, exclude=True)  # where on that page


# --------------------------------------------------------------------------- findings


class Location(_Model):
    model_config = ConfigDict(extra="forbid", frozen=True)
    section: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    line: int | None = None
    page: int | None = None
    # where on the page: the cell's or line's box (PDF and OCR'd pages), None elsewhere
    box: Box | None = None


class CellChange(_Model):
    """One cell of a proposed repair of an unbalanced table (repair.py)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    cell: str  # reference, e.g. t3.partial[natural_person]
    table: str
    row: str
    column: str
    label: str  # printed labels, e.g. （二）部分公开 × 自然人
    actual: int | float | None  # None: a blank or unreadable cell (an unknown, not 0)
    proposed: int
    raw: str = ""  # the cell's text as printed
    line: int | None = None
    page: int | None = None
    offset: int | None = None  # character offset of the printed value within its line


class ExcerptCell(_Model):
    """One cell of a table excerpt: its printed text, and the value proposed for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str  # as printed ("" blank)
    proposed: int | None = None
    mark: Literal["", "suspect", "candidate", "fill"] = ""


class TableExcerpt(_Model):
    """The rows × columns of a table that the violated identities of a suggestion touch,
    with their printed labels (drawn by render/table_grid.py)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    table: str  # 表三
    columns: list[str]  # printed column labels
    rows: list[tuple[str, list[ExcerptCell]]]  # printed row label, its cells
    identities: list[str]  # each violated identity written out
    hidden: int = 0  # rows left out (every cell 0 or blank, none suspect)
    hidden_columns: int = 0  # columns left out, likewise


class Suggestion(_Model):
    """The smallest change of cells that makes every identity of the table hold:
    ``unique`` (one repair, or the one of several that the narrative's numbers single out),
    ``ambiguous`` (several equally small), ``low`` (a cell of it was read by splitting
    run-together digits, which the identities themselves chose, or the narrative states
    the printed number). Only ``fills`` (no cells): the blanks of a table that balances."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    confidence: Literal["unique", "ambiguous", "low"]
    cells: list[CellChange] = Field(default_factory=list)  # the repair, when one is named
    candidates: list[list[CellChange]] = Field(default_factory=list)  # every minimal repair
    explanation: str | None = None  # a common slip that fits (digit slip, transposed …)
    # blank or unreadable cells whose value every identity then determines (a fill-in)
    fills: list[CellChange] = Field(default_factory=list)
    # the rows × columns of the table around the suspect cell, for the rich view only
    excerpt: TableExcerpt | None = Field(default=None, exclude=True)


class Finding(_Model):
    model_config = ConfigDict(extra="forbid", frozen=True)
    rule: str
    name: str
    category: str
    severity: Severity
    message: str
    location: Location = Field(default_factory=Location)
    expected: Any = None
    actual: Any = None
    fingerprint: str = ""
    evidence: str | None = None  # the source line the finding refers to
    waived: bool = False
    waiver_reason: str | None = None  # set by the gate with the waiver's reason
    baseline: bool = False  # set by the gate: already known in the --baseline file
    # balance findings of tables 三/四: the cell(s) to correct (left out of the JSON when None)
    suggestion: Suggestion | None = Field(default=None, exclude_if=lambda v: v is None)


class Outcome(_Model):
    rule: str
    status: Status
    reason: str | None = None  # for not_applicable and error


class OutcomeCounts(_Model):
    passed: int = 0
    failed: int = 0
    not_applicable: int = 0
    error: int = 0


class ReportResult(_Model):
    """Everything the renderers need about one audited file."""

    path: str
    # the file name's bytes in hex when it is not UTF-8 (path shows U+FFFD for them; names.py);
    # left out of the JSON when None
    path_bytes: str | None = None
    publisher: str | None = None
    year: int | None = None
    format: FormatVersion = "unknown"
    source_format: SourceFormat = "unknown"
    score: float = 0.0
    grade: str = "D"
    # not_report: the file is no annual report (a stray workbook, a notice): listed in every
    # format with ``note`` saying why, never scored, graded or ranked
    status: Literal["pass", "fail", "error", "not_report"] = "pass"
    outcomes: OutcomeCounts = Field(default_factory=OutcomeCounts)
    outcome_list: list[Outcome] = Field(default_factory=list, exclude=True)
    findings: list[Finding] = Field(default_factory=list)
    # findings that say what the tool could not check (rules with defect = false): not
    # publisher defects, not scored
    unchecked: int = 0
    title: str | None = Field(default=None, exclude=True)  # the report's title (notices)
    # seconds spent reading this file by OCR ("ocr") and LibreOffice ("conversion"), for
    # --statistics (never in machine output: timings differ between runs)
    ingest_seconds: dict[str, float] = Field(default_factory=dict, exclude=True)
    # tables 三/四 a balance finding points at, for the HTML grid (not in the JSON)
    tables: dict[str, Table] = Field(default_factory=dict, exclude=True)
    note: str | None = Field(default=None, exclude_if=lambda v: v is None)  # why not_report


Document.model_rebuild()

"""`rules`, `rule`, `test-rules`, `init`: inspect and test the rule packs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli_common import fail

ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Config file to use.")]

STARTER = """\
# gaorpt-audit configuration. Found from the working directory (or --config), never from
# the audited folders. Every key is optional; defaults come from the bundled rules.toml.
# `gaorpt-audit run PATH --show-settings` prints the merged settings and their sources.

# Files found in folders to leave out (globs, case ignored; a file named on the command line
# is always audited). exclude replaces the default ["README.md"]; extend-exclude adds to it.
# extend-exclude = ["*.xlsx", "drafts", "anhui/*_2019.txt"]

[ruleset]
# Rule packs: "builtin" is the bundled rules/; add folders of your own rules.
packs = ["builtin"]
# Select / ignore by code (BAL001), code prefix (BAL), category (balance) or name.
select = ["ALL"]
ignore = []

[severity]
# Per-rule severity overrides: error | warning | info
# FMT001 = "info"

[weights]
# Per-rule weight overrides (points deducted when the rule fails)
# BAL001 = 8

[per_path_ignores]
# Report path globs -> selectors ignored for those files
# "archive/**" = ["format"]

[scoring]
# default_cap = 30            # the most one category can cost
# bands = { A = 90, B = 75, C = 60 }

[gate]
# fail_on = "error"           # error | warning | info | never
# fail_under = 0              # fail the run when a score is below this
# fail_on_not_report = false  # a file that is no annual report (notes.xlsx, a notice) fails
"""


def _rules(config: Path | None):
    from .config import ConfigError, load_config
    from .rulebook import rulebook_for

    try:
        cfg = load_config(config)
        book = rulebook_for(cfg)
    except ConfigError as exc:
        fail(str(exc))
    return cfg, book


def rules(config: ConfigOpt = None) -> None:
    """Table of the rules: code, name, category, severity, summary."""
    from rich.console import Console
    from rich.table import Table

    cfg, book = _rules(config)
    all_rules = book.rules
    selected = {r.code for r in book.chosen}
    table = Table(title=f"gaorpt-audit rules ({len(selected)} of {len(all_rules)} selected)")
    for col in ("code", "name", "category", "severity", "summary"):
        table.add_column(col, overflow="fold")
    for r in all_rules:
        sev = cfg.file.severity.get(r.code, r.severity)
        style = None if r.code in selected else "dim"
        table.add_row(r.code, r.name, r.category, sev, r.summary, style=style)
    Console().print(table)


def rule(
    code: Annotated[str, typer.Argument(help="Rule code, e.g. BAL001.")],
    config: ConfigOpt = None,
) -> None:
    """Everything about one rule."""
    from rich.console import Console, Group
    from rich.markup import escape
    from rich.panel import Panel
    from rich.syntax import Syntax
    from rich.table import Table

    cfg, book = _rules(config)
    found = [r for r in book.rules if r.code == code.upper() or r.name == code]
    if not found:
        fail(f"unknown rule {code!r} (see `gaorpt-audit rules`)")
    r = found[0]
    info = Table.grid(padding=(0, 2))
    info.add_column(style="bold")
    info.add_column()
    sev = cfg.file.severity.get(r.code, r.severity)
    weight = cfg.file.weights.get(r.code, r.weight)
    selected = any(x.code == r.code for x in book.chosen)
    for k, v in (
        ("name", r.name),
        ("category", r.category),
        ("severity", sev),
        ("weight", f"{weight:g}"),
        ("selected", "yes" if selected else "no"),
        ("summary", r.summary),
        ("why", r.why.strip()),
        ("basis", r.basis),
        ("applies", r.applies.describe()),
        ("kind", f"{r.check.kind}: {kind_summary(r.check.kind)}"),
        ("identity", identity_text(r.identity)),
        ("message", r.message),
        ("file", r.source or "-"),
    ):
        info.add_row(k, escape(v))  # cell references hold [brackets], not markup
    check_text = ""
    if r.source:
        text = Path(r.source).read_text(encoding="utf-8")
        check_text = text[text.find("[check]") :] if "[check]" in text else ""
    parts = [info, Syntax(check_text, "toml", theme="ansi_dark")]
    from .rulecases import case_file_for, load_cases

    cf = case_file_for(r)
    if cf:
        cases = Table(title="cases", show_header=True)
        cases.add_column("expect")
        cases.add_column("name")
        for c in load_cases(cf):
            cases.add_row(c.expect, c.name)
        parts.append(cases)
        example = example_finding(r, cf, _repo_root(cf.parent))
        if example is not None:
            from rich.text import Text

            case_name, f = example
            lines = [
                f"{f.severity.upper()}  {f.message}",
                f"expected {f.expected}  actual {f.actual}",
            ]
            parts.append(Text(f"example finding (case “{case_name}”)", style="bold"))
            parts.append(Text("\n".join(lines)))
    Console().print(Panel(Group(*parts), title=f"{r.code}  {r.name}", expand=False))


def kind_summary(kind: str) -> str:
    """The first sentence of the kind module's docstring (checks/<kind>.py)."""
    from .checks import REGISTRY

    doc = REGISTRY[kind].doc.split("\n\n")[0]
    return " ".join(doc.split()).split(": ", 1)[-1]


def identity_text(identity: str | None) -> str:
    from .identities import IDENTITIES

    if not identity:
        return "-"
    ident = IDENTITIES[identity]
    return f"{identity}: {' + '.join(ident.lhs)} = {' + '.join(ident.rhs)} ({ident.summary})"


def example_finding(rule, case_file: Path, repo: Path):  # type: ignore[no-untyped-def]
    """(case name, first finding) of the rule's first failing case that gives one."""
    from .backends import get_backend
    from .checks import compile_cached
    from .evaluate import evaluate_report
    from .rulecases import case_input, load_cases

    compiled = compile_cached([rule])
    for case in load_cases(case_file):
        if case.expect != "failed":
            continue
        if case.fixture is not None and not (repo / case.fixture).is_file():
            continue
        report = case_input(case, case_file, repo)
        _, findings = evaluate_report(report, compiled, get_backend(compiled, "python"))
        if findings:
            return case.name, findings[0]
    return None


def test_rules(
    directory: Annotated[str, typer.Argument(help="Folder of rule packs.")],
    backend: Annotated[
        str | None, typer.Option("--backend", help="durable or python (default: both).")
    ] = None,
) -> None:
    """Run the rule case files (*.cases.toml) of a folder."""
    from rich.console import Console

    from .backends import durable_available
    from .rulebook import RuleError, load_rules
    from .rulecases import case_file_for, load_cases, run_case

    root = Path(directory)
    if not root.is_dir():
        fail(f"no such folder: {directory}")
    backends = [backend] if backend else ["python"] + (["durable"] if durable_available() else [])
    console = Console()
    failed = total = 0
    try:
        pack = load_rules([root])
        if not pack:
            fail(f"no rules in {directory}: expected <CODE>.toml files beside their cases")
        repo = _repo_root(root)
        for r in pack:
            cf = case_file_for(r)
            if cf is None:
                console.print(f"[yellow]{r.code}[/]: no {r.code}.cases.toml")
                failed += 1
                continue
            for case in load_cases(cf):
                for b in backends:
                    total += 1
                    res = run_case(r, case, cf, repo, b)
                    if res.ok:
                        console.print(f"[green]ok[/]   {r.code} {case.name} [dim]({b})[/]")
                    else:
                        failed += 1
                        console.print(f"[red]FAIL[/] {r.code} {case.name} [dim]({b})[/]")
                        for p in res.problems:
                            console.print(f"       {p}", markup=False)
    except RuleError as exc:
        fail(str(exc))
    console.print(f"{total} case runs, {failed} failed")
    if failed:
        raise typer.Exit(1)


def _repo_root(start: Path) -> Path:
    """Fixture paths in cases are relative to the repository (or the pack's parent)."""
    for folder in [start.resolve(), *start.resolve().parents]:
        if (folder / ".git").exists() or (folder / "pyproject.toml").is_file():
            return folder
    return start.resolve().parent


def init(
    path: Annotated[Path, typer.Option("--path", help="Where to write.")] = Path(
        "gaorpt-audit.toml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter gaorpt-audit.toml."""
    if path.exists() and not force:
        fail(f"{path} exists; use --force to overwrite")
    path.write_text(STARTER, encoding="utf-8")
    typer.echo(f"wrote {path}")

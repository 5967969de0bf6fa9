"""The check-kind registry: a new kind is one module (here a toy kind in a temporary
package) plus its rule and cases, on both backends; each kind fills exactly its declared
slots; the engine's imports follow the pipeline; no engine module grows past 400 lines;
the generated docs are current."""

from __future__ import annotations

import ast
import importlib
import os
import textwrap
from pathlib import Path

import pytest
from durable_helpers import BACKENDS

from gaorpt_audit import checks, docgen
from gaorpt_audit.checks import REGISTRY
from gaorpt_audit.rulebook import load_rules
from gaorpt_audit.rulecases import case_file_for, load_cases, run_case

REPO = Path(__file__).resolve().parent.parent
ENGINE = REPO / "engine" / "gaorpt_audit"


TOY_KIND = '''
"""`at_most`: one cell is at most a number (a toy kind of the registry test)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from gaorpt_audit.checks.base import CheckModel, Explanation, Kind, cell_location, fmt
from gaorpt_audit.checks.compiler import Instance, cell_alpha, join
from gaorpt_audit.checks.refs import RefT


class AtMost(CheckModel):
    kind: Literal["at_most"]
    cell: RefT
    most: int


@dataclass
class Slots:
    value: str = ""
    most: str = ""


def compile_check(b, rule, chk):
    tests = cell_alpha(chk.cell) + [{"$gt": {"value": chk.most}}]
    b.add(Instance(rule.code, str(chk.cell), needs=(("cell", chk.cell),), spec=chk.most),
          {"": join([("m", tests)])})


def explain(rule, inst, m, base):
    fact = m["m"]
    return Explanation(Slots(fmt(fact["value"]), fmt(inst.spec)), inst.key, cell_location(fact),
                       expected=f"<= {inst.spec}", actual=fact["value"])


KIND = Kind("at_most", AtMost, Slots, compile_check, explain)
'''

TOY_RULE = """
code = "TOY001"
name = "balance.toy_at_most"
category = "balance"
severity = "warning"
weight = 1
summary = "本年新收总计不超过 5 件（测试用）"
why = "toy"
basis = "tests/test_check_kinds.py"
message = "本年新收 {value} 件，超过 {most} 件"

[check]
kind = "at_most"
cell = "t3.new[total]"
most = 5
"""

TOY_CASES = """
[[case]]
name = "at most"
expect = "passed"
[case.report.tables."三"]
new = [1, 0, 0, 0, 0, 0, 1]

[[case]]
name = "too many"
expect = "failed"
[case.report.tables."三"]
line = 10
new = [7, 0, 0, 0, 0, 0, 7]
[[case.findings]]
message = "本年新收 7 件，超过 5 件"
location = { table = "三", row = "new", column = "total", line = 11 }
expected = "<= 5"
actual = 7

[[case]]
name = "blank total"
expect = "not_applicable"
reason = "is blank"
[case.report.tables."三"]
new = [7, 0, 0, 0, 0, 0, ""]
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_new_kind_is_one_module_plus_its_rule_and_cases(tmp_path, monkeypatch, backend) -> None:
    pkg = tmp_path / "toykinds"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "at_most.py").write_text(textwrap.dedent(TOY_KIND), encoding="utf-8")
    pack = tmp_path / "pack" / "balance"
    pack.mkdir(parents=True)
    (pack / "TOY001.toml").write_text(TOY_RULE, encoding="utf-8")
    (pack / "TOY001.cases.toml").write_text(TOY_CASES, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("toykinds.at_most")
    checks.register(module.KIND)
    try:
        (rule,) = load_rules([tmp_path / "pack"])
        assert rule.check.kind == "at_most"
        cases = load_cases(case_file_for(rule))
        for case in cases:
            result = run_case(rule, case, case_file_for(rule), tmp_path, backend)
            assert result.ok, (backend, case.name, result.problems)
        with pytest.raises(Exception, match="message slot {col} is not defined for kind at_most"):
            bad = pack.parent / "bad" / "balance"
            bad.mkdir(parents=True)
            (bad / "TOY001.toml").write_text(TOY_RULE.replace("{most}", "{col}"))
            load_rules([bad.parent])
    finally:
        checks.unregister("at_most")
    with pytest.raises(Exception, match="unknown check kind 'at_most'"):
        load_rules([tmp_path / "pack"])


def test_every_kind_fills_its_own_slots_dataclass(monkeypatch) -> None:
    """Every failing case of the built-in rules: the kind's explain returns its own Slots,
    and the message's slots are among the kind's."""
    seen: set[str] = set()
    for kind in list(REGISTRY.values()):
        original = kind.explain

        def checked(rule, inst, m, base, _kind=kind, _original=original):  # type: ignore[no-untyped-def]
            ex = _original(rule, inst, m, base)
            assert type(ex.slots) is _kind.slots, _kind.name
            seen.add(_kind.name)
            return ex

        monkeypatch.setitem(REGISTRY, kind.name, _replace(kind, explain=checked))
    for rule in load_rules([REPO / "rules"]):
        for case in load_cases(case_file_for(rule)):
            if case.expect == "failed":
                assert run_case(rule, case, case_file_for(rule), REPO, "python").ok
    # every kind that some built-in rule uses has been explained at least once
    used = {r.check.kind for r in load_rules([REPO / "rules"])} - {"crossyear"}
    assert used <= seen, used - seen


def _replace(kind, **changes):  # type: ignore[no-untyped-def]
    import dataclasses

    return dataclasses.replace(kind, **changes)


# --------------------------------------------------------------------------- structure

# Pipeline stages: a module may import its own stage and earlier ones only. Orchestrators
# (pipeline, audit, the CLI, rule cases, docgen) compose the stages and may import any.
STAGES = [
    {
        "keys",
        "model",
        "pickling",  # model.py's __reduce__
        "batchgc",
        "identities",
        "config",
        "resources",
        "tomlfiles",
        "evidence",
        "excludes",
        "spool",
        "forkmap",  # the cross-year step's forked finishing
    },
    {"names"},  # file names that are not UTF-8 (issue 16)
    {"discover", "publishers", "cli_common", "fetch"},
    {"ingest"},
    {"parse"},
    {
        "facts",
        "cellrefs",
        "sums",
        "repair",
        "excerpt",
        "corroborate",
        "slips",
        "suggestions",
        "ocrtrust",
    },
    {"checks", "rulebook"},
    {"backends"},
    {"evaluate", "findings"},
    {"scoring", "rank"},
    {"gate"},
    {"render", "notices"},
]
ORCHESTRATORS = {
    "pipeline",
    "audit",
    "cli",
    "cli_run",
    "cli_rank",
    "cli_rules",
    "cli_output",
    "cli_fetch",
    "cli_notices",
    "cli_terminal",
    "rulecases",
    "docgen",
    "xyear",
    "carry",
    "history",
    "cli_history",
    "cli_executor",
    "executors",
    "cli_settings",
    "",
}


def _stage(module: str) -> int | None:
    top = module.split(".")[0]
    if top in ORCHESTRATORS:
        return None
    stage = next((i for i, s in enumerate(STAGES) if top in s), None)
    assert stage is not None, f"engine module {top!r} is in no pipeline stage: add it to STAGES"
    return stage


def _imports(path: Path) -> list[tuple[str, int]]:
    """Engine-relative modules imported at run time (TYPE_CHECKING blocks left out)."""
    rel = path.relative_to(ENGINE).with_suffix("").parts
    package = list(rel[:-1])
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for n in ast.walk(node)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level and id(node) not in skip:
            base = package[: len(package) - node.level + 1]
            target = ".".join([*base, *([node.module] if node.module else [])])
            out.append((target, node.lineno))
    return out


def test_imports_follow_the_pipeline_order() -> None:
    against = []
    for path in sorted(ENGINE.rglob("*.py")):
        me = ".".join(path.relative_to(ENGINE).with_suffix("").parts).removesuffix("__init__")
        mine = _stage(me.strip("."))
        if mine is None:
            continue
        for target, line in _imports(path):
            theirs = _stage(target)
            if theirs is not None and theirs > mine:
                against.append(f"{path.relative_to(ENGINE)}:{line} imports {target}")
    assert not against, against


def test_no_module_imports_another_modules_private_names() -> None:
    reaching = []
    for path in sorted(ENGINE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                reaching += [
                    f"{path.relative_to(ENGINE)}:{node.lineno} imports {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
    assert not reaching, reaching


def test_no_engine_module_over_400_lines() -> None:
    big = {
        str(p.relative_to(ENGINE)): n
        for p in ENGINE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not big, big


def test_generated_docs_are_current() -> None:
    stale = []
    for path, (name, body) in docgen.targets(REPO).items():
        text = path.read_text(encoding="utf-8")
        if docgen.splice(text, name, body) != text:
            if os.environ.get("GAORPT_UPDATE_DOCS"):
                path.write_text(docgen.splice(text, name, body), encoding="utf-8")
            stale.append(str(path.relative_to(REPO)))
    assert not stale, f"{stale} are stale: run python -m gaorpt_audit.docgen"


# --------------------------------------------------------------------------- rule CODE


def _rule_output(code: str) -> str:
    from typer.testing import CliRunner

    from gaorpt_audit.cli import app

    result = CliRunner().invoke(app, ["rule", code], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_rule_shows_when_it_applies_and_an_example_finding() -> None:
    out = _rule_output("FMT002")
    assert "report years from 2021" in out and "unknown" not in out.split("applies")[1][:40]
    assert "kind      format: tables use the layout of the report year" in out
    # the example comes from running the rule's failing case (洪泽区 2023)
    assert "example finding" in out
    assert "ERROR  2023年度报告的表三仍使用2019年试行格式，应使用2021年格式" in out


def test_rule_shows_the_identity_with_its_cell_references() -> None:
    out = _rule_output("BAL003")
    assert "T3-ROW: t3.row[total] = t3.row[natural_person] + t3.row[commercial]" in out

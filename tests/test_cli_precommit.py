"""The shipped pre-commit hook passes report drafts, and never a README.md, to `run`
(a file named on the command line is always audited, so a README would fail the gate)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def hook_field(name: str) -> re.Pattern[str]:
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    (value,) = re.findall(rf"^  {name}: (.+)$", text, flags=re.MULTILINE)
    return re.compile(value.strip())


def passed_to_hook(path: str) -> bool:
    # pre-commit's rule: `files` and `exclude` are Python regexes searched in the path.
    return bool(hook_field("files").search(path)) and not hook_field("exclude").search(path)


def test_reports_reach_the_hook() -> None:
    for path in ["drafts/a_2024.txt", "b.md", "c.html", "c.htm", "d.docx", "e.pdf"]:
        assert passed_to_hook(path), path


def test_readme_and_other_files_do_not() -> None:
    for path in ["README.md", "drafts/README.md", "notes.toml", "a.xlsx", "x.md.bak", "logo.png"]:
        assert not passed_to_hook(path), path
    assert passed_to_hook("drafts/README_2024.md")  # only the exact README.md is left out


def test_every_document_type_reaches_the_hook() -> None:
    from gaorpt_audit.ingest import IMAGE_SUFFIXES, SUPPORTED_SUFFIXES

    for suffix in sorted(SUPPORTED_SUFFIXES - IMAGE_SUFFIXES):
        assert passed_to_hook(f"drafts/report{suffix}"), suffix
        assert passed_to_hook(f"drafts/REPORT{suffix.upper()}"), suffix
    for suffix in sorted(IMAGE_SUFFIXES):  # a repository's pictures are not reports
        assert not passed_to_hook(f"docs/logo{suffix}"), suffix


# --------------------------------------------------------------------------- end to end

DOCUMENTED = re.compile(r"```yaml\n(repos:\n.*?)```", re.DOTALL)
RELEASE_FILES = ["engine", "rules", "rules.toml", "pyproject.toml", "README.md",
                 ".pre-commit-hooks.yaml"]  # fmt: skip


def _git(cwd: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}  # fmt: skip
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, **env})  # fmt: skip


def _release_clone(tmp: Path) -> Path:
    """This checkout's files as a repository with the release tag of its version, as a
    user's pre-commit clones it (the tag is made at release; here, in the copy)."""
    from gaorpt_audit import __version__

    clone = tmp / "gaorpt-audit"
    clone.mkdir()
    for name in RELEASE_FILES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, clone / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, clone / name)
    _git(clone, "init", "-q")
    _git(clone, "add", "-A")
    _git(clone, "commit", "-q", "-m", "release")
    _git(clone, "tag", f"v{__version__}")
    return clone


def test_the_documented_snippet_runs_in_pre_commit(tmp_path) -> None:
    from gaorpt_audit import __version__

    if shutil.which("pre-commit") is None:
        if os.environ.get("GAORPT_REQUIRE_PRECOMMIT"):
            raise AssertionError("pre-commit is not installed (pip install -e '.[test]')")
        pytest.skip("pre-commit is not installed (it comes with the [test] extra)")
    (snippet,) = DOCUMENTED.findall((REPO / "docs" / "ci.md").read_text(encoding="utf-8"))
    assert f"rev: v{__version__}\n" in snippet  # the tag of the version being released
    clone = _release_clone(tmp_path)
    project = tmp_path / "drafts-repo"
    (project / "drafts").mkdir(parents=True)
    report = REPO / "reports" / "zhejiang" / "baibu-town_2020.txt"
    shutil.copy2(report, project / "drafts" / "baibu_2020.txt")
    (project / "drafts" / "README.md").write_text("# 草稿说明\n", encoding="utf-8")
    (project / "notes.toml").write_text("x = 1\n", encoding="utf-8")
    url = re.search(r"repo: (\S+)", snippet)[1]
    config = snippet.replace(url, clone.as_uri())
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        ["pre-commit", "run", "--all-files"], check=False, cwd=project, env=env,
        capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    out = done.stdout + done.stderr
    # --fail-on warning (the snippet's args): Baibu 2020 has warnings, so the hook fails
    assert done.returncode == 1, out
    assert "gaorpt-audit (政府信息公开工作年度报告)" in out and "Failed" in out
    assert "drafts/baibu_2020.txt:" in out
    assert "README.md" not in out and "notes.toml" not in out

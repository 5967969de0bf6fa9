"""The built wheel, installed into a fresh virtual environment, audits a folder from an
unrelated directory: rules and default config are bundled, nothing is read from the checkout."""

from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "reports"


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(REPO)],
        check=True,
    )
    wheel = next(dist.glob("gaorpt_audit-*.whl"))
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)], check=True
    )
    # Dependencies come from the test environment's site-packages, added as plain paths:
    # .pth files there (such as the editable install of this checkout) are NOT processed,
    # so ``gaorpt_audit`` can only come from the wheel.
    target = Path(
        subprocess.run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    deps = {
        sysconfig.get_paths()["purelib"],
        sysconfig.get_paths()["platlib"],
        *site.getsitepackages(),
    }
    (target / "zz_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    return env_dir


def test_wheel_runs_on_a_copy_of_reports(wheel_venv: Path, tmp_path: Path) -> None:
    region = tmp_path / "region"
    shutil.copytree(REPORTS, region)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    exe = wheel_venv / "bin" / "gaorpt-audit"
    where = subprocess.run(
        [
            str(wheel_venv / "bin" / "python"),
            "-c",
            "import gaorpt_audit; print(gaorpt_audit.__file__)",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(wheel_venv) in where, f"gaorpt_audit imported from outside the wheel: {where}"
    result = subprocess.run(
        [str(exe), "run", "--format", "json", str(region)],
        cwd=elsewhere,
        capture_output=True,
        check=False,
        text=True,
    )
    # the sample region holds real publisher errors: the default gate (error) fails
    assert result.returncode == 1, result.stderr
    audited = {
        Path(r["path"]).relative_to(region).as_posix() for r in json.loads(result.stdout)["reports"]
    }
    expected = {
        p.relative_to(REPORTS).as_posix()
        for p in REPORTS.rglob("*")
        if p.is_file() and p.name != "README.md"
    }
    assert audited == expected
    rules = subprocess.run(
        [str(exe), "rules"], cwd=elsewhere, capture_output=True, text=True, check=False
    )
    assert rules.returncode == 0, rules.stderr
    assert "BAL" in rules.stdout


def test_wheel_bundles_the_notice_templates(wheel_venv: Path, tmp_path: Path) -> None:
    exe = wheel_venv / "bin" / "gaorpt-audit"
    report = REPORTS / "anhui" / "dadukou-town_2020.txt"
    done = subprocess.run(
        [str(exe), "notices", str(report), "--into", str(tmp_path / "out"), "-q"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["大渡口镇人民政府_2020_整改通知.docx"]

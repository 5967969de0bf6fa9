"""Legacy office files (.doc, .wps, .rtf, .odt, a DOCX python-docx rejects) -> DOCX bytes,
through LibreOffice headless (Debian ``libreoffice-writer-nogui``).

Townships post Word 97 ``.doc`` and Kingsoft ``.wps`` attachments (both OLE2 Word binaries);
LibreOffice saves them as DOCX in a temporary folder and the DOCX front end reads that.

- The conversion runs under the file's deadline (``limits.current().left()``); at the
  deadline the whole process group is killed (soffice starts soffice.bin as a child).
- One LibreOffice profile per process, made once and reused: a fresh profile costs seconds
  at every start, and a shared one would make parallel workers wait on its lock.
- Without LibreOffice the file gets one issue saying what to install (PRS001).
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from .limits import FileTimeout, current, timeout_message

SOFFICE_ENV = "GAORPT_SOFFICE"  # path of the soffice binary (tests: "" = none installed)
MISSING_MESSAGE = (
    "需要 LibreOffice 才能读取 .doc/.wps/.rtf/.odt 文件：请安装 libreoffice-writer-nogui"
    "（Debian/Ubuntu：apt-get install --no-install-recommends libreoffice-writer-nogui）"
    "后重新审核，或将文件另存为 .docx"
)
_PROFILE: list[str] = []
_CONVERT_SECONDS: list[float] = []  # time spent converting, in this process (--statistics)


class ConversionError(Exception):
    """LibreOffice ran but gave no DOCX; the message says why."""


def soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    named = os.environ.get(SOFFICE_ENV)
    if named is not None:
        return shutil.which(named) if named else None
    for name in ("soffice", "libreoffice"):
        if found := shutil.which(name):
            return found
    return None


def conversion_seconds() -> float:
    return sum(_CONVERT_SECONDS)


def _profile() -> str:
    if not _PROFILE or _PROFILE[0] != f"{os.getpid()}":
        sweep()
        folder = tempfile.mkdtemp(prefix=f"gaorpt-lo-{os.getpid()}-")
        atexit.register(shutil.rmtree, folder, True)
        _PROFILE[:] = [f"{os.getpid()}", folder]
    return _PROFILE[1]


def sweep() -> None:
    """Remove the profiles of processes that are gone: pool workers end with os._exit,
    which runs no atexit handler, so their profile folders would stay in /tmp."""
    for folder in Path(tempfile.gettempdir()).glob("gaorpt-lo-*-*"):
        pid = folder.name.split("-")[2]
        if pid.isdigit() and not _alive(int(pid)) and folder.owner() == _me():
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def _me() -> str:
    import getpass

    return getpass.getuser()


def to_docx(data: bytes, suffix: str) -> bytes:
    """``data`` (an office file, read as ``suffix``) converted to DOCX bytes.

    Raises ``ConversionError`` (no LibreOffice, or it failed) or ``FileTimeout``."""
    binary = soffice()
    if binary is None:
        raise ConversionError(MISSING_MESSAGE)
    budget = current()
    left = budget.remaining()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="gaorpt-convert-") as tmp:
        source = Path(tmp) / f"input{suffix}"
        source.write_bytes(data)
        out = Path(tmp) / "out"
        command = [
            binary,
            f"-env:UserInstallation=file://{_profile()}",
            "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source),
        ]  # fmt: skip
        try:
            _run(command, left, budget.limits.timeout)
        finally:
            _CONVERT_SECONDS.append(time.monotonic() - started)
        result = out / "input.docx"
        if not result.is_file():
            raise ConversionError("LibreOffice 未能转换该文件（没有生成 DOCX）")
        return result.read_bytes()


def _run(command: list[str], left: float | None, limit: float) -> None:
    env = {**os.environ, "HOME": os.environ.get("HOME") or tempfile.gettempdir()}
    proc = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: killed as a whole
        env=env,
    )
    try:
        _, err = proc.communicate(timeout=left)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise FileTimeout(timeout_message(limit)) from None
    except BaseException:  # the file's alarm (FileTimeout), Ctrl-C: never leave it running
        _kill(proc)
        raise
    if proc.returncode:
        why = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        detail = f"退出状态 {proc.returncode}" + (f"；技术细节：{why[0]}" if why[0] else "")
        raise ConversionError(f"LibreOffice 未能转换该文件（{detail}）")


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    proc.wait()

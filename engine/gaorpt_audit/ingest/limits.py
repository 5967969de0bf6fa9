"""Per-file limits ([limits] in rules.toml), enforced while a file is read and checked.

- ``enforced(limits)`` (pipeline.audit_file) makes ``limits`` the current ones and starts
  the file's clock: past ``timeout`` seconds a SIGALRM raises ``FileTimeout`` in the main
  thread, and again every ``REPEAT`` seconds until the file's block ends (the timer stops
  there): an alarm raised where Python swallows exceptions (a gc callback, a ``__del__``,
  a library's bare ``except``) would otherwise leave the file running unbounded.
- The front ends raise ``LimitExceeded`` (file size, text, tables, DOCX entries, PDF pages
  ...); ``ingest.load_bytes`` turns it into a ``limit_exceeded`` issue (PRS001).
- ``isolated(fn, ...)`` runs a front end (the PDF one) in a forked child under the file's
  deadline and an address-space limit, so that a loop or an allocation in C code costs that
  child, never the run: the child is killed at the deadline.

Every message says which limit was hit and how to raise it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from ..config import TIMEOUT_ENV, Limits, default_limits

T = TypeVar("T")
# how to raise a limit, at the end of every message (users read Chinese; the key is the
# config's own spelling, to be typed as is)
_HOW = "如需审核此文件，请调高 gaorpt-audit.toml 中的 [limits] {key}"


class LimitExceeded(Exception):
    """A file is over one of the limits; the message says which and how to raise it."""


class FileTimeout(BaseException):
    """The file's time is up. A BaseException, so that the ``except Exception`` that guards
    each parser stage cannot swallow it."""


def over(what: str, limit: str, key: str) -> LimitExceeded:
    """``LimitExceeded("<what>超过上限（<limit>）：如需审核此文件，请调高 ... [limits] <key>")``;
    ``what`` ends with "，" when it gives the actual size ("文件大小为 5.0 MB，")."""
    return LimitExceeded(f"{what}超过上限（{limit}）：{_HOW.format(key=key)}")


def paragraphs_over(count: int) -> LimitExceeded:
    limit = current().limits.paragraphs
    return over(f"文件含 {count:,} 个段落和表格行，", f"{limit:,} 个", "paragraphs")


def text_over(count: int, at_least: bool = False) -> LimitExceeded:
    """``at_least``: ``count`` is a lower bound (counted from the bytes, not decoded)."""
    limit = current().limits.text_chars
    what = f"文件{'至少' if at_least else ''}含 {count:,} 个文字字符，"
    return over(what, f"{limit:,} 个字符", "text_chars")


def tags_over(what: str, count: int) -> LimitExceeded:
    """``what``: "网页", "DOCX 部件 word/document.xml"."""
    limit = current().limits.tags
    return over(f"{what}含 {count:,} 个标记标签，", f"{limit:,} 个", "tags")


def table_over(table: str, size: str | None, limit: int) -> LimitExceeded:
    """``table`` ("网页的第 1 个表格"), of ``size`` ("6 行 × 600 列"; None: not counted to the
    end), has more cells than allowed."""
    shape = f"（{size}）" if size else ""
    what = f"{table}{shape}的单元格数（行数 × 列数，合并单元格展开后计）"
    return over(what, f"每个表格 {limit:,} 个单元格", "table_cells")


def megabytes(n: float) -> str:
    if n < 1e5:
        return f"{n / 1e3:.1f} KB"
    return f"{n / 1e6:.1f} MB" if n < 1e9 else f"{n / 1e9:.1f} GB"


def timeout_message(seconds: float) -> str:
    return (
        f"读取和检查此文件的用时超过上限（每个文件 {seconds:g} 秒）：如需审核此文件，请调高 "
        f"gaorpt-audit.toml 中的 [limits] timeout（或设置环境变量 {TIMEOUT_ENV}，或使用 "
        "--timeout）"
    )


def memory_message(limits: Limits) -> str:
    if not limits.memory_mb:
        return "读取此文件所需的内存超过本机可用的内存：无法在本机审核"
    return over("读取此文件所需的内存", f"{limits.memory_mb} MB", "memory_mb").args[0]


@dataclass(frozen=True)
class Budget:
    limits: Limits
    deadline: float | None = None  # time.monotonic() when the file's time is up

    def left(self) -> float | None:
        """Seconds left for this file (None: no deadline)."""
        return None if self.deadline is None else self.deadline - time.monotonic()

    def remaining(self) -> float | None:
        """The time a helper process (the PDF reader, LibreOffice, Tesseract) may take:
        ``left()``, or outside ``enforced`` (no deadline: a direct ``ingest.load``) the
        whole ``timeout``, so that it is never unbounded while a limit is set; None only
        at ``timeout = 0``. Raises ``FileTimeout`` when the file's time is already spent."""
        left = self.left()
        if left is None:
            return self.limits.timeout or None
        if left <= 0:
            raise FileTimeout(timeout_message(self.limits.timeout))
        return left


REPEAT = 0.5  # seconds between alarms once the file's time is up

_CURRENT: ContextVar[Budget | None] = ContextVar("gaorpt_audit_budget", default=None)


def current() -> Budget:
    """The budget of the file being read (the bundled limits outside ``enforced``)."""
    budget = _CURRENT.get()
    if budget is None:
        budget = Budget(default_limits())
        _CURRENT.set(budget)
    return budget


def _alarm(signum: int, frame: Any) -> None:
    budget = _CURRENT.get()
    raise FileTimeout(timeout_message(budget.limits.timeout if budget else 0))


@contextlib.contextmanager
def enforced(limits: Limits | None) -> Iterator[Budget]:
    """Read and check one file under ``limits`` (its clock starts now)."""
    limits = limits or default_limits()
    seconds = limits.timeout
    budget = Budget(limits, time.monotonic() + seconds if seconds else None)
    token = _CURRENT.set(budget)
    timed = bool(seconds) and _can_alarm()
    previous: Any = None
    if timed:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
    try:
        yield budget
    finally:
        try:  # nested, so that an alarm arriving now still leaves everything restored
            if timed:
                signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            try:
                if timed:
                    signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
            finally:
                _CURRENT.reset(token)


def _can_alarm() -> bool:
    """SIGALRM exists (POSIX), this is the main thread (where Python runs signal handlers),
    and nobody else's timer is running (a host program's alarm is left alone)."""
    if not hasattr(signal, "setitimer"):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    return signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# --------------------------------------------------------------------------- isolation

_MEMORY_EXIT = 86  # the child's exit status after a MemoryError


def isolated(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in a forked child under the current budget: killed at the deadline
    (``FileTimeout``), limited to ``memory_mb`` more address space (``LimitExceeded``).
    ``LimitExceeded`` raised by ``fn`` is raised here; any other exception becomes a
    ``RuntimeError`` with its text. Without fork (Windows), ``fn`` runs here."""
    budget = current()
    if not hasattr(os, "fork"):
        return fn(*args)
    left = budget.remaining()
    prctl = _prctl()
    parent = os.getpid()
    read_end, write_end = os.pipe()
    with _quiet_fork_warning():
        pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        if prctl is not None:  # killed with its parent (a worker terminated on Ctrl-C)
            prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
            if os.getppid() != parent:
                os._exit(1)
        _child(write_end, fn, args, budget.limits, left)
    os.close(write_end)
    try:
        payload = _collect(read_end, pid, left)
        _, status = os.waitpid(pid, 0)
        pid = 0
    finally:
        os.close(read_end)
        if pid:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    return _outcome(payload, status, budget.limits)


_PR_SET_PDEATHSIG = 1
_PRCTL: list[Any] = []


def _prctl() -> Any:
    """Linux's prctl(2), looked up once (in the parent: the child must not import)."""
    if not _PRCTL:
        found = None
        if os.uname().sysname == "Linux":
            with contextlib.suppress(Exception):
                import ctypes

                found = ctypes.CDLL(None, use_errno=True).prctl
        _PRCTL.append(found)
    return _PRCTL[0]


def _collect(fd: int, pid: int, left: float | None) -> bytes:
    deadline = None if left is None else time.monotonic() + left
    chunks = []
    while True:
        wait = None if deadline is None else deadline - time.monotonic()
        if wait is not None and wait <= 0:
            raise FileTimeout(timeout_message(current().limits.timeout))
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            continue
        data = os.read(fd, 1 << 20)
        if not data:
            return b"".join(chunks)
        chunks.append(data)


def _outcome(payload: bytes, status: int, limits: Limits) -> Any:
    code = os.waitstatus_to_exitcode(status)
    if code == _MEMORY_EXIT:
        raise LimitExceeded(memory_message(limits))
    if code or not payload:
        why = f"信号 {-code}" if code < 0 else f"退出状态 {code}"
        raise RuntimeError(f"读取文件的子进程意外结束，没有返回结果（{why}）")
    kind, value = pickle.loads(payload)
    if kind == "ok":
        return value
    if kind == "limit":
        raise LimitExceeded(value)
    if kind == "timeout":
        raise FileTimeout(value)
    raise RuntimeError(value)


def _child(
    fd: int, fn: Callable[..., Any], args: tuple[Any, ...], limits: Limits, left: float | None
) -> None:
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        if left is not None and hasattr(signal, "alarm"):
            # The parent kills this process at the deadline; should the parent die first,
            # the kernel does (SIGALRM's default action), a moment later.
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(int(left) + 2)
        _limit_memory(limits.memory_mb)
        try:
            result: tuple[str, Any] = ("ok", fn(*args))
        except MemoryError:
            result = ("memory", None)
        except LimitExceeded as exc:
            result = ("limit", str(exc))
        except FileTimeout as exc:
            result = ("timeout", str(exc))
        except Exception as exc:  # noqa: BLE001 - reported by the parent
            result = ("error", f"{type(exc).__name__}: {exc}")
        if result[0] == "memory":
            status = _MEMORY_EXIT
        else:
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
    except MemoryError:
        status = _MEMORY_EXIT
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child
        status = 1
    finally:
        os._exit(status)


def limit_memory(memory_mb: int) -> None:
    """Cap this process's address space at its present size plus ``memory_mb`` (an
    allocation past it raises MemoryError); a no-op without RLIMIT_AS or at 0."""
    _limit_memory(memory_mb)


def _limit_memory(memory_mb: int) -> None:
    if not memory_mb:
        return
    try:
        import resource

        with open("/proc/self/statm", "rb") as f:
            size = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = size + memory_mb * (1 << 20)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ImportError, OSError, ValueError, AttributeError):
        return  # not Linux: no cheap way to know the present size; left unlimited


@contextlib.contextmanager
def _quiet_fork_warning() -> Iterator[None]:
    """Python 3.12+ warns on fork() in a process with threads (a progress bar, a pool's
    manager thread). The child only runs the reader and exits: it takes no lock those
    threads hold (its modules are imported before the fork)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield

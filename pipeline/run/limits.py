"""Each document in a worker process of its own, under a time and a memory limit, so that a
document that breaks, loops or swells costs one skip line, never the run.

The worker is forked from this process (cheap: the pipeline is already imported) and limits
itself with `resource.setrlimit`: RLIMIT_AS to the address space it started with plus
`Limits.memory_mb`, RLIMIT_CPU to `Limits.seconds`; the parent kills it once it has taken
`Limits.seconds` of wall-clock time.  It sends back its result, or why it failed (one line and
the traceback), pickled through a pipe; a worker that dies (killed, out of memory in C code)
is reported by the limit it broke.  So it is with `--jobs 1` too: up to `jobs` workers run at
once, one per document.  The command line sets the bounds (`add_arguments`, `configure_from`).
"""
from __future__ import annotations

import ctypes
import faulthandler
import logging
import os
import pickle
import resource
import selectors
import signal
import sys
import time
import traceback
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from pipeline.common.errors import InputError
from pipeline.common.limits import DEFAULT, FLAGS, MB, Limits, active, configure

log = logging.getLogger(__name__)

OUT_OF_MEMORY = 86          # exit code of a worker that ran out of memory sending its result
PR_SET_PDEATHSIG = 1        # prctl: a signal for the worker when its parent dies


@dataclass
class Failure:
    """Why a document could not be processed: one line naming the file, and the traceback
    when an exception was raised (for OUT/work/errors/)."""

    reason: str
    trace: str | None = None


def add_arguments(parser) -> None:
    """The flags of the bounds, each with its default."""
    for name, (flag, help_) in FLAGS.items():
        default = getattr(DEFAULT, name)
        parser.add_argument(flag, dest=f"limit_{name}", type=type(default), default=default, metavar="N",
                            help=f"{help_} (default: {default:g})")


def configure_from(args) -> Limits:
    """Set the run's bounds from the command line's flags (the defaults where it has none);
    raise InputError for a bound that is not a positive number."""
    values = {name: getattr(args, f"limit_{name}", getattr(DEFAULT, name)) for name in FLAGS}
    for name, value in values.items():
        if not value > 0:
            raise InputError(f"{FLAGS[name][0]} must be a positive number, not {value:g}")
    configure(Limits(**values))
    return active()


@dataclass
class _Worker:
    item: Any
    pid: int
    fd: int
    deadline: float
    chunks: list[bytes] = field(default_factory=list)
    timed_out: bool = False


def run_isolated(items: Iterable[Any], work: Callable[[Any], Any], limits: Limits,
                 jobs: int = 1) -> Iterator[tuple[Any, Any]]:
    """(item, work(item)) for each item, each computed in a worker process of its own, up to
    `jobs` at a time, in the order they finish; a Failure instead of the result when `work`
    raised or the worker broke a limit or died."""
    pending = list(items)
    running: dict[int, _Worker] = {}
    selector = selectors.DefaultSelector()
    try:
        while pending or running:
            while pending and len(running) < max(jobs, 1):
                item = pending.pop(0)
                try:
                    worker = _start(item, work, limits)
                except OSError as err:      # no process left to fork (EAGAIN, ENOMEM)
                    yield item, Failure(f"{item}: no worker process could be started ({err.strerror or err})")
                    continue
                running[worker.fd] = worker
                selector.register(worker.fd, selectors.EVENT_READ, worker)
            if not running:
                continue
            wait = max(0.0, min(w.deadline for w in running.values()) - time.monotonic())
            for key, _ in selector.select(timeout=wait):
                worker = key.data
                chunk = os.read(worker.fd, 1 << 20)
                if chunk:
                    worker.chunks.append(chunk)
                    continue
                selector.unregister(worker.fd)
                del running[worker.fd]
                yield worker.item, _finish(worker, limits)
            now = time.monotonic()
            for worker in running.values():
                if now > worker.deadline and not worker.timed_out:
                    worker.timed_out = True
                    _kill(worker.pid)
    finally:
        for worker in running.values():     # the caller stopped early, or an interrupt
            _kill(worker.pid)
            os.waitpid(worker.pid, 0)
            os.close(worker.fd)
        selector.close()


def _start(item: Any, work: Callable[[Any], Any], limits: Limits) -> _Worker:
    read_end, write_end = os.pipe()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    parent = os.getpid()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)     # fork with threads running (Arrow's pool)
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            raise
    if pid == 0:
        os.close(read_end)
        _worker_main(item, work, limits, write_end, parent)
    os.close(write_end)
    return _Worker(item, pid, read_end, time.monotonic() + limits.seconds)


def _worker_main(item: Any, work: Callable[[Any], Any], limits: Limits, out: int, parent: int) -> None:
    """In the worker: limit itself, work, send the result or the failure, exit; never returns."""
    code = 0
    try:
        _limit_self(limits, parent)
        message: tuple = ("ok", work(item))
    except InputError as err:       # bad input or a bound broken: the reason says it all
        message = ("failed", str(err), None)
    except MemoryError:
        message = ("failed", _memory_reason(item, limits), None)
    except BaseException as err:    # anything else: a bug, a bad date, a permission error
        detail = (str(err).strip().splitlines() or [""])[0]
        message = ("failed", f"{item}: {type(err).__name__}{': ' if detail else ''}{detail}", traceback.format_exc())
    try:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        del message
        view = memoryview(data)
        while view:
            view = view[os.write(out, view):]
    except MemoryError:
        code = OUT_OF_MEMORY
    except BaseException:
        code = 1
    finally:
        logging.shutdown()
        os._exit(code)


def _limit_self(limits: Limits, parent: int) -> None:
    """The worker's bounds: address space and CPU time; no core files, no crash report on the
    terminal (a crash is reported by the parent); dies with its parent."""
    faulthandler.disable()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    seconds = int(limits.seconds) + 1
    _lower(resource.RLIMIT_CPU, seconds, seconds + 5)
    space = _address_space() + int(limits.memory_mb * MB)
    _lower(resource.RLIMIT_AS, space, space)


def _lower(kind: int, soft: int, hard: int) -> None:
    current_soft, current_hard = resource.getrlimit(kind)
    if current_hard != resource.RLIM_INFINITY:
        hard = min(hard, current_hard)
        soft = min(soft, hard)
    resource.setrlimit(kind, (soft, hard))


def _address_space() -> int:
    """This process's virtual memory size, in bytes."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _finish(worker: _Worker, limits: Limits) -> Any:
    """The worker's result, or the Failure saying why there is none."""
    os.close(worker.fd)
    _, status, usage = os.wait4(worker.pid, 0)
    item = worker.item
    if worker.timed_out:
        return Failure(f"{item}: took longer than {limits.seconds:g} s, the time limit (--time-limit)")
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        try:
            message = pickle.loads(b"".join(worker.chunks))
        except Exception as err:
            return Failure(f"{item}: the worker's result could not be read ({type(err).__name__})")
        return message[1] if message[0] == "ok" else Failure(*message[1:])
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == OUT_OF_MEMORY:
        return Failure(_memory_reason(item, limits))
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number == signal.SIGXCPU or (number == signal.SIGKILL and usage.ru_utime + usage.ru_stime >= limits.seconds):
            return Failure(f"{item}: used more than {limits.seconds:g} s of CPU time, the time limit (--time-limit)")
        name = signal.Signals(number).name if number in signal.valid_signals() else f"signal {number}"
        return Failure(f"{item}: the worker reading it died ({name}): over the memory limit of "
                       f"{limits.memory_mb:g} MB (--memory-limit-mb), or a crash of the reader")
    return Failure(f"{item}: the worker reading it stopped with exit code {os.WEXITSTATUS(status)}")


def _memory_reason(item: Any, limits: Limits) -> str:
    return f"{item}: over the memory limit of {limits.memory_mb:g} MB (--memory-limit-mb)"

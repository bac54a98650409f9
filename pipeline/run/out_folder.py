"""The output folder, checked before any work and held by one run at a time.

`check` refuses, with one line (exit 2), an output path that is a file, a folder that cannot
be written, or a disk with too little room for the inputs; `lock` makes a run the only
writer of the folder (`fcntl.flock` on `OUT/.lock`): a second run waits, saying for whom, or
with `wait=False` gives up with one line naming the other run's pid.
"""
from __future__ import annotations

import errno
import fcntl
import logging
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from pipeline.common.errors import InputError

log = logging.getLogger(__name__)

LOCK = ".lock"
ROOM_FACTOR = 3             # the tables and intermediates take at most this many times the inputs' size
ROOM_MIN = 50 * 2 ** 20     # bytes, at least


def check(out: Path, inputs: list[Path] | None = None) -> None:
    """Raise InputError unless `out` is (or can become) a writable folder with room for the
    tables of `inputs`."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: the output path is a file, not a folder")
    existing = next(p for p in (out, *out.resolve().parents) if p.exists())
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"{existing}: the output folder cannot be written (read-only or no permission)")
    needed = max(ROOM_MIN, ROOM_FACTOR * sum(_size(p) for p in inputs or []))
    free = shutil.disk_usage(existing).free
    if free < needed:
        raise InputError(f"{existing}: {free // 2 ** 20} MB free on its disk, the run needs about "
                         f"{needed // 2 ** 20} MB")


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


@contextmanager
def lock(out: Path, wait: bool = True) -> Iterator[None]:
    """Hold `OUT/.lock` for the duration: one writer per output folder."""
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            if not wait:
                raise InputError(f"{out}: another run (pid {holder}) is writing this output folder") from None
            log.warning("waiting for the run with pid %s to finish writing %s", holder, out)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)

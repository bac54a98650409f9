"""Publishing a set of tables as a whole: a reader of the output folder sees the previous
complete set or the new complete set, never a mix, whatever happens and whenever.

    OUT/versions/<id>/            each complete set: tables, exports, manifest.json, qa_report.md
    OUT/current -> versions/<id>  the published set: one symlink, swapped atomically
    OUT/<table>.parquet -> current/<table>.parquet, OUT/manifest.json, OUT/csv -> current/csv, ...
                                  stable links (one per top-level file or folder of the set), so
                                  that `processed/*.parquet` keeps working

A new set is written in `versions/.staging-<pid>/`, renamed to `versions/<id>/`, and made
current by renaming a new symlink over `current` (rename is atomic on POSIX).  The previous
set is kept for rollback (`versions/` holds the current and the previous one).  A run killed
while writing leaves a staging folder, which the next run removes.  Files are created
exclusively (never through a planted symlink) and readable as the umask allows.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

VERSIONS = "versions"
CURRENT = "current"
STAGING = ".staging-"
KEEP = 2                    # the current set and the previous one


def publish(out: Path, files: dict[str, bytes]) -> Path:
    """Write `files` (a path inside the set, "documents.parquet" or "csv/documents.csv" -> its
    bytes) as one new set and make it current; return its folder.  On any error the current
    set is untouched and the staging folder is removed."""
    versions = out / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=versions))
    try:
        for name, data in sorted(files.items()):
            path = staging / _inside(name)
            path.parent.mkdir(exist_ok=True)
            write_file(path, lambda fh, b=data: fh.write(b))
        os.chmod(staging, 0o777 & ~_umask())
        final = versions / _version_id(versions)
        os.rename(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _point(out / CURRENT, Path(VERSIONS) / final.name)
    _link_names(out, sorted({name.split("/")[0] for name in files}))
    _prune(versions, final.name)
    return final


def _inside(name: str) -> str:
    """`name` as a path inside the set: relative, at most one folder deep, no ".."."""
    parts = name.split("/")
    if len(parts) > 2 or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"not a file name inside a set: {name!r}")
    return name


def write_file(path: Path, write) -> None:
    """Create `path` exclusively (O_EXCL: never through a symlink someone planted), write it
    with `write(binary file)`, flush it to disk, and give it the umask's permissions."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    with os.fdopen(fd, "wb") as fh:
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())


def clean_leftovers(out: Path) -> list[str]:
    """Remove what killed runs left (staging folders, temporary links and files); return
    their names.  Call it holding the output folder's lock."""
    removed = []
    for stale in sorted((out / VERSIONS).glob(f"{STAGING}*")):
        shutil.rmtree(stale, ignore_errors=True)
        removed.append(stale.name)
    for stale in sorted(out.glob(".*.tmp")) + sorted(out.glob("*.tmp")):
        if stale.is_symlink() or stale.is_file():
            stale.unlink()
            removed.append(stale.name)
    return removed


def _version_id(versions: Path) -> str:
    """A new version folder name, later than every existing one: "20261129T214501-000001"."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    existing = [p.name for p in versions.iterdir() if not p.name.startswith(".")]
    serial = 1 + max((int(n.rsplit("-", 1)[1]) for n in existing if n.rsplit("-", 1)[-1].isdigit()), default=0)
    return f"{stamp}-{serial:06d}"


def _point(link: Path, target: Path) -> None:
    """Make `link` a symlink to `target`, atomically (a new link renamed over the old)."""
    tmp = link.with_name(f".{link.name}-{os.getpid()}.tmp")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _link_names(out: Path, names: list[str]) -> None:
    """`OUT/<name>` -> `current/<name>` for every published file or folder (a regular file of
    an older layout is replaced); links to what the current set no longer has are removed."""
    for name in names:
        link = out / name
        target = Path(CURRENT) / name
        if not (link.is_symlink() and Path(os.readlink(link)) == target):
            _point(link, target)
    for link in out.iterdir():
        if link.is_symlink() and link.name != CURRENT and not link.exists():
            link.unlink()


def _prune(versions: Path, current: str) -> None:
    """Keep the current set and the one before it."""
    finished = sorted(p for p in versions.iterdir() if not p.name.startswith("."))
    for old in finished[:-KEEP]:
        if old.name != current:
            shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

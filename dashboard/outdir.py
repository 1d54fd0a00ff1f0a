"""The folder a build writes (`--out`): one build at a time, the table set changed as one, faults
said plainly.

- A lock (`<out>/.cache/build.lock`, `fcntl.flock`): a second build into the same folder waits a
  bounded time, then refuses, naming the lock and the process holding it.
- A new set of tables is written into a folder beside `out` (`.<name>.tables-new-<pid>-<token>`),
  everything else `out` holds (the incremental cache, the lock, an analyst's own files) linked into
  it, and the two folders are exchanged in one step (`renameat2(RENAME_EXCHANGE)`): a reader, or a
  build killed at any moment, sees the old complete set or the new one, never a mix. Where the
  system cannot exchange, `out` is renamed aside and the new folder renamed in (a build killed
  between the two leaves the old set beside `out`, and the next build puts it back); where `out`
  cannot be renamed at all (a mount point, a parent the build may not write), the files are
  replaced one at a time inside it, as one set no longer.
- What killed builds leave (staged folders, the old `.<table>.*.tmp` files) is removed by the next.
- Files are created with mode 0666 and folders 0777 less the umask (tables are 0644 under the
  usual umask), and the new folder takes the old one's mode.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

LOCK_FILE = Path(".cache") / "build.lock"
LOCK_WAIT_S = 60.0  # how long a second build waits for the first before it refuses
LOCK_POLL_S = 0.2
STAGE_TAG = ".tables-"  # staged folders: .<out name>.tables-{new,old}-<pid>-<token>
RENAME_EXCHANGE = 2  # linux/fs.h


class OutError(Exception):
    """The folder cannot be built into; the message says why, in one line."""


# ---------------------------------------------------------------- faults, said plainly


def check(out: Path) -> None:
    """Refuse an `out` that is a file, lies under a file, or cannot be written, before any work."""
    for folder in (out, *out.parents):
        if not os.path.lexists(folder):
            continue
        if not folder.is_dir():
            if folder == out:
                raise OutError(f"--out {out} is a file, not a folder")
            raise OutError(f"--out {out} lies under a file: {folder} is a file, not a folder")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutError(f"cannot write into {folder}: {_why_not_writable(folder)}{_kept(out)}")
        return


def _why_not_writable(folder: Path) -> str:
    with contextlib.suppress(OSError, AttributeError):
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "the file system is read-only"
    return "permission denied"


def describe(err: OSError, out: Path) -> str:
    """One line for a system error met while building into `out`."""
    return f"cannot write the tables into {out}: {reason(err)}{_kept(out)}"


def reason(err: OSError) -> str:
    """What went wrong, in words, without the traceback."""
    return {
        errno.ENOSPC: "no space left on device",
        errno.EDQUOT: "disk quota exceeded",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EEXIST: "a file is in the way",
    }.get(err.errno or 0, (err.strerror or str(err)).lower())


def _kept(out: Path) -> str:
    with contextlib.suppress(OSError):
        if out.is_dir() and any(p.suffix == ".csv" for p in out.iterdir()):
            return " (the previous tables are unchanged)"
    return ""


# ---------------------------------------------------------------- one build at a time


@contextlib.contextmanager
def locked(out: Path, wait: float = LOCK_WAIT_S) -> Iterator[None]:
    """Hold `out`'s build lock for the block; wait at most `wait` seconds for another build."""
    path = out / LOCK_FILE
    deadline = time.monotonic() + wait
    while True:
        fd = _open_lock(path, out)
        if _try_lock(fd, path):
            break
        os.close(fd)
        if time.monotonic() >= deadline:
            raise OutError(
                f"another build is writing into {out}{_holder(path)}: it holds the lock {path}; "
                f"waited {wait:g} s; try again when it is done"
            )
        time.sleep(LOCK_POLL_S)
    try:
        with contextlib.suppress(OSError):  # who holds it, for the message (a full disk: unsaid)
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # releases the lock


def _open_lock(path: Path, out: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as err:
        raise OutError(describe(err, out)) from err


def _try_lock(fd: int, path: Path) -> bool:
    import fcntl  # here: Windows has none, and reading tables needs no lock

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    try:  # the lock file must still be the one at `path` (a swap links the same file across)
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def _holder(path: Path) -> str:
    with contextlib.suppress(OSError, ValueError):
        return f" (process {int(path.read_text().strip())})"
    return ""


# ---------------------------------------------------------------- the set changed as one


@contextlib.contextmanager
def new_set(out: Path) -> Iterator[Path]:
    """A new empty folder for the whole new set; when the block ends, it replaces `out` as one.
    If the block raises, the folder is removed and `out` is as it was."""
    out = Path(os.path.realpath(out))  # a link to a folder: the folder is replaced, not the link
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    in_place = _must_write_in_place(out)
    staged = (out if in_place else out.parent) / _stage_name(out, "new")
    os.mkdir(staged, 0o777)  # less the umask
    try:
        yield staged
        if in_place:
            _replace_files(staged, out)
        else:
            _swap_in(staged, out)
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def write_file(folder: Path, name: str, text: str | Iterable[str]) -> None:
    """A new file of mode 0666 less the umask (mkstemp's would be 0600); `text` whole or in pieces
    (written as they come, so a large table's text is never held whole)."""
    fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        for piece in [text] if isinstance(text, str) else text:
            data = memoryview(piece.encode("utf-8"))
            while data:
                data = data[os.write(fd, data) :]
        os.fsync(fd)  # on disk before the set is swapped in: a power cut leaves no empty table
    finally:
        os.close(fd)


def recover(out: Path) -> None:
    """Undo what killed builds left: an old set renamed aside and not back (`out` missing) is
    put back; staged folders of builds no longer running, and stray temporary tables, removed."""
    out = Path(os.path.realpath(out))
    if not os.path.lexists(out):
        aside = sorted(_staged(out, "old"), key=lambda p: p.stat().st_mtime)
        if aside:
            os.rename(aside[-1], out)
    for path in [*_staged(out, "new"), *_staged(out, "old")]:
        shutil.rmtree(path, ignore_errors=True)
    if os.path.isdir(out):
        for path in out.glob(".*.tmp"):  # a table being written by a build killed (older code)
            with contextlib.suppress(OSError):
                path.unlink()


def _stage_name(out: Path, kind: str) -> str:
    return f".{out.name}{STAGE_TAG}{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def _staged(out: Path, kind: str) -> list[Path]:
    """Staged folders of `kind` whose build is no longer running."""
    found = []
    for folder in (out.parent, out):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if not path.name.startswith(f".{out.name}{STAGE_TAG}{kind}-"):
                continue
            pid = path.name.split("-")[-2]
            if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
                found.append(path)
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _must_write_in_place(out: Path) -> bool:
    """`out` cannot be replaced by a folder beside it: a mount point, or a parent not writable."""
    if not os.path.isdir(out):
        return False
    if os.path.ismount(out) or os.stat(out).st_dev != os.stat(out.parent).st_dev:
        return True
    return not os.access(out.parent, os.W_OK | os.X_OK)


def _swap_in(staged: Path, out: Path) -> None:
    if not os.path.isdir(out):
        os.rename(staged, out)
        return
    _link_rest(out, staged)
    os.chmod(staged, stat.S_IMODE(os.stat(out).st_mode))  # last: the old mode may forbid writing
    if _exchange(staged, out):
        return  # `staged` now holds the old set: removed by the caller
    aside = out.parent / _stage_name(out, "old")
    os.rename(out, aside)
    os.rename(staged, out)
    shutil.rmtree(aside, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the system or file system cannot."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):  # no C library by that name (Windows)
        return None


def _link_rest(old: Path, new: Path) -> None:
    """Everything in `old` the new set does not replace, linked (else copied) into `new`."""
    for entry in os.scandir(old):
        target = new / entry.name
        if os.path.lexists(target) or (entry.name.startswith(".") and entry.name.endswith(".tmp")):
            continue
        if entry.is_symlink():
            os.symlink(os.readlink(entry.path), target)
        elif entry.is_dir():
            os.mkdir(target, stat.S_IMODE(entry.stat().st_mode))
            _link_rest(Path(entry.path), target)
        else:
            try:
                os.link(entry.path, target)
            except OSError:
                shutil.copy2(entry.path, target)


def _replace_files(staged: Path, out: Path) -> None:
    """The fallback: each file moved into `out` on its own."""
    for path in sorted(staged.iterdir()):
        os.replace(path, out / path.name)

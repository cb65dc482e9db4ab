"""Atomic file writes: a temporary file, fsynced, then renamed over the target.  An interrupted
write never leaves a half-written baseline, env file or inventory.

The temporary holds the new content (a rotated env file: old and new keys), so it is written
where it cannot be committed: inside the repository's git directory (same filesystem, so the
rename stays atomic), never beside the target where `git add -A` would stage it.  Temporaries
left by a killed write are removed by the next one.  A symlink is written through: its target
gets the new content, the link stays a link.
"""
from __future__ import annotations

import glob
import os
import re
import tempfile

TMP_DIR_NAME = 'secret-hooks-tmp'
# tempfile.mkstemp's random part: what names ours (and those older versions left beside the target).
_RANDOM_CHARS = frozenset('abcdefghijklmnopqrstuvwxyz0123456789_')


def _is_temporary(name: str) -> bool:
    """`.<name>-<8 random characters>.tmp`, as `write_atomic` (any version) names them."""
    stem = name[:-len('.tmp')]
    return (name.startswith('.') and name.endswith('.tmp') and len(stem) >= 11
            and stem[-9] == '-' and set(stem[-8:]) <= _RANDOM_CHARS)


def git_dir(directory: str) -> str | None:
    """The git directory of the work tree holding `directory` (a worktree's own), or None."""
    current = os.path.abspath(directory)
    while True:
        dot_git = os.path.join(current, '.git')
        if os.path.isdir(dot_git):
            return dot_git
        if os.path.isfile(dot_git):  # a worktree or submodule: `gitdir: <path>`
            try:
                with open(dot_git, encoding='utf-8') as f:
                    line = f.readline().strip()
            except (OSError, UnicodeDecodeError):
                return None
            if line.startswith('gitdir:'):
                found = os.path.join(current, line[len('gitdir:'):].strip())
                return found if os.path.isdir(found) else None
            return None
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def temp_dir_for(target: str) -> str:
    """Where the temporary for `target` goes: `<git dir>/secret-hooks-tmp` when that is on the
    target's filesystem, else the target's own directory (outside git nothing commits it)."""
    directory = os.path.dirname(target)
    found = git_dir(directory)
    if found is not None:
        private = os.path.join(found, TMP_DIR_NAME)
        try:
            os.makedirs(private, mode=0o700, exist_ok=True)
            if os.stat(private).st_dev == os.stat(directory).st_dev:
                return private
        except OSError:
            pass
    return directory


def _remove_stale(directory: str, target: str) -> None:
    """Temporaries of earlier writes that were killed before their rename."""
    names = glob.glob(os.path.join(glob.escape(directory), '.*.tmp'))
    if os.path.dirname(target) != directory:
        names += glob.glob(os.path.join(glob.escape(os.path.dirname(target)),
                                        glob.escape('.' + os.path.basename(target)) + '-*.tmp'))
    for name in names:
        if _is_temporary(os.path.basename(name)) and not _in_use(name):
            try:
                os.unlink(name)
            except OSError:
                pass


_PID_RE = re.compile(r'-p(\d{1,10})-')


def _in_use(name: str) -> bool:
    """A temporary of a write still running in another process (ours embed the writer's pid)."""
    m = _PID_RE.search(os.path.basename(name))
    if not m:
        return False
    pid = int(m.group(1))
    if pid == os.getpid():
        return False
    if os.name == 'nt':  # os.kill(pid, 0) would terminate it there: leave it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def write_atomic(path: str, data: bytes, new_file_mode: int = 0o644) -> None:
    """Replace `path` (or a symlink's target) with `data`, keeping its permissions
    (`new_file_mode` if it is new)."""
    target = os.path.realpath(path)
    directory = temp_dir_for(target)
    _remove_stale(directory, target)
    prefix = f'.{os.path.basename(target)}-p{os.getpid()}-'
    try:
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix='.tmp', dir=directory)
    except OSError as e:  # name the file being written, not the temporary
        raise OSError(e.errno, e.strerror, path) from None
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp, os.stat(target).st_mode & 0o777)
        except OSError:
            os.chmod(tmp, new_file_mode)
        os.replace(tmp, target)
    except OSError as e:
        _unlink(tmp)
        raise OSError(e.errno, e.strerror, path) from None
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass

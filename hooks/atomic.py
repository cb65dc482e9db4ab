"""Atomic file writes: a temporary file in the same directory, fsynced, then renamed over the
target.  An interrupted write never leaves a half-written baseline, env file or inventory."""
from __future__ import annotations

import os
import tempfile


def write_atomic(path: str, data: bytes, new_file_mode: int = 0o644) -> None:
    """Replace `path` with `data`, keeping its permissions (`new_file_mode` if it is new)."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix='.' + os.path.basename(path) + '-', suffix='.tmp', dir=directory)
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp, os.stat(path).st_mode & 0o777)
        except OSError:
            os.chmod(tmp, new_file_mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise

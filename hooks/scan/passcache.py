"""A note, in the git directory, of the inputs of the last passing run of a whole-repository
check.  The next run with the very same inputs passes at once, without loading detect-secrets:
five hooks start five interpreters on every commit, and most commits change none of the inputs
of the baseline check.  Any change of an input (the baseline, a file it names, the
configuration, the arguments, this package's code, detect-secrets' version) runs the check in
full.  Only passes are noted: a failing check always runs and reports.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
from typing import Iterable

DIRECTORY = 'secret-hooks'


def _git_dir() -> str | None:
    try:
        out = subprocess.run(['git', 'rev-parse', '--absolute-git-dir'], capture_output=True,
                             text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out or None


def code_stamp() -> Iterable[bytes]:
    """This package's files (name, size, mtime) and detect-secrets' version, read without
    importing it."""
    import hooks

    package = os.path.dirname(os.path.abspath(hooks.__file__))  # all of it: filters, detectors too
    for dirpath, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d != '__pycache__')
        for name in sorted(filenames):
            if name.endswith('.py'):
                st = os.stat(os.path.join(dirpath, name))
                yield f'{os.path.relpath(os.path.join(dirpath, name), package)}:{st.st_size}:{st.st_mtime_ns}'.encode()
    spec = importlib.util.find_spec('detect_secrets')
    if spec is not None and spec.origin:
        try:
            with open(os.path.join(os.path.dirname(spec.origin), '__version__.py'), 'rb') as f:
                yield f.read()
        except OSError:
            yield b'detect-secrets: unknown version'


def file_stamp(path: str) -> bytes:
    """The file's content digest (or that it is missing)."""
    try:
        with open(path, 'rb') as f:
            return path.encode() + b':' + hashlib.sha256(f.read()).hexdigest().encode()
    except OSError:
        return path.encode() + b':missing'


def key(parts: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, 'big'))
        digest.update(part)
    return digest.hexdigest()


def _path(name: str) -> str | None:
    git_dir = _git_dir()
    return os.path.join(git_dir, DIRECTORY, f'{name}.pass') if git_dir else None


def passed_before(name: str, run_key: str) -> bool:
    path = _path(name)
    try:
        with open(path or '', encoding='ascii') as f:
            return f.read().strip() == run_key
    except (OSError, UnicodeDecodeError):
        return False


def note_pass(name: str, run_key: str) -> None:
    """Best effort: a repository we cannot write to just runs the check every time."""
    from hooks.atomic import write_atomic

    path = _path(name)
    if path is None:
        return
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_atomic(path, run_key.encode('ascii') + b'\n')
    except OSError:
        pass

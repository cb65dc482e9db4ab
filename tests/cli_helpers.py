"""Helpers for the in-process CLI tests: `hooks.cli.main([...])` with its output captured."""
from __future__ import annotations

import json
from typing import NamedTuple

import pytest

from hooks import cli


class Run(NamedTuple):
    code: int
    out: str
    err: str


def main(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    """`secret-hooks ARGV` in this process: exit code, stdout, stderr."""
    capsys.readouterr()  # only this command's output
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return Run(code, out, err)


def db_url(password: str, user: str = 'app', host: str = 'db.internal') -> str:
    return f'postgresql://{user}:{password}@{host}:5432/app'


def fingerprints(capsys: pytest.CaptureFixture[str], *paths: str) -> dict[str, str]:
    """`path:line` -> fingerprint of each finding, as `scan --format json` publishes them."""
    run = main(capsys, 'scan', '--no-baseline', '--format', 'json', *paths)
    return {f'{f["path"]}:{f["line"]}': f['fingerprint'] for f in json.loads(run.out)['findings']}


def unreadable(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Opening files named `name` fails with EACCES, as `chmod 000` would (tests may run as root,
    who reads any file)."""
    import builtins
    import os

    real_open = builtins.open

    def guarded(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(file, (str, os.PathLike)) and os.path.basename(os.fspath(file)) == name:
            raise PermissionError(13, 'Permission denied', os.fspath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, 'open', guarded)

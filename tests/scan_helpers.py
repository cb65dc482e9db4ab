"""Helpers for the plugin and scan tests: run the real scan (plugins + filters) on tmp files."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hooks.config import Config
from hooks.scan.scanner import ScanResult
from hooks.scan.scanner import scan_files


def scan_file(tmp_path: Path, relpath: str, text: str, **config: Any) -> ScanResult:
    """Write `text` to tmp_path/relpath and scan it from tmp_path, as the hook would."""
    return scan_bytes(tmp_path, relpath, text.encode('utf-8'), **config)


def scan_bytes(tmp_path: Path, relpath: str, data: bytes, **config: Any) -> ScanResult:
    """Write `data` to tmp_path/relpath and scan it from tmp_path, as the hook would."""
    target = tmp_path / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        return scan_files([relpath], Config(**config))
    finally:
        os.chdir(cwd)


def found(result: ScanResult, secret_type: str | None = None) -> list[tuple[int, str, str]]:
    """(line, type, secret) of each finding, of one type if given."""
    return [
        (f.line_number, f.type, f.secret) for f in result.findings
        if secret_type is None or f.type == secret_type
    ]


def line_starts(text: str) -> list[int]:
    """Where each line of `text` starts (after each newline too): the offsets engine._Text takes."""
    starts = [0]
    pos = text.find('\n')
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find('\n', pos + 1)
    return starts

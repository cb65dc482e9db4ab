"""Paths in one-line text output."""
from __future__ import annotations

import re

_UNUSUAL_PATH_RE = re.compile(r'[\x00-\x1f\x7f"\\]')
_PATH_ESCAPES = {'\n': '\\n', '\t': '\\t', '\r': '\\r', '"': '\\"', '\\': '\\\\',
                 '\a': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v'}


def quote_path(path: str) -> str:
    """A path on one line of text output, quoted as git quotes unusual names: a newline in a
    file name must not split a finding in two (or forge a second one)."""
    if not _UNUSUAL_PATH_RE.search(path):
        return path
    return '"' + ''.join(
        _PATH_ESCAPES.get(ch) or (f'\\{ord(ch):03o}' if _UNUSUAL_PATH_RE.match(ch) else ch)
        for ch in path
    ) + '"'

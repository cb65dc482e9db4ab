"""Errors that stop a command with exit 2 and a one-line reason (never a traceback)."""
from __future__ import annotations

import re


class UsageError(Exception):
    """The tool cannot run as asked: bad arguments, config, or baseline.  Exit 2."""

    exit_code = 2


_NAME_RE = re.compile(r'[A-Za-z][a-z_\-]{0,40}|[A-Z][A-Z_]{0,60}')


def shown_name(key: str, quoted: bool = True) -> str:
    """An unknown key as an error message may quote it: in words and underscores it reads as a
    misspelt setting name (`rotation_period`); anything else may be a pasted value, not shown."""
    if not _NAME_RE.fullmatch(key):
        return '(not shown: it may be a value)'
    return repr(key) if quoted else key

"""Errors that stop a command with exit 2 and a one-line reason (never a traceback)."""
from __future__ import annotations


class UsageError(Exception):
    """The tool cannot run as asked: bad arguments, config, or baseline.  Exit 2."""

    exit_code = 2

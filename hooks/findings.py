"""Checks beyond the scan: fallback secrets, env files, the rotation inventory."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class CheckFinding:
    """One problem, located; it names the setting and why, never the value."""

    path: str
    line: int
    setting: str
    why: str

    def format(self) -> str:
        from hooks.paths import quote_path  # a newline in a file name stays on one line

        return f'{quote_path(self.path)}:{self.line}: {self.setting}: {self.why}'

    __str__ = format

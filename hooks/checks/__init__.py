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
        return f'{self.path}:{self.line}: {self.setting}: {self.why}'

    __str__ = format

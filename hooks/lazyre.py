"""Regexes compiled on first use.

Every `secret-hooks` process (each hook of each `git commit`) imported the package's few hundred
module-level regexes and compiled them all before reading a byte, though a command or a file type
uses only some of them.  `compile` returns a stand-in that compiles its pattern the first time it
is used: a regex never used is never compiled.
"""
from __future__ import annotations

import re
from typing import Any
from typing import cast
from typing import overload

# What callers read of a pattern: after the first use they are the compiled pattern's own,
# kept on the stand-in (no indirection left on later calls).
_ATTRIBUTES = (
    'search', 'match', 'fullmatch', 'finditer', 'findall', 'sub', 'subn', 'split', 'scanner',
    'flags', 'groups', 'groupindex',
)


class LazyPattern:
    """A `re.Pattern` not compiled until an attribute other than `pattern` is read."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self.pattern = pattern  # as re.Pattern.pattern: read to build other patterns, no compile
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes the instance lacks: the first use (or a rare attribute).
        if name.startswith('__'):  # (copy and pickle probe these on a bare instance)
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    # Equal when compiled from the same pattern and flags, as compiled patterns are (a pattern
    # is a key of a table of hits shared by the triggers that have it).
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LazyPattern):
            return NotImplemented
        return (self.pattern, self._flags) == (other.pattern, other._flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self._flags))

    def __repr__(self) -> str:
        return f'lazyre.compile({self.pattern!r}, {self._flags})'


@overload
def compile(pattern: str, flags: int = 0) -> re.Pattern[str]: ...  # noqa: A001 (as re.compile)
@overload
def compile(pattern: bytes, flags: int = 0) -> re.Pattern[bytes]: ...  # noqa: A001
def compile(pattern: str | bytes, flags: int = 0) -> re.Pattern[Any]:  # noqa: A001
    """`re.compile(pattern, flags)`, done when the pattern is first used."""
    return cast('re.Pattern[Any]', LazyPattern(pattern, flags))


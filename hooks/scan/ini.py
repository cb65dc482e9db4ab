"""detect-secrets' INI transformer, in linear time.

Its `IniFileParser` reads values through `configparser`'s BasicInterpolation, which re-slices
the rest of a value after every `%%` (a 1 MB value of `%%` took 20 s), and compiles a regex of
each value's escaped text to locate it (9 s for a 1 MB value).  LinearInterpolation walks a
value by index (hooks.scan.transformers bounds it); `compile_first_line` replaces the compiled
regex with a literal test (hooks.ds_adapter installs it while a Scanner is active).  Same
values, same errors, same lines.
"""
from __future__ import annotations

import configparser
import re
from typing import Any
from typing import MutableMapping

_PERCENT_PAIRS_RE = re.compile('(?:%%)+')
_KEYCRE: re.Pattern[str] = configparser.BasicInterpolation._KEYCRE  # type: ignore[attr-defined]


class LinearInterpolation(configparser.BasicInterpolation):
    """BasicInterpolation (`%%`, `%(name)s`), one pass over each value."""

    def _interpolate_some(
        self, parser: Any, option: str, accum: list[str], rest: str, section: str,
        map: MutableMapping[str, str], depth: int,
    ) -> None:
        rawval = parser.get(section, option, raw=True, fallback=rest)
        if depth > configparser.MAX_INTERPOLATION_DEPTH:
            raise configparser.InterpolationDepthError(option, section, rawval)
        pos, end = 0, len(rest)
        while pos < end:
            p = rest.find('%', pos)
            if p < 0:
                accum.append(rest[pos:])
                return
            if p > pos:
                accum.append(rest[pos:p])
            c = rest[p + 1:p + 2]
            if c == '%':  # a run of `%%` at once
                run = _PERCENT_PAIRS_RE.match(rest, p).end()  # type: ignore[union-attr]
                accum.append('%' * ((run - p) // 2))
                pos = run
            elif c == '(':
                m = _KEYCRE.match(rest, p)
                if m is None:
                    raise configparser.InterpolationSyntaxError(
                        option, section, 'bad interpolation variable reference')
                var = parser.optionxform(m.group(1))
                pos = m.end()
                try:
                    v = map[var]
                except KeyError:
                    raise configparser.InterpolationMissingOptionError(
                        option, section, rawval, var) from None
                if '%' in v:
                    self._interpolate_some(parser, option, accum, v, section, map, depth + 1)
                else:
                    accum.append(v)
            else:
                raise configparser.InterpolationSyntaxError(
                    option, section, "'%' must be followed by '%' or '('")


class _ConfigParser(configparser.ConfigParser):
    _DEFAULT_INTERPOLATION = LinearInterpolation()


_FIRST_LINE_PREFIX = r'^\s*'
_FIRST_LINE_SEPARATOR = '[ :=]+'
_LEADING_SPACE_RE = re.compile(r'\s*')


class _FirstLine:
    """`re.compile(r'^\\s*{key}[ :=]+{value}')` (both escaped) as a literal test.

    detect-secrets compiles that regex for each value it locates; compiling the escaped text
    of a 1 MB value took 9 s.  Same answer, without the compilation: spaces, then the key, then
    one or more of ` :=`, of which the value may start with the last ones."""

    def __init__(self, key: str, value: str) -> None:
        self.key, self.value = key, value

    def match(self, line: str) -> bool:
        start = _LEADING_SPACE_RE.match(line).end()  # type: ignore[union-attr]
        if not line.startswith(self.key, start):
            return False
        first = start + len(self.key)
        end = first
        while end < len(line) and line[end] in ' :=':
            end += 1
        return any(line.startswith(self.value, k) for k in range(end, first, -1))


def _unescape(escaped: str) -> str:
    """The text `re.escape` made `escaped` from, when it did (the caller checks): each backslash
    stands before the character it escapes, a pair for a backslash.  (A `re.sub` with a template
    expanded the template at each of a 1 MB value's escapes: 0.2 s.)"""
    return '\\'.join(part.replace('\\', '') for part in escaped.split('\\\\'))


def compile_first_line(pattern: str, flags: int = 0) -> Any:
    """`re.compile` for detect-secrets' INI transformer (ds_adapter installs it while a
    Scanner's settings are active): its first-line regexes become `_FirstLine` tests."""
    if flags == 0 and pattern.startswith(_FIRST_LINE_PREFIX) and _FIRST_LINE_SEPARATOR in pattern:
        key, value = pattern[len(_FIRST_LINE_PREFIX):].split(_FIRST_LINE_SEPARATOR, 1)
        literal = _unescape(key), _unescape(value)
        if re.escape(literal[0]) == key and re.escape(literal[1]) == value:
            return _FirstLine(*literal)
    return re.compile(pattern, flags)

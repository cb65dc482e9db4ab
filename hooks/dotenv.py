"""Env files (`.env`, `.env.example`, `*.env`): parse, and rewrite one value in place.

Parsing keeps each value's exact span, so a rewrite changes those bytes and nothing else
(comments, blank lines, quotes, `export`, CRLF line endings all survive).
"""
from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from typing import Iterable

from hooks import atomic

DEFAULT_PATTERNS = ('.env', '.env.*', '*.env')

# [export] NAME = value   (value: '...', "..." with backslash escapes, or bare to end of line,
# less an unquoted ` #` comment).  Alternatives start on disjoint characters: linear time.
_LINE_RE = re.compile(
    r'^(?P<lead>[ \t]*(?:export[ \t]+)?)(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*)[ \t]*=[ \t]*'
    r'''(?:"(?P<dq>(?:[^"\\\r\n]|\\.)*)"|'(?P<sq>[^'\r\n]*)'|(?P<v>[^\r\n]*))'''
)
_COMMENT_RE = re.compile(r'[ \t]#')


@dataclass(frozen=True)
class EnvEntry:
    name: str
    value: str          # unquoted; a double-quoted value's escapes decoded (as python-dotenv)
    line_number: int    # 1-based
    start: int          # offset of the raw value (quotes included) in the file text
    end: int
    quote: str          # '', '"' or "'"
    exported: bool


def is_env_file(path: str, extra_patterns: Iterable[str] = ()) -> bool:
    name = os.path.basename(path)
    return any(fnmatch.fnmatch(name, p) for p in (*DEFAULT_PATTERNS, *extra_patterns))


def is_template(path: str) -> bool:
    """`.env.example`, `.env.sample`, `example.env`, `.env.template`, ... hold no real values."""
    name = os.path.basename(path).lower()
    return any(word in name for word in ('example', 'sample', 'template', 'dist', 'tmpl', 'defaults'))


def parse(text: str) -> list[EnvEntry]:
    entries = []
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        m = _LINE_RE.match(line)
        if m:
            if m.group('dq') is not None or m.group('sq') is not None:
                group = 'dq' if m.group('dq') is not None else 'sq'
                start, end = m.start(group) - 1, m.end(group) + 1
                value, quote = m.group(group), '"' if group == 'dq' else "'"
                if group == 'dq':
                    value = _decode_dq(value)
            else:
                raw = m.group('v')
                start = m.start('v')
                if raw.startswith('#') and line[start - 1] in ' \t':
                    # `KEY= # note`: an empty value and a comment.  The value's span is right
                    # after `=`, so a rewrite keeps the blank before the comment.
                    start = line.rindex('=', 0, start) + 1
                    raw = ''
                comment = _COMMENT_RE.search(raw)
                value, quote = (raw[:comment.start()] if comment else raw).rstrip(), ''
                end = start + len(value)
            entries.append(EnvEntry(
                name=m.group('name'), value=value, line_number=number,
                start=offset + start, end=offset + end, quote=quote,
                exported='export' in m.group('lead'),
            ))
        offset += len(line)
    return entries


# Double-quoted escapes, as python-dotenv (and so pydantic-settings) reads them.  `_encode_dq`
# is their exact inverse, so a value read and written back is the same value (`\"` survives).
_DQ_ESCAPES = {'\\': '\\', "'": "'", '"': '"', 'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n',
               'r': '\r', 't': '\t', 'v': '\v'}
_DQ_ESCAPE_RE = re.compile(r'\\(.)', re.DOTALL)
_DQ_ENCODE = {v: '\\' + k for k, v in _DQ_ESCAPES.items() if k != "'"}


def _decode_dq(raw: str) -> str:
    return _DQ_ESCAPE_RE.sub(lambda m: _DQ_ESCAPES.get(m.group(1), m.group(0)), raw)


def _encode_dq(value: str) -> str:
    return '"' + ''.join(_DQ_ENCODE.get(ch, ch) for ch in value) + '"'


def quote_value(value: str, quote: str) -> str:
    if quote == "'" and "'" not in value and not re.search(r'[\r\n]', value):
        return f"'{value}'"
    if quote in ('"', "'") or re.search(r'[\s#"\'\\$`]', value):
        return _encode_dq(value)
    return value


def set_values(text: str, values: dict[str, str]) -> str:
    """`text` with each named variable set (its quoting style kept); missing ones appended."""
    entries = {e.name: e for e in parse(text)}  # the last assignment wins, as in a shell
    out = text
    for entry in sorted((entries[n] for n in values if n in entries), key=lambda e: -e.start):
        out = out[:entry.start] + quote_value(values[entry.name], entry.quote) + out[entry.end:]
    missing = [n for n in values if n not in entries]
    if missing:
        newline = '\r\n' if '\r\n' in text else '\n'
        if out and not out.endswith(('\n', '\r')):
            out += newline
        out += ''.join(f'{n}={quote_value(values[n], "")}{newline}' for n in missing)
    return out


def read(path: str) -> str:
    with open(path, 'rb') as f:
        return f.read().decode('utf-8')


def write_atomic(path: str, text: str) -> None:
    """Write atomically; a new env file is private to its owner (0600)."""
    atomic.write_atomic(path, text.encode('utf-8'), new_file_mode=0o600)

"""detect-secrets' file transformers (YAML, INI/config), with their work bounded.

Both transformers can be made to do exponential work by a file of a few hundred bytes: YAML
aliases (a "billion laughs" document) are walked once per path through the anchor graph, and
INI `%(name)s` interpolation expands every reference of every value.  Such a file is scanned
as its raw lines instead: never skipped, and every other file keeps detect-secrets' exact view.
"""
from __future__ import annotations

import configparser
import contextlib
import functools
import io
import re
from typing import Any
from typing import Iterator
from typing import TextIO

import yaml
from detect_secrets.transformers import get_transformers
from detect_secrets.transformers.config import ConfigFileTransformer
from detect_secrets.transformers.config import EagerConfigFileTransformer
from detect_secrets.transformers.config import IniFileParser
from detect_secrets.transformers.config import _construct_values_list
from detect_secrets.transformers.config import _is_allowlist_nextline_secret_comment
from detect_secrets.transformers.yaml import YAMLTransformer

from hooks import ds_adapter
from hooks.scan import yaml_view
from hooks.scan.ini import LinearInterpolation

# Nodes (YAML) or characters (INI) an expansion may add beyond the file itself.  Real files stay
# far below: a compose file's `<<: *defaults` adds a few nodes per service.
ALIAS_EXPANSION_LIMIT = 100_000
INTERPOLATION_LIMIT = 250_000

# An alias needs an anchor: `&name` after a space, a flow indicator or the start of a line.
_ANCHOR_RE = re.compile(r'(?:^|[\s\[{,])&[^\s\[\]{},]', re.MULTILINE)


class ExpansionTooLarge(Exception):
    """A transformer would expand the file past the limits above."""


def yaml_expansion(text: str) -> int:
    """How many nodes the YAML document(s) in `text` hold once every alias is expanded,
    minus the nodes written (0 without aliases).  Raises yaml.YAMLError / RecursionError."""
    if not _ANCHOR_RE.search(text):
        return 0
    loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
    extra = 0
    for root in yaml.compose_all(text, Loader=loader):
        if root is None:
            continue
        # Expanded size of each node, children first (iteratively: the graph may be deep).
        size: dict[int, int] = {}
        written: set[int] = set()
        stack: list[tuple[Any, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            if id(node) in size:
                continue
            children = _children(node)
            if done:
                size[id(node)] = 1 + sum(size[id(c)] for c in children)
                continue
            written.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in size)
        extra += size[id(root)] - len(written)
        if extra > ALIAS_EXPANSION_LIMIT:
            break
    return extra


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class _Budget(list):  # type: ignore[type-arg]
    """The accumulator of one interpolation, charged against the file's budget."""

    def __init__(self, owner: _BoundedInterpolation, option: str, section: str) -> None:
        super().__init__()
        self.owner, self.option, self.section = owner, option, section

    def append(self, piece: str) -> None:
        self.owner.left -= len(piece) + 1
        if self.owner.left < 0:
            # A configparser.Error: detect-secrets' INI transformer gives up on the file.
            raise configparser.InterpolationError(self.option, self.section, 'expansion too large')
        super().append(piece)


class _BoundedInterpolation(LinearInterpolation):  # linear on runs of `%%` (hooks.scan.ini)
    def __init__(self, budget: int) -> None:
        self.left = budget

    def before_get(self, parser: Any, section: str, option: str, value: str, defaults: Any) -> str:
        accum = _Budget(self, option, section)
        self._interpolate_some(parser, option, accum, value, section, defaults, 1)
        return ''.join(accum)


def _raise_at_once(self: Any, exc: Any, fpname: str, lineno: int, line: str) -> Any:
    """configparser's `_handle_error`, raising the ParsingError at once: it would collect
    errors to the end of the file and raise them there (so detect-secrets' eager INI pass read
    all of every Markdown file to fail); either way the transformer gives up on the file."""
    raise configparser.ParsingError(fpname)


_DELIMITERS = ' :='


def first_line_matches(line: str, key: str, value: str) -> bool:
    """`re.match(r'^\\s*' + re.escape(key) + '[ :=]+' + re.escape(value), line)`, the test
    detect-secrets' INI parser compiles a regex for, per key, to find where a value starts
    (most of the time of its eager view of a Markdown text: a value is a line of prose),
    in string operations.  After the key and a run of delimiters the value starts at the run's
    end less the delimiters it starts with itself: a value of delimiters alone lies in the run."""
    lead = len(line) - len(line.lstrip())  # (`\s` is str.isspace(): what lstrip() strips)
    own = len(value) - len(value.lstrip(_DELIMITERS))
    # (a key that starts with no space starts where the spaces end: one place to try)
    for i in range(lead, lead + 1) if key[:1] and not key[0].isspace() else range(lead + 1):
        if not line.startswith(key, i):
            continue
        start = i + len(key)
        end = len(line) - len(line[start:].lstrip(_DELIMITERS))
        if own == len(value):
            if line.find(value, start + 1, end) != -1:
                return True
        elif end - own > start and line.startswith(value, end - own):
            return True
    return False


def _value_and_line_offset(self: Any, key: str, values: str) -> list[tuple[str, int]]:
    """detect-secrets' (1.5) IniFileParser._get_value_and_line_offset, line for line, with its
    regex for a key's first line tested by first_line_matches."""
    values_list = _construct_values_list(values)
    if not values_list:
        return []
    current_value_list_index = 0
    output = []
    for line_offset, line in enumerate(self.lines):
        if _is_allowlist_nextline_secret_comment(line):
            output.append((line, self.line_offset + line_offset + 1))
            continue
        if not line or self._comment_regex.match(line):
            continue
        if current_value_list_index == 0:
            if first_line_matches(line, key, values_list[current_value_list_index]):
                output.append((values_list[current_value_list_index], self.line_offset + line_offset + 1))
                current_value_list_index += 1
            continue
        if current_value_list_index == len(values_list):
            if line_offset == 0:
                line_offset = 1
            self.line_offset += line_offset
            self.lines = self.lines[line_offset:]
            break
        output.append((values_list[current_value_list_index], self.line_offset + line_offset + 1))
        current_value_list_index += 1
    else:
        self.lines = []
    return output


@contextlib.contextmanager
def _bounded_interpolation(budget: int) -> Iterator[None]:
    # detect-secrets builds its ConfigParser with the default interpolation: bound that one,
    # for the duration of one transform.
    saved = configparser.ConfigParser._DEFAULT_INTERPOLATION  # type: ignore[attr-defined]
    configparser.ConfigParser._DEFAULT_INTERPOLATION = _BoundedInterpolation(budget)  # type: ignore[attr-defined]
    # (only where `_read` hands each error to `_handle_error` and raises what it returns)
    saved_handler = configparser.RawConfigParser.__dict__.get('_handle_error')
    if saved_handler is not None:
        configparser.RawConfigParser._handle_error = _raise_at_once  # type: ignore[attr-defined]
    saved_offsets = IniFileParser._get_value_and_line_offset
    IniFileParser._get_value_and_line_offset = _value_and_line_offset  # type: ignore[method-assign]
    try:
        yield
    finally:
        configparser.ConfigParser._DEFAULT_INTERPOLATION = saved  # type: ignore[attr-defined]
        if saved_handler is not None:
            configparser.RawConfigParser._handle_error = saved_handler  # type: ignore[attr-defined]
        IniFileParser._get_value_and_line_offset = saved_offsets  # type: ignore[method-assign]


def may_have_section(text: str) -> bool:
    """False when configparser, reading `text` as it is (no header added), finds no section:
    its first line that is neither blank nor a comment is not a `[section]` header (it raises
    MissingSectionHeaderError), or there is none.  detect-secrets' (non-eager) INI transformer
    then gives up on the file, so it need not build a parser to find that out."""
    if '[' not in text:
        return False
    for line in io.StringIO(text):  # configparser's lines
        stripped = line.strip()
        if stripped and not stripped.startswith(('#', ';')):
            return stripped.startswith('[') and not has_bad_line(text)
    return False


def may_parse_with_header(text: str) -> bool:
    """False when configparser, reading `text` after a `[global]` header (detect-secrets' eager
    INI transformer), must fail: its first line that is neither blank nor a comment is neither a
    section header nor an option (no `=` or `:`).  Prose (Markdown, text) fails there."""
    for line in io.StringIO(text):  # configparser's lines
        stripped = line.strip()
        if stripped and not stripped.startswith(('#', ';')):
            return (stripped.startswith('[') or '=' in stripped or ':' in stripped) and not has_bad_line(text)
    return True  # (a file of comments parses, to no lines)


def has_bad_line(text: str) -> bool:
    """True when configparser must report an error somewhere in `text` (header added or not),
    so that both INI transformers give up on it: a line that starts in its first column (so it
    continues no value) and is neither blank, a comment, a `[section]` header nor an option.
    Markdown and prose have one within a few lines; the parser would be built to find it.
    (An indented line is passed over: it may continue a value.)

    configparser's own tests of a stripped line, in string operations (linear; its OPTCRE
    backtracks on a run of spaces): SECTCRE (`[`, a header, `]`) matches where the line starts
    with `[` and holds a `]` from its third character on; OPTCRE, with the default delimiters and
    no value-less options, where it holds `=` or `:`.  (A line of ours holds no newline.)"""
    for line in io.StringIO(text):  # configparser's lines
        value = line.strip()
        if not value or value.startswith(('#', ';')) or line[0].isspace():
            continue
        section = value.startswith('[') and value.find(']', 2) != -1
        if not (section or '=' in value or ':' in value):
            return True
    return False


def _parsers_of(filename: str) -> tuple[Any, ...]:
    """detect-secrets' transformers (in its order) whose `should_parse_file(filename)` holds: a
    test of the file's type alone, asked once per type rather than for every file, text and pass."""
    return _parsers_of_name(ds_adapter.same_type_name(filename))


@functools.lru_cache(maxsize=4096)
def _parsers_of_name(name: str) -> tuple[Any, ...]:
    transformers: list[Any] = list(get_transformers())
    return tuple(t for t in transformers if t.should_parse_file(name))


def may_transform(filename: str, text: str) -> bool:
    """Whether detect-secrets may read `text` through one of its transformers (YAML, INI, the
    eager INI view) rather than as its raw lines: False only where `_transformed_file` tries
    none of them.  A view can hold what the raw text does not (YAML escapes, folded lines and
    `!!binary`, INI interpolation and lower-cased keys)."""
    return bool(_to_try(filename, text, None))


def _to_try(filename: str, text: str, eager: bool | None) -> list[Any]:
    """detect-secrets' transformers (in its order) for `filename` of this eagerness (None:
    either), less the INI ones `may_have_section` / `may_parse_with_header` rule out (they
    would raise ParsingError)."""
    return [
        t for t in _parsers_of(filename)
        if (eager is None or eager == t.is_eager)
        and not (type(t) is ConfigFileTransformer and not may_have_section(text))
        and not (type(t) is EagerConfigFileTransformer and not may_parse_with_header(text))
    ]


def _transformed_file(handle: TextIO, tried: list[Any]) -> list[str] | None:
    """detect-secrets' `get_transformed_file(handle, eager)` over the transformers `tried`."""
    for transformer in tried:
        try:
            lines: list[str] | None = None
            if type(transformer) is YAMLTransformer:
                lines = yaml_view.parse_file(transformer, handle)  # the same view, through libyaml
            if lines is None:
                lines = transformer.parse_file(handle)
            return lines
        except Exception:  # noqa: BLE001
            # ParsingError: the transformer gives up on the file.  A parser that fails in
            # another way (PyYAML constructing `2020-13-45` as a date raises ValueError) gives
            # up on it too: its raw lines are scanned, not the whole file lost to the error.
            pass
        finally:
            handle.seek(0)
    return None


def transformed_lines(handle: TextIO, eager: bool = False) -> list[str] | None:
    """detect-secrets' `get_transformed_file(handle, eager)`, or None (read the raw lines)
    when a transformer would expand the file past the limits, or recurse too deep."""
    if not any(eager == t.is_eager for t in _parsers_of(handle.name)):
        return None  # (the common case, without reading the text)
    text = handle.read()
    handle.seek(0)
    tried = _to_try(handle.name, text, eager)
    if not tried:
        return None
    try:
        if any(type(t) is YAMLTransformer for t in tried):
            try:
                if yaml_expansion(text) > ALIAS_EXPANSION_LIMIT:
                    return None
            except yaml.YAMLError:
                pass  # detect-secrets' transformer gives up on it too
        if all(type(t) is YAMLTransformer for t in tried):
            return _transformed_file(handle, tried)  # (the INI bounds below are for INI parsers)
        with _bounded_interpolation(INTERPOLATION_LIMIT + len(text)):
            return _transformed_file(handle, tried)
    except RecursionError:  # deeply nested YAML: detect-secrets' parser would crash
        return None
    finally:
        handle.seek(0)

"""detect-secrets' YAML view of a file (`YAMLTransformer.parse_file`), read through libyaml
where that gives the same view.

detect-secrets reads a YAML file with PyYAML's pure-Python loader, hooked to note the line of
each string value: the loader's current line when the value's node is composed.  In block
context that line is the one of the value's `:` (the scanner has read up to it, and no further,
to know that the scalar before it is a key).  libyaml (PyYAML's C loader) gives the same nodes
about ten times faster, and its tokens give that `:`.  So a document libyaml reads, whose tokens
show only block mappings, block and flow sequences, plain and quoted scalars (no flow mapping,
explicit key, anchor, alias, tag or directive: where detect-secrets' hooks read other state), is
composed by libyaml, its string values given the line of their `:`, and then passed through
detect-secrets' own code (its node rewriting, construction, walk and line format).  Any other
document, or one libyaml rejects, is read by detect-secrets' own parser: never a different view.
tests/scan/test_yaml_view.py compares the two on generated documents and on pieces of them.
"""
from __future__ import annotations

import contextlib
import re
from typing import Any
from typing import Iterator
from typing import TextIO

import yaml
from detect_secrets.transformers import yaml as ds_yaml
from yaml import tokens

# Where detect-secrets' hooks would read more than the line of a value's `:`.
_OTHER = (tokens.FlowMappingStartToken, tokens.AnchorToken, tokens.AliasToken, tokens.TagToken,
          tokens.DirectiveToken)
_OPEN = (tokens.BlockMappingStartToken, tokens.BlockSequenceStartToken, tokens.FlowSequenceStartToken)
_CLOSE = (tokens.BlockEndToken, tokens.FlowSequenceEndToken)
# Characters PyYAML's reader and libyaml may read differently (line breaks other than `\n`, a
# byte-order mark); a line past libyaml's and PyYAML's limit on a simple key's length.
_UNSURE = ('\t', '\r', '\x85', '\u2028', '\u2029', '\ufeff')
LONGEST_LINE = 1000
# A plain scalar in a flow sequence that both scanners end where libyaml does (PyYAML's also
# stops at `?`, and so rejects `[a?b]`).
_FLOW_PLAIN = re.compile(r'[\w.*@+/-]+(?: [\w.*@+/-]+)*')
# A block scalar's header as PyYAML's scanner reads it (libyaml also takes `|#` and `|+-`).
_BLOCK_HEADER = re.compile(r'[|>](?:[+-][1-9]?|[1-9][+-]?)?(?=[ \n]|\Z)')
# Nesting past this depth is left to detect-secrets' parser (which raises RecursionError there).
DEEPEST = 100

_LOADER: Any = getattr(yaml, 'CSafeLoader', None)


class _Other(Exception):
    """Not a document this module reads: detect-secrets' parser reads it."""


def _value_lines(text: str) -> dict[int, int]:
    """Offset of each mapping value's first token -> the line (1-based) of its `:`."""
    lines: dict[int, int] = {}
    previous: Any = None
    depth = flow = 0
    for token in yaml.scan(text, Loader=_LOADER):
        if isinstance(token, _OTHER):
            raise _Other
        if isinstance(token, _OPEN):
            depth += 1
            flow += isinstance(token, tokens.FlowSequenceStartToken)
            if depth > DEEPEST:
                raise _Other
        elif isinstance(token, _CLOSE):
            depth -= 1
            flow -= isinstance(token, tokens.FlowSequenceEndToken)
        elif flow and isinstance(token, (tokens.KeyToken, tokens.ValueToken)):
            raise _Other  # a one-pair mapping in a flow sequence (`[a: b]`)
        elif flow and isinstance(token, tokens.ScalarToken) and token.plain and not _FLOW_PLAIN.fullmatch(token.value):
            raise _Other
        if (isinstance(token, tokens.ScalarToken) and token.style in ('|', '>')
                and not _BLOCK_HEADER.match(text, token.start_mark.index)):
            raise _Other
        if isinstance(previous, tokens.KeyToken) and token.start_mark.index != previous.start_mark.index:
            raise _Other  # an explicit key (`? a`): a simple key's token is where its scalar is
        if isinstance(previous, tokens.ValueToken):
            lines[token.start_mark.index] = previous.start_mark.line + 1
        previous = token
    return lines


def _tagged(node: Any, lines: dict[int, int]) -> Any:
    """The node as detect-secrets' composer hook returns it: each mapping's string values
    marked with their line (ds_yaml._tag_dict_values), children first."""
    if isinstance(node, yaml.MappingNode):
        node.value = [(_tagged(k, lines), _tagged(v, lines)) for k, v in node.value]
        for _, value in node.value:
            if value.tag.endswith((':str', ':binary')):
                line = lines.get(value.start_mark.index)
                if line is None:
                    raise _Other
                value.__line__ = line
        return ds_yaml._tag_dict_values(node)
    if isinstance(node, yaml.SequenceNode):
        node.value = [_tagged(v, lines) for v in node.value]
    return node


class _LibyamlParser(ds_yaml.YAMLFileParser):
    """detect-secrets' YAMLFileParser, its document composed by libyaml (raises _Other where
    this module does not read it)."""

    def __init__(self, file: Any) -> None:  # (detect-secrets' own sets up its loader here)
        self.content = text = file.read()
        if (yaml.reader.Reader.NON_PRINTABLE.search(text) or any(c in text for c in _UNSURE)
                or any(len(line) > LONGEST_LINE for line in text.split('\n'))):
            raise _Other
        try:
            lines = _value_lines(text)
            root = yaml.compose(text, Loader=_LOADER)
            self._data = None if root is None else yaml.constructor.SafeConstructor().construct_document(
                _tagged(root, lines))
        except (yaml.YAMLError, RecursionError):
            raise _Other from None

    def json(self) -> dict[str, Any]:
        return self._data  # type: ignore[return-value]


@contextlib.contextmanager
def _libyaml_parser() -> Iterator[None]:
    # parse_file builds its parser by this module-level name: for the duration of one call.
    saved = ds_yaml.YAMLFileParser
    ds_yaml.YAMLFileParser = _LibyamlParser  # type: ignore[misc]
    try:
        yield
    finally:
        ds_yaml.YAMLFileParser = saved  # type: ignore[misc]


def parse_file(transformer: Any, handle: TextIO) -> list[str] | None:
    """`transformer.parse_file(handle)` (a YAMLTransformer) through libyaml, or None where this
    module does not read the document (the caller asks detect-secrets' own parser)."""
    if _LOADER is None:
        return None
    try:
        with _libyaml_parser():
            lines: list[str] = transformer.parse_file(handle)
            return lines
    except _Other:
        return None
    finally:
        handle.seek(0)

"""hooks.scan.yaml_view: detect-secrets' YAML view read through libyaml is the view its own
pure-Python parser gives (same lines, same line numbers, same failures), or is not given."""
from __future__ import annotations

import io
from typing import Any

import pytest
import yaml
from detect_secrets.transformers import yaml as ds_yaml
from detect_secrets.transformers.exceptions import ParsingError
from detect_secrets.transformers.yaml import YAMLTransformer
from hypothesis import given
from hypothesis import strategies as st

from hooks.scan import yaml_view
from tests.scan.test_transformers import PROPERTY
from tests.scan.test_transformers import secretish
from tests.scan.test_transformers import yaml_document
from tests.seeded import SeededRandom

pytestmark = pytest.mark.skipif(not getattr(yaml, '__with_libyaml__', False), reason='PyYAML without libyaml')


def _handle(text: str) -> io.StringIO:
    handle = io.StringIO(text)
    handle.name = 'config.yaml'  # type: ignore[attr-defined]
    return handle


def detect_secrets_view(text: str) -> list[str] | None:
    """detect-secrets' own YAML view (None: it gives up on the file)."""
    try:
        lines: list[str] = YAMLTransformer().parse_file(_handle(text))
        return lines
    except ParsingError:
        return None


def libyaml_view(text: str) -> list[str] | None:
    return yaml_view.parse_file(YAMLTransformer(), _handle(text))


def assert_same_or_not_read(text: str) -> bool:
    """The libyaml view is detect-secrets' view, or not given.  True when it was given."""
    ours = libyaml_view(text)
    if ours is not None:
        assert ours == detect_secrets_view(text)
    return ours is not None


# Documents libyaml reads here; in each, a value whose line is not its own (after `key:` on the
# line before, a multi-line scalar, a block scalar) and lines detect-secrets pads with ''.
READ = [
    'password: hunter2\n',
    'a:\n  b: one\n  c: "two"\nd: \'three\'  # note\n',
    'key:\n  value on the next line\nother: x\n',
    'key:   # a comment\n\n    value two lines down\n',
    'plain: first part\n  second part\n  third part\nnext: y\n',
    'quoted: "first\n  second"\nsingle: \'it\'\'s\n  here\'\n',
    'run: |\n  export API_KEY=abc\n  echo done\nfold: >-\n  one\n\n  two\n',
    '- login: alice\n  count: 3\n- login: bob\n  url: https://example.com/x?u=1\n',
    'list:\n- a\n- b: c\n  d: e\n',
    'on:\n  push:\n    branches: [main, "release/*"]\n    tags: []\nname: ci\n',
    '---\nkey: value\n...\n',
    '# only a comment\n',
    '',
    'a: 1\nb: true\nc: null\nd: 2020-01-01\ne: ""\nf: 1.5\n',
    'dup: one\ndup: two\n',
    'nested:\n  deeper:\n    deepest: "with \\"quotes\\" and \\t escapes"\n',
    'k: v\n\n\n\nlater: w  #trailing\n',
    '<<: scalar\n',  # (detect-secrets' hook makes the merged value a mapping)
    'unicode: "caf\u00e9 \u00fc\u00df"\nemoji: \U0001f600\n',
]

# Documents left to detect-secrets' own parser: its hooks read other state there, or PyYAML's
# pure-Python reader and libyaml may not agree.
NOT_READ = [
    'a: {user: app, password: x}\n',
    'a: &x one\nb: *x\n',
    'b: !!binary aGVsbG8=\n',
    '? complex\n: value\n',
    'a: [b: c]\n',
    '%YAML 1.1\n---\na: b\n',
    'a: b\r\nc: d\r\n',
    '\ufeffa: b\n',
    'a: b\u2028c: d\n',
    'a: ' + 'x' * 1200 + '\n',
    'a: [' * 150 + ']' * 150 + '\n',
    'a: b\n---\nc: d\n',           # two documents: detect-secrets gives up on the file
    'a: b\n  c: d\n',              # libyaml rejects it
    'a:\n\t- b\n',
    '<<: [a]\n',                   # a merge key without a mapping: construction fails
]


@pytest.mark.parametrize('text', READ)
def test_documents_read_through_libyaml_give_detect_secrets_view(text: str) -> None:
    assert libyaml_view(text) == detect_secrets_view(text)
    assert libyaml_view(text) is not None


@pytest.mark.parametrize('text', NOT_READ)
def test_other_documents_are_left_to_detect_secrets_parser(text: str) -> None:
    assert libyaml_view(text) is None


def test_the_value_line_is_its_colons_line() -> None:
    """Not the value's own line: detect-secrets' hook reads the line before the value is read."""
    view = libyaml_view('key:\n  value\n')
    assert view == ['key: "value"']
    assert libyaml_view('a: b\nkey:\n\n  value\n') == ['a: "b"', 'key: "value"']


def test_the_parser_name_is_restored() -> None:
    before = ds_yaml.YAMLFileParser
    assert libyaml_view('a: {b: c}\n') is None       # left to detect-secrets' own
    assert libyaml_view('a: b\n') == ['a: "b"']
    assert ds_yaml.YAMLFileParser is before


# Layouts of one entry (i: indent, k: key, v and w: values, n: a number, b: a block scalar header).
LAYOUTS = [
    ['{i}{k}: {v}'],
    ['{i}{k}:', '{i}  {v}'],                          # the value on the next line
    ['{i}{k}:  # c', '', '{i}    {v}'],              # ... after a comment and a blank line
    ['{i}{k}: {v}', '{i}  and more {v}'],             # a multi-line plain scalar
    ['{i}{k}: "{v}\\n{v}"'],
    ["{i}{k}: '{v}''s'"],
    ['{i}{k}: {b}', '{i}    {w}', '{i}    {v}'],
    ['{i}{k}: {b}'],
    ['{i}{k}:'],
    ['{i}# {k}: {v}'],
    ['{i}{k}: [{v}, "{v}", []]'],
    ['{i}{k}:', '{i}- {v}', '{i}- {k}x: {v}'],
    ['{i}{k}: "\\x41{v}\\u00e9"'],
    ['{i}{k}: {n}'],
]


@st.composite
def block_document(draw: Any) -> str:
    """Block-style documents: the layouts the libyaml view reads (and some it does not)."""
    out: list[str] = []
    for n in range(draw(st.integers(1, 10))):
        fields = {
            'i': draw(st.sampled_from(['', '  ', '    ', '- ', '  - '])),
            'k': draw(st.sampled_from(['password', 'token', 'name', 'run', 'url', 'k', '"q k"', "'s'"])) + str(n),
            'v': draw(secretish()), 'w': draw(secretish()), 'n': draw(st.integers(0, 99999)),
            'b': draw(st.sampled_from(['|', '>', '|-', '>+', '|2'])),
        }
        out += [line.format(**fields) for line in draw(st.sampled_from(LAYOUTS))]
    return '\n'.join(out) + draw(st.sampled_from(['\n', '', '\n\n']))


@st.composite
def pieces(draw: Any, document: Any) -> str:
    """Runs of a document's lines, each run followed by an empty line: what a history scan
    reads of a changed file (its added lines, hunk by hunk)."""
    lines = draw(document).split('\n')
    out: list[str] = []
    i = 0
    while i < len(lines):
        n = draw(st.integers(1, 6))
        if draw(st.booleans()):
            out += lines[i:i + n] + ['']
        i += n + draw(st.integers(0, 3))
    return '\n'.join(out)


@PROPERTY
@given(text=block_document())
def test_block_documents(text: str) -> None:
    assert_same_or_not_read(text)


@PROPERTY
@given(text=pieces(block_document()))
def test_pieces_of_block_documents(text: str) -> None:
    assert_same_or_not_read(text)


@PROPERTY
@given(text=st.one_of(yaml_document(), pieces(yaml_document())))
def test_documents_of_every_kind(text: str) -> None:
    assert_same_or_not_read(text)


def test_seeded_block_documents_are_read_through_libyaml(rng: SeededRandom) -> None:
    """The comparisons are not vacuous: block documents are read through libyaml."""
    texts = [_sample(rng) for _ in range(200)]
    assert all(assert_same_or_not_read(t) for t in texts)


def _sample(rng: SeededRandom) -> str:
    """A block document with values on their key's line, on the next one, in block scalars."""
    lines = []
    for i in range(rng.randint(1, 8)):
        key = rng.choice(['password', 'token', 'name', 'run']) + str(i)
        value = ''.join(rng.choice('abcdefXYZ0123456789') for _ in range(rng.randint(1, 30)))
        lines += rng.choice([
            [f'{key}: {value}'],
            [f'{key}:', f'  {value}'],
            [f'{key}:', f'- {key}: "{value}"', f'  {key}b: {value}'],
            [f'{key}: |', f'  {value}', f'  {value}'],
        ])
    return '\n'.join(lines) + '\n'

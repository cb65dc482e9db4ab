"""hooks.scan.transformers and the engine on transformed files: on generated YAML and INI documents
(block scalars, anchors, multi-document streams, CRLF, tabs) the fast loop finds exactly what
detect-secrets' own reading and loop find, at the same lines; expansion bombs are bounded."""
from __future__ import annotations

import base64
import configparser
import io
import os
import string
import tempfile
from typing import Any

import pytest
from detect_secrets.core.scan import _get_lines_from_file
from detect_secrets.core.scan import _process_line_based_plugins
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks.config import Config
from hooks.files import read_text
from hooks.scan import scanner as scan
from hooks.scan import transformers
from tests.scan_helpers import found
from tests.scan_helpers import scan_file

# Modest and derandomized in CI; raise it for a long run: EQUIVALENCE_EXAMPLES=5000 pytest ...
EXAMPLES = int(os.environ.get('EQUIVALENCE_EXAMPLES', '100'))
PROPERTY = settings(
    max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
    # `scanner` is shared by a test's examples on purpose: it is only read.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

ALNUM = string.ascii_letters + string.digits
token = st.text(ALNUM, min_size=12, max_size=40)


@st.composite
def secretish(draw: Any) -> str:
    """A value some plugin may report (or a near miss)."""
    t = draw(token)
    return draw(st.sampled_from([
        t,
        'AKIA' + t.upper().ljust(16, 'Q')[:16],
        'ghp_' + (t * 3)[:36],
        f'postgresql://app:{t}@db:5432/app',
        f'redis://:{t}@cache:6379/0',
        '.'.join(base64.urlsafe_b64encode(p.encode()).decode().rstrip('=')
                 for p in ('{"alg":"HS256"}', '{"sub":"1"}')) + '.' + t,  # a JWT's shape
        'changethis',
        'value with spaces',
        '${DB_PASSWORD}',
    ]))


KEYS = st.sampled_from([
    'password', 'api_key', 'secret', 'token', 'db_url', 'name', 'host', 'command', 'run',
    'aws_secret_access_key', 'AWS_ACCESS_KEY_ID', 'REDIS_URL', 'description', 'x',
])
BLOCK_INDICATORS = st.sampled_from(['|', '>', '|-', '>-', '|+', '>+', '|2', '>1-', '| # note'])


@st.composite
def block_content(draw: Any, indent: str) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        v = draw(secretish())
        line = draw(st.sampled_from([
            f'password={v}', f'export API_KEY={v}', v, '', f'echo\t{v}', f'  {v} # more',
            'plain words here',
        ]))
        lines.append(indent + line if line else '')
    return lines


@st.composite
def yaml_document(draw: Any) -> str:
    out: list[str] = []
    anchors: list[str] = []
    for i in range(draw(st.integers(1, 8))):
        key = f'{draw(KEYS)}{i}' if draw(st.booleans()) else draw(KEYS) + f'_{i}'
        indent = draw(st.sampled_from(['', '  ']))
        if indent:
            out.append(f'group{i}:')
        kind = draw(st.sampled_from(['plain', 'quoted', 'single', 'block', 'anchor', 'alias',
                                     'seq', 'flow', 'comment', 'merge']))
        v = draw(secretish())
        if kind == 'plain':
            out.append(f'{indent}{key}: {v}')
        elif kind == 'quoted':
            out.append(f'{indent}{key}: "{v}"')
        elif kind == 'single':
            out.append(f"{indent}{key}: '{v}'  # {draw(KEYS)}")
        elif kind == 'block':
            out.append(f'{indent}{key}: {draw(BLOCK_INDICATORS)}')
            out.extend(draw(block_content(indent + '    ')))
        elif kind == 'anchor':
            name = f'a{i}'
            anchors.append(name)
            out.append(f'{indent}{key}: &{name} "{v}"')
        elif kind == 'alias' and anchors:
            out.append(f'{indent}{key}: *{draw(st.sampled_from(anchors))}')
        elif kind == 'seq':
            out.append(f'{indent}{key}:')
            out.append(f'{indent}  - {v}')
            out.append(f'{indent}  - password: {draw(secretish())}')
        elif kind == 'flow':
            out.append(f'{indent}{key}: {{user: app, password: {v}}}')
        elif kind == 'merge':
            name = f'm{i}'
            out.append(f'base{i}: &{name}')
            out.append(f'  password: {v}')
            out.append(f'derived{i}:')
            out.append(f'  <<: *{name}')
            out.append(f'  token: {draw(secretish())}')
        else:
            out.append(f'# {key}: {v}')
        if draw(st.integers(0, 5)) == 0:
            out.append('---')
    return _finish(draw, out)


@st.composite
def ini_document(draw: Any) -> str:
    out: list[str] = []
    if draw(st.booleans()):
        out.append('[DEFAULT]')
        out.append(f'base = {draw(token)}')
    for s in range(draw(st.integers(0, 3)) if out else draw(st.integers(1, 3))):
        out.append(f'[section{s}]')
        for i in range(draw(st.integers(1, 4))):
            key = f'{draw(KEYS)}{i}'
            v = draw(secretish())
            sep = draw(st.sampled_from([' = ', '=', ': ', ' : ']))
            kind = draw(st.sampled_from(['plain', 'quoted', 'continued', 'comment', 'pragma', 'ref']))
            if kind == 'plain':
                out.append(f'{key}{sep}{v}')
            elif kind == 'quoted':
                out.append(f'{key}{sep}"{v}"')
            elif kind == 'continued':
                out.append(f'{key}{sep}')
                out.append(f'    {v}')
                out.append(f'\t{draw(secretish())}')
            elif kind == 'pragma':
                out.append('# pragma: allowlist nextline secret')
                out.append(f'{key}{sep}{v}')
            elif kind == 'ref' and out[0] == '[DEFAULT]':
                out.append(f'{key}{sep}%(base)s/{v}')
            else:
                out.append(f'; {key}{sep}{v}')
            if draw(st.integers(0, 4)) == 0:
                out.append('')
    return _finish(draw, out)


def _finish(draw: Any, lines: list[str]) -> str:
    newline = draw(st.sampled_from(['\n', '\r\n']))
    return newline.join(lines) + draw(st.sampled_from([newline, '']))


def _key(secrets: Any) -> list[tuple[int, str, str]]:
    return sorted((s.line_number, s.type, s.secret_hash) for s in secrets)


def detect_secrets_findings(path: str) -> list[tuple[int, str, str]]:
    """detect-secrets' own reading (transformers, then eager ones) and loop: scan_file's."""
    for lines in _get_lines_from_file(path):
        found = _key(_process_line_based_plugins(list(enumerate(lines, start=1)), path))
        if found:
            return found
    return []


def engine_findings(path: str, scanner: scan.Scanner) -> list[tuple[int, str, str]]:
    """Our reading (hooks.scan.scanner) and the fast loop."""
    text = read_text(path)
    assert text is not None
    for lines in scan._line_sets(path, text):
        found = _key(scanner.engine.scan_lines(lines, path))
        if found:
            return found
    return []


@pytest.fixture(scope='module')
def workdir() -> Any:
    with tempfile.TemporaryDirectory() as d:
        yield d


@pytest.fixture
def scanner() -> Any:
    """detect-secrets configured as the scanner configures it (both loops read its settings),
    for one test (its examples)."""
    with scan.Scanner(Config()) as active:
        yield active


def _check(workdir: str, scanner: scan.Scanner, name: str, text: str) -> None:
    path = os.path.join(workdir, name)
    with open(path, 'w', encoding='utf-8', newline='') as f:
        f.write(text)
    assert engine_findings(path, scanner) == detect_secrets_findings(path)


@pytest.mark.parametrize('name', ['config.yaml', 'docker-compose.yml'])
@PROPERTY
@given(text=yaml_document())
def test_engine_equals_detect_secrets_on_yaml(workdir: str, scanner: scan.Scanner, name: str,
                                              text: str) -> None:
    _check(workdir, scanner, name, text)


@pytest.mark.parametrize('name', ['app.ini', 'settings.txt'])
@PROPERTY
@given(text=ini_document())
def test_engine_equals_detect_secrets_on_ini(workdir: str, scanner: scan.Scanner, name: str,
                                             text: str) -> None:
    _check(workdir, scanner, name, text)


def test_generated_documents_exercise_block_scalars_and_findings(workdir: str, scanner: scan.Scanner) -> None:
    """The equivalence is not vacuous: a block scalar followed by secrets is found after it,
    at the lines detect-secrets reports."""
    value = 'Zq8' + 'xW3mR7tK9pL2vN5b'
    text = f'a:\n  b: |\n    x\n    y\n  password: {value}\nc: >-\n  one\n\n  two\napi_key: {value}X\n'
    path = os.path.join(workdir, 'blocks.yaml')
    with open(path, 'w') as f:
        f.write(text)
    found = engine_findings(path, scanner)
    assert found == detect_secrets_findings(path)
    # (several plugins may report a line's value: our slot plugins beside detect-secrets' own)
    assert sorted({line for line, _, _ in found}) == [5, 10]


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """A YAML document whose aliases expand to width**levels nodes (a few hundred bytes)."""
    lines = ['l0: &l0 [' + ', '.join(['"lol"'] * width) + ']']
    for i in range(1, levels):
        lines.append(f'l{i}: &l{i} [' + ', '.join([f'*l{i - 1}'] * width) + ']')
    return '\n'.join(lines) + '\n'


def ini_laughs(levels: int = 9, width: int = 10) -> str:
    lines = ['[s]', 'k0 = lol']
    for i in range(1, levels + 1):
        lines.append(f'k{i} = ' + ''.join([f'%(k{i - 1})s'] * width))
    return '\n'.join(lines) + '\n'


def test_yaml_expansion_counts_alias_nodes() -> None:
    assert transformers.yaml_expansion('a: 1\nb: [1, 2]\n') == 0
    assert transformers.yaml_expansion('a: &x [1, 2]\nb: *x\n') == 3  # the list and its items again
    # Bounded work: the count stops soon past the limit, whatever the document expands to.
    assert transformers.yaml_expansion(billion_laughs()) > transformers.ALIAS_EXPANSION_LIMIT


@pytest.mark.parametrize('name, text, planted_line', [
    ('bomb.yaml', billion_laughs(), 10),
    ('bomb.ini', ini_laughs(), 12),
    ('bomb.txt', ini_laughs(), 12),
])
def test_expansion_bomb_falls_back_to_raw_lines_and_still_scans(tmp_path, name, text, planted_line):

    url = 'postgresql://app:' + 'Vb7' + 'qLx9RmT2wK4p' + '@db/app'
    text += f'db_url = {url}\n'
    # A bound on work: the transform is cut off by its budget, not by the size of the bomb.
    result = scan_file(tmp_path, name, text)
    assert result.errors == []
    assert [(line, secret) for line, _, secret in found(result)] == [(planted_line, 'Vb7qLx9RmT2wK4p')]


def test_interpolation_bound_restores_the_default(tmp_path) -> None:
    before = configparser.ConfigParser._DEFAULT_INTERPOLATION  # type: ignore[attr-defined]
    scan_file(tmp_path, 'bomb.ini', ini_laughs())
    assert configparser.ConfigParser._DEFAULT_INTERPOLATION is before  # type: ignore[attr-defined]


def test_deeply_nested_yaml_is_scanned_as_raw_lines(tmp_path) -> None:

    url = 'redis://:' + 'Hq4' + 'zP8sD2fG6jK9' + '@cache:6379/0'
    text = 'a: ' + '[' * 50_000 + ']' * 50_000 + f'\nurl: {url}\n'
    result = scan_file(tmp_path, 'deep.yaml', text)
    assert result.errors == []
    assert [line for line, _, _ in found(result)] == [2]


def _transform(name: str, text: str, eager: bool = False) -> list[str] | None:
    import io

    handle = io.StringIO(text)
    handle.name = name  # type: ignore[attr-defined]
    return transformers.transformed_lines(handle, eager=eager)


def test_the_limits_are_what_cut_the_work(monkeypatch) -> None:
    """Small bombs under small limits: the same file transforms below its limit and falls back
    to raw lines (None) above it, so the bound on work, not the file's size, decides."""
    yaml_text = billion_laughs(levels=3, width=4) + 'k: &s {password: x}\nj: *s\n'  # 4**3 nodes
    ini_text = ini_laughs(levels=3, width=4)  # 4**3 pieces of 'lol'
    assert _transform('a.yaml', yaml_text) is not None
    assert _transform('a.ini', ini_text) is not None
    monkeypatch.setattr(transformers, 'ALIAS_EXPANSION_LIMIT', 20)
    monkeypatch.setattr(transformers, 'INTERPOLATION_LIMIT', 50 - len(ini_text))
    assert _transform('a.yaml', yaml_text) is None
    assert _transform('a.ini', ini_text) is None


_INI_PIECES = [
    '[s]', '[DEFAULT]', ' [t] ', '[', ']', '[]', '# c', '; c', '  # c', 'k = v', 'k: v', 'k=v',
    'password = hunter2', '  continued', 'no separator', 'k = %(x)s', '', ' ', '\t', '\x0c',
    'k = "q"', 'dup = 1', '# Title', 'Some prose, with words.', 'url http://x', '  indented prose',
]


@pytest.mark.parametrize('seed', range(40))
@pytest.mark.parametrize('name', ['a.py', 'a.md', 'a.ini', 'a.cfg', 'a.yaml', 'Makefile', 'a.txt'])
def test_transformed_lines_equal_detect_secrets_get_transformed_file(seed, name):
    import random

    from detect_secrets.transformers import get_transformed_file

    gen = random.Random(seed)
    lines = [gen.choice(_INI_PIECES) for _ in range(gen.randrange(0, 8))]
    text = gen.choice(['\n', '\r\n', '\r']).join(lines) + gen.choice(['', '\n'])
    for eager in (False, True):
        handle = io.StringIO(text)
        handle.name = name
        ours = transformers.transformed_lines(handle, eager=eager)
        handle.seek(0)
        stock = get_transformed_file(handle, use_eager_transformers=eager)
        assert ours == stock, (text, eager)


@pytest.mark.parametrize('seed', range(200))
def test_a_file_without_a_first_section_header_fails_detect_secrets_ini_transformer(seed):
    import random

    from detect_secrets.transformers.config import ConfigFileTransformer
    from detect_secrets.transformers.config import EagerConfigFileTransformer
    from detect_secrets.transformers.exceptions import ParsingError

    gen = random.Random(seed)
    text = '\n'.join(gen.choice(_INI_PIECES) for _ in range(gen.randrange(0, 6)))
    handle = io.StringIO(text)
    handle.name = 'a.ini'
    try:
        ConfigFileTransformer().parse_file(handle)
        parsed = True
    except ParsingError:
        parsed = False
    if not transformers.may_have_section(text):
        assert not parsed, text
    handle.seek(0)
    try:
        EagerConfigFileTransformer().parse_file(handle)
        parsed = True
    except ParsingError:
        parsed = False
    if not transformers.may_parse_with_header(text):
        assert not parsed, text


def test_parse_errors_raise_at_once_only_while_transforming():
    saved = configparser.RawConfigParser._handle_error
    handle = io.StringIO('# notes\nplain prose\n' * 50 + 'k = v\n')
    handle.name = 'notes.md'
    assert transformers.transformed_lines(handle, eager=True) is None
    assert configparser.RawConfigParser._handle_error is saved
    parser = configparser.ConfigParser()
    # The stock parser still reads on past an error (and meets the duplicate section).
    with pytest.raises(configparser.DuplicateSectionError):
        parser.read_string('[s]\nbad\n[s]\n')


@pytest.mark.parametrize('text, bad', [
    ('# Title\n\nSome prose, with words.\n', True),        # Markdown: prose in the first column
    ('[s]\nk = v\nno separator\n', True),
    ('k = v\n  indented prose\n', False),                  # indented: it may continue `k`
    ('[s]\nk = v\n# c\n; c\n\n[t]\nk: v\n', False),
    ('url http://x\n[x]y\n', False),                       # an option (`:`), a header (`[x]...`)
    ('[]\n', True),                                        # `[]` is no header, holds no delimiter
    ('', False),
])
def test_has_bad_line(text: str, bad: bool) -> None:
    assert transformers.has_bad_line(text) is bad


@pytest.mark.parametrize('seed', range(300))
def test_a_bad_line_fails_configparser_with_and_without_header(seed: int) -> None:
    """`has_bad_line` is a sure sign of failure: configparser then raises on the text as it is
    and after an added header, whatever else the text holds (both INI transformers give up)."""
    import random

    gen = random.Random(seed)
    pieces = _INI_PIECES + ['\tk = v', 'prose: with a colon', '  [s]', '[s] # c', 'k = v ; c', '\u3000x']
    text = gen.choice(['\n', '\r\n', '\r']).join(gen.choice(pieces) for _ in range(gen.randrange(0, 10)))
    if not transformers.has_bad_line(text):
        return
    for content in (text, '[global]\n' + text):
        with pytest.raises(configparser.Error):
            configparser.ConfigParser().read_string(content)


@pytest.mark.parametrize('seed', range(20))
def test_has_bad_line_reads_a_line_as_configparser_regexes_do(seed: int) -> None:
    """The string tests in `has_bad_line` agree with configparser's SECTCRE and OPTCRE on
    seeded stripped lines (short ones: OPTCRE backtracks on long runs of spaces)."""
    import random

    gen = random.Random(seed)
    alphabet = '[]=: \t\rab#;\u3000\u0130'
    for _ in range(500):
        value = ''.join(gen.choice(alphabet) for _ in range(gen.randrange(1, 9))).strip()
        if not value or value.startswith(('#', ';')):
            continue
        by_regex = bool(configparser.RawConfigParser.SECTCRE.match(value)
                        or configparser.RawConfigParser.OPTCRE.match(value))
        assert transformers.has_bad_line(value + '\n') is not by_regex, repr(value)


@pytest.mark.parametrize('line', ['k{}x', '[{}', 'k{}=', '{}'])
def test_has_bad_line_is_linear(line: str) -> None:
    from tests.timing import assert_linear

    assert_linear(lambda n: transformers.has_bad_line(line.format(' ' * n) + '\n'), 200_000,
                  f'has_bad_line on {line!r}')


@pytest.mark.parametrize('seed', range(30))
def test_first_line_matches_is_the_regex_detect_secrets_compiles(seed: int) -> None:
    """transformers.first_line_matches answers as the regex detect-secrets' INI parser compiles
    for a key's first line (`^\\s*KEY[ :=]+VALUE`, both escaped), on seeded lines built around
    the key and value (delimiters in the value, around it, missing, spaces before the key)."""
    import random
    import re

    gen = random.Random(seed)
    alphabet = ' :=\tab.*\u3000'
    matched = 0
    for _ in range(400):
        key = ''.join(gen.choice('ab:. *') for _ in range(gen.randrange(1, 4))).strip() or 'k'
        value = ''.join(gen.choice(alphabet) for _ in range(gen.randrange(0, 5)))
        parts = [gen.choice(['', ' ', '\t', '\u3000']), key,
                 ''.join(gen.choice(' :=') for _ in range(gen.randrange(0, 4))), value,
                 ''.join(gen.choice(alphabet) for _ in range(gen.randrange(0, 3)))]
        if gen.random() < 0.3:
            parts[gen.randrange(len(parts))] = ''.join(gen.choice(alphabet) for _ in range(gen.randrange(0, 4)))
        line = ''.join(parts)
        regex = re.compile(r'^\s*{key}[ :=]+{value}'.format(key=re.escape(key), value=re.escape(value)))
        expected = regex.match(line) is not None
        matched += expected
        assert transformers.first_line_matches(line, key, value) is expected, (line, key, value)
    assert 50 < matched < 350  # both answers are tested


_INI_VALUES = ['k = :=v', 'k :: =', 'k =', 'k:', 'a b = c', 'k = v:w', 'k = == x', 'k:=:', 'k = v\n  w',
               'key: : :', 'Title: words, more: words', '- item: x', '  k = v', 'k = v # c']


@pytest.mark.parametrize('seed', range(60))
def test_eager_view_equals_detect_secrets_with_delimiters_in_values(seed: int) -> None:
    """The eager (and INI) view, read with first_line_matches, is detect-secrets' own on texts
    whose values start with, hold or are delimiters (the cases its regex backtracks over)."""
    import random

    from detect_secrets.transformers import get_transformed_file

    gen = random.Random(seed)
    lines = [gen.choice(_INI_VALUES + _INI_PIECES) for _ in range(gen.randrange(1, 9))]
    text = '\n'.join(lines) + gen.choice(['', '\n'])
    for name in ('notes.md', 'a.ini'):
        for eager in (False, True):
            handle = io.StringIO(text)
            handle.name = name
            ours = transformers.transformed_lines(handle, eager=eager)
            handle.seek(0)
            assert ours == get_transformed_file(handle, use_eager_transformers=eager), (text, eager)


@pytest.mark.parametrize('shape', ['k{}y', 'k {}', '{}'])
def test_first_line_matches_is_linear(shape: str) -> None:
    from tests.timing import assert_linear

    assert_linear(lambda n: transformers.first_line_matches(shape.format(':' * n), 'k', ':' * (n // 2) + 'x'),
                  200_000, f'first_line_matches on {shape!r}')


@pytest.mark.parametrize('bad', ['a: 2020-13-45', 'when: 2021-02-30 10:00:00', '- 1999-00-01'])
def test_a_yaml_value_its_parser_cannot_construct_leaves_the_file_to_its_raw_lines(tmp_path, bad):
    """PyYAML raises ValueError (not a YAMLError) for a date that does not exist: the file is
    read as its raw lines, not lost to an error."""
    assert _transform('a.yaml', bad + '\n') is None
    value = 'Zq8' + 'xW3mR7tK9pL2vN5bQ'
    text = f'{bad}\npassword = "{value}"\n' if bad.startswith('-') else f'{bad}\npassword: "{value}"\n'
    result = scan_file(tmp_path, 'config.yaml', text)
    assert result.errors == []
    assert [(line, secret) for line, _, secret in found(result)] == [(2, value)]


NAMES = [
    'config.yml', 'a/b/values.yaml', 'x.eyaml', 'settings.ini', 'app.cfg', 'README.md', 'main.py',
    'Dockerfile', '.env', 'conf/.hidden', 'dir.yml/plain', 'dir.d/file.conf', 'archive.tar.gz',
    'a.YML', 'trailing.', 'a/b.c/.yaml', '.yml', 'x.properties', 'app.toml', 'main.go',
]


@pytest.mark.parametrize('name', NAMES)
def test_a_names_transformers_and_keyword_table_are_detect_secrets_answers_for_it(name):
    """Both are asked once per extension: the answers are those detect-secrets gives the whole name."""
    from detect_secrets.plugins import keyword
    from detect_secrets.transformers import get_transformers
    from detect_secrets.util.filetype import determine_file_type

    from hooks import ds_adapter

    expected = tuple(t for t in get_transformers() if t.should_parse_file(name))
    assert [type(t) for t in transformers._parsers_of(name)] == [type(t) for t in expected]
    table = keyword.REGEX_BY_FILETYPE.get(determine_file_type(name), keyword.QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP)
    assert ds_adapter.keyword_regexes(name) is table

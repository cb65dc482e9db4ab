"""hooks.scan.ini: detect-secrets' INI transformer in linear time, with the same values."""
from __future__ import annotations

import configparser
import io
import re

import pytest

from hooks.config import Config
from hooks.scan import ini
from hooks.scan import scanner as scan
from tests.timing import assert_linear


def _values(rng, n):
    parts = ['%%', '%(b)s', '%(missing)s', '%', 'x', ' ', '=', ':', '%(', ')s']
    return [''.join(rng.choice(parts) for _ in range(rng.randrange(1, 8))) for _ in range(n)]


def _get_all(parser_cls, text):
    parser = parser_cls()
    parser.read_string(text)
    out = []
    for key in parser['s']:
        try:
            out.append(parser.get('s', key))
        except configparser.Error as e:
            out.append(type(e).__name__)
    return out


def test_interpolation_gives_the_same_values_and_errors(rng):
    for value in _values(rng, 400):
        text = f'[s]\nb = B%%\na = {value}\nc = %(a)s\n'
        try:
            expected = _get_all(configparser.ConfigParser, text)
        except configparser.Error as e:
            with pytest.raises(type(e)):
                _get_all(ini._ConfigParser, text)
            continue
        assert _get_all(ini._ConfigParser, text) == expected, value


def test_first_line_test_equals_the_regex(rng):
    alphabet = 'ab :=%\\.[]+ \t'
    for _ in range(2000):
        key = ''.join(rng.choice('ab_.') for _ in range(rng.randrange(1, 4)))
        value = ''.join(rng.choice(alphabet) for _ in range(rng.randrange(1, 6))).strip() or 'v'
        line = ''.join(rng.choice([key, value, ' ', '=', ':', ' = ', 'x']) for _ in range(rng.randrange(1, 6)))
        pattern = r'^\s*{}[ :=]+{}'.format(re.escape(key), re.escape(value))
        assert bool(ini.compile_first_line(pattern).match(line)) == bool(re.compile(pattern).match(line)), (key, value, line)


def test_first_line_unescapes_what_re_escape_made_and_nothing_else(rng):
    pieces = ['a', ' ', '\\', '\\\\', '.', '-', ':', '=', '#', '\n', '\u00e9', '*', '%']
    for _ in range(3000):
        text = ''.join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
        assert ini._unescape(re.escape(text)) == text
        # Not an escape (a lone or trailing backslash, an escaped letter): the regex is compiled.
        pattern = r'^\s*k[ :=]+' + text
        try:
            re.compile(pattern)
        except re.error:
            continue
        compiled = ini.compile_first_line(pattern)
        assert isinstance(compiled, re.Pattern) == (re.escape(ini._unescape(text)) != text), text


def test_transformed_lines_are_unchanged(rng):
    from detect_secrets.transformers import get_transformed_file

    values = _values(rng, 30)
    text = '[s]\n' + ''.join(f'k{i} = {v}\n' for i, v in enumerate(values)) + 'password = hunter2%%x\n'
    handle = io.StringIO(text)
    handle.name = 'a.ini'
    with scan.Scanner(Config()):  # installs ours
        ours = get_transformed_file(handle, use_eager_transformers=True)
    from detect_secrets.transformers import config as transformer
    saved = transformer.configparser, transformer.re
    try:
        transformer.configparser, transformer.re = configparser, re
        handle.seek(0)
        stock = get_transformed_file(handle, use_eager_transformers=True)
    finally:
        transformer.configparser, transformer.re = saved
    assert ours == stock


@pytest.mark.parametrize('unit', ['%%', 'a = b ', '%(x)s'])
def test_long_ini_values_scan_in_linear_time(tmp_path, unit):
    with scan.Scanner(Config()) as scanner:
        def run(n: int) -> None:
            scanner.scan_text('a.ini', '[s]\na = ' + unit * (n // len(unit)) + '\n')
        assert_linear(run, 20_000, f'INI value of {unit!r}')

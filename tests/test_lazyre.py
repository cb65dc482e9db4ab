"""hooks.lazyre: a pattern compiled on first use answers as the compiled pattern does."""
from __future__ import annotations

import re

import pytest

from hooks import lazyre
from tests.seeded import SeededRandom

_DRAWN = SeededRandom(__name__)
_TEXTS = ['', 'a', 'password=hunter2; token: x', 'A1 b2\nC3', _DRAWN.token_urlsafe(40), 'é ß 𝔘 é']


@pytest.mark.parametrize('pattern, flags', [
    (r'[a-z]\d', 0),
    (r'[a-z]\d', re.IGNORECASE),
    (r'(?P<name>\w+)\s{0,3}[=:]\s{0,3}(?P<value>\w+)', 0),
    (r'^\w', re.MULTILINE),
    (r'(?i)pass(?:word)?', 0),
    (r'', 0),
])
def test_a_lazy_pattern_answers_as_the_compiled_one(pattern, flags):
    lazy, compiled = lazyre.compile(pattern, flags), re.compile(pattern, flags)
    assert lazy.pattern == compiled.pattern
    assert lazy.flags == compiled.flags
    assert (lazy.groups, lazy.groupindex) == (compiled.groups, compiled.groupindex)
    for text in _TEXTS:
        assert lazy.findall(text) == compiled.findall(text)
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
        for method in ('search', 'match', 'fullmatch'):
            found, expected = getattr(lazy, method)(text), getattr(compiled, method)(text)
            assert (found and found.span()) == (expected and expected.span())
        assert lazy.sub('-', text) == compiled.sub('-', text)
        assert lazy.split(text) == compiled.split(text)


@pytest.mark.parametrize('pattern, flags', [(rb'[a-z]\d', 0), (rb'^\w', re.MULTILINE), (rb'(?i)pass(?:word)?', 0)])
def test_a_lazy_bytes_pattern_answers_as_the_compiled_one(pattern, flags):
    lazy, compiled = lazyre.compile(pattern, flags), re.compile(pattern, flags)
    assert (lazy.pattern, lazy.flags) == (compiled.pattern, compiled.flags)
    for text in _TEXTS:
        data = text.encode()
        assert [m.span() for m in lazy.finditer(data)] == [m.span() for m in compiled.finditer(data)]
        found, expected = lazy.search(data), compiled.search(data)
        assert (found and found.span()) == (expected and expected.span())


def test_a_lazy_pattern_compiles_on_first_use_only():
    lazy = lazyre.compile(r'(?P<x>a)')
    assert lazy.pattern == '(?P<x>a)'
    assert 'search' not in vars(lazy)  # reading its pattern does not compile it
    assert lazy.search('ba') is not None
    assert 'search' in vars(lazy)  # the compiled pattern's own, kept: no indirection from now on


def test_a_bad_pattern_fails_when_first_used():
    lazy = lazyre.compile(r'(unclosed')
    with pytest.raises(re.error):
        lazy.search('x')


def test_lazy_patterns_are_equal_as_compiled_ones_are():
    assert lazyre.compile('a') == lazyre.compile('a')
    assert hash(lazyre.compile('a')) == hash(lazyre.compile('a'))
    assert lazyre.compile('a') != lazyre.compile('a', re.IGNORECASE)
    assert lazyre.compile('a') != lazyre.compile('b')
    assert lazyre.compile('a') != 'a'
    assert len({lazyre.compile('a'), lazyre.compile('a'), lazyre.compile('b')}) == 2

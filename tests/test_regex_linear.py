"""Every regex in hooks/ is linear-time on adversarial lines: time at 4n over time at n stays
well under 16 (tests/timing.py), so a busy machine cannot fail it.

Patterns are collected programmatically (module and class attributes, tuples/dicts of them,
prefilter triggers, patterns built at run time), so a new pattern is covered without editing
this file.  Super-linear backtracking, or a bounded repetition retried from every offset of a
long run, shows as a ratio near 16.
"""
from __future__ import annotations

import functools
import importlib
import pkgutil
import re
from typing import Callable
from typing import Iterator

import pytest

import hooks
from hooks import keys
from hooks import lazyre
from hooks import report
from hooks import rules
from hooks.detectors.b2b_key import B2BKeyDetector
from hooks.detectors.db_url import DatabaseUrlDetector
from hooks.detectors.jwt import JwtDetector
from hooks.detectors.jwt import SigningKeyDetector
from hooks.logs import Redactor
from tests.timing import assert_linear

SWEEP_SIZE = 12_500   # n for every pattern x every line (4n = 50,000 characters)
ENTRY_SIZE = 64_000   # n for the per-line entry points (4n = 256,000 characters)

# Patterns the package only ever applies at one offset (`.match` / `.fullmatch`), where their
# bounded backtracking costs a constant: they are timed that way, and a test checks that the
# source never searches with them.
ANCHORED = {
    'hooks.detectors.jwt.SECOND_ARG_RE': 'matched right after `jwt.encode(`, on at most 2000 characters',
    'hooks.rules.CODE_REFERENCE_RE': 'matched against one value',
    'hooks.fallbacks._DOCKER_INSTRUCTION_RE': 'matched at the start of a Dockerfile line',
    'hooks.fallbacks._DOCKER_LEGACY_ENV_RE': 'matched after `ENV `',
    'hooks.rules._PLACEHOLDER_RES': 'fullmatch against one value (is_placeholder)',
    'hooks.rules._PLACEHOLDER_RE': 'the same, as one alternation (is_placeholder)',
    'hooks.scan.engine._QUOTE_SOON_RE': 'matched once per run of word characters, at its end',
    'hooks.rules._CALL_RE': 'fullmatch against one value (is_code_reference)',
    'hooks.detectors.credentials._ARG_RE': 'matched at each argument of a known credential call',
    'hooks.detectors.credentials._DOTTED_RE': 'fullmatch against one value (is_literal)',
    'hooks.detectors.credentials._TOKEN_SHAPE_RE': 'matched at the start of one header value',
    'hooks.detectors.credentials._TOKEN_VALUE_RE': 'fullmatch against one whole slot value',
    'hooks.detectors.credentials._WHOLE_LINE_RE': 'matched at the start of one statement prefix',
    'hooks.detectors.credentials._LINE_END_RE': 'matched right after one value',
    'hooks.detectors.credentials._FILE_NAME_RE': 'fullmatch against one setting name',
}


def _walk(name: str, obj: object, depth: int, module: str) -> Iterator[tuple[str, str, int]]:
    if isinstance(obj, (re.Pattern, lazyre.LazyPattern)):  # (a lazy one compiles here, on .flags)
        yield name, obj.pattern if isinstance(obj.pattern, str) else '', obj.flags
    elif type(obj).__name__ == 'Trigger' and getattr(obj, 'regex', None):
        yield name + '.regex', obj.regex, 0
        if getattr(obj, 'sieve', None):
            yield name + '.sieve', obj.sieve, 0
    elif isinstance(obj, (tuple, list, frozenset, set)) and depth < 3:
        for i, item in enumerate(obj):
            yield from _walk(f'{name}[{i}]', item, depth + 1, module)
    elif isinstance(obj, dict) and depth < 3:
        for key, item in obj.items():
            yield from _walk(f'{name}[{key!r}]', item, depth + 1, module)
    elif isinstance(obj, type) and obj.__module__ == module and depth == 0:
        for key, item in vars(obj).items():
            yield from _walk(f'{name}.{key}', item, depth + 1, module)


def collect_patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    seen: set[tuple[str, int]] = set()

    def add(name: str, pattern: str, flags: int) -> None:
        if pattern and (pattern, flags) not in seen:
            seen.add((pattern, flags))
            found[name] = re.compile(pattern, flags)

    for info in pkgutil.walk_packages(hooks.__path__, 'hooks.'):
        module = importlib.import_module(info.name)
        for key, value in vars(module).items():
            for name, pattern, flags in _walk(f'{info.name}.{key}', value, 0, info.name):
                add(name, pattern, flags)
    # Patterns built at run time from configuration.
    add('SecretNames()._secret_re', rules.SecretNames([r'vault_?blob'])._secret_re.pattern, re.IGNORECASE)
    add('keys.key_pattern', keys.key_pattern(['b2b', 'acme', 'zz9']).pattern, 0)
    for plugin in (JwtDetector(), SigningKeyDetector(), DatabaseUrlDetector(), B2BKeyDetector(prefixes=['b2b', 'acme'])):
        trigger = plugin.trigger() if hasattr(plugin, 'trigger') else None
        if trigger is not None and getattr(trigger, 'regex', None):
            add(f'{type(plugin).__name__}.trigger()', trigger.regex, 0)
    return found


PATTERNS = collect_patterns()


def test_patterns_are_collected():
    from hooks import dotenv as envfile
    from hooks.detectors import db_url
    from hooks.detectors import jwt as jwt_plugin

    collected = {p.pattern for p in PATTERNS.values()}
    for pattern in (rules._ASSIGNMENT_RE, db_url.DB_SCHEME_RE, jwt_plugin.TOKEN_RE, keys.ANY_KEY_RE,
                    envfile._LINE_RE, rules.URL_RE, rules._PLACEHOLDER_RES[-1],
                    keys.key_pattern(['b2b', 'acme', 'zz9'])):
        assert pattern.pattern in collected
    assert len(PATTERNS) > 40


def _runs(size: int) -> dict[str, str]:
    """Adversarial lines: runs of what patterns accept, and near-misses that never complete."""
    def rep(unit: str, prefix: str = '', suffix: str = '') -> str:
        return prefix + unit * max(1, (size - len(prefix) - len(suffix)) // len(unit)) + suffix

    lines = {f'run {c!r}': rep(c) for c in (
        'a', 'A', '0', 'x', '_', '-', '.', ' ', '\t', '"', "'", '`', '=', ':', '/', '@', '%', '$',
        '{', '}', '<', '>', '*', '#', ';', '\\', '+', ',', '(', '[', '&', '?', '\u00e9',
    )}
    lines.update({
        'a=': rep('a='), 'a: ': rep('a: '), 'a.': rep('a.'), 'a-': rep('a-'), 'a_': rep('a_'),
        'a = ': rep('a = '), 'a:b ': rep('a:b '), '"a": ': rep('"a": '), 'a@': rep('a@'),
        'pg no @': rep('a', 'postgresql://u:'),
        'pg user run': rep('a', 'postgresql://'),
        'pg host run': rep('a', 'postgresql://u:p@'),
        'pg repeated': rep('postgresql://u:p'),
        'pg+driver run': rep('a', 'postgresql+'),
        'scheme runs': rep('redis://'),
        'eyJ b64 run': rep('a', 'eyJ'),
        'eyJ dots': rep('a.', 'eyJ'),
        'eyJ repeated': rep('eyJa.'),
        'eyJ parts': rep('.eyJhbGciOiJIUzI1NiJ9', 'eyJhbGciOiJIUzI1NiJ9'),
        'b2b_live_ repeated': rep('b2b_live_'),
        'b2b_live_ base62 run': rep('A', 'b2b_live_'),
        'jdbc ;password= repeated': rep(';password=', 'jdbc:x:'),
        'jdbc repeated': rep('jdbc:x:'),
        'jdbc user/password': rep(';user=;password=a', 'jdbc:x:'),
        'oracle thin run': rep('a', 'jdbc:oracle:thin:'),
        'oracle thin repeated': rep('jdbc:oracle:thin:a/'),
        'ado password= repeated': rep('password=', 'server=x;'),  # pragma: allowlist secret
        'ado pwd repeated': rep('pwd=a;', 'server=x;'),
        'ado braced run': rep('a', 'server=x;password={'),
        'jwt.encode( repeated': rep('jwt.encode('),
        'jwt.encode args': rep('a,', 'jwt.encode('),
        'jwt key= run': rep('a', 'jwt.decode(x, key="'),
        '${ run': rep('a', '${'),
        '%( run': rep('a', '%('),
        '{{ run': rep('a', '{{'),
        'your- run': rep('a-', 'your-'),
        'changeme- run': rep('a-', 'changeme-'),
        'here run': rep('a-', '', 'here'),
        'annotation run': rep('b', 'a: '),
        'annotation repeated': rep('a : b'),
        'quote-name repeated': rep('"a"'),
        'sha256: run': rep('a', 'sha256:'),
        'data uri': rep('A', 'data:image/png;base64,'),
        'uuid-ish': rep('0123abcd-'),
        'export run': rep('export '),
        'spaces then =': rep(' ', 'a', '='),
        'hex run': rep('0123456789abcdef'),
        'camelCase': rep('aB'),
    })
    return lines


@functools.lru_cache(maxsize=4)
def runs(size: int) -> dict[str, str]:
    return _runs(size)


def _anchored(name: str) -> bool:
    return any(name == a or name.startswith(a + '[') for a in ANCHORED)


@pytest.mark.parametrize('name', sorted(PATTERNS))
def test_every_pattern_is_linear(name):
    pattern = PATTERNS[name]
    anchored = _anchored(name)
    for label in runs(SWEEP_SIZE):
        def run(n: int) -> None:
            line = runs(n)[label]
            if anchored:
                pattern.match(line)
            else:
                for _ in pattern.finditer(line):
                    pass
            pattern.fullmatch(line)
        assert_linear(run, SWEEP_SIZE, f'{name} on {label}')


@pytest.mark.parametrize('name', sorted(ANCHORED))
def test_anchored_patterns_are_never_searched(name):
    import pathlib

    assert any(_anchored(n) for n in PATTERNS if n.startswith(name)), f'{name} is gone: update ANCHORED'
    attribute = name.rsplit('.', 1)[1]
    root = pathlib.Path(hooks.__file__).parent
    uses = re.compile(rf'\b{re.escape(attribute)}\.(search|finditer|findall|sub|subn|split)\(')
    for path in root.rglob('*.py'):
        assert not uses.search(path.read_text(encoding='utf-8')), f'{path} searches with {name}'


# The functions the hooks call per line, on 1 MB lines.
ENTRY_POINTS: dict[str, Callable[[str], object]] = {
    # uncached (both cache by value / line): the time of the work, not of a cache hit
    'is_placeholder': lambda s: rules._is_placeholder.__wrapped__(s, ()),
    'iter_assignments': lambda s: rules._assignments.__wrapped__(s),
    'is_secret_name': lambda s: _uncached(rules.SecretNames().is_secret_name, s),
    'is_signing_key_name': lambda s: _uncached(rules.SecretNames.is_signing_key_name, s),
    'JwtDetector': lambda s: list(JwtDetector().find(s, 'a.yaml')),
    'SigningKeyDetector(yaml)': lambda s: list(SigningKeyDetector().find(s, 'a.yaml')),
    'SigningKeyDetector(py)': lambda s: list(SigningKeyDetector().find(s, 'a.py')),
    'DatabaseUrlDetector': lambda s: list(DatabaseUrlDetector().find(s)),
    'B2BKeyDetector': lambda s: list(B2BKeyDetector(strict=True).find(s)),
    'is_valid_key': keys.is_valid_key,
    'redact(db)': lambda s: report.redact('Database URL Credentials', 'p' * 12, s),
    'redact(basic)': lambda s: report.redact('Basic Auth Credentials', 'p' * 12, s),
    # The one URL reading and its consumers, uncached (url_authorities caches by line).
    'url_authorities': lambda s: rules.url_authorities.__wrapped__(s),
    'hosts_in': lambda s: _uncached(rules.hosts_in, s),
    'without_userinfo': lambda s: _uncached(rules.without_userinfo, s),
    'log Redactor': lambda s: _uncached(Redactor(secret_env=False).redact, s),
}


def _uncached(fn: Callable[[str], object], line: str) -> object:
    """`fn(line)` with the rules' per-value and per-line caches empty: the work, not a hit."""
    rules.clear_caches()
    return fn(line)

@pytest.mark.parametrize('entry', sorted(ENTRY_POINTS))
def test_entry_points_are_linear(entry):
    fn = ENTRY_POINTS[entry]
    for label in runs(ENTRY_SIZE):
        assert_linear(lambda n: fn(runs(n)[label]), ENTRY_SIZE, f'{entry} on {label}')


def test_signing_key_detector_is_linear_on_ordinary_text():
    # ~2 s/MB on every size measured (125 KB .. 1 MB): linear, so a ratio, never a budget.
    line = 'x = compute(value, other) + 1; ' * 100

    def run(n: int) -> None:
        text = (line * (n // len(line) + 1))[:n]
        list(SigningKeyDetector().find(text, 'a.py'))
    assert_linear(run, ENTRY_SIZE, 'SigningKeyDetector.find')


def test_iter_assignments_on_quote_runs_and_many_assignments():
    # `"` runs, and a line of `a=` pairs: linear, and the values are still read.
    assignments = rules._assignments.__wrapped__  # uncached
    assert_linear(lambda n: assignments('"' * n), ENTRY_SIZE, 'quotes')
    assert_linear(lambda n: assignments('k=v ' * (n // 4)), ENTRY_SIZE, 'k=v pairs')
    assert len(list(rules.iter_assignments('k=v ' * 1000))) == 1000


def _dense_urls(n: int) -> str:
    """`n` characters of distinct credential URLs, `@` and `:` in passwords, IPv6 and port hosts."""
    from tests.seeded import SeededRandom

    rng = SeededRandom('dense urls')
    parts, total = [], 0
    while total < n:
        a, b = rng.token_hex(6), rng.token_hex(5)
        part = rng.choice((f'postgresql://u{a}:{b}@{a}@db{b}/app ', f'https://{a}:{b}:{a}@[fd00::{b[:4]}]:8443/x ',
                           f'redis://:{a}%40{b}@c{a}:6379 ', f'https://t{a}{b}@h{a}.internal/r '))
        parts.append(part)
        total += len(part)
    return ''.join(parts)[:n]


@pytest.mark.parametrize('entry', ['url_authorities', 'hosts_in', 'log Redactor', 'DatabaseUrlDetector'])
def test_url_reading_is_linear_on_dense_distinct_urls(entry):
    fn = ENTRY_POINTS[entry]
    assert_linear(lambda n: _uncached(fn, _dense_urls(n)), ENTRY_SIZE, f'{entry} on dense URLs')
    assert len(rules.url_authorities(_dense_urls(10_000))) > 100

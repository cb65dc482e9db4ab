"""hooks.scan.engine / hooks.scan.prefilter: the fast loop finds exactly what detect-secrets' own loop
finds, reads huge files in bounded chunks, and keeps minified lines cheap."""
from __future__ import annotations

import base64
import json
import re
import string
from typing import Any

import jwt
import pytest

from hooks import ds_adapter
from hooks.config import Config
from hooks.scan import engine
from hooks.scan import prefilter
from hooks.scan import scanner as scan
from tests.scan_helpers import line_starts


def _rand(rng, n: int = 24, alphabet: str = string.ascii_letters + string.digits) -> str:
    return ''.join(rng.choice(alphabet) for _ in range(n))


def _lines(rng) -> list[str]:
    """One line per kind of thing any plugin (stock or ours) reports, plus near misses."""
    aws_id = 'AKIA' + _rand(rng, 16, string.ascii_uppercase + string.digits)
    token = jwt.encode({'sub': _rand(rng, 8)}, _rand(rng, 32), algorithm='HS256')
    return [
        f'aws_access_key_id = "{aws_id}"',
        f'aws_secret_access_key = "{_rand(rng, 40)}"',
        f'password = "{_rand(rng, 16)}"',
        f'api_key: {_rand(rng, 32)}',
        f'db_pass := "{_rand(rng, 20)}"',
        f'SECRET_KEY = "{_rand(rng, 40)}"',
        f'jwt_secret: "{_rand(rng, 30)}"',
        f'token = jwt.encode(payload, "{_rand(rng, 30)}", algorithm="HS256")',
        f'auth = "Bearer {token}"',
        f'url = "https://user:{_rand(rng, 14)}@example.com/x"',
        f'DATABASE_URL=postgresql+asyncpg://app:{_rand(rng, 18)}@db:5432/app',
        f'REDIS_URL=redis://:{_rand(rng, 18)}@cache:6379/0',
        f'jdbc:mysql://db:3306/app?user=app&password={_rand(rng, 12)}',
        f'Server=tcp:db;Database=app;User Id=sa;Password={_rand(rng, 14)};',
        f'partner = "{rng.generate_key()}"',
        f'x = "{_rand(rng, 40, string.hexdigits.lower())}"',
        f'blob = "{base64.b64encode(rng.token_bytes(36)).decode()}"',
        f'gh = "ghp_{_rand(rng, 36)}"',
        f'slack = "xoxb-{_rand(rng, 10, string.digits)}-{_rand(rng, 24).lower()}"',
        f'stripe = "sk_live_{_rand(rng, 24)}"',
        '-----BEGIN RSA PRIVATE KEY-----',
        f'host = "{rng.randbelow(200) + 11}.{rng.randbelow(250)}.{rng.randbelow(250)}.{rng.randbelow(250)}"',
        f'twilio = "AC{_rand(rng, 32, string.ascii_lowercase + string.digits)}"',
        f'discord = "M{_rand(rng, 23)}.{_rand(rng, 6)}.{_rand(rng, 27)}"',
        f'tg = "{rng.randbelow(10**9) + 10**8}:{_rand(rng, 35)}"',
        f'mailchimp = "{_rand(rng, 32, string.ascii_lowercase + string.digits)}-us12"',
        f'"{_rand(rng, 20)}" == my_password',
        # near misses and ordinary code
        'def handler(request): return request.json()',
        'PASSWORD_RESET_TOKEN_EXPIRE_HOURS = 48',
        f'value = "{_rand(rng, 8)}"  # pragma: allowlist secret password',
        '# pragma: allowlist nextline secret',
        f'password = "{_rand(rng, 16)}"',
        'engine = create_engine("postgresql://scott:tiger@localhost/test")',
        'x = 1',
        '',
    ]


@pytest.mark.parametrize('suffix', ['.py', '.yaml', '.env', '.properties', '.txt', '.json', '.js', '.go'])
def test_fast_loop_finds_exactly_what_detect_secrets_loop_finds(tmp_path, suffix, rng):
    lines = _lines(rng)
    text = '\n'.join(lines) + '\n'
    filename = str(tmp_path / f'sample{suffix}')
    with scan.Scanner(Config()) as scanner:
        fast = scanner.scan_text(filename, text)
        reference = scanner.scan_text(filename, text, exhaustive=True)
    key = lambda f: (f.line_number, f.type, f.hashed_secret)  # noqa: E731
    assert sorted(map(key, fast)) == sorted(map(key, reference))
    assert len(fast) >= 15  # the sample really exercises the plugins


def test_every_active_plugin_has_a_trigger():
    with scan.Scanner(Config()) as scanner:
        missing = [type(p).__name__ for p in scanner.engine.plugins if prefilter.trigger(p) is None]
    assert missing == []


@pytest.mark.parametrize(('text', 'expected'), [
    ('a\nb\n', ['a\n', 'b\n']),
    ('a\nb', ['a\n', 'b']),
    ('a\x0cb\n', ['a\x0cb\n']),          # a form feed is not a line break
    ('a\u2028b\n', ['a\u2028b\n']),
    ('', []),
])
def test_split_lines_breaks_on_newlines_only(text, expected):
    assert scan.split_lines(text) == expected


def test_line_numbers_follow_universal_newlines(tmp_path, rng):
    password = _rand(rng, 18)
    path = tmp_path / 'crlf.py'
    path.write_bytes(b'a = 1\r\n\x0c\r\nb = 2\rc = 3\r\n' + f'DSN = "mysql://u:{password}@db/x"\r\n'.encode())
    result = scan.scan_files([str(path)], Config())
    assert [(f.line_number, f.type) for f in result.findings] == [(5, 'Database URL Credentials')]


def test_large_file_is_read_in_chunks_with_the_same_findings(tmp_path, monkeypatch, rng):
    planted = {}
    rows = []
    for n in range(1, 3001):
        if n % 700 == 0:
            value = _rand(rng, 18)
            planted[n] = value
            rows.append(f'DSN = "postgresql://app:{value}@db:5432/app"')
        elif n == 1401:
            rows.append('# pragma: allowlist nextline secret')
        elif n == 1402:
            rows.append(f'OTHER = "mysql://app:{_rand(rng, 18)}@db/app"')
        else:
            rows.append(f'row_{n} = compute({n}, "value {n}")')
    path = tmp_path / 'big.py'
    path.write_text('\n'.join(rows) + '\n')
    whole = scan.scan_files([str(path)], Config()).findings
    monkeypatch.setattr(scan, 'LARGE_FILE', 1000)
    monkeypatch.setattr(scan, 'CHUNK', 4096)  # many chunks, lines cut at chunk ends
    chunked = scan.scan_files([str(path)], Config()).findings
    assert [(f.line_number, f.hashed_secret) for f in chunked] == [(f.line_number, f.hashed_secret) for f in whole]
    assert [f.line_number for f in chunked] == sorted(planted)  # the pragma'd line stays allowed
    assert all(f.line.startswith('DSN = "postgresql://app:') for f in chunked)


def test_minified_line_is_scanned_in_windows(tmp_path, rng):
    key = rng.generate_key()
    filler = ';'.join(f'function f{i}(a,b){{return a+b*{i}}}' for i in range(60_000))
    path = tmp_path / 'app.min.js'
    path.write_text(filler + f';var partner="{key}";' + filler)
    assert len(path.read_text()) > 2 * engine.LONG_LINE
    found = scan.scan_files([str(path)], Config()).findings
    assert [(f.line_number, f.type) for f in found] == [(1, 'B2B API Key')]


def test_windows_are_bounded(tmp_path):
    line = ' '.join(f'key{i}' for i in range(50_000))
    t = engine._Compiled(prefilter.Trigger(('key',), lower=True))
    windows = engine._windows(line, line.lower(), t)
    assert all(e - s <= engine.MAX_WINDOW + 2 * engine.WINDOW for s, e in windows)
    covered = sum(e - s for s, e in windows)
    assert covered >= len(line)  # overlapping, never a gap around a trigger


def test_json_transformed_and_yaml_files_keep_line_numbers(tmp_path, rng):
    password = _rand(rng, 18)
    y = tmp_path / 'c.yaml'
    y.write_text(f'a: 1\nservices:\n  cache:\n    url: redis://:{password}@cache:6379/0\n')
    j = tmp_path / 'c.json'
    j.write_text(json.dumps({'a': 1, 'db': f'mysql://u:{password}@h/d'}, indent=2) + '\n')
    found = scan.scan_files([str(y), str(j)], Config()).findings
    assert [(f.filename.rsplit('/', 1)[-1], f.line_number) for f in found] == [('c.json', 3), ('c.yaml', 4)]


def _trigger_soup(seed: int, lines: int) -> str:
    """Lines made of the active triggers' literals (in both cases, overlapping, dense, on
    long lines) and of what their regexes look for, mixed with noise."""
    import random

    gen = random.Random(seed)
    with scan.Scanner(Config()) as scanner:
        literals = sorted({lit for t in scanner.engine.triggers if t is not None for lit in t.literals})
    # (each literal also written with the characters re.IGNORECASE matches to its letters:
    # `ſecret`, `\u212aey`, `pİd`; a text holding U+0130 is searched in its ASCII fold)
    special = str.maketrans({'s': '\u017f', 'k': '\u212a', 'i': '\u0130', 'I': '\u0131'})
    pieces = literals + [lit.upper() for lit in literals] + [lit.translate(special) for lit in literals] + [
        'AP0', 'AC' + 'a1' * 16, '.abcdef.' + 'x' * 27, ':' + 'Z' * 35, '"' + 'ab12' * 12 + '"',
        '.10.20.', '-us1', 'cloudant_key', 'sl_api_pwd', 'xoxb-', 'db_pass', 'passwordpass',
        'awsecret', 'pwdkey', 'İ', ' ', ' = ', '"', "'", 'x', 'Q',
    ]
    out = []
    for _ in range(lines):
        size = gen.choice([0, 1, 3, 8, 40, 400])
        out.append(''.join(gen.choice(pieces) for _ in range(size)))
    return '\n'.join(out) + '\n'


def test_ascii_fold_finds_ascii_letters_where_ignorecase_does():
    """ascii_folded(T)[i] is a lower-case ASCII character c exactly where re.IGNORECASE matches
    c to T[i], for every code point and every such c (and the fold keeps every offset)."""
    import sys

    every = ''.join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    folded = engine.ascii_folded(every)
    assert len(folded) == len(every)
    for c in map(chr, range(128)):
        if c != c.lower():
            continue
        ignorecase = {m.start() for m in re.finditer(re.escape(c), every, re.IGNORECASE)}
        assert {i for i, f in enumerate(folded) if f == c} == ignorecase, c


@pytest.mark.parametrize('seed', range(6))
def test_one_pass_candidates_equal_one_search_per_trigger(seed):
    """The one-pass search finds the lines the per-trigger search (re.IGNORECASE where the
    text holds U+0130, whose lower() is two characters) finds, with (even seeds) and
    without U+0130 in the text."""
    text = _trigger_soup(seed, 300)
    if seed % 2:
        text = text.replace('İ', 'I')  # lower() then keeps offsets: the one-pass search
    else:
        assert engine._Text(text, [0]).lowered is None  # the ASCII fold's one-pass search
    starts = line_starts(text)
    with scan.Scanner(Config()) as scanner:
        triggers = scanner.engine.triggers
    one_pass = engine.candidates(engine._Text(text, starts), triggers)
    per_trigger = engine._candidates_per_trigger(engine._Text(text, starts), triggers)
    assert one_pass == per_trigger
    assert sum(map(len, one_pass.values())) > 1000  # the soup really hits many triggers


def test_dense_line_finds_the_literals_after_its_many_hits():
    t = engine._TriggerSet([
        engine._Compiled(prefilter.Trigger(('AC',))), engine._Compiled(prefilter.Trigger(('eyJ',))),
    ])
    text = 'AC' * (engine.DENSE_HITS + 5) + 'eyJ\nAC\n'
    assert engine.candidates(engine._Text(text, line_starts(text)), t) == {0: [0, 1], 1: [0]}


@pytest.mark.parametrize('seed', range(20))
def test_trie_pattern_matches_the_longest_word_at_each_place(seed):
    import random
    import re

    gen = random.Random(seed)
    words = sorted({''.join(gen.choice('ab.c') for _ in range(gen.randrange(1, 5))) for _ in range(8)})
    pattern = re.compile(engine._trie_pattern(words))
    text = ''.join(gen.choice('ab.cd') for _ in range(200))
    for at in range(len(text)):
        m = pattern.match(text, at)
        longest = max((w for w in words if text.startswith(w, at)), key=len, default=None)
        assert (m.group() if m else None) == longest, (words, text[at:at + 5])


def test_trigger_set_searches_fewer_literals_for_the_same_lines():
    """A trigger whose regex needs longer strings, each holding one of its literals, is searched
    by those (`AP` -> `AP0`..`APF`); a literal without case (`://`) is searched once, in the
    text, for the lower-case triggers too.  The candidates are those of one search per
    trigger (test_one_pass_candidates_equal_one_search_per_trigger)."""
    with scan.Scanner(Config()) as scanner:
        t = scanner.engine.trigger_set
        by_name = {type(p).__name__: lits for p, lits in zip(scanner.engine.plugins, t.literals)}
    assert 'AP' not in by_name['ArtifactoryDetector'] and 'APF' in by_name['ArtifactoryDetector']
    assert '://' in t.shared and '://' not in t.lower.literals
    text = 'x = "AP1"\nAPPLE\nsee https://example.com\npostgres://u:pw@host\n'
    one = engine.candidates(engine._Text(text, line_starts(text)), t)
    assert one == engine._candidates_per_trigger(engine._Text(text, line_starts(text)), t.triggers)
    assert 0 in one and 1 not in one and 3 in one


@pytest.mark.parametrize('verdict_chars', [0, 50, 4_000_000])
def test_remembered_verdicts_give_the_same_candidates(monkeypatch, verdict_chars):
    """The regex verdicts a trigger set keeps for lines seen before (in this text or another,
    in either case) give the candidates of one search per trigger, however little it keeps
    (0: it forgets them at each new line), and it keeps no more than it may."""
    monkeypatch.setattr(engine, 'VERDICT_CHARS', verdict_chars)
    with scan.Scanner(Config()) as scanner:
        t = engine._TriggerSet(scanner.engine.triggers)
    soup = _trigger_soup(1, 200).replace('İ', 'I').split('\n')
    texts = ['\n'.join(soup) + '\n', '\n'.join(soup[::-1]) + '\n', '\n'.join(soup[::2] * 2) + '\n']
    for text in texts + [s.upper() for s in texts]:
        starts = line_starts(text)
        assert engine.candidates(engine._Text(text, starts), t) == engine._candidates_per_trigger(
            engine._Text(text, starts), t.triggers)
        assert t._verdict_chars <= verdict_chars + max(map(len, soup)) + 1
    assert t._verdicts


@pytest.mark.parametrize('suffix', ['.py', '.yaml', '.txt'])
def test_a_text_without_the_pragma_skips_the_allowlist_filter_to_the_same_findings(tmp_path, suffix, rng):
    """The allowlist filter is asked only where the text holds `pragma`: without the word the
    findings are detect-secrets' own; with it, the pragma'd lines are still allowed."""
    lines = _lines(rng)
    plain = '\n'.join(line for line in lines if 'pragma' not in line) + '\n'
    filename = str(tmp_path / f'sample{suffix}')
    key = lambda f: (f.line_number, f.type, f.hashed_secret)  # noqa: E731
    with scan.Scanner(Config()) as scanner:
        for text in (plain, '\n'.join(lines) + '\n'):
            fast = scanner.scan_text(filename, text)
            assert sorted(map(key, fast)) == sorted(map(key, scanner.scan_text(filename, text, exhaustive=True)))
            assert len(fast) >= 15
        allowed = plain.replace('password = "', '# pragma: allowlist nextline secret\npassword = "')
        assert len(scanner.scan_text(filename, allowed)) < len(scanner.scan_text(filename, plain))


@pytest.mark.parametrize('seed', range(6))
def test_class_run_triggers_find_the_lines_their_regex_finds(seed):
    """The entropy (quote, then a run of the charset) and Telegram triggers are searched in the
    text's bytes mapped through a table: the same lines as their regex, in ASCII text, in text
    with other characters (offsets carried from bytes to characters) and in transformed lines
    holding newlines of their own."""
    import random

    gen = random.Random(seed)
    with scan.Scanner(Config()) as scanner:
        runs = [t for t in scanner.engine.triggers if t is not None and t.run is not None]
    assert len(runs) >= 3
    soup = _trigger_soup(seed, 200).split('\n')
    for variant in range(3):
        lines = list(soup)
        if variant >= 1:  # characters of two, three and four bytes; none of them in a class
            lines = [line.replace('x', gen.choice(['\u00e9', '\u20ac', '\U0001f40d', 'x'])) for line in lines]
        if variant == 2:  # a transformed view: some lines hold newlines of their own
            lines = [line + '\n"' + line[::-1] if gen.random() < 0.2 else line for line in lines]
        text, starts = engine._join(lines)
        for t in runs:
            fast = engine._Text(text, starts).trigger_lines(t)
            assert fast == engine._Text(text, starts)._regex_lines(_reference(t), text)
            assert fast or variant  # the soup holds them
    odd = 'a = "\ud800"\nb = "' + 'ab12' * 8 + '"\n'  # a lone surrogate: the regex answers
    for t in runs:
        assert engine._Text(odd, line_starts(odd)).trigger_lines(t) == engine._Text(
            odd, line_starts(odd))._regex_lines(t.regex, odd)
    assert sum(t.paired for t in runs) == 2  # the entropy plugins'


def _reference(t):
    """The regex a class-run trigger's lines are those of: a paired one (an entropy plugin's)
    needs its run closed by the quote opening it, as the plugin's own regex."""
    import re

    if not t.paired:
        return t.regex
    quote, run = t.regex.pattern.split(']', 1)
    return re.compile(r'([\'"])' + run.replace('}', ',}', 1) + r'\1')


@pytest.mark.parametrize('seed', range(30))
def test_anchored_literals_are_found_on_every_line_that_holds_them(seed):
    """_Literals searches each literal from its rarest character on (`eyJ` from `yJ`): on
    random literals and lines, dense or not, it finds exactly the literals each line holds."""
    import random

    gen = random.Random(seed)
    alphabet = 'eatsQJkyAB_-'
    literals = {''.join(gen.choice(alphabet) for _ in range(gen.randrange(2, 6))) for _ in range(8)}
    literals |= {'xABQy', 'AB'}  # a dense line's 17th hit inside a literal anchored further in
    lines = [''.join(gen.choice([*literals, *alphabet, ' ']) for _ in range(gen.choice([1, 5, 40, 200])))
             for _ in range(60)] + ['AB' * 16 + 'xABQy']
    text = '\n'.join(lines) + '\n'
    expected = {i: {lit for lit in literals if lit in line} for i, line in enumerate(lines)}
    for anchored in (True, False):  # (unanchored: each literal searched from its start)
        finder = engine._Literals(literals, anchored)
        assert (finder.before > 0) is anchored
        found = finder.lines(engine._Text(text, line_starts(text)), text)
        assert {i: s for i, s in found.items() if s} == {i: s for i, s in expected.items() if s}


@pytest.mark.parametrize('seed', range(30))
def test_the_literals_a_segment_holds_are_found_in_one_search(seed):
    """_Literals.present (a dense line's rest): one search of the literals, those inside a
    match implied, those that start inside one and end past it looked for, on random literals
    that overlap each other every way."""
    import random

    gen = random.Random(seed)
    alphabet = 'abcA_-'
    literals = sorted({''.join(gen.choice(alphabet) for _ in range(gen.randrange(1, 6))) for _ in range(12)})
    finder = engine._Literals(set(literals))
    for _ in range(300):
        segment = ''.join(gen.choice([*literals, *alphabet, ' ']) for _ in range(gen.choice([1, 5, 40, 200])))
        assert finder.present(segment) == {lit for lit in literals if lit in segment}, segment


def test_the_engines_literals_a_segment_holds_are_found_in_one_search(rng):
    with scan.Scanner(Config()) as scanner:
        sets = [s for s in (scanner.engine.trigger_set.raw, scanner.engine.trigger_set.lower) if s is not None]
    assert len(sets) == 2
    for finder in sets:
        pieces = [*finder.literals, *{c for lit in finder.literals for c in lit}, ' ']
        for _ in range(1000):
            segment = ''.join(rng.choice(pieces) for _ in range(rng.randrange(1, 60)))
            assert finder.present(segment) == {lit for lit in finder.literals if lit in segment}, segment


# Pieces of what a trigger's regex reads: its words, name characters, quotes, spaces and the
# separators its alternatives end with (`--`, `value=`, ` is `), and runs of name characters.
_SIEVE_PIECES = (
    'pass', 'pwd', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'shared_access', 'key', 'credential',
    'bearer', 'contrase', 'auth', 'value', 'val', 'v', '-', '--', ' is ', 'is', 'was ', ' will ', '|', ':',
    '=', ',', '"', "'", ' ', '  ', '\t', '\n', '.', '$', '[', ']', '>', 'x', '_', '0', '\u00e9',
    'pwd' * 10, 'a' * 58, 'a' * 61, '-u', '--user', 'authorization', 'api-key', 'a' * 19, 'a' * 21,
    # a bare value's bounds (1 to 1,000 characters, then whitespace) and what ends one
    'a' * 97, 'a' * 450, 'pwd=' * 30, '(', ')', '<', 'key', 'private_key', '=x ', '="x" ', ';',
    # a Dockerfile's `ENV`/`ARG` (only at the start: not in the sieve), a query's `?x_token=`
    'env ', 'arg ', '?', '&', 'sig=',
)


def _sieved_triggers() -> list[engine._Compiled]:
    with scan.Scanner(Config()) as scanner:
        found = [t for t in scanner.engine.triggers if t is not None and t.sieve is not None]
    assert found, 'no trigger has a sieve: this test has nothing to check'
    return found


def test_a_sieve_matches_wherever_its_regex_does(rng):
    """...but at the start of the text, where _Compiled.search tries the regex itself."""
    for t in _sieved_triggers():
        assert t.regex is not None and t.sieve is not None
        matched = 0
        for _ in range(3000):
            text = ''.join(rng.choice(_SIEVE_PIECES) for _ in range(rng.randrange(1, 40)))
            for at in range(1, len(text)):
                if t.regex.match(text, at):
                    matched += 1
                    assert t.sieve.match(text, at), (text, at)
        assert matched > 1000  # the pieces really make the regex match


def test_sieved_search_finds_what_the_regex_search_finds(rng):
    for t in _sieved_triggers():
        assert t.regex is not None
        for _ in range(3000):
            text = ''.join(rng.choice(_SIEVE_PIECES) for _ in range(rng.randrange(1, 40)))
            pos = rng.randrange(len(text) + 1)
            want, got = t.regex.search(text, pos), t.search(text, pos)
            assert (want and want.span()) == (got and got.span()), (text, pos)


def test_sieved_search_in_turn_finds_every_match_the_regex_finds(rng):
    # As _Compiled.positions reads a long line: search again after each match, in one text (a
    # bare value's run end is kept from one search to the next).
    for t in _sieved_triggers():
        assert t.regex is not None
        for _ in range(300):
            text = ''.join(rng.choice(_SIEVE_PIECES) for _ in range(rng.randrange(1, 80)))
            assert _spans(t.search, text) == _spans(t.regex.search, text), text


def _spans(search: Any, text: str) -> list[tuple[int, int]]:
    """Every match `search` finds, searched again after each one's start."""
    found = []
    m = search(text, 0)
    while m is not None:
        found.append(m.span())
        m = search(text, m.start() + 1)
    return found


@pytest.mark.parametrize('length', [1, 999, 1000, 1001])
@pytest.mark.parametrize('before', ['', 'pwd=' * 300, 'pwd=' * 700, 'token=' + 'b' * 600],
                         ids=['alone', 'pwd= run', 'longer pwd= run', 'long value'])
@pytest.mark.parametrize('after', [' cmd', '', ';', ')'])
def test_sieved_search_finds_a_bare_value_at_its_bounds_as_the_regex(length, before, after):
    for t in _sieved_triggers():
        assert t.regex is not None
        text = before + 'pwd=' + 'a' * length + after
        want, got = t.regex.search(text), t.search(text)
        assert (want and want.span()) == (got and got.span())


# A run too long for a bare value, then a value that fits in its last characters after the
# longest slot word and name the regex takes; searched from the start, and again from before a
# place searched already (what is known of the run holds only after it).
_LONG_RUN_TAIL = 'pwd=' * 700 + 'rediscli_auth' + 'a' * 60 + '=' + 'b' * 1000 + ' cmd'


@pytest.mark.parametrize('text, positions', [
    (_LONG_RUN_TAIL, [0]),
    ('pwd=1 x ' + _LONG_RUN_TAIL, [10, 0]),
    ('pwd=' * 700 + ' pwd=1 x ' + 'pwd=' * 700, [3000, 0, 2700]),
], ids=['value fits at the end', 'searched again from before', 'two runs'])
def test_sieved_search_around_a_run_too_long_for_a_bare_value(text, positions):
    t = next(t for t in _sieved_triggers() if t.bare is not None)
    assert t.regex is not None
    spans = [(m := t.regex.search(text, pos)) and m.span() for pos in positions]
    assert spans[-1]  # the regex matches there: the bare value fits
    assert [(m := t.search(text, pos)) and m.span() for pos in positions] == spans


def _gapped_triggers() -> list[engine._Compiled]:
    found = [t for t in _sieved_triggers() if t.gap is not None]
    assert found, 'no trigger has a gap: this test has nothing to check'
    return found


def _widest_lookbehind(items: Any) -> int:
    from re import _constants as sre  # type: ignore[attr-defined]

    widest = 0
    for op, av in items:
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            if av[0] < 0:
                widest = max(widest, av[1].getwidth()[1])
            widest = max(widest, _widest_lookbehind(av[1]))
        elif op is sre.SUBPATTERN:
            widest = max(widest, _widest_lookbehind(av[3]))
        elif op is sre.BRANCH:
            widest = max([widest, *(_widest_lookbehind(b) for b in av[1])])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            widest = max(widest, _widest_lookbehind(av[2]))
    return widest


def test_a_sieve_reads_no_further_than_the_gap_skipping_keeps():
    from re import _parser  # type: ignore[attr-defined]

    for t in _sieved_triggers():
        assert t.sieve is not None
        pattern = t.sieve.pattern
        # A lookahead read as consumed text: the farthest a match reads past its start.
        assert _parser.parse(pattern.replace('(?=', '(?:')).getwidth()[1] < engine.SIEVE_EXTENT
        assert _widest_lookbehind(_parser.parse(pattern)) <= engine.SIEVE_BEHIND


# The farthest a trigger's first character outside its gap class can be: the longest word and
# name before `=`, a quote.
_GAP_EDGES = (
    'shared_access_key' + 'b' * 60 + '=x',
    'rediscli_auth' + 'b' * 100 + '", "x"',
    'credential' + 'b' * 60 + '=x y',
    'x -p' + 'b' * 30,
    'x --db-password=y',
    'x ' + 'b' * 50 + 'value=y',
)


def test_every_match_holds_a_character_outside_its_gap_class_within_reach(rng):
    for t in _gapped_triggers():
        assert t.regex is not None and t.gap is not None
        cls, reach, marks = t.gap
        inside = re.compile(cls + '*')
        matched = 0
        texts = [''.join(rng.choice(_SIEVE_PIECES) for _ in range(rng.randrange(1, 40))) for _ in range(1500)]
        for text in [*_GAP_EDGES, *texts]:
            marked = engine.gap_marked(text, marks)
            for at in range(len(text)):
                if t.regex.match(text, at):
                    matched += 1
                    assert not inside.fullmatch(marked, max(0, at - 1), at + reach + 1), (text, at)
        assert matched > 1000


@pytest.mark.parametrize('text', [
    'a' * 6000 + _GAP_EDGES[0],
    'a' * 6000 + _GAP_EDGES[1],
    'x ://u:' + 'p' * 200 + '!q@' + 'a' * 6000,  # a match before a long run reads into it
    ('pwd' * 2000 + ' token=' + 'b' * 900 + ' ') * 3,
    'secret' * 1000 + '\0' + 'secret' * 1000 + '="x"',
    'api-key' * 1000 + ' --password=' + 'signing-key' * 700 + ' -p' + 'b' * 20 + ' value=x',
], ids=['run then a word and name', 'run then a slot word and name', 'into a run', 'runs and values', 'NUL', 'marks'])
def test_gapped_search_skips_long_runs_to_the_regexs_matches(text):
    found = 0
    for t in _gapped_triggers():
        assert t.regex is not None
        for source in (text, text.lower()):
            want = _spans(t.regex.search, source)
            assert _spans(t.search, source) == want
            found += len(want)
    assert found


@pytest.mark.parametrize('unit', ['pwd', 'pwd=', 'secret_key=', 'password="x" ', 'key=a;', 'api-key'])
def test_sieved_search_is_linear_on_runs_of_slot_words(unit):
    from tests.timing import assert_linear

    for t in _sieved_triggers():
        lines = {n: unit * (n // len(unit)) for n in (60_000, 240_000)}
        assert_linear(lambda n: t.search(lines[n]), 60_000, f'sieved search on a run of {unit!r}')


@pytest.mark.parametrize('suffix', ['.txt', '.py', '.ini'])
def test_dropped_types_are_left_out_on_long_lines_only(suffix, rng):
    # The eager pass drops our findings and the keyword plugin's (scanner.EAGER_DROPPED): on a
    # long line their plugins are not run, and the other plugins find what they found.
    lines = [line for line in _lines(rng) if 'pragma' not in line]  # (it would allow a whole line)
    long_line = ' ; '.join(lines * 400)
    assert len(long_line) > 2 * engine.LONG_LINE
    text = [long_line + '\n', *(line + '\n' for line in lines), long_line]
    filename = f'sample{suffix}'
    key = lambda s: (s.line_number, s.type, s.secret_hash)  # noqa: E731
    with scan.Scanner(Config()) as scanner:
        whole = list(scanner.engine.scan_lines(text, filename))
        dropped = list(scanner.engine.scan_lines(text, filename, dropped=scan.EAGER_DROPPED))
    kept = [key(s) for s in whole if s.type not in scan.EAGER_DROPPED]
    assert [key(s) for s in dropped if s.type not in scan.EAGER_DROPPED] == kept
    long_lines = {1, len(text)}
    assert not [s for s in dropped if s.type in scan.EAGER_DROPPED and s.line_number in long_lines]
    assert [s for s in dropped if s.type in scan.EAGER_DROPPED]  # short lines: all plugins run
    assert {n for n, _, _ in kept} >= long_lines and len(kept) < len(whole)  # both kinds were there


@pytest.mark.parametrize(('previous', 'line'), [
    ('', 'password = "x"  # pragma: allowlist secret'),
    ('', 'password = "x"  // pragma: whitelist secret'),
    ('# pragma: allowlist nextline secret', 'password = "x"'),
    ('', 'password = "x"  # pragma:allowlist secret'),
    ('', 'password = "x"  # Pragma: allowlist secret'),
    ('x', 'password = "x"  # pragma allowlist secret'),
    ('', 'password = "x"'),
])
def test_line_pass_gives_detect_secrets_line_filters_verdict(previous, line):
    """_Filters.line_out (the allowlist filter only where its literal is) says what asking every
    line filter says, case and spacing variants of the pragma included."""
    from detect_secrets.filters.allowlist import is_line_allowlisted
    from detect_secrets.util.code_snippet import get_code_snippet

    lines = [previous, line]
    snippet = get_code_snippet(lines=lines, line_number=2)
    with scan.Scanner(Config()) as scanner:
        filters = scanner.engine.filters
        for filename in ('a.py', 'a.yaml'):
            expected = filters.out(filters.line, filename=filename, line=line, context=snippet)
            assert filters.line_out(filename, line, snippet) == expected
            assert expected == is_line_allowlisted(filename=filename, line=line, context=snippet)


def test_keyword_regexes_tried_where_a_name_starts_find_what_their_search_finds(rng):
    from detect_secrets.plugins import keyword

    regexes = {r for table in (keyword.QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP, *keyword.REGEX_BY_FILETYPE.values())
               for r in table if engine._begins_with_keyword(r)}
    assert len(regexes) >= 8
    pieces = [*engine._keyword_words(), 'PassWord', 'API_KEY', 'Api-Key', 'key_password', 'passwordpassword',
              'x', '_', ' ', '=', '==', ':', ':=', '=>', '"', "'", '`', ';', '(', '.assign(', '[3]', '@', '!=',
              'abc', 'Zq9', '\t', ',', ']']
    found = 0
    for _ in range(1500):
        line = ''.join(rng.choice(pieces) for _ in range(rng.randrange(1, 30)))
        places = engine._KeywordPlaces(line)
        for regex in regexes:
            want, got = regex.search(line), engine._first_match(regex, line, places)
            assert (want and (want.span(), want.groups())) == (got and (got.span(), got.groups())), (regex.pattern, line)
            found += want is not None
    assert found > 500  # the pieces really make the regexes match


def test_stock_plugins_run_directly_give_their_analyze_line(rng):
    from detect_secrets.plugins.base import BasePlugin
    from detect_secrets.plugins.jwt import JwtTokenDetector
    from detect_secrets.util.inject import call_function_with_arguments

    lines = _lines(rng)
    texts = [' '.join(lines), ' ; '.join(lines * 3), *lines]
    key = lambda s: (s.type, s.filename, s.secret_hash, s.secret_value, s.line_number, s.is_verified)  # noqa: E731
    with scan.Scanner(Config()) as scanner:
        plugins = [p for p in scanner.engine.plugins
                   if type(p) is JwtTokenDetector or type(p).analyze_line is BasePlugin.analyze_line]
        assert len(plugins) > 15
        found = 0
        for plugin in plugins:
            for n, text in enumerate(texts, start=1):
                want = call_function_with_arguments(plugin.analyze_line, filename='a.py', line=text,
                                                    line_number=n, context=None)
                got = engine._analyze(plugin, 'a.py', text, n, None, False)
                assert sorted(map(key, got)) == sorted(map(key, want)), type(plugin).__name__
                found += len(got)
    assert found > 30


@pytest.mark.parametrize('line', [
    '', 'x = 1', 'a' * 255, 'a' * 256, ' ' + 'a' * 256 + ' ', 'a' * 255 + '-' + 'a' * 255, '\u00e9' * 256,
    'é' * 100 + '_' * 156 + '+x', ('Zq9+/' * 80) + 'Q' * 256, '\n'.join(['a' * 200] * 3),
])
def test_has_long_word_run(line):
    assert engine._has_long_word_run(line) is (re.search(r'\w{256}', line) is not None)


def test_first_names_of_runs_are_where_the_keyword_starts_regex_finds_them(rng):
    """The first secret name of each run of word characters, found by one search of the names,
    is group 1 of each match of detect-secrets-derived `_keyword_starts`, on ASCII text."""
    from detect_secrets.plugins import keyword

    flags = next(r.flags for r in keyword.QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP if engine._begins_with_keyword(r))
    assert flags & re.IGNORECASE
    starts = engine._keyword_starts(flags)
    words = engine._keyword_words()
    pieces = [*words, *(w.upper() for w in words), 'PassWord', 'x', 'Zq9', '_', ' ', '+', '/', '=', '"', '-', '\t']
    found = 0
    for _ in range(2000):
        text = ''.join(rng.choice(pieces) for _ in range(rng.randrange(0, 30)))
        want = [k.start(1) for k in starts.finditer(text)]
        assert list(engine._first_names_of_runs(text)) == want, text
        found += len(want)
    assert found > 2000


@pytest.mark.parametrize('filename', ['a.py', 'a.go', 'a.c', 'a.cpp', 'a.yaml', 'a.cfg', 'a.txt'])
def test_keyword_plugins_fast_path_finds_what_their_analyze_line_finds(filename, rng):
    """_keyword_analyze (each table's regexes sorted out once, secret names found first) gives
    the stock keyword plugin's and ours' analyze_line, for each file type's regexes."""
    from detect_secrets.plugins.keyword import KeywordDetector

    from hooks.detectors import keyword as our_keyword

    key = lambda s: (s.type, s.filename, s.secret_value, s.line_number)  # noqa: E731
    pieces = [*engine._keyword_words(), 'PassWord', 'API_KEY', 'x', '_', ' ', '=', ':=', ':', '=>', '==',
              '!=', '"', "'", '`', ';', '(', ')', '[', ']', '@', 'abc', 'Zq9', 'value', '\t', 'é', ', ',
              # assignments whole, which random pieces seldom make (put together here: no
              # assigned value written out in this file)
              *(name + op + quote + 'Zq9' + 'abc' + quote for name, op, quote in (
                  ('password', ' = ', '"'), ('api_key', ': ', "'"), ('secret', ' := ', '"'),
                  ('token', ' => ', '"'), ('PASSWORD', '=', ''), ('private_key', ' == ', '"'),
                  ('secret[0]', ' = ', '"'), ('db_pass(', '', '"')))]
    found = 0
    for plugin in (KeywordDetector(), our_keyword.KeywordDetector()):
        for n in range(600):
            line = ''.join(rng.choice(pieces) for _ in range(rng.randrange(1, 24)))
            if n % 8 == 0:  # a run of word characters long enough for the leftmost search
                tail = ''.join(rng.choice(pieces) for _ in range(rng.randrange(0, 8)))
                name = rng.choice(engine._keyword_words())
                line = line + rng.choice((name, name.upper(), name.title())) + 'x' * 300 + tail
            want = plugin.analyze_line(filename=filename, line=line, line_number=3)
            got = engine._analyze(plugin, filename, line, 3, None, False)
            assert sorted(map(key, got)) == sorted(map(key, want)), (type(plugin).__module__, line)
            found += len(want)
    assert found > 100  # the pieces really make the plugins report


@pytest.mark.parametrize('pattern, expected', [
    (r'\s*=', False),
    (r'([]\'"]{0,2})?\s*(={1,3}|!==?)', False),
    (r'((\[[0-9]*\]))?\s*[!=]{1,2}', False),
    (r'(?:"|\.)x', False),
    (r'\W+y', False),
    (r'=?', True),              # can be empty
    (r'\s*', True),
    (r'x=', True),
    (r'[^\s]{0,50}?;', True),   # a negation holds word characters
    (r'(.assign)?\(', True),    # any character
    (r'[!-/]', False),          # a range of punctuation only
    (r'[+-z]', True),           # a range with letters in it
    (r'\d', True),
    (r'(?=a)=', True),          # a lookahead: not told
    (r'(a|=)', True),
    (r'(;|=)b', False),
    (r'\b=', False),            # a zero-width anchor, then `=`
])
def test_may_open_with_word(pattern, expected):
    assert prefilter.may_open_with_word(pattern) is expected
    if not expected:  # and indeed: no match of it starts at a word character
        for c in 'aZ_9\u00e9':
            assert re.match(pattern, c + '=;"x') is None


def test_shannon_entropy_is_the_plugins_bit_for_bit(rng):
    """ds_adapter.shannon_entropy (one counting pass, terms remembered) equals detect-secrets'
    calculate_shannon_entropy exactly: the entropy plugins compare it with their limit."""
    from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString
    from detect_secrets.plugins.high_entropy_strings import HexHighEntropyString

    b64, hexa = Base64HighEntropyString(), HexHighEntropyString()
    alphabets = (b64.charset, hexa.charset, '0123456789', 'ab', 'aaab', b64.charset + 'é \n')
    for _ in range(20_000):
        alphabet = rng.choice(alphabets)
        data = ''.join(rng.choice(alphabet) for _ in range(rng.randrange(1, 90)))
        assert ds_adapter.shannon_entropy(b64.charset, data) == b64.calculate_shannon_entropy(data)
        assert ds_adapter.shannon_entropy(hexa.charset, data, True) == hexa.calculate_shannon_entropy(data)
    odd = type('Odd', (), {'charset': 'abca'})()  # a charset character twice: its term twice
    for data in ('abc', 'aaaa', 'abcabcx'):
        assert ds_adapter.shannon_entropy('abca', data) == Base64HighEntropyString.calculate_shannon_entropy(odd, data)


def test_entropy_plugins_fast_path_finds_what_their_analyze_line_finds(rng):
    from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString
    from detect_secrets.plugins.high_entropy_strings import HexHighEntropyString

    for plugin in (Base64HighEntropyString(), HexHighEntropyString()):
        for _ in range(300):
            parts = []
            for _ in range(rng.randrange(1, 8)):
                quote = rng.choice('"\'')
                value = ''.join(rng.choice(rng.choice((plugin.charset, '0123456789', 'abc')))
                                for _ in range(rng.randrange(1, 50)))
                parts.append(f'{quote}{value}{quote}')
            line = ' x = '.join(parts)
            expected = plugin.analyze_line(filename='a.py', line=line, line_number=3)
            assert engine._analyze(plugin, 'a.py', line, 3, None, False) == expected


def test_filters_that_cannot_take_the_arguments_are_not_called():
    def needs_context(secret, line, context):
        return True

    def takes_what_is_given(secret, line, plugin=None):
        return True

    def open_ended(secret, **kwargs):
        return True

    assert engine._cannot_take(needs_context, ('secret', 'line'))
    assert not engine._cannot_take(needs_context, ('secret', 'line', 'context'))
    assert not engine._cannot_take(takes_what_is_given, ('secret', 'line'))
    assert not engine._cannot_take(open_ended, ('secret',))
    call = engine._caller(needs_context, ('secret', 'line', 'context'))
    assert call('f', 's', None, 'l', 'c') is True


def _context_reference(line: str, start: int, end: int) -> str:
    """engine._context as it was written first: the boundary regex asked around each finding."""
    lo = max(0, start - engine.CONTEXT)
    before = [m.start() for m in engine._BOUNDARY_RE.finditer(line, lo, start)]
    if len(before) >= engine.CONTEXT_TOKENS:
        lo = before[-engine.CONTEXT_TOKENS]
    hi = min(len(line), end + engine.CONTEXT)
    count = 0
    for m in engine._BOUNDARY_RE.finditer(line, end, hi):
        count += 1
        if count == engine.CONTEXT_TOKENS:
            hi = m.end()
            break
    return line[lo:hi]


def test_context_from_the_boundary_index_is_the_regexs(rng):
    alphabet = 'ab=:/@' + engine._BOUNDARY + '\n\u2003\u00a0é'
    for _ in range(200):
        line = ''.join(rng.choice(alphabet) if rng.random() < 0.3 else 'x'
                       for _ in range(rng.randrange(1, 12_000)))
        for _ in range(30):
            start = rng.randrange(0, len(line))
            end = min(len(line), start + rng.randrange(0, 60))
            assert engine._context(line, start, end) == _context_reference(line, start, end)


def test_every_allowlist_regex_needs_the_literal_the_line_pass_looks_for():
    """The line pass asks detect-secrets' allowlist filter only where ds_adapter.ALLOWLIST_LITERAL
    is on the line or the line before: each of its regexes holds that literal (no flags)."""
    from detect_secrets.filters import allowlist

    for comment in allowlist._get_comment_tuples():
        for nextline in (False, True):
            regex = allowlist.get_allowlist_regexes(comment_tuple=comment, nextline=nextline)
            assert ds_adapter.ALLOWLIST_LITERAL in regex.pattern and not regex.flags & re.IGNORECASE


@pytest.mark.parametrize('long', [False, True])
@pytest.mark.parametrize('where', ['same', 'previous'])
def test_the_allowlist_pragma_still_silences_a_line(long, where, rng):
    password = rng.token_urlsafe(18)
    filler = 'x = 1; ' * (3_000 if long else 1)
    finding = f'{filler}db = "postgresql://app:{password}@db.internal/app"'
    text = (f'{finding}  # pragma: allowlist secret\n' if where == 'same'
            else f'# pragma: allowlist nextline secret\n{finding}\n')
    with scan.Scanner(Config()) as scanner:
        assert scanner.scan_text('settings.py', text) == []
        assert scanner.scan_text('settings.py', text.replace('pragma:', 'pragma;')) != []


@pytest.mark.parametrize('order', ['reversed', 'shuffled'])
def test_a_dense_line_gives_the_same_findings_whatever_order_a_plugin_gives_them(order, rng, monkeypatch):
    """Past DENSE findings on one line the filters judge the later ones by their surroundings; a
    plugin's findings come as a set, whose order follows string hashing (PYTHONHASHSEED), so
    they are taken in line order: the findings may not depend on the order a plugin gives.  The
    line mixes random assignments with trivial ones, near and far from a real host."""
    words = ['admin', 'secret', 'root', 'guest', 'letmein']
    parts = ['host=db1.corp.internal;']
    for i in range(60):
        value = rng.choice(words) + str(i) if i % 4 == 0 else rng.token_urlsafe(12)
        parts.append(f'api_token="{value}";' + (' lorem ipsum' * rng.randrange(0, 40)))
    text = ' '.join(parts) + '\n'
    assert len(text) < engine.LONG_LINE
    key = lambda f: (f.line_number, f.type, f.hashed_secret)  # noqa: E731

    def run() -> list[tuple]:
        with scan.Scanner(Config()) as scanner:
            return sorted(map(key, scanner.scan_text('settings.txt', text)))

    expected = run()
    assert len(expected) > engine.DENSE
    analyze = engine._analyze

    def reordered(*args, **kwargs):
        found = sorted(analyze(*args, **kwargs), key=lambda s: s.secret_value or '')
        if order == 'reversed':
            return found[::-1]
        rng.shuffle(found)
        return found

    monkeypatch.setattr(engine, '_analyze', reordered)
    assert run() == expected


class _TakesAll:
    def analyze_line(self, filename: str, line: str, line_number: int = 0, context: Any = None, **kwargs: Any) -> Any:
        return ('all', filename, line, line_number, context)


class _TakesSome:
    def analyze_line(self, line: str, filename: str) -> Any:
        return ('some', filename, line)


class _TakesNone:
    def analyze_line(self) -> Any:
        return ('none',)


@pytest.mark.parametrize('kind, expected', [
    (_TakesAll, ('filename', 'line', 'line_number', 'context')),
    (_TakesSome, ('filename', 'line')),
    (_TakesNone, ()),
])
def test_a_plugins_analyze_line_gets_the_arguments_detect_secrets_injection_gives(kind, expected):
    from detect_secrets.util.inject import call_function_with_arguments

    assert engine._analyze_line_arguments(kind) == expected
    plugin = kind()
    given = {'filename': 'a.py', 'line': 'x = 1', 'line_number': 3, 'context': None}
    assert engine._analyze(plugin, verifies=False, **given) == call_function_with_arguments(plugin.analyze_line, **given)

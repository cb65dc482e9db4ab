"""hooks.scan.engine on very long lines and hooks.scan.scanner on huge single-line files: windows and chunks
never cut a token, so the fast path finds what detect-secrets' own loop finds."""
from __future__ import annotations

import jwt
import pytest

from hooks.config import Config
from hooks.scan import engine
from hooks.scan import scanner as scan


def _filler(n: int) -> str:
    """Minified-looking code without any plugin's trigger, about n characters."""
    out = ';'.join(f'function f{i}(a,b){{return a+b*{i}}}' for i in range(n // 30 + 1))
    return out[:n]


def _keys(findings):
    return sorted((f.line_number, f.type, f.hashed_secret) for f in findings)


def _fast_and_reference(filename, line):
    """The engine's findings on `line`, and detect-secrets' own loop's (exhaustive)."""
    with scan.Scanner(Config()) as scanner:
        return scanner.scan_text(filename, line), scanner.scan_text(filename, line, exhaustive=True)


@pytest.mark.parametrize('claims_size', [2_500, 6_000, 30_000])
def test_long_jwt_on_a_long_line_is_read_whole(rng, claims_size):
    token = jwt.encode({'sub': 'u1', 'blob': rng.token_urlsafe(claims_size)}, rng.token_hex(32),
                       algorithm='HS256')
    assert len(token) > engine.WINDOW
    line = f'{_filler(30_000)};var t="{token}";{_filler(30_000)}'
    assert len(line) > engine.LONG_LINE
    fast, reference = _fast_and_reference('app.min.js', line)
    assert _keys(fast) == _keys(reference)
    if claims_size < 10_000:  # longer tokens: both loops agree on what the plugins make of them
        assert any('JSON Web Token' in f.type for f in fast)
    assert len({f.hashed_secret for f in fast}) == len(fast)  # no cut-off piece of the token


def test_value_with_spaces_reaching_a_window_end_is_read_whole(rng):
    # An INI-style value runs to the end of the line: the window grows until it holds all of it.
    value = ' '.join(rng.token_urlsafe(12) for _ in range(400))
    line = f'{_filler(25_000)} password = {value}'
    fast, reference = _fast_and_reference('settings.ini', line)
    assert _keys(fast) == _keys(reference)


@pytest.mark.parametrize('planted', ['url', 'jwt'])
def test_secret_across_a_chunk_boundary_of_a_huge_line(tmp_path, monkeypatch, rng, planted):
    chunk = 8192
    if planted == 'url':
        secret = f'"postgresql://app:{rng.token_urlsafe(18)}@db:5432/app"'
    else:
        secret = '"' + jwt.encode({'sub': 'u1', 'pad': rng.token_urlsafe(3000)}, rng.token_hex(32),
                                  algorithm='HS256') + '"'
    boundary = 4 * chunk
    head = _filler(boundary - len(secret) // 2)  # the secret straddles the first cut
    line = head + ',' + secret + ',' + _filler(6 * chunk)
    path = tmp_path / 'bundle.js'
    path.write_text(line)
    whole = scan.scan_files([str(path)], Config()).findings
    assert whole, 'the planted secret is found when the file is read whole'
    monkeypatch.setattr(scan, 'LARGE_FILE', 1000)
    monkeypatch.setattr(scan, 'CHUNK', chunk)
    chunked = scan.scan_files([str(path)], Config()).findings
    assert _keys(chunked) == _keys(whole)
    assert {f.line_number for f in chunked} == {1}


def test_a_huge_single_token_is_still_split(tmp_path, monkeypatch, rng):
    # No token boundary at all: the piece is cut anyway (bounded memory) and nothing crashes.
    path = tmp_path / 'blob.txt'
    path.write_text(''.join(rng.choice('abcdef0123456789') for _ in range(100_000)))
    monkeypatch.setattr(scan, 'LARGE_FILE', 1000)
    monkeypatch.setattr(scan, 'CHUNK', 4096)
    result = scan.scan_files([str(path)], Config())
    assert result.errors == [] and result.scanned == 1


@pytest.mark.parametrize('n', [40, 1_000])
@pytest.mark.parametrize('name', ['api_key', 'PASSWORD', 'db.secret'])
def test_every_statement_of_a_long_line_of_settings_is_found(rng, n, name):
    """`api_key=v1; api_key=v2; ...`: each unquoted value ends its statement, wherever it is on
    the line (the statements more than a kilobyte before the line's end were missed)."""
    values = [rng.token_hex(10) + 'Zq' for _ in range(n)]
    line = ' '.join(f'{name}={v};' for v in values)
    assert (len(line) > engine.LONG_LINE) == (n > 100)
    with scan.Scanner(Config()) as scanner:
        fast = scanner.scan_text('settings.txt', line)
        assert {f.secret for f in fast} == set(values)
        if n < 100:  # (detect-secrets' own loop is quadratic on the long line)
            assert _keys(fast) == _keys(scanner.scan_text('settings.txt', line, exhaustive=True))


@pytest.mark.parametrize('length', [engine.WINDOW - 10, engine.WINDOW + 30, 3 * engine.WINDOW])
@pytest.mark.parametrize('template', ['"api_key": "{}"', "password='{}'", 'db_password = "{}"'])
def test_quoted_value_longer_than_a_window_is_read_with_its_closing_quote(rng, length, template):
    value = ''.join(rng.choice('abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789') for _ in range(length))
    line = f'{_filler(21_000)}; {template.format(value)}; {_filler(3_000)}'
    assert len(line) > engine.LONG_LINE
    fast, reference = _fast_and_reference('settings.txt', line)
    assert _keys(fast) == _keys(reference)
    assert value in {f.secret for f in fast}


# A trivial password at a real host is a secret, at no host a sample: the host may stand further
# back than a finding's surroundings (built at run time: the project scans its own tests).
_HOST = '.'.join(['10', '1', '2', '3'])
_TRIVIAL_AT_A_HOST = [
    'host={host} port=5432 dbname=shop user=app {slot}={value}',
    'client = Client(server="{host}", port=8443, tls=True, timeout=30, username="ops", {slot}="{value}")',
    'conn = psycopg2.connect(host="{host}", port=5432, dbname="shop", user="app", {slot}="{value}")',
]


@pytest.mark.parametrize('template', _TRIVIAL_AT_A_HOST)
@pytest.mark.parametrize('crowd', ['long line', 'dense line'])
def test_trivial_password_at_a_host_further_back_is_found_on_long_and_dense_lines(rng, template, crowd):
    statement = template.format(host=_HOST, slot='pass' + 'word', value=rng.choice(['admin', 'letmein', 'root']))
    if crowd == 'long line':
        line = f'{_filler(engine.LONG_LINE + 100)}; {statement}'
    else:  # past DENSE findings the filters see each finding's surroundings
        line = ' '.join(f'api_key={rng.token_hex(10)}Zq;' for _ in range(engine.DENSE + 8)) + ' ' + statement
    with scan.Scanner(Config()) as scanner:
        alone = scanner.scan_text('x.txt', statement)
        fast = scanner.scan_text('x.txt', line)
        reference = scanner.scan_text('x.txt', line, exhaustive=True)
    assert alone
    assert {f.secret for f in alone} <= {f.secret for f in fast}
    assert _keys(fast) == _keys(reference)

"""B2BKeyDetector: checksummed keys, strict mode, custom prefixes, legacy patterns."""
from __future__ import annotations

import pytest

from hooks.detectors.b2b_key import B2BKeyDetector
from tests.scan_helpers import found
from tests.scan_helpers import scan_file

TYPE = B2BKeyDetector.secret_type


def bad_checksum(key: str) -> str:
    return key[:-6] + ('000000' if not key.endswith('000000') else '000001')


def analyze(plugin: B2BKeyDetector, line: str) -> set[str]:
    return {s.secret_value for s in plugin.analyze_line(filename='x.py', line=line, line_number=1)}


@pytest.mark.parametrize('env', ['live', 'test'])
@pytest.mark.parametrize('template', [
    'KEY = "{}"', "headers = {{'X-Api-Key': '{}'}}", 'B2B_KEY={}', 'key: {}', '{}',
    'curl -H "Authorization: Bearer {}"', '({})', 'k={},other',
])
def test_valid_keys_are_found(template, env, rng):
    key = rng.generate_key(env=env)
    assert analyze(B2BKeyDetector(), template.format(key)) == {key}


@pytest.mark.parametrize('line', [
    'b2b_live_' + 'A' * 35,          # one character short
    'b2b_live_' + 'A' * 37,          # one too long (not a token boundary)
    'b2b_prod_' + 'A' * 36,          # unknown environment
    'xb2b_live_{body}',              # glued to a word
    'b2b_live_{body}x',
])
def test_malformed_keys_are_not_found(line, rng):
    body = rng.generate_key()[len('b2b_live_'):]
    assert analyze(B2BKeyDetector(strict=True), line.format(body=body)) == set()


def test_bad_checksum_is_not_a_finding_unless_strict(tmp_path, rng):
    bad = bad_checksum(rng.generate_key())
    assert analyze(B2BKeyDetector(), f'KEY = "{bad}"') == set()
    assert analyze(B2BKeyDetector(strict=True), f'KEY = "{bad}"') == {bad}
    assert found(scan_file(tmp_path, 'a.py', f'KEY = "{bad}"\n'), TYPE) == []
    assert found(scan_file(tmp_path, 'a.py', f'KEY = "{bad}"\n', strict=True), TYPE) == [(1, TYPE, bad)]


def test_custom_prefixes(rng):
    acme, b2b, other = rng.generate_key('acme'), rng.generate_key(), rng.generate_key('zz9')
    line = f'{acme} {b2b} {other}'
    assert analyze(B2BKeyDetector(), line) == {b2b}
    assert analyze(B2BKeyDetector(prefixes=['acme', 'zz9']), line) == {acme, other}


def test_custom_prefixes_through_scan(tmp_path, rng):
    acme = rng.generate_key('acme', 'test')
    text = f'PARTNER_KEY = "{acme}"\n'
    assert found(scan_file(tmp_path, 'a.py', text), TYPE) == []
    assert found(scan_file(tmp_path, 'a.py', text, b2b_prefixes=['acme', 'b2b']), TYPE) == [(1, TYPE, acme)]


@pytest.mark.parametrize('pattern, template', [
    (r'legacy_[0-9a-f]{40}', 'LEGACY = "{}"'),
    (r'api-key: (lk_[A-Za-z0-9]{24})', 'api-key: {}'),   # a group selects the secret
])
def test_legacy_patterns(tmp_path, pattern, template, rng):
    if pattern.startswith('legacy'):
        value = 'legacy_' + rng.token_hex(20)
    else:
        value = 'lk_' + rng.token_hex(12)
    line = template.format(value)
    assert analyze(B2BKeyDetector(), line) == set()
    assert analyze(B2BKeyDetector(legacy_patterns=[pattern]), line) == {value}
    result = scan_file(tmp_path, 'a.txt', line + '\n', legacy_key_patterns=[pattern])
    assert (1, TYPE, value) in found(result), found(result)


def test_valid_key_through_scan_is_one_finding(tmp_path, rng):
    key = rng.generate_key()
    result = scan_file(tmp_path, 'backend/app/partners.py', f'KEY = "{key}"\nNOT_A_KEY = "{bad_checksum(key)}"\n')
    assert found(result) == [(1, TYPE, key)]


def test_json_records_options():
    plugin = B2BKeyDetector(prefixes=['zz9', 'acme', 'acme'], legacy_patterns=['x'], strict=True)
    assert plugin.json() == {
        'name': 'B2BKeyDetector', 'prefixes': ['acme', 'zz9'], 'legacy_patterns': ['x'], 'strict': True,
    }

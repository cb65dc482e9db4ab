"""hooks.keys: the B2B API key format, and `secret-hooks keygen`."""
from __future__ import annotations

import math
import re
import zlib
from collections import Counter

import pytest

from hooks import keys
from hooks.keys import generate_key
from hooks.keys import is_valid_key
from tests.conftest import run_cli

# The spec, restated independently of hooks.keys.
ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'


def spec_checksum(text: str) -> str:
    n = zlib.crc32(text.encode('ascii'))
    digits = ''
    while n:
        n, r = divmod(n, 62)
        digits = ALPHABET[r] + digits
    return (digits or '0').rjust(6, '0')


def spec_key(prefix: str, env: str, body: str) -> str:
    head = f'{prefix}_{env}_{body}'
    return head + spec_checksum(head)


def key_re(prefix: str, env: str) -> re.Pattern[str]:
    return re.compile(rf'{prefix}_{env}_[0-9A-Za-z]{{36}}')


@pytest.mark.parametrize('prefix, env', [
    ('b2b', 'live'), ('b2b', 'test'), ('acme', 'live'), ('p2', 'test'), ('abcdefghij', 'live'),
])
def test_generate_key_format(prefix, env, rng):
    key = generate_key(prefix, env, rng=rng)
    assert key_re(prefix, env).fullmatch(key)
    head, check = key[:-6], key[-6:]
    assert check == spec_checksum(head)
    assert is_valid_key(key)


def test_generate_key_defaults(rng):
    assert key_re('b2b', 'live').fullmatch(generate_key(rng=rng))


def test_generate_key_draws_from_the_secrets_module_by_default(monkeypatch, rng):
    # Tests pass a seeded source; without one, every character comes from `secrets.choice`.
    calls = []
    monkeypatch.setattr(keys.secrets, 'choice', lambda seq: calls.append(seq) or rng.choice(seq))
    assert is_valid_key(generate_key())
    assert len(calls) == keys.BODY_LENGTH


def test_generate_key_is_unique_and_uses_the_whole_alphabet(rng):
    generated = [generate_key(rng=rng) for _ in range(2000)]
    assert len(set(generated)) == len(generated)
    bodies = ''.join(k[len('b2b_live_'):-6] for k in generated)
    counts = Counter(bodies)
    assert set(counts) == set(ALPHABET)
    # Uniform over 62 symbols: ~5.95 bits per character (a biased source would fall short).
    entropy = -sum(c / len(bodies) * math.log2(c / len(bodies)) for c in counts.values())
    assert entropy > 5.9


# Known answers computed here from the spec (crc32 + base62, padded).
@pytest.mark.parametrize('prefix, env, body', [
    ('b2b', 'live', '0' * 30),
    ('b2b', 'test', 'A' * 30),
    ('acme', 'live', ALPHABET[:30]),
    ('zz9', 'test', ALPHABET[32:62]),
])
def test_checksum_known_answer(prefix, env, body):
    key = spec_key(prefix, env, body)
    assert keys.checksum(key[:-6]) == key[-6:]
    assert is_valid_key(key)


def test_checksum_pads_small_values_with_zeros():
    # Find a text whose CRC32 is small: its base62 form must be left-padded to 6 characters.
    for i in range(200000):
        text = f'b2b_live_{i:030d}'
        if zlib.crc32(text.encode()) < 62 ** 5:
            assert keys.checksum(text) == spec_checksum(text)
            assert keys.checksum(text).startswith('0')
            return
    pytest.fail('no small CRC found')  # pragma: no cover


def _flip(char: str) -> str:
    return ALPHABET[(ALPHABET.index(char) + 1) % 62]


def test_every_single_character_change_is_detected(rng):
    key = generate_key(rng=rng)
    start = len('b2b_live_')
    for i in range(start, len(key)):
        changed = key[:i] + _flip(key[i]) + key[i + 1:]
        assert not is_valid_key(changed), i


@pytest.mark.parametrize('mutate', [
    lambda k: k.replace('b2b_', 'b3b_', 1),          # prefix changed (checksum covers it)
    lambda k: k.replace('_live_', '_test_', 1),      # env changed
    lambda k: k.replace('_live_', '_prod_', 1),      # unknown env
    lambda k: k[:-1],                                # too short
    lambda k: k + 'A',                               # too long
    lambda k: k.upper(),
    lambda k: ' ' + k,
    lambda k: k[:12] + '-' + k[13:],                 # not base62
    lambda k: 'B2B' + k[3:],                         # upper-case prefix
])
def test_invalid_keys(mutate, rng):
    assert not is_valid_key(mutate(generate_key(rng=rng)))


def test_prefix_restriction(rng):
    key = generate_key('acme', rng=rng)
    assert is_valid_key(key)
    assert is_valid_key(key, prefixes=['acme', 'b2b'])
    assert not is_valid_key(key, prefixes=['b2b'])


@pytest.mark.parametrize('prefix', ['', 'a', 'B2B', '2fa', 'abcdefghijk', 'b2b_x', 'b-b', 'ünï'])
def test_invalid_prefix_raises(prefix, rng):
    with pytest.raises(ValueError) as e:
        generate_key(prefix, rng=rng)
    assert 'prefix' in str(e.value)


@pytest.mark.parametrize('env', ['prod', 'LIVE', ''])
def test_invalid_env_raises(env, rng):
    with pytest.raises(ValueError):
        generate_key('b2b', env, rng=rng)


def test_looks_like_key(rng):
    key = generate_key(rng=rng)
    bad = key[:-6] + ('000000' if not key.endswith('000000') else '000001')
    assert keys.looks_like_key(key) and keys.looks_like_key(bad)
    assert not is_valid_key(bad)
    assert not keys.looks_like_key('b2b_live_short')


@pytest.mark.parametrize('args, prefix, env', [
    ((), 'b2b', 'live'),
    (('--env', 'test'), 'b2b', 'test'),
    (('--prefix', 'acme'), 'acme', 'live'),
    (('--prefix', 'acme', '--env', 'test'), 'acme', 'test'),
])
def test_keygen_cli(args, prefix, env):
    result = run_cli('keygen', *args)
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert key_re(prefix, env).fullmatch(key)
    assert key[-6:] == spec_checksum(key[:-6])
    assert result.stderr == ''


@pytest.mark.parametrize('args', [('--prefix', 'Bad_Prefix'), ('--env', 'prod')])
def test_keygen_cli_bad_arguments(args):
    result = run_cli('keygen', *args)
    assert result.returncode == 2
    assert result.stdout == ''
    assert 'Traceback' not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3  # argparse usage + one error line

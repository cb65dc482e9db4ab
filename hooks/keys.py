"""The B2B API key format: `<prefix>_<env>_<body><checksum>` (see docs and design).

The checksum makes keys findable with no false positives: a scanner reports a match only when
its CRC32 checks out.  The backend imports `generate_key` / `is_valid_key` from here so that the
keys it mints are exactly the keys the hook finds.
"""
from __future__ import annotations

import re
import secrets
import zlib
from typing import Iterable
from typing import Pattern
from typing import Protocol

BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
BODY_LENGTH = 30
CHECKSUM_LENGTH = 6
ENVIRONMENTS = ('live', 'test')
DEFAULT_PREFIX = 'b2b'
PREFIX_RE = re.compile(r'[a-z][a-z0-9]{1,9}')


def _base62(number: int) -> str:
    digits = []
    while number:
        number, rest = divmod(number, 62)
        digits.append(BASE62[rest])
    return ''.join(reversed(digits)) or '0'


def checksum(text: str) -> str:
    """zlib.crc32 of the ASCII text, in base62, left-padded with '0' to 6 characters."""
    return _base62(zlib.crc32(text.encode('ascii'))).rjust(CHECKSUM_LENGTH, '0')


def validate_prefix(prefix: str) -> str:
    if not PREFIX_RE.fullmatch(prefix):
        raise ValueError(
            'invalid key prefix (not shown): 2-10 characters, a lower-case letter then '
            'lower-case letters or digits',
        )
    return prefix


class RandomSource(Protocol):
    def choice(self, seq: str) -> str: ...


def generate_key(prefix: str = DEFAULT_PREFIX, env: str = 'live', rng: RandomSource | None = None) -> str:
    """Mint a new key from a cryptographic random source (`rng`: a seeded one, for tests only)."""
    validate_prefix(prefix)
    if env not in ENVIRONMENTS:
        raise ValueError(f'invalid key environment (not shown): use one of {", ".join(ENVIRONMENTS)}')
    choice = (rng or secrets).choice
    body = ''.join(choice(BASE62) for _ in range(BODY_LENGTH))
    head = f'{prefix}_{env}_{body}'
    return head + checksum(head)


def key_pattern(prefixes: Iterable[str] = (DEFAULT_PREFIX,)) -> Pattern[str]:
    """A linear-time pattern for keys of these prefixes, checksum not yet verified."""
    alternatives = '|'.join(re.escape(validate_prefix(p)) for p in sorted(set(prefixes)))
    return re.compile(
        rf'(?<![A-Za-z0-9])(?:{alternatives})_(?:live|test)_'
        rf'[0-9A-Za-z]{{{BODY_LENGTH + CHECKSUM_LENGTH}}}(?![0-9A-Za-z])',
    )


# Any prefix: lets filters recognise a key-shaped string that fails its checksum.
ANY_KEY_RE = re.compile(
    rf'[a-z][a-z0-9]{{1,9}}_(?:live|test)_[0-9A-Za-z]{{{BODY_LENGTH + CHECKSUM_LENGTH}}}',
)


def is_valid_key(key: str, prefixes: Iterable[str] | None = None) -> bool:
    """True when `key` has the format and a correct checksum (and one of `prefixes`, if given)."""
    if not ANY_KEY_RE.fullmatch(key):
        return False
    if prefixes is not None and key.split('_', 1)[0] not in set(prefixes):
        return False
    head, check = key[:-CHECKSUM_LENGTH], key[-CHECKSUM_LENGTH:]
    return checksum(head) == check


def looks_like_key(value: str) -> bool:
    """Key-shaped, whatever its checksum."""
    return bool(ANY_KEY_RE.fullmatch(value))

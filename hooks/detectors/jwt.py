"""JWTs (JWS and JWE tokens) and the keys that sign them."""
from __future__ import annotations

import base64
import binascii
import functools
import json
import re
from typing import Any
from typing import Iterator

from hooks import lazyre
from hooks import rules
from hooks.detectors.base import LineDetector
from hooks.detectors.base import is_code_file
from hooks.scan.prefilter import Trigger

# Three (JWS) or five (JWE) dot-separated base64url parts; `.` is not in the part alphabet, so
# the repetition cannot backtrack.
TOKEN_RE = lazyre.compile(
    r'(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{1,4000}(?:\.[A-Za-z0-9_\-]{0,20000}){2,4}'
    r'(?![A-Za-z0-9_\-.])',
)

# `jwt.encode(payload, "<key>", ...)`, `jwt.decode(token, key="<key>", ...)` with a literal key.
JWT_CALL_RE = lazyre.compile(r'\bjwt\.(?:encode|decode)\(', re.IGNORECASE)
SECOND_ARG_RE = lazyre.compile(r'''[^,()]{1,300},\s{0,20}(?:key\s{0,5}=\s{0,5})?(["'])([^"'\n]{1,1000})\1''')
KEY_KWARG_RE = lazyre.compile(r'''\bkey\s{0,5}=\s{0,5}(["'])([^"'\n]{1,1000})\1''')

# Shorter literals in a signing-key setting are flags and sample words, not keys.
MIN_KEY_LENGTH = 6


def b64url_json(part: str) -> Any:
    padded = part + '=' * (-len(part) % 4)
    try:
        return json.loads(base64.urlsafe_b64decode(padded.encode('ascii')))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def token_header(token: str) -> dict[str, Any] | None:
    """The decoded JOSE header of a JWS/JWE, or None when `token` is not one."""
    header = _token_header(token)
    return None if header is None else dict(header)  # a copy: the cached one stays as decoded


# The plugins, the filters and the report decode the same token one after the other.
@functools.lru_cache(maxsize=4096)
def _token_header(token: str) -> dict[str, Any] | None:
    parts = token.split('.')
    if len(parts) not in (3, 5):
        return None
    header = b64url_json(parts[0])
    if not isinstance(header, dict) or not isinstance(header.get('alg'), str):
        return None
    if len(parts) == 5:
        return header if isinstance(header.get('enc'), str) else None
    # A JWS must carry a payload; an unsigned (`alg: none`) token is still a credential.
    return header if parts[1] else None


class JwtDetector(LineDetector):
    """JWS tokens (header.payload.signature) and JWE tokens (five parts)."""

    secret_type = 'JSON Web Token (JWS/JWE)'
    TRIGGER = Trigger(('eyJ',))

    def find(self, line: str, filename: str = '') -> Iterator[str]:
        if 'eyJ' not in line:
            return
        for m in TOKEN_RE.finditer(line):
            header = token_header(m.group())
            # An unsigned token (`alg: none`) proves nothing: anyone can write one.
            if header is not None and str(header.get('alg')).lower() != 'none':
                yield m.group()


def _cut_template(value: str) -> bool:
    """A template cut short by its own quotes (`f'KEY = "{values["k"]}"'`), not a literal."""
    return value.count('{') > value.count('}')


class SigningKeyDetector(LineDetector):
    """Literal signing keys: JWT / HMAC secret settings, and keys passed to jwt.encode/decode."""

    secret_type = 'JWT/HMAC Signing Key'
    # Signing-key names hold one of these words (rules.SIGNING_KEY_NAME_RE); calls say `jwt`.
    TRIGGER = Trigger(('secret', 'signing', 'hmac', 'jwt'), lower=True)

    def find(self, line: str, filename: str = '') -> Iterator[str]:
        code = is_code_file(filename)
        quote_free = line.lstrip()[:1] in ('#', ';') and not code
        if quote_free:  # a commented-out INI/env/YAML line is still read: keys leak from there too
            line = line.lstrip()[1:]
        for a in rules.iter_assignments(line):
            quoted = line[a.start - 1:a.start] in ('"', "'", '`')
            after = line[a.start + len(a.value):a.start + len(a.value) + 1]
            # An unquoted value cut short by `(` or a quote is an expression (`os.environ["X"]`,
            # `getenv("X")`), also in a README or Dockerfile snippet.
            if not quoted and (code or after in ('(', '"', "'", '`')):
                continue
            if _cut_template(a.value):
                continue
            if len(a.value) >= MIN_KEY_LENGTH and rules.SecretNames.is_signing_key_name(a.name):
                yield a.value
        calls = list(JWT_CALL_RE.finditer(line))
        for n, call in enumerate(calls):
            # The call's arguments: up to the next call and at most 2000 characters, so a line
            # of many `jwt.encode(` costs linear time.
            end = min(calls[n + 1].start() if n + 1 < len(calls) else len(line), call.end() + 2000)
            rest = line[call.end():end]
            m = SECOND_ARG_RE.match(rest) or KEY_KWARG_RE.search(rest)
            if m and len(m.group(2)) >= MIN_KEY_LENGTH and not _cut_template(m.group(2)):
                yield m.group(2)

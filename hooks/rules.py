"""The one source of truth for what is (not) a secret.

Placeholders, known documentation samples and secret-name patterns live here and nowhere
else: every plugin, filter and check asks this module.  Every regex is linear-time (no nested
quantifiers; bounded repetition where a match could otherwise run to the end of a long line).
"""
from __future__ import annotations

import hashlib
import re
from typing import Iterable
from typing import Iterator
from typing import NamedTuple

# ---------------------------------------------------------------------------------------------
# Placeholders: values that stand for a secret without being one.
# ---------------------------------------------------------------------------------------------

PLACEHOLDER_WORDS = frozenset({
    'changeme', 'change_me', 'change-me', 'changethis', 'change_this', 'change-this',
    'example', 'dummy', 'placeholder', 'redacted', 'replaceme', 'replace_me', 'replace-me',
    'todo', 'tbd', 'fixme', 'none', 'null', 'nil', 'undefined', 'notset', 'not-set', 'unset',
    'secret-here', 'password-here', 'token-here', 'key-here',
})

_PLACEHOLDER_RES = tuple(
    re.compile(p, re.IGNORECASE) for p in (
        r'\$\{[^{}]{0,200}\}',             # ${VAR}, ${VAR:-}, ${VAR:?msg}
        r'\$[A-Za-z_][A-Za-z0-9_]{0,100}',  # $VAR
        r'\$\([^()]{0,200}\)',              # $(command)
        r'\{\{[^{}]{0,200}\}\}',           # {{ var }} (Jinja, Helm, Go templates)
        r'\{[A-Za-z_][\w.\-]{0,100}\}',     # {var}, {settings.password}
        r'<[^<>]{1,100}>',                  # <password>, <your token>
        r'%\([A-Za-z_][\w.]{0,100}\)[sdr]',  # %(password)s
        r'%[sdr]',                          # %s
        r'\*{3,}',                          # ****
        r'x{3,}',                           # xxxx
        r'\.{3,}|\u2026',                   # ... or an ellipsis
        r'#{3,}',                           # ###
        r'(?:your|my|the|insert|enter|put|add)[-_ .][\w\-. ]{0,60}[-_ .](?:here|goes[-_ .]here)',
        r'(?:changeme|changethis|replaceme|example|dummy|placeholder|sample|fake)[-_.][\w\-.]{0,60}',
        r'[\w\-.]{0,60}[-_.](?:changeme|changethis|placeholder|here)',
    )
)


def is_placeholder(value: str, extra: Iterable[str] = ()) -> bool:
    """True when `value` is obviously a stand-in, never a real secret."""
    stripped = value.strip().strip('\'"`')
    if not stripped:
        return True
    lowered = stripped.lower()
    if lowered in PLACEHOLDER_WORDS or stripped in set(extra):
        return True
    return any(p.fullmatch(stripped) for p in _PLACEHOLDER_RES)


# ---------------------------------------------------------------------------------------------
# Known samples: documentation credentials that real repositories are full of.
# ---------------------------------------------------------------------------------------------

# (user, password) pairs from documentation (SQLAlchemy's scott:tiger, RFC and tutorial URLs).
KNOWN_SAMPLE_CREDENTIALS = frozenset({
    ('scott', 'tiger'), ('user', 'pass'), ('user', 'password'), ('username', 'password'),
    ('foo', 'bar'), ('user', 'pwd'), ('admin', 'admin'), ('root', 'root'), ('test', 'test'),
    ('guest', 'guest'), ('postgres', 'postgres'), ('user', 'secret'), ('login', 'password'),
    ('me', 'pass'), ('u', 'p'), ('usr', 'pwd'), ('name', 'pass'), ('postgres', 'password'),
    ('user', 'pw'), ('myuser', 'mypassword'), ('username', 'pass'), ('root', 'password'),
})

# Passwords that are documentation samples whatever the user name (the URL still parses as
# credentials, but no real system would be protected by these).
KNOWN_SAMPLE_PASSWORDS = frozenset({
    'password', 'passwd', 'pass', 'pw', 'pwd', 'secret', 'tiger', 'mypassword', 'yourpassword',
    'mysecretpassword', 'secretpassword', 'foobar', 'hunter2',
})

# sha1 of public example values (the jwt.io example token, ...): kept as hashes so this file
# holds no scannable sample itself.
KNOWN_SAMPLE_SHA1 = frozenset({
    # jwt.io's long-standing HS256 example ("John Doe", iat 1516239022)
    '7c2b942492c98c64027fa4e086e4da71971ddf75',
})


def sha1(value: str) -> str:
    return hashlib.sha1(value.encode('utf-8')).hexdigest()


def is_known_sample_credential(user: str, password: str) -> bool:
    pair = (user.lower(), password.lower())
    return pair in KNOWN_SAMPLE_CREDENTIALS or password.lower() in KNOWN_SAMPLE_PASSWORDS


def is_known_sample_value(value: str) -> bool:
    return sha1(value) in KNOWN_SAMPLE_SHA1


# ---------------------------------------------------------------------------------------------
# Secret names.
# ---------------------------------------------------------------------------------------------

# A name is secret-named when one of these words appears in it (case-insensitive, as a word
# part of snake_case / kebab-case / camelCase / dotted names).
SECRET_NAME_PATTERNS = (
    r'secret', r'passw(?:or)?d', r'passwd', r'pwd', r'pass', r'token', r'api_?key',
    r'private_?key', r'credentials?', r'dsn', r'database_?url', r'db_?url', r'auth_?key',
    r'signing_?key', r'hmac_?key', r'access_?key', r'encryption_?key', r'client_?secret',
)

# ... unless the name's last part says it describes the secret instead of holding it.
NON_SECRET_SUFFIXES = frozenset({
    'expire', 'expires', 'expiry', 'expiration', 'minutes', 'hours', 'days', 'seconds', 'ttl',
    'length', 'len', 'size', 'algorithm', 'algorithms', 'alg', 'file', 'path', 'dir', 'name',
    'names', 'type', 'header', 'prefix', 'count', 'max', 'min', 'enabled', 'required', 'id',
    'ids', 'field', 'fields', 'label', 'url_path', 'endpoint', 'policy', 'rotation', 'version',
    'env', 'var', 'hint', 'placeholder', 'pattern', 'regex', 'mode', 'timeout', 'lifetime',
    'location', 'provider', 'backend', 'class', 'scheme', 'scope', 'scopes', 'issuer', 'audience',
    'format', 'public', 'reset', 'changed', 'hash', 'hashed', 'salt_rounds', 'rounds', 'strength',
    'cost', 'kind', 'lookup', 'store', 'manager', 'service', 'dialog', 'form', 'input', 'view',
    'debug',
})

# Names that hold a signing key for tokens (JWT) or request HMACs (B2B credentials).
SIGNING_KEY_NAME_RE = re.compile(
    r'(?:^|[_.\-])(?:jwt[a-z0-9_.\-]{0,40}(?:secret|key)s?|(?:[a-z0-9]{1,40}[_.\-])?secret[_.\-]?keys?'
    r'|signing[_.\-]?keys?|hmac[_.\-]?(?:secret|keys?))$',
    re.IGNORECASE,
)

_NAME_SPLIT_RE = re.compile(r'[_.\-\s]+|(?<=[a-z0-9])(?=[A-Z])')


def name_parts(name: str) -> list[str]:
    """Split `jwtSecretKey`, `JWT_SECRET_KEY`, `jwt.secret-key` alike into lower-case parts."""
    return [p.lower() for p in _NAME_SPLIT_RE.split(name.strip('\'"`[]$')) if p]


def _normalized(name: str) -> str:
    return '_'.join(name_parts(name))


class SecretNames:
    """Decides which setting names hold secrets; extra patterns come from configuration."""

    def __init__(self, extra_patterns: Iterable[str] = ()) -> None:
        self.extra_patterns = tuple(extra_patterns)
        words = '|'.join(SECRET_NAME_PATTERNS + self.extra_patterns)
        self._secret_re = re.compile(rf'(?:^|_)(?:{words})(?:_|$|s(?:_|$))', re.IGNORECASE)

    def is_secret_name(self, name: str) -> bool:
        normalized = _normalized(name)
        if not normalized or not self._secret_re.search(normalized):
            return False
        last = normalized.rsplit('_', 1)[-1]
        return last not in NON_SECRET_SUFFIXES and not normalized.endswith('_url_path')

    @staticmethod
    def is_signing_key_name(name: str) -> bool:
        normalized = _normalized(name)
        if 'public' in normalized.split('_'):
            return False
        return bool(SIGNING_KEY_NAME_RE.search(normalized))


DEFAULT_SECRET_NAMES = SecretNames()


# ---------------------------------------------------------------------------------------------
# Assignments: `NAME = "value"` in the file formats a settings value lives in.
# ---------------------------------------------------------------------------------------------

class Assignment(NamedTuple):
    name: str
    value: str
    start: int  # offset of the value in the line


# name, optional closing quote/bracket, optional Python annotation, then = : := or =>.
# Each piece is bounded, so a long adversarial line costs linear time.
_ASSIGNMENT_RE = re.compile(
    r'''(?P<name>[A-Za-z_][A-Za-z0-9_.\-]{0,100})["'\]]{0,2}'''
    r'''(?:\s{0,10}:\s{0,10}[A-Za-z_][\w\[\]., |]{0,60}?(?=\s{0,10}=))?'''
    r'''\s{0,10}(?::=|=>|==|=|:)\s{0,10}'''
    r'''(?:(?P<q>["'`])(?P<qv>[^"'`\n]{0,1000})(?P=q)|(?P<v>[^\s"'`,;#}\])]{1,1000}))'''
)


def iter_assignments(line: str) -> Iterator[Assignment]:
    """Literal values assigned to names on one line (code, YAML, JSON, TOML, INI, env)."""
    for m in _ASSIGNMENT_RE.finditer(line):
        if m.group('q') is not None:
            yield Assignment(m.group('name'), m.group('qv'), m.start('qv'))
        else:
            yield Assignment(m.group('name'), m.group('v'), m.start('v'))

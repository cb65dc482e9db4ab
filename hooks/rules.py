"""The one source of truth for what is (not) a secret.

Placeholders, known documentation samples and secret-name patterns live here and nowhere
else: every plugin, filter and check asks this module.  Every regex is linear-time (no nested
quantifiers; bounded repetition where a match could otherwise run to the end of a long line).
"""
from __future__ import annotations

import functools
import hashlib
import re
from typing import Iterable
from typing import Iterator
from typing import NamedTuple
from typing import Pattern
from urllib.parse import unquote

from hooks import lazyre

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
    lazyre.compile(p, re.IGNORECASE) for p in (
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
        r'#\{[^{}]{0,200}\}',               # #{ENV['X']} (Ruby, CoffeeScript interpolation)
        r'\{[A-Za-z_][\w.]{0,100}\([^(){}\n]{0,200}\)\}',  # {make_password(14)}: an f-string call
        r'(?:your|my|the|insert|enter|put|add)[-_ .][\w\-. ]{0,60}[-_ .](?:here|goes[-_ .]here)',
        r'(?:changeme|changethis|replaceme|example|dummy|placeholder|sample|fake)[-_.][\w\-.]{0,60}',
        r'[\w\-.]{0,60}[-_.](?:changeme|changethis|placeholder|here)',
    )
)


# The same forms as one alternation: `fullmatch` of `A|B` is `fullmatch` of A or of B, so one
# call gives `any(p.fullmatch(...) for p in _PLACEHOLDER_RES)` (sixteen calls per value before).
_PLACEHOLDER_RE = lazyre.compile('|'.join(f'(?:{p.pattern})' for p in _PLACEHOLDER_RES), re.IGNORECASE)


def strip_escapes(value: str) -> str:
    """`value` less the escapes (`\\n`, `\\r`, `\\t`, as written in source) it ends with: a
    value read out of a string literal (`f"...?api_key={KEY}\\n"`) keeps its `\\n`, and would
    no longer read as the template, placeholder or trivial word it is.  (A loop, not a regex: a
    run of escapes not at the end would make a `(...)+$` search quadratic.)"""
    end = len(value)
    while end >= 2 and value[end - 1] in 'nrt' and value[end - 2] == '\\':
        end -= 2
    return value[:end] if end < len(value) else value


def is_placeholder(value: str, extra: Iterable[str] = ()) -> bool:
    """True when `value` is obviously a stand-in, never a real secret."""
    return _is_placeholder(value, extra if isinstance(extra, (tuple, frozenset)) else tuple(extra))


# A finding's value is asked about by the plugin and by two or three filters in a row: cached.
@functools.lru_cache(maxsize=4096)
def _is_placeholder(value: str, extra: tuple[str, ...] | frozenset[str]) -> bool:
    stripped = strip_escapes(value.strip()).strip('\'"`')
    if not stripped:
        return True
    if stripped.lower() in PLACEHOLDER_WORDS or (extra and stripped in extra):
        return True
    return _PLACEHOLDER_RE.fullmatch(stripped) is not None


# ---------------------------------------------------------------------------------------------
# Known samples: documentation credentials that real repositories are full of.
# ---------------------------------------------------------------------------------------------

# sha1 of public example values (the jwt.io example token, ...): kept as hashes so this file
# holds no scannable sample itself.
KNOWN_SAMPLE_SHA1 = frozenset({
    # jwt.io's long-standing HS256 example ("John Doe", iat 1516239022)
    '7c2b942492c98c64027fa4e086e4da71971ddf75',  # pragma: allowlist secret (a sha1)
})


def sha1(value: str) -> str:
    # The filters of one finding hash its value one after the other (known samples, known
    # sample keys): the last value's digest is kept.
    last = _LAST_SHA1[0]  # (one read: a (value, digest) pair stays whole)
    if value == last[0]:
        return last[1]
    digest = hashlib.sha1(value.encode('utf-8')).hexdigest()
    _LAST_SHA1[0] = (value, digest)
    return digest


_LAST_SHA1 = [('', hashlib.sha1(b'').hexdigest())]


def is_known_sample_credential(user: str, password: str, host: str | None = None) -> bool:
    """A URL / connection-string credential that is a sample by the policy (is_sample_credential):
    `scott:tiger@localhost` is, `admin:secret@10.0.0.1` is not."""
    return is_sample_credential(password, user, [host] if host is not None else [])


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
SIGNING_KEY_NAME_RE = lazyre.compile(
    r'(?:^|[_.\-])(?:jwt[a-z0-9_.\-]{0,40}(?:secret|key)s?|(?:[a-z0-9]{1,40}[_.\-])?secret[_.\-]?keys?'
    r'|signing[_.\-]?keys?|hmac[_.\-]?(?:secret|keys?))$',
    re.IGNORECASE,
)

_NAME_SPLIT_RE = lazyre.compile(r'[_.\-\s]+|(?<=[a-z0-9])(?=[A-Z])')


def name_parts(name: str) -> list[str]:
    """Split `jwtSecretKey`, `JWT_SECRET_KEY`, `jwt.secret-key` alike into lower-case parts."""
    return list(_name_parts(name))


# A file names the same few settings over and over, and every plugin and filter asks: cached.
@functools.lru_cache(maxsize=4096)
def _name_parts(name: str) -> tuple[str, ...]:
    return tuple(p.lower() for p in _NAME_SPLIT_RE.split(name.strip('\'"`[]$')) if p)


@functools.lru_cache(maxsize=4096)
def _normalized(name: str) -> str:
    return '_'.join(_name_parts(name))


class SecretNames:
    """Decides which setting names hold secrets; extra patterns come from configuration."""

    def __init__(self, extra_patterns: Iterable[str] = (), *, written_here: bool = False) -> None:
        self.extra_patterns = tuple(extra_patterns)
        words = '|'.join(SECRET_NAME_PATTERNS + self.extra_patterns)
        # Words written in this package compile when first used; configured ones now (a bad one
        # fails here).
        compile_ = lazyre.compile if written_here or not self.extra_patterns else re.compile
        self._secret_re = compile_(rf'(?:^|_)(?:{words})(?:_|$|s(?:_|$))', re.IGNORECASE)
        # Any text holding a secret name holds one of the words, whatever separates its parts
        # (`jwtSecretKey`, `api-key`): a cheap test that lets a hook skip parsing a file.
        # The built-in words are lower case: searched in the lower-cased text without
        # IGNORECASE, ten times faster; configured patterns keep IGNORECASE.
        def loose(patterns: Iterable[str]) -> str:
            return '|'.join(p.replace('_?', '_').replace('_', r'[_.\-\s]{0,8}') for p in patterns)

        self._word_re = compile_(loose(SECRET_NAME_PATTERNS))
        self._extra_word_re = (compile_(loose(self.extra_patterns), re.IGNORECASE)
                               if self.extra_patterns else None)

    def may_occur_in(self, text: str) -> bool:
        """False only when no secret name can occur in `text`."""
        if self._word_re.search(text.lower()):
            return True
        return self._extra_word_re is not None and self._extra_word_re.search(text) is not None

    def is_secret_name(self, name: str) -> bool:
        normalized = _normalized(name)
        if not normalized or not self._secret_re.search(normalized):
            return False
        last = normalized.rsplit('_', 1)[-1]
        return last not in NON_SECRET_SUFFIXES and not normalized.endswith('_url_path')

    @staticmethod
    def is_signing_key_name(name: str) -> bool:
        return _is_signing_key_name(name)


@functools.lru_cache(maxsize=4096)  # every slot plugin asks about the same few names
def _is_signing_key_name(name: str) -> bool:
    normalized = _normalized(name)
    if 'public' in normalized.split('_'):
        return False
    return bool(SIGNING_KEY_NAME_RE.search(normalized))


DEFAULT_SECRET_NAMES = SecretNames()

# Settings whose value is public by design, so neither inventoried nor rotated as a secret: a
# Sentry DSN ships in every browser bundle and only lets a client send events.
PUBLIC_BY_DESIGN_RE = lazyre.compile(r'(?:^|_)sentry_dsn$', re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Assignments: `NAME = "value"` in the file formats a settings value lives in.
# ---------------------------------------------------------------------------------------------

class Assignment(NamedTuple):
    name: str
    value: str
    start: int  # offset of the value in the line


# name, optional closing quote/bracket, optional Python annotation, then = : := or =>.
# An unquoted value stops at `(`, so `app = App(jwt_secret="...")` still yields `jwt_secret`.
# Each piece is bounded, so a long adversarial line costs linear time.  The name starts at a
# word boundary and is taken atomically (`(?=(...))\1`, Python 3.9 has no possessive `++`):
# otherwise a 1 MB run of name characters is retried from every offset, 100 backtracks each.
_ASSIGNMENT_RE = lazyre.compile(
    r'''(?<![A-Za-z0-9_])(?=(?P<name>[A-Za-z_][A-Za-z0-9_.\-]{0,100}))(?P=name)["'\]]{0,2}'''
    r'''(?:\s{0,10}:\s{0,10}[A-Za-z_][\w\[\]., |]{0,60}?(?=\s{0,10}=))?'''
    r'''\s{0,10}(?::=|=>|==|=|:)\s{0,10}'''
    r'''(?:"(?P<dq>(?:\\.|[^"\\\n]){0,1000})"|'(?P<sq>(?:\\.|[^'\\\n]){0,1000})'|`(?P<bq>[^`\n]{0,1000})`'''
    r'''|(?P<v>[^\s"'`,;#}\])(]{1,1000}))'''
)


def iter_assignments(line: str) -> Iterator[Assignment]:
    """Literal values assigned to names on one line (code, YAML, JSON, TOML, INI, env)."""
    return iter(_assignments(line))


# Several filters read the assignments of the same finding's line, one after the other: cached.
@functools.lru_cache(maxsize=8)
def _assignments(line: str) -> tuple[Assignment, ...]:
    # A quoted value may hold the other quote characters and backslash escapes; the
    # alternatives inside a quoted value are disjoint, so matching stays linear.
    found = []
    search, pos = _ASSIGNMENT_RE.search, 0
    while (m := search(line, pos)) is not None:
        group = next(g for g in ('dq', 'sq', 'bq', 'v') if m.group(g) is not None)
        start = m.start(group)
        if group != 'v' and _closes_its_name(line, m.start('name'), m.end('name'), start - 1):
            pos = start  # what follows may still hold an assignment
            continue
        found.append(Assignment(m.group('name'), m.group(group), start))
        pos = m.end()
    return tuple(found)


def _closes_its_name(line: str, name_start: int, name_end: int, quote_at: int) -> bool:
    """Whether the quote after `NAME=` closes a string or code span that opened right before
    the name (`` `SECRET_KEY=` then prose `x` ``, `"SECRET_KEY=" + key`): the text up to the next
    such quote is between two strings, not a value.  (`"KEY": "v"`: the name's own quote closes
    before the value's opens.)"""
    quote = line[quote_at]
    return name_start > 0 and line[name_start - 1] == quote and quote not in line[name_end:quote_at]


# ---------------------------------------------------------------------------------------------
# Not secrets although they look like one: words, known sample keys, digests, ids.
# (hooks.filters turns these into detect-secrets filters; `report_known_samples` disables them.)
# ---------------------------------------------------------------------------------------------

# A password shorter than this protects nothing without a host: `u:p`, `password="pw"`.
MIN_PASSWORD_LENGTH = 4


_FILE_PATH_RE = lazyre.compile(r'(?:~|\.{1,2})?(?:/[a-z0-9_.@\-]{1,255}){2,64}/?')


def is_file_path(value: str) -> bool:
    """`/run/secrets/db`, `~/.ssh/id_ed25519`: where a secret is kept, not the secret.  Only
    lower-case segments, two or more: a base64 password that opens with `/` mixes cases."""
    return _FILE_PATH_RE.fullmatch(value) is not None


def is_short_password(value: str) -> bool:
    return len(value.strip()) < MIN_PASSWORD_LENGTH


# Signing keys published in documentation (jwt.io's, FastAPI's tutorial key): a token signed with
# one of them can be minted by anyone, so it is a sample, not a credential.
KNOWN_SAMPLE_SIGNING_KEYS = (
    'your-256-bit-secret',
    'a-string-secret-at-least-256-bits-long',
    '09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7',  # pragma: allowlist secret
)


def is_known_sample_key(value: str) -> bool:
    return value in KNOWN_SAMPLE_SIGNING_KEYS


# The one reading of URL credentials, `scheme://[user[:password]@]host` (detect-secrets' Basic
# Auth findings, our DB-URL plugin, the filters, the report's and the log filter's redaction,
# the hosts a credential belongs to: all of them read URLs here, and nowhere else).
# - The authority runs to the first `/`, whitespace or quote.  The user info ends at its LAST
#   `@` (as urllib's `netloc.rpartition('@')` and the WHATWG URL parser read it): in
#   `u:p@ss@host` the password is `p@ss` and the host `host` (stopping at the first `@`, as
#   detect-secrets' Basic Auth regex does, reports half the password and shows the other half
#   as the host).  The user ends at the first `:` (`a@corp:pw@host`: user `a@corp`, as Azure
#   writes `user@server`); the password may hold `:`, `@`, `?`, `#` written unescaped.
# - The scheme is the whole run of scheme characters before `://` (the lookbehind starts it
#   only there, so a long run is read once: linear), `_` included (`ibm_db_sa://`).
# - Each part is bounded: one `://` costs at most a few hundred steps however long the line.
URL_RE = lazyre.compile(
    r'(?<![A-Za-z0-9+.\-_])(?P<scheme>[A-Za-z0-9+.\-_]{1,256})://'
    r'(?:(?P<user>[^:/\s\'"`]{0,256})(?::(?P<password>[^\s\'"`/]{1,256}))?@)?'
    r'(?P<host>[^/\s\'"`?#;@]{0,256})'
)
# A host name without its port: `[::1]:5432` -> `[::1]`, `db:5432` -> `db`, `a,b` -> `a`.
_HOST_NAME_RE = lazyre.compile(r'\[[0-9A-Fa-f:.]{2,60}\]|[^/\s:\'"`?#,;@]{1,256}')


class UrlCredential(NamedTuple):
    scheme: str
    user: str       # percent-decoded ('' when the URL has no user)
    password: str   # percent-decoded ('' when the URL has no password)
    raw_user: str   # as written in the line
    raw_password: str
    host: str       # as written, port included
    user_span: tuple[int, int] = (-1, -1)      # offsets of raw_user in the line
    password_span: tuple[int, int] = (-1, -1)  # offsets of raw_password ((-1, -1): none)

    @property
    def host_name(self) -> str:
        """The host without its port ('' when none): `[::1]:5432` -> `[::1]`."""
        m = _HOST_NAME_RE.match(self.host)
        return m.group() if m else ''


@functools.lru_cache(maxsize=8)
def url_authorities(line: str) -> tuple[UrlCredential, ...]:
    """Every `scheme://[user[:password]@]host` on the line, with or without credentials.
    Cached: the plugin, the filters and the report read the same line one after the other."""
    if '://' not in line:
        return ()
    found = []
    parsed = _URL_PARTS
    for m in URL_RE.finditer(line):
        text = m.group()
        parts = parsed.get(text)
        if parts is None:
            if len(parsed) >= 4096:
                parsed.clear()
            parts = parsed[text] = _url_parts(m)
        fields, user_at, password_at = parts
        at = m.start()
        found.append(_new_url_credential(UrlCredential, (
            *fields,
            (at + user_at[0], at + user_at[1]) if user_at else (-1, -1),
            (at + password_at[0], at + password_at[1]) if password_at else (-1, -1),
        )))
    return tuple(found)


# A URL's parts by the text URL_RE matched: the same URL is read again in the context of every
# finding near it on a dense line.  The parts are a function of the matched text alone: the
# pattern reads nothing past its match (no lookahead, no `$`), and its lookbehind only decides
# where a match may start.  Spans are kept relative to the match's start.
_URL_PARTS: dict[str, tuple[tuple[str, ...], tuple[int, int] | None, tuple[int, int] | None]] = {}
_new_url_credential = tuple.__new__  # a NamedTuple's own __new__ is a Python call per URL


def _url_parts(m: re.Match[str]) -> tuple[tuple[str, ...], tuple[int, int] | None, tuple[int, int] | None]:
    scheme, user, password, host = m.group('scheme', 'user', 'password', 'host')
    user, password = user or '', password or ''
    fields = (scheme, unquote(user) if '%' in user else user,
              unquote(password) if '%' in password else password, user, password, host)
    at = m.start()

    def relative(group: str) -> tuple[int, int] | None:
        start, end = m.span(group)
        return None if start < 0 else (start - at, end - at)

    return fields, relative('user'), relative('password')


def iter_url_credentials(line: str, user_only: bool = False) -> Iterator[UrlCredential]:
    """Every `scheme://user:password@host` on the line (`user_only`: `scheme://user@host` too)."""
    for c in url_authorities(line):
        if c.raw_password or (user_only and c.raw_user):
            yield c


def without_userinfo(url: str) -> str:
    """`url` with the user info of its leading `scheme://user:password@` removed (a remote's
    URL may hold a token).  User info past the parts' bounds is removed whole all the same."""
    scheme, sep, rest = url.partition('://')
    if not sep:
        return url
    for c in url_authorities(url)[:1]:
        if c.user_span[0] == len(scheme) + 3:
            rest = url[max(c.user_span[1], c.password_span[1]) + 1:]
    authority = rest.split('/', 1)[0]
    if '@' in authority:  # longer than the bounds above: never shown
        rest = rest[authority.rindex('@') + 1:]
    return scheme + sep + rest


# A URL user that reads as a name (`app`, `postgres`, `deploy-bot`) is shown; any other may be a
# credential itself (a GitHub token as user with `x-oauth-basic` as password, an AWS key id).
URL_USER_NAME_RE = lazyre.compile(r'[A-Za-z_][A-Za-z0-9_.\-]{0,31}')


def url_user_may_be_credential(user: str) -> bool:
    """True when a URL's user part may hold a credential rather than a name (report and log
    redaction both hide such users)."""
    if not user:
        return False
    if not URL_USER_NAME_RE.fullmatch(user):
        return True
    digits = sum(c.isdigit() for c in user)
    mixed_case = any(c.isupper() for c in user) and any(c.islower() for c in user)
    return len(user) >= 12 and (digits >= 2 or mixed_case)


# `rev: <sha>` in .pre-commit-config.yaml (and other YAML that pins a git revision).
REV_RE = lazyre.compile(r'''(?:^|[\s\-{,])["']?rev["']?\s{0,10}:\s{0,10}["']?(?P<v>[0-9a-fA-F]{7,64})\b''')
# Alembic migrations: `revision = "ae1027a6acf"`, `down_revision: Union[...] = "..."`,
# `Revision ID: ...`, `Revises: ...`, `down_revision = ("a", "b")`.
ALEMBIC_REVISION_RE = lazyre.compile(
    r'''^\s{0,20}(?:(?:down_)?revision|branch_labels|depends_on)\b[^=\n]{0,80}=|'''
    r'''^\s{0,20}(?:Revision ID|Revises)\s{0,5}:''',
)
ALEMBIC_ID_RE = lazyre.compile(r'[0-9a-f]{6,40}')
# A value labelled with its digest algorithm: `--hash=sha256:<hex>`, `sha512-<base64>`.
DIGEST_LABEL_RE = lazyre.compile(
    r'(?:sha1|sha224|sha256|sha384|sha512|sha3_256|sha3_512|md5|blake2b|blake2s|crc32)'
    r'["\']?\s{0,3}[:=\-]\s{0,3}["\']?$',
    re.IGNORECASE,
)
DIGEST_PREFIX_RE = lazyre.compile(
    r'(?:sha1|sha224|sha256|sha384|sha512|md5|blake2b|blake2s)[:\-][A-Za-z0-9+/=_\-]{16}',
    re.IGNORECASE,
)
# Lock files: every high-entropy string in them is a digest or a resolved version.
LOCK_FILE_NAMES = frozenset({
    'poetry.lock', 'Pipfile.lock', 'pdm.lock', 'uv.lock', 'pylock.toml', 'package-lock.json',
    'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'composer.lock',
    'Gemfile.lock', 'Cargo.lock', 'go.sum', 'mix.lock', 'flake.lock', 'packages.lock.json',
    'conda-lock.yml', 'Podfile.lock', 'Package.resolved', 'gradle.lockfile',
})
UUID_RE = lazyre.compile(
    r'\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?',
)
# Shorter hex strings are ids, colours, short commit SHAs: no real key has fewer than 64 bits.
MIN_HEX_SECRET_LENGTH = 16


def is_pinned_revision(value: str, line: str) -> bool:
    """A git SHA pinned by `rev:` (pre-commit), not a credential."""
    if 'rev' not in line:  # REV_RE's literal (case-sensitive): most lines have none
        return False
    return any(m.group('v') == value for m in REV_RE.finditer(line))


def is_alembic_revision(value: str, line: str) -> bool:
    return bool(ALEMBIC_REVISION_RE.search(line)) and bool(ALEMBIC_ID_RE.fullmatch(value))


def is_labelled_digest(value: str, line: str) -> bool:
    """`value` follows a digest-algorithm label on `line`: `--hash=sha256:...`, `sha512-...`."""
    if DIGEST_PREFIX_RE.match(value):
        return True
    return _may_hold(line, _DIGEST_WORDS) and _preceded_by(value, line, DIGEST_LABEL_RE, 30)


# The words every match of a case-insensitive label regex holds (`sha`, `md5`, ...): a line with
# none of them cannot match.  Only an ASCII line is pre-checked (`ſ` matches `s` case-insensitively).
_DIGEST_WORDS = ('sha', 'md5', 'blake', 'crc')
_NON_SECRET_SLOT_WORDS = ('csrf', 'xsrf', 'srcrev', 'version', 'revision', '_rev', 'sha', 'commit', 'etag')


def _may_hold(line: str, words: tuple[str, ...]) -> bool:
    if not line.isascii():
        return True
    lowered = line.lower()
    for w in words:  # (a loop: asked several times per finding, a generator costs more)
        if w in lowered:
            return True
    return False


def _preceded_by(value: str, line: str, label: Pattern[str], width: int) -> bool:
    """Some occurrence of `value` on `line` has `label` in the `width` characters before it."""
    start = line.find(value)
    while start >= 0:
        if label.search(line[max(0, start - width):start]):
            return True
        start = line.find(value, start + 1)
    return False


def is_lock_file(filename: str) -> bool:
    return filename.replace('\\', '/').rsplit('/', 1)[-1] in LOCK_FILE_NAMES


# Generated indexes of every word of a documentation set (Sphinx): an entropy hit there is a word
# of the docs (a commit SHA quoted in a changelog), already scanned in the docs' own sources.
WORD_INDEX_FILE_NAMES = frozenset({'searchindex.js'})


def is_word_index_file(filename: str) -> bool:
    return filename.replace('\\', '/').rsplit('/', 1)[-1] in WORD_INDEX_FILE_NAMES


def is_uuid(value: str) -> bool:
    return bool(UUID_RE.fullmatch(value.strip()))


def is_short_hex(value: str) -> bool:
    return len(value) < MIN_HEX_SECRET_LENGTH and all(c in '0123456789abcdefABCDEF' for c in value)


def is_alphabet_run(value: str) -> bool:
    """`abcdefghijklmnopqrstuvxyz`, `0123456789ABCDEF` with a typo: mostly consecutive characters."""
    if len(value) < 8:
        return False
    need = 0.8 * (len(value) - 1)
    steps, left = 0, len(value) - 1
    for a, b in zip(value, value[1:]):
        left -= 1
        if ord(b) - ord(a) in (1, 2):
            steps += 1
        elif steps + left < need:  # even if every pair left were a step: a random value stops early
            return False
    return steps >= need

# `data:image/png;base64,<payload>`: an inlined file (image, font, source map), not a secret.
# (also split by a string concatenation: `"data:image/png;base64," + "<payload>"`).
DATA_URI_RE = lazyre.compile(
    r'data:[\w.+\-]{1,80}/[\w.+\-]{1,80}(?:;[\w\-]{1,40}=[\w\-]{1,40}){0,3};base64,'
    r'(?:["\']\s{0,3}\+\s{0,3}["\'])?$',
)


def is_data_uri_payload(value: str, line: str) -> bool:
    return _preceded_by(value, line, DATA_URI_RE, 200)

# sha1 of published development keys that are the same on every machine: a sample, not a secret.
KNOWN_SAMPLE_KEY_SHA1 = frozenset({
    # The Azure Storage emulator (Azurite) account key, documented by Microsoft.
    '726684b05966cd486e3461450ac94907c0b6709a',  # pragma: allowlist secret (a sha1)
})

# JOSE / JWK members and JWT claims that are public by definition: a key id, a public key's
# modulus and coordinates, a token's subject.  (Private members `d`, `p`, `q`, `k`... are not here.)
PUBLIC_KEY_MEMBER_RE = lazyre.compile(
    r'''(?:^|[\s{,(])["']?(?:kid|n|e|x|y|crv|kty|x5t|x5t#S256|sub|iss|aud|jti)["']?\s{0,5}[:=]\s{0,5}["']?$''',
)
# A value that is code: a call or subscript (`jwks_client.get_signing_key_from_jwt(token)`).
CODE_REFERENCE_RE = lazyre.compile(r'[A-Za-z_][A-Za-z0-9_]{0,100}(?:\.[A-Za-z_][A-Za-z0-9_]{0,100}){1,10}')


_REFERENCE_RE = lazyre.compile(r'(?:[a-z_][a-z0-9_]{0,30}\.){1,5}[A-Za-z_][A-Za-z0-9_]{0,60}')
_CALL_RE = lazyre.compile(r'[A-Za-z_][\w.]{0,100}\([^()]{0,200}\)')


def is_public_key_member(value: str, line: str) -> bool:
    start = line.find(value)
    while start >= 0:
        if PUBLIC_KEY_MEMBER_RE.search(line, max(0, start - 20), start):  # `^`: the line's start
            return True
        start = line.find(value, start + 1)
    return False


def is_code_reference(value: str, line: str) -> bool:
    """`settings.jwt_secret`, `client.get_key(...)`: an expression, not a literal key."""
    if _CALL_RE.fullmatch(value):
        return True  # `load_signing_secret()`: a call, quoted by detect-secrets' eager transformer
    m = CODE_REFERENCE_RE.match(value)
    if not m:
        return False
    if m.end() < len(value):  # the plugin took the call along: `client.get_key(token)`
        return value[m.end()] in '(['
    start = line.find(value)
    return start >= 0 and line[start + len(value):start + len(value) + 1] in ('(', '[', '')


def is_low_information(value: str) -> bool:
    """`AAAA`, `abab`, `0000-0000`: two distinct characters (or fewer) cannot be a secret."""
    return len(set(value.replace('-', ''))) <= 2


def is_known_sample_key_digest(value: str) -> bool:
    return sha1(value) in KNOWN_SAMPLE_KEY_SHA1


# ---------------------------------------------------------------------------------------------
# The sample policy: is a value in a credential slot a sample or a secret?
#
# Decided by context, never by how English a value reads (real passwords are often words):
# a placeholder or a published example is a sample wherever it appears; a *trivial* value
# (below) is a sample at a reserved / placeholder host or with no host at all, and a secret at a
# real-looking host; anything else in a credential slot is a secret.
# ---------------------------------------------------------------------------------------------

# What trivial values are made of (after normalization): default, demo and meme passwords.
TRIVIAL_WORDS = frozenset({
    'password', 'passwd', 'passw', 'pass', 'pwd', 'pw', 'passphrase', 'secret', 'secrets', 'key', 'keys',
    'token', 'root', 'admin', 'administrator', 'test', 'tests', 'testing', 'guest', 'user',
    'username', 'demo', 'default', 'login', 'letmein', 'qwerty', 'tiger', 'hunter', 'foo', 'bar',
    'baz', 'jwt', 'api', 'auth', 'dev', 'local', 'changeit', 'logmein', 'db',
    # filler of demo phrases: `thisismypassword`, `super$ecret`, `notasecret`
    'for', 'my', 'your', 'the', 'a', 'an', 'and', 'this', 'is', 'not', 'very', 'super', 'so',
    'insecure', 'unsafe', 'only', 'do', 'use',
    # what tests call a deliberately wrong or throw-away value
    'wrong', 'invalid', 'incorrect', 'bad', 'some',
})
# One-label host names that stand for "some server": a generic or product word with an optional
# version (`hostspec`, `some_dsn`, `tnsname`, `pg14`, `oracle18c`, `mongodb-instance`).  A specific
# internal name (`uszdba01`, `sqlsrv07`) is not made of these.
STANDIN_HOST_WORDS = frozenset({
    'host', 'hostname', 'spec', 'server', 'db', 'database', 'dsn', 'dns', 'tns', 'name', 'alias',
    'some', 'my', 'your', 'the', 'any', 'pg', 'postgres', 'postgresql', 'mysql', 'mariadb', 'oracle',
    'mssql', 'ms', 'redis', 'mongo', 'mongodb', 'cache', 'local', 'dev', 'test', 'docker',
    'service', 'instance', 'c', 'xe', 'machine', 'box', 'node', 'cluster', 'primary', 'replica',
    'sqlserver', 'sqlsrvr', 'pgbouncer', 'bouncer', 'orcl', 'pdb',
})
# Markers that make a value a placeholder wherever it appears (substring, after normalization).
PLACEHOLDER_MARKERS = (
    'changeme', 'change_me', 'change-me', 'changethis', 'replace', 'redacted', 'placeholder',
    'dummy', 'fake', 'sample', 'example', 'notasecret', 'not-a-secret',
    'not_a_secret', 'notsecret', 'donotuse', 'do-not-use', 'do_not_use',
    'contoso', 'fabrikam',  # Microsoft documentation's fictitious companies
)
# Any of the markers, in one search (a line dense with values asks for each of them).
_PLACEHOLDER_MARKERS_RE = lazyre.compile('|'.join(map(re.escape, PLACEHOLDER_MARKERS)))
# The longer markers as a word of their own case (`EXAMPLE`, `example`, `Example`), for values of
# any format (`AKIA…EXAMPLE`): a random token holds one by chance about once in 10^8 (the short
# `fake` in any case would be once in 10^4: left to the credential slots' own test).
_MARKER_WORD_RE = lazyre.compile('|'.join(sorted(
    {re.escape(v) for m in PLACEHOLDER_MARKERS if len(m) >= 5 for v in (m, m.upper(), m.capitalize())},
    key=lambda v: (-len(v), v),
)))


def has_placeholder_word(value: str) -> bool:
    """`AKIAIOSFODNN7EXAMPLE`, `sk_live_sample…`: a placeholder marker spelled whole in `value`."""
    return _MARKER_WORD_RE.search(value) is not None


# Publishable keys are public by design (they ship in every web page): Stripe's `pk_live_…`.
_PUBLISHABLE_KEY_RE = lazyre.compile(r'pk_(?:live|test)_[A-Za-z0-9]{10,500}')


def is_publishable_key(value: str) -> bool:
    return _PUBLISHABLE_KEY_RE.fullmatch(value) is not None


# `your…` / `my…` + password / secret / key: `myPassword`, `YOURPASSWORD`, `your-secret-key`.
_OWNED_PLACEHOLDER_RE = lazyre.compile(r'^(?:your|my)[\W_]{0,3}[a-z\W_]{0,40}(?:pass|secret|key|token)', re.IGNORECASE)
# Words spelled in hex digits (`cafebabe`, `deadbeef`): hex-speak, a placeholder by design.
HEXSPEAK_WORDS = frozenset({
    'cafe', 'babe', 'dead', 'beef', 'face', 'feed', 'fade', 'bad', 'bee', 'c0de', 'code',
    'coffee', 'decaf', 'food', 'f00d', 'b00b', 'ace', 'add', 'bed', 'cab', 'dad', 'fee',
    'deaf', 'bead', 'abba', 'ab', 'ba', 'be', 'de', 'ad', 'fa', 'aa', 'ee', 'ff',
})
_LEET = str.maketrans({'0': 'o', '1': 'i', '3': 'e', '4': 'a', '@': 'a', '5': 's', '$': 's', '7': 't'})
_EDGE_CHARS = '0123456789' + ''.join(chr(c) for c in range(33, 127) if not chr(c).isalnum())
_SEPARATORS_RE = lazyre.compile(r'[\W_]+')
# sha1 of published example credentials (normalized: lower-case, URL-decoded): the MongoDB
# manual's passwords, RFC 7617's `Aladdin:open sesame`, RFC 6750's bearer token, jwt.io's key.
PUBLISHED_EXAMPLE_SHA1 = frozenset({
    'df722dc4107bd4d64cfaca385c22371e44e2bd6f',  # pragma: allowlist secret (a sha1)
    '41fb0c62d010cee9eb1c715515d28de45ea5209c',  # pragma: allowlist secret (a sha1)
    'ba6a1ea80ca86d7e0233e6266e8d3e938c216da7',  # pragma: allowlist secret (a sha1)
    '5bcaff7f22ff533ca099b3408ead876c0ebba9a7',  # pragma: allowlist secret (a sha1)
    'b651d619e4fb779d082437b399ddb797e042a2b5',  # pragma: allowlist secret (a sha1)
    '667a89af080112ad5270785bcf0b772e6cd256de',  # pragma: allowlist secret (a sha1)
})
# Reserved and stand-in host names (RFC 2606 / 6761, loopback, Docker's host alias).
_RESERVED_HOST_NAMES = frozenset({
    'localhost', 'host', 'hostname', 'server', 'dbhost', 'db_host', 'something', 'foo', 'bar',
    'x.x.x.x', 'host.docker.internal', 'your-host', 'yourhost', 'myhost', 'domain', 'ip',
    'example', 'unix', 'socket', '0.0.0.0', '::1', '[::1]', 'localhost.localdomain',
    # one-label service names of a local compose network: `postgresql://u:p@db/app`
    'db', 'database', 'cache', 'redis', 'postgres', 'postgresql', 'pg', 'mysql', 'mariadb', 'mongo',
    'mongodb', 'rabbitmq', 'rabbit', 'broker', 'mq', 'kafka', 'app', 'api', 'web', 'backend',
    'memcached', 'elasticsearch', 'es', 'minio', 'smtp', 'mail', 'ldap', 'sql', 'mssql',
})
_RESERVED_SUFFIXES = ('.example', '.test', '.invalid', '.localhost', '.example.com', '.example.net', '.example.org')
# A one-label host whose last word is `name` says "a name goes here": `tns_name`, `dsn-name`.
_NAME_STANDIN_RE = lazyre.compile(r'(?:^|[_\-])[a-z]{0,12}name\d{0,3}$')
_RESERVED_IP_RE = lazyre.compile(r'^(?:127\.|0\.0\.0\.0$|192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|\[?::1\]?$|\[?2001:db8:)')


def normalize_value(value: str) -> str:
    """The policy's normalization: lower-case, URL-decode, strip leading and trailing digits
    and punctuation, undo leetspeak, strip again (`P4ssw0rd123!` -> `password`)."""
    lowered = unquote(value).lower().strip()
    return lowered.strip(_EDGE_CHARS).replace('{}', 'o').replace('()', 'o').translate(_LEET).strip(_EDGE_CHARS)


@functools.lru_cache(maxsize=16)
def _prefixes(words: frozenset[str]) -> frozenset[str]:
    """Every prefix of every word: a piece that is none of them starts no word."""
    return frozenset(w[:n] for w in words for n in range(1, len(w) + 1))


def _made_of(text: str, words: frozenset[str]) -> bool:
    """`text` splits entirely into `words` (separators allowed): a small dynamic programme."""
    prefixes = _prefixes(words)
    for part in _SEPARATORS_RE.split(text):
        if not part:
            continue
        if len(part) > 200:
            return False
        reach = [True] + [False] * len(part)
        furthest = 0  # the furthest position reached so far
        for i in range(len(part)):
            if i > furthest:
                return False  # nothing reaches past here: the rest cannot split into words
            if reach[i]:
                for j in range(i + 1, min(len(part), i + 14) + 1):
                    piece = part[i:j]
                    if piece not in prefixes:
                        break  # no word starts so: no longer piece is one either
                    if piece in words:
                        reach[j] = True
                        furthest = max(furthest, j)
        if not reach[-1]:
            return False
    return True


_RUN_ROWS = ('abcdefghijklmnopqrstuvwxyz', '0123456789', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890')
# Every 3 consecutive characters of a row, forwards and backwards: one set lookup per position.
_RUN_TRIGRAMS = frozenset(
    row[i:i + 3] for r in _RUN_ROWS for row in (r, r[::-1]) for i in range(len(row) - 2)
)


@functools.lru_cache(maxsize=4096)
def _run_fraction(value: str) -> float:
    """The share of `value` in runs of 3+ consecutive characters of the alphabet, the digits or
    a keyboard row (`abcdefg`, `12345`, `qwerty`, `asdf`).  Cached: the placeholder and the
    trivial-value tests both ask."""
    low = value.lower()
    covered = 0
    end = 0  # low[:end] is counted
    for i in range(len(low) - 2):
        if low[i:i + 3] in _RUN_TRIGRAMS:
            covered += i + 3 - max(i, end)
            end = i + 3
    return covered / len(low) if low else 0.0


def is_hexspeak(value: str) -> bool:
    """`cafeb4b3`, `d3adb33f`: words spelled in hex digits."""
    low = value.lower()
    if len(low) < 6 or any(c not in '0123456789abcdef' for c in low):
        return False
    bare = low.rstrip('0123456789')  # `deadbeef123`
    return _made_of(low.translate(_LEET), HEXSPEAK_WORDS) or (
        len(bare) >= 6 and _made_of(bare.translate(_LEET), HEXSPEAK_WORDS)
    )


def is_published_example(value: str) -> bool:
    return _is_published_lowered(unquote(value).lower())


def _is_published_lowered(lowered: str) -> bool:
    """is_published_example of a value already URL-decoded and lower-cased."""
    if sha1(lowered) in PUBLISHED_EXAMPLE_SHA1:
        return True
    # without `_` or `-` the spaced spelling is the same string: its hash was just looked up
    return ('_' in lowered or '-' in lowered) and sha1(re.sub(r'[_\-]', ' ', lowered)) in PUBLISHED_EXAMPLE_SHA1


def _is_owned_placeholder(text: str) -> bool:
    """_OWNED_PLACEHOLDER_RE.match(text), a cheap test first (every credential value asks): an
    ASCII text must open with `your` or `my` (`text` is lower-cased); other text goes to the
    regex, whose case-insensitive match knows more letters than `lower()`."""
    if text.isascii() and not text.startswith(('your', 'my')):
        return False
    return _OWNED_PLACEHOLDER_RE.match(text) is not None


def is_placeholder_value(value: str, slot: str = '', extra: Iterable[str] = ()) -> bool:
    """A sample wherever it appears: markup and references (is_placeholder), placeholder words,
    `your…`/`my…` + password, hex-speak, the slot's own name, published examples."""
    value = strip_escapes(value)
    if is_placeholder(value, extra):
        return True
    lowered = unquote(value).lower()
    if _is_published_lowered(lowered) or _PLACEHOLDER_MARKERS_RE.search(lowered):
        return True
    if value.lstrip('$#%').startswith('{') and value.count('{') > value.count('}'):
        return True  # a template expression cut short: `{values["jdbc"]}`, `{c.jwt(key)}`
    # (leetspeak undone only where `your` / `my` can be: translate maps one character to one)
    owned = _is_owned_placeholder(lowered.translate(_LEET)) if not lowered.isascii() or \
        lowered[:4].translate(_LEET).startswith(('your', 'my')) else False
    if owned or is_hexspeak(value):
        return True
    if len(value) >= 16 and _run_fraction(value) >= 0.5:
        return True  # `abCDefGH…`: documentation's alphabet-run stand-in for a key
    if slot:
        bare = _SEPARATORS_RE.sub('', normalize_value(value))
        slot_parts = name_parts(slot)
        if bare and (bare == ''.join(slot_parts) or (slot_parts and bare == slot_parts[-1])):
            return True
    return False


def may_be_named_before(value: str, secret: str, line: str) -> bool:
    """may_be_named for the slot an assignment of `secret` on `line` names: that name is written
    before the value (iter_assignments reads `name = value`), so before the last `secret` on the
    line; and is_placeholder_value compares its parts with the value less its trailing escapes.
    In a line dense with values, the value itself is the one place its bare form is found."""
    end = line.rfind(secret)
    if end < 0:
        return False  # no assignment's value is `secret`
    bare = _SEPARATORS_RE.sub('', normalize_value(strip_escapes(value)))
    return bool(bare) and bare in _SEPARATORS_RE.sub('', line[:end].lower())


def may_be_named(value: str, line: str) -> bool:
    """Whether a name written on `line` can be the slot is_placeholder_value compares `value`
    with: that needs the value's bare form to equal the name's joined parts or its last part,
    and both are in the line's bare form (names are ASCII, their separators `_.-` are dropped).
    False lets a caller skip parsing the line's assignments: the slot cannot change a verdict."""
    bare = _SEPARATORS_RE.sub('', normalize_value(value))
    return bool(bare) and bare in _SEPARATORS_RE.sub('', line.lower())


# The pairs of adjacent letters a run of TRIVIAL_WORDS can hold: inside a word, or where one
# word ends and the next begins.
# (Built at every start: the pairs across words from the words' last and first letters, not
# from every pair of words.)
_TRIVIAL_BIGRAMS = frozenset(
    {w[i:i + 2] for w in TRIVIAL_WORDS for i in range(len(w) - 1)}
    | {a + b for a in {w[-1] for w in TRIVIAL_WORDS} for b in {w[0] for w in TRIVIAL_WORDS}}
)
_ALNUM_RE = lazyre.compile(r'[A-Za-z0-9]+')
_DIGITS = '0123456789'
# The same, as pairs of lower-case letters and digits before leetspeak is undone: each pair's
# characters replaced by those _LEET turns into them (it maps one character to one).
_READ_AS: dict[str, list[str]] = {}
for _c in 'abcdefghijklmnopqrstuvwxyz' + _DIGITS:
    _READ_AS.setdefault(_c.translate(_LEET), []).append(_c)
_TRIVIAL_RAW_BIGRAMS = frozenset(
    a + b for pair in _TRIVIAL_BIGRAMS for a in _READ_AS.get(pair[0], ()) for b in _READ_AS.get(pair[1], ())
)


def _cannot_be_trivial_words(decoded: str) -> bool:
    """True when no variant is_trivial_value reads out of `decoded` can split into
    TRIVIAL_WORDS (False: it may).  A cheap proof for ASCII letters and digits only, the shape
    of most generated secrets: each variant is `decoded` lower-cased, leet undone, less some
    digits at its edges, so it holds every pair of characters between the first and the last
    letter; one pair no run of words holds rules them all out."""
    if not decoded.isascii() or _ALNUM_RE.fullmatch(decoded) is None:
        return False
    text = decoded.lower().strip(_DIGITS)  # from the first letter to the last
    pairs = _TRIVIAL_RAW_BIGRAMS
    for i in range(len(text) - 1):  # (a loop: a random value fails within a few pairs)
        if text[i:i + 2] not in pairs:
            return True
    return False


def is_trivial_value(value: str, user: str = '') -> bool:
    """Made only of default-password words, the user name (± digits), a character run, or at
    most 4 characters: a sample with no host, a secret at a real one."""
    decoded = unquote(strip_escapes(value)).strip()
    if len(decoded) <= 4:
        return True
    if _cannot_be_trivial_words(decoded):  # (then `decoded` holds a letter: normalized is not empty)
        return bool(user) and _is_trivial_for_user(normalize_value(decoded), user) or _run_fraction(decoded) >= 0.6
    normalized = normalize_value(decoded)
    # leetspeak at one edge (`4dmin`) is undone before the digits at the other are stripped
    low = unquote(decoded).lower()
    variants = (
        normalized, low.translate(_LEET).strip(_EDGE_CHARS),
        low.rstrip(_EDGE_CHARS).translate(_LEET).strip(_EDGE_CHARS),
        low.lstrip(_EDGE_CHARS).translate(_LEET).strip(_EDGE_CHARS),
        _SEPARATORS_RE.sub('', normalized),  # punctuation inside a default word: `pass/word`, `ad-min`
    )
    if not normalized or any(_made_of(v, TRIVIAL_WORDS) for v in dict.fromkeys(variants)):  # each once
        return True
    return _is_trivial_for_user(normalized, user) or _run_fraction(decoded) >= 0.6


def _is_trivial_for_user(normalized: str, user: str) -> bool:
    """The user name, alone or with default-password words: `alice123`, `secretalice`."""
    if user:
        bare_user = normalize_value(user.split('@')[0].split('\\')[-1])
        if bare_user and bare_user in normalized and _made_of(normalized.replace(bare_user, ' '), TRIVIAL_WORDS):
            return True
    return False


def is_reserved_host(host: str) -> bool:
    """localhost, loopback, documentation addresses, RFC 2606 names, unix sockets and generic
    stand-ins (`host`, `dbhost`): a credential there opens nothing real."""
    h = unquote(host).strip()
    if h.startswith('[') and ']' in h:
        h = h[1:h.index(']')]  # `[::1]:5432`: the address without its port
    h = h.strip('[]').lower().rstrip('.')
    h = h.split('&', 1)[0]  # `host&quot;` cut out of HTML
    h = h.rsplit(':', 1)[0] if h.count(':') == 1 else h  # `host:5432`, `hostname:port`
    if not h or h.startswith('/') or h.startswith('@') or h.endswith('.sock'):
        return True
    if h in _RESERVED_HOST_NAMES or h.endswith(_RESERVED_SUFFIXES) or h in {s[1:] for s in _RESERVED_SUFFIXES}:
        return True
    if _RESERVED_IP_RE.match(h) or h.startswith('example') or '.example.' in h:
        return True
    if '.' not in h and ':' not in h and (
        len(h) <= 2 or 'host' in h or 'server' in h or _made_of(re.sub(r'\d+', ' ', h), STANDIN_HOST_WORDS)
        or _NAME_STANDIN_RE.search(h)
    ):
        return True  # one-label stand-ins: `H`, `hostspec`, `dbserver`, `some_dsn`, `pg14`, `tns_name`
    return is_placeholder(h) or bool(re.fullmatch(r'[x*.]{3,}', h))


# Host names near a credential: URL authorities (url_authorities), `host=` / `Server=` /
# `Data Source=` slots.
_HOST_SLOT_RE = lazyre.compile(
    r'''(?i:(?<![\w\-])(?:host(?:_?name)?|server|data\s?source|address|addr|endpoint|hostaddr)["']?\s{0,5}(?:=|:|=>)\s{0,5}["']?)'''
    r'''(?P<h>[A-Za-z0-9][A-Za-z0-9.\-]{0,252})''',
)


# Every match of _HOST_SLOT_RE holds one of these words (`hostaddr`, `address` and `data source`
# included): a line with none of them has no host slot (checked by _may_hold, ASCII lines only).
HOST_SLOT_WORDS = ('host', 'server', 'data', 'addr', 'endpoint')


def host_slots(text: str) -> list[str]:
    """The hosts of `host=` / `Server=` / `Data Source=` slots in `text`, and of command-line
    options (`-h db01`, `--host db01`)."""
    found = cli_hosts(text) if ' -h' in text or '--host' in text else []
    if not _may_hold(text, HOST_SLOT_WORDS):  # a cheap test first: every finding's context asks
        return found
    return [m.group('h') for m in _HOST_SLOT_RE.finditer(text)] + found


# `psql -h db01 …`, `mysql --host=10.0.0.5 …`, `redis-cli -h cache …`: a client's host option.
_CLI_HOST_RE = lazyre.compile(r'(?:^|\s)(?:-h|--host(?:name)?)(?:=|\s{1,5})["\']?(?P<h>[A-Za-z0-9\[][A-Za-z0-9.\-:\[\]]{0,252})')
# `-U postgres`, `-u backup`, `--username app`: a client's user option.
_CLI_USER_RE = lazyre.compile(r'(?:^|\s)(?:-[uU]|--user(?:name)?)(?:=|\s{1,5})["\']?(?P<u>[^\s"\';,:]{1,256})')


def cli_hosts(text: str) -> list[str]:
    return [m.group('h') for m in _CLI_HOST_RE.finditer(text)]


def cli_user(text: str) -> str:
    """The user of a command line's `-u` / `-U` / `--user` option ('' when none)."""
    m = _CLI_USER_RE.search(text) if ' -u' in text or ' -U' in text or '--user' in text else None
    return m.group('u') if m else ''


def hosts_in(text: str) -> list[str]:
    """Every host a credential in `text` could belong to (URL authorities and host slots)."""
    found = [c.host_name for c in url_authorities(text) if c.host_name]
    found.extend(host_slots(text))
    return found


def has_real_host(hosts: Iterable[str]) -> bool:
    return any(not is_reserved_host(h) for h in hosts)


def is_sample_credential(value: str, user: str = '', hosts: Iterable[str] = (), slot: str = '',
                         extra: Iterable[str] = ()) -> bool:
    """The policy: a placeholder or published example is a sample; a trivial value is a sample
    unless a real-looking host is in `hosts`; everything else in a credential slot is a secret."""
    if is_placeholder_value(value, slot, extra):
        return True
    return is_trivial_value(value, user) and not has_real_host(hosts)


# Claims of published example tokens: jwt.io's `John Doe` (subject 1234567890) and the local
# development keys Supabase ships (issuer `supabase-demo`), the same on every machine.
def is_published_example_claims(claims: dict[str, object]) -> bool:
    if claims.get('iss') == 'supabase-demo':
        return True
    return claims.get('sub') == '1234567890' and claims.get('name') == 'John Doe'


# A PEM body line: base64 of key material (a real key's lines are 64 characters; 16 is a floor
# that `...`, `***` and `<key>` never reach).
_PEM_BODY_RE = lazyre.compile(r'[A-Za-z0-9+/=]{16,}')
_PEM_END_RE = lazyre.compile(r'-----END[ A-Z0-9]{0,40}-----')


def pem_has_key_material(line: str, context_lines: list[str]) -> bool:
    """Whether the PEM block that starts on `line` holds base64 key material before its END
    line (in the same line, as in JSON `\\n`-escaped keys, or in the lines after it)."""
    begin = line.find('-----BEGIN')
    rest = line[begin:] if begin >= 0 else line
    head, sep, _ = rest.partition('-----END')
    if _PEM_BODY_RE.search(head.replace('\\n', ' ').split('-----', 2)[-1]):
        return True
    if sep:
        return False
    stripped = [other.rstrip('\n') for other in context_lines]
    try:
        start = stripped.index(line.rstrip('\n')) + 1
    except ValueError:
        start = len(context_lines)
    for other in context_lines[start:]:
        if _PEM_END_RE.search(other):
            return bool(_PEM_BODY_RE.search(other.split('-----END')[0]))
        if _PEM_BODY_RE.search(other):
            return True
    return start >= len(context_lines)  # the body is past the context: assume a key


# Slots whose value is an identifier or a one-time anti-forgery value, never a credential:
# CSRF tokens, git SHAs and version ids (`SRCREV_x = "<sha>"`, `image_version: <sha>`), ARNs.
_NON_SECRET_SLOT_RE = lazyre.compile(
    r'''(?i:(?:csrf|xsrf)[\w\-]{0,40}|srcrev[\w\-]{0,60}|version|revision|_rev|_sha|_commit)'''
    r'''["']?\s{0,5}(?:=|:|=>|:=)\s{0,5}["']?$'''
    # a key of data (API responses, manifests, HTTP headers): `"sha": "<hex>"`, `ETag: "<hex>"`
    r'''|(?i:(?<![a-z0-9_])(?:commit|sha))["']?\s{0,5}:\s{0,5}["']?$|(?i:(?<![a-z0-9_])etag)["']?\s{0,5}[:=]\s{0,5}["']?$'''
    # an HTML form's hidden field: `name="csrf_token" value="…"`
    r'''|(?i:(?:csrf|xsrf)[\w\-]{0,40})["']?\s{1,20}value\s{0,5}=\s{0,5}["']?$'''
)
_ARN_RE = lazyre.compile(r'arn:aws[\w\-]{0,20}:[\w\-]{1,60}:[\w\-]{0,30}:\d{0,12}:')


_VERSION_ID_RE = lazyre.compile(r'[0-9a-fA-F]{7,64}|v?\d{1,10}(?:[.\-]\w{1,40}){0,6}')


def is_non_secret_slot_value(value: str, line: str) -> bool:
    """`csrf-token=<v>`, `SRCREV_x = "<sha>"`, `foo_version: <id>`, `arn:aws:...`."""
    if value.startswith('arn:') or ('arn:aws' in line and _preceded_by(value, line, _ARN_RE, 120)):
        return True
    if not _may_hold(line, _NON_SECRET_SLOT_WORDS) or not _preceded_by(value, line, _NON_SECRET_SLOT_RE, 80):
        return False
    lowered = line.lower()
    # a CSRF token is any value; a version / revision slot holds a SHA or a version number
    return 'csrf' in lowered or 'xsrf' in lowered or bool(_VERSION_ID_RE.fullmatch(value))


# `"application:" + appKey`: a quoted piece of a string built from variables.
_CONCATENATION_AFTER_RE = lazyre.compile(r'["\'`]\s{0,5}(?:\+|\.(?=\s)|&)\s{0,5}[A-Za-z_$(]')


def is_concatenated(value: str, line: str) -> bool:
    """The quoted `value` is joined to a variable or call on `line` (`"a:" + key`)."""
    start = line.find(value)
    while start >= 0:
        if _CONCATENATION_AFTER_RE.match(line, start + len(value)):
            return True
        start = line.find(value, start + 1)
    return False


# `<add key="SmtpPassword" value="…" />`, `<setting name="ApiKey" value="…">` (.config / XML).
XML_PAIR_RE = lazyre.compile(
    r'''\b(?:key|name)\s{0,5}=\s{0,5}"{1,2}(?P<name>[^"<>\n]{1,100})"\s{1,20}value\s{0,5}=\s{0,5}"(?P<value>[^"\n]{1,1000})"''',
    re.IGNORECASE,
)


# Names that say their value is public: `public_key`, `publicToken`, `publishable_key`.
_PUBLIC_NAME_PARTS = frozenset({'public', 'publishable', 'pub'})


def is_public_named_value(value: str, line: str) -> bool:
    """`value` is assigned on `line` to a name that says it is public."""
    if 'pub' not in line.lower():  # every public name part holds it (name_parts lower-cases)
        return False
    for a in iter_assignments(line):
        if a.value == value and _PUBLIC_NAME_PARTS & set(name_parts(a.name)):
            return True
    return 'value' in line and any(
        m.group('value') == value and bool(_PUBLIC_NAME_PARTS & set(name_parts(m.group('name'))))
        for m in XML_PAIR_RE.finditer(line)
    )


def is_unquoted_reference(value: str, line: str) -> bool:
    """`password = settings.PASSWORD`, `token: env.API_TOKEN`: a dotted name written without
    quotes is a reference; quoted (`"harbor.copper"`) it is a literal."""
    if not _REFERENCE_RE.fullmatch(value):
        return False
    start = line.find(value)
    while start >= 0:
        if line[start - 1:start] not in ('"', "'", '`'):
            return True
        start = line.find(value, start + 1)
    return False


# ---------------------------------------------------------------------------------------------
# Test code: the one definition of which paths are tests, for every check.
# ---------------------------------------------------------------------------------------------

# A test module: test_*.py, *_test.py, conftest.py (pytest's names).
_TEST_MODULE = r'(?:^|/)(?:test_[^/]{0,200}|[^/]{0,200}_test|conftest)\.py$'
TEST_MODULE_RE = lazyre.compile(_TEST_MODULE)
# Test code: a test module, or any file under a tests/, test/, testing/ or __tests__/ directory.
TEST_PATH_RE = lazyre.compile(r'(?:^|/)(?:tests?|testing|__tests__)/|' + _TEST_MODULE)


def clear_caches() -> None:
    """Empty the per-value and per-line caches above (tests and benchmarks time the work)."""
    for cached in (url_authorities, _normalized, _name_parts, _assignments, _is_placeholder,
                   _run_fraction, _prefixes, _is_signing_key_name):
        cached.cache_clear()
    _URL_PARTS.clear()

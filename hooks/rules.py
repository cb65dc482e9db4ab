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
from typing import Pattern
from urllib.parse import unquote

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
    '7c2b942492c98c64027fa4e086e4da71971ddf75',  # pragma: allowlist secret (a sha1)
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
        # Any text holding a secret name holds one of the words, whatever separates its parts
        # (`jwtSecretKey`, `api-key`): a cheap test that lets a hook skip parsing a file.
        # The built-in words are lower case: searched in the lower-cased text without
        # IGNORECASE, ten times faster; configured patterns keep IGNORECASE.
        def loose(patterns: Iterable[str]) -> str:
            return '|'.join(p.replace('_?', '_').replace('_', r'[_.\-\s]{0,8}') for p in patterns)

        self._word_re = re.compile(loose(SECRET_NAME_PATTERNS))
        self._extra_word_re = (re.compile(loose(self.extra_patterns), re.IGNORECASE)
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
        normalized = _normalized(name)
        if 'public' in normalized.split('_'):
            return False
        return bool(SIGNING_KEY_NAME_RE.search(normalized))


DEFAULT_SECRET_NAMES = SecretNames()

# Settings whose value is public by design, so neither inventoried nor rotated as a secret: a
# Sentry DSN ships in every browser bundle and only lets a client send events.
PUBLIC_BY_DESIGN_RE = re.compile(r'(?:^|_)sentry_dsn$', re.IGNORECASE)


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
_ASSIGNMENT_RE = re.compile(
    r'''(?<![A-Za-z0-9_])(?=(?P<name>[A-Za-z_][A-Za-z0-9_.\-]{0,100}))(?P=name)["'\]]{0,2}'''
    r'''(?:\s{0,10}:\s{0,10}[A-Za-z_][\w\[\]., |]{0,60}?(?=\s{0,10}=))?'''
    r'''\s{0,10}(?::=|=>|==|=|:)\s{0,10}'''
    r'''(?:(?P<q>["'`])(?P<qv>[^"'`\n]{0,1000})(?P=q)|(?P<v>[^\s"'`,;#}\])(]{1,1000}))'''
)


def iter_assignments(line: str) -> Iterator[Assignment]:
    """Literal values assigned to names on one line (code, YAML, JSON, TOML, INI, env)."""
    for m in _ASSIGNMENT_RE.finditer(line):
        if m.group('q') is not None:
            yield Assignment(m.group('name'), m.group('qv'), m.start('qv'))
        else:
            yield Assignment(m.group('name'), m.group('v'), m.start('v'))


# ---------------------------------------------------------------------------------------------
# Not secrets although they look like one: words, known sample keys, digests, ids.
# (hooks.filters turns these into detect-secrets filters; `report_known_samples` disables them.)
# ---------------------------------------------------------------------------------------------

# Letter pairs that make up 99.9% of the pairs inside English words (counted over the prose of
# Python's own documentation, `pydoc_data.topics`). A value whose letters are (almost) all
# such pairs reads as words (`fakehashedsecret`, `Tommy Sharp`); random letters rarely do.
ENGLISH_BIGRAMS = frozenset('''
ab ac ad ae af ag ai ak al am an ap ar as at au av aw ax ay az ba bb bc bd be bi bj bl bo bp br
bs bt bu by ca cc cd ce ch ci ck cl cm co cp cr cs ct cu cy da db dc dd de di dl do ds dt du dv
dy ea eb ec ed ee ef eg eh ei el em en eo ep eq er es et ev ew ex ey fa fe ff fi fl fo fp fr ft
fu fy ga gc ge gg gh gi gl gm gn go gp gr gs gt gu ha he hi hl hm ho hr ht hu hy ia ib ic id ie
if ig ii ik il im in io ip ir is it iv ix iz je ju ka ke kg ki kn kp kr ks ku kw la lc ld le lf
lg li ll lo lp lr ls lt lu lv lw ly ma mb me mi mm mn mo mp mr ms mt mu my na nb nc nd ne nf ng
nh ni nk nl nm nn no np ns nt nu nv ny oa ob oc od oe of og oi ok ol om on oo op or os ot ou ov
ow ox oz pa pd pe ph pi pl pn po pp pr ps pt pu py qu ra rb rc rd re rf rg ri rk rl rm rn ro rp
rr rs rt ru rv rw ry sa sc sd se sf sh si sk sl sm sn so sp sq ss st su sw sy ta tb tc td te tf
th ti tl tm tn to tp tr ts tt tu tw ty ua ub uc ud ue uf ug ui ul um un uo up ur us ut va ve vi
vm vo wa we wh wi wl wn wo wr ws ww xa xc xe xi xo xp xs xt xx xy yc ye yi yl ym yn yo yp ys yt
yw za ze zi
'''.split())

# A password shorter than this protects nothing: `u:p`, `password="pw"` are samples.
MIN_PASSWORD_LENGTH = 4
# Words may end in a version-like digit or two (`secret2`); more digits read as a real value.
MAX_WORD_DIGITS = 2
# Beyond one joint per word, one more un-English letter pair is allowed per this many letters.
WORD_PAIR_TOLERANCE = 12

_WORD_PART_RE = re.compile(r'[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]')


def is_word_value(value: str) -> bool:
    """True when `value` is made of English-looking words: `fakehashedsecret`, `apples/oranges`,
    `test-password`, `Tommy Sharp`, `secret2`.  Random-looking values are not: they mix digits,
    change case mid-word or pair letters no English word pairs (`kx@jj5/g`, `tiger^5HHH`).

    Human passwords made of words (`summer-holiday`) are judged samples too: this heuristic is
    applied only to generic keyword and URL-password findings, never to tokens or keys.
    """
    ascii_only = ''.join(ch for ch in value if ch.isascii())
    if sum(ch.isdigit() for ch in ascii_only) > MAX_WORD_DIGITS:
        return False
    parts = _WORD_PART_RE.findall(''.join(ch if ch.isalpha() else ' ' for ch in ascii_only))
    letters = sum(len(p) for p in parts)
    if letters < 2 or letters < 3 * len(parts) - 1 or any(len(p) == 1 for p in parts[:-1]):
        return False  # `aB3xKq`: case changing every letter or two is not how words are written
    shouted = sum(len(p) > 1 and p.isupper() for p in parts)
    if shouted and (shouted > 1 or len(parts) > 2) and shouted < len(parts):
        return False  # `UEdEWSofoz`: upper-case runs among lower-case words
    for part in parts:
        misses = sum(part[i:i + 2].lower() not in ENGLISH_BIGRAMS for i in range(len(part) - 1))
        # A compound (`sword|fish`, `ad|min`) may join two words with one un-English pair.
        if misses > (len(part) >= 5) + len(part) // WORD_PAIR_TOLERANCE:
            return False
    return True


_FILE_PATH_RE = re.compile(r'(?:~|\.{1,2})?(?:/[a-z0-9_.@\-]{1,255}){2,64}/?')


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
    'secret',
    '09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7',  # pragma: allowlist secret
)


def is_known_sample_key(value: str) -> bool:
    return value in KNOWN_SAMPLE_SIGNING_KEYS


# The one reading of URL credentials, `scheme://user:password@host` (detect-secrets' Basic Auth
# plugin, our DB-URL plugin, the filters and the redaction all use it).  Each part is bounded;
# the password runs to the last `@` of the authority, as urllib and libpq read `u:p@ss@host`
# (stopping at the first one would report half of it and show the other half as the "host").
URL_AUTHORITY = (
    r'://(?P<user>[^:/@\s\'"`]{0,256}):(?P<password>[^\s\'"`/]{1,256})'
    r'@(?P<host>[^/\s\'"`?#;@]{0,256})'
)
# Any scheme.  The lookbehind anchors the scheme at its start: linear on long runs.
URL_CREDENTIALS_RE = re.compile(
    r'(?<![A-Za-z0-9+.\-])(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]{0,40})' + URL_AUTHORITY,
)
class UrlCredential(NamedTuple):
    scheme: str
    user: str       # percent-decoded
    password: str   # percent-decoded
    raw_user: str   # as written in the line
    raw_password: str
    host: str


def iter_url_credentials(line: str) -> Iterator[UrlCredential]:
    """Every `scheme://user:password@host` on the line."""
    if '://' not in line:
        return
    for m in URL_CREDENTIALS_RE.finditer(line):
        yield UrlCredential(
            m.group('scheme'), unquote(m.group('user')), unquote(m.group('password')),
            m.group('user'), m.group('password'), m.group('host'),
        )


# A URL user that reads as a name (`app`, `postgres`, `deploy-bot`) is shown; any other may be a
# credential itself (a GitHub token as user with `x-oauth-basic` as password, an AWS key id).
URL_USER_NAME_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_.\-]{0,31}')


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
REV_RE = re.compile(r'''(?:^|[\s\-{,])["']?rev["']?\s{0,10}:\s{0,10}["']?(?P<v>[0-9a-fA-F]{7,64})\b''')
# Alembic migrations: `revision = "ae1027a6acf"`, `down_revision: Union[...] = "..."`,
# `Revision ID: ...`, `Revises: ...`, `down_revision = ("a", "b")`.
ALEMBIC_REVISION_RE = re.compile(
    r'''^\s{0,20}(?:(?:down_)?revision|branch_labels|depends_on)\b[^=\n]{0,80}=|'''
    r'''^\s{0,20}(?:Revision ID|Revises)\s{0,5}:''',
)
ALEMBIC_ID_RE = re.compile(r'[0-9a-f]{6,40}')
# A value labelled with its digest algorithm: `--hash=sha256:<hex>`, `sha512-<base64>`.
DIGEST_LABEL_RE = re.compile(
    r'(?:sha1|sha224|sha256|sha384|sha512|sha3_256|sha3_512|md5|blake2b|blake2s|crc32)'
    r'["\']?\s{0,3}[:=\-]\s{0,3}["\']?$',
    re.IGNORECASE,
)
DIGEST_PREFIX_RE = re.compile(
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
UUID_RE = re.compile(
    r'\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?',
)
# Shorter hex strings are ids, colours, short commit SHAs: no real key has fewer than 64 bits.
MIN_HEX_SECRET_LENGTH = 16


def is_pinned_revision(value: str, line: str) -> bool:
    """A git SHA pinned by `rev:` (pre-commit), not a credential."""
    return any(m.group('v') == value for m in REV_RE.finditer(line))


def is_alembic_revision(value: str, line: str) -> bool:
    return bool(ALEMBIC_REVISION_RE.search(line)) and bool(ALEMBIC_ID_RE.fullmatch(value))


def is_labelled_digest(value: str, line: str) -> bool:
    """`value` follows a digest-algorithm label on `line`: `--hash=sha256:...`, `sha512-...`."""
    return bool(DIGEST_PREFIX_RE.match(value)) or _preceded_by(value, line, DIGEST_LABEL_RE, 30)


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
    steps = sum(ord(b) - ord(a) in (1, 2) for a, b in zip(value, value[1:]))
    return steps >= 0.8 * (len(value) - 1)

# `data:image/png;base64,<payload>`: an inlined file (image, font, source map), not a secret.
# (also split by a string concatenation: `"data:image/png;base64," + "<payload>"`).
DATA_URI_RE = re.compile(
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
PUBLIC_KEY_MEMBER_RE = re.compile(
    r'''(?:^|[\s{,(])["']?(?:kid|n|e|x|y|crv|kty|x5t|x5t#S256|sub|iss|aud|jti)["']?\s{0,5}[:=]\s{0,5}["']?$''',
)
# A value that is code: a call or subscript (`jwks_client.get_signing_key_from_jwt(token)`).
CODE_REFERENCE_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_]{0,100}(?:\.[A-Za-z_][A-Za-z0-9_]{0,100}){1,10}')


def is_public_key_member(value: str, line: str) -> bool:
    start = line.find(value)
    while start >= 0:
        if PUBLIC_KEY_MEMBER_RE.search(line, max(0, start - 20), start):  # `^`: the line's start
            return True
        start = line.find(value, start + 1)
    return False


def is_code_reference(value: str, line: str) -> bool:
    """`settings.jwt_secret`, `client.get_key(...)`: an expression, not a literal key."""
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

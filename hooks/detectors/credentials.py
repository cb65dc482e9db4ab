"""Credential slots detect-secrets' keyword plugin does not read.

Each detector reports the value in one kind of slot (see the labelling policy in the README):
whether that value is a sample is decided afterwards, for every plugin alike, by
`hooks.filters.is_sample_password` (which asks `hooks.rules`).  Every regex is linear-time:
bounded repetitions, disjoint alternatives.
"""
from __future__ import annotations

import base64
import binascii
import functools
import re
from typing import Callable
from typing import Iterator
from typing import NamedTuple
from urllib.parse import unquote

from hooks import dotenv as envfile
from hooks import lazyre
from hooks import rules
from hooks.detectors.base import LineDetector
from hooks.detectors.base import is_code_file
from hooks.detectors.db_url import DB_SCHEME_RE
from hooks.detectors.jwt import token_header
from hooks.scan.prefilter import Trigger

# Slot names detect-secrets' keyword list lacks (it knows `password`, `secret`, `api_key`...).
EXTRA_SECRET_NAMES = rules.SecretNames((
    r'anon_?key', r'access_?token', r'refresh_?token', r'auth_?token', r'bearer', r'private_?token',
    r'service_?role_?key', r'master_?key', r'account_?key', r'shared_?access_?key',
    r'client_?secret', r'[a-z0-9]{0,20}private_?key', r'passphrase', r'requirepass', r'apikey',
    # the password variables of well-known clients (libpq, sshpass, redis-cli)
    r'pgpassword', r'sshpass', r'rediscli_auth',
), written_here=True)
# Names that say the value is public, or describes a secret instead of holding it.
PUBLIC_NAME_PARTS = frozenset({'public', 'publishable', 'pub', 'csrf', 'xsrf'})
# ... or a value derived from a secret, which does not open anything: `hashed_password`.
DERIVED_NAME_PARTS = frozenset({'hash', 'hashed', 'digest', 'fingerprint', 'checksum'})
# ... or a stand-in: `fake_secret_token`, `dummy_password`, `example_api_key`.
STANDIN_NAME_PARTS = frozenset({'fake', 'dummy', 'example', 'sample', 'placeholder', 'mock'})
# The value of a slot: at least this long to be anything but a flag (shorter ones are samples
# by the policy unless at a real host, and a slot with a 1-3 character value is rarely a secret).
MIN_VALUE_LENGTH = 4

# The characters `\s` matches in a str pattern (str.isspace: the last is U+3000), for a sieve
# branch that opens with each of them (Trigger.sieve).
WHITESPACE = tuple(c for c in map(chr, range(0x3001)) if c.isspace())
# Values that are code words, not literals.
_CODE_WORDS = frozenset({'none', 'null', 'nil', 'true', 'false', 'undefined', 'self', 'this', 'new', 'str', 'string'})
# `x.secret_length`, `env.X`, `settings.PASSWORD`, `os.environ`: a dotted reference.
_DOTTED_RE = lazyre.compile(r'[A-Za-z_$@][\w$]{0,40}(?:(?:\.|::|->)[A-Za-z_]\w{0,40}){1,10}(?:\(\)?)?')
_IDENTIFIER_RE = lazyre.compile(r'[A-Za-z_][A-Za-z0-9_]{0,100}')


# `secret.py`, `password.txt`: a file name, not a setting.
_FILE_NAME_RE = lazyre.compile(r'.{1,100}\.(?:py|txt|json|ya?ml|md|rst|cfg|ini|toml|js|ts|sh|html|xml|csv|log)')


# A line dense with assignments names the same few slots over and over: judged once per name.
@functools.lru_cache(maxsize=4096)
def is_secret_slot(name: str) -> bool:
    if _FILE_NAME_RE.fullmatch(name):
        return False
    parts = rules.name_parts(name)
    if not parts or (PUBLIC_NAME_PARTS | DERIVED_NAME_PARTS | STANDIN_NAME_PARTS) & set(parts):
        return False
    return rules.DEFAULT_SECRET_NAMES.is_secret_name(name) or EXTRA_SECRET_NAMES.is_secret_name(name)


def _may_be_literal(value: str) -> bool:
    """is_literal's test of the value alone (long enough, not a code word)."""
    v = value.strip()
    return len(v) >= MIN_VALUE_LENGTH and v.lower() not in _CODE_WORDS


def is_literal(value: str, quoted: bool, code: bool, env: bool = False) -> bool:
    """A value that can hold a secret: a quoted literal, or (outside code) an unquoted word that
    is not a reference, a keyword or a dotted expression.  In an env file only `$` and `%` open a
    reference: `!`, `@`, `&`, `*` open YAML tags, anchors and aliases elsewhere, but there they
    are the first characters of a generated password."""
    if not _may_be_literal(value):
        return False
    v = value.strip()
    if quoted:
        return True
    if _DOTTED_RE.fullmatch(v):
        return False
    if code:
        return False
    return not v.startswith(('$', '%') if env else ('$', '%', '@', '&', '*', '!')) \
        and not v.endswith(('(', '['))


class SecretAssignmentDetector(LineDetector):
    """A literal value assigned to a secret-named slot, in any syntax: code assignments
    (`$password = "…"`, `password := "…"`, `'password' => '…'`, escaped quotes), YAML / INI /
    env keys (also unquoted), XML `<add key="…Password" value="…"/>`, comparisons
    (`password == "…"`), and the default of a secret-named environment lookup."""

    secret_type = 'Secret Assignment'
    # A slot word, the rest of the name, then an assignment, an argument separator (environment
    # lookups), an XML `value=` or prose (`password is`, `password ----`).
    _WORD = (r'''(?:pass|pwd|secret|token|credential|bearer|contrase|apikey|(?:api|private|anon|access|account'''
             r'''|master|auth|signing|hmac|encryption|role|shared_?access)[_\-.]?key)''')
    _NAME = r'''[\w\-.$\]\[>]{0,60}'''
    _AFTER = r'''["']{0,2}\s{0,60}(?::|=|(?<=["'])\s{0,5},|(?<=\s)(?:is|was|will)\s|-{2}|\||value\s{0,5}=)'''
    TRIGGER = Trigger(
        ('pass', 'pwd', 'secret', 'token', 'key', 'credential', 'bearer', 'contrase'),
        _WORD + _NAME + _AFTER,
        lower=True,
        # On a long run of name characters (`pwdpwd…`) the regex tries 60 name ends at every
        # word.  Where it matches, _AFTER follows either the whole name (up to 60 characters),
        # or a shorter one, where it must go on with a name character: only `--` or `value`
        # (quotes, spaces and the separators are none; `is` needs a space before it; a word
        # ends in a letter).  The sieve takes the whole name at once, and for a shorter one
        # looks for `--` or `value` after at most 59 name characters (asking only for a `-` or
        # `v` matched at every word of a run of `api-key` or `privatekey`).
        sieve=_WORD + rf'''(?:(?=({_NAME}))\1{_AFTER}|(?=[\w\-.$\]\[>]{{0,59}}?(?:--|value)))''',
        # _AFTER starts with a quote, a space, `:`, `=`, `|`, `--` or `value` (`,` and `is` only
        # after a quote or space), after the longest word and 60 name characters.
        gap=(r'''[^"'\s:=|]''', len('shared_access_key') + 60, ('--', 'value')),
    )

    def find(self, line: str, filename: str = '') -> Iterator[str]:
        code = is_code_file(filename)
        text = line.replace('\\"', '"') if '\\"' in line else line
        seen: set[str] = set()
        env = envfile.is_env_file(filename)
        for value in self._values(text, code, filename.endswith(('.py', '.pyi')), env):
            if value not in seen:
                seen.add(value)
                yield value

    def _values(self, line: str, code: bool, python: bool = False, env: bool = False) -> Iterator[str]:
        for m in XML_PAIR_RE.finditer(line):
            if is_secret_slot(m.group('name')) and is_literal(m.group('value'), True, code):
                yield m.group('value')
        for m in ENV_DEFAULT_RE.finditer(line):
            name, value = m.group('name'), m.group('value')
            if is_secret_slot(name) and not _URL_NAME_PARTS & set(rules.name_parts(name)) \
                    and '://' not in value and is_literal(value, True, code):
                yield value
        for m in PROSE_RE.finditer(line):
            value = m.group('sq') or m.group('dq') or m.group('bare')
            if m.group('bare') and '{{' in line[:m.start()]:
                continue  # a template's pipe (`{{ .Values.password | b64enc }}`), not a table
            if value and is_literal(value, True, False):
                yield value
        for a in rules.iter_assignments(line):
            if not _is_assignment_slot(a.name):
                continue
            if not env and not _may_be_literal(a.value):
                continue  # (is_literal, last, would say no: `password=""`, `pwd=a`)
            before = line[a.start - 1:a.start]
            quoted = before in ('"', "'") or (before == '`' and not python)
            if env and not quoted and line[a.start - 2:a.start] == '==':
                a = a._replace(value='=' + a.value, start=a.start - 1)  # dotenv splits at the first `=`
            after = line[a.start + len(a.value):a.start + len(a.value) + 1]
            if not quoted and after in ('(', '[', '"', "'", '`', '.', '{'):
                continue
            if not quoted and not (_ends_line(line, a.start + len(a.value))  # (the cheaper test first)
                                   and _WHOLE_LINE_RE.match(_statement_prefix(line, a.start))):
                continue  # unquoted: a settings line (`password = x`), not a word in prose
            if quoted and (a.value != a.value.strip() or len(a.value.split()) >= PROSE_WORDS):
                continue  # the gap between two strings (`' in run_cli('`), or a sentence
            if quoted and _CONCATENATED_RE.match(line, a.start + len(a.value) + 1):
                continue  # `"app:" + appKey`: a string built from variables
            if '://' in a.value or a.value.startswith('-----BEGIN') or (
                a.value.startswith('eyJ') and token_header(a.value) is not None
            ):
                continue  # connection URLs, PEM blocks and JWTs are their own plugins' findings
            if _token_only(a.name) and not _TOKEN_VALUE_RE.fullmatch(a.value):
                continue  # `identity_token="north_america"`: tokens are machine-made
            if is_literal(a.value, quoted, code, env) and not _CONCATENATION_INSIDE_RE.search(a.value):
                yield a.value


@functools.lru_cache(maxsize=4096)
def _is_assignment_slot(name: str) -> bool:
    """A name whose assigned literal this plugin reports (a pure function of the name: a line
    dense with assignments names the same few slots over and over)."""
    if rules.SecretNames.is_signing_key_name(name) and not _bare_secret(name):
        return False  # the signing-key plugin's (more specific) finding
    # a connection URL or string: judged by its password (DB-URL plugin)
    return is_secret_slot(name) and not _URL_NAME_PARTS & set(rules.name_parts(name))


# A quoted value of this many words is a sentence, not a password.
PROSE_WORDS = 5
# An unquoted value counts only on a settings line: the name starts it (after indentation, list
# or comment markers, `export`, `$`, quotes) and the value ends it (or a comment, `;`, `,`).
_WHOLE_LINE_RE = lazyre.compile(r'''[\s\-*#;/>|]{0,20}(?:export\s{1,5}|set\s{1,5}|\$)?["'\[]?[\w.\-]{1,100}["'\]]{0,2}\s{0,10}(?::=|=>|==|=|:)\s{0,10}$''')  # noqa: E501 (one pattern)
# The value ends the line, or a comment or the next statement (`;`) follows, however long the
# rest is (a bounded comment found a long line's `a=1; password=x; b=2` statements only in its
# last kilobyte: `password=x` a kilobyte from the end was missed).
_LINE_END_RE = lazyre.compile(r'''\s{0,10}(?:[;,]\s{0,10})?(?:(?:#|//|;)[^\n]*)?$''')
# Its head: where the rest holds no newline (a plugin's line holds at most a final one), the
# comment's `[^\n]*$` always matches, so the head decides.
_LINE_END_HEAD_RE = lazyre.compile(r'''\s{0,10}(?:[;,]\s{0,10})?(?:#|//|;|$)''')


def _ends_line(line: str, at: int) -> bool:
    """_LINE_END_RE matches at `at`, in constant time where no newline but a final one follows
    (else its `[^\n]*` reads to the end of the line at each value of a long line of `a=b;`)."""
    if _inner_newline(line) < at:
        return _LINE_END_HEAD_RE.match(line, at) is not None
    return _LINE_END_RE.match(line, at) is not None


@functools.lru_cache(maxsize=1)  # the values of one line ask one after the other
def _inner_newline(line: str) -> int:
    """Where the last newline of `line` that is not its last character is (-1: none)."""
    return line.rfind('\n', 0, len(line) - 1)


_URL_NAME_PARTS = frozenset({'url', 'uri', 'dsn', 'connection', 'conn', 'connstr', 'string'})
_CONCATENATED_RE = lazyre.compile(r'\s{0,5}(?:\+|\.\s|\|\||&\s)')
# A quoted value that is the inside of two literals around an expression: `" + getX() + "`.
_CONCATENATION_INSIDE_RE = lazyre.compile(r'^\s{0,5}[+.&]\s|\s[+.&]\s{0,5}$')


# Slot names that hold a token and nothing else say so with `token` alone: identity, parser and
# logging tokens share the word, so such a slot must hold a token-shaped value (16+ characters of
# a token alphabet, letters and digits).
_TOKEN_VALUE_RE = lazyre.compile(r'(?=[^\s]{0,40}[0-9])(?=[^\s]{0,40}[A-Za-z])[+/!@^~=?\-]{0,8}[A-Za-z0-9+/=_\-.~:]{16,2000}')


_CREDENTIAL_PARTS = frozenset({
    'secret', 'password', 'passwd', 'pwd', 'pass', 'key', 'credential', 'credentials', 'access',
    'refresh', 'auth', 'bearer', 'api', 'apikey', 'session', 'private', 'oauth', 'personal', 'bot',
})


@functools.lru_cache(maxsize=4096)
def _token_only(name: str) -> bool:
    parts = set(rules.name_parts(name))
    return 'token' in parts and not parts & _CREDENTIAL_PARTS


# _WHOLE_LINE_RE matches at most ~160 characters: a statement prefix is looked for no further back
# than this (a copy of, and searches over, the whole text before each value were quadratic in a
# window dense with values).
_PREFIX_SPAN = 512


def _statement_prefix(line: str, end: int) -> str:
    """What precedes a name (at `end`) in its statement: after the last `;` or escaped line
    break (`\\n`, `\\t` in a dumped string), so `$a = 1; $password = x;` counts as a settings
    line.  Searched in the last _PREFIX_SPAN characters only: a longer prefix never matches
    _WHOLE_LINE_RE, and neither does the _PREFIX_SPAN characters given for it."""
    lo = max(0, end - _PREFIX_SPAN)
    cut = max(line.rfind('\\n', lo, end), line.rfind('\\t', lo, end), line.rfind('\\r', lo, end))
    begin = cut + 2 if cut >= 0 else lo
    semicolon = line.rfind(';', begin, end)
    return line[semicolon + 1 if semicolon >= 0 else begin:end]


def _bare_secret(name: str) -> bool:
    """`secret:` nested under `JWT:` is a signing key the signing-key plugin cannot see."""
    return rules.name_parts(name) == ['secret']


XML_PAIR_RE = rules.XML_PAIR_RE

# Prose and tables: `The default password is 'x'`, `LDAP password ----  x`.
PROSE_RE = lazyre.compile(
    r'''(?i:\b(?:password|passwd|passphrase|pwd))(?:\s{1,5}(?:is|was|will be)\s{1,5}'''
    r'''(?:'(?P<sq>[^'\n]{4,200})'|"(?P<dq>[^"\n]{4,200})")'''
    r'''|\s{1,60}(?:-{2,}|\|)\s{1,20}(?P<bare>[^\s|]{6,200})(?:\s|$))'''
)
# `os.environ.get('DJANGO_SECRET_KEY', '…')`, `getenv("API_TOKEN", "…")`, `env('X', default='…')`.
ENV_DEFAULT_RE = lazyre.compile(
    r'''(?:environ\.get|getenv|environ\.setdefault|\benv(?:\.str)?|config)\(\s{0,5}["'](?P<name>[\w.\-]{1,100})["']\s{0,5},\s{0,5}'''
    r'''(?:default\s{0,3}=\s{0,3})?["'](?P<value>[^"'\n]{1,1000})["']''',
)


# ---------------------------------------------------------------------------------------------
# HTTP: curl -u, Authorization / token / API-key headers.
# ---------------------------------------------------------------------------------------------

class HttpCredential(NamedTuple):
    user: str
    password: str   # decoded (Basic) or as written
    raw: str        # as written on the line


CURL_USER_RE = lazyre.compile(
    r'''(?:^|\s)(?:-u|--user|--proxy-user)(?:\s{1,10}|=)(?:"(?P<dq>[^"\n]{1,300})"(?::"(?P<dq2>[^"\n]{1,300})")?|'(?P<sq>[^'\n]{1,300})'|(?P<bare>[^\s'"]{1,300}))''',
)
HEADER_RE = lazyre.compile(
    r'''(?i)(?<![\w\-])(?P<name>(?:proxy-)?authorization|x-[\w\-]{0,40}(?:api-?key|token|auth|secret)[\w\-]{0,20}|[\w\-]{0,40}-?api-?key|apikey|api-token|private-token|auth-token|access-token|token)'''
    r'''["']?\s{0,3}:\s{0,5}(?:(?P<scheme>basic|bearer|token|digest|apikey|sso-key|key)\s{1,5}|=\s{0,3})?["']?(?P<value>[A-Za-z0-9+/=_\-.~:{}]{6,2000})''',
)
# What a header's value must look like to be a credential: letters and digits mixed, or long.
_TOKEN_SHAPE_RE = lazyre.compile(r'(?=[^\s]{0,2000}[0-9])(?=[^\s]{0,2000}[A-Za-z])')


def iter_http_credentials(line: str) -> Iterator[HttpCredential]:
    if '-u' in line or '--user' in line or '--proxy-user' in line:
        for m in CURL_USER_RE.finditer(line):
            if m.group('dq2') is not None:
                user, password = m.group('dq'), m.group('dq2')
            else:
                arg = m.group('dq') or m.group('sq') or m.group('bare')
                if rules.is_placeholder(arg):
                    continue  # `-u <user:password>`, `-u $CREDENTIALS`
                user, sep, password = arg.partition(':')
                if not sep:
                    continue
            if password:
                yield HttpCredential(user, password, password)
    if ':' not in line:
        return
    for m in HEADER_RE.finditer(line):
        value = m.group('value').rstrip('.,:')
        scheme = (m.group('scheme') or '').lower()
        if scheme == 'basic' or (not scheme and m.group('name').lower().endswith('authorization')):
            decoded = _basic(value)
            if decoded is not None:
                user, _, password = decoded.partition(':')
                yield HttpCredential(user, password, value)
                continue
        if scheme or _TOKEN_SHAPE_RE.match(value) or len(value) >= 20:
            yield HttpCredential('', value, value)


def _basic(value: str) -> str | None:
    """`user:password` from a Basic credential, or None when it is not one."""
    try:
        decoded = base64.b64decode(value + '=' * (-len(value) % 4), validate=True).decode('utf-8')
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return decoded if ':' in decoded and decoded.isprintable() else None


_HTTP_OPTION = r'(?:-u|--user|--proxy-user)[\s=]'
_HTTP_COLON = r'''["']?\s{0,3}:'''


class HttpCredentialDetector(LineDetector):
    """`curl -u user:password`, `Authorization: Basic|Bearer|Token …`, `X-…-Api-Key: …`,
    `apikey: …`, `Token: …` (shell, docs, code and HTTP dumps).  JWTs are the JWT plugin's."""

    secret_type = 'HTTP Credentials'
    TRIGGER = Trigger(
        ('-u', 'auth', 'key', 'token', 'secret'),  # literals the keyword plugin searches too
        r'(?:^|\s)' + _HTTP_OPTION + r'|authorization|(?:api-?key|token|auth|secret)[\w\-]{0,20}' + _HTTP_COLON,
        lower=True,
        # What follows the name starts with no name character: only the whole name (up to 20
        # characters) can be followed by it, so the sieve takes the name at once.  Each of its
        # branches opens with a character of its own (Trigger.sieve): one per whitespace
        # character before an option, one per first letter of a name.
        sieve='|'.join([
            *(re.escape(c) + _HTTP_OPTION for c in WHITESPACE), 'authorization',
            *(rf'{head}(?=(?P<n{i}>[\w\-]{{0,20}}))(?P=n{i})' + _HTTP_COLON
              for i, head in enumerate(('a(?:pi-?key|uth)', 'token', 'secret'))),
        ]),
    )

    def find(self, line: str, filename: str = '') -> Iterator[str]:
        for c in iter_http_credentials(line):
            if c.raw.startswith('eyJ') or not c.password:
                continue
            yield c.raw


# ---------------------------------------------------------------------------------------------
# Credential files: .netrc, .pgpass, .npmrc, docker config.json; redis --requirepass.
# ---------------------------------------------------------------------------------------------

# `machine h login u password p` on one line, or a netrc's own `password p` line.
NETRC_RE = lazyre.compile(r'(?:^|\s)(?:machine|default)\s{1,20}\S{0,256}\s{0,20}login\s{1,20}(?P<user>\S{1,256})\s{1,20}password\s{1,20}(?P<value>\S{1,1000})')  # noqa: E501 (one pattern)
NETRC_PASSWORD_RE = lazyre.compile(r'^\s{0,20}password\s{1,20}(?P<value>\S{1,1000})\s{0,20}$')
NETRC_FILE_NAMES = ('.netrc', '_netrc', 'netrc')
# hostname:port:database:username:password
PGPASS_RE = lazyre.compile(r'^(?P<host>[\w.\-*]{1,253}):(?P<port>\d{1,5}|\*):(?P<db>[^:\s]{1,100}):(?P<user>[^:\s]{1,100}):(?P<value>[^\s:]{1,1000})\s*$')  # noqa: E501 (one pattern)
NPMRC_RE = lazyre.compile(r'(?:^|:)_(?:auth|password)\s{0,3}=\s{0,3}["\']?(?P<value>[A-Za-z0-9+/=]{8,2000})')
DOCKER_AUTH_RE = lazyre.compile(r'''["']auth["']\s{0,3}:\s{0,3}["'](?P<value>[A-Za-z0-9+/=]{8,2000})["']''')
REQUIREPASS_RE = lazyre.compile(r'''--requirepass[\s=]{1,5}["']?(?P<value>[^\s"']{1,1000})''')


def iter_file_credentials(line: str, filename: str = '') -> Iterator[HttpCredential]:
    lowered = line.lower()
    if 'password' in lowered:
        m = NETRC_RE.search(line)
        if m is None and filename.replace('\\', '/').rsplit('/', 1)[-1] in NETRC_FILE_NAMES:
            m = NETRC_PASSWORD_RE.search(line)  # a netrc's own `password p` line
        if m:
            user = m.group('user') if 'user' in m.groupdict() else ''
            yield HttpCredential(user, m.group('value'), m.group('value'))
    if '_auth' in lowered or '_password' in lowered:
        for m in NPMRC_RE.finditer(line):
            yield HttpCredential('', m.group('value'), m.group('value'))
    if 'auth' in lowered:
        for m in DOCKER_AUTH_RE.finditer(line):
            decoded = _basic(m.group('value'))
            if decoded is not None:
                user, _, password = decoded.partition(':')
                yield HttpCredential(user, password, m.group('value'))
    if '--requirepass' in lowered:
        for m in REQUIREPASS_RE.finditer(line):
            yield HttpCredential('', m.group('value'), m.group('value'))


class CredentialFileDetector(LineDetector):
    """Passwords in .netrc / .pgpass lines, .npmrc `_auth` / `_password`, docker `config.json`
    `auths` entries, and Redis `--requirepass`."""

    secret_type = 'Credential File Entry'
    TRIGGER = Trigger(
        ('pass', 'auth'),
        r'''(?:login|machine|default)\s[^\n]{0,300}password\s|^\s{0,20}password\s|_auth|_password|auth["']\s{0,3}:|requirepass''',
        lower=True,
    )

    def find(self, line: str, filename: str = '') -> Iterator[str]:
        for c in iter_file_credentials(line, filename):
            if c.password and not c.password.startswith(('$', '%')):
                yield c.raw


class PgpassDetector(LineDetector):
    """`hostname:port:database:username:password` lines (PostgreSQL's password file)."""

    secret_type = 'PostgreSQL Password File Entry'
    # The port field, as PostgreSQL's tools write it: the default ports or `*` (a line for another
    # port is not read: a known gap, kept so that no full-text regex runs on every file).
    TRIGGER = Trigger(
        (':5432:', ':*:', ':5433:', ':5434:', ':6432:'), r':(?:\d{1,5}|\*):[^:\s]{1,100}:[^:\s]{1,100}:[^:\s]',
    )

    def find(self, line: str, filename: str = '') -> Iterator[str]:
        m = PGPASS_RE.match(line.strip())
        if m and not m.group('value').startswith(('$', '%')):
            yield m.group('value')


# ---------------------------------------------------------------------------------------------
# Well-known credential APIs: the password passed positionally.
# ---------------------------------------------------------------------------------------------

# API -> 0-based position of the password among the call's arguments.
CREDENTIAL_APIS = {
    'HTTPBasicAuth': 1, 'HTTPDigestAuth': 1, 'HTTPProxyAuth': 1, 'BasicAuth': 1, 'NetworkCredential': 1,
    'login': 1, 'PasswordCredential': 1, 'UsernamePasswordCredentials': 1, 'DirectoryEntry': 2,
    'auth': 1, 'basic_auth': 1, 'http_auth': 1,
}
API_CALL_RE = lazyre.compile(
    r'(?P<api>(?<![\w])(?:HTTPBasicAuth|HTTPDigestAuth|HTTPProxyAuth|BasicAuth|NetworkCredential|PasswordCredential'
    r'|UsernamePasswordCredentials|DirectoryEntry|(?:basic_|http_)?auth\s{0,3}=\s{0,3})|\.login)\s{0,3}[(\[]',
)
_ARG_RE = lazyre.compile(r'''\s{0,20}(?:"(?P<dq>(?:\\.|[^"\\\n]){0,1000})"|'(?P<sq>(?:\\.|[^'\\\n]){0,1000})'|(?P<expr>[^,()\[\]"'\n]{1,300}))\s{0,20}(?P<end>[,)\]])''')  # noqa: E501 (one pattern)


def iter_api_passwords(
    line: str, call_re: re.Pattern[str] = API_CALL_RE, apis: dict[str, int] = CREDENTIAL_APIS,
) -> Iterator[tuple[str, str]]:
    """(user, password) literals passed to a known credential API on this line (`call_re`
    finds the calls, `apis` gives the password's position)."""
    for call in call_re.finditer(line):
        api = call.group('api').lstrip('.').split('=')[0].strip()
        index = apis.get(api, 1)
        args: list[str | None] = []
        pos = call.end()
        while len(args) <= index:
            m = _ARG_RE.match(line, pos)
            if not m:
                break
            literal = m.group('dq') if m.group('dq') is not None else m.group('sq')
            args.append(literal)
            pos = m.end()
            if m.group('end') != ',':
                break
        if len(args) > index and args[index]:
            yield (args[index - 1] or '', args[index])  # type: ignore[misc]


class CredentialApiDetector(LineDetector):
    """Passwords passed positionally to well-known APIs: requests' `auth=(user, pw)` and
    `HTTPBasicAuth`, `smtplib`'s `.login(user, pw)`, .NET `NetworkCredential(u, pw)`,
    `DirectoryEntry(path, u, pw)`.  (Keyword arguments, `password=…`, are assignments.)"""

    secret_type = 'Credential API Argument'
    TRIGGER = Trigger(
        ('auth', 'login', 'credential', 'directoryentry'),
        r'basicauth|digestauth|proxyauth|credential|directoryentry|\.login\s{0,3}\(|auth\s{0,3}=\s{0,3}[(\[]',
        lower=True,
    )

    def find(self, line: str, filename: str = '') -> Iterator[str]:
        for _, password in iter_api_passwords(line):
            if len(password) >= MIN_VALUE_LENGTH and not rules.is_placeholder(password):
                yield password


# ---------------------------------------------------------------------------------------------
# Bare tokens whose format is itself a credential.
# ---------------------------------------------------------------------------------------------

VENDOR_TOKEN_RE = lazyre.compile(
    r'(?<![A-Za-z0-9_\-])(?:'
    r'[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}'          # Azure DevOps personal access token (2024 format)
    r'|mdb_sa_sk_[A-Za-z0-9_\-]{40}'              # MongoDB Atlas service-account secret
    r')(?![A-Za-z0-9_\-])',
)


class VendorTokenDetector(LineDetector):
    """Vendor token formats detect-secrets does not know."""

    secret_type = 'Vendor Token'
    TRIGGER = Trigger(('AZDO', 'mdb_sa_sk_'))

    def find(self, line: str, filename: str = '') -> Iterator[str]:
        for m in VENDOR_TOKEN_RE.finditer(line):
            yield m.group()


# ---------------------------------------------------------------------------------------------
# More credential slots (issue #13): the syntaxes other code bases write them in.  One plugin of
# its own, ranked after every other (hooks.scan.scanner._rank): it only adds findings nothing
# else reports, and never changes the type (so the baseline entry) of one that was reported.
# ---------------------------------------------------------------------------------------------

# A value written as one shell word or one quoted string.
_WORD = r'''(?:"(?P<dq>[^"\n]{1,1000})"|'(?P<sq>[^'\n]{1,1000})'|(?P<bare>[^\s"'`;|&<>(),]{1,1000}))'''
# `<password>…</password>`, `<ns:apiKey>…</ns:apiKey>`: an XML element named as a slot.
XML_ELEMENT_RE = lazyre.compile(r'<(?P<tag>[A-Za-z_][\w.\-:]{0,60})>(?P<value>[^<>\n]{1,1000})</(?P=tag)\s{0,5}>')
# `define('DB_PASSWORD', '…')`, `System.setProperty("db.password", "…")`, `props.put(…)`,
# `localStorage.setItem('authToken', '…')`, `os.Setenv("API_TOKEN", "…")`: a (name, value) call.
PAIR_CALL_RE = lazyre.compile(
    r'''(?<![\w$])(?:define|setProperty|setItem|Setenv|setenv|putenv|put|set|add|Add|AddOrUpdate|setdefault)'''
    r'''\s{0,3}\(\s{0,5}(?P<q1>["'])(?P<name>[A-Za-z_][\w.\-:]{0,100})(?P=q1)\s{0,5},\s{0,5}'''
    r'''(?P<q2>["'])(?P<value>[^"'\n]{1,1000})(?P=q2)\s{0,5}[,)]'''
)
# `ds.setPassword("…")`, `builder.setApiKey('…')`: a setter named as a slot, given a literal.
SETTER_RE = lazyre.compile(
    r'''\.set(?P<name>[A-Z]\w{0,60})\s{0,3}\(\s{0,5}(?P<q>["'])(?P<value>[^"'\n]{1,1000})(?P=q)\s{0,5}\)''')
# Well-known APIs taking the password positionally (0-based index), beside CREDENTIAL_APIS.
MORE_CREDENTIAL_APIS = {
    'getConnection': 2, 'PlainAuth': 2, 'DBI->connect': 2, 'simple_bind_s': 1, 'simple_bind': 1,
    'bind_s': 1, 'PlainCredentials': 1, 'mysqli_connect': 2, 'mysqli': 2, 'PDO': 2, 'mysql_connect': 2,
    'ldap_bind': 2,
}
MORE_API_CALL_RE = lazyre.compile(
    r'(?<![\w>])(?P<api>getConnection|PlainAuth|DBI->connect|simple_bind_s|simple_bind|bind_s|PlainCredentials'
    r'|mysqli_connect|mysqli|PDO|mysql_connect|ldap_bind)\(',
)
# PowerShell: `ConvertTo-SecureString "…" -AsPlainText`.
SECURE_STRING_RE = lazyre.compile(
    r'''(?i:convertto-securestring)\s{1,5}(?:-String\s{1,5})?(?P<q>["'])(?P<value>[^"'\n]{1,1000})(?P=q)(?=[^\n]{0,200}-AsPlainText)''',
)
# Dockerfile `ENV NAME=value …`, `ENV NAME value`, `ARG NAME=value`.
# (the instruction's rest is the rest of the line, however long: a 4 KB base64 key before the
# password hid it)
DOCKER_INSTRUCTION_RE = lazyre.compile(r'^\s{0,20}(?:ENV|ARG)\s{1,10}(?=[^\n])')
DOCKER_PAIR_RE = lazyre.compile(r'(?:^|\s)(?P<name>[A-Za-z_][\w.\-]{0,100})=' + _WORD)
DOCKER_SPACED_RE = lazyre.compile(r'(?P<name>[A-Za-z_][\w.\-]{0,100})\s{1,10}' + _WORD + r'\s{0,10}$')
# `PGPASSWORD=… pg_dump …`: an environment variable set for one command (shell, docs).
ENV_PREFIX_RE = lazyre.compile(r'''(?:^|[\s;&|("'`])(?P<name>[A-Z_][A-Z0-9_]{0,100})=''' + _WORD + r'\s{1,5}(?=[A-Za-z./~_])')
# `--password=…`, `--api-token …`, `--http-password=…`: a command-line option named as a slot.
FLAG_RE = lazyre.compile(r'''(?:^|[\s"'\[])--(?P<name>[A-Za-z][\w\-]{0,40})(?:=|\s{1,5})''' + _WORD)
# Option names whose value is not the secret itself: where it comes from.
_FLAG_SOURCE_PARTS = frozenset({'stdin', 'prompt', 'file', 'env', 'cmd', 'command', 'helper', 'store', 'from', 'no'})
# `mysql … -p<password>` (attached: `-p` alone prompts; mysql, mysqldump and mysqladmin with their
# options first), `docker login … -p <password>`, `sshpass -p <password>`.
MYSQL_P_RE = lazyre.compile(r'''(?:^|\s)-p(?P<value>[^\s"'`;|&<>()]{1,1000})''')
SHORT_P_RE = lazyre.compile(r'(?:^|\s)-p\s{1,5}' + _WORD)
# A command starts the line, or follows whitespace, a path, a quote (a YAML `run: "..."` step,
# `bash -c '...'`), `$(` or a shell separator.  (Not a backtick: in Markdown it opens a code
# span, and a table of options, `mysql -p…` beside `-passin`, read as one command line.)
_COMMAND_START = r'''(?:^|[\s/"'(;&|])'''
_MYSQL_RE = lazyre.compile(_COMMAND_START + r'mysql(?:dump|admin)? -')
_P_PASSWORD_RE = lazyre.compile(
    _COMMAND_START + r'(?:(?:docker|podman|buildah|nerdctl|oc|az|helm\s{1,5}registry)\s{1,5}login|sshpass)\s'
)
# `redis-cli -a <password>`: the one client whose `-a` is the password alone.
_REDIS_CLI_RE = lazyre.compile(_COMMAND_START + r'redis-cli\s')
# Java's keytool and jarsigner: `-storepass …`, `-keypass …`; OpenSSL's `-passin pass:…`.
KEYTOOL_PASS_RE = lazyre.compile(r'(?:^|\s)-(?:src|dest|new)?(?:store|key)pass\s{1,5}' + _WORD)
OPENSSL_PASS_RE = lazyre.compile(r'''(?:^|\s)-pass(?:in|out)\s{1,5}["']?pass:(?P<value>[^\s"'`;|&<>()]{1,1000})''')
# A URL's query parameter named as a slot: `?api_key=…`, `&access_token=…`; an Azure SAS `sig=`.
QUERY_PARAM_RE = lazyre.compile(r'''[?&](?P<name>[A-Za-z_][\w\-.]{0,60})=(?P<value>[^&\s"'`#<>]{1,2000})''')
# httpie: `http -a user:password …`, any tool's `--auth user:password`.
HTTPIE_RE = lazyre.compile(r'(?:^|\s)(?:http|https|httpie)\s')  # (`"http ...` is a word in a string)
AUTH_FLAG_RE = lazyre.compile(r'(?:^|\s)(?P<flag>-a|--auth)(?:=|\s{1,5})' + _WORD)
# .npmrc `//registry/:_authToken=…` (npm's own tokens are stock's; a registry's UUID tokens too).
NPM_AUTH_TOKEN_RE = lazyre.compile(r'''(?:^|:)_authToken\s{0,3}=\s{0,3}["']?(?P<value>[^\s"']{8,2000})''')
# Slot names the plugin reads hold one of these (so one of the trigger's literals).
_KEY_SLOT_NAMES = (
    'api', 'private', 'access', 'account', 'signing', 'hmac', 'cryption', 'aster', 'anon', 'service_role',
    'servicerole', 'service-role',
)
_KEY_SLOT_LITERALS = tuple(f'{n}{sep}key' for n in _KEY_SLOT_NAMES for sep in ('_', '', '-', '.'))
_SLOT_WORD_RE = lazyre.compile(
    r'pass|pwd|secret|token|credential|auth'
    r'|(?:api|private|access|account|signing|hmac|cryption|aster|anon|service[_\-]?role)'
    r'[_\-.]?key'
)
# Characters detect-secrets' Basic Auth pattern excludes from a URL's password.
_STOCK_EXCLUDED_RE = lazyre.compile(r"[!$&'()*+,;=\[\]]")
# A value that holds a reference or template anywhere: not a literal.
_REFERENCE_INSIDE_RE = lazyre.compile(r'\$\{|\$\(|\{\{|#\{|<%|\$[A-Za-z_]')


def _word(m: re.Match[str]) -> tuple[str, bool]:
    """(value, quoted) of a _WORD match."""
    if m.group('dq') is not None:
        return m.group('dq'), True
    if m.group('sq') is not None:
        return m.group('sq'), True
    return m.group('bare'), False


def _slot_value(name: str, value: str, quoted: bool) -> bool:
    """`value` given to the slot `name` is a literal credential worth reporting."""
    if not is_secret_slot(name) or _URL_NAME_PARTS & set(rules.name_parts(name)):
        return False  # not a slot, or a connection URL / string (the DB-URL plugin's)
    if not _SLOT_WORD_RE.search(name.lower()):
        return False  # (`bearer`: the assignment plugin's) what the trigger looks for
    if _REFERENCE_INSIDE_RE.search(value) or '://' in value or value.startswith(('-----BEGIN', '-')):
        return False
    if quoted and len(value.split()) >= PROSE_WORDS:
        return False  # a sentence
    if _token_only(name) and not _TOKEN_VALUE_RE.fullmatch(value):
        return False
    bare = re.sub(r'[\W_]+', '', value.lower())
    if bare and bare in (''.join(rules.name_parts(name)), rules.name_parts(name)[-1]):
        return False  # the slot's own name: a metavar (`--password PASSWORD`)
    return is_literal(value, True, False) if quoted else is_literal(value, False, False)


def iter_more_slots(line: str, filename: str = '') -> Iterator[str]:
    """Values of the credential slots CredentialSlotDetector reads (see its docstring)."""
    lowered = line.lower()
    if '</' in line:
        for m in XML_ELEMENT_RE.finditer(line):
            value = m.group('value').strip()
            if _slot_value(m.group('tag').rsplit(':', 1)[-1], value, True):
                yield value
    if '(' in line:
        for m in PAIR_CALL_RE.finditer(line):
            if _slot_value(m.group('name'), m.group('value'), True):
                yield m.group('value')
        if '.set' in line:
            for m in SETTER_RE.finditer(line):
                if _slot_value(m.group('name'), m.group('value'), True):
                    yield m.group('value')
        for _, password in iter_api_passwords(line, MORE_API_CALL_RE, MORE_CREDENTIAL_APIS):
            if len(password) >= MIN_VALUE_LENGTH and not _REFERENCE_INSIDE_RE.search(password):
                yield password
    if 'securestring' in lowered:
        for m in SECURE_STRING_RE.finditer(line):
            if not _REFERENCE_INSIDE_RE.search(m.group('value')):
                yield m.group('value')
    if line.lstrip().startswith(('ENV', 'ARG')):
        yield from _docker_values(line)
    code = is_code_file(filename)
    if '=' in line and not code:
        for m in ENV_PREFIX_RE.finditer(line):
            value, quoted = _word(m)
            if _slot_value(m.group('name'), value, quoted):
                yield value
    if '--' in line:
        for m in FLAG_RE.finditer(line):
            name = m.group('name')
            value, quoted = _word(m)
            if not _FLAG_SOURCE_PARTS & set(rules.name_parts(name)) and _slot_value(name, value, quoted):
                yield value
    if '-p' in line:
        if 'mysql' in lowered and _MYSQL_RE.search(line):
            for m in MYSQL_P_RE.finditer(line):
                if not _REFERENCE_INSIDE_RE.search(m.group('value')):
                    yield m.group('value')
        if ('login' in lowered or 'sshpass' in lowered) and _P_PASSWORD_RE.search(line):
            for m in SHORT_P_RE.finditer(line):
                value, quoted = _word(m)
                if is_literal(value, quoted, False) and not _REFERENCE_INSIDE_RE.search(value):
                    yield value
    if '-a' in line:
        redis = 'redis-cli' in line and _REDIS_CLI_RE.search(line) is not None
        for m in AUTH_FLAG_RE.finditer(line):
            if redis and m.group('flag') == '-a':
                value, quoted = _word(m)
                if is_literal(value, quoted, False) and not _REFERENCE_INSIDE_RE.search(value):
                    yield value
                continue
            if m.group('flag') == '-a' and not HTTPIE_RE.search(line):
                continue
            user, sep, password = _word(m)[0].partition(':')
            if sep and len(password) >= MIN_VALUE_LENGTH and not _REFERENCE_INSIDE_RE.search(password):
                yield password
    if 'pass' in lowered:
        for m in KEYTOOL_PASS_RE.finditer(line):
            value, quoted = _word(m)
            if is_literal(value, quoted, False) and not _REFERENCE_INSIDE_RE.search(value):
                yield value
        for m in OPENSSL_PASS_RE.finditer(line):
            if not _REFERENCE_INSIDE_RE.search(m.group('value')):
                yield m.group('value')
    if '_authToken' in line:
        for m in NPM_AUTH_TOKEN_RE.finditer(line):
            yield m.group('value')
    if '://' in line:
        for c in rules.iter_url_credentials(line):
            if c.raw_user.startswith('[') or c.host.startswith(']'):
                continue  # syntax markup: `scheme://[USER:PASSWORD@]HOST`
            # Any other scheme (`https://ci:<pw>@pypi.corp/simple`), where stock's Basic Auth
            # plugin cannot read it: no user, or punctuation its pattern excludes.
            if c.raw_user and not _STOCK_EXCLUDED_RE.search(c.raw_password):
                continue
            if not DB_SCHEME_RE.search(c.scheme) and not rules.is_placeholder(c.raw_password):
                yield c.raw_password
        if '?' in line:
            yield from _query_values(line)


def _query_values(line: str) -> Iterator[str]:
    sas = 'sv=' in line
    for m in QUERY_PARAM_RE.finditer(line):
        name, value = m.group('name'), m.group('value')
        if sas and name == 'sig' and len(value) >= 20:
            yield value  # an Azure shared access signature
        elif _slot_value(name, unquote(value), False):
            yield value


def _docker_values(line: str) -> Iterator[str]:
    m = DOCKER_INSTRUCTION_RE.match(line)
    if not m:
        return
    rest = line[m.end():].removesuffix('\n')
    if '\n' in rest:
        return
    pairs = list(DOCKER_PAIR_RE.finditer(rest))
    if not pairs:  # the legacy `ENV NAME value` form: one variable, the rest of the line
        spaced = DOCKER_SPACED_RE.match(rest)
        pairs = [spaced] if spaced else []
    for p in pairs:
        value, quoted = _word(p)
        if _slot_value(p.group('name'), value, quoted):
            yield value


# The trigger's branches after a slot word: `<password>…`, `("name", "value")`, `NAME=value cmd`.
# (`auth` alone names no slot: is_secret_slot knows `auth_key`, `auth_token`, `rediscli_auth`.)
_SLOT_WORDS = ('pass', 'pwd', 'secret', 'token', 'key', 'credential', 'rediscli_auth')
_SLOT_WORD = r'(?:pass|pwd|secret|token|key|credential)'
_BARE_STOP = r"""[\s"',()]"""  # what ends a bare value (`NAME=value cmd`), and its longest length
_BARE_LONGEST = 1000
_NAME_LONGEST = 100  # the name characters after a slot word the sieve takes (_sieve_after_slot_word)


def _after_slot_word(n: int) -> str:
    """What follows a slot word in the trigger.  A bare value is taken whole, as an atomic group
    (a lookahead and its back reference, group `v<n>`): a shorter run of it is followed by a
    character of the run, never the whitespace it needs, so backtracking could only fail, and on
    a run of `pwd=pwd=...` it tried 1,000 lengths at every word (7 s per MB)."""
    return (
        r"""(?:[\w.\-:]{0,60}>[^<\n]|[\w.\-:]{0,100}["']\s{0,5},\s{0,5}["']"""
        r"""|[a-z0-9_]{0,60}=(?:"[^"\n]{1,1000}"|'[^'\n]{1,1000}'"""
        rf"""|(?=(?P<v{n}>[^{_BARE_STOP[1:-1]}]{{1,{_BARE_LONGEST}}}))(?P=v{n}))\s)"""
    )


def _sieve_after_slot_word(n: int) -> str:
    """`_after_slot_word` in the sieve.  Each branch ends the name characters with `>`, a quote
    or `=`, none of them a name character ([a-z0-9_] is inside [\\w.\\-:]): the run is taken at
    once (a lookahead and its back reference), not tried at 60 and 100 lengths at every word of
    a run of `pwdpwd...`.  After `=` and no quote only a bare value can follow: the empty group
    `bare<n>` marks it for Trigger.bare, which reads its run once for all the words in it."""
    return rf"""(?=(?P<r{n}>[\w.\-:]{{0,{_NAME_LONGEST}}}))(?P=r{n})(?:[>"']|=(?:["']|(?P<bare{n}>)))"""


def _slot_trigger(after: Callable[[int], str], sieve: bool = False) -> str:
    """The Credential Slot trigger's regex, with `after` what follows each slot word; as a
    sieve, without the branch anchored at the line's start (Trigger.sieve), so that every
    branch opens with a character of its own, which the regex engine's search skips to."""
    query = r'(?:[\w\-.]{0,60}' + _SLOT_WORD + r'[\w\-.]{0,30}=|sig=)'
    return (
        ('' if sieve else r'^\s{0,20}(?:env|arg)\s|')  # Dockerfile
        + r'p(?:(?:ass|wd)' + after(1) + r'|lainauth\(|laincredentials\(|do\()'
        r'|s(?:ecret' + after(2) + r'|imple_bind(?:_s)?\()'
        r'|t(?:oken' + after(3) + r')'
        r'|k(?:ey' + after(4) + r')'
        r'|c(?:redential' + after(5) + r'|onvertto-securestring\s)'
        r'|r(?:ediscli_auth' + after(6) + r')'
        r'|\.set[a-z]{0,30}' + _SLOT_WORD + r'''[a-z]{0,30}\s{0,3}\(\s{0,5}["']'''
        r'|-(?:-[\w\-]{0,40}' + _SLOT_WORD + r'[\w\-]{0,40}[=\s]|-auth[\s=]'
        r'|(?<=\s-)(?:p|a[\s=]|(?:src|dest|new)?(?:store|key)pass\s|pass(?:in|out)\s))'
        r'|getconnection\(|dbi->connect\(|bind_s\(|mysql(?:i|i_connect|_connect)\(|ldap_bind\('
        r'|_authtoken\s{0,3}='
        r'''|://(?:[^/\s'"`:]{0,256}:[^/\s'"`@]{0,256}[!$&'()*+,;=\[\]][^/\s'"`]{0,256}@|:[^/\s'"`@]{1,256}@)'''
        r'|\?' + query + r'|&' + query  # (two branches, each opening with its character)
    )


class CredentialSlotDetector(LineDetector):
    """Credential slots in the syntaxes of other ecosystems: XML elements (`<password>…`),
    (name, value) calls (`define('DB_PASSWORD', …)`, `setProperty`, `setItem`, `Setenv`), setters
    (`setPassword("…")`), more positional APIs (`DriverManager.getConnection(url, u, pw)`,
    `smtp.PlainAuth`, `DBI->connect`, LDAP binds, `PDO`, `mysqli`), PowerShell's
    `ConvertTo-SecureString "…" -AsPlainText`, Dockerfile `ENV`/`ARG`, `PGPASSWORD=… cmd`,
    command-line options (`--password=…`, `mysql -p…`, `docker login -p …`, `http -a u:p`),
    `.npmrc` `_authToken`, and the password of any other URL scheme's user info."""

    secret_type = 'Credential Slot'
    # What each kind of slot above needs on its line (a superset: `find` decides), one branch per
    # first character (a search tries one branch per place, not all of them).
    TRIGGER = Trigger(
        # (The literals share their first characters with other plugins' literals: all of them
        # are found in one search, and a character no literal starts with is skipped there.)
        # `key` alone is on every line about primary and foreign keys: the key slots' own names.
        ('pass', 'pwd', 'secret', 'token', 'credential', 'auth', *_KEY_SLOT_LITERALS,
         '://', 'login', 'sql -', 'dump -', 'admin -',
         'dis-cli', 'http ', 'https ', 'httpie ', 'connection(', 'dbi->', 'simple_bind', 'bind_s', 'ldap_bind', 'pdo(',
         'sqli_connect(', 'sqli(', 'sql_connect(', 'securestring', 'sig='),
        _slot_trigger(_after_slot_word),
        lower=True,
        sieve=_slot_trigger(_sieve_after_slot_word, sieve=True),
        bare=(_BARE_STOP, _BARE_LONGEST, max(map(len, _SLOT_WORDS)) + _NAME_LONGEST + 1),
        # Every branch has one of these within the longest slot word and name of its start:
        # the name's end (`>`, a quote, `=`), a call's `(`, `:`, `?`, `&`, a space, `--` (a
        # `-p` option has its space just before it).
        gap=(r'''[^>"'=(:?&\s]''', max(map(len, _SLOT_WORDS)) + _NAME_LONGEST, ('--',)),
    )

    def find(self, line: str, filename: str = '') -> Iterator[str]:
        seen: set[str] = set()
        for value in iter_more_slots(line, filename):
            if value and value not in seen:
                seen.add(value)
                yield value


# Bare tokens whose prefix and shape name a vendor (published formats), beside VENDOR_TOKEN_RE
# and detect-secrets' own.  Bounded, prefix-anchored repetitions: linear.
PREFIXED_TOKEN_RE = lazyre.compile(
    r'(?<![A-Za-z0-9_\-])(?:'
    r'npm_[A-Za-z0-9]{36}'                                   # npm access token
    r'|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}'           # GitHub fine-grained token
    r'|shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}'                   # Shopify
    r'|do[opr]_v1_[a-f0-9]{64}'                              # DigitalOcean
    r'|hv[sb]\.(?=[A-Za-z_\-]{0,300}[0-9])[A-Za-z0-9_\-]{24,300}'  # HashiCorp Vault (a digit in it)
    r'|AIza[0-9A-Za-z_\-]{35}'                               # Google API key
    r'|sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_\-]{80,120}'      # Anthropic
    r'|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20,250}T3BlbkFJ[A-Za-z0-9_\-]{20,250}'  # OpenAI
    r'|hf_[A-Za-z]{34}'                                      # Hugging Face
    r'|dapi[a-f0-9]{32}(?:-\d)?'                             # Databricks
    r'|lin_api_[A-Za-z0-9]{40}'                              # Linear
    r'|PMAK-[a-f0-9]{24}-[a-f0-9]{34}'                       # Postman
    r'|glsa_[A-Za-z0-9]{32}_[a-f0-9]{8}'                     # Grafana service account
    r'|AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'  # age
    r'|dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}'   # Doppler
    r')(?![A-Za-z0-9_\-])',
)


class PrefixedTokenDetector(LineDetector):
    """Vendor tokens recognised by their prefix and shape alone (no slot needed), ranked after
    every other plugin: a token another plugin reports keeps that finding's type."""

    secret_type = 'Prefixed Vendor Token'
    # Searched in the lower-cased text, with literals whose first characters other plugins'
    # lower-case literals start with already (see CredentialSlotDetector.TRIGGER).
    TRIGGER = Trigger(
        ('pm_', 'hub_pat_', 'shpat_', 'shpca_', 'shppa_', 'shpss_', 'dop_v1_', 'doo_v1_', 'dor_v1_', 'hvs.', 'hvb.',
         'aiza', 'sk-ant-', 't3blbkfj', 'hf_', 'dapi', 'lin_api_',
         'pmak-', 'lsa_', 'age-secret-key-1', 'dp.'),
        '(?i:' + PREFIXED_TOKEN_RE.pattern + ')',
        lower=True,
    )

    def find(self, line: str, filename: str = '') -> Iterator[str]:
        for m in PREFIXED_TOKEN_RE.finditer(line):
            yield m.group()

"""Credential slots detect-secrets' keyword plugin does not read.

Each detector reports the value in one kind of slot (see the labelling policy in the README):
whether that value is a sample is decided afterwards, for every plugin alike, by
`hooks.filters.is_sample_password` (which asks `hooks.rules`).  Every regex is linear-time:
bounded repetitions, disjoint alternatives.
"""
from __future__ import annotations

import base64
import binascii
import re
from typing import Iterator
from typing import NamedTuple

from hooks import dotenv as envfile
from hooks import rules
from hooks.detectors.base import LineDetector
from hooks.detectors.base import is_code_file
from hooks.detectors.jwt import token_header
from hooks.scan.prefilter import Trigger

# Slot names detect-secrets' keyword list lacks (it knows `password`, `secret`, `api_key`...).
EXTRA_SECRET_NAMES = rules.SecretNames((
    r'anon_?key', r'access_?token', r'refresh_?token', r'auth_?token', r'bearer', r'private_?token',
    r'service_?role_?key', r'master_?key', r'account_?key', r'shared_?access_?key',
    r'client_?secret', r'[a-z0-9]{0,20}private_?key', r'passphrase', r'requirepass', r'apikey',
    # the password variables of well-known clients (libpq, sshpass, redis-cli)
    r'pgpassword', r'sshpass', r'rediscli_auth',
))
# Names that say the value is public, or describes a secret instead of holding it.
PUBLIC_NAME_PARTS = frozenset({'public', 'publishable', 'pub', 'csrf', 'xsrf'})
# ... or a value derived from a secret, which does not open anything: `hashed_password`.
DERIVED_NAME_PARTS = frozenset({'hash', 'hashed', 'digest', 'fingerprint', 'checksum'})
# ... or a stand-in: `fake_secret_token`, `dummy_password`, `example_api_key`.
STANDIN_NAME_PARTS = frozenset({'fake', 'dummy', 'example', 'sample', 'placeholder', 'mock'})
# The value of a slot: at least this long to be anything but a flag (shorter ones are samples
# by the policy unless at a real host, and a slot with a 1-3 character value is rarely a secret).
MIN_VALUE_LENGTH = 4
# Values that are code words, not literals.
_CODE_WORDS = frozenset({'none', 'null', 'nil', 'true', 'false', 'undefined', 'self', 'this', 'new', 'str', 'string'})
# `x.secret_length`, `env.X`, `settings.PASSWORD`, `os.environ`: a dotted reference.
_DOTTED_RE = re.compile(r'[A-Za-z_$@][\w$]{0,40}(?:(?:\.|::|->)[A-Za-z_]\w{0,40}){1,10}(?:\(\)?)?')
_IDENTIFIER_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_]{0,100}')


# `secret.py`, `password.txt`: a file name, not a setting.
_FILE_NAME_RE = re.compile(r'.{1,100}\.(?:py|txt|json|ya?ml|md|rst|cfg|ini|toml|js|ts|sh|html|xml|csv|log)')


def is_secret_slot(name: str) -> bool:
    if _FILE_NAME_RE.fullmatch(name):
        return False
    parts = rules.name_parts(name)
    if not parts or (PUBLIC_NAME_PARTS | DERIVED_NAME_PARTS | STANDIN_NAME_PARTS) & set(parts):
        return False
    return rules.DEFAULT_SECRET_NAMES.is_secret_name(name) or EXTRA_SECRET_NAMES.is_secret_name(name)


def is_literal(value: str, quoted: bool, code: bool, env: bool = False) -> bool:
    """A value that can hold a secret: a quoted literal, or (outside code) an unquoted word that
    is not a reference, a keyword or a dotted expression.  In an env file only `$` and `%` open a
    reference: `!`, `@`, `&`, `*` open YAML tags, anchors and aliases elsewhere, but there they
    are the first characters of a generated password."""
    v = value.strip()
    if len(v) < MIN_VALUE_LENGTH or v.lower() in _CODE_WORDS:
        return False
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
    TRIGGER = Trigger(
        ('pass', 'pwd', 'secret', 'token', 'key', 'credential', 'bearer', 'contrase'),
        r'''(?:pass|pwd|secret|token|credential|bearer|contrase|apikey|(?:api|private|anon|access|account|master'''
        r'''|auth|signing|hmac|encryption|role|shared_?access)[_\-.]?key)[\w\-.$\]\[>]{0,60}["']{0,2}'''
        r'''\s{0,60}(?::|=|(?<=["'])\s{0,5},|(?<=\s)(?:is|was|will)\s|-{2}|\||value\s{0,5}=)''',
        lower=True,
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
            if rules.SecretNames.is_signing_key_name(a.name) and not _bare_secret(a.name):
                continue  # the signing-key plugin's (more specific) finding
            if not is_secret_slot(a.name) or _URL_NAME_PARTS & set(rules.name_parts(a.name)):
                continue  # a connection URL or string: judged by its password (DB-URL plugin)
            before = line[a.start - 1:a.start]
            quoted = before in ('"', "'") or (before == '`' and not python)
            if env and not quoted and line[a.start - 2:a.start] == '==':
                a = a._replace(value='=' + a.value, start=a.start - 1)  # dotenv splits at the first `=`
            after = line[a.start + len(a.value):a.start + len(a.value) + 1]
            if not quoted and after in ('(', '[', '"', "'", '`', '.', '{'):
                continue
            if not quoted and not _WHOLE_LINE_RE.match(_statement_prefix(line, a.start)) \
                    or not quoted and not _LINE_END_RE.match(line, a.start + len(a.value)):
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


# A quoted value of this many words is a sentence, not a password.
PROSE_WORDS = 5
# An unquoted value counts only on a settings line: the name starts it (after indentation, list
# or comment markers, `export`, `$`, quotes) and the value ends it (or a comment, `;`, `,`).
_WHOLE_LINE_RE = re.compile(r'''[\s\-*#;/>|]{0,20}(?:export\s{1,5}|set\s{1,5}|\$)?["'\[]?[\w.\-]{1,100}["'\]]{0,2}\s{0,10}(?::=|=>|==|=|:)\s{0,10}$''')  # noqa: E501 (one pattern)
_LINE_END_RE = re.compile(r'''\s{0,10}(?:[;,]\s{0,10})?(?:(?:#|//|;)[^\n]{0,1000})?$''')
_URL_NAME_PARTS = frozenset({'url', 'uri', 'dsn', 'connection', 'conn', 'connstr', 'string'})
_CONCATENATED_RE = re.compile(r'\s{0,5}(?:\+|\.\s|\|\||&\s)')
# A quoted value that is the inside of two literals around an expression: `" + getX() + "`.
_CONCATENATION_INSIDE_RE = re.compile(r'^\s{0,5}[+.&]\s|\s[+.&]\s{0,5}$')


# Slot names that hold a token and nothing else say so with `token` alone: identity, parser and
# logging tokens share the word, so such a slot must hold a token-shaped value (16+ characters of
# a token alphabet, letters and digits).
_TOKEN_VALUE_RE = re.compile(r'(?=[^\s]{0,40}[0-9])(?=[^\s]{0,40}[A-Za-z])[+/!@^~=?\-]{0,8}[A-Za-z0-9+/=_\-.~:]{16,2000}')


_CREDENTIAL_PARTS = frozenset({
    'secret', 'password', 'passwd', 'pwd', 'pass', 'key', 'credential', 'credentials', 'access',
    'refresh', 'auth', 'bearer', 'api', 'apikey', 'session', 'private', 'oauth', 'personal', 'bot',
})


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
PROSE_RE = re.compile(
    r'''(?i:\b(?:password|passwd|passphrase|pwd))(?:\s{1,5}(?:is|was|will be)\s{1,5}'''
    r'''(?:'(?P<sq>[^'\n]{4,200})'|"(?P<dq>[^"\n]{4,200})")'''
    r'''|\s{1,60}(?:-{2,}|\|)\s{1,20}(?P<bare>[^\s|]{6,200})(?:\s|$))'''
)
# `os.environ.get('DJANGO_SECRET_KEY', '…')`, `getenv("API_TOKEN", "…")`, `env('X', default='…')`.
ENV_DEFAULT_RE = re.compile(
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


CURL_USER_RE = re.compile(
    r'''(?:^|\s)(?:-u|--user|--proxy-user)(?:\s{1,10}|=)(?:"(?P<dq>[^"\n]{1,300})"(?::"(?P<dq2>[^"\n]{1,300})")?|'(?P<sq>[^'\n]{1,300})'|(?P<bare>[^\s'"]{1,300}))''',
)
HEADER_RE = re.compile(
    r'''(?i)(?<![\w\-])(?P<name>(?:proxy-)?authorization|x-[\w\-]{0,40}(?:api-?key|token|auth|secret)[\w\-]{0,20}|[\w\-]{0,40}-?api-?key|apikey|api-token|private-token|auth-token|access-token|token)'''
    r'''["']?\s{0,3}:\s{0,5}(?:(?P<scheme>basic|bearer|token|digest|apikey|sso-key|key)\s{1,5}|=\s{0,3})?["']?(?P<value>[A-Za-z0-9+/=_\-.~:{}]{6,2000})''',
)
# What a header's value must look like to be a credential: letters and digits mixed, or long.
_TOKEN_SHAPE_RE = re.compile(r'(?=[^\s]{0,2000}[0-9])(?=[^\s]{0,2000}[A-Za-z])')


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


class HttpCredentialDetector(LineDetector):
    """`curl -u user:password`, `Authorization: Basic|Bearer|Token …`, `X-…-Api-Key: …`,
    `apikey: …`, `Token: …` (shell, docs, code and HTTP dumps).  JWTs are the JWT plugin's."""

    secret_type = 'HTTP Credentials'
    TRIGGER = Trigger(
        ('-u', 'auth', 'key', 'token', 'secret'),  # literals the keyword plugin searches too
        r'''(?:^|\s)(?:-u|--user|--proxy-user)[\s=]|authorization|(?:api-?key|token|auth|secret)[\w\-]{0,20}["']?\s{0,3}:''',
        lower=True,
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
NETRC_RE = re.compile(r'(?:^|\s)(?:machine|default)\s{1,20}\S{0,256}\s{0,20}login\s{1,20}(?P<user>\S{1,256})\s{1,20}password\s{1,20}(?P<value>\S{1,1000})')  # noqa: E501 (one pattern)
NETRC_PASSWORD_RE = re.compile(r'^\s{0,20}password\s{1,20}(?P<value>\S{1,1000})\s{0,20}$')
NETRC_FILE_NAMES = ('.netrc', '_netrc', 'netrc')
# hostname:port:database:username:password
PGPASS_RE = re.compile(r'^(?P<host>[\w.\-*]{1,253}):(?P<port>\d{1,5}|\*):(?P<db>[^:\s]{1,100}):(?P<user>[^:\s]{1,100}):(?P<value>[^\s:]{1,1000})\s*$')  # noqa: E501 (one pattern)
NPMRC_RE = re.compile(r'(?:^|:)_(?:auth|password)\s{0,3}=\s{0,3}["\']?(?P<value>[A-Za-z0-9+/=]{8,2000})')
DOCKER_AUTH_RE = re.compile(r'''["']auth["']\s{0,3}:\s{0,3}["'](?P<value>[A-Za-z0-9+/=]{8,2000})["']''')
REQUIREPASS_RE = re.compile(r'''--requirepass[\s=]{1,5}["']?(?P<value>[^\s"']{1,1000})''')


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
API_CALL_RE = re.compile(
    r'(?P<api>(?<![\w])(?:HTTPBasicAuth|HTTPDigestAuth|HTTPProxyAuth|BasicAuth|NetworkCredential|PasswordCredential'
    r'|UsernamePasswordCredentials|DirectoryEntry|(?:basic_|http_)?auth\s{0,3}=\s{0,3})|\.login)\s{0,3}[(\[]',
)
_ARG_RE = re.compile(r'''\s{0,20}(?:"(?P<dq>(?:\\.|[^"\\\n]){0,1000})"|'(?P<sq>(?:\\.|[^'\\\n]){0,1000})'|(?P<expr>[^,()\[\]"'\n]{1,300}))\s{0,20}(?P<end>[,)\]])''')  # noqa: E501 (one pattern)


def iter_api_passwords(line: str) -> Iterator[tuple[str, str]]:
    """(user, password) literals passed to a known credential API on this line."""
    for call in API_CALL_RE.finditer(line):
        api = call.group('api').lstrip('.').split('=')[0].strip()
        index = CREDENTIAL_APIS.get(api, 1)
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

VENDOR_TOKEN_RE = re.compile(
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

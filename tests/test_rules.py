"""hooks.rules: placeholders, known samples, secret names, assignments."""
from __future__ import annotations

import re

import pytest

from hooks import rules
from hooks.rules import Assignment
from hooks.rules import SecretNames
from hooks.rules import is_placeholder
from hooks.rules import iter_assignments
from tests.seeded import SeededRandom

# Values drawn once, seeded: the same on every run (and in every test id).
_DRAWN = SeededRandom(__name__)


# Every placeholder form the design lists, plus a few spellings of each.
@pytest.mark.parametrize('value', [
    '${VAR}', '${DB_PASSWORD}', '${VAR:-}', '${JWT_SECRET:?set it}',
    '$VAR', '$JWT_SECRET',
    '{var}', '{settings.password}',
    '{{ var }}', '{{jwt_secret}}', '{{ .Values.db.password }}',
    '<password>', '<your token>',
    '%(password)s', '%s',
    '****', '********',
    'xxx', 'xxxxxxxxxxxx', 'XXXXXXXX',
    '...', '\u2026',
    'changeme', 'CHANGEME', 'change_me', 'changethis', 'change-this',
    'your-secret-here', 'your-api-key-here', 'your_password_here', 'YOUR_JWT_SECRET_HERE',
    'example', 'dummy', 'Dummy',
    '', '   ', '""', "''",
])
def test_placeholders(value):
    assert is_placeholder(value)


@pytest.mark.parametrize('value', ['corp-internal-default', 'acme2024'])
def test_extra_placeholders_are_configurable(value):
    assert not is_placeholder(value)
    assert is_placeholder(value, extra=[value])


def _random_values(rng, n: int = 300) -> list[str]:
    out = []
    for _ in range(n):
        out.extend((
            rng.token_urlsafe(24), rng.token_hex(16), rng.token_urlsafe(9),
            'sk_' + rng.token_hex(20),
        ))
    return out


def test_random_tokens_are_never_placeholders(rng):
    placeholders = [v for v in _random_values(rng) if is_placeholder(v)]
    assert placeholders == []


@pytest.mark.parametrize('value', [
    'hunter2!Q', 'P@ssw0rd-2024', 'correct horse battery staple', 'xx', 'ab.cd', 'x1x2x3',
    'prod-key-9-Qz', '$2b$12$abcdefghijk',
])
def test_realistic_non_placeholders(value):
    assert not is_placeholder(value)


# ---------------------------------------------------------------------------------------------
# Known samples
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize('user, password', [
    ('scott', 'tiger'), ('user', 'pass'), ('username', 'password'), ('user', 'password'),
    ('foo', 'bar'), ('SCOTT', 'TIGER'), ('app', 'password'), ('postgres', 'postgres'),
])
def test_known_sample_credentials(user, password):
    assert rules.is_known_sample_credential(user, password)


def test_real_credentials_are_not_samples(rng):
    for _ in range(200):
        assert not rules.is_known_sample_credential('scott', rng.token_urlsafe(12))
        assert not rules.is_known_sample_credential('app', rng.token_urlsafe(12))


def _jwt_io_example() -> str:
    """jwt.io's long-standing HS256 example token, built from its public parts."""
    import base64
    import hashlib
    import hmac
    import json

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b'=').decode()

    header = b64(json.dumps({'alg': 'HS256', 'typ': 'JWT'}, separators=(',', ':')).encode())
    payload = b64(json.dumps(
        {'sub': '1234567890', 'name': 'John Doe', 'iat': 1516239022}, separators=(',', ':'),
    ).encode())
    # jwt.io signs its example with the documented key "your-256-bit-secret".
    key = b'your-256-bit-secret'
    signature = b64(hmac.new(key, f'{header}.{payload}'.encode(), hashlib.sha256).digest())
    return f'{header}.{payload}.{signature}'


JWT_IO_EXAMPLE = _jwt_io_example()


def test_jwt_io_example_is_a_known_sample():
    assert rules.is_known_sample_value(JWT_IO_EXAMPLE)


def test_other_tokens_are_not_known_samples(rng):
    jwt = pytest.importorskip('jwt')
    token = jwt.encode({'sub': '1234567890', 'name': 'John Doe', 'iat': 1516239022},
                       rng.token_hex(32), algorithm='HS256')
    assert not rules.is_known_sample_value(token)
    assert not rules.is_known_sample_value(rng.token_urlsafe(32))


# ---------------------------------------------------------------------------------------------
# Secret names
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize('name, secret, signing', [
    ('JWT_SECRET', True, True),
    ('jwt_secret_key', True, True),
    ('JWT_SECRET_KEY', True, True),
    ('jwtSecretKey', True, True),
    ('jwt.secret-key', True, True),
    ('JWT_PREVIOUS_SECRET_KEYS', True, True),
    ('JWT_REFRESH_SECRET', True, True),
    ('API_CREDENTIALS_SECRET_KEY', True, True),
    ('API_CREDENTIALS_PREVIOUS_SECRET_KEYS', True, True),
    ('SECRET_KEY', True, True),
    ('HMAC_KEY', True, True),
    ('SIGNING_KEY', True, True),
    ('POSTGRES_PASSWORD', True, False),
    ('REDIS_PASSWORD', True, False),
    ('DATABASE_URL', True, False),
    ('db_pwd', True, False),
    ('GITHUB_TOKEN', True, False),
    ('STRIPE_API_KEY', True, False),
    ('apiKey', True, False),
    ('client_secret', True, False),
    ('SENTRY_DSN', True, False),
    ('private_key', True, False),
    ('ACCESS_TOKEN_EXPIRE_MINUTES', False, False),
    ('PASSWORD_RESET_TOKEN_EXPIRE_HOURS', False, False),
    ('JWT_ALGORITHM', False, False),
    ('JWT_PUBLIC_KEY', False, False),
    ('JWT_AUDIENCE', False, False),
    ('JWT_SECRET_KEY_FILE', False, False),
    ('PRIVATE_KEY_PATH', False, False),
    ('PASSWORD_MIN_LENGTH', False, False),
    ('PROJECT_NAME', False, False),
    ('tokenizer', False, False),
    ('passenger', False, False),
    ('compass', False, False),
    ('KEY', False, False),
])
def test_secret_names(name, secret, signing):
    names = SecretNames()
    assert names.is_secret_name(name) is secret
    assert SecretNames.is_signing_key_name(name) is signing


def test_extra_secret_name_patterns():
    assert not SecretNames().is_secret_name('VAULT_BLOB')
    assert SecretNames([r'vault_?blob']).is_secret_name('VAULT_BLOB')
    assert SecretNames([r'vault_?blob']).is_secret_name('vaultBlob')


@pytest.mark.parametrize('written_here', [False, True])
def test_extra_secret_name_patterns_compiled_at_once_or_when_used(written_here):
    """Configured patterns compile when SecretNames is built, so a bad one fails there (a
    global flag inside the alternation); the package's own (written_here) when first used."""
    if written_here:
        names = SecretNames([r'(?i)vault_?blob'], written_here=True)
        with pytest.raises(re.error):
            names.is_secret_name('VAULT_BLOB')
        assert SecretNames([r'vault_?blob'], written_here=True).is_secret_name('vaultBlob')
    else:
        with pytest.raises(re.error):
            SecretNames([r'(?i)vault_?blob'])


# ---------------------------------------------------------------------------------------------
# Assignments
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize('line, name, value', [
    # Python (plain, annotated, keyword argument, dict item, subscript)
    ('JWT_SECRET_KEY = "changeme"', 'JWT_SECRET_KEY', 'changeme'),
    ("jwt_secret_key: str = 'changeme'", 'jwt_secret_key', 'changeme'),
    ('jwt_secret_key: Optional[str] = "changeme"', 'jwt_secret_key', 'changeme'),
    ('    self.jwt_secret = "changeme"', 'self.jwt_secret', 'changeme'),
    ('app = App(jwt_secret="changeme")', 'jwt_secret', 'changeme'),
    ('config["JWT_SECRET"] = "changeme"', 'JWT_SECRET', 'changeme'),
    ('JWT_SECRET := "changeme"', 'JWT_SECRET', 'changeme'),
    # YAML
    ('  jwt_secret_key: changeme', 'jwt_secret_key', 'changeme'),
    ('  jwt_secret_key: "changeme"', 'jwt_secret_key', 'changeme'),
    ('      JWT_SECRET: "changeme"', 'JWT_SECRET', 'changeme'),
    ('      - JWT_SECRET=changeme', 'JWT_SECRET', 'changeme'),
    # JSON
    ('  "jwt_secret": "changeme",', 'jwt_secret', 'changeme'),
    # TOML
    ('jwt_secret = "changeme"  # comment', 'jwt_secret', 'changeme'),
    # INI
    ('jwt_secret = changeme', 'jwt_secret', 'changeme'),
    ('jwt_secret=changeme ; comment', 'jwt_secret', 'changeme'),
    # .properties
    ('jwt.secret=changeme', 'jwt.secret', 'changeme'),
    ('jwt.secret-key: changeme', 'jwt.secret-key', 'changeme'),
    # env
    ('JWT_SECRET=changeme', 'JWT_SECRET', 'changeme'),
    ('export JWT_SECRET="changeme"', 'JWT_SECRET', 'changeme'),
    ("JWT_SECRET='changeme'", 'JWT_SECRET', 'changeme'),
    # command lines
    ('run --jwt-secret=changeme', 'jwt-secret', 'changeme'),
])
def test_iter_assignments(line, name, value):
    found = list(iter_assignments(line))
    assert (name, value) in [(a.name, a.value) for a in found], found
    a = next(a for a in found if a.name == name)
    assert line[a.start:a.start + len(a.value)] == value


def test_iter_assignments_several_on_one_line():
    line = '{"jwt_secret": "changeme", "other": 1}'
    assert list(iter_assignments(line)) == [
        Assignment('jwt_secret', 'changeme', line.index('changeme')),
        Assignment('other', '1', line.index('1}')),
    ]


@pytest.mark.parametrize('line', ['', 'just words here', '# a comment', 'x', '= value', '"""'])
def test_iter_assignments_nothing(line):
    assert list(iter_assignments(line)) == []


def test_iter_assignments_expression_is_not_quoted():
    # The value of a code expression is not a quoted literal: plugins use `start` to tell.
    line = 'SECRET_KEY = os.environ["X"]'
    (a,) = [a for a in iter_assignments(line) if a.name == 'SECRET_KEY']
    assert line[a.start - 1] not in '"\''


@pytest.mark.parametrize('line, expected', [
    # A Markdown code span that ends with the `=`, then prose, then another code span.
    ('1 MB of `secret_key=` 3.4 s, `api-key` 3 s', []),
    ('set `JWT_SECRET=` in `.env` first', []),
    # A string that ends with the `=`: what follows is code, not a value.
    ('url = "SECRET_KEY=" + key + "&x"', [('url', 'SECRET_KEY=')]),
    # What such a quote opens may still hold an assignment.
    ('`SECRET_KEY=` then JWT_SECRET="changeme" `x`', [('JWT_SECRET', 'changeme')]),
    # The name's own quote closes first: a value.
    ('"SECRET_KEY": "changeme"', [('SECRET_KEY', 'changeme')]),
    ("'SECRET_KEY'='changeme'", [('SECRET_KEY', 'changeme')]),
    ('export SECRET_KEY="changeme"', [('SECRET_KEY', 'changeme')]),
], ids=['code spans', 'code spans 2', 'string then code', 'inside what it opens', 'json', 'quoted name', 'shell'])
def test_a_quote_closing_the_string_that_holds_the_name_opens_no_value(line, expected):
    assert [(a.name, a.value) for a in iter_assignments(line)] == expected


def test_long_names_after_a_long_run_are_still_found():
    line = 'a' * 5000 + ' JWT_SECRET = "changeme"'
    assert [(a.name, a.value) for a in iter_assignments(line)] == [('JWT_SECRET', 'changeme')]


# ---------------------------------------------------------------------------------------------
# The sample policy (is_sample_credential and its parts).
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize('value, normalized', [
    ('P4ssw0rd123!', 'password'), ('123P4SSW0RD@@', 'password'), ('%2Fr00t%2F', 'root'),
    ('Secr3t', 'secret'), ('pa$$word', 'password'),
])
def test_normalize_value(value, normalized):
    assert rules.normalize_value(value) == normalized


@pytest.mark.parametrize('value, user, trivial', [
    ('admin', '', True), ('P@ssw0rd!', '', True), ('test-secret-key', '', True),
    ('4dmin', '', True), ('qwerty123', '', True), ('abc', '', True),           # 4 characters or fewer
    ('deploy2024', 'deploy', True), ('secretalice', 'alice', True),           # the user name
    ('abcdefg12345', '', True),                                               # a character run
    ('se/cret!', '', True), ('ad.m1n-2024', '', True), ('maple/cedar', '', False),  # inner punctuation
    ('goodspec', '', False), ('summer-holiday', '', False), ('Rrhh1234', '', False),
    ('secur3Pass', '', False), pytest.param(_DRAWN.token_urlsafe(12), '', False, id='drawn-urlsafe'),
])
def test_is_trivial_value(value, user, trivial):
    assert rules.is_trivial_value(value, user) is trivial


@pytest.mark.parametrize('host, reserved', [
    ('localhost', True), ('127.0.0.1:5432', True), ('[::1]', True), ('db.example.com', True),
    ('api.test', True), ('%2Ftmp%2Fpg.sock', True), ('host.docker.internal', True),
    ('192.0.2.7', True), ('hostspec', True), ('pg14', True), ('db', True), ('H', True),
    ('example1.com', True), ('tns_name', True), ('svc-name2', True), ('dbname', True),
    ('nameko01', False), ('tanamera', False),
    ('10.0.0.1', False), ('192.168.4.2', False), ('uszdba01', False), ('db.corp.acme.io', False),
    ('cluster0.a1b2c.mongodb.net', False), ('2001:da8::1', False),
])
def test_is_reserved_host(host, reserved):
    assert rules.is_reserved_host(host) is reserved


@pytest.mark.parametrize('value, slot, placeholder', [
    ('your-secret-key', '', True), ('MyPassword1', '', True), ('cafeb4b3', '', True),
    ('changeme123', '', True), ('REDACTED', '', True), ('db_password', 'DB_PASSWORD', True),
    ('{values["x"]', '', True), ('abCDefGHijKLmnOPqrST', '', True),
    ('goodspec', '', False), pytest.param(_DRAWN.token_hex(16), '', False, id='drawn-hex'), ('development#product', '', False),
])
def test_is_placeholder_value(value, slot, placeholder):
    assert rules.is_placeholder_value(value, slot) is placeholder


@pytest.mark.parametrize('value, user, hosts, sample', [
    ('secret', 'admin', ['localhost'], True),
    ('secret', 'admin', [], True),                       # no host at all
    ('secret', 'admin', ['10.0.0.1'], False),            # trivial, but at a real-looking host
    ('root', 'root', ['cluster0.x1y2z.mongodb.net'], False),
    ('goodspec', 'app', ['localhost'], False),           # not trivial: a password wherever it is
    ('<password>', 'app', ['10.0.0.1'], True),           # a placeholder wherever it is
])
def test_is_sample_credential(value, user, hosts, sample):
    assert rules.is_sample_credential(value, user, hosts) is sample


@pytest.mark.parametrize(('text', 'extra', 'expected'), [
    ('JWT_SECRET_KEY = 1', (), True),
    ('jwtSecretKey = 1', (), True),
    ('const apiKey = x', (), True),
    ('DATABASE-URL: x', (), True),
    ('API__KEY = x', (), True),
    ('LOG_LEVEL = "info"\nname = compute()\n', (), False),
    ('VAULT_BLOB = x', (), False),
    ('VAULT_BLOB = x', (r'vault_?blob',), True),
    ('vaultBlob = x', (r'vault_blob',), True),
])
def test_may_occur_in_is_a_cheap_superset_of_secret_names(text, extra, expected):
    """The test that lets check-fallbacks and check-rotation skip a file: never False for a
    text holding a secret name."""
    from hooks.rules import SecretNames

    assert SecretNames(extra).may_occur_in(text) is expected


# --- URL credentials: one reading (rules.url_authorities), the same for every consumer ----------

def _alnum(rng, n: int = 18) -> str:
    """Letters and digits, both cases: never a word, a placeholder or a sample."""
    import string

    alphabet = string.ascii_letters + string.digits
    while True:
        value = ''.join(rng.choice(alphabet) for _ in range(n))
        if any(c.isdigit() for c in value) and any(c.isupper() for c in value) and any(c.islower() for c in value):
            return value


# (shape, line template, expected (user, password, host name) or None when no credential).
# {a}/{b}: random alphanumerics; {t}: a token-like user; {q}: a password percent-escaped.
URL_SHAPES = [
    ('user only', 'target = "postgresql://app@db.internal/app"', None),
    ('token as user only', 'target = "https://{t}@git.corp.internal/org/repo.git"', None),
    ('user:pass', 'target = "postgresql://app:{a}@db.internal:5432/app"', ('app', '{a}', 'db.internal')),
    ('no user', 'target = "redis://:{a}@cache.internal:6379/0"', ('', '{a}', 'cache.internal')),
    ('@ in password', 'target = "postgresql://app:{a}@{b}@db.internal/app"', ('app', '{a}@{b}', 'db.internal')),
    (': in password', 'target = "mysql://app:{a}:{b}@db.internal/app"', ('app', '{a}:{b}', 'db.internal')),
    ('@ in user', 'target = "postgresql://app@corp:{a}@db.corp.net/app"', ('app@corp', '{a}', 'db.corp.net')),
    ('percent-escapes', 'target = "postgresql://app:{q}@db.internal/app"', ('app', '{a}/@:{b}', 'db.internal')),
    ('IPv6 host', 'target = "postgresql://app:{a}@[fd12:3456::10]:5432/app"', ('app', '{a}', '[fd12:3456::10]')),
    ('no host', 'target = "postgresql://app:{a}@/app?host=/run/postgresql"', ('app', '{a}', '')),
    ('driver scheme', 'target = "postgresql+psycopg2://app:{a}@db.internal/app"', ('app', '{a}', 'db.internal')),
    ('token user and password', 'target = "https://{t}:{a}@api.corp.internal/v1"', ('{t}', '{a}', 'api.corp.internal')),
    ('query-string secret', 'target = "https://api.corp.internal/v1/items?api_key={a}&page=2"', None),
    ('query-string password', 'target = "postgresql://app@db.internal/app?password={a}"', None),
]


def _url_case(rng, template: str) -> tuple[str, dict[str, str]]:
    from urllib.parse import quote

    values = {'a': _alnum(rng), 'b': _alnum(rng, 12), 't': 'tk' + _alnum(rng, 30)}
    values['q'] = quote(f'{values["a"]}/@:{values["b"]}', safe='')
    return template.format(**values), values


@pytest.mark.parametrize('shape, template, expected', URL_SHAPES, ids=[s[0] for s in URL_SHAPES])
def test_url_credentials_one_reading(shape, template, expected, rng):
    line, values = _url_case(rng, template)
    got = [(c.user, c.password, c.host_name) for c in rules.iter_url_credentials(line)]
    want = [tuple(part.format(**values) for part in expected)] if expected else []
    assert got == want


@pytest.mark.parametrize('shape, template, expected', URL_SHAPES, ids=[s[0] for s in URL_SHAPES])
def test_url_credentials_plugin_report_and_log_filter_agree(shape, template, expected, rng, tmp_path):
    """The DB-URL plugin reports the password rules read; the report and the log filter mask
    every credential-bearing part (password, token user, query-string secret) and keep the host."""
    from hooks import logs
    from hooks import report
    from hooks.detectors.db_url import DatabaseUrlDetector
    from tests.scan_helpers import scan_file

    line, values = _url_case(rng, template)
    password = expected[1].format(**values) if expected else ''
    secrets = {values['a'], values['b'], values['q'], values['t']} & set(line.replace('/', ' ').replace(':', ' ')
                                                                         .replace('@', ' ').replace('=', ' ')
                                                                         .replace('&', ' ').replace('"', ' ').split())
    if expected:
        secrets.add(password)
    db = line.split('"')[1].split(':')[0].startswith(('postgresql', 'mysql', 'redis'))
    assert list(DatabaseUrlDetector().find(line)) == ([password] if expected and db else [])

    findings = scan_file(tmp_path, 'settings.py', line + '\n').findings
    if expected:
        assert findings, f'every credential shape is found by some plugin: {line}'
    shown = '\n'.join(report.format_text(findings)) + report.format_json(findings) + report.format_sarif(findings, '0')
    redacted = logs.Redactor(secret_env=False).redact(line)
    for secret in secrets:
        assert secret not in shown
        assert secret not in redacted
    host = expected[2].format(**values) if expected else ''
    if host:
        assert host in redacted
        assert all(host in report.shown(f) for f in findings if f.type == DatabaseUrlDetector.secret_type)


# (Stock detect-secrets finds neither: the credential-slot plugin reads query parameters.)
@pytest.mark.parametrize('shape', ['query-string secret', 'query-string password'])
def test_query_string_secrets_in_urls_are_found(shape, rng, tmp_path):
    from tests.scan_helpers import scan_file

    template = next(t for s, t, _ in URL_SHAPES if s == shape)
    line, values = _url_case(rng, template)
    assert values['a'] in {f.secret for f in scan_file(tmp_path, 'settings.py', line + '\n').findings}


# --- The fast per-value tests give the results of their plain definitions -----------------------

def _reference_run_fraction(value: str) -> float:
    low = value.lower()
    covered = [False] * len(low)
    for i in range(len(low) - 2):
        tri = low[i:i + 3]
        if any(tri in row or tri in row[::-1] for row in rules._RUN_ROWS):
            covered[i] = covered[i + 1] = covered[i + 2] = True
    return sum(covered) / len(low) if low else 0.0


def _reference_made_of(text: str, words: frozenset) -> bool:
    for part in rules._SEPARATORS_RE.split(text):
        if not part:
            continue
        if len(part) > 200:
            return False
        reach = [True] + [False] * len(part)
        for i in range(len(part)):
            if reach[i]:
                for j in range(i + 1, min(len(part), i + 14) + 1):
                    if part[i:j] in words:
                        reach[j] = True
        if not reach[-1]:
            return False
    return True


def _generated_values(seed: str, n: int = 3000) -> list[str]:
    """Random strings, word soups (trivial words, hex-speak, keyboard runs) and placeholder forms."""
    import string

    rng = SeededRandom(seed)
    pieces = sorted(rules.TRIVIAL_WORDS | rules.HEXSPEAK_WORDS) + [
        'abc', 'cba', '123', '321', 'qwe', 'asd', 'zxc', '${', '}', '{{', '<', '>', '%(', ')s', '***', 'xxx',
        '...', 'your-', '-here', 'changeme', 'example.', '_', '-', '.', ' ', '!', '4', '0', '@', 'A', 'Z',
    ]
    values = []
    for _ in range(n):
        if rng.random() < 0.3:
            values.append(''.join(rng.choice(string.printable[:94]) for _ in range(rng.randrange(0, 30))))
        else:
            values.append(''.join(rng.choice(pieces) for _ in range(rng.randrange(1, 7))))
    return values


def test_placeholder_alternation_equals_each_form():
    for value in _generated_values('placeholders'):
        stripped = value.strip().strip('\'"`')
        assert (rules._PLACEHOLDER_RE.fullmatch(stripped) is not None) == any(
            p.fullmatch(stripped) for p in rules._PLACEHOLDER_RES), value


def test_run_fraction_and_made_of_equal_their_definitions():
    for value in _generated_values('runs and words'):
        assert rules._run_fraction.__wrapped__(value) == _reference_run_fraction(value), value
        low = value.lower()
        for words in (rules.TRIVIAL_WORDS, rules.HEXSPEAK_WORDS, rules.STANDIN_HOST_WORDS):
            assert rules._made_of(low, words) == _reference_made_of(low, words), value


def _reference_is_trivial_value(value: str, user: str = '') -> bool:
    """is_trivial_value as first written: every variant split into words."""
    from urllib.parse import unquote

    decoded = unquote(rules.strip_escapes(value)).strip()
    if len(decoded) <= 4:
        return True
    normalized = rules.normalize_value(decoded)
    low = unquote(decoded).lower()
    edge, leet = rules._EDGE_CHARS, rules._LEET
    variants = (
        normalized, low.translate(leet).strip(edge), low.rstrip(edge).translate(leet).strip(edge),
        low.lstrip(edge).translate(leet).strip(edge), rules._SEPARATORS_RE.sub('', normalized),
    )
    if not normalized or any(_reference_made_of(v, rules.TRIVIAL_WORDS) for v in variants):
        return True
    if user:
        bare_user = rules.normalize_value(user.split('@')[0].split('\\')[-1])
        if bare_user and bare_user in normalized and _reference_made_of(
                normalized.replace(bare_user, ' '), rules.TRIVIAL_WORDS):
            return True
    return _reference_run_fraction(decoded) >= 0.6


def _generated_alnum_values(seed: str, n: int = 3000) -> list[str]:
    """Letters and digits only (the shape _cannot_be_trivial_words reads): random ones, and
    trivial words in any case with leet digits inside and digits at either edge."""
    import string

    rng = SeededRandom(seed)
    leet = {'o': '0', 'i': '1', 'e': '3', 'a': '4', 's': '5', 't': '7'}
    words = sorted(rules.TRIVIAL_WORDS) + ['alice', 'bob', 'abc', 'qwe', 'x', 'q']
    values = []
    for _ in range(n):
        if rng.random() < 0.4:
            values.append(''.join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randrange(1, 24))))
            continue
        text = ''.join(rng.choice(words) for _ in range(rng.randrange(1, 5)))
        text = ''.join(leet[c] if c in leet and rng.random() < 0.3 else c for c in text)
        text = ''.join(c.upper() if rng.random() < 0.2 else c for c in text)
        values.append(''.join(rng.choice(string.digits) for _ in range(rng.randrange(0, 3))) + text
                      + ''.join(rng.choice(string.digits) for _ in range(rng.randrange(0, 3))))
    return values


def test_trivial_value_fast_proof_equals_the_plain_definition():
    """is_trivial_value (with its shortcut, _cannot_be_trivial_words) gives what every variant
    split into words gives, with and without a user name."""
    values = _generated_alnum_values('trivial alnum') + _generated_values('trivial any')
    proved = trivial = 0
    for n, value in enumerate(values):
        user = ('alice', 'bob@example.org', '', 'Root')[n % 4]
        expected = _reference_is_trivial_value(value, user)
        assert rules.is_trivial_value(value, user) == expected, (value, user)
        proved += rules._cannot_be_trivial_words(value)
        trivial += expected
    assert proved > 1000 and trivial > 1000  # both ways are exercised


def test_alphabet_run_stopping_early_equals_counting_every_step():
    """is_alphabet_run stops when the steps left cannot reach 80%: the verdict of counting them all."""
    import string

    rng = SeededRandom('alphabet runs')
    values = _generated_values('alphabet any')
    for _ in range(3000):  # runs of the alphabet and digits with a few typos
        start, n = rng.randrange(0, 40), rng.randrange(0, 30)
        run = list((string.digits + string.ascii_letters)[start:start + n])
        for _ in range(rng.randrange(0, 4)):
            if run:
                run[rng.randrange(len(run))] = rng.choice(string.printable[:94])
        values.append(''.join(run))
    runs = 0
    for value in values:
        steps = sum(ord(b) - ord(a) in (1, 2) for a, b in zip(value, value[1:]))
        expected = len(value) >= 8 and steps >= 0.8 * (len(value) - 1)
        assert rules.is_alphabet_run(value) == expected, value
        runs += expected
    assert runs > 300


def _reference_is_placeholder_value(value: str, slot: str = '') -> bool:
    """is_placeholder_value as first written (the owned-placeholder regex on every value)."""
    from urllib.parse import unquote

    value = rules.strip_escapes(value)
    if rules.is_placeholder(value) or rules.is_published_example(value):
        return True
    lowered = unquote(value).lower()
    if rules._PLACEHOLDER_MARKERS_RE.search(lowered):
        return True
    if value.lstrip('$#%').startswith('{') and value.count('{') > value.count('}'):
        return True
    if rules._OWNED_PLACEHOLDER_RE.match(lowered.translate(rules._LEET)) or rules.is_hexspeak(value):
        return True
    if len(value) >= 16 and _reference_run_fraction(value) >= 0.5:
        return True
    if slot:
        bare = rules._SEPARATORS_RE.sub('', rules.normalize_value(value))
        parts = rules.name_parts(slot)
        if bare and (bare == ''.join(parts) or (parts and bare == parts[-1])):
            return True
    return False


def test_placeholder_value_equals_its_plain_definition():
    pieces = ['your', 'YOUR', 'y0ur', 'my', 'MY', 'm', 'y', '-', '_', 'pass', 'secret', 'key', 'token', 'ſ',
              'é', 'word', 'changeme', '%20', '{', '}', 'abc', 'Q', '9', '\\n']
    rng = SeededRandom('placeholder values')
    values = _generated_values('placeholder any') + _generated_alnum_values('placeholder alnum') + [
        ''.join(rng.choice(pieces) for _ in range(rng.randrange(1, 6))) for _ in range(3000)]
    placeholders = 0
    for n, value in enumerate(values):
        slot = ('', 'password', 'my_secret_key')[n % 3]
        expected = _reference_is_placeholder_value(value, slot)
        assert rules.is_placeholder_value(value, slot) == expected, (value, slot)
        placeholders += expected
    assert 500 < placeholders < len(values) - 500


def _generated_slot_lines(seed: str, n: int = 3000) -> list[str]:
    """Lines of slot words in any case (Unicode case folds too: `ſ`, the Kelvin sign), near misses
    and separators: the word pre-checks must agree with the plain regexes on all of them."""
    rng = SeededRandom(seed)
    pieces = [
        'host', 'HOST', 'Host_Name', 'hostaddr', 'server', 'SERVER', 'data source', 'DataSource',
        'address', 'addr', 'endpoint', 'user', 'User', 'username', 'user_name', 'login', 'uid',
        'UID', 'user id', 'hoſt', 'ſerver', 'uſer', 'uſername', '\u212aey', 'hos', 'serve', 'use',
        'logi', 'ui', '=', ':', '=>', ' ', '"', "'", ';', ',', 'db.example.com', '10.0.0.5', 'alice',
        'x', '-', '_', 'password', 'pw1',
    ]
    return [''.join(rng.choice(pieces) for _ in range(rng.randrange(1, 10))) for _ in range(n)]


def test_host_and_user_slot_word_checks_equal_the_plain_regexes():
    from hooks import filters

    found = 0
    for line in _generated_slot_lines('slots'):
        plain_hosts = [m.group('h') for m in rules._HOST_SLOT_RE.finditer(line)]
        assert rules.host_slots(line) == plain_hosts, line
        m = filters._USER_SLOT_RE.search(line)
        assert filters._user_slot.__wrapped__(line) == (m.group('u') if m else ''), line
        found += bool(plain_hosts) + bool(m)
    assert found > 100  # the generated lines do hold slots


def test_owned_placeholder_and_published_example_checks_equal_their_definitions():
    import hashlib
    import re
    from urllib.parse import unquote

    def sha(text: str) -> str:
        return hashlib.sha1(text.encode('utf-8')).hexdigest()

    values = _generated_values('owned and published') + [
        'your-password', 'YourSecretKey', 'my_token', 'MYPASS', 'm\u0443password', 'y0ur_pass',
        'your\u017fecret key', 'notyourpassword',
    ]
    owned = 0
    for value in values:
        lowered = unquote(value).lower()
        text = lowered.translate(rules._LEET)  # as is_placeholder_value asks
        plain = rules._OWNED_PLACEHOLDER_RE.match(text) is not None
        assert rules._is_owned_placeholder(text) == plain, text
        owned += plain
        assert rules.is_published_example(value) == (
            sha(lowered) in rules.PUBLISHED_EXAMPLE_SHA1
            or sha(re.sub(r'[_\-]', ' ', lowered)) in rules.PUBLISHED_EXAMPLE_SHA1
        ), value
    assert owned > 0


def test_a_slot_that_may_be_named_is_the_only_one_that_changes_a_placeholder_verdict():
    """rules.may_be_named is a necessary condition: when it says no, the slot is_placeholder_value
    would compare with changes nothing (so the filters skip parsing the line's assignments)."""
    rng = SeededRandom('slot names')
    names = ['password', 'DB_PASSWORD', 'jwtSecretKey', 'api-key', 'smtp.pass', 'x', 'Token2', 'pwd']
    compared = named = 0
    for _ in range(3000):
        name = rng.choice(names)
        parts = rules.name_parts(name)
        value = rng.choice([
            ''.join(parts), parts[-1], parts[-1].upper(), name, name.replace('a', '4').replace('o', '0'),
            f'{parts[-1]}123', f'my-{parts[-1]}', ''.join(rng.choice('abcdefgXYZ0124_-.') for _ in range(8)),
        ])
        line = rng.choice([f'{name} = "{value}"', f'{name}: {value}', f'x={value} {name}=1', f'"{value}"'])
        for a in rules.iter_assignments(line):
            compared += 1
            if not rules.may_be_named(value, line):
                assert rules.is_placeholder_value(value, a.name) == rules.is_placeholder_value(value, ''), line
            else:
                named += rules.is_placeholder_value(value, a.name) != rules.is_placeholder_value(value, '')
    assert compared > 1000 and named > 0  # the slot does decide some verdicts, all of them allowed


def test_a_slot_named_after_its_value_changes_no_placeholder_verdict():
    """rules.may_be_named_before is a necessary condition too: when it says no, the name of no
    assignment of the value (the slot is_sample_password would read) changes the verdict."""
    rng = SeededRandom('slot names before')
    names = ['password', 'DB_PASSWORD', 'jwtSecretKey', 'api-key', 'smtp.pass', 'x', 'Token2', 'pwd', 'a.b-c_d']
    compared = skipped = named = 0
    for _ in range(4000):
        name = rng.choice(names)
        parts = rules.name_parts(name)
        value = rng.choice([
            ''.join(parts), parts[-1], parts[-1].upper(), name, name.replace('a', '4').replace('o', '0'),
            f'{parts[-1]}123', f'my-{parts[-1]}', f'{parts[-1]}\\n', ''.join(rng.choice('abcdefgXYZ0124_-.') for _ in range(8)),
        ])
        other = rng.choice(names)
        line = rng.choice([
            f'{name} = "{value}"', f'{name}: {value}', f'x={value} {name}=1', f'"{value}"',
            f'{other}="{value}" {name}="{value}"', f'{name}="{value}" {other}="{value}"', f'{value}={name}',
            f'{other}: {value}, {name}: {value}',
        ])
        for a in rules.iter_assignments(line):
            if a.value != value:
                continue
            compared += 1
            verdict = rules.is_placeholder_value(value, a.name)
            if not rules.may_be_named_before(value, value, line):
                skipped += 1
                assert verdict == rules.is_placeholder_value(value, ''), line
            else:
                named += verdict != rules.is_placeholder_value(value, '')
    assert compared > 1000 and skipped > 100 and named > 0


def _url_authorities_reference(line: str) -> tuple[rules.UrlCredential, ...]:
    """url_authorities as first written: every match's groups read afresh."""
    from urllib.parse import unquote

    found = []
    for m in rules.URL_RE.finditer(line):
        scheme, user, password, host = m.group('scheme', 'user', 'password', 'host')
        user, password = user or '', password or ''
        found.append(rules.UrlCredential(
            scheme, unquote(user) if '%' in user else user,
            unquote(password) if '%' in password else password, user, password, host,
            m.span('user'), m.span('password'),
        ))
    return tuple(found)


def test_url_parts_remembered_by_matched_text_are_the_parts_read_afresh(rng):
    """The same URL text at other places and among other neighbours (the contexts of a dense
    line) is read as it is read afresh: parts, and spans at its own place."""
    pieces = ['postgresql://', 'redis://', 'https://', 'x+y://', '://', 'u', 'user', ':', '@', '%40',
              'p%3Ass', 'host', ':5432', '/db', ' ', '"', "'", ';', '?', '#', 'a-b.c', '[::1]', '\n']
    urls = [''.join(rng.choice(pieces) for _ in range(rng.randrange(1, 9))) for _ in range(60)]
    rules.clear_caches()
    for _ in range(400):
        line = ''.join(rng.choice(urls) + rng.choice(('', ' ', 'x', ',', '/')) for _ in range(rng.randrange(1, 8)))
        got = rules.url_authorities(line)
        assert got == _url_authorities_reference(line)
        assert all(type(c) is rules.UrlCredential for c in got)


@pytest.mark.parametrize(('value', 'bare'), [
    ('{API_KEY}\\n', '{API_KEY}'),
    ('shop\\r\\n', 'shop'),
    ('PASSWORD\\t', 'PASSWORD'),
    ('x\\n\\n\\n', 'x'),
    ('pa\\nss', 'pa\\nss'),      # an escape inside the value is the value's
    ('plain', 'plain'),
    ('\\n', ''),
])
def test_strip_escapes(value, bare):
    assert rules.strip_escapes(value) == bare


@pytest.mark.parametrize(('value', 'user', 'sample'), [
    ('{API_KEY}\\n', '', True),           # a template read out of an f-string
    ('{token()}\\r\\n', '', True),
    ('shop\\n', 'shop', True),            # the user name, at no host
    ('PASSWORD\\n', '', True),            # the slot's own name
    (None, '', False),                    # a generated value followed by an escape: still a secret
])
def test_a_value_read_out_of_a_string_literal_is_judged_without_its_escapes(value, user, sample, rng):
    value = value or rng.token_urlsafe(16) + '\\n'
    assert rules.is_sample_credential(value, user, slot='password') is sample


def test_strip_escapes_is_linear():
    from tests.timing import assert_linear

    # The inputs are built before the timing: building a string of megabytes costs what the
    # allocator's state makes it (page faults), not what strip_escapes does with it.
    n = 200_000
    leading = {k: '\\n' * k + 'x' for k in (n, 4 * n)}
    trailing = {k: 'x' + '\\n' * k for k in (n, 4 * n)}
    assert_linear(lambda k: rules.strip_escapes(leading[k]), n, 'strip_escapes on a run of escapes')
    assert_linear(lambda k: rules.strip_escapes(trailing[k]), n, 'strip_escapes on trailing escapes')

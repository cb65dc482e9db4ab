"""hooks.filters: each exclusion fires on its sample, and a realistic secret in the same context
is still found.  Secret values are generated at test time; the samples are public ones."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import string
from typing import Any
from typing import Callable

import pytest

from hooks import filters
from hooks import rules
from hooks.config import Config
from hooks.scan import scanner as scan


def make_jwt(key: str, payload: dict | None = None) -> str:
    def enc(obj: dict) -> str:
        raw = json.dumps(obj, separators=(',', ':')).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b'=').decode()

    signing_input = enc({'alg': 'HS256', 'typ': 'JWT'}) + '.' + enc(payload or {'sub': '42'})
    mac = hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + '.' + base64.urlsafe_b64encode(mac).rstrip(b'=').decode()


def jwt_io_token() -> str:
    """jwt.io's long-standing example, rebuilt so this file holds no token."""
    return make_jwt('your-256-bit-secret', {'sub': '1234567890', 'name': 'John Doe', 'iat': 1516239022})


# The Azure Storage emulator's account key, published by Microsoft: the same on every machine.
AZURITE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='


def b64url(rng, n: int) -> str:
    return base64.urlsafe_b64encode(rng.token_bytes(n)).rstrip(b'=').decode()


def random_password(rng) -> str:
    # A letter first: detect-secrets' keyword plugin skips values that start with `-` (as it does
    # for every tool built on it; the benchmark's corpus keeps such values and counts the misses).
    return rng.choice(string.ascii_letters) + rng.token_urlsafe(18)


def distinct_hex(rng, n: int) -> str:
    """Random hex with no repeated digit: entropy high enough for detect-secrets to flag it."""
    return ''.join(rng.sample('0123456789abcdef', n))


def findings(filename: str, text: str, **config: object) -> list[scan.Finding]:
    with scan.Scanner(Config(**config)) as scanner:  # type: ignore[arg-type]
        return scanner.scan_text(filename, text)


# (case id, file name, text builder: value -> file text, the sample value, a realistic value)
Case = tuple[str, str, Callable[[str], str], Callable[[Any], str], Callable[[Any], str]]
CASES: list[Case] = [
    ('doc URL credentials', 'docs/engines.rst',
     lambda v: f'engine = create_engine("postgresql+psycopg2://scott:{v}@localhost/test")\n',
     lambda rng: 'tiger', random_password),
    ('doc URL, any scheme', 'docs/url.rst',
     lambda v: f'    "dbtype://username:{v}@hostspec/database"\n',
     lambda rng: 'password', random_password),
    ('trivial password in URL at localhost', 'tests/test_url.py',
     lambda v: f'u = make_url("mysql://x:{v}@localhost/db")\n',
     lambda rng: 'admin_password', random_password),
    ('jwt.io token', 'docs/auth.md',
     lambda v: f'curl -H "Authorization: Bearer {v}" https://api.example.com\n',
     lambda rng: jwt_io_token(), lambda rng: make_jwt(random_password(rng))),
    ('token signed with a sample key', 'tests/test_auth.py',
     lambda v: f'    headers = {{"Authorization": "Bearer {v}"}}\n',
     lambda rng: make_jwt(rules.KNOWN_SAMPLE_SIGNING_KEYS[-1], {'sub': 'johndoe'}),
     lambda rng: make_jwt(rng.token_hex(32), {'sub': 'johndoe'})),
    ('published tutorial key', 'app/security.py',
     lambda v: f'SECRET_KEY = "{v}"\n',
     lambda rng: rules.KNOWN_SAMPLE_SIGNING_KEYS[-1], lambda rng: rng.token_hex(32)),
    ('test-fixture password: secret', 'tests/test_login.py',
     lambda v: f'    client.post("/token", data={{"username": "alice", "password": "{v}"}})\n',
     lambda rng: 'secret', random_password),
    ('test-fixture password: the user name', 'tests/test_login.py',
     lambda v: f'    login(username="bob", password="{v}")\n',
     lambda rng: 'bob123', random_password),
    ('test-fixture password: fakehashedsecret', 'docs_src/security/tutorial003.py',
     lambda v: f'        "password": "{v}",\n',
     lambda rng: 'fakehashedsecret', random_password),
    ('leetspeak default password in YAML', 'deploy/db.yaml',
     lambda v: f'database:\n  password: "{v}"\n',
     lambda rng: 'P@ssw0rd123!', random_password),
    ('too short to be a password', 'tests/test_orm.py',
     lambda v: f'    a.password = "{v}"\n',
     lambda rng: 'pw', random_password),
    ('pre-commit rev SHA', '.pre-commit-config.yaml',
     lambda v: f'repos:\n  - repo: https://github.com/psf/black\n    rev: {v}\n',
     lambda rng: rng.token_hex(20), lambda rng: f'{rng.token_hex(20)}\n    password: {random_password(rng)}'),
    ('Alembic revision', 'migrations/versions/ae1027a6acf_add.py',
     lambda v: f'revision = "{v}"\n',
     lambda rng: distinct_hex(rng, 12), lambda rng: rng.token_urlsafe(48)),
    ('Alembic down_revision', 'migrations/versions/ae1027a6acf_add.py',
     lambda v: f'down_revision: Union[str, None] = "{v}"\n',
     lambda rng: distinct_hex(rng, 12), lambda rng: rng.token_urlsafe(48)),
    ('labelled digest', 'app/checksums.json',
     lambda v: f'{{"sha256": "{v}"}}\n',
     lambda rng: rng.token_hex(32), lambda rng: f'{rng.token_hex(32)}", "token": "{rng.token_hex(20)}'),
    ('subresource integrity', 'web/index.html',
     lambda v: f'<script src="app.js" integrity="{v}"></script>\n',
     lambda rng: 'sha384-' + base64.b64encode(rng.token_bytes(48)).decode(),
     lambda rng: base64.b64encode(rng.token_bytes(48)).decode()),
    ('lock-file digest', 'poetry.lock',
     lambda v: f'files = [\n    {{file = "demo-1.0.tar.gz", hash = "{v}"}},\n]\n',
     lambda rng: rng.token_hex(32),
     lambda rng: f'x"}},\n]\nurl = "https://__token__:{random_password(rng)}@private.example.com/simple'),
    ('docs search index word', 'doc/build/html/searchindex.js',
     lambda v: f'Search.setIndex({{"terms": {{"gordthompson": 7, "{v}": 7, "3403": [8, 9]}}}})\n',
     lambda rng: rng.token_hex(20),
     lambda rng: f'postgresql://app:{random_password(rng)}@db/app'),  # only entropy hits are words here
    ('UUID', 'app/fixtures.json',
     lambda v: f'{{"correlation": "{v}"}}\n',
     lambda rng: str(rng.uuid4()).upper(), lambda rng: rng.token_hex(20)),
    ('inline image', 'web/logo.js',
     lambda v: f'const logo = "data:image/png;base64," + "{v}";\n',
     lambda rng: base64.b64encode(rng.token_bytes(120)).decode(),
     lambda rng: f'{base64.b64encode(rng.token_bytes(60)).decode()}";\nconst key = "{rng.token_urlsafe(48)}'),
    ('short hex id', 'app/build.py',
     lambda v: f'COMMIT = "{v}"\n',
     lambda rng: distinct_hex(rng, 12), lambda rng: rng.token_hex(20)),
    ('JWK public member', 'tests/keys/jwk_rsa_pub.json',
     lambda v: f'{{"kty": "RSA", "n": "{v}", "e": "AQAB"}}\n',
     lambda rng: b64url(rng, 256), lambda rng: f'{b64url(rng, 256)}", "d": "{b64url(rng, 256)}'),
    ('key id', 'docs/usage.rst',
     lambda v: f'    ...     headers={{"kid": "{v}"}},\n',
     lambda rng: rng.token_hex(16), lambda rng: f'{rng.token_hex(16)}", "api_key": "{rng.token_hex(20)}'),
    ('code reference', 'docs/usage.rst',
     lambda v: f'    signing_key = {v}\n',
     lambda rng: 'jwks_client.get_signing_key_from_jwt(token)', random_password),
    ('low-information value', 'tests/test_connection.py',
     lambda v: f"            aws_secret_access_key='{v}',\n",
     lambda rng: 'AAAA', random_password),
    ('published development key (Azurite)', 'tests/test_azure.py',
     lambda v: f"            'account_key': '{v}',\n",
     lambda rng: AZURITE_ACCOUNT_KEY, lambda rng: base64.b64encode(rng.token_bytes(64)).decode()),
    ('placeholder as written', 'deploy/template.env',
     lambda v: f'JWT_SECRET_KEY={v}\n',
     lambda rng: '%(jwt_secret)s', random_password),
]


# Exclusions that are not ours to switch off: placeholders always, UUIDs outside credential
# slots, and expressions (our plugins read only literals, also in detect-secrets' eager pass).
ALWAYS_ON = {'placeholder as written', 'UUID', 'code reference'}


@pytest.mark.parametrize('name, filename, build, sample, realistic', CASES, ids=[c[0] for c in CASES])
def test_exclusion_fires_on_sample(name, filename, build, sample, realistic, rng):
    text = build(sample(rng))
    assert findings(filename, text) == []
    if name not in ALWAYS_ON:  # the filter is what hides it: `report_known_samples` shows it
        assert findings(filename, text, report_known_samples=True) != []


@pytest.mark.parametrize('name, filename, build, sample, realistic', CASES, ids=[c[0] for c in CASES])
def test_realistic_secret_in_same_context_is_found(name, filename, build, sample, realistic, rng):
    assert findings(filename, build(realistic(rng))) != []


SAMPLES_REPORTED_ON_REQUEST = [
    ('docs/engines.rst', lambda rng: 'engine = create_engine("postgresql://scott:tiger@localhost/test")\n'),
    ('docs/auth.md', lambda rng: f'Authorization: Bearer {jwt_io_token()}\n'),
    ('app/security.py', lambda rng: f'SECRET_KEY = "{rules.KNOWN_SAMPLE_SIGNING_KEYS[-1]}"\n'),
    ('tests/test_login.py', lambda rng: 'login(username="bob", password="guest")\n'),
    ('.pre-commit-config.yaml', lambda rng: f'repos:\n  - repo: https://github.com/psf/black\n    rev: {rng.token_hex(20)}\n'),
    ('migrations/versions/x.py', lambda rng: f'revision = "{distinct_hex(rng, 12)}"\n'),
    ('poetry.lock', lambda rng: f'files = [\n    {{file = "demo.tar.gz", hash = "{rng.token_hex(32)}"}},\n]\n'),
]


@pytest.mark.parametrize('filename, build', SAMPLES_REPORTED_ON_REQUEST, ids=[c[0] for c in SAMPLES_REPORTED_ON_REQUEST])
def test_report_known_samples_reports_them(filename, build, rng):
    text = build(rng)
    assert findings(filename, text) == []
    assert findings(filename, text, report_known_samples=True) != []


def test_report_known_samples_drops_every_sample_filter():
    paths = {f['path'] for f in scan.settings_for(Config(report_known_samples=True))['filters_used']}
    assert not paths & {filters.PREFIX + name for name in filters.KNOWN_SAMPLE_FILTERS}
    default = {f['path'] for f in scan.settings_for(Config())['filters_used']}
    assert {filters.PREFIX + name for name in filters.KNOWN_SAMPLE_FILTERS} <= default


def test_percent_encoded_password_is_one_finding(rng):
    password = random_password(rng) + '@/'
    encoded = password.replace('@', '%40').replace('/', '%2F')
    found = findings('docs/engines.rst', f'postgresql+pg8000://dbuser:{encoded}@pghost10/appdb\n')
    assert [f.type for f in found] == ['Database URL Credentials']
    assert found[0].secret == password


def test_b2b_key_never_filtered_as_words(rng):
    key = rng.generate_key()
    assert findings('app/partners.py', f'PARTNER_KEY = "{key}"\n') != []


@pytest.mark.parametrize('filename, line', [
    ('tests/test_login.py', '    login(username="bob", password="{}")\n'),
    ('deploy/db.yaml', 'database:\n  password: "{}"\n'),
    ('app/settings.py', 'SMTP_PASSWORD = "{}"\n'),
])
@pytest.mark.parametrize('word', ['swordfish', 'coneofsilence', 'blooming', 'orangeshadow', 'Tommy Sharp'])
def test_word_passwords_are_findings_wherever_they_are(filename, line, word):
    """The policy draws the line by context, not by how English a value reads."""
    assert findings(filename, line.format(word)) != []


@pytest.mark.parametrize('host, found', [
    ('localhost', False), ('127.0.0.1', False), ('db.example.com', False), ('hostspec', False),
    ('%2Ftmp%2Fpg.sock', False), ('10.0.0.1', True), ('pg-prod-7.internal', True),
    ('cluster0.ab12c.mongodb.net', True), ('uszdba01', True),
])
@pytest.mark.parametrize('user, password', [('admin', 'secret'), ('root', 'root'), ('app', 'P4ssw0rd!'), ('app', 'app123')])
def test_trivial_url_password_is_a_finding_only_at_a_real_host(host, found, user, password):
    text = f'DATABASE_URL = "postgresql://{user}:{password}@{host}:5432/production"\n'
    assert (findings('app/settings.py', text) != []) is found


@pytest.mark.parametrize('query, found', [
    ('?host=10.0.0.1', True), ('?host=pg-prod-7.internal&sslmode=require', True),
    ('?host=localhost', False), ('?host=%2Fvar%2Frun%2Fpostgresql', False), ('', False),
    ('"; DOCS = "https://docs.acme.io/db', False),  # another URL's host is not this one's
])
@pytest.mark.parametrize('user, password', [('admin', 'secret'), ('app', 'app123')])
def test_trivial_url_password_is_judged_at_the_host_of_the_query(query, found, user, password):
    """libpq's `scheme://u:p@/db?host=H` names its host in the query: judged there."""
    text = f'DATABASE_URL = "postgresql://{user}:{password}@/production{query}"\n'
    assert (findings('app/settings.py', text) != []) is found


@pytest.mark.parametrize('make, expected', [
    (lambda rng: 'abcdefghijklmnopqrstuvxyz', True),    # the alphabet with a typo
    (lambda rng: '0123456789abcdef', True),
    (lambda rng: rng.token_hex(20), False),
], ids=['alphabet-typo', 'hex-digits', 'random-hex'])
def test_is_alphabet_run(make, expected, rng):
    assert rules.is_alphabet_run(make(rng)) is expected


def _plain_names_no_context(line: str, lines: tuple[str, ...]) -> bool:
    """filters._names_no_context as first written: one `in` per literal and word."""
    from hooks.detectors.db_url import _ADO_MARKERS

    if not line.isascii() or any(c in line for c in filters._CONTEXT_LITERALS):
        return False
    lowered = line.lower()
    if 'jdbc:' in lowered or any(w in lowered for w in _ADO_MARKERS) \
            or any(w in lowered for w in rules.HOST_SLOT_WORDS):
        return False
    for other in lines:
        if not other.isascii():
            return False
        low = other.lower()
        if any(w in low for w in rules.HOST_SLOT_WORDS) or any(w in low for w in filters._USER_SLOT_WORDS):
            return False
    return True


def test_no_context_searches_equal_one_test_per_word(rng):
    pieces = ['password="', '" ', 'x', ';', ' ', 'hOst', 'SERVER', 'Data source', 'addr', 'USER', 'LoGin',
              'uid', 'jdbc:', 'JDBC:', ':/', '//', ',', '-u', '-U', 'AUTH', 'uth', 'initial catalog', 'Driver',
              'dsn', 'é', 'ſ', 'Endpoint', 'ser', 'ver', 'ho', 'st']
    said = 0
    for _ in range(3000):
        line = ''.join(rng.choice(pieces) for _ in range(rng.randrange(0, 8)))
        lines = tuple(''.join(rng.choice(pieces) for _ in range(rng.randrange(0, 3)))
                      for _ in range(rng.randrange(0, 3))) + (line,)
        expected = _plain_names_no_context(line, lines)
        assert filters._names_no_context(line, lines) == expected, (line, lines)
        said += expected
    assert 100 < said < 2900


def test_a_line_without_the_readers_literals_gives_no_credential_context(rng):
    """filters._names_no_context answers for the readers of _credential_context_of: when it says
    a finding's surroundings hold nothing for them, each of them finds nothing there."""
    from hooks.detectors.db_url import iter_credentials

    pieces = ['password="', '" ', 'x', 'abc', ';', ' ', 'host', 'Server', 'data', 'addr', 'user',
              'login', 'uid', 'dsn', 'jdbc:', 'JDBC:pg:', '://', 'pg://u:p@h', ',', '-u', 'auth',
              'secret=', 'pwd=', 'h:5432,password=p', 'Database=', 'é', 'Endpoint=']
    said = 0
    for _ in range(3000):
        line = ''.join(rng.choice(pieces) for _ in range(rng.randrange(1, 10)))
        lines = tuple(''.join(rng.choice(pieces) for _ in range(rng.randrange(0, 4)))
                      for _ in range(rng.randrange(0, 3))) + (line,)
        if not filters._names_no_context(line, lines):
            continue
        said += 1
        assert list(iter_credentials(line)) == []
        assert list(rules.iter_url_credentials(line)) == []
        assert rules.hosts_in(line) == []
        assert all(rules.host_slots(other) == [] and filters._user_slot(other) == '' for other in lines)
        assert '-u' not in line and 'uth' not in line
    assert said > 50  # (the pieces make both kinds of line)

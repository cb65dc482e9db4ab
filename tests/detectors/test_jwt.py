"""JwtDetector and SigningKeyDetector: directly, and through the real scan (filters applied)."""
from __future__ import annotations

import base64
import json

import jwt
import pytest

from hooks.detectors.jwt import JwtDetector
from hooks.detectors.jwt import SigningKeyDetector
from hooks.detectors.jwt import token_header
from tests.scan_helpers import found
from tests.scan_helpers import scan_file
from tests.test_rules import JWT_IO_EXAMPLE

TOKEN_TYPE = JwtDetector.secret_type
KEY_TYPE = SigningKeyDetector.secret_type


def b64(data: object) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b'=').decode()


def jws(rng, alg: str = 'HS256') -> str:
    if alg == 'none':
        return jwt.encode({'sub': rng.token_hex(4)}, None, algorithm='none')
    return jwt.encode({'sub': rng.token_hex(4), 'role': 'admin'}, rng.token_hex(32), algorithm=alg)


def jwe(rng) -> str:
    header = b64({'alg': 'RSA-OAEP-256', 'enc': 'A256GCM', 'kid': rng.token_hex(4)})
    parts = [rng.token_bytes(n) for n in (256, 12, 64, 16)]
    return '.'.join([header, *(b64(p) for p in parts)])


def no_alg(rng) -> str:
    return '.'.join([b64({'typ': 'JWT'}), b64({'sub': '1'}), b64(rng.token_bytes(32))])


def analyze(plugin, filename: str, line: str) -> set[str]:
    return {s.secret_value for s in plugin.analyze_line(filename=filename, line=line, line_number=1)}


# ---------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize('make, template', [
    (jws, 'token = "{}"'),
    (lambda rng: jws(rng, 'HS512'), 'Authorization: Bearer {}'),
    (lambda rng: jws(rng, 'HS256'), '{{"access_token": "{}"}}'),
    (jwe, 'jwe: {}'),
    (jws, 'curl -H "Authorization: Bearer {}" https://api'),
])
def test_token_positives(make, template, rng):
    token = make(rng)
    assert token_header(token) is not None
    assert analyze(JwtDetector(), 'x.txt', template.format(token)) == {token}


@pytest.mark.parametrize('make', [
    no_alg,                                                 # header without alg
    lambda rng: b64({'alg': 'HS256'}) + '.' + b64({'a': 1}),  # two parts
    lambda rng: b64({'alg': 'RSA-OAEP'}) + '.a.b.c.d',      # five parts, no enc
    lambda rng: 'eyJ' + 'x' * 40 + '.abc.def',              # header is not JSON
    lambda rng: 'abc.def.ghi',
    lambda rng: 'xx' + jws(rng),                            # glued to a word: not a token boundary
    lambda rng: jws(rng, 'none'),                           # unsigned: anyone can write one
], ids=['no-alg', 'two-parts', 'five-parts-no-enc', 'header-not-json', 'not-base64', 'glued', 'unsigned'])
def test_token_negatives(make, rng):
    line = make(rng)
    assert analyze(JwtDetector(), 'x.txt', line) == set()


def test_jwt_io_example_is_found_by_the_plugin_but_filtered_as_known_sample(tmp_path):
    assert analyze(JwtDetector(), 'x.md', JWT_IO_EXAMPLE) == {JWT_IO_EXAMPLE}
    assert found(scan_file(tmp_path, 'README.md', f'Example: `{JWT_IO_EXAMPLE}`\n')) == []
    reported = scan_file(tmp_path, 'README.md', f'Example: `{JWT_IO_EXAMPLE}`\n', report_known_samples=True)
    assert (1, TOKEN_TYPE, JWT_IO_EXAMPLE) in found(reported)


@pytest.mark.parametrize('make', [jws, jwe, lambda rng: jws(rng, 'HS384')])
def test_tokens_through_scan(tmp_path, make, rng):
    token = make(rng)
    result = scan_file(tmp_path, 'fixtures/session.json', '{\n  "token": "%s"\n}\n' % token)
    assert found(result) == [(2, TOKEN_TYPE, token)]


def test_token_without_alg_through_scan(tmp_path, rng):
    assert found(scan_file(tmp_path, 'a.txt', f'value {no_alg(rng)}\n'), TOKEN_TYPE) == []


def test_unsigned_token_is_not_a_finding_of_any_plugin(tmp_path, rng):
    """Stock detect-secrets' JWT plugin reports `alg: none` tokens too: filtered."""
    assert found(scan_file(tmp_path, 'a.txt', f'value {jws(rng, "none")}\n')) == []


# ---------------------------------------------------------------------------------------------
# Signing keys
# ---------------------------------------------------------------------------------------------

SIGNING_KEY_LINES = [
    ('app/settings.py', 'JWT_SECRET_KEY = "{}"'),
    ('app/settings.py', 'jwt_secret_key: str = "{}"'),
    ('app/settings.py', 'API_CREDENTIALS_SECRET_KEY = "{}"'),
    ('app/settings.py', 'app = create_app(secret_key="{}")'),
    ('config/app.yaml', 'jwt:\n  jwt_secret: {}'),
    ('config/app.yaml', 'auth:\n  jwt_secret_key: "{}"'),
    ('config/app.json', '{{\n  "JWT_SECRET": "{}"\n}}'),
    ('pyproject.toml', '[app]\njwt_secret = "{}"'),
    ('config/app.ini', '[auth]\njwt_secret = {}'),
    ('config/app.properties', 'jwt.secret={}'),
    ('.env', 'JWT_SECRET={}'),
    ('deploy/prod.env', 'export API_CREDENTIALS_PREVIOUS_SECRET_KEYS={}'),
    ('docker-compose.yml', 'services:\n  api:\n    environment:\n      - JWT_SECRET={}'),
    ('app/auth.py', 'token = jwt.encode(payload, "{}", algorithm="HS256")'),
    ('app/auth.py', 'claims = jwt.decode(token, key="{}", algorithms=["HS256"])'),
    ('app/auth.py', 'claims = jwt.decode(token, "{}", algorithms=["HS256"])'),
]


@pytest.mark.parametrize('path, template', SIGNING_KEY_LINES)
def test_signing_key_positives(tmp_path, path, template, rng):
    key = rng.token_urlsafe(32)
    text = template.format(key) + '\n'
    line_number = text.count('\n', 0, text.index(key)) + 1
    line = text.splitlines()[line_number - 1]
    assert analyze(SigningKeyDetector(), path, line) == {key}
    result = scan_file(tmp_path, path, text)
    assert (line_number, KEY_TYPE, key) in found(result), found(result)
    # One finding for the key, whatever other plugins (keyword, entropy) thought of it.
    assert [f for f in result.findings if f.secret == key and f.type != KEY_TYPE] == []


@pytest.mark.parametrize('path, line', [
    ('app/settings.py', 'SECRET_KEY = os.environ["X"]'),
    ('app/settings.py', 'JWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY")'),
    ('app/settings.py', 'JWT_SECRET = settings.jwt_secret'),
    ('app/auth.py', 'jwt.decode(token, settings.JWT_SECRET, algorithms=["HS256"])'),
    ('app/auth.py', 'jwt.decode(token, options={"verify_signature": False})'),
    ('README.md', 'SECRET_KEY = os.environ["SECRET_KEY"]'),
    ('app/settings.py', 'JWT_ALGORITHM = "HS256-long-name"'),
    ('app/settings.py', 'JWT_PUBLIC_KEY = "abcdefghijklmnop"'),
    ('app/settings.py', 'ACCESS_TOKEN_EXPIRE_MINUTES = 30'),
    ('app/settings.py', 'PROJECT_NAME = "backend-service"'),
    ('.env', 'JWT_SECRET=abc'),  # too short to be a key
    ('tests/test_app.py', 'write(f\'JWT_SECRET_KEY = "{values["jwt_key"]}"\')'),
    ('config/app.yaml', 'jwt_secret: "{{ vault["jwt_secret"] }}"'),
    ('tests/test_auth.py', 'f\'    return jwt.encode(payload, "{values["jwt_key"]}", algorithm="HS256")\''),
])
def test_signing_key_negatives(path, line):
    assert analyze(SigningKeyDetector(), path, line) == set()


PLACEHOLDER_VALUES = [
    '${JWT_SECRET}', '${JWT_SECRET:-}', '$JWT_SECRET', '{jwt_secret}', '{{ jwt_secret }}',
    '<jwt-secret>', '%(jwt_secret)s', '%s', '********', 'xxxxxxxxxx', '...', 'changeme',
    'changethis', 'your-jwt-secret-here', 'example', 'dummy', '',
]


@pytest.mark.parametrize('value', PLACEHOLDER_VALUES)
@pytest.mark.parametrize('path, template', [
    ('.env.example', 'JWT_SECRET={}'),
    ('config/app.yaml', 'jwt_secret: "{}"'),
    ('app/settings.py', 'JWT_SECRET_KEY = "{}"'),
])
def test_placeholders_are_never_findings(tmp_path, value, path, template):
    result = scan_file(tmp_path, path, template.format(value) + '\n')
    assert result.findings == [], found(result)

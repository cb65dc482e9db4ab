"""Generate the labelled quality corpus: realistic secrets and the hard negatives around them.

Every secret value is made here at run time (a seeded random source, so a run is reproducible),
so the repository itself holds no scannable secret.  Each planted item is labelled with its
path, line, category and whether it is a secret (`positive`) or a hard negative (`negative`).

    python benchmarks/corpus/generate.py [OUT_DIR] [--seed N] [--scale N]

writes the files and `labels.json` into OUT_DIR (default: benchmarks/corpus/generated/).
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import random
import shutil
import string
import sys
import uuid
from dataclasses import asdict
from dataclasses import dataclass
from typing import Callable

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, 'generated')
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
URLSAFE = string.ascii_letters + string.digits + '-_'
# Words for sample passwords: test fixtures are written by people, from words.
WORDS = (
    'apple', 'river', 'silver', 'garden', 'secret', 'dragon', 'sunshine', 'monkey', 'shadow',
    'master', 'hello', 'welcome', 'letmein', 'football', 'orange', 'purple', 'winter', 'summer',
    'castle', 'rocket', 'pepper', 'ginger', 'banana', 'tiger', 'eagle', 'falcon', 'fake', 'test',
    'hashed', 'password', 'user', 'admin', 'demo', 'sample', 'wrong', 'other', 'new', 'old',
)
# Words a real password is made of: no default-password word (`admin`, `secret`), no placeholder
# marker (`sample`, `fake`).  Per the labelling policy a password made of these is a secret,
# however English it reads; one made only of TRIVIAL_WORDS is a sample without a real host.
REAL_WORDS = tuple(w for w in WORDS if w not in {
    'secret', 'letmein', 'tiger', 'fake', 'test', 'password', 'user', 'admin', 'demo', 'sample', 'wrong',
})
TRIVIAL_WORDS = ('password', 'secret', 'admin', 'test', 'user', 'root', 'guest', 'demo', 'pass', 'login')


@dataclass(frozen=True)
class Label:
    path: str
    line: int
    category: str
    kind: str  # 'positive' (a secret: must be found) or 'negative' (must not be)
    note: str


class Corpus:
    """Writes files line by line and labels the planted lines."""

    def __init__(self, out: str, seed: int) -> None:
        self.out = out
        self.rng = random.Random(seed)
        self.files: dict[str, list[str]] = {}
        self.labels: list[Label] = []

    # -- random values ------------------------------------------------------------------------
    def chars(self, alphabet: str, n: int) -> str:
        return ''.join(self.rng.choice(alphabet) for _ in range(n))

    def password(self) -> str:
        """A generated password: what `secrets.token_urlsafe(18)` or a password manager makes.

        It starts with a letter or digit: detect-secrets' keyword plugin (and so every tool built
        on it, ours included) misses a value that starts with `-`; see benchmarks/README.md."""
        return self.chars(BASE62, 1) + self.chars(URLSAFE, self.rng.randint(15, 27))

    def hex(self, n: int) -> str:
        return self.chars('0123456789abcdef', n)

    def b64(self, n_bytes: int) -> str:
        return base64.b64encode(self.rng.getrandbits(8 * n_bytes).to_bytes(n_bytes, 'big')).decode()

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def human_password(self) -> str:
        """A person's password that is still a real one: `Purple$rocket4821`."""
        first, second = self.rng.choice(REAL_WORDS).capitalize(), self.rng.choice(REAL_WORDS)
        return f'{first}{self.rng.choice("!@#$%&*")}{second}{self.rng.randint(100, 9999)}'

    def word_password(self, words: tuple[str, ...] = REAL_WORDS) -> str:
        """Words a person typed: `orangeshadow`, `castle_rocket_winter1`."""
        # two words at least: a single word repeats across a file (one finding per value)
        chosen = [self.rng.choice(words) for _ in range(self.rng.randint(2, 3))]
        sep = self.rng.choice(['', '', '_', '-'])
        value = sep.join(chosen)
        return value + (str(self.rng.randint(1, 9)) if self.rng.random() < 0.3 else '')

    def trivial_password(self) -> str:
        """Default-password words and digits only (`admin_test1`, `P4ssword`): a sample."""
        value = self.word_password(TRIVIAL_WORDS)
        return value.replace('a', '4', 1) if self.rng.random() < 0.3 else value

    def jwt(self, key: str, payload: dict | None = None) -> str:
        def enc(obj: dict) -> str:
            raw = json.dumps(obj, separators=(',', ':')).encode()
            return base64.urlsafe_b64encode(raw).rstrip(b'=').decode()

        body = payload or {
            'sub': str(self.rng.randint(1, 10**6)), 'role': self.rng.choice(['admin', 'user']),
            'exp': 1700000000 + self.rng.randint(0, 10**8),
        }
        signing_input = enc({'alg': 'HS256', 'typ': 'JWT'}) + '.' + enc(body)
        mac = hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest()
        return signing_input + '.' + base64.urlsafe_b64encode(mac).rstrip(b'=').decode()

    # -- files ----------------------------------------------------------------------------------
    def add(self, path: str, text: str, category: str = '', kind: str = '', note: str = '') -> None:
        """Append `text` (one or more lines) to `path`; label its first line if `category`."""
        lines = self.files.setdefault(path, [])
        if category:
            self.labels.append(Label(path, len(lines) + 1, category, kind, note))
        lines.extend(text.split('\n'))

    def pos(self, path: str, text: str, category: str, note: str) -> None:
        self.add(path, text, category, 'positive', note)

    def neg(self, path: str, text: str, category: str, note: str) -> None:
        self.add(path, text, category, 'negative', note)

    def write(self) -> list[Label]:
        if os.path.isdir(self.out):
            shutil.rmtree(self.out)
        for path, lines in self.files.items():
            target = os.path.join(self.out, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, 'w', encoding='utf-8', newline='\n') as f:
                f.write('\n'.join(lines) + '\n')
        with open(os.path.join(self.out, 'labels.json'), 'w', encoding='utf-8') as f:
            json.dump([asdict(label) for label in self.labels], f, indent=1)
        return self.labels


# -- the corpus -------------------------------------------------------------------------------

URL_SCHEMES = (
    'postgresql', 'postgres', 'postgresql+asyncpg', 'postgresql+psycopg', 'mysql', 'mysql+pymysql',
    'mariadb', 'mssql+pyodbc', 'oracle+oracledb', 'mongodb', 'mongodb+srv', 'redis', 'rediss',
    'amqp', 'amqps',
)
SAMPLE_CREDENTIALS = (
    ('scott', 'tiger'), ('user', 'pass'), ('user', 'password'), ('username', 'password'),
    ('foo', 'bar'), ('guest', 'guest'), ('postgres', 'postgres'), ('root', 'root'),
)
PLACEHOLDERS = (
    '${DB_PASSWORD}', '${DB_PASSWORD:-}', '<password>', 'changeme', 'changethis', '****',
    'your-password-here', '%(password)s', '{password}', '{{ db_password }}',
)


def db_urls(c: Corpus, scale: int) -> None:
    for i in range(scale):
        for scheme in URL_SCHEMES:
            user = c.rng.choice(['app', 'svc_orders', 'api', 'admin', 'etl'])
            host = c.rng.choice(['db.internal', 'prod-db-1.example.net', '10.0.3.12:5432', 'cache'])
            pw = c.password()
            if scheme.startswith('redis') and c.rng.random() < 0.5:
                user = ''  # redis://:password@host
            c.pos('app/settings.py', f'DATABASE_URL_{i}_{len(c.labels)} = "{scheme}://{user}:{pw}@{host}/app"',
                  'db_url', f'{scheme} URL in code')
            c.pos('deploy/values.yaml', f'url_{len(c.labels)}: {scheme}://{user}:{c.password()}@{host}/app',
                  'db_url', f'{scheme} URL in YAML')
            c.pos('deploy/prod.env', f'CONN_{len(c.labels)}={scheme}://{user}:{c.password()}@{host}/app',
                  'db_url', f'{scheme} URL in env file')
        c.pos('deploy/legacy.env', f'LEGACY_DB=mysql://app:{c.human_password()}@db1/app', 'db_url',
              'human-made password in a URL')
        pw = c.password()
        c.pos('app/odbc.py', f'CONN = "Driver={{ODBC Driver 18}};Server=sql1;Database=app;Uid=app;Pwd={pw};"',
              'db_url', 'ODBC connection string')
        c.pos('app/jdbc.properties', f'jdbc.url=jdbc:postgresql://db:5432/app?user=app&password={c.password()}',
              'db_url', 'JDBC URL')
        for user, pw in SAMPLE_CREDENTIALS:
            scheme = c.rng.choice(URL_SCHEMES)
            c.neg('docs/engines.rst', f'    engine = create_engine("{scheme}://{user}:{pw}@localhost/test")',
                  'sample_url', f'documentation credentials {user}:{pw}')
        for ph in PLACEHOLDERS[:6]:
            c.add('deploy/compose.yaml', f'service_{len(c.labels)}:\n  environment:')
            c.neg('deploy/compose.yaml', f'    DATABASE_URL: postgresql://app:{ph}@db/app',
                  'placeholder', 'placeholder password in URL')
        c.neg('docs/url.rst', '``dialect+driver://username:password@host:port/database``',
              'sample_url', 'URL syntax in docs')
        c.neg('tests/test_url.py', f'    url = make_url("dbtype://user:{c.trivial_password()}@localhost/db")',
              'sample_url', 'test URL with a trivial password at localhost')
        c.pos('tests/test_url.py', f'    url = make_url("postgresql://app:{c.word_password()}@pg-prod-{c.hex(4)}.internal/db")',
              'db_url', 'word password at a real-looking host')
        password = c.trivial_password()  # drawn before the address, as the corpus always has
        private_ip = f'10.{c.rng.randint(0, 255)}.0.{c.rng.randint(1, 254)}'
        c.pos('deploy/legacy.env', f'OPS_DB=postgresql://admin:{password}@{private_ip}/prod',
              'db_url', 'trivial password at a private IP')


def jwts(c: Corpus, scale: int) -> None:
    for _ in range(scale * 6):
        key = c.password()
        c.pos('tests/fixtures/tokens.py', f'ADMIN_TOKEN = "{c.jwt(key)}"', 'jwt_token', 'JWT in code')
        c.pos('tests/fixtures/session.json', f'{{"access_token": "{c.jwt(key)}", "token_type": "bearer"}}',
              'jwt_token', 'JWT in JSON')
        c.pos('docs/api.http', f'Authorization: Bearer {c.jwt(key)}', 'jwt_token', 'JWT in a header')
    jwtio = c.jwt('your-256-bit-secret', {'sub': '1234567890', 'name': 'John Doe', 'iat': 1516239022})
    c.neg('docs/auth.md', f'    curl -H "Authorization: Bearer {jwtio}" https://api.example.com',
          'sample_token', 'the jwt.io example token')
    from hooks import rules  # the published sample keys, as the filters know them

    for key in rules.KNOWN_SAMPLE_SIGNING_KEYS:
        c.neg('tests/test_docs_tokens.py', f'    headers = {{"Authorization": "Bearer {c.jwt(key)}"}}',
              'sample_token', 'token signed with a published sample key')


def signing_keys(c: Corpus, scale: int) -> None:
    for _ in range(scale * 2):
        c.pos('app/config.py', f'JWT_SECRET_KEY = "{c.password()}"', 'signing_key', 'JWT key in Python')
        c.pos('app/config.py', f'token = jwt.encode(payload, "{c.password()}", algorithm="HS256")',
              'signing_key', 'literal key in jwt.encode')
        c.add('deploy/app.yaml', f'service_{len(c.labels)}:')
        c.pos('deploy/app.yaml', f'  jwt_secret: "{c.password()}"', 'signing_key', 'JWT key in YAML')
        c.pos('deploy/app.ini', f'jwt_secret_key = {c.password()}', 'signing_key', 'JWT key in INI')
        c.pos('deploy/app.toml', f'jwt_secret_key = "{c.password()}"', 'signing_key', 'JWT key in TOML')
        c.pos('deploy/app.env', f'API_CREDENTIALS_SECRET_KEY={c.password()}', 'signing_key', 'HMAC key in env')
        c.pos('deploy/settings.json', f'{{"JWT_SECRET": "{c.password()}"}}', 'signing_key', 'JWT key in JSON')
    from hooks import rules

    c.neg('docs_src/security/tutorial004.py', f'SECRET_KEY = "{rules.KNOWN_SAMPLE_SIGNING_KEYS[-1]}"',
          'sample_key', "FastAPI's tutorial signing key")
    for ph in PLACEHOLDERS:
        c.neg('deploy/template.env', f'JWT_SECRET_KEY={ph}', 'placeholder', 'placeholder signing key')


def b2b_keys(c: Corpus, scale: int) -> None:
    from hooks.keys import BODY_LENGTH
    from hooks.keys import checksum
    from hooks.keys import generate_key

    for _ in range(scale * 4):
        c.pos('app/partners.py', f'PARTNER_KEY = "{generate_key()}"', 'b2b_key', 'B2B key in code')
        c.pos('deploy/partner.env', f'PARTNER_API_KEY={generate_key(env="test")}', 'b2b_key', 'B2B key in env')
        c.add('deploy/partners.yaml', f'partner_{len(c.labels)}:')
        c.pos('deploy/partners.yaml', f'  api_key: {generate_key(env="test")}', 'b2b_key', 'B2B key in YAML')
        head = f'b2b_live_{c.chars(BASE62, BODY_LENGTH)}'
        bad = head + ('0' * 6 if checksum(head) != '0' * 6 else '1' * 6)
        c.neg('docs/keys.md', f'Keys look like `{bad}`.', 'sample_key', 'B2B-shaped key with a bad checksum')


def private_keys(c: Corpus, scale: int) -> None:
    dashes = '-' * 5
    for kind in ('RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY'):
        for _ in range(scale):
            body = '\n'.join(c.b64(48) for _ in range(6))
            ext = c.rng.choice(['pem', 'key', 'py', 'yaml'])
            c.pos(f'secrets/{kind.split()[0].lower()}_{len(c.labels)}.{ext}',
                  f'{dashes}BEGIN {kind}{dashes}\n{body}\n{dashes}END {kind}{dashes}',
                  'private_key', kind)


def cloud_keys(c: Corpus, scale: int) -> None:
    upper_digits = string.ascii_uppercase + '234567'
    for _ in range(scale * 3):
        c.pos('deploy/aws.cfg', f'aws_access_key_id = AKIA{c.chars(upper_digits, 16)}', 'cloud_key', 'AWS key id')
        # one per file: detect-secrets' GitHub plugin reports one token per file (it hashes `ghp`)
        c.pos(f'ci/github_{len(c.labels)}.sh', f'export GH_TOKEN=ghp_{c.chars(BASE62, 36)}',
              'cloud_key', 'GitHub token')
        c.pos('ci/slack.py', f'SLACK = "xoxb-{c.chars(string.digits, 12)}-{c.chars(string.digits, 13)}-'
              f'{c.chars(BASE62, 24)}"', 'cloud_key', 'Slack bot token')
        stripe = 'sk_live_' + c.chars(BASE62, 24)
        c.pos('app/billing.py', f'stripe.api_key = "{stripe}"', 'cloud_key', 'Stripe key')
        c.pos('app/mail.py', f'SENDGRID = "SG.{c.chars(URLSAFE, 22)}.{c.chars(URLSAFE, 43)}"',
              'cloud_key', 'SendGrid key')


def keyword_passwords(c: Corpus, scale: int) -> None:
    for _ in range(scale * 3):
        c.pos('app/db.py', f'db_password = "{c.password()}"', 'keyword_password', 'password in Python')
        c.add('deploy/db.yaml', f'database_{len(c.labels)}:')
        c.pos('deploy/db.yaml', f'  password: "{c.password()}"', 'keyword_password', 'password in YAML')
        c.pos('deploy/db.ini', f'password = {c.password()}', 'keyword_password', 'password in INI')
        c.pos('deploy/creds.json', f'{{"api_key": "{c.password()}"}}', 'keyword_password', 'API key in JSON')
        c.pos('app/legacy.py', f'SMTP_PASSWORD = "{c.human_password()}"', 'keyword_password',
              'human-made password with digits and a symbol')
    for word in ('secret', 'fakehashedsecret', 'test-password', 'alice123', 'p4ssw0rd!'):
        c.neg('tests/test_login.py', f'    client.post("/token", data={{"username": "alice", "password": "{word}"}})',
              'test_password', 'test-fixture password: trivial, placeholder or the user name')
    for _ in range(scale * 4):
        c.neg('tests/test_users.py', f'    user = User(name="bob", password="{c.trivial_password()}")',
              'test_password', 'trivial password in a test')
        c.pos('tests/test_users.py', f'    user = User(name="bob", password="{c.word_password()}")',
              'keyword_password', 'word password in a test: still a password')
    for ph in PLACEHOLDERS:
        c.add('deploy/example.yaml', f'database_{len(c.labels)}:')
        c.neg('deploy/example.yaml', f'  password: "{ph}"', 'placeholder', 'placeholder password')


def not_secrets(c: Corpus, scale: int) -> None:
    c.add('.pre-commit-config.yaml', 'repos:')
    for repo in ('pre-commit/pre-commit-hooks', 'psf/black', 'PyCQA/flake8', 'Yelp/detect-secrets'):
        c.add('.pre-commit-config.yaml', f'  - repo: https://github.com/{repo}')
        c.neg('.pre-commit-config.yaml', f'    rev: {c.hex(40)}', 'revision_id', 'pre-commit rev SHA')
        c.add('.pre-commit-config.yaml', '    hooks:\n      - id: check-yaml')
    for i in range(scale * 3):
        path = f'migrations/versions/{c.hex(12)}_step_{i}.py'
        rev, down = c.hex(12), c.hex(12)
        c.add(path, '"""step\n')
        c.neg(path, f'Revision ID: {rev}', 'revision_id', 'Alembic docstring id')
        c.neg(path, f'Revises: {down}', 'revision_id', 'Alembic docstring parent')
        c.add(path, 'Create Date: 2024-05-01 10:00:00\n"""\nfrom alembic import op\n')
        c.neg(path, f'revision = "{rev}"', 'revision_id', 'Alembic revision')
        c.neg(path, f'down_revision: Union[str, None] = "{down}"', 'revision_id', 'Alembic down_revision')
    for _ in range(scale * 4):
        c.add('requirements.txt', f'package{len(c.labels)}==1.2.3 \\')
        c.neg('requirements.txt', f'    --hash=sha256:{c.hex(64)}', 'digest', '--hash= digest')
        c.neg('app/assets.py', f'EXPECTED_SHA256 = "sha256:{c.hex(64)}"', 'digest', 'labelled digest')
        c.neg('web/index.html', f'<script src="app.js" integrity="sha384-{c.b64(48)}"></script>',
              'digest', 'subresource integrity')
    c.add('poetry.lock', '[[package]]\nname = "demo"\nversion = "1.0"\nfiles = [')
    c.add('package-lock.json', '{\n  "packages": {')
    for _ in range(scale * 4):
        c.neg('poetry.lock', f'    {{file = "demo-1.0.tar.gz", hash = "{c.hex(64)}"}},', 'lock_file', 'poetry.lock digest')
        c.neg('package-lock.json', f'      "integrity": "{c.b64(64)}",', 'lock_file', 'package-lock digest')
    c.add('poetry.lock', ']')
    c.add('package-lock.json', '  }\n}')
    for _ in range(scale * 4):
        c.neg('app/fixtures.json', f'{{"id": "{c.uuid()}", "tenant": "{c.uuid()}"}}', 'uuid', 'UUIDs in JSON')
        c.neg('app/ids.py', f'DEFAULT_TENANT_ID = "{c.uuid().upper()}"', 'uuid', 'upper-case UUID')
        c.neg('web/logo.html', f'<img src="data:image/png;base64,{c.b64(300)}" alt="logo">',
              'base64_image', 'inline PNG')
        c.neg('web/app.min.js', f'var n={{179:"{c.hex(8)}",231:"{c.hex(8)}"}};//# sourceMappingURL=data:application/json;'
              f'charset=utf-8;base64,{c.b64(120)}', 'minified_js', 'chunk hashes and inline source map')
        c.neg('app/colors.py', f'BRAND = "{c.hex(6)}"; COMMIT = "{c.hex(12)}"', 'hash', 'short hex ids')


GENERATORS: tuple[Callable[[Corpus, int], None], ...] = (
    db_urls, jwts, signing_keys, b2b_keys, private_keys, cloud_keys, keyword_passwords, not_secrets,
)


def generate(out: str = DEFAULT_OUT, seed: int = 0, scale: int = 2) -> list[Label]:
    """Write the corpus into `out` (replacing it) and return its labels."""
    corpus = Corpus(out, seed)
    for gen in GENERATORS:
        gen(corpus, scale)
    return corpus.write()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('out', nargs='?', default=DEFAULT_OUT)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--scale', type=int, default=2, help='copies of each planted item (default 2)')
    args = parser.parse_args(argv)
    labels = generate(args.out, args.seed, args.scale)
    print(f'{len(labels)} labelled items in {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

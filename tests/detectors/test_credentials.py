"""hooks.detectors.credentials, and the labelling policy through the whole scan: every credential
slot format on both sides (a real value is found; a placeholder, a reference, a trivial value
without a real host, or no credential at all is not).  Values are generated at test time."""
from __future__ import annotations

import base64
import random
import re
import string

import pytest

from hooks.config import Config
from hooks.detectors.credentials import CredentialApiDetector
from hooks.detectors.credentials import CredentialFileDetector
from hooks.detectors.credentials import HttpCredentialDetector
from hooks.detectors.credentials import SecretAssignmentDetector
from hooks.detectors.credentials import VendorTokenDetector
from hooks.scan import scanner as scan
from tests.seeded import SeededRandom

ALNUM = string.ascii_letters + string.digits


def pw(rng: random.Random, n: int = 18) -> str:
    """A generated password: letters and digits, then punctuation a person adds."""
    return rng.choice(string.ascii_letters) + ''.join(rng.choice(ALNUM) for _ in range(n - 2)) + rng.choice('!#%+')


def token(rng: random.Random, n: int = 40) -> str:
    return ''.join(rng.choice(ALNUM) for _ in range(n))


# Values the tables below need when the module is imported (each test draws its own: `rng`).
TABLE = SeededRandom('test_credentials:tables')


def basic(user: str, password: str) -> str:
    return base64.b64encode(f'{user}:{password}'.encode()).decode()


def findings(filename: str, text: str) -> list[tuple[int, str, str]]:
    with scan.Scanner(Config()) as scanner:
        return sorted((f.line_number, f.type, f.secret) for f in scanner.scan_text(filename, text))


# (case id, file name, text with `{}` where the value goes, the value reported)
SECRET_CASES = [
    ('curl -u', 'docs/api.md', 'curl -s -u deploy:{} https://api.partner-corp.io/v2/items', pw),
    ('curl --user quoted', 'scripts/call.sh', "curl --user 'ops:{}' https://status.internal.acme.io", pw),
    ('Authorization Basic', 'docs/api.md', 'curl -H "Authorization: Basic {}" https://api.acme.io',
     lambda r: basic('svc', pw(r))),
    ('Authorization Bearer', 'scripts/call.sh', "curl -H 'Authorization: Bearer {}' https://api.acme.io", token),
    ('Authorization Token', 'docs/http.txt', 'Authorization: Token {}', token),
    ('X-Api-Key header', 'docs/http.txt', 'X-Acme-Api-Key: {}', token),
    ('apikey header', 'docs/http.txt', '-H "apikey: {}"', token),
    ('netrc', '.netrc', 'machine ci.acme.io login builder password {}', pw),
    ('pgpass', '.pgpass', 'pg-prod-1.acme.io:5432:orders:app:{}', pw),
    ('npmrc _auth', '.npmrc', '//npm.acme.io/:_auth={}', lambda r: basic('ci', pw(r))),
    ('docker config auths', 'config.json', '{{"auths": {{"registry.acme.io": {{"auth": "{}"}}}}}}',
     lambda r: basic('ci', pw(r))),
    ('redis requirepass', 'docker-compose.yml', '    command: redis-server --requirepass {}', pw),
    ('Azure SharedAccessKey', 'appsettings.json',
     '"Endpoint=sb://bus-7.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={}"',
     lambda r: base64.b64encode(r.randbytes(32)).decode()),
    ('Azure App Configuration Secret', 'appsettings.json',
     '"Endpoint=https://cfg-7.azconfig.io;Id=ab12-c3-s0:{};Secret={}"'.replace('{};S', 'x1y2z3;S'),
     lambda r: base64.b64encode(r.randbytes(32)).decode()),
    ('StackExchange.Redis', 'appsettings.json', '"Redis": "cache-7.redis.cache.windows.net:6380,password={},ssl=True"', pw),
    ('ADO spaces around =', 'app/Db.cs',
     'conn.Open("Provider=SQLOLEDB.1;User ID=billing; Password = {};Data Source=sqlprod07;")', pw),
    ('XML add key', 'web.config', '<add key="SmtpPassword" value="{}" />', pw),
    ('PHP assignment', 'config.php', '$password = "{}";', pw),
    ('PHP escaped quotes', 'dump.txt', '\\t$db_pass = \\"{}\\";', pw),
    ('Perl fat comma', 'lib/Conf.pm', "    'password' => '{}',", pw),
    ('Go :=', 'main.go', 'apiToken := "{}"', token),
    ('C# typed', 'Program.cs', 'private const string AdminPassword = "{}";', pw),
    ('Java typed', 'App.java', 'String clientSecret = "{}";', token),
    ('unquoted INI value', 'deploy/app.ini', 'password = {}', pw),
    ('value starting with punctuation', 'deploy/app.yaml', "password: '{}'", lambda r: '`' + pw(r)),
    ('nested JWT secret', 'config/app.yaml', 'JWT:\n  secret: "{}"\n', pw),
    ('access_token slot', 'app/client.py', 'ACCESS_TOKEN = "{}"', token),
    ('anon_key slot', '.env.prod', 'SUPABASE_ANON_KEY={}', token),
    ('client_secret slot', 'app/oauth.py', 'client_secret = "{}"', token),
    ('*_private_key slot', '.env.prod', 'ATLAS_PRIVATE_KEY={}', token),
    ('env lookup default', 'app/settings.py', "SECRET = os.environ.get('DJANGO_SECRET_KEY', '{}')", pw),
    ('psycopg2.connect keyword', 'app/db.py', 'conn = psycopg2.connect(host="db7.acme.io", password="{}")', pw),
    ('redis.Redis keyword', 'app/cache.py', 'r = redis.Redis(host="cache.acme.io", password="{}")', pw),
    ('URL.create keyword', 'app/db.py', 'url = URL.create("postgresql", username="app", password="{}", host="pg.acme.io")', pw),
    ('requests auth tuple', 'app/client.py', 'requests.get(url, auth=("svc", "{}"))', pw),
    ('HTTPBasicAuth', 'app/client.py', 'session.auth = HTTPBasicAuth("svc", "{}")', pw),
    ('smtplib login', 'app/mail.py', 'server.login("alerts@acme.io", "{}")', pw),
    ('NetworkCredential', 'Mailer.cs', 'client.Credentials = new NetworkCredential("alerts", "{}");', pw),
    ('prose', 'docs/setup.txt', "The default password is '{}'", pw),
    ('table', 'docs/hosts.txt', 'LDAP password      ----   {}', pw),
    ('word password at no host', 'app/settings.py', 'SMTP_PASSWORD = "{}"',
     lambda r: r.choice(['orange', 'castle', 'falcon']) + r.choice(['river', 'garden', 'rocket'])),
    ('dotted word password in netrc', '.netrc', 'machine ci.acme.io login ci password {}',
     lambda r: r.choice(['harbor', 'velvet']) + '.' + r.choice(['lantern', 'quartz']) + str(r.randint(1, 99))),
    ('dotted word password quoted in code', 'app/mail.py', 'SMTP_PASSWORD = "{}"',
     lambda r: r.choice(['harbor', 'velvet']) + '.' + r.choice(['lantern', 'quartz'])),
    ('query slot after ?', 'docs/webhooks.md', 'POST https://hooks.acme.io/v2/notify?access_token={} to send', token),
    ('query slot after &', 'docs/webhooks.md', 'POST https://hooks.acme.io/v2/notify?channel=ops&x_api_token={} to send', token),
    ('trivial password at a private IP', 'deploy/app.env', 'DB_URL=postgresql://admin:{}@10.2.3.4:5432/prod',
     lambda r: r.choice(['letmein', 'admin', 'P4ssw0rd!', 'root123'])),
    ('trivial password at a real host', 'deploy/app.env', 'MONGO=mongodb+srv://root:{}@cluster0.x7k2p.mongodb.net/db',
     lambda r: r.choice(['root', 'hunter2', 'test1234'])),
]


@pytest.mark.parametrize('name, filename, template, make', SECRET_CASES, ids=[c[0] for c in SECRET_CASES])
def test_credential_slots_are_found(name, filename, template, make, rng):
    value = make(rng)
    text = template.format(value) if template.count('{}') == 1 else template.format(value, value)
    found = findings(filename, text + ('' if text.endswith('\n') else '\n'))
    assert found, text
    assert len({line for line, _, _ in found}) == len(found), f'one finding per secret: {found}'


NOT_FOUND_CASES = [
    ('curl -u placeholder', 'docs/api.md', 'curl -u <user:password> https://api.acme.io'),
    ('curl -u variable', 'docs/api.md', 'curl -u "$USER:$PASSWORD" https://api.acme.io'),
    ('Bearer placeholder', 'docs/api.md', 'curl -H "Authorization: Bearer YOUR_TOKEN" https://api.acme.io'),
    ('Bearer variable', 'docs/api.md', 'curl -H "Authorization: Bearer ${TOKEN}" https://api.acme.io'),
    ('RFC 7617 example', 'docs/http.txt', f'Authorization: Basic {basic("Aladdin", "open sesame")}'),
    ('netrc placeholder', '.netrc', 'machine example.com login user password <password>'),
    ('requirepass variable', 'docker-compose.yml', '    command: redis-server --requirepass ${REDIS_PASSWORD}'),
    ('XML placeholder', 'web.config', '<add key="SmtpPassword" value="your-password-here" />'),
    ('XML public key', 'web.config', f'<add key="PublicKey" value="{token(TABLE)}" />'),
    ('code reference', 'settings.txt', 'password = settings.PASSWORD'),
    ('env reference', 'settings.txt', 'token: env.API_TOKEN'),
    ('attribute length', 'settings.txt', 'max = x.secret_length'),
    ('function call', 'settings.txt', 'secret = load_signing_secret()'),
    ('concatenation', 'App.java', 'String basic = "svc:" + appKey + ":" + appSecret;'),
    ('getter in a string', 'Report.java', 'out.add("AdminPassword: " + getAdminPassword() + ";");'),
    ('public name', 'app/settings.py', f'PUBLIC_KEY = "{token(TABLE)}"'),
    ('a hash of a password', 'tests/users.py', f'    "hashed_password": "{token(TABLE, 24)}",'),
    ('publicToken', 'app/client.js', f'const publicToken = "{token(TABLE)}";'),
    ('git SHA in SRCREV', 'recipe.bb', f'SRCREV_engine = "{TABLE.randbytes(20).hex()}"'),
    ('git SHA in *_version', 'deps.bzl', f'proto_version = "{TABLE.randbytes(20).hex()}"'),
    ('CSRF token', 'page.html', f'csrf-token={base64.b64encode(TABLE.randbytes(48)).decode()}'),
    ('ARN', 'infra.yaml', 'role: arn:aws:iam::123456789012:role/deploy-' + token(TABLE, 12)),
    ('test key', 'tests/conftest.py', 'SECRET_KEY = "test-secret-key"'),
    ('test JWT key', 'tests/conftest.py', 'JWT_SECRET = "insecure-jwt-key-for-tests"'),
    ('your-secret-key', 'README.md', 'SECRET_KEY=your-secret-key'),
    ('trivial password without a host', 'tests/test_login.py', 'login(username="alice", password="P@ssw0rd123")'),
    ('the user name as password', 'tests/test_login.py', 'user = "deploy"\npassword = "deploy2024"\n'),
    ('trivial password at localhost', 'docs/db.md', 'postgresql://admin:secret@localhost:5432/app'),
    ('trivial password at an example host', 'docs/db.md', 'mysql://app:password123@db.example.com/app'),
    ('hex-speak', 'docs/db.md', 'https://cafeb4b3:d3adb33f@enterprise.vendor.io/'),
    ('alphabet run', 'docs/keys.md', 'secret_access_key = "abcdefg12345+HIJKL"'),
    ('PEM without key material', 'docs/keys.md', '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n'),
    ('PEM with a starred body', 'docs/keys.md', '-----BEGIN RSA PRIVATE KEY-----\n****\n-----END RSA PRIVATE KEY-----\n'),
]


@pytest.mark.parametrize('name, filename, text', NOT_FOUND_CASES, ids=[c[0] for c in NOT_FOUND_CASES])
def test_samples_and_non_credentials_are_not_found(name, filename, text):
    assert findings(filename, text + ('' if text.endswith('\n') else '\n')) == []


def test_vendor_tokens(rng):
    pat = token(rng, 76) + 'AZDO' + token(rng, 4)
    assert list(VendorTokenDetector().find(pat)) == [pat]
    assert list(VendorTokenDetector().find(pat[:-1])) == []  # a truncated token is no format match
    secret = 'mdb_sa_sk_' + token(rng, 40)
    assert list(VendorTokenDetector().find(f'KEY={secret}')) == [secret]


@pytest.mark.parametrize('plugin, line, expected', [
    (HttpCredentialDetector(), 'curl -u api:{}', 1),
    (HttpCredentialDetector(), 'curl -u api https://x', 0),            # no password given
    (CredentialFileDetector(), 'machine h login u password {}', 1),
    (CredentialFileDetector(), 'a:b:c', 0),
    (CredentialApiDetector(), 'auth=("u", "{}")', 1),
    (CredentialApiDetector(), 'auth=(user, password)', 0),              # variables, not literals
    (SecretAssignmentDetector(), 'password = "{}"', 1),
    (SecretAssignmentDetector(), 'password_length = "{}"', 0),         # describes, does not hold
])
def test_plugins_directly(plugin, line, expected, rng):
    assert len(list(plugin.find(line.replace('{}', pw(rng)), 'x.txt'))) == expected


def test_eager_pass_does_not_turn_expressions_into_literals():
    """detect-secrets' eager transformer re-reads `password = x` as `password = "x"`."""
    assert findings('settings.cfg', 'password = request.form.get("password")\n') == []


@pytest.mark.parametrize('name, filename, template, make', SECRET_CASES, ids=[c[0] for c in SECRET_CASES])
def test_new_types_never_print_the_secret(name, filename, template, make, tmp_path, capsys, monkeypatch, rng):
    """Every output path redacts: the terminal report of each new finding type."""
    from hooks import cli

    value = make(rng)
    text = template.format(value) if template.count('{}') == 1 else template.format(value, value)
    path = tmp_path / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + '\n', encoding='utf-8')
    monkeypatch.chdir(tmp_path)  # relative paths: the output holds no word of this machine's
    code = cli.main(['scan', '--no-baseline', filename])
    out = capsys.readouterr()
    assert code == 1
    shown = (out.out + out.err).replace(filename, '')
    assert value not in shown
    decoded_parts = [p for p in value.split(':') if len(p) >= 6]
    assert not any(p in shown for p in decoded_parts)


@pytest.mark.parametrize('unit', ['Server=x;Pwd={};', 'x=1;password={};', '\\nPWD={};'])
def test_unquoted_values_of_one_line_are_read_in_linear_time(unit):
    # Each unquoted value's statement prefix is read in place: a copy of the text before every
    # value was quadratic in a line (a plugin window) dense with values.
    from tests.timing import assert_linear

    rng = random.Random(unit)
    values = [''.join(rng.choice(string.ascii_letters) for _ in range(14)) for _ in range(40_000)]
    lines = {n: ''.join(unit.format(v) for v in values[:n]) for n in (2_500, 10_000)}
    detector = SecretAssignmentDetector()
    assert list(detector.find(lines[2_500], 'a.ini'))  # the values are read, not skipped
    assert_linear(lambda n: list(detector.find(lines[n], 'a.ini')), 2_500, unit)


def test_ends_line_is_the_line_end_regex(rng):
    """credentials._ends_line (its head where no newline follows) is the whole regex."""
    from hooks.detectors import credentials

    pieces = [' ', '\t', '\n', ';', ',', '#', '//', 'x', 'a' * 300, 'pwd=a', 'z' * 1500]
    for _ in range(600):
        line = ''.join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
        for at in range(len(line) + 1):
            assert credentials._ends_line(line, at) == bool(credentials._LINE_END_RE.match(line, at)), (line, at)


@pytest.mark.parametrize('rest', [0, 999, 1_000, 1_001, 5_000, 100_000])
def test_a_comment_or_the_next_statement_ends_the_line_however_long(rest):
    """`password=x; ...` is a settings statement wherever it is on the line: a bounded comment
    found the statements of a long line in its last kilobyte only."""
    from hooks.detectors import credentials

    for tail in ('; ' + 'y' * rest, ' # ' + 'y' * rest, ' // ' + 'y' * rest):
        line = 'password=x' + tail
        assert credentials._ends_line(line, len('password=x')), tail[:4]
        assert credentials._ends_line(line + '\n', len('password=x')), tail[:4]
    assert not credentials._ends_line('password=x and ' + 'y' * rest, len('password=x'))
    assert not credentials._ends_line('password=x;\n' + 'y' * (rest + 1) + '\n', len('password=x'))


# A command's credential option after a quote (a workflow's `run:` step, `bash -c '...'`), `$(`,
# a backtick or `;` with no space; a Dockerfile instruction of any length.
COMMAND_CASES = [
    ('workflow run step', '.github/workflows/ci.yml',
     'jobs:\n  b:\n    steps:\n      - run: docker login -u ci-bot -p {} registry.shop.io\n'),
    ('quoted sshpass', 'run.sh', 'run: "sshpass -p \'{}\' scp a b:"'),
    ('mysql in $()', 'run.sh', 'X=$(mysql -h 10.4.0.9 -u app -p{} sales)'),
    ('after ; without a space', 'run.sh', 'cd /srv;sshpass -p {} scp a b:'),
    ('redis-cli in bash -c', 'run.sh', "bash -c 'redis-cli -a {} ping'"),
    ('env prefix in backticks', 'run.sh', 'echo `PGPASSWORD={} psql -h db7 -U app`'),
    ('Dockerfile ENV after a 4 KB value', 'Dockerfile', 'ENV TLS_KEY=' + 'b' * 4100 + ' DB_PASSWORD={}'),
    ('Dockerfile ENV before a 5 KB value', 'Dockerfile', 'ENV DB_PASSWORD={} X=' + 'a' * 5000),
]


@pytest.mark.parametrize('name, filename, template', COMMAND_CASES, ids=[c[0] for c in COMMAND_CASES])
def test_command_credentials_wherever_the_command_starts(name, filename, template, rng):
    value = token(rng, 17)
    text = template.format(value)
    assert value in {secret for _, _, secret in findings(filename, text + ('' if text.endswith('\n') else '\n'))}


@pytest.mark.parametrize('text', ['url?x_token=v', 'url&db_password=v', 'url?sig=abc', 'a=1&sig=abc'])
def test_the_slot_trigger_reads_a_query_slot_after_either_separator(text):
    from hooks.detectors.credentials import CredentialSlotDetector

    assert CredentialSlotDetector.TRIGGER.regex is not None
    found = re.search(CredentialSlotDetector.TRIGGER.regex, text)
    assert found is not None and found.start() == text.index('?' if '?' in text else '&')


def test_whitespace_is_every_character_a_regex_reads_as_whitespace():
    from hooks.detectors.credentials import WHITESPACE

    assert WHITESPACE == tuple(c for c in map(chr, range(0x110000)) if re.match(r'\s', c))

"""hooks.report: `redact` for every finding type, and text / JSON / SARIF output."""
from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any
from typing import Callable

import jwt
import pytest

from hooks import report
from hooks.config import Config
from hooks.scan.scanner import Finding
from hooks.scan.scanner import scan_files
from tests.conftest import run_cli
from tests.conftest import write

ALNUM = string.ascii_letters + string.digits


def rnd(rng, n: int, alphabet: str = ALNUM) -> str:
    return ''.join(rng.choice(alphabet) for _ in range(n))


def leaks(shown: str, secret: str, size: int = 8) -> list[str]:
    """Pieces of `secret` (`size`+ characters) that appear in `shown`."""
    return [secret[i:i + size] for i in range(len(secret) - size + 1) if secret[i:i + size] in shown]


def secret_part(secret: str) -> str:
    """The secret less its public prefix (`b2b_live_`, `ghp_`, ...), which may be shown."""
    from hooks.keys import looks_like_key

    if looks_like_key(secret):
        return secret.split('_', 2)[2]
    for prefix in report.PUBLIC_PREFIXES:
        if secret.startswith(prefix):
            return secret[len(prefix):]
    return secret


def assert_no_leak(out: str, secret: str) -> None:
    assert secret not in out
    assert leaks(out, secret_part(secret)) == [], 'a piece of the secret is shown'


# (secret type, make secret, line holding it, expected redaction)
def _cases() -> list[tuple[str, Callable[[Any], str], str, str]]:
    return [
        ('JSON Web Token (JWS/JWE)',
         lambda rng: jwt.encode({'sub': 'u1'}, rng.token_hex(32), algorithm='HS256'),
         'token = "{s}"', 'eyJ**** (alg HS256)'),
        ('JSON Web Token (JWS/JWE)',
         lambda rng: jwt.encode({'sub': 'u1'}, rng.token_hex(32), algorithm='HS512'),
         'Bearer {s}', 'eyJ**** (alg HS512)'),
        ('JWT/HMAC Signing Key', lambda rng: rng.token_urlsafe(32), 'JWT_SECRET_KEY = "{s}"', '****'),
        ('Database URL Credentials', lambda rng: rng.token_urlsafe(16),
         'postgresql+asyncpg://app:{s}@db:5432/app', 'postgresql+asyncpg://app:****@db:5432'),
        ('Database URL Credentials', lambda rng: rng.token_urlsafe(16),
         'redis://:{s}@cache:6379/0', 'redis://:****@cache:6379'),
        ('Database URL Credentials', lambda rng: rng.token_urlsafe(16),
         'mongodb+srv://app:{s}@cluster0.example.net/app', 'mongodb+srv://app:****@cluster0.example.net'),
        ('Database URL Credentials', lambda rng: rng.token_urlsafe(16),
         'jdbc:postgresql://db/app?user=app&password={s}', 'password=****'),
        ('Database URL Credentials', lambda rng: rng.token_urlsafe(16),
         'Server=db;User Id=sa;Password={s};', 'password=****'),
        ('Database URL Credentials', lambda rng: rng.token_urlsafe(16),
         'jdbc:oracle:thin:app/{s}@db:1521:orcl', 'jdbc:oracle:thin:app/****@'),
        ('B2B API Key', lambda rng: rng.generate_key(), 'KEY = "{s}"', 'b2b_live_****'),
        ('B2B API Key', lambda rng: rng.generate_key('acme', 'test'), 'KEY = "{s}"', 'acme_test_****'),
        # detect-secrets' own plugins
        ('AWS Access Key', lambda rng: 'AKIA' + rnd(rng, 16, string.ascii_uppercase + string.digits),
         'aws_access_key_id = "{s}"', 'AKIA****'),
        ('GitHub Token', lambda rng: 'ghp_' + rnd(rng, 36), 'token: {s}', 'ghp_****'),
        ('Slack Token', lambda rng: 'xoxb-' + rnd(rng, 10, string.digits) + '-' + rnd(rng, 24), '{s}', 'xoxb-****'),
        ('Stripe Access Key', lambda rng: 'sk_live_' + rnd(rng, 24), '{s}', 'sk_live_****'),
        ('Private Key', lambda rng: rnd(rng, 64), '-----BEGIN RSA PRIVATE KEY-----{s}', '****'),  # pragma: allowlist secret
        ('Secret Keyword', lambda rng: rnd(rng, 20), 'password = "{s}"', '****'),
        ('Hex High Entropy String', lambda rng: rng.token_hex(20), 'x = "{s}"', '****'),
        ('Base64 High Entropy String', lambda rng: rnd(rng, 40), 'x = "{s}"', '****'),
        ('Basic Auth Credentials', lambda rng: rnd(rng, 16),
         'git clone https://deploy:{s}@git.example.com/repo.git', 'https://deploy:****@git.example.com'),
    ]


@pytest.mark.parametrize('secret_type, make, template, expected', _cases())
def test_redact(secret_type, make, template, expected, rng):
    secret = make(rng)
    line = template.format(s=secret)
    shown = report.redact(secret_type, secret, line)
    assert shown == expected
    assert_no_leak(shown, secret)
    assert_no_leak(report.redact(secret_type, secret), secret)  # without the line, too


def test_redact_percent_encoded_password(rng):
    password = rng.token_urlsafe(12) + '@/:'
    line = 'postgresql://app:%s@db/app' % ''.join('%%%02X' % b for b in password.encode())
    shown = report.redact('Database URL Credentials', password, line)
    assert shown == 'postgresql://app:****@db'


def test_redact_masks_a_user_that_is_the_password(rng):
    password = rng.token_urlsafe(12)
    shown = report.redact('Database URL Credentials', password, f'mysql://{password}:{password}@db/app')
    assert shown == 'mysql://****:****@db'


def test_redact_unencoded_at_in_password_does_not_leak_into_host(rng):
    password = rng.token_urlsafe(8) + '@' + rng.token_urlsafe(8)
    line = f'postgresql://app:{password}@db/app'
    shown = report.redact('Database URL Credentials', password, line)
    assert shown == 'postgresql://app:****@db'


@pytest.mark.parametrize('secret', ['ghp_short', 'AKIA1234', 'sk-12345678'])
def test_short_values_keep_no_prefix(secret):
    # Too short for the prefix to be only the public part.
    assert report.redact('Secret Keyword', secret) == '****'


@pytest.mark.parametrize('secret_type, rule', [
    ('JSON Web Token (JWS/JWE)', 'secret-hooks/json-web-token-jws-jwe'),
    ('JWT/HMAC Signing Key', 'secret-hooks/jwt-hmac-signing-key'),
    ('Database URL Credentials', 'secret-hooks/database-url-credentials'),
    ('B2B API Key', 'secret-hooks/b2b-api-key'),
    ('AWS Access Key', 'secret-hooks/aws-access-key'),
])
def test_rule_ids_are_stable(secret_type, rule):
    assert report.rule_id(secret_type) == rule


# ---------------------------------------------------------------------------------------------
# Whole outputs, with planted secrets of every type
# ---------------------------------------------------------------------------------------------

def plant(rng, root: Path) -> dict[str, str]:
    values = {
        'pg': rng.token_urlsafe(18),
        'redis': rng.token_urlsafe(18),
        'b2b': rng.generate_key(),
        'jwt': jwt.encode({'sub': 'u1'}, rng.token_hex(32), algorithm='HS256'),
        'jwt_key': rng.token_urlsafe(32),
        'aws': 'AKIA' + rnd(rng, 16, string.ascii_uppercase + string.digits),
        'keyword': rnd(rng, 22),
        'basic': rnd(rng, 16),
    }
    write(root, 'app/db.py', f'engine = create_engine("postgresql://app:{values["pg"]}@db:5432/app")\n')
    write(root, 'deploy/cache.yaml', f'cache:\n  url: redis://:{values["redis"]}@cache:6379/0\n')
    write(root, 'app/partners.py', f'KEY = "{values["b2b"]}"\n')
    write(root, 'fixtures/session.json', '{\n  "token": "%s"\n}\n' % values['jwt'])
    write(root, 'app/settings.py', f'JWT_SECRET_KEY = "{values["jwt_key"]}"\n')  # pragma: allowlist secret
    write(root, 'app/aws.py', f'aws_access_key_id = "{values["aws"]}"\n')
    write(root, 'app/login.py', f'password = "{values["keyword"]}"\n')
    write(root, 'scripts/clone.sh', f'git clone https://deploy:{values["basic"]}@git.example.com/r.git\n')
    return values


FILES = [
    'app/aws.py', 'app/db.py', 'app/login.py', 'app/partners.py', 'app/settings.py',
    'deploy/cache.yaml', 'fixtures/session.json', 'scripts/clone.sh',
]


@pytest.fixture
def planted(tmp_path, monkeypatch, rng):
    monkeypatch.chdir(tmp_path)
    values = plant(rng, tmp_path)
    result = scan_files(FILES, Config())
    assert {f.filename for f in result.findings} == set(FILES), [(f.filename, f.type) for f in result.findings]
    return values, result.findings


def test_text_output(planted):
    values, findings = planted
    lines = report.format_text(findings) + report.summary(findings, 'baseline.secrets')
    out = '\n'.join(lines)
    for value in values.values():
        assert_no_leak(out, value)
    assert 'app/db.py:1: Database URL Credentials: postgresql://app:****@db:5432 [' in out
    assert 'app/partners.py:1: B2B API Key: b2b_live_**** [' in out
    assert 'fixtures/session.json:2: JSON Web Token (JWS/JWE): eyJ**** (alg HS256) [' in out
    assert 'scripts/clone.sh:1: Basic Auth Credentials: https://deploy:****@git.example.com [' in out
    # sorted by path and line; the summary names the fix
    listed = [line.split(':', 1)[0] for line in lines[:len(findings)]]
    assert listed == sorted(listed)
    assert lines[-1].startswith('  secret-hooks baseline allow ')
    assert f'{len(findings)} secrets in {len(FILES)} files' in lines[-4]


def test_json_output(planted):
    values, findings = planted
    out = report.format_json(findings, ['gone.txt: cannot read: No such file or directory'])
    for value in values.values():
        assert_no_leak(out, value)
    data = json.loads(out)
    assert [f['path'] for f in data['findings']] == [f.filename for f in findings]
    for entry, finding in zip(data['findings'], findings):
        assert set(entry) == {'path', 'line', 'type', 'redacted', 'fingerprint'}
        assert entry['fingerprint'] == finding.fingerprint
    assert data['errors'] == ['gone.txt: cannot read: No such file or directory']


def test_sarif_output(planted):
    values, findings = planted
    out = report.format_sarif(findings, '0.1.0')
    for value in values.values():
        assert_no_leak(out, value)
    assert '"snippet"' not in out
    sarif = json.loads(out)
    assert sarif['version'] == '2.1.0'
    assert 'sarif-2.1.0' in sarif['$schema']
    (run,) = sarif['runs']
    driver = run['tool']['driver']
    assert driver['name'] == 'secret-hooks' and driver['version'] == '0.1.0'
    rule_ids = [r['id'] for r in driver['rules']]
    assert len(rule_ids) == len(set(rule_ids)) == len({f.type for f in findings})
    assert len(run['results']) == len(findings)
    for result, finding in zip(run['results'], findings):
        assert result['ruleId'] in rule_ids
        assert result['ruleId'] == report.rule_id(finding.type)
        assert result['level'] == 'error'
        (location,) = result['locations']
        physical = location['physicalLocation']
        uri = physical['artifactLocation']['uri']
        assert uri == finding.filename and not uri.startswith('/') and '\\' not in uri
        assert physical['region']['startLine'] == finding.line_number >= 1
        assert result['partialFingerprints'] == {'secretFingerprint/v2': finding.fingerprint}
        assert finding.hashed_secret not in out


def test_sarif_with_no_findings_is_valid():
    sarif = json.loads(report.format_sarif([], '0.1.0'))
    assert sarif['runs'][0]['results'] == [] and sarif['runs'][0]['tool']['driver']['rules'] == []


@pytest.mark.parametrize('fmt', ['text', 'json', 'sarif'])
def test_cli_output_never_holds_a_secret(tmp_path, fmt, rng):
    values = plant(rng, tmp_path)
    result = run_cli('scan', '--no-baseline', '--format', fmt, *FILES, cwd=tmp_path)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    for value in values.values():
        assert_no_leak(out, value)
    if fmt != 'text':
        data = json.loads(result.stdout)
        if fmt == 'sarif':
            uris = {r['locations'][0]['physicalLocation']['artifactLocation']['uri']
                    for r in data['runs'][0]['results']}
        else:
            uris = {f['path'] for f in data['findings']}
        assert uris == set(FILES)


def test_cli_paths_are_relative_when_given_absolute(tmp_path, rng):
    plant(rng, tmp_path)
    result = run_cli('scan', '--no-baseline', '--format', 'sarif', str(tmp_path / 'app/partners.py'), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    (res,) = json.loads(result.stdout)['runs'][0]['results']
    assert res['locations'][0]['physicalLocation']['artifactLocation']['uri'] == 'app/partners.py'


def test_formatters_redact_a_raw_finding(rng):
    # Nothing in report formats a Finding's secret except through `redact`.
    secret = rng.token_urlsafe(20)
    f = Finding('a.py', 1, 'Secret Keyword', 'f' * 40, secret, f'password = "{secret}"')
    for out in (report.format_text([f]), report.format_json([f]), report.format_sarif([f], '0')):
        assert_no_leak(str(out), secret)


def _json_reference(findings: list[Finding], errors: list[str]) -> str:
    """format_json as it was written before: json.dumps with indent=2, sort_keys."""
    return json.dumps({
        'findings': [
            {'path': f.filename, 'line': f.line_number, 'type': f.type,
             'redacted': report.shown(f), 'fingerprint': f.fingerprint}
            for f in findings
        ],
        'errors': list(errors),
    }, indent=2, sort_keys=True)


def test_json_output_is_json_dumps_character_for_character(rng):
    from hooks.scan.scanner import Salt

    salt = Salt(rng.token_hex())
    alphabet = 'aZ09 "\\/\n\t\x00\x1f\x7fé€\U0001f600<>&:@'

    def text() -> str:
        return ''.join(rng.choice(alphabet) for _ in range(rng.randrange(0, 14)))

    token = jwt.encode({'n': 1}, rng.token_hex(), algorithm='HS256')  # redacted with its alg
    for _ in range(300):
        findings = [
            Finding(text(), rng.randrange(0, 10**7), rng.choice((text(), 'Database URL Credentials')),
                    rng.token_hex(20), rng.choice((text(), token)), text(), salt)
            for _ in range(rng.randrange(0, 5))
        ]
        errors = [text() for _ in range(rng.randrange(0, 3))]
        assert report.format_json(findings, errors) == _json_reference(findings, errors)
        assert report.format_json(findings, iter(errors)) == _json_reference(findings, errors)


def test_fingerprints_are_the_hmac_of_the_hash_whether_remembered_or_not(rng):
    import hashlib
    import hmac

    from hooks.scan.scanner import Salt

    key = rng.token_hex()
    salt = Salt(key)
    hashes = [rng.token_hex(20) for _ in range(50)]
    for h in hashes + hashes:  # the second round is answered from memory
        expected = hmac.new(bytes.fromhex(key), h.encode('ascii'), hashlib.sha256).hexdigest()[:12]
        assert salt.fingerprint(h) == expected


def test_a_salt_crosses_to_another_process_with_its_key_and_without_its_memory(cli_repo, rng):
    # A history scan's workers send findings back pickled: a copy of the repository's salt
    # that derived its key again would run git once per batch (and a repository with no
    # commit would get a new random key per copy).
    import pickle

    from tests.conftest import git

    write(cli_repo, 'a.txt', 'a\n')
    git(cli_repo, 'add', 'a.txt')
    git(cli_repo, 'commit', '-q', '-m', 'first')
    from hooks.scan.scanner import Salt

    salt = Salt(root=str(cli_repo))
    hashed = [rng.token_hex(20) for _ in range(3)]
    unused = pickle.loads(pickle.dumps(Salt(root=str(cli_repo))))
    expected = [salt.fingerprint(h) for h in hashed]
    copy = pickle.loads(pickle.dumps(salt))
    git(cli_repo, 'commit', '-q', '--amend', '-m', 'another first commit')  # another key from now on
    assert Salt(root=str(cli_repo)).fingerprint(hashed[0]) != expected[0]
    assert copy._fingerprints == {}
    assert [copy.fingerprint(h) for h in hashed] == expected
    assert [unused.fingerprint(h) for h in hashed] == expected

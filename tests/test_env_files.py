"""hooks.env_files and `secret-hooks check-env-files`: committed env files."""
from __future__ import annotations

import pytest

from hooks import env_files
from hooks import rules
from hooks.dotenv import is_env_file
from hooks.policy import DEFAULT_POLICY
from hooks.policy import Policy
from tests.conftest import run_cli
from tests.conftest import write

# `@V@` becomes a freshly generated value: this file holds no realistic secret.
V = '@V@'


def _check(rng, filename, text, policy=None, forbid_dotenv=False):
    value = rng.token_urlsafe(24)
    text = text.replace(V, value)
    found = env_files.check_env_text(
        filename, text, policy or DEFAULT_POLICY, forbid_dotenv=forbid_dotenv,
    )
    for f in found:
        assert value not in f.format()
    return [(f.line, f.setting) for f in found]


ENV_CASES = [
    # findings
    ('plain', 'API_CREDENTIALS_SECRET_KEY=@V@\n', [(1, 'API_CREDENTIALS_SECRET_KEY')]),
    ('export-double-quoted', '# jwt\nexport JWT_SECRET_KEY="@V@"\n', [(2, 'JWT_SECRET_KEY')]),
    ('single-quoted', "PROJECT_NAME=demo\nSMTP_PASSWORD='@V@'\n", [(2, 'SMTP_PASSWORD')]),
    ('spaces-around-equals', 'REDIS_PASSWORD = @V@\n', [(1, 'REDIS_PASSWORD')]),
    ('inline-comment', 'SECRET_KEY=@V@ # local dev\n', [(1, 'SECRET_KEY')]),
    ('crlf', 'PROJECT_NAME=demo\r\n\r\nSECRET_KEY=@V@\r\nAPI_TOKEN=\r\n', [(3, 'SECRET_KEY')]),
    ('db-url', 'DATABASE_URL=postgresql+asyncpg://app:@V@@db:5432/app\n', [(1, 'DATABASE_URL')]),
    ('any-key-db-url', 'SQLALCHEMY_URI=postgresql://app:@V@@db:5432/app\n', [(1, 'SQLALCHEMY_URI')]),
    ('any-key-redis-url', 'CACHE=redis://:@V@@cache:6379/0\n', [(1, 'CACHE')]),
    ('reference-with-literal-default', 'JWT_SECRET=${VAULT_JWT:-@V@}\n', [(1, 'JWT_SECRET')]),
    ('url-with-defaulted-password', 'DB=postgresql://app:${DB_PASSWORD:-@V@}@db/app\n', [(1, 'DB')]),
    ('several', 'A_TOKEN=@V@\nNAME=x\nB_SECRET=@V@\n', [(1, 'A_TOKEN'), (3, 'B_SECRET')]),
    ('last-of-duplicates-too', 'SECRET_KEY=changethis\nSECRET_KEY=@V@\n', [(2, 'SECRET_KEY')]),
    # not findings
    ('empty', 'SECRET_KEY=\nAPI_TOKEN=""\nDB_PASSWORD=\'\'\n', []),
    ('placeholders', 'SECRET_KEY=changethis\nAPI_TOKEN=changeme\nHMAC_KEY=<your-hmac-key>\nX_TOKEN=xxxxxxxx\n', []),
    ('references', 'SECRET_KEY=${OTHER}\nAPI_TOKEN=$OTHER\nDB_PASSWORD=${DB_PASSWORD:?set it}\n', []),
    ('comment-line', '# SECRET_KEY=@V@\n  # API_TOKEN=@V@\n', []),
    ('not-secret-named', 'PROJECT_NAME=demo\n' 'ACCESS_TOKEN_EXPIRE_MINUTES=30\n' 'DEBUG=true\n', []),
    ('templated-db-url', 'DATABASE_URL=postgresql://app:${POSTGRES_PASSWORD}@db:5432/app\n', []),
    ('sample-db-url', 'DATABASE_URL=postgresql://scott:tiger@localhost/test\n', []),
    ('url-without-password', 'DATABASE_URL=sqlite:///./app.db\nREDIS_URL=redis://cache:6379/0\n', []),
    ('reference-non-secret-default', 'DB=postgresql://app:${DB_PASSWORD}@${DB_HOST:-localhost}/app\n', []),
    ('pragma', 'SECRET_KEY=@V@ # pragma: allowlist secret\n', []),
    ('not-an-assignment', 'just some text\n=nothing\n', []),
]


@pytest.mark.parametrize('text, expected', [c[1:] for c in ENV_CASES], ids=[c[0] for c in ENV_CASES])
def test_env_file_values(text, expected, rng):
    assert _check(rng, '.env.example', text) == expected


def test_configured_names_and_placeholders(rng):
    policy = Policy(names=rules.SecretNames(['vault_?blob']), extra_placeholders=('local-only',))
    assert _check(rng, '.env.example', 'VAULT_BLOB=@V@\nSECRET_KEY=local-only\n', policy) == [(1, 'VAULT_BLOB')]
    assert _check(rng, '.env.example', 'VAULT_BLOB=@V@\nSECRET_KEY=local-only\n') == [(2, 'SECRET_KEY')]


@pytest.mark.parametrize('filename, forbidden', [
    ('.env', True),
    ('backend/.env', True),
    ('.env.production', True),
    ('prod.env', True),
    ('.env.example', False),
    ('.env.sample', False),
    ('deploy/.env.template', False),
    ('example.env', False),
])
def test_forbid_dotenv(filename, forbidden, rng):
    found = _check(rng, filename, 'PROJECT_NAME=demo\n', forbid_dotenv=True)
    assert found == ([(1, filename.rsplit('/', 1)[-1])] if forbidden else [])
    assert _check(rng, filename, 'PROJECT_NAME=demo\n', forbid_dotenv=False) == []


@pytest.mark.parametrize('path, extra, expected', [
    ('.env', (), True),
    ('a/b/.env.local', (), True),
    ('docker/app.env', (), True),
    ('environment.py', (), False),
    ('.envrc', (), False),
    ('deploy/app.conf', ('app.conf',), True),
    ('deploy/app.conf', (), False),
])
def test_is_env_file(path, extra, expected):
    assert is_env_file(path, extra) is expected


# ---------------------------------------------------------------------------------------------
# The command.
# ---------------------------------------------------------------------------------------------

def test_cli_reports_env_files_only_sorted_never_values(tmp_path, rng):
    v1, v2 = rng.token_urlsafe(24), rng.token_urlsafe(24)
    write(tmp_path, 'z/.env.example', f'PROJECT_NAME=demo\nAPI_CREDENTIALS_SECRET_KEY={v1}\n')
    write(tmp_path, 'a/prod.env', f'export JWT_SECRET_KEY="{v2}"\r\n')
    write(tmp_path, 'config.py', f'SECRET_KEY = "{v1}"\n')  # not an env file: not read here
    result = run_cli('check-env-files', 'z/.env.example', 'config.py', 'a/prod.env', cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == 'a/prod.env:1: JWT_SECRET_KEY: hard-coded value in an env file'
    assert lines[1] == 'z/.env.example:2: API_CREDENTIALS_SECRET_KEY: hard-coded value in an env file'
    assert lines[2] == ''
    assert lines[3] == '2 env-file problems in 2 files.'
    assert lines[4].startswith('Fix: ') and len(lines) == 5
    assert v1 not in result.stdout + result.stderr and v2 not in result.stdout + result.stderr


@pytest.mark.parametrize('config_file, config_text, args, expected_rc', [
    ('pyproject.toml', '', [], 0),
    ('pyproject.toml', '[tool.secret-hooks]\nforbid-dotenv = true\n', [], 1),
    ('setup.cfg', '[secret-hooks]\nforbid_dotenv = true\n', [], 1),
    ('pyproject.toml', '', ['--forbid-dotenv'], 1),
    ('pyproject.toml', '[tool.secret-hooks]\nforbid-dotenv = "maybe"\n', [], 2),
])
def test_cli_forbid_dotenv(tmp_path, config_file, config_text, args, expected_rc):
    write(tmp_path, config_file, config_text)
    write(tmp_path, '.env', 'PROJECT_NAME=demo\n')
    write(tmp_path, '.env.example', 'SECRET_KEY=changethis\n')
    result = run_cli('check-env-files', *args, '.env', '.env.example', cwd=tmp_path)
    assert result.returncode == expected_rc, result.stdout + result.stderr
    if expected_rc == 1:
        assert result.stdout.splitlines()[0] == '.env:1: .env: a real env file is committed (forbid-dotenv)'
    if expected_rc == 2:
        assert len(result.stderr.strip().splitlines()) == 1 and 'Traceback' not in result.stderr


def test_cli_configured_env_file_names_and_tracked_default(tmp_path, rng):
    from tests.conftest import git
    from tests.conftest import init_repo

    repo = init_repo(tmp_path / 'r')
    value = rng.token_urlsafe(24)
    write(repo, 'pyproject.toml', '[tool.secret-hooks]\nenv-files = ["app.conf"]\n')
    write(repo, 'deploy/app.conf', f'DB_PASSWORD={value}\n')
    write(repo, 'other.conf', f'DB_PASSWORD={value}\n')
    write(repo, '.env.example', 'DB_PASSWORD=\n')
    write(repo, 'untracked.env', f'DB_PASSWORD={value}\n')
    git(repo, 'add', 'pyproject.toml', 'deploy/app.conf', 'other.conf', '.env.example')
    result = run_cli('check-env-files', cwd=repo)
    assert result.returncode == 1, result.stderr
    assert [line for line in result.stdout.splitlines() if line.split(' ')[0].endswith(':1:')] == [
        'deploy/app.conf:1: DB_PASSWORD: hard-coded value in an env file',
    ]
    assert value not in result.stdout


@pytest.mark.parametrize('path', [
    '.env', 'a/.env', '.env.example', 'deploy/.env.production', 'prod.env', 'a/b/test.env',
    '.envrc', 'env.py', 'environment.yml', 'a.env/file', '.env/x', 'README.md',
])
def test_hook_files_pattern_selects_the_default_env_file_names(path):
    import re

    import yaml

    from tests.conftest import ROOT

    published = {h['id']: h for h in yaml.safe_load((ROOT / '.pre-commit-hooks.yaml').read_text())}
    local = {
        h['id']: h
        for repo in yaml.safe_load((ROOT / '.pre-commit-config.yaml').read_text())['repos']
        for h in repo['hooks']
    }
    for hook in (published['check-env-files'], local['check-env-files']):
        assert bool(re.search(hook['files'], path)) is is_env_file(path)

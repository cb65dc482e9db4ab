"""End to end: a fresh clone of a FastAPI project reaches a green `pre-commit run --all-files`
with the README's three steps (the config snippet, `pre-commit install`, the init hook) and
nothing else; and `secret-hooks init` is safe to re-run."""
from __future__ import annotations

import random
import string

from tests.conftest import PreCommitRepo
from tests.conftest import git
from tests.conftest import init_repo
from tests.conftest import write

HOOKS = ('scan-secrets', 'check-baseline', 'check-secret-fallbacks', 'check-env-files',
         'check-secret-rotation', 'check-secret-logging', 'secret-hooks-init', 'baseline-create',
         'baseline-update',
         'baseline-allow')


def fixture_password() -> str:
    rng = random.Random(14)
    return ''.join(rng.choice(string.ascii_letters + string.digits) for _ in range(20))


def fastapi_template(path, password: str) -> None:
    """The shape of full-stack-fastapi-template: settings, Compose, .env with placeholders, a
    test with a fixture password, a CI workflow with a `run: |` block."""
    files = {
        'backend/app/core/config.py': (
            'import secrets\n'
            'from pydantic import PostgresDsn, computed_field\n'
            'from pydantic_settings import BaseSettings\n\n\n'
            'class Settings(BaseSettings):\n'
            '    SECRET_KEY: str = secrets.token_urlsafe(32)\n'
            '    POSTGRES_SERVER: str\n'
            '    POSTGRES_USER: str\n'
            '    POSTGRES_PASSWORD: str\n'
            '    SENTRY_DSN: str | None = None\n'
            '    FIRST_SUPERUSER_PASSWORD: str\n\n'
            '    @computed_field\n'
            '    @property\n'
            '    def SQLALCHEMY_DATABASE_URI(self) -> PostgresDsn:\n'
            '        return PostgresDsn.build(scheme="postgresql+psycopg", username=self.POSTGRES_USER,\n'
            '                                 password=self.POSTGRES_PASSWORD, host=self.POSTGRES_SERVER)\n'  # pragma: allowlist secret  # noqa: E501
        ),
        'backend/app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
        'docker-compose.yml': (
            'services:\n'
            '  db:\n'
            '    image: postgres:17\n'
            '    environment:\n'
            '      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD?Variable not set}\n'
            '      - POSTGRES_USER=${POSTGRES_USER?Variable not set}\n'
            '  backend:\n'
            '    image: backend\n'
            '    environment:\n'
            '      - SECRET_KEY=${SECRET_KEY?Variable not set}\n'
            '      - FIRST_SUPERUSER_PASSWORD=${FIRST_SUPERUSER_PASSWORD?Variable not set}\n'
            '      - DATABASE_URL=postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db:5432/app\n'
            '      - SENTRY_DSN=${SENTRY_DSN}\n'
        ),
        '.env': (
            'DOMAIN=localhost\n'
            'SECRET_KEY=changethis\n'
            'FIRST_SUPERUSER=admin@example.com\n'
            'FIRST_SUPERUSER_PASSWORD=changethis\n'
            'POSTGRES_SERVER=localhost\n'
            'POSTGRES_USER=postgres\n'
            'POSTGRES_PASSWORD=changethis\n'
            'SENTRY_DSN=\n'
        ),
        'backend/tests/conftest.py': (
            'import pytest\n\n\n'
            '@pytest.fixture\n'
            'def superuser_credentials():\n'
            f'    return {{"username": "admin@example.com", "password": "{password}"}}\n'
        ),
        '.github/workflows/test.yml': (
            'name: Test\n'
            'on: [push]\n'
            'jobs:\n'
            '  test:\n'
            '    runs-on: ubuntu-latest\n'
            '    steps:\n'
            '      - uses: actions/checkout@v4\n'
            '      - run: |\n'
            '          docker compose up -d db\n'
            '          cd backend && pytest -q\n'
        ),
    }
    for rel, text in files.items():
        write(path, rel, text)


def test_fresh_clone_is_green_with_install_and_init(tmp_path, project_clone, pre_commit_home):
    password = fixture_password()
    upstream = init_repo(tmp_path / 'template')
    fastapi_template(upstream, password)
    git(upstream, 'add', '-A')
    git(upstream, 'commit', '-qm', 'template')
    git(tmp_path, 'clone', '-q', str(upstream), 'clone')
    repo = PreCommitRepo(tmp_path / 'clone', project_clone, pre_commit_home)

    # Step 1: the README's snippet (here with the test's repo and rev).
    repo.configure(HOOKS)
    # Step 2 and 3.
    installed = repo.run('install')
    assert installed.returncode == 0, installed.stdout + installed.stderr
    init = repo.run('run', 'secret-hooks-init', '--hook-stage', 'manual')
    out = init.stdout + init.stderr
    assert init.returncode == 0, out
    assert password not in out
    assert 'backend/tests/conftest.py:6: Secret Keyword: **** [' in out  # listed for review
    assert 'baseline.secrets: written, ' in out
    assert 'secrets-inventory.yaml: written, 3 entries to review' in out
    assert '.gitattributes: added `baseline.secrets merge=secret-hooks-baseline`' in out
    inventory = (repo.path / 'secrets-inventory.yaml').read_text()
    for name in ('SECRET_KEY', 'POSTGRES_PASSWORD', 'FIRST_SUPERUSER_PASSWORD'):
        assert f'env_var: {name}\n' in inventory
    for name in ('DATABASE_URL', 'SENTRY_DSN'):  # built from ${...}; public by design
        assert name not in inventory
    driver = repo.git('config', '--get', 'merge.secret-hooks-baseline.driver').stdout
    assert driver.strip().endswith('-m hooks.cli baseline merge %O %A %B')

    green = repo.run('run', '--all-files')
    assert green.returncode == 0, green.stdout + green.stderr

    # Safe to re-run: nothing written, nothing changed.
    before = {name: (repo.path / name).read_bytes()
              for name in ('baseline.secrets', 'secrets-inventory.yaml', '.gitattributes')}
    again = repo.run('run', 'secret-hooks-init', '--hook-stage', 'manual')
    assert again.returncode == 0, again.stdout + again.stderr
    assert 'Nothing to change: this repository is set up.' in again.stdout
    assert {name: (repo.path / name).read_bytes() for name in before} == before


def test_init_keeps_user_edits(tmp_path, monkeypatch, capsys):
    from hooks.cli import main

    repo = init_repo(tmp_path / 'r')
    write(repo, 'app/settings.py', 'import os\nJWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\n')
    write(repo, '.gitattributes', '*.sh text eol=lf')  # no final newline
    write(repo, 'secrets-inventory.yaml', '# mine\nversion: 1\nsecrets:\n')
    git(repo, 'add', '-A')
    git(repo, 'config', 'merge.secret-hooks-baseline.driver', 'my-driver %O %A %B')
    monkeypatch.chdir(repo)
    monkeypatch.delenv('PRE_COMMIT', raising=False)
    assert main(['init', '--yes']) == 0
    out = capsys.readouterr().out
    assert (repo / 'secrets-inventory.yaml').read_text() == '# mine\nversion: 1\nsecrets:\n'
    assert 'secrets-inventory.yaml: kept; add these entries under `secrets:`:\n  - env_var: JWT_SECRET_KEY\n' in out
    assert (repo / '.gitattributes').read_text() == (
        '*.sh text eol=lf\nbaseline.secrets merge=secret-hooks-baseline\n')
    assert 'git config merge.secret-hooks-baseline.driver: kept (my-driver %O %A %B)' in out
    assert ('.pre-commit-config.yaml: not written (give --repo and --rev); it would be:\nrepos:\n'
            '  - repo: <secret-hooks repository URL>\n    rev: <commit>\n    hooks:\n'
            '      - id: scan-secrets\n') in out
    assert 'baseline.secrets: written, 0 entries' in out

    assert main(['init', '--repo', 'https://example.invalid/secret-hooks', '--rev', 'abc123']) == 0
    config = (repo / '.pre-commit-config.yaml').read_text()
    assert config.startswith('repos:\n  - repo: https://example.invalid/secret-hooks\n    rev: abc123\n')
    assert '      - id: baseline-allow\n' in config


def test_the_advice_of_a_blocked_commit_works_through_pre_commit(pre_commit_repo):
    """Without the CLI on PATH: the failure names the manual-stage hook and the fingerprint;
    running it as printed, then `git add baseline.secrets`, lets the commit through."""
    import os
    import re
    import subprocess
    import sys

    repo = pre_commit_repo
    repo.configure(['scan-secrets', 'check-baseline', 'baseline-allow', 'baseline-update'])
    password = fixture_password()
    repo.write('tests/test_login.py', f'def test_login():\n    password = "{password}"\n')
    repo.git('add', '-A')
    assert repo.run('install').returncode == 0
    blocked = repo.git('commit', '-qm', 'add a test', check=False)
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode == 1, out
    assert password not in out
    advice = re.search(r"  ALLOW_FINDINGS='(\w+)' ALLOW_REASON='<why it is not a secret>' "
                       r'pre-commit run baseline-allow --hook-stage manual\n', out)
    assert advice, out
    allowed = subprocess.run(
        [sys.executable, '-m', 'pre_commit', 'run', 'baseline-allow', '--hook-stage', 'manual'],
        cwd=repo.path, capture_output=True, text=True,
        env={**repo.env(), 'ALLOW_FINDINGS': advice.group(1), 'ALLOW_REASON': 'test fixture'},
    )
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert (f'baseline.secrets: allowed tests/test_login.py:2: Secret Keyword [{advice.group(1)}] '
            '(audited: not a secret: test fixture)\nStage it with the change: git add baseline.secrets\n'
            ) in allowed.stdout
    repo.git('add', 'baseline.secrets')
    committed = repo.git('commit', '-qm', 'add a test', check=False)
    assert committed.returncode == 0, committed.stdout + committed.stderr
    assert os.path.exists(repo.path / '.gitattributes') is False  # allow touches nothing else

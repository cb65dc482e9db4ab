"""End to end: `check-secret-rotation` through real pre-commit, fixed by `secret-hooks rotate`."""
from __future__ import annotations

import datetime

from hooks import dotenv as envfile
from tests.rotation.test_check import JWT
from tests.rotation.test_check import changed
from tests.rotation.test_check import render


def _product(rng, repo, last_rotated: str) -> str:
    """A small FastAPI-style backend with one dual-window secret; returns the planted key."""
    key = rng.token_urlsafe(64)
    repo.write('secrets-inventory.yaml', render(changed(JWT, last_rotated=last_rotated)))
    repo.write('backend/app/config.py', (
        'import os\n\n'
        'JWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\n'
        'JWT_PREVIOUS_SECRET_KEYS = os.getenv("JWT_PREVIOUS_SECRET_KEYS", "").split(",")\n'
        'JWT_ALGORITHM = os.getenv("JWT_ALGORITHM", "HS256")\n'
    ))
    repo.write('.env.example', '# copy to .env\nJWT_SECRET_KEY=\nJWT_PREVIOUS_SECRET_KEYS=\n')
    repo.write('.gitignore', '.env\n')
    repo.write('.env', f'JWT_SECRET_KEY={key}\nJWT_PREVIOUS_SECRET_KEYS=\n')
    return key


def test_overdue_rotation_fails_until_rotated(pre_commit_repo, rng):
    repo = pre_commit_repo
    repo.configure(['check-secret-rotation'])
    overdue = (datetime.date.today() - datetime.timedelta(days=120)).isoformat()
    old_key = _product(rng, repo, overdue)
    repo.git('add', '-A')
    assert '.env\n' not in repo.git('ls-files').stdout  # the real env file stays untracked

    failed = repo.run('run', '--all-files')
    out = failed.stdout + failed.stderr
    assert failed.returncode == 1, out
    assert 'secrets-inventory.yaml:10: JWT_SECRET_KEY: rotation overdue by 30 days' in out
    assert old_key not in out

    rotated = repo.git_cli('rotate', 'JWT_SECRET_KEY', '--env-file', '.env')
    rotate_out = rotated.stdout + rotated.stderr
    assert rotated.returncode == 0, rotate_out
    env = {e.name: e.value for e in envfile.parse((repo.path / '.env').read_text())}
    assert env['JWT_PREVIOUS_SECRET_KEYS'] == old_key and env['JWT_SECRET_KEY'] != old_key
    assert old_key not in rotate_out and env['JWT_SECRET_KEY'] not in rotate_out
    assert f'last_rotated: {datetime.date.today().isoformat()}' in (repo.path / 'secrets-inventory.yaml').read_text()

    repo.git('add', 'secrets-inventory.yaml')
    passed = repo.run('run', '--all-files')
    out = passed.stdout + passed.stderr
    assert passed.returncode == 0, out
    assert old_key not in out and env['JWT_SECRET_KEY'] not in out
    # The committed files of a rotation hold nothing the scanner finds.
    scanned = repo.git_cli('scan', 'secrets-inventory.yaml', '.env.example', 'backend/app/config.py')
    assert scanned.returncode == 0, scanned.stdout + scanned.stderr


def test_secret_not_in_inventory_fails(pre_commit_repo, rng):
    repo = pre_commit_repo
    repo.configure(['check-secret-rotation'])
    _product(rng, repo, datetime.date.today().isoformat())
    repo.write('backend/app/db.py', 'import os\nDSN = os.environ["DATABASE_URL"]\n')
    repo.write('tests/test_db.py', 'import os\nos.getenv("FAKE_API_TOKEN")\n')
    repo.git('add', '-A')
    failed = repo.run('run', '--all-files')
    out = failed.stdout + failed.stderr
    assert failed.returncode == 1, out
    assert 'backend/app/db.py:2: DATABASE_URL: secret-named variable in use but not in secrets-inventory.yaml' in out
    assert 'FAKE_API_TOKEN' not in out


def test_repository_without_secrets_passes(pre_commit_repo):
    repo = pre_commit_repo
    repo.configure(['check-secret-rotation'])
    repo.write('app/main.py', 'import os\nLEVEL = os.getenv("LOG_LEVEL", "info")\n')
    repo.git('add', '-A')
    passed = repo.run('run', '--all-files')
    assert passed.returncode == 0, passed.stdout + passed.stderr

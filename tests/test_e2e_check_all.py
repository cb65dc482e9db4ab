"""End to end: the one-process hook `secret-hooks-all` through real git and pre-commit."""
from __future__ import annotations

INVENTORY = (
    'version: 1\nsecrets:\n  - env_var: JWT_SECRET_KEY\n    description: signs tokens\n'
    '    owner: backend\n    criticality: critical\n    used_in: [backend]\n'
    '    rotation_days: 90\n    last_rotated: {date}\n    strategy: immediate\n'
)


def test_one_hook_blocks_a_secret_passes_a_clean_commit_and_always_runs(pre_commit_repo, rng):
    import datetime

    repo = pre_commit_repo
    repo.configure(['secret-hooks-all'])
    repo.write('app/settings.py', 'import os\n\nJWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\n')
    repo.write('secrets-inventory.yaml', INVENTORY.format(date=datetime.date.today().isoformat()))
    repo.git('add', '-A')
    repo.git('commit', '-qm', 'config')
    assert repo.run('install').returncode == 0

    # A clean change goes through.
    repo.write('app/main.py', 'from app.settings import JWT_SECRET_KEY\n\nSIZE = len(JWT_SECRET_KEY)\n')
    repo.git('add', '-A')
    ok = repo.git('commit', '-m', 'clean', check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert 'secret-hooks (all commit checks, one process)' in ok.stdout + ok.stderr

    # A secret in a .py file and one in a committed env file: blocked, each check under its id.
    password, token = rng.token_urlsafe(18), rng.token_urlsafe(24)
    repo.write('app/db.py', f'URL = "postgresql://app:{password}@db.internal:5432/app"\n')
    repo.write('deploy/.env.prod', f'JWT_SECRET_KEY={token}\n')
    repo.git('add', '-A')
    blocked = repo.git('commit', '-m', 'secrets', check=False)
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, out
    assert '- hook id: scan-secrets, exit code: 1\napp/db.py:1: ' in out
    assert '- hook id: check-env-files, exit code: 1\ndeploy/.env.prod:1: JWT_SECRET_KEY: ' in out
    assert '- hook id: check-secret-fallbacks' not in out  # passing checks are not shown
    assert password not in out and token not in out
    assert 'app/db.py' not in repo.git('log', '--stat').stdout
    repo.git('reset', '-q')
    repo.git('clean', '-qfd')

    # Only a binary file staged: no file for the per-file checks, yet the whole-repository
    # checks run (always_run) and an overdue rotation blocks the commit.
    repo.write('secrets-inventory.yaml', INVENTORY.format(date='2020-01-01'))
    repo.git('commit', '-qam', 'overdue', '--no-verify')
    (repo.path / 'logo.png').write_bytes(b'\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0')
    repo.git('add', 'logo.png')
    overdue = repo.git('commit', '-m', 'logo', check=False)
    out = overdue.stdout + overdue.stderr
    assert overdue.returncode != 0, out
    assert '- hook id: check-secret-rotation, exit code: 1\nsecrets-inventory.yaml:' in out
    assert 'no files given' not in out  # pre-commit passed none: no note meant for people

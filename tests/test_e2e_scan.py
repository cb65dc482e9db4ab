"""End to end: real git, real pre-commit, a clone of this project as `repo:`."""
from __future__ import annotations

import jwt


def _planted(rng, repo):
    """Files with freshly minted secrets (nothing real, nothing committed in this project)."""
    values = {
        'pg': rng.token_urlsafe(18),
        'redis': rng.token_urlsafe(18),
        'b2b': rng.generate_key(),
        'jwt': jwt.encode({'sub': 'u1', 'role': 'admin'}, rng.token_hex(32), algorithm='HS256'),
        'jwt_key': rng.token_urlsafe(32),
        'jdbc': rng.token_urlsafe(18),
    }
    bad_key = values['b2b'][:-6] + ('000000' if not values['b2b'].endswith('000000') else '000001')
    repo.write('backend/app/db.py', (
        'from sqlalchemy.ext.asyncio import create_async_engine\n'
        f'engine = create_async_engine("postgresql+asyncpg://app:{values["pg"]}@db.internal:5432/app")\n'
        'SAMPLE = "postgresql://scott:tiger@localhost/test"\n'
        'TEMPLATED = "postgresql://app:${DB_PASSWORD}@db/app"\n'
    ))
    repo.write('deploy/cache.yaml', f'cache:\n  url: redis://:{values["redis"]}@cache:6379/0\n')
    repo.write('backend/app/partners.py', f'KEY = "{values["b2b"]}"\nNOT_A_KEY = "{bad_key}"\n')
    repo.write('fixtures/session.json', '{\n  "token": "%s"\n}\n' % values['jwt'])
    repo.write('backend/app/auth.py', (
        'import jwt\n\n\n'
        'def issue(payload):\n'
        f'    return jwt.encode(payload, "{values["jwt_key"]}", algorithm="HS256")\n'
    ))
    repo.write('config/app.properties', (
        f'db.url=jdbc:postgresql://db:5432/app?user=app&password={values["jdbc"]}\n'
    ))
    return values


EXPECTED = [
    'backend/app/auth.py:5:',
    'backend/app/db.py:2:',
    'backend/app/partners.py:1:',
    'config/app.properties:1:',
    'deploy/cache.yaml:2:',
    'fixtures/session.json:2:',
]


def test_all_files_blocks_each_secret_and_prints_none(pre_commit_repo, rng):
    repo = pre_commit_repo
    repo.configure(['scan-secrets'])
    values = _planted(rng, repo)
    repo.git('add', '-A')

    result = repo.run('run', '--all-files')
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    for where in EXPECTED:
        assert where in out, out
    # scott:tiger, ${DB_PASSWORD} and the bad-checksum key are not findings.
    assert 'backend/app/db.py:3:' not in out and 'backend/app/db.py:4:' not in out
    assert 'backend/app/partners.py:2:' not in out
    found = [line for line in out.splitlines() if line.startswith(tuple(EXPECTED))]
    assert len(found) == len(EXPECTED), out
    for value in values.values():
        assert value not in out
    # Redacted, but useful: the URL keeps scheme, user and host.
    assert 'postgresql+asyncpg://app:****@db.internal:5432' in out


def test_baseline_create_allowlists_and_survives_moved_lines(pre_commit_repo, rng):
    repo = pre_commit_repo
    repo.configure(['scan-secrets'])
    _planted(rng, repo)
    repo.git('add', '-A')
    assert repo.run('run', '--all-files').returncode == 1

    created = repo.git_cli('baseline', 'create')
    assert created.returncode == 0, created.stderr
    baseline = (repo.path / 'baseline.secrets').read_bytes()
    assert b'file://' not in baseline and str(repo.path).encode() not in baseline
    repo.git('add', '-A')
    ok = repo.run('run', '--all-files')
    assert ok.returncode == 0, ok.stdout + ok.stderr

    # Lines inserted above an allowlisted secret: still allowed, baseline untouched.
    db = repo.path / 'backend/app/db.py'
    db.write_text('"""Database access."""\nimport os\n\n' + db.read_text())
    repo.git('add', '-A')
    moved = repo.run('run', '--all-files')
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert (repo.path / 'baseline.secrets').read_bytes() == baseline


def test_git_commit_is_refused(pre_commit_repo, rng):
    repo = pre_commit_repo
    repo.configure(['scan-secrets'])
    repo.git('add', '-A')
    repo.git('commit', '-qm', 'config')
    installed = repo.run('install')
    assert installed.returncode == 0, installed.stderr

    password = rng.token_urlsafe(18)
    repo.write('worker/celery_config.py', f'broker_url = "amqp://worker:{password}@mq:5672/"\n')
    repo.git('add', '-A')
    commit = repo.git('commit', '-m', 'add worker', check=False)
    out = commit.stdout + commit.stderr
    assert commit.returncode != 0, out
    assert 'worker/celery_config.py:1:' in out
    assert password not in out
    # Nothing was committed.
    assert 'worker/celery_config.py' not in repo.git('log', '--stat').stdout


def test_staged_files_named_like_options_cannot_bypass_the_gate(pre_commit_repo):
    """`--exclude=.`, `-x.py`, `--no-baseline` staged beside a secret are paths, not options:
    the commit is blocked by the secret, and no hook breaks on "unrecognized arguments"."""
    import random

    repo = pre_commit_repo
    repo.configure(['scan-secrets', 'check-secret-fallbacks', 'check-env-files'])
    repo.git('add', '-A')
    repo.git('commit', '-qm', 'config')
    assert repo.run('install').returncode == 0

    rng = random.Random(1111)
    password = ''.join(rng.choice('abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789') for _ in range(24))
    repo.write('app/db.py', f'URL = "postgresql://app:{password}@db.internal:5432/app"\n')
    for name in ('--exclude=.', '-x.py', '--no-baseline'):
        repo.write(name, 'print("hello")\n')
    repo.git('add', '--', '.')
    commit = repo.git('commit', '-m', 'files named like options', check=False)
    out = commit.stdout + commit.stderr
    assert commit.returncode != 0, out
    assert 'app/db.py:1: Database URL Credentials: postgresql://app:****@db.internal:5432' in out, out
    assert 'unrecognized arguments' not in out and 'internal error' not in out, out
    assert password not in out
    assert repo.git('log', '--oneline').stdout.count('\n') == 1  # only the config commit

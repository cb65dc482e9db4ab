"""End to end: real git, real pre-commit (`pre-commit install --hook-type pre-push`), a local
bare remote; the history scan and the `scan-secrets-push` hook."""
from __future__ import annotations

import json
import random
import string

from tests.conftest import init_repo


def _password(rng: random.Random) -> str:
    chars = [rng.choice(string.ascii_uppercase), rng.choice(string.ascii_lowercase), rng.choice(string.digits)]
    return ''.join(chars + [rng.choice(string.ascii_letters + string.digits) for _ in range(17)])


def _setup(repo, tmp_path):
    repo.configure(['scan-secrets-push'])
    remote = tmp_path / 'remote.git'
    remote.mkdir()
    repo.git('init', '-q', '--bare', str(remote))
    repo.git('remote', 'add', 'origin', str(remote))
    repo.git('checkout', '-q', '-b', 'main')
    installed = repo.run('install', '--hook-type', 'pre-push')
    assert installed.returncode == 0, installed.stdout + installed.stderr
    repo.write('app.py', 'import os\n\nDB_URL = os.environ["DB_URL"]\n')
    repo.git('add', '-A')
    repo.git('commit', '-qm', 'clean start')


def _push(repo, *args):
    result = repo.git('push', '-q', 'origin', *args, check=False)
    return result.returncode, result.stdout + result.stderr


def test_secret_added_and_removed_blocks_push_until_acknowledged(pre_commit_repo, tmp_path, rng):
    repo = pre_commit_repo
    _setup(repo, tmp_path)
    code, out = _push(repo, 'main')
    assert code == 0, out  # a push of clean commits passes (the first push: every commit)

    pw = _password(rng)
    repo.write('app.py', f'import os\n\nDB_URL = "postgresql://app:{pw}@db.internal:5432/app"\n')
    repo.git('commit', '-qam', 'oops')
    leaked = repo.git('rev-parse', 'HEAD').stdout.strip()
    repo.write('app.py', 'import os\n\nDB_URL = os.environ["DB_URL"]\n')
    repo.git('commit', '-qam', 'take it out again')

    # The history scan reports it, at the commit that added it.
    scanned = repo.git_cli('scan', '--history', '--format', 'json')
    assert scanned.returncode == 1, scanned.stderr
    found = json.loads(scanned.stdout)['findings']
    assert [(f['commit'], f['path'], f['line']) for f in found] == [(leaked, 'app.py', 3)]

    # The push is blocked, naming commit, path and line; the secret is never printed.
    code, out = _push(repo, 'main')
    assert code != 0
    assert 'scan the commits being pushed for secrets' in out and 'Failed' in out
    assert 'app.py:3: Database URL Credentials: postgresql://app:****@db.internal:5432 ' in out
    assert f'(commit {leaked[:10]}, ' in out
    assert pw not in out and pw not in scanned.stdout

    # Rotated: acknowledge it once, commit the baseline; both pass from then on.
    ack = repo.git_cli('baseline', 'acknowledge', found[0]['fingerprint'], '--reason', 'rotated on 2026-10-01')
    assert ack.returncode == 0, ack.stdout + ack.stderr
    repo.git('add', 'baseline.secrets')
    repo.git('commit', '-qm', 'acknowledge the rotated DB password')
    assert repo.git_cli('scan', '--history').returncode == 0
    code, out = _push(repo, 'main')
    assert code == 0, out
    assert pw not in repo.path.joinpath('baseline.secrets').read_text()


def test_new_branch_push_scans_only_what_the_remote_lacks(pre_commit_repo, tmp_path, rng):
    repo = pre_commit_repo
    _setup(repo, tmp_path)
    assert _push(repo, 'main')[0] == 0
    repo.git('checkout', '-q', '-b', 'topic')
    repo.write('notes.md', 'clean notes\n')
    repo.git('add', '-A')
    repo.git('commit', '-qm', 'clean topic commit')
    code, out = _push(repo, 'topic')
    assert code == 0, out

    repo.git('checkout', '-q', '-b', 'leaky', 'main')
    pw = _password(rng)
    repo.write('deploy/cache.yaml', f'cache:\n  url: redis://:{pw}@cache:6379/0\n')
    repo.git('add', '-A')
    repo.git('commit', '-qm', 'cache config')
    sha = repo.git('rev-parse', 'HEAD').stdout.strip()
    code, out = _push(repo, 'leaky')
    assert code != 0
    assert 'deploy/cache.yaml:2: ' in out and f'(commit {sha[:10]}, ' in out
    assert pw not in out


def test_cli_range_for_pull_requests(tmp_path, rng):
    from tests.conftest import git
    from tests.conftest import run_cli
    from tests.conftest import write

    repo = init_repo(tmp_path / 'pr')
    write(repo, 'a.py', 'x = 1\n')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'base')
    git(repo, 'branch', 'base')
    pw = _password(rng)
    write(repo, 'b.py', f'B = "postgresql://app:{pw}@db.internal/app"\n')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'feature')
    result = run_cli('scan', '--history', '--range', 'base..HEAD', cwd=repo)
    assert result.returncode == 1
    assert result.stdout.startswith('b.py:1: Database URL Credentials: ')
    assert pw not in result.stdout + result.stderr
    assert run_cli('scan', '--history', '--range', 'HEAD..base', cwd=repo).returncode == 0


def test_first_push_of_a_repository_scans_from_its_root_commit(pre_commit_repo, tmp_path, rng):
    """pre-commit hands no FROM/TO for a push that includes the root commit."""
    repo = pre_commit_repo
    repo.configure(['scan-secrets-push'])
    remote = tmp_path / 'remote.git'
    remote.mkdir()
    repo.git('init', '-q', '--bare', str(remote))
    repo.git('remote', 'add', 'origin', str(remote))
    repo.git('checkout', '-q', '-b', 'main')
    assert repo.run('install', '--hook-type', 'pre-push').returncode == 0
    pw = _password(rng)
    repo.write('settings.py', f'DB = "mysql://root:{pw}@db.internal:3306/app"\n')
    repo.git('add', '-A')
    repo.git('commit', '-qm', 'root commit with a secret')
    root = repo.git('rev-parse', 'HEAD').stdout.strip()
    code, out = _push(repo, 'main')
    assert code != 0
    assert 'settings.py:1: ' in out and f'(commit {root[:10]}, ' in out
    assert pw not in out

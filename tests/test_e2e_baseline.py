"""End to end: the check-baseline hook through real pre-commit, and the merge driver through a
real `git merge`."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import GIT_ENV
from tests.conftest import ROOT


def test_check_baseline_hook_fails_on_stale_entry(pre_commit_repo, rng):
    repo = pre_commit_repo
    repo.configure(['scan-secrets', 'check-baseline'])
    repo.write('app/settings.py', f'PARTNER_KEY = "{rng.generate_key()}"\n')
    repo.git('add', '-A')
    assert repo.git_cli('baseline', 'create').returncode == 0
    repo.git('add', '-A')
    clean = repo.run('run', '--all-files')
    assert clean.returncode == 0, clean.stdout + clean.stderr

    repo.write('app/settings.py', 'PARTNER_KEY = os.environ["PARTNER_KEY"]\n')
    repo.git('add', '-A')
    drift = repo.run('run', 'check-baseline')
    out = drift.stdout + drift.stderr
    assert drift.returncode == 1, out
    assert 'baseline.secrets: app/settings.py:1: stale: this B2B API Key is no longer in the file' in out
    assert 'pre-commit run baseline-update --hook-stage manual' in out  # no CLI on PATH needed


def _git(repo, *args, check=True):
    env = {**os.environ, **GIT_ENV, 'PYTHONPATH': str(ROOT)}
    return subprocess.run(['git', *args], cwd=repo, capture_output=True, text=True, check=check, env=env)


def _cli(repo, *args):
    env = {**os.environ, 'PYTHONPATH': str(ROOT)}
    result = subprocess.run([sys.executable, '-m', 'hooks.cli', *args], cwd=repo,
                            capture_output=True, text=True, env=env)
    assert 'Traceback' not in result.stderr
    return result


def _repo_with_driver(rng, tmp_path):
    repo = tmp_path / 'r'
    repo.mkdir()
    _git(repo, 'init', '-q', '-b', 'main')
    (repo / '.gitattributes').write_text('baseline.secrets merge=secret-hooks-baseline\n')
    _git(repo, 'config', 'merge.secret-hooks-baseline.name', 'secret-hooks baseline merge')
    _git(repo, 'config', 'merge.secret-hooks-baseline.driver',
         f'{sys.executable} -m hooks.cli baseline merge %O %A %B')
    (repo / 'base.py').write_text(f'DSN = "postgresql://app:{rng.token_urlsafe(16)}@db/app"\n')
    _git(repo, 'add', '-A')
    assert _cli(repo, 'baseline', 'create').returncode == 0
    _git(repo, 'add', '-A')
    _git(repo, 'commit', '-qm', 'base')
    return repo


def _branch_with_secret(rng, repo, branch, filename):
    _git(repo, 'checkout', '-q', '-b', branch, 'main')
    (repo / filename).write_text(f'KEY = "{rng.generate_key()}"\n')
    _git(repo, 'add', filename)
    assert _cli(repo, 'baseline', 'update').returncode == 0
    _git(repo, 'commit', '-qam', f'allowlist {filename}')


def test_two_branches_that_each_allowlist_merge_cleanly(tmp_path, rng):
    repo = _repo_with_driver(rng, tmp_path)
    _branch_with_secret(rng, repo, 'feature-a', 'a.py')
    _branch_with_secret(rng, repo, 'feature-b', 'b.py')
    _git(repo, 'checkout', '-q', 'feature-a')
    merged = _git(repo, 'merge', '--no-edit', 'feature-b', check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    doc = json.loads((repo / 'baseline.secrets').read_text())
    assert sorted(doc['results']) == ['a.py', 'b.py', 'base.py']
    assert _cli(repo, 'baseline', 'check').returncode == 0
    assert _cli(repo, 'scan').returncode == 0


def test_same_entry_audited_differently_is_a_conflict_for_a_person(tmp_path, rng):
    repo = _repo_with_driver(rng, tmp_path)

    def audit(branch, verdict):
        _git(repo, 'checkout', '-q', '-b', branch, 'main')
        doc = json.loads((repo / 'baseline.secrets').read_text())
        doc['results']['base.py'][0]['is_secret'] = verdict
        (repo / 'baseline.secrets').write_text(json.dumps(doc, indent=2) + '\n')
        _git(repo, 'commit', '-qam', f'audit on {branch}')

    audit('says-real', True)
    audit('says-false', False)
    merged = _git(repo, 'merge', '--no-edit', 'says-real', check=False)
    assert merged.returncode != 0
    assert 'CONFLICT' in merged.stdout + merged.stderr
    text = (repo / 'baseline.secrets').read_text()
    assert '<<<<<<< ours' in text and '>>>>>>> theirs' in text
    line = text.splitlines().index('<<<<<<< ours') + 1
    check = _cli(repo, 'baseline', 'check')
    assert check.returncode == 2
    assert f'baseline.secrets:{line}: merge conflict markers' in check.stderr

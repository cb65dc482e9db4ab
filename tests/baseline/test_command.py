"""`secret-hooks baseline create|update|allow|check|merge|audit|acknowledge` in-process
(hooks.cli.main): each action's main paths and error paths, exact output where practical.  Every
planted value is built here and never appears in any output or in the baseline."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli_helpers import db_url
from tests.cli_helpers import fingerprints
from tests.cli_helpers import main
from tests.cli_helpers import unreadable
from tests.conftest import git
from tests.conftest import write

DB = 'Database URL Credentials'
STAGE = 'Stage it with the change: git add baseline.secrets'


def plant(repo: Path, rng, relpath: str = 'app.py', line: int = 1, add: bool = True) -> str:
    """A DB URL with a fresh password on line `line` of `relpath`, git-added; the password."""
    password = rng.token_urlsafe(16)
    write(repo, relpath, '# config\n' * (line - 1) + f'engine = create_engine("{db_url(password)}")\n')
    if add:
        git(repo, 'add', relpath)
    return password


def entries(repo: Path) -> list[tuple[str, int, object]]:
    doc = json.loads((repo / 'baseline.secrets').read_text())
    return sorted((e['type'] == DB and name, e['line_number'], e.get('is_secret'))
                  for name, found in doc['results'].items() for e in found)


def assert_hidden(repo: Path, planted, *texts: str) -> None:
    text = ''.join(texts)
    if (repo / 'baseline.secrets').exists():
        text += (repo / 'baseline.secrets').read_text()
    for value in planted:
        assert value not in text


# -- create ------------------------------------------------------------------------------------

def test_create_and_create_again(cli_repo, capsys, rng):
    planted = [plant(cli_repo, rng, p) for p in ('a.py', 'b.py')]
    run = main(capsys, 'baseline', 'create')
    assert run == (0, f'baseline.secrets: written, 2 entries from 2 files\n{STAGE}\n', '')
    assert entries(cli_repo) == [('a.py', 1, None), ('b.py', 1, None)]
    run = main(capsys, 'baseline', 'create')
    assert (run.code, run.out) == (2, '')
    assert run.err == ('secret-hooks: error: baseline.secrets exists: run `secret-hooks baseline '
                       'update --all` (keeps audits), or `create --force` to replace it\n')
    assert main(capsys, 'baseline', 'create', '--force').code == 0
    assert_hidden(cli_repo, planted, run.out, run.err)


def test_create_with_an_unreadable_tracked_file_is_exit_2_and_writes_nothing(cli_repo, capsys, rng, monkeypatch):
    password = plant(cli_repo, rng)
    write(cli_repo, 'locked.py', 'x = 1\n')
    git(cli_repo, 'add', 'locked.py')
    unreadable(monkeypatch, 'locked.py')
    run = main(capsys, 'baseline', 'create')
    assert run == (2, '', 'secret-hooks: error: locked.py: cannot read: Permission denied\n')
    assert not (cli_repo / 'baseline.secrets').exists()
    assert_hidden(cli_repo, [password], run.out, run.err)


def test_create_skips_a_tracked_file_deleted_from_the_work_tree(cli_repo, capsys, rng):
    password = plant(cli_repo, rng)
    write(cli_repo, 'gone.py', 'x = 1\n')
    git(cli_repo, 'add', 'gone.py')
    (cli_repo / 'gone.py').unlink()
    assert main(capsys, 'baseline', 'create').out.startswith('baseline.secrets: written, 1 entries from 1 files')
    assert_hidden(cli_repo, [password])


def test_create_with_a_named_baseline(cli_repo, capsys, rng):
    password = plant(cli_repo, rng)
    run = main(capsys, 'baseline', 'create', '--baseline', '.secrets.baseline')
    assert run.out == ('.secrets.baseline: written, 1 entries from 1 files\n'
                       'Stage it with the change: git add .secrets.baseline\n')
    assert password not in (cli_repo / '.secrets.baseline').read_text()


# -- update ------------------------------------------------------------------------------------

def test_update_paths_staged_and_all(cli_repo, capsys, rng):
    first = plant(cli_repo, rng, 'a.py')
    assert main(capsys, 'baseline', 'create').code == 0
    git(cli_repo, 'add', 'baseline.secrets')
    git(cli_repo, 'commit', '-qm', 'start')
    # Nothing staged: nothing to do.
    assert main(capsys, 'baseline', 'update') == (
        0, 'baseline.secrets: nothing staged to update from: give the PATHs, or --all\n', '')
    second = plant(cli_repo, rng, 'b.py')  # staged
    fp = fingerprints(capsys, 'b.py')['b.py:1']
    run = main(capsys, 'baseline', 'update')
    assert run == (0, f'baseline.secrets: added b.py:1: {DB} [{fp}] (unaudited)\n'
                      'baseline.secrets: updated: 1 added, 0 removed, 2 entries\n'
                      f'{STAGE}\n', '')
    assert main(capsys, 'baseline', 'update', 'b.py') == (
        0, 'baseline.secrets: up to date, not rewritten\n', '')
    # The secret moves to line 3 and b.py's old entry goes.
    third = plant(cli_repo, rng, 'b.py', line=3)
    run = main(capsys, 'baseline', 'update', 'b.py')
    assert run.code == 0
    assert run.out.splitlines()[1:] == [
        f'baseline.secrets: removed b.py:1: {DB}',
        'baseline.secrets: updated: 1 added, 1 removed, 2 entries',
        STAGE,
    ]
    git(cli_repo, 'rm', '-q', 'a.py')
    run = main(capsys, 'baseline', 'update', '--all')
    assert run.out.splitlines() == [
        f'baseline.secrets: removed a.py:1: {DB}',
        'baseline.secrets: updated: 0 added, 1 removed, 1 entries',
        STAGE,
    ]
    assert entries(cli_repo) == [('b.py', 3, None)]
    assert_hidden(cli_repo, [first, second, third], run.out, run.err)


def test_update_an_untracked_path_adds_nothing(cli_repo, capsys, rng):
    password = plant(cli_repo, rng, 'loose.py', add=False)
    run = main(capsys, 'baseline', 'update', 'loose.py')
    assert run.out.splitlines()[0] == (
        'baseline.secrets: loose.py is not tracked by git: no entries (git add it first)')
    assert_hidden(cli_repo, [password], run.out)


@pytest.mark.parametrize('argv, message', [
    (['baseline', 'update', '--baseline', 'missing.secrets', 'app.py'],
     'missing.secrets: no such baseline: create one with `secret-hooks baseline create`'),
    (['baseline', 'allow'],
     'baseline allow: give a FINGERPRINT, PATH:LINE or PATH (or set ALLOW_FINDINGS)'),
    (['baseline', 'allow', 'app.py:9'],
     'app.py:9: no finding on this line (`secret-hooks scan app.py` lists them)'),
    (['baseline', 'allow', 'clean.py'], 'clean.py: no finding in this file'),
    (['baseline', 'allow', 'abcdef123456'],
     'abcdef123456: no finding with this fingerprint in the tracked files (`secret-hooks scan` lists them)'),
    (['baseline', 'allow', 'not a target!'], 'not a target!: not a fingerprint, PATH:LINE or file'),
    (['baseline', 'acknowledge', 'abcdef123456', '--reason', '  '],
     '--reason must say why the secret is safe (e.g. "rotated on 2026-10-01")'),
    (['baseline', 'acknowledge', 'abcdef123456', '--reason', 'rotated'],
     'not found in the 1 commits scanned: abcdef123456 (copy fingerprints from `secret-hooks scan '
     '--history`; --all looks in every branch)'),
    (['baseline', 'merge', 'no-base', 'no-ours', 'no-theirs'],
     'base no-base: cannot read: No such file or directory'),
    (['baseline', 'audit', 'missing.secrets'],
     'missing.secrets: no such baseline: create one with `secret-hooks baseline create`'),
])
def test_usage_errors(cli_repo, capsys, rng, argv, message):
    password = plant(cli_repo, rng)
    write(cli_repo, 'clean.py', 'x = 1\n')
    git(cli_repo, 'add', 'clean.py')
    git(cli_repo, 'commit', '-qm', 'one')
    run = main(capsys, *argv)
    assert run == (2, '', f'secret-hooks: error: {message}\n')
    assert_hidden(cli_repo, [password], run.out, run.err)


def test_update_outside_a_git_repository(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path.parent))
    run = main(capsys, 'baseline', 'update')
    assert run == (2, '', 'secret-hooks: error: no staged files to update from (not a git '
                          'repository): give the PATHs, or --all\n')


# -- allow -------------------------------------------------------------------------------------

@pytest.mark.parametrize('target', ['fingerprint', 'path:line', 'path', 'env'])
def test_allow_each_kind_of_target(cli_repo, capsys, rng, monkeypatch, target):
    password = plant(cli_repo, rng, line=2)
    fp = fingerprints(capsys)['app.py:2']
    argv = {'fingerprint': [fp], 'path:line': ['app.py:2'], 'path': ['app.py'], 'env': []}[target]
    if target == 'env':
        monkeypatch.setenv('ALLOW_FINDINGS', f'{fp},')
        monkeypatch.setenv('ALLOW_REASON', 'a test fixture')
    else:
        argv += ['--reason', 'a test fixture']
    run = main(capsys, 'baseline', 'allow', *argv)
    assert run == (0, f'baseline.secrets: allowed app.py:2: {DB} [{fp}] (audited: not a secret: '
                      f'a test fixture)\n{STAGE}\n', '')
    assert entries(cli_repo) == [('app.py', 2, False)]
    # The same fingerprint once the baseline exists (it took the salt printed until now).
    assert fingerprints(capsys)['app.py:2'] == fp
    assert main(capsys, 'scan') == (0, '', '')
    monkeypatch.delenv('ALLOW_FINDINGS', raising=False)
    monkeypatch.delenv('ALLOW_REASON', raising=False)
    run = main(capsys, 'baseline', 'allow', 'app.py:2')
    assert run.out.splitlines() == [
        f'baseline.secrets: allowed app.py:2: {DB} [{fp}] (audited: not a secret)',
        'baseline.secrets: already allowed, not rewritten',
    ]
    assert_hidden(cli_repo, [password], run.out, run.err)


# -- check -------------------------------------------------------------------------------------

def test_check_without_baseline(cli_repo, capsys):
    assert main(capsys, 'baseline', 'check') == (
        0, 'baseline.secrets: no baseline yet, nothing to check (start one with `secret-hooks init` '
           'or `secret-hooks baseline create`)\n', '')


def test_check_clean_then_each_kind_of_drift(cli_repo, capsys, rng):
    planted = [plant(cli_repo, rng, p) for p in ('a.py', 'b.py', 'c.py')]
    assert main(capsys, 'baseline', 'create').code == 0
    git(cli_repo, 'add', 'baseline.secrets')
    git(cli_repo, 'commit', '-qm', 'start')
    assert main(capsys, 'baseline', 'check') == (0, '', '')
    assert main(capsys, 'baseline', 'check') == (0, '', '')  # the noted pass
    write(cli_repo, 'a.py', 'x = 1\n')                      # stale: the secret is gone
    (cli_repo / 'b.py').unlink()                            # stale: the file is gone
    git(cli_repo, 'rm', '-q', '--cached', 'c.py')           # not tracked any more
    run = main(capsys, 'baseline', 'check')
    assert run == (1, (
        f'baseline.secrets: a.py:1: stale: this {DB} is no longer in the file; run '
        '`secret-hooks baseline update a.py`\n'
        'baseline.secrets: b.py:1: stale: b.py no longer exists; run `secret-hooks baseline update b.py`\n'
        'baseline.secrets: c.py:1: c.py is not tracked by git; run `secret-hooks baseline update c.py`\n'
        '3 baseline problems in baseline.secrets.\n'), '')
    assert_hidden(cli_repo, planted, run.out)


def test_check_a_moved_file(cli_repo, capsys, rng):
    password = plant(cli_repo, rng, 'old.py')
    assert main(capsys, 'baseline', 'create').code == 0
    git(cli_repo, 'add', 'baseline.secrets')
    git(cli_repo, 'commit', '-qm', 'start')
    git(cli_repo, 'mv', 'old.py', 'new.py')
    run = main(capsys, 'baseline', 'check')
    assert run == (1, f'baseline.secrets: old.py:1: moved: this {DB} is now in new.py; run '
                      '`secret-hooks baseline update new.py`\n'
                      '1 baseline problem in baseline.secrets.\n', '')
    assert_hidden(cli_repo, [password], run.out)


def test_check_audits_and_require_audit(cli_repo, capsys, rng):
    planted = [plant(cli_repo, rng, p) for p in ('a.py', 'b.py')]
    assert main(capsys, 'baseline', 'create').code == 0
    doc = json.loads((cli_repo / 'baseline.secrets').read_text())
    doc['results']['a.py'][0]['is_secret'] = True
    (cli_repo / 'baseline.secrets').write_text(json.dumps(doc, indent=2))
    run = main(capsys, 'baseline', 'check', '--require-audit')
    assert run == (1, (
        f'baseline.secrets: a.py:1: audited as a real secret ({DB}): remove it from the file and '
        'rotate it, then run `secret-hooks baseline update a.py`\n'
        f'baseline.secrets: b.py:1: unaudited {DB}: label it with `secret-hooks baseline audit '
        'baseline.secrets`, or `secret-hooks baseline allow b.py:1 --reason TEXT`\n'
        '2 baseline problems in baseline.secrets.\n'), '')
    assert main(capsys, 'baseline', 'check').code == 1  # the real secret still fails
    assert_hidden(cli_repo, planted, run.out)


def test_check_settings_drift_and_excluded_file(cli_repo, capsys, rng):
    password = plant(cli_repo, rng, 'docs/a.py')
    assert main(capsys, 'baseline', 'create').code == 0
    run = main(capsys, 'baseline', 'check', '--exclude', '^docs/')
    assert run.code == 1
    assert run.out.splitlines()[1] == ('baseline.secrets: docs/a.py:1: docs/a.py is excluded from '
                                       'scanning; run `secret-hooks baseline update docs/a.py`')
    assert run.out.splitlines()[0].startswith('baseline.secrets: settings: ')
    assert run.out.splitlines()[0].endswith('(recorded settings differ from the current '
                                            'configuration; run `secret-hooks baseline update --all`)')
    assert_hidden(cli_repo, [password], run.out)


def test_check_broken_baseline(cli_repo, capsys):
    write(cli_repo, 'baseline.secrets', '[]\n')
    run = main(capsys, 'baseline', 'check')
    assert (run.code, run.out) == (2, '')
    assert run.err.startswith('secret-hooks: error: baseline.secrets')


# -- merge -------------------------------------------------------------------------------------

def _sides(repo: Path, capsys, rng) -> tuple[str, list[str]]:
    """base/ours/theirs copies of a two-entry baseline; (the baseline text, the passwords)."""
    planted = [plant(repo, rng, p) for p in ('a.py', 'b.py')]
    assert main(capsys, 'baseline', 'create').code == 0
    text = (repo / 'baseline.secrets').read_text()
    for side in ('base', 'ours', 'theirs'):
        shutil.copy(repo / 'baseline.secrets', repo / side)
    return text, planted


def _label(path: Path, filename: str, is_secret: bool) -> None:
    doc = json.loads(path.read_text())
    doc['results'][filename][0]['is_secret'] = is_secret
    path.write_text(json.dumps(doc, indent=2))


def test_merge_clean(cli_repo, capsys, rng):
    _, planted = _sides(cli_repo, capsys, rng)
    _label(cli_repo / 'ours', 'a.py', False)
    _label(cli_repo / 'theirs', 'b.py', False)
    assert main(capsys, 'baseline', 'merge', 'base', 'ours', 'theirs') == (0, '', '')
    merged = json.loads((cli_repo / 'ours').read_text())
    assert [merged['results'][f][0].get('is_secret') for f in ('a.py', 'b.py')] == [False, False]
    assert_hidden(cli_repo, planted, (cli_repo / 'ours').read_text())


def test_merge_conflict(cli_repo, capsys, rng):
    _, planted = _sides(cli_repo, capsys, rng)
    fp = fingerprints(capsys)['a.py:1']
    _label(cli_repo / 'ours', 'a.py', False)
    _label(cli_repo / 'theirs', 'a.py', True)
    run = main(capsys, 'baseline', 'merge', 'base', 'ours', 'theirs')
    assert run == (1, '', f'baseline merge: conflict: a.py: {DB} [{fp}]: audited differently on '
                          'each side; edit the file to keep one, then `secret-hooks baseline '
                          'update --all`\n')
    assert_hidden(cli_repo, planted, (cli_repo / 'ours').read_text())


def test_merge_a_side_that_did_not_exist(cli_repo, capsys, rng):
    text, planted = _sides(cli_repo, capsys, rng)
    (cli_repo / 'base').write_text('')
    (cli_repo / 'theirs').write_text('')
    assert main(capsys, 'baseline', 'merge', 'base', 'ours', 'theirs') == (0, '', '')
    assert json.loads((cli_repo / 'ours').read_text())['results'] == json.loads(text)['results']


# -- audit -------------------------------------------------------------------------------------

@pytest.mark.parametrize('flags, labels', [
    ([], [True, False]),
    (['--only-real'], [True]),
    (['--only-false'], [False]),
])
def test_audit_report_is_redacted(cli_repo, capsys, rng, flags, labels):
    planted = [plant(cli_repo, rng, p) for p in ('a.py', 'b.py')]
    assert main(capsys, 'baseline', 'create').code == 0
    assert main(capsys, 'baseline', 'allow', 'b.py', '--reason', 'fixture').code == 0
    _label(cli_repo / 'baseline.secrets', 'a.py', True)
    run = main(capsys, 'baseline', 'audit', '--report', *flags)
    assert run.code == 0, run.err
    results = json.loads(run.out)['results']
    assert sorted(r['category'] == 'VERIFIED_TRUE' for r in results) == sorted(labels)
    assert {r['secrets'] for r in results} == {'postgresql://app:****@db.internal:5432'}
    assert_hidden(cli_repo, planted, run.out, run.err)


def test_audit_stats_json_keeps_reasons(cli_repo, capsys, rng):
    password = plant(cli_repo, rng)
    assert main(capsys, 'baseline', 'create').code == 0
    assert main(capsys, 'baseline', 'allow', 'app.py', '--reason', 'fixture').code == 0
    before = (cli_repo / 'baseline.secrets').read_text()
    run = main(capsys, 'baseline', 'audit', '--stats', '--json')
    assert run.code == 0, run.err
    stats = json.loads(run.out)
    assert stats['DatabaseUrlDetector']['stats']['raw'] == {
        'true-positives': 0, 'false-positives': 1, 'unknown': 0}
    after = json.loads((cli_repo / 'baseline.secrets').read_text())
    assert after['results']['app.py'][0]['reason'] == 'fixture'
    assert json.loads(before)['results'] == after['results']
    assert_hidden(cli_repo, [password], run.out, run.err)


@pytest.mark.parametrize('tamper, message', [
    (lambda doc: doc['plugins_used'].append({'name': 'X', 'path': 'file:///elsewhere/x.py'}),
     'baseline.secrets: refers to code outside secret-hooks and detect-secrets; refusing to load '
     'it (run `secret-hooks baseline update --all` first)'),
    (lambda doc: doc['filters_used'].append({'path': 'detect_secrets.filters.regex.should_exclude_line',
                                             'pattern': ['(a+)+$']}),
     'baseline.secrets: its plugin/filter settings differ from the current configuration; '
     'refusing to load options (regexes) from it: run `secret-hooks baseline update --all` first'),
])
def test_audit_refuses_an_untrusted_baseline(cli_repo, capsys, rng, tamper, message):
    password = plant(cli_repo, rng)
    assert main(capsys, 'baseline', 'create').code == 0
    doc = json.loads((cli_repo / 'baseline.secrets').read_text())
    tamper(doc)
    (cli_repo / 'baseline.secrets').write_text(json.dumps(doc, indent=2))
    run = main(capsys, 'baseline', 'audit', '--report')
    assert run == (2, '', f'secret-hooks: error: {message}\n')
    assert password not in run.err


def test_check_names_untrusted_code(cli_repo, capsys, rng):
    password = plant(cli_repo, rng)
    assert main(capsys, 'baseline', 'create').code == 0
    doc = json.loads((cli_repo / 'baseline.secrets').read_text())
    doc['plugins_used'].append({'name': 'X', 'path': 'file:///elsewhere/x.py'})
    (cli_repo / 'baseline.secrets').write_text(json.dumps(doc, indent=2))
    run = main(capsys, 'baseline', 'check')
    assert run.code == 1
    assert 'file:///elsewhere/x.py' in run.out and 'never loaded' in run.out
    assert_hidden(cli_repo, [password], run.out)


# -- check's noted pass (a pass with the same inputs is not recomputed) --------------------------

def test_check_a_noted_pass_is_redone_when_an_input_changes(cli_repo, capsys, rng):
    password = plant(cli_repo, rng)
    assert main(capsys, 'baseline', 'create').code == 0
    git(cli_repo, 'add', 'baseline.secrets')
    assert main(capsys, 'baseline', 'check') == (0, '', '')
    assert list((cli_repo / '.git' / 'secret-hooks').iterdir()) != []
    write(cli_repo, 'app.py', 'x = 1\n')  # a file the baseline names changed: checked again
    run = main(capsys, 'baseline', 'check')
    assert run.code == 1 and 'stale: ' in run.out
    assert_hidden(cli_repo, [password], run.out)


def test_check_passes_where_the_note_cannot_be_written(cli_repo, capsys, rng):
    plant(cli_repo, rng)
    assert main(capsys, 'baseline', 'create').code == 0
    (cli_repo / '.git' / 'secret-hooks').write_text('a file where the directory would go')
    assert main(capsys, 'baseline', 'check') == (0, '', '')
    assert main(capsys, 'baseline', 'check') == (0, '', '')


def test_check_outside_git(tmp_path, monkeypatch, capsys, rng):
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path))
    monkeypatch.delenv('PRE_COMMIT', raising=False)
    work = tmp_path / 'plain'
    password = plant(work, rng, add=False)
    monkeypatch.chdir(work)
    assert main(capsys, 'baseline', 'create').code == 0
    assert main(capsys, 'baseline', 'check') == (0, '', '')
    write(work, 'app.py', 'x = 1\n')
    run = main(capsys, 'baseline', 'check')
    assert run.code == 1
    assert_hidden(work, [password], run.out)


def test_create_keeps_the_fingerprints_printed_before_it(cli_repo, capsys, rng):
    # A commit blocked before adoption printed a fingerprint: `baseline allow` of it still works
    # once `baseline create` has written the first baseline.
    password = plant(cli_repo, rng)
    git(cli_repo, 'commit', '-qm', 'first')
    fp = fingerprints(capsys)['app.py:1']
    assert main(capsys, 'baseline', 'create').code == 0
    assert fingerprints(capsys)['app.py:1'] == fp
    run = main(capsys, 'baseline', 'allow', fp, '--reason', 'a test fixture')
    assert run.code == 0 and f'[{fp}]' in run.out
    assert_hidden(cli_repo, [password], run.out)

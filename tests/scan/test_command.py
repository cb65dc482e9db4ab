"""`secret-hooks scan` in-process (hooks.cli.main): output formats, which files, the baseline as
allowlist, per-file errors, options after `--`, and `--history`.  Every planted value is built
here and never appears in any output."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from hooks import __version__
from tests.cli_helpers import db_url
from tests.cli_helpers import fingerprints
from tests.cli_helpers import main
from tests.cli_helpers import unreadable
from tests.conftest import git
from tests.conftest import write

DB = 'Database URL Credentials'
SHOWN = 'postgresql://app:****@db.internal:5432'
FIX = 'Fix: move each value to the environment or a secret store (and rotate it if it was ever pushed).'


def plant(repo: Path, rng, relpath: str = 'app.py', add: bool = True) -> str:
    """A DB URL with a fresh password in `relpath` (line 1), git-added; the password."""
    password = rng.token_urlsafe(16)
    write(repo, relpath, f'engine = create_engine("{db_url(password)}")\n')
    if add:
        git(repo, 'add', relpath)
    return password


def summary(fp: str, where: str = 'there is no baseline.secrets (allowlist) yet.',
            counted: str = '1 secret in 1 file', pragma: str = '`# pragma: allowlist secret`') -> list[str]:
    return [
        f'{counted}; {where}' if where.startswith('there') else f'{counted} {where}',
        FIX,
        f'A false positive? Mark its line with {pragma}, or allowlist it as audited:',
        f"  secret-hooks baseline allow {fp} --reason '<why it is not a secret>'",
    ]


def test_text_output_exact(cli_repo, capsys, rng):
    password = plant(cli_repo, rng)
    fp = fingerprints(capsys)['app.py:1']
    run = main(capsys, 'scan')
    assert (run.code, run.err) == (1, '')
    assert run.out.splitlines() == [f'app.py:1: {DB}: {SHOWN} [{fp}]', '', *summary(fp)]
    assert password not in run.out


def test_json_output_exact(cli_repo, capsys, rng):
    password = plant(cli_repo, rng)
    run = main(capsys, 'scan', '--format', 'json')
    assert (run.code, run.err) == (1, '')
    data = json.loads(run.out)
    fp = data['findings'][0]['fingerprint']
    assert data == {'errors': [], 'findings': [
        {'fingerprint': fp, 'line': 1, 'path': 'app.py', 'redacted': SHOWN, 'type': DB},
    ]}
    assert len(fp) == 12 and password not in run.out


def test_sarif_output(cli_repo, capsys, rng):
    password = plant(cli_repo, rng, 'src dir/app.py')
    run = main(capsys, 'scan', '--format', 'sarif')
    assert (run.code, run.err) == (1, '')
    doc = json.loads(run.out)
    assert doc['version'] == '2.1.0'
    sarif_run, = doc['runs']
    assert sarif_run['tool']['driver']['name'] == 'secret-hooks'
    assert sarif_run['tool']['driver']['version'] == __version__
    assert [r['id'] for r in sarif_run['tool']['driver']['rules']] == ['secret-hooks/database-url-credentials']
    result, = sarif_run['results']
    fp = result['partialFingerprints']['secretFingerprint/v2']
    assert result['message'] == {'text': f'{DB}: {SHOWN} [{fp}]'}
    assert result['locations'][0]['physicalLocation'] == {
        'artifactLocation': {'uri': 'src%20dir/app.py', 'uriBaseId': '%SRCROOT%'},
        'region': {'startLine': 1},
    }
    assert password not in run.out


@pytest.mark.parametrize('fmt, expected', [
    ('text', ''),
    ('json', json.dumps({'errors': [], 'findings': []}, indent=2) + '\n'),
])
def test_clean_repository(cli_repo, capsys, fmt, expected):
    write(cli_repo, 'app.py', 'import os\nURL = os.environ["DATABASE_URL"]\n')
    git(cli_repo, 'add', 'app.py')
    assert main(capsys, 'scan', '--format', fmt) == (0, expected, '')


@pytest.mark.parametrize('argv, reported', [
    ([], ['src/a.py', 'top.py']),                    # default: every tracked file
    (['.'], ['src/a.py', 'top.py']),
    (['src'], ['src/a.py']),                         # a directory: its tracked files
    (['src/'], ['src/a.py']),
    (['untracked.py'], ['untracked.py']),            # a file named is scanned, tracked or not
    (['src', 'top.py'], ['src/a.py', 'top.py']),
])
def test_which_files(cli_repo, capsys, rng, argv, reported):
    planted = [plant(cli_repo, rng, p) for p in ('src/a.py', 'top.py')]
    planted.append(plant(cli_repo, rng, 'untracked.py', add=False))
    planted.append(plant(cli_repo, rng, 'src/untracked.py', add=False))
    run = main(capsys, 'scan', '--format', 'json', *argv)
    assert run.code == 1
    assert sorted(f['path'] for f in json.loads(run.out)['findings']) == reported
    assert not any(p in run.out + run.err for p in planted)


def test_baseline_allows_what_it_lists_and_reports_the_rest(cli_repo, capsys, rng):
    old = plant(cli_repo, rng, 'old.py')
    assert main(capsys, 'baseline', 'create').code == 0
    assert main(capsys, 'scan') == (0, '', '')
    new = plant(cli_repo, rng, 'new.py')
    fp = fingerprints(capsys, 'new.py')['new.py:1']
    run = main(capsys, 'scan')
    assert run.code == 1
    assert run.out.splitlines() == [
        f'new.py:1: {DB}: {SHOWN} [{fp}]', '', *summary(fp, 'not allowed by baseline.secrets.'),
    ]
    # --no-baseline reports both, with the same fingerprints (the baseline's salt).
    run = main(capsys, 'scan', '--no-baseline', '--format', 'json')
    by_path = {f['path']: f['fingerprint'] for f in json.loads(run.out)['findings']}
    assert sorted(by_path) == ['new.py', 'old.py'] and by_path['new.py'] == fp
    assert old not in run.out and new not in run.out


def test_a_moved_file_keeps_its_allowance(cli_repo, capsys, rng):
    password = plant(cli_repo, rng, 'old.py')
    assert main(capsys, 'baseline', 'create').code == 0
    git(cli_repo, 'mv', 'old.py', 'new.py')
    assert main(capsys, 'scan') == (0, '', '')
    assert password not in capsys.readouterr().out


def test_pre_commit_advises_the_manual_hook(cli_repo, capsys, rng, monkeypatch):
    password = plant(cli_repo, rng)
    fp = fingerprints(capsys)['app.py:1']
    monkeypatch.setenv('PRE_COMMIT', '1')
    run = main(capsys, 'scan')
    assert run.out.splitlines()[-1] == (
        f"  ALLOW_FINDINGS='{fp}' ALLOW_REASON='<why it is not a secret>' "
        'pre-commit run baseline-allow --hook-stage manual')
    assert password not in run.out


def test_json_file_has_no_pragma(cli_repo, capsys, rng):
    password = rng.token_urlsafe(16)
    write(cli_repo, 'conf.json', json.dumps({'url': db_url(password)}) + '\n')
    git(cli_repo, 'add', 'conf.json')
    run = main(capsys, 'scan')
    assert run.code == 1
    assert 'A false positive? Mark its line with nothing in conf.json (no comments in JSON), or ' \
           'allowlist it as audited:' in run.out.splitlines()
    assert password not in run.out


@pytest.mark.parametrize('fmt', ['text', 'json'])
def test_unreadable_file_is_exit_2_and_the_others_are_reported(cli_repo, capsys, rng, fmt):
    password = plant(cli_repo, rng)
    run = main(capsys, 'scan', '--format', fmt, 'missing.py', 'app.py')
    assert run.code == 2
    assert run.err == 'secret-hooks: error: missing.py: cannot read: No such file or directory\n'
    assert 'app.py:1' in run.out or '"path": "app.py"' in run.out
    if fmt == 'json':
        assert json.loads(run.out)['errors'] == ['missing.py: cannot read: No such file or directory']
    assert password not in run.out + run.err


@pytest.mark.parametrize('argv, message', [
    (['scan', '--', '--no-baseline'],
     '--no-baseline: no such file (after `--` everything is a file name; the hooks end their '
     'entry with `--`, so set options in pyproject.toml [tool.secret-hooks] or setup.cfg '
     '[secret-hooks], not in `args:`)'),
    (['scan', '--baseline', 'other.secrets'],
     'other.secrets: no such baseline: create one with `secret-hooks baseline create`'),
    (['scan', '--since', 'HEAD'], '--since, --range and --all select commits for --history'),
    (['scan', '--all'], '--since, --range and --all select commits for --history'),
    (['scan', '--history', 'app.py'],
     '--history reads commits, not files: drop the paths (select commits with --since, --range or --all)'),
    (['scan', '--exclude', '(unclosed'],
     'config exclude: entry 1 is not a valid regex: missing ), unterminated subpattern at position 0'),
    (['scan', '--b2b-prefixes', 'Bad Prefix'], None),
])
def test_usage_errors(cli_repo, capsys, rng, argv, message):
    password = plant(cli_repo, rng)
    run = main(capsys, *argv)
    assert (run.code, run.out) == (2, '')
    line, = run.err.splitlines()
    assert line.startswith('secret-hooks: error: ')
    if message is not None:
        assert line == f'secret-hooks: error: {message}'
    assert password not in run.err


def test_broken_baseline_is_exit_2(cli_repo, capsys, rng):
    password = plant(cli_repo, rng)
    write(cli_repo, 'baseline.secrets', '{\n')
    run = main(capsys, 'scan')
    assert (run.code, run.out) == (2, '')
    assert run.err.startswith('secret-hooks: error: baseline.secrets:2: not valid JSON')
    assert password not in run.err


def test_after_double_dash_an_existing_dash_file_is_a_path(cli_repo, capsys, rng):
    password = plant(cli_repo, rng, '-odd.py', add=False)
    run = main(capsys, 'scan', '--format', 'json', '--', '-odd.py')
    assert run.code == 1
    assert [f['path'] for f in json.loads(run.out)['findings']] == ['-odd.py']
    assert password not in run.out


def test_exclude_option_and_config(cli_repo, capsys, rng):
    planted = [plant(cli_repo, rng, p) for p in ('docs/a.py', 'app.py')]
    run = main(capsys, 'scan', '--format', 'json', '--exclude', '^docs/')
    assert [f['path'] for f in json.loads(run.out)['findings']] == ['app.py']
    write(cli_repo, 'pyproject.toml', '[tool.secret-hooks]\nexclude = ["^app\\\\.py$"]\n')
    run = main(capsys, 'scan', '--format', 'json')
    assert [f['path'] for f in json.loads(run.out)['findings']] == ['docs/a.py']
    assert not any(p in run.out for p in planted)


def test_unknown_config_key_is_exit_2(cli_repo, capsys):
    write(cli_repo, 'setup.cfg', '[secret-hooks]\nbasline = x.secrets\n')
    run = main(capsys, 'scan')
    assert run.code == 2
    assert run.err.startswith("secret-hooks: error: setup.cfg [secret-hooks]: unknown key 'basline' (known: ")


# -- --history ---------------------------------------------------------------------------------

def history_repo(repo: Path, rng) -> str:
    """Two commits: the first adds a DB URL, the second removes it.  The password."""
    password = plant(repo, rng)
    git(repo, 'commit', '-qm', 'add')
    write(repo, 'app.py', 'import os\nURL = os.environ["DATABASE_URL"]\n')
    git(repo, 'commit', '-qam', 'remove')
    return password


@pytest.mark.parametrize('extra', [[], ['--all'], ['--range', 'HEAD~1..HEAD'], ['--since', 'HEAD~2']])
def test_history_finds_a_removed_secret(cli_repo, capsys, rng, extra):
    password = history_repo(cli_repo, rng)
    if extra[:1] == ['--since']:
        extra = ['--since', git(cli_repo, 'rev-list', '--max-parents=0', 'HEAD').stdout.strip()]
    run = main(capsys, 'scan', '--history', '--format', 'json', *extra)
    data = json.loads(run.out)
    if extra[:1] in (['--range'], ['--since']):  # the commit that added it is not selected
        assert (run.code, data['findings']) == (0, [])
    else:
        assert run.code == 1
        assert [(f['path'], f['line'], f['type']) for f in data['findings']] == [('app.py', 1, DB)]
    assert password not in run.out + run.err


@pytest.mark.parametrize('fmt', ['text', 'sarif'])
def test_history_formats(cli_repo, capsys, rng, fmt):
    password = history_repo(cli_repo, rng)
    run = main(capsys, 'scan', '--history', '--format', fmt)
    assert (run.code, run.err) == (1, '')
    if fmt == 'sarif':
        assert json.loads(run.out)['runs'][0]['results'][0]['ruleId'] == 'secret-hooks/database-url-credentials'
    else:
        assert run.out.startswith('app.py:1: ')
    assert password not in run.out


def test_history_baseline_and_acknowledge(cli_repo, capsys, rng):
    password = history_repo(cli_repo, rng)
    data = json.loads(main(capsys, 'scan', '--history', '--format', 'json', '--no-baseline').out)
    fp = data['findings'][0]['fingerprint']
    run = main(capsys, 'baseline', 'acknowledge', fp, '--reason', 'rotated on 2026-10-01')
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].startswith(f'{fp}: {DB} first added in commit ')
    assert lines[0].endswith('(app.py:1): acknowledged')
    assert lines[1] == 'baseline.secrets: written; commit it (`git add baseline.secrets`)'
    assert main(capsys, 'scan', '--history').code == 0
    assert main(capsys, 'baseline', 'acknowledge', fp, '--reason', 'again').out == f'{fp}: already acknowledged\n'
    # --no-baseline ignores the acknowledgement, with the same fingerprint.
    run = main(capsys, 'scan', '--history', '--no-baseline', '--format', 'json')
    assert [f['fingerprint'] for f in json.loads(run.out)['findings']] == [fp]
    assert password not in run.out + run.err


# -- which files, without git ------------------------------------------------------------------

def test_outside_a_git_work_tree_every_file_is_scanned(tmp_path, monkeypatch, capsys, rng):
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path))
    work = tmp_path / 'plain'
    password = rng.token_urlsafe(16)
    for relpath in ('a.py', 'sub/b.py', '.git/c.py', '.hg/d.py'):
        write(work, relpath, f'url = "{db_url(password)}"\n')
    monkeypatch.chdir(work)
    run = main(capsys, 'scan', '--no-baseline', '--format', 'json')
    assert run.code == 1, run.err
    assert [f['path'] for f in json.loads(run.out)['findings']] == ['a.py', 'sub/b.py']
    assert password not in run.out


def test_a_repository_git_refuses_is_exit_2_not_a_walk(cli_repo, capsys, rng):
    password = plant(cli_repo, rng)
    (cli_repo / '.git' / 'index').write_bytes(b'DIRC garbage')
    run = main(capsys, 'scan')
    assert (run.code, run.out) == (2, '')
    line, = run.err.splitlines()
    assert line.startswith('secret-hooks: error: .: git cannot list the tracked files (')
    assert line.endswith('); not scanning every file instead: fix that (for dubious ownership: '
                         '`git config --global --add safe.directory <repository>`) and rerun')
    assert password not in run.err


@pytest.mark.parametrize('env, expected', [
    ({}, ['app.py']),                                              # a new branch: no remote yet
    ({'PRE_COMMIT_TO_REF': '0' * 40}, []),                         # deleting a remote branch
    ({'PRE_COMMIT_FROM_REF': '<first>', 'PRE_COMMIT_TO_REF': 'HEAD'}, []),
    ({'PRE_COMMIT_FROM_REF': '<root>', 'PRE_COMMIT_TO_REF': 'HEAD', 'PRE_COMMIT_REMOTE_NAME': 'origin'}, []),
    ({'PRE_COMMIT_LOCAL_BRANCH': 'main', 'PRE_COMMIT_REMOTE_NAME': 'nope'}, ['app.py']),
])
def test_pre_push(cli_repo, capsys, rng, monkeypatch, env, expected):
    password = history_repo(cli_repo, rng)
    first = git(cli_repo, 'rev-list', '--max-parents=0', 'HEAD').stdout.strip()
    for name in ('PRE_COMMIT_FROM_REF', 'PRE_COMMIT_TO_REF', 'PRE_COMMIT_REMOTE_NAME', 'PRE_COMMIT_LOCAL_BRANCH'):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value.replace('<first>', first).replace('<root>', first))
    run = main(capsys, 'scan', '--pre-push', '--format', 'json')
    assert [f['path'] for f in json.loads(run.out)['findings']] == expected
    assert run.code == (1 if expected else 0)
    assert password not in run.out + run.err


def test_pre_push_refuses_a_ref_that_looks_like_an_option(cli_repo, capsys, monkeypatch):
    monkeypatch.setenv('PRE_COMMIT_FROM_REF', '--output=x')
    monkeypatch.setenv('PRE_COMMIT_TO_REF', 'HEAD')
    assert main(capsys, 'scan', '--pre-push') == (
        2, '', 'secret-hooks: error: pre-push: a ref handed over by pre-commit looks like an option\n')


def test_history_of_a_repository_without_commits(cli_repo, capsys):
    run = main(capsys, 'scan', '--history', '--all', '--format', 'json')
    assert run.code == 0
    assert json.loads(run.out)['findings'] == []


def test_history_odd_paths_no_final_newline_and_twice_in_a_commit(cli_repo, capsys, rng):
    password = rng.token_urlsafe(16)
    line = f'engine = create_engine("{db_url(password)}")'
    write(cli_repo, 'dir "q"/a b.py', line)                     # no final newline, quoted path
    write(cli_repo, 'tab\tname.py', f'{line}\n{line}\n')          # the same secret twice
    write(cli_repo, 'baseline.secrets', '{}\n')                   # the configured baseline: not scanned
    git(cli_repo, 'add', '-A')
    git(cli_repo, 'commit', '-qm', 'odd')
    run = main(capsys, 'scan', '--history', '--no-baseline', '--format', 'json')
    assert sorted((f['path'], f['line']) for f in json.loads(run.out)['findings']) == [
        ('dir "q"/a b.py', 1)]  # one secret: reported once, at its first place
    assert password not in run.out + run.err


@pytest.mark.parametrize('argv', [[], ['locked.py', 'app.py'], ['.']])
def test_an_unreadable_file_is_exit_2_and_the_others_are_reported(cli_repo, capsys, rng, monkeypatch, argv):
    password = plant(cli_repo, rng)
    write(cli_repo, 'locked.py', 'x = 1\n')
    git(cli_repo, 'add', 'locked.py')
    unreadable(monkeypatch, 'locked.py')
    run = main(capsys, 'scan', '--format', 'json', *argv)
    assert run.code == 2
    assert run.err == 'secret-hooks: error: locked.py: cannot read: Permission denied\n'
    assert [f['path'] for f in json.loads(run.out)['findings']] == ['app.py']
    assert password not in run.out + run.err

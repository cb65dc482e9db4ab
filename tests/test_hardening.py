"""Security hardening: one regression test per defect of the red-team sweep (leaks, gate bypass,
data loss, unclear errors).  Every secret is built at test time from a seeded generator."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from hooks import atomic
from hooks import dotenv as envfile
from hooks import report
from hooks import rules
from hooks.baseline import model as baseline_mod
from hooks.cli import main
from hooks.detectors.db_url import iter_credentials
from hooks.filters import _url_credentials
from hooks.scan import scanner as scan
from tests.conftest import ROOT
from tests.conftest import git
from tests.conftest import init_repo
from tests.conftest import write
from tests.rotation.test_check import JWT
from tests.rotation.test_check import changed
from tests.rotation.test_check import render

ALNUM = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'


def token(rng: random.Random, n: int = 24, alphabet: str = ALNUM) -> str:
    return ''.join(rng.choice(alphabet) for _ in range(n))


@pytest.fixture
def rng() -> random.Random:
    return random.Random(20261125)


def _repo(tmp_path: Path, files: dict[str, str], commit: bool = True) -> Path:
    repo = init_repo(tmp_path / 'repo')
    for name, text in files.items():
        write(repo, name, text)
    git(repo, 'add', '-A')
    if commit:
        git(repo, 'commit', '-qm', 'init')
    return repo


def _run(monkeypatch, capsys, repo: Path, *argv: str) -> tuple[int, str, str]:
    monkeypatch.chdir(repo)
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _no_piece(output: str, value: str) -> None:
    for i in range(len(value) - 7):
        assert value[i:i + 8] not in output, (value[i:i + 8], output)


# --- Leaks: a credential in the user part of a URL ---------------------------------------------

def _url_user_cases(rng: random.Random) -> dict[str, tuple[str, list[str]]]:
    gh = 'ghp_' + token(rng, 36)
    akia = 'AKIA' + token(rng, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')
    aws_secret = token(rng, 40)
    opaque_user = token(rng, 32)
    opaque_pw = token(rng, 20)
    return {
        'github-token-user': ('REMOTE = "https://' + gh + ':x-oauth-basic@github.com/org/repo.git"\n', [gh]),
        'aws-key-user': (f'URL = "https://{akia}:{aws_secret}@s3.example.com/bucket"\n', [akia, aws_secret]),
        'opaque-token-user': (f'URL = "https://{opaque_user}:{opaque_pw}@api.example.com/"\n',
                              [opaque_user, opaque_pw]),
    }


@pytest.mark.parametrize('fmt', ['text', 'json', 'sarif'])
@pytest.mark.parametrize('case', ['github-token-user', 'aws-key-user', 'opaque-token-user'])
def test_url_user_credential_is_masked_in_every_format(tmp_path, monkeypatch, capsys, rng, fmt, case):
    text, values = _url_user_cases(rng)[case]
    repo = _repo(tmp_path, {'app/remote.py': text})
    code, out, err = _run(monkeypatch, capsys, repo, 'scan', '--format', fmt, '--', 'app/remote.py')
    assert code == 1, out + err
    for value in values:
        _no_piece(out + err, value)


def test_url_user_that_reads_as_a_name_is_still_shown(rng):
    password = token(rng)
    line = f'DSN = "postgresql://app_user:{password}@db.internal:5432/app"'
    assert report.redact('Database URL Credentials', password, line) == 'postgresql://app_user:****@db.internal:5432'


def test_url_credentials_have_one_reading_in_rules(rng):
    """`u:p@ss@host`: the plugin, the filters and the redaction read the same password."""
    password = token(rng, 10) + '@' + token(rng, 10)
    line = f'URL = "postgresql://app:{password}@db.internal/app"'
    (rule,) = rules.iter_url_credentials(line)
    assert (rule.user, rule.password, rule.host) == ('app', password, 'db.internal')
    assert [c.password for c in iter_credentials(line)] == [password]
    assert [p for _, p, _ in _url_credentials(line)] == [password]
    shown = report.redact('Database URL Credentials', password, line)
    assert shown == 'postgresql://app:****@db.internal'
    # Only rules reads URLs: the plugin keeps no URL pattern of its own.
    assert not hasattr(__import__('hooks.detectors.db_url', fromlist=['URL_RE']), 'URL_RE')
    assert not hasattr(report, 'ANY_URL_RE')


# --- Fingerprints: salted, stable, never the baseline's SHA-1 -----------------------------------

def test_fingerprint_is_a_salted_hmac_not_the_secret_sha1(tmp_path, monkeypatch, capsys, rng):
    password = token(rng, 6)  # short: its SHA-1 would fall to a brute force in seconds
    repo = _repo(tmp_path, {'app/db.py': f'URL = "postgresql://app:{password}@db/app"\n'})
    sha1 = hashlib.sha1(password.encode()).hexdigest()
    monkeypatch.chdir(repo)
    assert main(['baseline', 'create']) == 0
    doc = json.loads((repo / 'baseline.secrets').read_text())
    salt = doc[baseline_mod.SALT_KEY]
    assert len(salt) == 64 and doc['results']['app/db.py'][0]['hashed_secret'] == sha1
    capsys.readouterr()
    outputs = {}
    for fmt in ('text', 'json', 'sarif'):
        code, out, err = _run(monkeypatch, capsys, repo, 'scan', '--no-baseline', '--format', fmt, '--', 'app/db.py')
        assert code == 1
        outputs[fmt] = out
    expected = hmac.new(bytes.fromhex(salt), sha1.encode(), 'sha256').hexdigest()[:scan.FINGERPRINT_HEX]
    assert f'[{expected}]' in outputs['text']
    assert json.loads(outputs['json'])['findings'][0]['fingerprint'] == expected
    result = json.loads(outputs['sarif'])['runs'][0]['results'][0]
    assert result['partialFingerprints'] == {'secretFingerprint/v2': expected}
    for out in outputs.values():
        assert sha1[:8] not in out  # no piece of the unsalted hash is published


def test_fingerprint_is_stable_without_a_baseline_and_kept_by_update(tmp_path, monkeypatch, capsys, rng):
    password = token(rng)
    repo = _repo(tmp_path, {'app/db.py': f'URL = "postgresql://app:{password}@db/app"\n'})

    def fingerprint() -> str:
        capsys.readouterr()
        code, out, _ = _run(monkeypatch, capsys, repo, 'scan', '--no-baseline', '--format', 'json', '--', 'app/db.py')
        return str(json.loads(out)['findings'][0]['fingerprint'])

    first = fingerprint()
    assert fingerprint() == first  # no baseline yet: derived from the repository, stable
    assert main(['baseline', 'create']) == 0
    created = fingerprint()
    write(repo, 'app/other.py', f'URL = "postgresql://app:{token(rng)}@db/app"\n')
    git(repo, 'add', '-A')
    assert main(['baseline', 'update']) == 0
    capsys.readouterr()
    assert json.loads((repo / 'baseline.secrets').read_text())[baseline_mod.SALT_KEY]
    code, out, _ = _run(monkeypatch, capsys, repo, 'scan', '--no-baseline', '--format', 'json', '--', 'app/db.py')
    assert json.loads(out)['findings'][0]['fingerprint'] == created


def test_baseline_with_a_malformed_salt_is_refused(tmp_path):
    doc = {'version': '1.5.0', 'plugins_used': [], 'filters_used': [], 'results': {},
           baseline_mod.SALT_KEY: 'not-hex'}
    path = tmp_path / 'baseline.secrets'
    path.write_text(json.dumps(doc))
    with pytest.raises(baseline_mod.UsageError, match='fingerprint_salt'):
        baseline_mod.load(str(path))


# --- Gate bypass: file names are never options ---------------------------------------------------

@pytest.mark.parametrize('name', ['--exclude=.', '-x.py', '--no-baseline', '--format=json', '-h'])
def test_file_named_like_an_option_is_scanned_as_a_path(tmp_path, monkeypatch, capsys, rng, name):
    password = token(rng)
    repo = _repo(tmp_path, {'app/db.py': f'URL = "postgresql://app:{password}@db/app"\n', name: 'x = 1\n'})
    code, out, err = _run(monkeypatch, capsys, repo, 'scan', '--', name, 'app/db.py')
    assert code == 1, out + err
    assert out.startswith('app/db.py:1: Database URL Credentials')


@pytest.mark.parametrize('hook', ['scan-secrets', 'check-secret-fallbacks', 'check-env-files', 'check-secret-logging'])
def test_hook_entries_that_take_file_names_end_with_double_dash(hook):
    import yaml

    for config in ('.pre-commit-hooks.yaml', '.pre-commit-config.yaml'):
        doc = yaml.safe_load((ROOT / config).read_text())
        hooks = doc if isinstance(doc, list) else [h for r in doc['repos'] for h in r['hooks']]
        (entry,) = [h['entry'] for h in hooks if h['id'] == hook]
        assert entry.split()[-1] == '--', (config, entry)


def test_an_option_given_after_double_dash_is_explained(tmp_path, monkeypatch, capsys):
    repo = _repo(tmp_path, {'.env': 'A=1\n'})
    code, out, err = _run(monkeypatch, capsys, repo, 'check-env-files', '--', '--forbid-dotenv', '.env')
    assert code == 2 and err.count('\n') == 1
    assert 'pyproject.toml [tool.secret-hooks]' in err


def test_audit_takes_no_unknown_options_and_paths_after_double_dash(tmp_path, monkeypatch, capsys):
    repo = _repo(tmp_path, {'a.py': 'x = 1\n'})
    monkeypatch.chdir(repo)
    assert main(['baseline', 'create']) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as e:
        main(['baseline', 'audit', '--bogus'])
    assert e.value.code == 2
    capsys.readouterr()
    # After `--`, `--report` is a (missing) baseline file, not the report mode.
    code = main(['baseline', 'audit', '--stats', '--', '--report'])
    out, err = capsys.readouterr()
    assert code == 2 and '--report' in err and 'no such baseline' in err


def test_git_refusing_the_repository_stops_the_scan(tmp_path, monkeypatch, capsys, rng):
    password = token(rng)
    repo = _repo(tmp_path, {'.gitignore': '.env\n', 'app.py': 'x = 1\n'})
    write(repo, '.env', f'DATABASE_URL=postgresql://app:{password}@db/app\n')
    monkeypatch.setenv('GIT_TEST_ASSUME_DIFFERENT_OWNER', '1')  # git's own switch: dubious ownership
    code, out, err = _run(monkeypatch, capsys, repo, 'scan', '--no-baseline')
    assert code == 2 and out == ''
    assert 'git cannot list the tracked files' in err and 'safe.directory' in err
    assert err.count('\n') == 1 and password not in err


# --- Data loss: rotate, atomic writes, the merge driver ------------------------------------------

def _rotation_repo(tmp_path: Path, env_text: str) -> Path:
    repo = _repo(tmp_path, {
        '.gitignore': '.env\nsecrets/\n',
        'secrets-inventory.yaml': render(changed(JWT, last_rotated='2026-01-10')),
    })
    write(repo, '.env', env_text)
    return repo


def test_rotate_writes_through_a_symlinked_env_file(tmp_path, monkeypatch, capsys, rng):
    old = token(rng, 40)
    repo = _rotation_repo(tmp_path, '')
    (repo / '.env').unlink()
    write(repo, 'secrets/app.env', f'JWT_SECRET_KEY={old}\nJWT_PREVIOUS_SECRET_KEYS=\n')
    os.symlink('secrets/app.env', repo / '.env')
    code, out, err = _run(monkeypatch, capsys, repo, 'rotate', 'JWT_SECRET_KEY', '--env-file', '.env')
    assert code == 0, err
    assert (repo / '.env').is_symlink()
    values = {e.name: e.value for e in envfile.parse((repo / 'secrets/app.env').read_text())}
    assert values['JWT_SECRET_KEY'] != old and values['JWT_PREVIOUS_SECRET_KEYS'] == old


def test_rotate_keeps_a_previous_key_holding_an_escaped_quote(tmp_path, monkeypatch, capsys, rng):
    old, kept = token(rng, 30), token(rng, 10) + '"' + token(rng, 10)
    encoded = kept.replace('"', '\\"')
    repo = _rotation_repo(tmp_path, f'JWT_SECRET_KEY={old}\nJWT_PREVIOUS_SECRET_KEYS="{encoded}"\n')
    code, _, err = _run(monkeypatch, capsys, repo, 'rotate', 'JWT_SECRET_KEY', '--env-file', '.env')
    assert code == 0, err
    values = {e.name: e.value for e in envfile.parse((repo / '.env').read_text())}
    assert values['JWT_PREVIOUS_SECRET_KEYS'] == f'{old},{kept}'
    assert f'"{old},{encoded}"' in (repo / '.env').read_text()


def test_rotate_keeps_a_current_key_starting_with_dollar(tmp_path, monkeypatch, capsys, rng):
    old = '$' + token(rng, 30)
    repo = _rotation_repo(tmp_path, f"JWT_SECRET_KEY='{old}'\nJWT_PREVIOUS_SECRET_KEYS=\n")
    code, _, err = _run(monkeypatch, capsys, repo, 'rotate', 'JWT_SECRET_KEY', '--env-file', '.env')
    assert code == 0, err
    values = {e.name: e.value for e in envfile.parse((repo / '.env').read_text())}
    assert values['JWT_PREVIOUS_SECRET_KEYS'] == old


def test_killed_write_leaves_no_temporary_git_can_commit(tmp_path, rng):
    """A write killed between its temporary and its rename: nothing for `git add -A`, and the
    next write removes what was left."""
    repo = _rotation_repo(tmp_path, f'JWT_SECRET_KEY={token(rng)}\n')
    code = (
        'import os, sys\n'
        'from hooks import atomic\n'
        'os.replace = lambda *a: os._exit(9)\n'  # killed right before the rename
        'atomic.write_atomic(".env", b"JWT_SECRET_KEY=new-and-old\\n")\n'
    )
    done = subprocess.run([sys.executable, '-c', code], cwd=repo, env={**os.environ, 'PYTHONPATH': str(ROOT)})
    assert done.returncode == 9
    left = list((repo / '.git' / atomic.TMP_DIR_NAME).iterdir())
    assert len(left) == 1  # the temporary is inside .git ...
    git(repo, 'add', '-A')
    assert git(repo, 'status', '--porcelain').stdout == ''  # ... where git never stages it
    # An older version's temporary beside the target is cleaned too.
    (repo / '..env-abcd1234.tmp').write_text('JWT_SECRET_KEY=leftover\n')
    atomic.write_atomic(str(repo / '.env'), b'JWT_SECRET_KEY=x\n')
    assert list((repo / '.git' / atomic.TMP_DIR_NAME).iterdir()) == []
    assert not (repo / '..env-abcd1234.tmp').exists()


def test_merge_driver_keeps_entries_of_a_file_name_with_a_quote(tmp_path, monkeypatch, capsys):
    name = 'conf/we"ird.py'

    def side(verdict):
        entry = {'type': 'Secret Keyword', 'filename': name, 'hashed_secret': 'b' * 40,
                 'is_verified': False, 'line_number': 1}
        other = {'type': 'Secret Keyword', 'filename': 'plain.py', 'hashed_secret': 'c' * 40,
                 'is_verified': False, 'line_number': 2}
        if verdict is not None:
            entry['is_secret'] = verdict
        return json.dumps({'version': '1.5.0', 'plugins_used': [], 'filters_used': [],
                           'results': {name: [entry], 'plain.py': [other]}})

    for label, verdict in (('base', None), ('ours', True), ('theirs', False)):
        (tmp_path / label).write_text(side(verdict))
    code, out, err = _run(monkeypatch, capsys, tmp_path, 'baseline', 'merge', 'base', 'ours', 'theirs')
    assert code == 1
    merged = (tmp_path / 'ours').read_text()
    assert '__conflict__' not in merged
    assert merged.count('<<<<<<< ours') == 1 and '"is_secret": true' in merged and '"is_secret": false' in merged
    assert '"plain.py"' in merged


# --- Unclear errors -------------------------------------------------------------------------------

@pytest.mark.parametrize('case', ['missing-directory', 'directory-as-baseline', 'full-disk'])
def test_os_errors_are_one_line_not_internal(tmp_path, monkeypatch, capsys, case):
    repo = _repo(tmp_path, {'a.py': 'x = 1\n'})
    argv = ['baseline', 'create']
    if case == 'missing-directory':
        argv += ['--baseline', 'no/such/dir/baseline.secrets']
        expected = 'No such file or directory'
    elif case == 'directory-as-baseline':
        (repo / 'adir').mkdir()
        argv = ['baseline', 'update', '--baseline', 'adir']
        expected = 'adir'
    else:
        import errno

        def full(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, 'fsync', full)
        expected = os.strerror(errno.ENOSPC)
    code, out, err = _run(monkeypatch, capsys, repo, *argv)
    assert code == 2, err
    assert 'internal error' not in err and expected in err and err.count('\n') == 1, err


def test_deeply_nested_baseline_is_a_clear_error(tmp_path, monkeypatch, capsys):
    repo = _repo(tmp_path, {'a.py': 'x = 1\n'})
    (repo / 'baseline.secrets').write_text('{"version": "1.5.0", "results": ' + '[' * 200000 + ']' * 200000 + '}')
    code, out, err = _run(monkeypatch, capsys, repo, 'scan', '--', 'a.py')
    assert code == 2 and 'nested too deeply' in err and err.count('\n') == 1, err


def test_broken_pipe_is_one_line(tmp_path, rng):
    # More findings than a pipe holds (64 KiB): the writer meets the closed pipe whatever the timing.
    lines = ''.join(f'URL{n} = "postgresql://app:{token(rng)}@db{n}.internal/app"\n' for n in range(1200))
    repo = _repo(tmp_path, {'app/many.py': lines})
    proc = subprocess.Popen([sys.executable, '-m', 'hooks.cli', 'scan', '--no-baseline'], cwd=repo,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, 'PYTHONPATH': str(ROOT)})
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()  # as `| head -c 10` does
    err = proc.stderr.read().decode()
    assert proc.wait() == 2
    assert err == 'secret-hooks: error: output closed before it was complete (broken pipe)\n'


def test_newline_in_a_file_name_stays_on_one_line(tmp_path, monkeypatch, capsys, rng):
    name = 'app/a\nb.py'
    repo = _repo(tmp_path, {name: f'URL = "postgresql://app:{token(rng)}@db/app"\n'})
    code, out, err = _run(monkeypatch, capsys, repo, 'scan', '--no-baseline', '--', name)
    assert code == 1
    assert out.splitlines()[0].startswith('"app/a\\nb.py":1: Database URL Credentials')


@pytest.mark.parametrize(('config', 'args', 'value'), [
    ('[tool.secret-hooks]\nexclude = ["(VALUE"]\n', ['scan', '--', 'a.py'], 'sk_' + 'Zq7Wm2Rt9Kx4'),
    ('', ['keygen', '--prefix', 'VALUE'], 'Zq7Wm2Rt9Kx4Pv'),
    ('[tool.secret-hooks]\n"VALUE" = 1\n', ['scan', '--', 'a.py'], 'Zq7Wm2Rt9Kx4Pv'),
], ids=['config-regex', 'key-prefix', 'config-key'])
def test_error_messages_name_the_setting_not_its_value(tmp_path, monkeypatch, capsys, config, args, value):
    repo = _repo(tmp_path, {'a.py': 'x = 1\n', 'pyproject.toml': config.replace('VALUE', value)})
    code, out, err = _run(monkeypatch, capsys, repo, *[a.replace('VALUE', value) for a in args])
    assert code == 2 and err.count('\n') == 1, err
    assert value not in out + err


def test_inventory_key_is_not_echoed(tmp_path, monkeypatch, capsys, rng):
    value = token(rng, 30)
    repo = _repo(tmp_path, {'secrets-inventory.yaml': render(JWT) + f'{value}: 1\n'})
    code, out, err = _run(monkeypatch, capsys, repo, 'check-rotation')
    assert code == 2, out + err
    assert 'unknown key' in out + err and value not in out + err


def test_audit_refuses_regex_options_it_did_not_write(tmp_path, monkeypatch, capsys):
    """`(a+)+$` in a baseline's filter options is never compiled: detect-secrets would stall."""
    repo = _repo(tmp_path, {'a.py': 'x = 1\n'})
    monkeypatch.chdir(repo)
    assert main(['baseline', 'create']) == 0
    doc = json.loads((repo / 'baseline.secrets').read_text())
    doc['filters_used'].append({'path': 'detect_secrets.filters.regex.should_exclude_line',
                                'pattern': ['(a+)+$']})
    (repo / 'baseline.secrets').write_text(json.dumps(doc))
    capsys.readouterr()
    for mode in ('--report', '--stats'):
        assert main(['baseline', 'audit', mode]) == 2
        err = capsys.readouterr().err
        assert 'refusing to load options (regexes)' in err and '(a+)+$' not in err

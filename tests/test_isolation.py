"""hooks.isolation: one file's failure is one error line, the other files are still scanned and
checked; SECRET_HOOKS_DEBUG gives a redacted traceback; a closed stdout ends quietly; Python the
interpreter cannot parse is reported by name, never skipped."""
from __future__ import annotations

import os
import random
import string
import subprocess
import sys

import pytest

from hooks import cli
from hooks import env_files
from hooks import fallbacks
from hooks import isolation
from hooks.rotation import check as rotation
from hooks.scan import scanner as scan
from tests.conftest import ROOT
from tests.conftest import git
from tests.conftest import init_repo
from tests.conftest import run_cli
from tests.conftest import write

VERSION = f'{sys.version_info.major}.{sys.version_info.minor}'


def token(rng: random.Random, n: int = 22) -> str:
    return ''.join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))


def _fail_on(name: str, real, planted: str):  # type: ignore[no-untyped-def]
    """`real`, except that it raises (with a secret in its message) for the file `name`."""
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        filename = next(a for a in args if isinstance(a, str))  # (after `self` for a method)
        if filename == name:
            raise ValueError(f'unexpected value {planted}')
        return real(*args, **kwargs)
    return wrapper


@pytest.fixture
def repo(tmp_path, monkeypatch):
    path = init_repo(tmp_path / 'repo')
    monkeypatch.chdir(path)
    return path


def test_scan_one_failing_file_is_one_line_and_the_others_are_reported(repo, monkeypatch, capsys, rng):
    secret = token(rng)
    write(repo, 'a.py', f'password = "{secret}"\n')
    write(repo, 'bad.py', 'x = 1\n')
    write(repo, 'c.py', f'api_key = "{secret}x"\n')  # pragma: allowlist secret
    monkeypatch.setattr(scan.Scanner, 'scan_text', _fail_on('bad.py', scan.Scanner.scan_text, secret))
    assert cli.main(['scan', '--no-baseline', 'a.py', 'bad.py', 'c.py']) == 2
    out, err = capsys.readouterr()
    assert [line.split(':')[0] for line in out.splitlines() if line.endswith(']')] == ['a.py', 'c.py']
    assert err.splitlines() == ['secret-hooks: error: bad.py: internal error (ValueError)']
    assert secret not in out + err


def test_debug_prints_a_redacted_traceback(repo, monkeypatch, capsys, rng):
    secret = token(rng)
    write(repo, 'bad.py', 'x = 1\n')
    monkeypatch.setattr(scan.Scanner, 'scan_text', _fail_on('bad.py', scan.Scanner.scan_text, secret))
    monkeypatch.setenv('SECRET_HOOKS_DEBUG', '1')
    assert cli.main(['scan', '--no-baseline', 'bad.py']) == 2
    _, err = capsys.readouterr()
    assert 'Traceback (most recent call last):' in err
    assert 'in wrapper' in err and 'builtins.ValueError: (message withheld' in err
    assert err.splitlines()[-1] == 'secret-hooks: error: bad.py: internal error (ValueError)'
    assert secret not in err


def test_debug_traceback_of_a_command_error_is_redacted(monkeypatch, capsys, rng):
    planted = token(rng)

    def boom(args, config):  # type: ignore[no-untyped-def]
        try:
            {}[planted]
        except KeyError:
            raise RuntimeError(planted) from None

    monkeypatch.setenv('SECRET_HOOKS_DEBUG', '1')
    monkeypatch.setattr('hooks.keygen.run', boom)
    assert cli.main(['keygen']) == 2
    _, err = capsys.readouterr()
    assert 'RuntimeError' in err and planted not in err
    assert err.splitlines()[-1].startswith('secret-hooks: internal error (RuntimeError)')


def test_redacted_traceback_follows_the_chain_without_messages(rng):
    planted = token(rng)
    try:
        try:
            raise KeyError(planted)
        except KeyError as inner:
            raise ValueError(planted) from inner
    except ValueError as e:
        lines = isolation.redacted_traceback(e)
    text = '\n'.join(lines)
    assert 'builtins.KeyError' in text and 'builtins.ValueError' in text and 'which led to:' in text
    assert planted not in text


@pytest.mark.parametrize('command, module, attribute, bad', [
    (['check-fallbacks'], fallbacks, 'check_text', 'bad.py'),
    (['check-env-files'], env_files, 'check_env_text', 'bad.env'),
])
def test_checks_one_failing_file_is_one_line(repo, monkeypatch, capsys, command, module, attribute, bad, rng):
    value = token(rng)
    write(repo, bad, 'import os\nTOKEN = os.getenv("API_TOKEN")\n')  # names a secret: it is read
    if command == ['check-fallbacks']:
        write(repo, 'good.py', f'import os\nK = os.getenv("SECRET_KEY", "{value}")\n')
        good = 'good.py'
    else:
        write(repo, 'good.env', f'SECRET_KEY={value}\n')
        good = 'good.env'
    monkeypatch.setattr(module, attribute, _fail_on(bad, getattr(module, attribute), value))
    assert cli.main([*command, bad, good]) == 2
    out, err = capsys.readouterr()
    setting = out.splitlines()[0].split(': ')[1]
    assert out.startswith(f'{good}:{2 if good == "good.py" else 1}: ') and setting == 'SECRET_KEY'
    assert err.splitlines() == [f'secret-hooks: error: {bad}: internal error (ValueError)']
    assert value not in out + err


def test_rotation_one_failing_file_is_one_line(repo, monkeypatch, capsys, rng):
    write(repo, 'bad.py', 'import os\nos.getenv("API_TOKEN")\n')
    write(repo, 'app.py', 'import os\nos.getenv("JWT_SECRET_KEY")\n')
    git(repo, 'add', '-A')
    secret = token(rng)
    monkeypatch.setattr(rotation, 'used_env_variables', _fail_on('bad.py', rotation.used_env_variables, secret))
    assert cli.main(['check-rotation']) == 2
    out, err = capsys.readouterr()
    assert 'app.py:2: JWT_SECRET_KEY:' in out
    assert err.splitlines() == ['secret-hooks: error: bad.py: internal error (ValueError)']
    assert secret not in out + err


NEWER_PYTHON = 'try:\n    pass\nexcept ValueError, TypeError:\n    pass\n'  # 3.14 syntax


@pytest.mark.skipif(sys.version_info >= (3, 14), reason='parses on 3.14')
def test_newer_python_is_reported_once_by_name_and_the_rest_is_checked(tmp_path, rng):
    repo = init_repo(tmp_path / 'repo')
    value = token(rng)
    write(repo, 'new.py', 'import os\nos.getenv("API_TOKEN")\n' + NEWER_PYTHON)
    write(repo, 'config.py', f'import os\nK = os.getenv("SECRET_KEY", "{value}")\n')
    git(repo, 'add', '-A')
    done = run_cli('check-fallbacks', 'new.py', 'config.py', cwd=repo)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f'secret-hooks: error: new.py: cannot parse as Python {VERSION} (line 5)']
    assert 'config.py:2: SECRET_KEY:' in done.stdout

    rotated = run_cli('check-rotation', cwd=repo)
    assert rotated.returncode == 2
    assert rotated.stderr.splitlines() == [f'secret-hooks: error: new.py: cannot parse as Python {VERSION} (line 5)']
    assert 'config.py:2: SECRET_KEY:' in rotated.stdout  # the other file is still read
    assert value not in done.stdout + done.stderr + rotated.stdout + rotated.stderr


def test_closed_stdout_is_not_an_internal_error(tmp_path, rng):
    lines = [f'password_{i} = "{token(rng)}"' for i in range(3000)]
    (tmp_path / 'many.py').write_text('\n'.join(lines) + '\n')
    proc = subprocess.Popen(
        [sys.executable, '-m', 'hooks.cli', 'scan', '--no-baseline', 'many.py'],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, 'PYTHONPATH': str(ROOT)},
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read().decode()
    proc.wait()
    assert first.startswith(b'many.py:1: Secret Keyword:')
    # One line saying why (see also tests/test_hardening.py), never an internal error.
    assert err == 'secret-hooks: error: output closed before it was complete (broken pipe)\n'
    assert proc.returncode == 2


def test_baseline_check_reports_a_failing_file_not_stale_entries(repo, monkeypatch, capsys, rng):
    secret = token(rng)
    write(repo, 'a.py', f'password = "{secret}"\n')
    git(repo, 'add', '-A')
    assert cli.main(['baseline', 'create']) == 0
    capsys.readouterr()
    monkeypatch.setattr(scan.Scanner, 'scan_text', _fail_on('a.py', scan.Scanner.scan_text, secret))
    assert cli.main(['baseline', 'check']) == 2
    out, err = capsys.readouterr()
    assert 'stale' not in out
    assert err.splitlines() == ['secret-hooks: error: a.py: internal error (ValueError)']
    assert secret not in out + err

"""hooks.cli.main in-process: --help and --version, argument errors, keygen, and how every
failure becomes one line and an exit code (never a traceback, never a value)."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from hooks import __version__
from hooks import cli
from hooks import keys
from tests.cli_helpers import main

COMMANDS = ['scan', 'baseline', 'keygen', 'check-fallbacks', 'check-env-files', 'check-rotation',
            'check-logging', 'init', 'check-all', 'rotate']
BASELINE_ACTIONS = ['create', 'update', 'allow', 'check', 'merge', 'audit', 'acknowledge']
USAGE = 'usage: secret-hooks [-h] [--version] COMMAND ...\n'


def exits(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[object, str, str]:
    """argparse's own exits (help, version, bad arguments): (code, stdout, stderr)."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as e:
        cli.main(list(argv))
    out, err = capsys.readouterr()
    return e.value.code, out, err


def test_version(capsys):
    assert exits(capsys, '--version') == (0, f'secret-hooks {__version__}\n', '')


def test_help_lists_every_command(capsys):
    code, out, err = exits(capsys, '--help')
    assert (code, err) == (0, '')
    assert out.startswith(USAGE)
    for name in COMMANDS:
        assert re.search(rf'\n    {name}\s', out), name


@pytest.mark.parametrize('argv', [[name, '--help'] for name in COMMANDS]
                         + [['baseline', action, '--help'] for action in BASELINE_ACTIONS])
def test_every_command_has_help(capsys, argv):
    code, out, err = exits(capsys, *argv)
    assert (code, err) == (0, '')
    assert out.startswith(f'usage: secret-hooks {" ".join(argv[:-1])} ')


@pytest.mark.parametrize('argv, message', [
    ([], 'secret-hooks: error: the following arguments are required: COMMAND'),
    (['nope'], "secret-hooks: error: argument COMMAND: invalid choice: 'nope' (choose from "
               + ', '.join(f"'{n}'" for n in COMMANDS) + ')'),
    (['scan', '--bogus'], 'secret-hooks: error: unrecognized arguments: --bogus'),
    (['baseline'], 'secret-hooks baseline: error: the following arguments are required: ACTION'),
    (['scan', '--format', 'xml'], None),
    (['keygen', '--env', 'prod'], None),
    (['rotate'], 'secret-hooks rotate: error: the following arguments are required: NAME'),
    (['baseline', 'acknowledge', 'abc'],
     'secret-hooks baseline acknowledge: error: the following arguments are required: --reason'),
])
def test_argument_errors_exit_2(capsys, argv, message):
    code, out, err = exits(capsys, *argv)
    assert (code, out) == (2, '')
    assert err.startswith('usage: secret-hooks')
    if message is not None:
        assert err.splitlines()[-1] == message


@pytest.mark.parametrize('argv, prefix, env', [
    ([], 'b2b', 'live'),
    (['--prefix', 'acme'], 'acme', 'live'),
    (['--prefix', 'acme', '--env', 'test'], 'acme', 'test'),
])
def test_keygen_prints_one_valid_key(capsys, argv, prefix, env):
    run = main(capsys, 'keygen', *argv)
    assert (run.code, run.err) == (0, '')
    key = run.out.rstrip('\n')
    assert run.out == key + '\n'
    assert key.startswith(f'{prefix}_{env}_') and keys.is_valid_key(key, prefixes=[prefix])


def test_keygen_bad_prefix_is_not_echoed(capsys):
    run = main(capsys, 'keygen', '--prefix', 'B A D')
    assert run == (2, '', 'secret-hooks: error: invalid key prefix (not shown): 2-10 characters, '
                          'a lower-case letter then lower-case letters or digits\n')


# -- every failure: one line, an exit code ------------------------------------------------------

def _raising(exc: BaseException):  # type: ignore[no-untyped-def]
    def generate_key(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise exc
    return generate_key


@pytest.mark.parametrize('exc, code, err', [
    (KeyboardInterrupt(), 130, ''),
    (BrokenPipeError(), 2, 'secret-hooks: error: output closed before it was complete (broken pipe)\n'),
    (RecursionError(), 2, None),
    (FileNotFoundError(2, 'No such file or directory', 'some/dir'), 2,
     'secret-hooks: error: some/dir: No such file or directory\n'),
    (PermissionError(13, 'Permission denied'), 2, 'secret-hooks: error: Permission denied\n'),
    (OSError(), 2, 'secret-hooks: error: OSError\n'),
    (RuntimeError('<planted>'), 2, 'secret-hooks: internal error (RuntimeError); rerun with '
                                   'SECRET_HOOKS_DEBUG=1 for a traceback and report it\n'),
])
def test_failures_are_one_line(capsys, monkeypatch, rng, exc, code, err):
    planted = rng.token_urlsafe(16)
    if exc.args and exc.args[0] == '<planted>':
        exc = type(exc)(planted)
    monkeypatch.setattr(keys, 'generate_key', _raising(exc))
    if isinstance(exc, BrokenPipeError):  # the CLI points fd 1 at /dev/null: not this process's
        monkeypatch.setattr(os, 'dup2', lambda fd, fd2: None)
    run = main(capsys, 'keygen')
    assert (run.code, run.out) == (code, '')
    if err is None:
        assert run.err.startswith('secret-hooks: error: input nested too deeply to read') and run.err.count('\n') == 1
    else:
        assert run.err == err
    assert planted not in run.err


def test_debug_traceback_withholds_the_message(capsys, monkeypatch, rng):
    planted = rng.token_urlsafe(16)
    monkeypatch.setattr(keys, 'generate_key', _raising(RuntimeError(planted)))
    monkeypatch.setenv('SECRET_HOOKS_DEBUG', '1')
    run = main(capsys, 'keygen')
    assert run.code == 2
    assert 'Traceback (most recent call last):' in run.err
    assert run.err.splitlines()[-1].startswith('secret-hooks: internal error (RuntimeError)')
    assert planted not in run.err


def test_os_error_of_a_real_command(cli_repo, capsys):
    run = main(capsys, 'baseline', 'create', '--baseline', 'nodir/x.secrets')
    assert run == (2, '', 'secret-hooks: error: nodir/x.secrets: No such file or directory\n')


@pytest.mark.parametrize('argv', [
    ('scan',), ('baseline', 'check'), ('baseline', 'update'), ('baseline', 'audit', '--report'),
])
@pytest.mark.parametrize('text', ['[' * 100_000, '{"results": ' + '[' * 100_000 + ']' * 100_000 + '}'])
def test_deeply_nested_baseline(cli_repo, capsys, argv, text):
    # Every command that reads the baseline names it (`check` read it for its cache key first).
    (cli_repo / 'baseline.secrets').write_text(text)
    run = main(capsys, *argv)
    assert run == (2, '', 'secret-hooks: error: baseline.secrets: not a detect-secrets baseline: '
                          'JSON nested too deeply\n')


def test_main_reads_sys_argv(capsys, monkeypatch):
    monkeypatch.setattr('sys.argv', ['secret-hooks', 'keygen', '--env', 'test'])
    assert cli.main() == 0
    assert capsys.readouterr().out.startswith('b2b_test_')


def test_the_process_runs_main_and_ends_without_a_last_collection():
    # The console script is `run`: main's exit code, then the objects left are frozen so the
    # interpreter's exit does not walk them (it is a process of its own: freezing this one
    # would keep every later test's garbage).
    from importlib.metadata import entry_points

    (script,) = entry_points(group='console_scripts', name='secret-hooks')
    assert script.value == 'hooks.cli:run'
    code = ("import gc, sys\nfrom hooks import cli\nsys.argv = ['secret-hooks', 'keygen', '--env', 'test']\n"
            "code = cli.run()\nprint(code, gc.get_freeze_count() > 0)")
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True).stdout
    key, verdict = out.splitlines()
    assert keys.is_valid_key(key)
    assert verdict == '0 True'

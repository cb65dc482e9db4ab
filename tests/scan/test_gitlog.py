"""hooks.scan.gitlog: the commits a history scan reads, and git's log read ahead of the scan
by a child process (every byte, at most READ_AHEAD of them held, a failure never a shorter
history)."""
from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from hooks.cli import main
from hooks.scan import gitlog
from tests.conftest import git
from tests.conftest import write

# --- the commits a pre-push hook is asked about ------------------------------------------------

@pytest.mark.parametrize('env, expected', [
    ({'PRE_COMMIT_FROM_REF': 'a' * 40, 'PRE_COMMIT_TO_REF': 'b' * 40}, ['b' * 40, '^' + 'a' * 40]),
    ({'PRE_COMMIT_FROM_REF': '0' * 40, 'PRE_COMMIT_TO_REF': 'b' * 40}, ['b' * 40, '--not', '--remotes']),
    ({'PRE_COMMIT_TO_REF': '0' * 40, 'PRE_COMMIT_FROM_REF': 'a' * 40}, []),
    ({'PRE_COMMIT_LOCAL_BRANCH': 'refs/heads/topic'}, ['refs/heads/topic', '--not', '--remotes']),
    ({}, ['HEAD', '--not', '--remotes']),
], ids=['update', 'new-branch', 'delete', 'root-push', 'no-env'])
def test_push_revisions(cli_repo, env, expected):
    assert gitlog.push_revisions(env) == expected


def test_push_revisions_exclude_what_the_named_remote_has(cli_repo):
    git(cli_repo, 'remote', 'add', 'origin', str(cli_repo))
    env = {'PRE_COMMIT_FROM_REF': '0' * 40, 'PRE_COMMIT_TO_REF': 'b' * 40, 'PRE_COMMIT_REMOTE_NAME': 'origin'}
    assert gitlog.push_revisions(env) == ['b' * 40, '--not', '--remotes=origin']


# --- the relay ---------------------------------------------------------------------------------

@pytest.mark.parametrize('limit', [4099, 65_537, None])
def test_the_relay_copies_every_byte_whatever_its_limit(tmp_path, limit, rng):
    data = rng.randbytes(3 << 20)
    (tmp_path / 'in').write_bytes(data)
    with open(tmp_path / 'out', 'wb') as out:
        source = subprocess.Popen(['cat', str(tmp_path / 'in')], stdout=subprocess.PIPE)
        sink = subprocess.Popen(['cat'], stdin=subprocess.PIPE, stdout=out)
        gitlog.relay(source.stdout.fileno(), sink.stdin.fileno(), limit)
        sink.stdin.close()
        assert (source.wait(), sink.wait()) == (0, 0)
    assert (tmp_path / 'out').read_bytes() == data


def test_the_relay_holds_no_more_than_its_limit(tmp_path, rng):
    # What it has read from the source and the reader has not taken is what it holds plus what
    # the pipe holds: never past its limit and the pipe's size, however slow the reader.
    import fcntl

    data, limit = rng.randbytes(2 << 20), 50_000
    (tmp_path / 'in').write_bytes(data)
    read_end, write_end = os.pipe()
    capacity = fcntl.fcntl(read_end, getattr(fcntl, 'F_GETPIPE_SZ', 1032))
    taken = bytearray()
    with open(tmp_path / 'in', 'rb') as source:
        relay = threading.Thread(target=gitlog.relay, args=(source.fileno(), write_end, limit), daemon=True)
        relay.start()
        try:
            while len(taken) < len(data):
                taken += os.read(read_end, 4096)
                assert os.lseek(source.fileno(), 0, os.SEEK_CUR) - len(taken) <= limit + capacity
        finally:
            os.close(read_end)  # (a relay still writing ends on the broken pipe)
            relay.join()
            os.close(write_end)
    assert taken == data


# --- the log -----------------------------------------------------------------------------------

def _big_history(repo) -> None:
    # A log of a few megabytes: past any pipe's size, and past a read-ahead of one.
    write(repo, 'notes.txt', ''.join(f'note {n} of the release\n' for n in range(150_000)))
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'notes')


def test_git_runs_to_its_end_before_the_scan_reads_a_byte(cli_repo):
    _big_history(cli_repo)
    log = gitlog.start(['HEAD'])
    assert log is not None and log.relay
    try:
        assert log.proc.wait(timeout=300) == 0  # (a guard against a hang, not a time budget)
        streamed = log.stdout.read()
        assert log.finish() == 1
    finally:
        log.stop()
    assert log.relay == 0  # reaped
    assert streamed == subprocess.run(gitlog.log_command(['HEAD']), capture_output=True, check=True).stdout


@pytest.mark.parametrize('read_ahead', [4099, 1 << 16, gitlog.READ_AHEAD])
def test_the_stream_is_gits_output_byte_for_byte(cli_repo, monkeypatch, read_ahead):
    # The relay stops reading git at this process's first read and passes on what it holds;
    # git is read directly after that (with a small read-ahead, in the middle of the log).
    _big_history(cli_repo)
    monkeypatch.setattr(gitlog, 'READ_AHEAD', read_ahead)
    log = gitlog.start(['HEAD'])
    assert log is not None and log.relay
    try:
        streamed = b''.join(iter(lambda: log.stdout.read(5000), b''))
        assert log.finish() == 1
    finally:
        log.stop()
    assert streamed == subprocess.run(gitlog.log_command(['HEAD']), capture_output=True, check=True).stdout


@pytest.mark.parametrize('no_fork', ['fails', 'missing'])
def test_where_no_process_can_be_forked_git_is_read_directly(cli_repo, monkeypatch, no_fork):
    _big_history(cli_repo)

    def fails() -> int:
        raise BlockingIOError(11, 'Resource temporarily unavailable')

    if no_fork == 'fails':
        monkeypatch.setattr(os, 'fork', fails)
    else:
        monkeypatch.delattr(os, 'fork')
    log = gitlog.start(['HEAD'])
    assert log is not None and log.relay == 0
    try:
        streamed = log.stdout.read()
        assert log.finish() == 1
    finally:
        log.stop()
    assert streamed == subprocess.run(gitlog.log_command(['HEAD']), capture_output=True, check=True).stdout


def _dies_after_a_little(source: int, target: int, limit: int | None = None) -> None:
    os.write(target, os.read(source, 100))
    raise OSError('the relay is gone (out of memory, a signal)')


def test_a_relay_that_ends_early_is_an_error_not_a_shorter_history(cli_repo, monkeypatch, capsys):
    _big_history(cli_repo)
    monkeypatch.setattr(gitlog, 'relay', _dies_after_a_little)
    assert main(['scan', '--history']) == 2
    assert capsys.readouterr().err == (
        'secret-hooks: error: git log: the process reading its output ended early (exit 1); '
        'what came after was not scanned\n')


_SPY = '''
import subprocess, sys
loaded = []
popen = subprocess.Popen.__init__
def spy(self, args, *rest, **options):
    if 'log' in args:
        loaded.append(sorted({'hooks.scan.scanner', 'detect_secrets', 'yaml'} & set(sys.modules)))
    popen(self, args, *rest, **options)
subprocess.Popen.__init__ = spy
from hooks import cli
code = cli.main(['scan', '--history', '--no-baseline'])
print(code, loaded)
'''


def test_the_scan_command_starts_git_before_it_loads_the_scanner(cli_repo):
    # (what lets git run beside those imports: one more import at the top of the command's
    # module would undo it without a finding changing)
    write(cli_repo, 'a.py', 'x = 1\n')
    git(cli_repo, 'add', '-A')
    git(cli_repo, 'commit', '-q', '-m', 'first')
    run = subprocess.run([sys.executable, '-c', _SPY], cwd=cli_repo, capture_output=True, text=True, check=True)
    assert run.stdout == '0 [[]]\n'

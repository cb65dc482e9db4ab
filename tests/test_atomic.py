"""hooks.atomic: the temporary lives in the git directory, permissions are kept, a symlink is
written through, temporaries of killed writes are removed (not those of a live writer), and a
failed write leaves the target as it was, with the error naming the target."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from hooks import atomic
from tests.conftest import init_repo

DEAD_PID = 9_999_999  # above Linux's largest pid_max (2**22): no such process


def temporaries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith('.tmp'))


def test_new_file_in_a_repository(tmp_path):
    repo = init_repo(tmp_path / 'repo')
    atomic.write_atomic(str(repo / 'baseline.secrets'), b'{}\n')
    assert (repo / 'baseline.secrets').read_bytes() == b'{}\n'
    assert stat.S_IMODE((repo / 'baseline.secrets').stat().st_mode) == 0o644
    assert atomic.temp_dir_for(str(repo / 'baseline.secrets')) == str(repo / '.git' / atomic.TMP_DIR_NAME)
    assert temporaries(repo) == [] and temporaries(repo / '.git' / atomic.TMP_DIR_NAME) == []


@pytest.mark.parametrize('mode', [0o600, 0o640, 0o755])
def test_permissions_are_kept(tmp_path, mode):
    target = tmp_path / '.env'
    target.write_text('A=1\n')
    target.chmod(mode)
    atomic.write_atomic(str(target), b'A=2\n')
    assert stat.S_IMODE(target.stat().st_mode) == mode and target.read_text() == 'A=2\n'


def test_new_file_mode(tmp_path):
    atomic.write_atomic(str(tmp_path / 'x'), b'x', new_file_mode=0o600)
    assert stat.S_IMODE((tmp_path / 'x').stat().st_mode) == 0o600


def test_a_symlink_is_written_through(tmp_path):
    (tmp_path / 'real.env').write_text('A=1\n')
    (tmp_path / 'link.env').symlink_to('real.env')
    atomic.write_atomic(str(tmp_path / 'link.env'), b'A=2\n')
    assert (tmp_path / 'link.env').is_symlink()
    assert (tmp_path / 'real.env').read_text() == 'A=2\n'


@pytest.mark.parametrize('gitfile, found', [
    ('gitdir: {gitdir}\n', True),        # a worktree or submodule
    ('gitdir: missing-dir\n', False),
    ('not a gitdir line\n', False),
])
def test_git_dir_of_a_worktree_file(tmp_path, gitfile, found):
    gitdir = tmp_path / 'elsewhere' / 'worktrees' / 'w'
    gitdir.mkdir(parents=True)
    work = tmp_path / 'w'
    (work / 'sub').mkdir(parents=True)
    (work / '.git').write_text(gitfile.format(gitdir=gitdir))
    assert atomic.git_dir(str(work / 'sub')) == (str(gitdir) if found else None)


def test_git_dir_of_an_unreadable_git_file(tmp_path):
    (tmp_path / '.git').write_bytes(b'\xff\xfe not utf-8')
    assert atomic.git_dir(str(tmp_path)) is None


def test_outside_git_the_temporary_goes_beside_the_target(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, 'git_dir', lambda directory: None)
    assert atomic.temp_dir_for(str(tmp_path / 'a.txt')) == str(tmp_path)


def test_an_unusable_git_directory_falls_back_to_the_target_directory(tmp_path):
    repo = init_repo(tmp_path / 'repo')
    (repo / '.git' / atomic.TMP_DIR_NAME).write_text('a file where the directory would go')
    assert atomic.temp_dir_for(str(repo / 'a.txt')) == str(repo)
    atomic.write_atomic(str(repo / 'a.txt'), b'x')
    assert (repo / 'a.txt').read_bytes() == b'x' and temporaries(repo) == []


def test_stale_temporaries_go_and_live_ones_stay(tmp_path):
    stale = [f'.baseline.secrets-p{DEAD_PID}-abcd1234.tmp', '.baseline.secrets-k2j4h5g6.tmp',
             f'.other-p{DEAD_PID}-zz99aa11.tmp']
    live = [f'.baseline.secrets-p{os.getppid()}-abcd1234.tmp']   # a running process's write
    kept = ['.notes.tmp', '.baseline.secrets-UPPER123.tmp']      # not named as ours
    for name in stale + live + kept:
        (tmp_path / name).write_text('old and new keys')
    atomic.write_atomic(str(tmp_path / 'baseline.secrets'), b'{}')
    assert temporaries(tmp_path) == sorted(live + kept)


def test_stale_temporaries_beside_the_target_go_too(tmp_path):
    repo = init_repo(tmp_path / 'repo')
    name = f'.baseline.secrets-p{DEAD_PID}-abcd1234.tmp'  # left by an older version, beside it
    (repo / name).write_text('x')
    atomic.write_atomic(str(repo / 'baseline.secrets'), b'{}')
    assert temporaries(repo) == []


def test_a_missing_directory_names_the_target(tmp_path):
    target = str(tmp_path / 'no' / 'such' / 'baseline.secrets')
    with pytest.raises(OSError) as e:
        atomic.write_atomic(target, b'{}')
    assert e.value.filename == target


@pytest.mark.parametrize('error', [OSError(28, 'No space left on device'), KeyboardInterrupt()])
def test_a_failed_write_leaves_the_target_and_no_temporary(tmp_path, monkeypatch, error):
    target = tmp_path / 'baseline.secrets'
    target.write_text('before')

    def fail(fd: int) -> None:
        raise error

    monkeypatch.setattr(os, 'fsync', fail)
    with pytest.raises(type(error)) as e:
        atomic.write_atomic(str(target), b'after')
    if isinstance(error, OSError):
        assert (e.value.filename, e.value.strerror) == (str(target), 'No space left on device')
    assert target.read_text() == 'before' and temporaries(tmp_path) == []

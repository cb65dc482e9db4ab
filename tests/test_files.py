"""hooks.files: the one file walker of the checks (iter_texts) and its per-path rules."""
from __future__ import annotations

import os

import pytest

from hooks.files import iter_texts
from hooks.files import stat_wanted


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'app').mkdir()
    (tmp_path / 'app' / 'a.py').write_text('x = 1\n')
    (tmp_path / 'app' / 'b.py').write_text('y = 2\r\n')
    (tmp_path / 'app' / 'blob.bin').write_bytes(b'\x00\x01\x02' * 100)
    (tmp_path / 'app' / 'dir.py').mkdir()
    (tmp_path / 'vendor').mkdir()
    (tmp_path / 'vendor' / 'v.py').write_text('z = 3\n')
    os.symlink('a.py', tmp_path / 'app' / 'link.py')
    return tmp_path


@pytest.mark.parametrize('paths, exclude, expected, errors', [
    (['app/a.py', './app/b.py'], [], [('app/a.py', 'x = 1\n'), ('app/b.py', 'y = 2\n')], []),
    (['app/link.py', 'app/dir.py', 'app/blob.bin'], [], [], []),
    (['vendor/v.py', 'app/a.py'], ['^vendor/'], [('app/a.py', 'x = 1\n')], []),
    # An excluded name is not even looked at: no error for one that does not exist.
    (['vendor/gone.py'], ['^vendor/'], [], []),
    (['app/gone.py', 'app/a.py'], [], [('app/a.py', 'x = 1\n')],
     ['app/gone.py: cannot read: No such file or directory']),
    (['app/new\nline.py'], [], [], ['"app/new\\nline.py": cannot read: No such file or directory']),
], ids=['read', 'link-directory-binary-skipped', 'excluded', 'excluded-missing', 'missing',
        'name-quoted'])
def test_iter_texts(tree, paths, exclude, expected, errors):
    found: list[str] = []
    assert list(iter_texts(paths, found, exclude)) == expected
    assert found == errors


def test_unwanted_names_are_not_opened(tree):
    errors: list[str] = []
    seen: list[str] = []

    def wanted(name: str) -> bool:
        seen.append(name)
        return name.endswith('a.py')

    assert [n for n, _ in iter_texts(['app/gone.py', 'app/a.py'], errors, (), wanted)] == ['app/a.py']
    assert errors == [] and seen == ['app/gone.py', 'app/a.py']


def test_an_unreadable_file_is_one_error_and_the_rest_is_read(tree):
    if os.geteuid() == 0:
        pytest.skip('root reads any file')
    (tree / 'app' / 'a.py').chmod(0)
    errors: list[str] = []
    assert list(iter_texts(['app/a.py', 'app/b.py'], errors)) == [('app/b.py', 'y = 2\n')]
    assert errors == ['app/a.py: cannot read: Permission denied']


def test_stat_wanted(tree):
    never = lambda _: False  # noqa: E731
    assert stat_wanted('app/a.py', 'app/a.py', never) is not None
    assert stat_wanted('app/link.py', 'app/link.py', never) is None
    assert stat_wanted('app/dir.py', 'app/dir.py', never) is None
    assert stat_wanted('app/gone.py', 'app/gone.py', lambda _: True) is None
    with pytest.raises(FileNotFoundError):
        stat_wanted('app/gone.py', 'app/gone.py', never)


def test_repository_files_are_the_tracked_files_in_the_work_tree(tmp_path, monkeypatch):
    from hooks.files import repository_files
    from tests.conftest import git
    from tests.conftest import init_repo
    from tests.conftest import write

    repo = init_repo(tmp_path / 'repo')
    for name in ('a.py', 'sub/b.py', 'sub/gone.py', 'untracked.py'):
        write(repo, name, 'x = 1\n')
    git(repo, 'add', 'a.py', 'sub')
    (repo / 'sub' / 'gone.py').unlink()  # deleted in the work tree: nothing to check
    monkeypatch.chdir(repo)
    assert repository_files() == ['a.py', 'sub/b.py']
    assert repository_files('sub') == ['sub/b.py']

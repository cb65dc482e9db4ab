"""Shared fixtures: temporary git repositories, and real pre-commit runs against a clone of
this checkout (its working tree as it is now, so uncommitted changes are what gets tested).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterable
from typing import Iterator
from typing import Sequence

import pytest

from tests.seeded import SeededRandom

ROOT = Path(__file__).resolve().parent.parent
GIT_ENV = {
    'GIT_AUTHOR_NAME': 'Test', 'GIT_AUTHOR_EMAIL': 'test@example.invalid',
    'GIT_COMMITTER_NAME': 'Test', 'GIT_COMMITTER_EMAIL': 'test@example.invalid',
    'GIT_CONFIG_NOSYSTEM': '1',
}


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ['git', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', *args],
        cwd=repo, capture_output=True, text=True, check=check,
        env={**os.environ, **GIT_ENV},
    )


def init_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, 'init', '-q')
    return path


def write(repo: Path, relpath: str, text: str) -> Path:
    target = repo / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, 'w', encoding='utf-8', newline='') as f:  # Path.write_text(newline=) is 3.10+
        f.write(text)
    return target


@pytest.fixture(scope='session')
def project_clone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this checkout's files, committed: (path, rev) for `repo:`."""
    clone = tmp_path_factory.mktemp('secret-hooks-clone')
    listed = subprocess.run(
        ['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split('\0')
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file() and not rel.startswith(('tests/', 'benchmarks/')):
            (clone / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, clone / rel)
    init_repo(clone)
    git(clone, 'add', '-A')
    git(clone, 'commit', '-qm', 'snapshot for tests')
    rev = git(clone, 'rev-parse', 'HEAD').stdout.strip()
    return clone, rev


@pytest.fixture(scope='session')
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One PRE_COMMIT_HOME for the session: the hook environment is built once."""
    return tmp_path_factory.mktemp('pre-commit-home')


class PreCommitRepo:
    """A temporary git repository whose .pre-commit-config.yaml uses this project's hooks."""

    def __init__(self, path: Path, clone: tuple[Path, str], home: Path) -> None:
        self.path = path
        self.clone, self.rev = clone
        self.home = home

    def configure(self, hook_ids: Iterable[str], args: dict[str, Sequence[str]] | None = None) -> None:
        lines = ['repos:', f'  - repo: {self.clone}', f'    rev: {self.rev}', '    hooks:']
        for hook_id in hook_ids:
            lines.append(f'      - id: {hook_id}')
            if args and hook_id in args:
                lines.append(f'        args: {list(args[hook_id])!r}')
        write(self.path, '.pre-commit-config.yaml', '\n'.join(lines) + '\n')

    def env(self) -> dict[str, str]:
        return {**os.environ, **GIT_ENV, 'PRE_COMMIT_HOME': str(self.home)}

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`pre-commit ARGS` in the repository."""
        return subprocess.run(
            [sys.executable, '-m', 'pre_commit', *args],
            cwd=self.path, capture_output=True, text=True, env=self.env(),
        )

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ['git', *args], cwd=self.path, capture_output=True, text=True, check=check,
            env=self.env(),
        )

    def write(self, relpath: str, text: str) -> Path:
        return write(self.path, relpath, text)

    def git_cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`secret-hooks ARGS` run in this repository."""
        return run_cli(*args, cwd=self.path)


@pytest.fixture
def pre_commit_repo(tmp_path: Path, project_clone: tuple[Path, str], pre_commit_home: Path) -> PreCommitRepo:
    return PreCommitRepo(init_repo(tmp_path / 'repo'), project_clone, pre_commit_home)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`secret-hooks ARGS` in a subprocess (what a user runs)."""
    return subprocess.run(
        [sys.executable, '-m', 'hooks.cli', *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, 'PYTHONPATH': str(ROOT)},
    )


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> SeededRandom:
    """Random test data, seeded per test (its node id): the same values on every run."""
    return SeededRandom(request.node.nodeid)


@pytest.fixture
def restore_logging() -> Iterable[None]:
    """Tests that call logging.config.dictConfig leave the logging tree as they found it."""
    import logging

    def state() -> dict[str, tuple[list[logging.Handler], int, bool, bool]]:
        loggers = [logging.root, *(
            lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger)
        )]
        return {lg.name: (lg.handlers[:], lg.level, lg.propagate, lg.disabled) for lg in loggers}

    saved = state()
    yield
    for name in state():
        lg = logging.root if name == 'root' else logging.getLogger(name)
        handlers, level, propagate, disabled = saved.get(name, ([], logging.NOTSET, True, False))
        for handler in lg.handlers:
            if handler not in handlers:
                handler.close()
        lg.handlers[:], lg.level, lg.propagate, lg.disabled = handlers, level, propagate, disabled


@pytest.fixture(autouse=True)
def reset_detect_secrets() -> Iterator[None]:
    """detect-secrets keeps process-wide state: the `get_settings()` singleton (plugins and
    filters configured), the lru caches of `get_plugins`/`get_filters` and of each configured
    filter module (compiled regexes), and the class-by-type mapping our plugins register into.
    Each test starts from none of it, as a fresh process would.  Modules not imported yet are not
    imported here (tests that never load detect-secrets pay nothing)."""
    yield
    settings = sys.modules.get('detect_secrets.settings')
    if settings is None:
        return
    settings.cache_bust()  # plugin/filter caches, the filter modules' caches, the singleton
    util = sys.modules.get('detect_secrets.core.plugins.util')
    if util is not None:
        util.get_mapping_from_secret_type_to_class.cache_clear()  # registered plugin classes


@pytest.fixture
def cli_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty git repository, the current directory for the test (for in-process
    `hooks.cli.main([...])`), outside pre-commit and with none of the CLI's variables set."""
    path = init_repo(tmp_path / 'repo')
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    for name in ('PRE_COMMIT', 'ALLOW_FINDINGS', 'ALLOW_REASON', 'SECRET_HOOKS_DEBUG',
                 'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(path)
    return path

"""`secret-hooks check-all` (hook secret-hooks-all): the six commit-stage hooks in one process
give exactly what the six hooks give run separately, each on the files pre-commit gives it."""
from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Callable

import pytest
import yaml
from pre_commit.commands.run import Classifier

from hooks import check_all
from hooks import findings
from hooks.cli import main
from tests.conftest import ROOT
from tests.conftest import git
from tests.conftest import init_repo
from tests.conftest import write

ALL = 'secret-hooks-all'


def published_hooks() -> list[dict]:
    with open(ROOT / '.pre-commit-hooks.yaml') as f:
        return yaml.safe_load(f)


def commit_stage_hooks() -> list[dict]:
    """The hooks a commit runs, as the six-hook setup lists them (the one hook aside)."""
    return [h for h in published_hooks()
            if h['id'] != ALL and not {'manual', 'pre-push'} & set(h.get('stages', []))]


def test_table_is_the_published_hooks_field_by_field():
    published = [{
        'id': h['id'],
        'entry': h['entry'],
        'files': h.get('files', ''),
        'exclude': h.get('exclude', '^$'),
        'types': h.get('types', ['file']),
        'types_or': h.get('types_or', []),
        'exclude_types': h.get('exclude_types', []),
        'pass_filenames': h.get('pass_filenames', True),
        'always_run': h.get('always_run', False),
    } for h in commit_stage_hooks()]
    ours = [{
        'id': s.id,
        'entry': ' '.join(('secret-hooks', *s.command)),
        'files': s.files,
        'exclude': s.exclude,
        'types': list(s.types),
        'types_or': list(s.types_or),
        'exclude_types': [],
        'pass_filenames': s.pass_filenames,
        'always_run': not s.pass_filenames,  # the whole-repository checks run on every commit
    } for s in check_all.HOOKS]
    assert ours == published


def test_the_one_hook_gets_every_file_and_always_runs():
    (hook,) = [h for h in published_hooks() if h['id'] == ALL]
    assert hook['entry'] == 'secret-hooks check-all --'
    assert hook['always_run'] is True and hook['require_serial'] is True
    # Every file (no types/files filter): each check picks its own, as its own hook would.
    assert not {'types', 'types_or', 'files', 'exclude', 'exclude_types', 'stages'} & set(hook)


# --- the files each check gets: pre-commit's own Classifier is the oracle -----------------------

SAMPLE_FILES: dict[str, bytes] = {
    'app/main.py': b'x = 1\n',
    'app/run.sh': b'echo hi\n',
    'deploy/Dockerfile': b'FROM python:3.12\n',
    'compose.yml': b'services: {}\n',
    'config/app.yaml': b'a: 1\n',
    '.env': b'A=1\n',
    '.env.example': b'A=\n',
    'deploy/prod.env': b'A=1\n',
    'deploy/.env.staging': 'A=1\n'.encode('utf-16'),  # identify: binary; the env check reads it
    'environment.py': b'x = 2\n',
    'README.md': b'hello\n',
    'baseline.secrets': b'{}\n',
    'sub/baseline.secrets': b'{}\n',  # only the top-level one is excluded from the scan
    'logo.png': b'\x89PNG\r\n\x1a\n\0\0\0\rIHDR',
    'notes': b'plain text\n',
}


def test_each_check_gets_the_files_pre_commit_would_give_its_hook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, data in SAMPLE_FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    names = sorted(SAMPLE_FILES)
    classifier = Classifier(names)
    for hook in commit_stage_hooks():
        if not hook.get('pass_filenames', True):
            continue
        spec = types.SimpleNamespace(
            files=hook.get('files', ''), exclude=hook.get('exclude', '^$'),
            types=hook.get('types', ['file']), types_or=hook.get('types_or', []),
            exclude_types=hook.get('exclude_types', []),
        )
        (sub,) = [s for s in check_all.HOOKS if s.id == hook['id']]
        expected = list(classifier.filenames_for_hook(spec))  # type: ignore[arg-type]
        assert expected, hook['id']  # the sample has files for every hook
        assert [n for n in names if sub.wants(n, check_all.tags_of(n))] == expected, hook['id']


@pytest.mark.parametrize('codes, expected', [
    ([], 0), ([0, 0], 0), ([0, 1, 0], 1), ([1, 2, 0], 2), ([2, 1], 2), ([0, 130], 130),
])
def test_exit_code(codes, expected):
    assert findings.worst(codes) == expected


# --- equivalence on a table of repositories ------------------------------------------------------

INVENTORY = (
    'version: 1\nsecrets:\n  - env_var: JWT_SECRET_KEY\n    description: signs tokens\n'
    '    owner: backend\n    criticality: critical\n    used_in: [backend]\n'
    '    rotation_days: 90\n    last_rotated: {date}\n    strategy: immediate\n'
)


def clean_repository(repo: Path) -> None:
    import datetime

    write(repo, 'app/settings.py', 'import os\n\nJWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\n')
    write(repo, 'app/main.py', 'from app.settings import JWT_SECRET_KEY\n\n\ndef size():\n'
                               '    return len(JWT_SECRET_KEY)\n')
    write(repo, '.env.example', 'JWT_SECRET_KEY=\nLOG_LEVEL=info\n')
    write(repo, 'compose.yml', 'services:\n  api:\n    environment:\n'
                               '      JWT_SECRET_KEY: ${JWT_SECRET_KEY:?set it}\n')
    write(repo, 'scripts/run.sh', '#!/bin/sh\nexec uvicorn app.main:app\n')
    write(repo, 'README.md', 'A service.\n')
    write(repo, 'secrets-inventory.yaml', INVENTORY.format(date=datetime.date.today().isoformat()))
    (repo / 'logo.png').write_bytes(b'\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0')


def clean_change(repo: Path, value: str) -> None:
    write(repo, 'app/util.py', 'import os\n\n\ndef home():\n    return os.environ.get("HOME", "/")\n')
    write(repo, 'README.md', 'A service.  Run scripts/run.sh.\n')


def secret_in_python(repo: Path, value: str, path: str = 'app/db.py') -> None:
    write(repo, path, f'URL = "postgresql://app:{value}@db.internal:5432/app"\n')


def fallback(repo: Path, value: str) -> None:
    write(repo, 'app/settings.py', 'import os\n\n'
                                   f'JWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "{value}")\n')


def compose_fallback(repo: Path, value: str) -> None:
    write(repo, 'deploy/compose.prod.yml', 'services:\n  api:\n    environment:\n'
                                           f'      JWT_SECRET_KEY: ${{JWT_SECRET_KEY:-{value}}}\n')


def logged(repo: Path, value: str) -> None:
    write(repo, 'app/main.py', 'import logging\nimport os\n\n\n'
                               'def start():\n    key = os.environ["JWT_SECRET_KEY"]\n'
                               '    logging.info("key %s", key)\n')


def env_file(repo: Path, value: str) -> None:
    write(repo, 'deploy/.env.prod', f'JWT_SECRET_KEY={value}\n')


def env_file_utf16(repo: Path, value: str) -> None:
    (repo / 'deploy').mkdir(exist_ok=True)
    (repo / 'deploy/.env.prod').write_bytes(f'JWT_SECRET_KEY={value}\n'.encode('utf-16'))


def baseline_drift(repo: Path, value: str) -> None:
    """An allowlisted secret that left the file: a stale baseline entry."""
    secret_in_python(repo, value)
    git(repo, 'add', '-A')
    assert main(['baseline', 'update', '--all']) == 0
    write(repo, 'app/db.py', 'URL = "sqlite://"\n')


def rotation_overdue(repo: Path, value: str) -> None:
    write(repo, 'secrets-inventory.yaml', INVENTORY.format(date='2020-01-01'))


def unparsable(repo: Path, value: str) -> None:
    write(repo, 'app/broken.py', 'JWT_SECRET_KEY = (\n')
    secret_in_python(repo, value, 'app/cache.py')


def unreadable(repo: Path, value: str) -> None:
    write(repo, 'app/locked.py', 'x = 1\n').chmod(0)
    secret_in_python(repo, value)


def everything(repo: Path, value: str) -> None:
    baseline_drift(repo, value)  # first: it allowlists what the repository holds
    for plant in (fallback, compose_fallback, logged, env_file, rotation_overdue, unparsable):
        plant(repo, value)


IS_ROOT = hasattr(os, 'geteuid') and os.geteuid() == 0
ROWS: list[tuple[str, Callable[[Path, str], None], dict[str, int]]] = [
    ('clean', clean_change, {}),
    ('secret in a .py', secret_in_python, {'scan-secrets': 1}),
    ('fallback in Python', fallback, {'scan-secrets': 1, 'check-secret-fallbacks': 1}),
    ('fallback in Compose', compose_fallback, {'scan-secrets': 1, 'check-secret-fallbacks': 1}),
    ('logged secret', logged, {'check-secret-logging': 1}),
    ('committed .env secret', env_file, {'scan-secrets': 1, 'check-env-files': 1}),
    ('UTF-16 .env secret', env_file_utf16, {'check-env-files': 1}),
    ('baseline drift', baseline_drift, {'check-baseline': 1}),
    ('rotation overdue', rotation_overdue, {'check-secret-rotation': 1}),
    ('unparsable Python', unparsable,
     {'scan-secrets': 1, 'check-secret-fallbacks': 2, 'check-secret-rotation': 2,
      'check-secret-logging': 2}),
    pytest.param('unreadable file', unreadable, {'scan-secrets': 2},  # type: ignore[list-item]
                 marks=pytest.mark.skipif(IS_ROOT, reason='root reads a mode-000 file')),
    ('everything at once', everything, {
        'scan-secrets': 1, 'check-secret-fallbacks': 2, 'check-env-files': 1,
        'check-baseline': 1, 'check-secret-rotation': 2, 'check-secret-logging': 2,
    }),
]


@pytest.fixture
def make_repo(tmp_path, monkeypatch, capsys, rng):
    """A committed clean repository with a baseline, `plant` applied and staged; returns the
    staged files and the planted value."""
    monkeypatch.delenv('PRE_COMMIT', raising=False)
    monkeypatch.delenv('SKIP', raising=False)

    def make(plant: Callable[[Path, str], None], name: str = 'repo') -> tuple[list[str], str]:
        repo = init_repo(tmp_path / name)
        monkeypatch.chdir(repo)
        clean_repository(repo)
        git(repo, 'add', '-A')
        assert main(['baseline', 'create']) == 0
        git(repo, 'add', '-A')
        git(repo, 'commit', '-qm', 'clean')
        value = rng.token_urlsafe(18)
        plant(repo, value)
        git(repo, 'add', '-A')
        capsys.readouterr()
        files = git(repo, 'diff', '--cached', '--name-only', '--no-renames',
                    '--diff-filter=ACMR').stdout.split()
        return files, value

    return make


def pre_commit_files(hook: dict, files: list[str]) -> list[str]:
    spec = types.SimpleNamespace(
        files=hook.get('files', ''), exclude=hook.get('exclude', '^$'),
        types=hook.get('types', ['file']), types_or=hook.get('types_or', []),
        exclude_types=hook.get('exclude_types', []),
    )
    return list(Classifier(files).filenames_for_hook(spec))  # type: ignore[arg-type]


def argv_of(hook: dict, files: list[str]) -> list[str] | None:
    """The hook's command line as pre-commit runs it; None when pre-commit skips it."""
    argv = hook['entry'].split()[1:]
    if not hook.get('pass_filenames', True):
        return argv
    chosen = pre_commit_files(hook, files)
    return argv + chosen if chosen else None


def one_hook_expected(separate: dict[str, tuple[int, str, str]]) -> tuple[int, str, str]:
    """What check-all must print, given each hook's own (code, stdout, stderr)."""
    failed = [(h['id'], *separate[h['id']]) for h in commit_stage_hooks()
              if h['id'] in separate and separate[h['id']][0] != 0]
    out = '\n'.join(f'- hook id: {hook}, exit code: {code}\n{stdout}' for hook, code, stdout, _ in failed)
    err = ''.join(stderr for *_, stderr in failed)
    return findings.worst([code for code, _, _ in separate.values()]), out, err


@pytest.mark.parametrize('name, plant, failing', ROWS, ids=[
    r.id if hasattr(r, 'id') else r[0] for r in ROWS])  # type: ignore[union-attr]
def test_one_process_equals_the_six_hooks(make_repo, capsys, name, plant, failing):
    files, value = make_repo(plant)
    code = main(['check-all', '--', *files])
    got = capsys.readouterr()
    # The six hooks one after another, in reverse order: state left by one command must not
    # change the next one's result, whichever runs first.
    separate: dict[str, tuple[int, str, str]] = {}
    for hook in reversed(commit_stage_hooks()):
        argv = argv_of(hook, files)
        if argv is not None:
            hook_code = main(argv)
            cap = capsys.readouterr()
            separate[hook['id']] = (hook_code, cap.out, cap.err)
    assert {h: c for h, (c, _, _) in separate.items() if c} == failing, separate
    assert (code, got.out, got.err) == one_hook_expected(separate)
    assert value not in got.out + got.err
    assert 'Traceback' not in got.err


def test_equals_six_fresh_processes(make_repo, capsys):
    """The ground truth: each hook in its own interpreter, as pre-commit runs the six."""
    files, value = make_repo(everything)
    code = main(['check-all', '--', *files])
    got = capsys.readouterr()
    separate: dict[str, tuple[int, str, str]] = {}
    env = {**os.environ, 'PYTHONPATH': str(ROOT)}
    for hook in commit_stage_hooks():
        argv = argv_of(hook, files)
        if argv is not None:
            proc = subprocess.run([sys.executable, '-m', 'hooks.cli', *argv],
                                  capture_output=True, text=True, env=env)
            separate[hook['id']] = (proc.returncode, proc.stdout, proc.stderr)
    assert len(separate) == 6
    assert (code, got.out, got.err) == one_hook_expected(separate)
    assert value not in got.out + got.err


def test_repository_settings_do_not_leak_into_the_next_run(make_repo, capsys):
    """detect-secrets' settings and the fingerprint salt are process-wide: a repository that
    excludes app/ from the scan and allowlists a secret, checked first, changes nothing for
    the next repository in the same process."""
    files_a, value = make_repo(secret_in_python, 'a')
    write(Path.cwd(), 'pyproject.toml', '[tool.secret-hooks]\nexclude = ["^app/"]\n')
    git(Path.cwd(), 'add', '-A')
    main(['check-all', '--', *files_a, 'pyproject.toml'])
    assert 'scan-secrets' not in capsys.readouterr().out  # excluded here
    files_b, value_b = make_repo(secret_in_python, 'b')
    capsys.readouterr()
    assert main(['check-all', '--', *files_b]) == 1
    out = capsys.readouterr().out
    assert out.startswith('- hook id: scan-secrets, exit code: 1\napp/db.py:1: ')
    # Fingerprints are keyed by b's own salt: the same as a fresh process prints.
    fresh = subprocess.run([sys.executable, '-m', 'hooks.cli', 'scan', '--', *files_b],
                           capture_output=True, text=True, env={**os.environ, 'PYTHONPATH': str(ROOT)})
    assert fresh.stdout.splitlines()[0] == out.splitlines()[1]


def test_a_check_that_cannot_run_hides_no_other_finding(make_repo, capsys):
    files, value = make_repo(secret_in_python)
    write(Path.cwd(), 'baseline.secrets', '{ not json\n')  # check-baseline: exit 2
    assert main(['check-all', '--', *files]) == 2
    got = capsys.readouterr()
    assert '- hook id: scan-secrets, exit code: 2\n' in got.out
    assert '- hook id: check-baseline, exit code: 2\n' in got.out
    assert got.err.count('baseline.secrets') >= 2 and value not in got.out + got.err


def test_skip_names_the_checks_inside(make_repo, capsys, monkeypatch):
    files, _ = make_repo(everything)
    monkeypatch.setenv('SKIP', 'check-secret-rotation, check-baseline')
    main(['check-all', '--', *files])
    out = capsys.readouterr().out
    assert 'check-secret-rotation' not in out and 'check-baseline' not in out
    assert '- hook id: check-env-files, exit code: 1\n' in out


def test_no_files_runs_the_whole_repository_checks_only(make_repo, capsys, monkeypatch):
    make_repo(rotation_overdue)
    assert main(['check-all']) == 1
    got = capsys.readouterr()
    assert [line for line in got.out.splitlines() if line.startswith('- hook id:')] == [
        '- hook id: check-secret-rotation, exit code: 1']
    assert got.err == ('secret-hooks: note: no files given: only the whole-repository checks '
                       'ran (--all-files checks every tracked file)\n')
    monkeypatch.setenv('PRE_COMMIT', '1')  # pre-commit passes none when no file matched: no note
    assert main(['check-all', '--']) == 1
    assert capsys.readouterr().err == ''


def test_all_files_and_directories_mean_the_tracked_files(make_repo, capsys):
    files, value = make_repo(env_file)
    git(Path.cwd(), 'commit', '-qm', 'env')
    assert main(['check-all', '--all-files']) == 1
    everything_out = capsys.readouterr().out
    assert main(['check-all', '.']) == 1
    assert capsys.readouterr().out == everything_out
    os.remove('app/main.py')  # tracked, deleted in the work tree: not a file to check
    assert main(['check-all', '--all-files']) == 1
    assert capsys.readouterr().out == everything_out
    assert '- hook id: check-env-files, exit code: 1\ndeploy/.env.prod:1: ' in everything_out


def test_a_missing_file_is_an_error_and_the_rest_is_checked(make_repo, capsys):
    files, value = make_repo(secret_in_python)
    assert main(['check-all', '--', 'gone.py', *files]) == 2
    got = capsys.readouterr()
    assert got.err == 'secret-hooks: error: gone.py: no such file\n'
    assert '- hook id: scan-secrets, exit code: 1\napp/db.py:1: ' in got.out
